"""Recognise text shown in one language and say it in another.

When the language changes, widgets still show text rendered in the old one.
``ShownText`` indexes the old catalog in reverse: every translation of every
msgid of the template, as shown (with its ``&`` mnemonic), as screen readers
get it (without), and as buttons show actions (without the ellipsis).
Messages with ``{placeholders}`` become regular expressions, so "Signed in as
maria" is recognised, ``maria`` captured, and the new language's template
filled with it. A captured value that is itself catalog text (a status inside
a sentence) is said in the new language too; anything else is data and is put
back exactly as it was.

Text that matches nothing is left alone: names, record contents and numbers
are never catalog text, so they are never rewritten.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# How code derives shown text from a message: as is, without the mnemonic
# marker (accessible names), without the ellipsis (action buttons), or both.
VARIANTS: dict[str, Callable[[str], str]] = {
    "as_is": lambda text: text,
    "plain": lambda text: text.replace("&", ""),
    "no_ellipsis": lambda text: text.replace("…", ""),
    "plain_no_ellipsis": lambda text: text.replace("&", "").replace("…", ""),
}
_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_PLURAL_PROBES = range(0, 120)
_MAX_DEPTH = 3

Entry = tuple[str, str | None]


@dataclass(frozen=True)
class _Template:
    entry: Entry
    variant: str
    pattern: re.Pattern[str]
    anchor: str  # the longest literal piece: a cheap test before the regex
    literal_length: int


def _forms(translation: gettext.NullTranslations, entry: Entry) -> list[str]:
    singular, plural = entry
    if plural is None:
        return [translation.gettext(singular)]
    seen: dict[str, None] = {}
    for n in _PLURAL_PROBES:
        seen.setdefault(translation.ngettext(singular, plural, n), None)
    return list(seen)


def _compile(shown: str) -> tuple[re.Pattern[str], str, int] | None:
    """A pattern for a shown template, or None when it has no literal text to anchor on."""
    pieces, literals, names, position = [], [], set(), 0
    for field in _FIELD.finditer(shown):
        literal = shown[position : field.start()]
        position = field.end()
        if field.group(1) is None:  # {{ or }}
            literal += field.group()[0]
            literals.append(literal)
            pieces.append(re.escape(literal))
            continue
        literals.append(literal)
        pieces.append(re.escape(literal))
        name = field.group(1).split(":")[0].split("!")[0]
        if not name.isidentifier():
            return None  # positional fields: not used in this app's catalog
        pieces.append(f"(?P={name})" if name in names else f"(?P<{name}>.+?)")
        names.add(name)
    literals.append(shown[position:])
    pieces.append(re.escape(shown[position:]))
    anchor = max(literals, key=len)
    if not names or not anchor.strip():
        return None
    return re.compile("".join(pieces), re.DOTALL), anchor, sum(len(x) for x in literals)


def _number(text: str) -> int | None:
    """The integer in a formatted count ("1,234", "١٢"), for choosing a plural form."""
    digits = [unicodedata.digit(char, -1) for char in text]
    found = [str(d) for d in digits if d >= 0]
    return int("".join(found)) if found else None


class ShownText:
    """The reverse index of one language's catalog, built when that language is left."""

    def __init__(self, translation: gettext.NullTranslations, entries: Iterable[Entry]) -> None:
        self._exact: dict[str, tuple[Entry, str]] = {}
        self._templates: list[_Template] = []
        for entry in entries:
            for shown in _forms(translation, entry):
                self._add(entry, shown)

    def _add(self, entry: Entry, shown: str) -> None:
        if not shown.strip():
            return
        has_fields = any(match.group(1) is not None for match in _FIELD.finditer(shown))
        for variant, derive in VARIANTS.items():
            text = derive(shown)
            if not has_fields:
                self._exact.setdefault(text, (entry, variant))
                continue
            compiled = _compile(text)
            if compiled is not None:
                pattern, anchor, length = compiled
                self._templates.append(_Template(entry, variant, pattern, anchor, length))
        # Longest literal first: "{count} of {total} residents" before "{count} of {total}".
        self._templates.sort(key=lambda template: -template.literal_length)

    def in_language(
        self, text: str, translation: gettext.NullTranslations, _depth: int = 0
    ) -> str | None:
        """``text`` said in ``translation``'s language, or None if it is not catalog text."""
        if not text or _depth > _MAX_DEPTH:
            return None
        found = self._exact.get(text)
        if found is not None:
            entry, variant = found
            return VARIANTS[variant](_new_form(translation, entry, None))
        for template in self._templates:
            if template.anchor not in text:
                continue
            match = template.pattern.fullmatch(text)
            if match is None:
                continue
            values = {
                name: self.in_language(value, translation, _depth + 1) or value
                for name, value in match.groupdict().items()
            }
            captured = match.groupdict()
            ordered = [captured.pop("count")] if "count" in captured else []
            counts = (_number(value) for value in [*ordered, *captured.values()])
            count = next((n for n in counts if n is not None), None)
            new_template = VARIANTS[template.variant](_new_form(translation, template.entry, count))
            try:
                return new_template.format(**values)
            except (KeyError, IndexError, ValueError):
                return None
        return None


def _new_form(translation: gettext.NullTranslations, entry: Entry, count: int | None) -> str:
    singular, plural = entry
    if plural is None:
        return translation.gettext(singular)
    return translation.ngettext(singular, plural, 2 if count is None else count)
