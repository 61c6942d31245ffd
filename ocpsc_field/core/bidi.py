"""Unicode isolates: keeping names and numbers whole inside right-to-left sentences.

In an Arabic or Persian sentence, a Latin name or a phone number is a run of
the other direction. The Unicode bidirectional algorithm places it well only
when it knows where the run starts and ends; without that, neutral characters
at its edges (a period, a parenthesis, a closing quote) attach to the wrong
side, and "(916) 555-0123" reads "555-0123 (916)". An *isolate* tells it:

- FSI … PDI (first strong isolate): the value takes the direction of its own
  first letter, so a Latin name reads left to right and an Arabic one right to
  left;
- LRI … PDI (left-to-right isolate): always left to right, for phone numbers,
  whose digits and punctuation have no strong direction of their own.

Isolates are for the screen only. They are invisible but they are characters:
stored data, exported files and text copied for a referral must never carry
them, so every path out of the interface passes its text through ``plain``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LRI = "\u2066"  # left-to-right isolate
RLI = "\u2067"  # right-to-left isolate
FSI = "\u2068"  # first strong isolate
PDI = "\u2069"  # pop directional isolate
INITIATORS = (LRI, RLI, FSI)
# Every invisible bidi control: isolates, embeddings and overrides, and the marks.
CONTROLS = frozenset("\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e\u200e\u200f\u061c")
_STRIP = str.maketrans(dict.fromkeys(CONTROLS))


def isolate(text: str, initiator: str = FSI) -> str:
    """``text`` as one isolated run; unchanged if empty or already isolated."""
    if not text or is_isolated(text):
        return text
    return f"{initiator}{text}{PDI}"


def isolate_ltr(text: str) -> str:
    """``text`` always laid out left to right (phone numbers, times, codes)."""
    return isolate(text, LRI)


def is_isolated(text: str) -> bool:
    """True when the whole of ``text`` is one isolate (its opening matches the final PDI)."""
    if len(text) < 2 or text[0] not in INITIATORS or text[-1] != PDI:
        return False
    depth = 0
    for position, char in enumerate(text):
        if char in INITIATORS:
            depth += 1
        elif char == PDI:
            depth -= 1
            if depth == 0 and position != len(text) - 1:
                return False  # "⁨a⁩ and ⁨b⁩": two isolates, not one
    return depth == 0


def unwrap(text: str) -> tuple[str, str | None]:
    """``(inside, initiator)`` of a wholly isolated text; ``(text, None)`` otherwise."""
    if is_isolated(text):
        return text[1:-1], text[0]
    return text, None


def plain(text: str) -> str:
    """``text`` without any invisible direction control: for storage, files and the clipboard."""
    return text.translate(_STRIP)


def isolated_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Each text value isolated (first strong); numbers and other values as they are."""
    return {
        name: isolate(value) if isinstance(value, str) else value for name, value in values.items()
    }


def fill(template: str, rtl: bool, **values: Any) -> str:
    """``template.format(**values)``, each text value isolated when the sentence is RTL.

    Left-to-right sentences are left as they were: their values are mostly
    left-to-right too, and text people copy from them stays byte for byte.
    """
    return template.format(**(isolated_values(values) if rtl else values))
