"""Sync: where this laptop stands with HQ, in words.

Sync itself does not exist yet, so the page says so plainly, and says how many
records are waiting and that they are safe on this laptop.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from ocpsc_field.i18n import _, ngettext
from ocpsc_field.ui.models import format_number
from ocpsc_field.ui.pages.common import heading, scaled_font, set_text, wrapped
from ocpsc_field.ui.pages.home import waiting_sentence


def attention_sentence(quarantined: int) -> str:
    if quarantined == 0:
        return _("No records need attention.")
    return ngettext(
        "{count} record needs attention: HQ could not accept it. It stays on this laptop.",
        "{count} records need attention: HQ could not accept them. They stay on this laptop.",
        quarantined,
    ).format(count=format_number(quarantined))


class SyncPage(QWidget):
    """The connection to HQ and the records waiting for it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Sync"))
        self.connection = wrapped(_("Not connected to HQ."), self)
        self.connection.setFont(scaled_font(self.connection, 1.25, bold=True))
        self.explanation = wrapped(
            _(
                "Sending to HQ is not set up on this laptop yet. Everything you save is kept "
                "here, encrypted, until it can be sent."
            ),
            self,
        )
        self.waiting = wrapped(_("Counting the records waiting to be sent…"), self)
        self.attention = wrapped("", self)
        self.last_sent = wrapped(_("Last sent to HQ: never."), self)

        box = QGroupBox(_("Records on this laptop"), self)
        box.setAccessibleName(box.title())
        inner = QVBoxLayout(box)
        for label in (self.waiting, self.attention, self.last_sent):
            inner.addWidget(label)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Sync"), self))
        layout.addWidget(self.connection)
        layout.addWidget(self.explanation)
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(box)
        layout.addStretch(1)

    def update_status(self, status: Mapping[str, Any]) -> None:
        set_text(self.waiting, waiting_sentence(int(status.get("unsynced_journal_entries", 0))))
        set_text(
            self.attention, attention_sentence(int(status.get("quarantined_journal_entries", 0)))
        )
