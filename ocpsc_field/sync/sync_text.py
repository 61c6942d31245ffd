"""How a sync is going and how it ended, in words, for the Sync page and the terminal.

Each count has a sentence of its own, so each takes the plural form its own
number needs in the reader's language (Russian "3 записи" but "5 записей").
"""

from __future__ import annotations

from collections.abc import Callable

from ocpsc_field.i18n import _, ngettext, sentences

Number = Callable[[int], str]


def progress_text(sent: int, total: int, received: int, number: Number = str) -> str:
    """Records sent of those to send, and records received so far."""
    return sentences(
        ngettext("Sent {sent} of {count} record.", "Sent {sent} of {count} records.", total).format(
            sent=number(sent), count=number(total)
        ),
        received_text(received, number),
    )


def received_text(received: int, number: Number = str) -> str:
    return ngettext("Received {count} record.", "Received {count} records.", received).format(
        count=number(received)
    )


def finished_text(
    sent: int, received: int, *, nothing_waiting: bool = False, number: Number = str
) -> str:
    """A sync that ended well; ``nothing_waiting`` when the laptop has sent everything."""
    return sentences(
        ngettext(
            "Sync finished: {count} record sent.", "Sync finished: {count} records sent.", sent
        ).format(count=number(sent)),
        ngettext("{count} record received.", "{count} records received.", received).format(
            count=number(received)
        ),
        _("Nothing is waiting.") if nothing_waiting else "",
    )
