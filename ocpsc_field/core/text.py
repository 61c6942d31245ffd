"""Translatable messages that core code can return without knowing the language.

Core has no access to the translation catalogs (that is I/O), so it returns a
``Message``: the English msgid, marked with ``N_`` for Babel's extractor, plus
named parameters. The i18n module renders it in the user's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


def N_(msgid: str) -> str:
    """Mark a string for extraction without translating it here."""
    return msgid


@dataclass(frozen=True)
class Message:
    """A user-facing message: an English msgid with named placeholders."""

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, gettext: Callable[[str], str] | None = None) -> str:
        """Return the message translated by ``gettext`` (English if none)."""
        template = gettext(self.msgid) if gettext is not None else self.msgid
        try:
            return template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            # A broken translation must never hide the message: fall back to English.
            return self.msgid.format(**self.params)

    def __str__(self) -> str:
        return self.render()
