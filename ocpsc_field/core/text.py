"""Translatable messages that core code can return without knowing the language.

Core has no access to the translation catalogs (that is I/O), so it returns a
``Message``: the English msgid, marked with ``N_`` for Babel's extractor, plus
named parameters. The i18n module renders it in the user's language.

A message about a number of things needs the plural form the reader's
language picks for that number (Arabic has six, Japanese one), so it carries
both English forms, marked with ``Nn_``, and names the parameter that holds
the count: ``Message.counted(Nn_("{count} page …", "{count} pages …"), {"count": 3})``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Gettext = Callable[[str], str]
Ngettext = Callable[[str, str, int], str]


def N_(msgid: str) -> str:
    """Mark a string for extraction without translating it here."""
    return msgid


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a counted message's two English forms for extraction as one plural entry."""
    return singular, plural


def english_plural(singular: str, plural: str, count: int) -> str:
    """English's rule, for rendering with no catalog at all."""
    return singular if count == 1 else plural


@dataclass(frozen=True)
class Message:
    """A user-facing message: an English msgid with named placeholders.

    ``plural`` is the English plural form of a counted message; the form
    shown is chosen by ``params[count_param]``, which must be a whole number.
    """

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)
    plural: str | None = None
    count_param: str = "count"

    @classmethod
    def counted(
        cls, forms: tuple[str, str], params: Mapping[str, Any], count_param: str = "count"
    ) -> Message:
        """A counted message from the pair ``Nn_`` marked."""
        singular, plural = forms
        return cls(singular, params, plural=plural, count_param=count_param)

    @property
    def count(self) -> int | None:
        """The number that picks the plural form (None for an uncounted message)."""
        if self.plural is None:
            return None
        return int(self.params[self.count_param])

    def english(self) -> str:
        """The English template this message uses, before filling."""
        count = self.count
        if count is None or self.plural is None:
            return self.msgid
        return english_plural(self.msgid, self.plural, count)

    def render(self, gettext: Gettext | None = None, ngettext: Ngettext | None = None) -> str:
        """Return the message translated by ``gettext`` / ``ngettext`` (English if none)."""
        count = self.count
        if count is None or self.plural is None:
            template = gettext(self.msgid) if gettext is not None else self.msgid
        else:
            template = (ngettext or english_plural)(self.msgid, self.plural, count)
        try:
            return template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            # A broken translation must never hide the message: fall back to English.
            return self.english().format(**self.params)

    def __str__(self) -> str:
        return self.render()
