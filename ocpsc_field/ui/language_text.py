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

import functools
import gettext
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ocpsc_field import i18n
from ocpsc_field.core import bidi

# How code derives shown text from a message: as is, or without the mnemonic
# marker (accessible names), the ellipsis (action buttons) or the closing colon
# (a field's label used as its value's name), in any combination.
_STRIPS = (
    lambda text: text.replace("&", ""),
    lambda text: text.replace("…", ""),
    lambda text: text.rstrip(":："),
)
VARIANTS: dict[int, Callable[[str], str]] = {
    mask: (
        lambda text, mask=mask: functools.reduce(
            lambda done, i: _STRIPS[i](done) if mask & (1 << i) else done,
            range(len(_STRIPS)),
            text,
        )
    )
    for mask in range(1 << len(_STRIPS))
}
_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_PLURAL_PROBES = range(0, 120)
_MAX_DEPTH = 3
# A template whose own words are this short ("{a} for {b}", "{label}: {value}")
# could match any sentence; it is trusted only when what it captures is itself
# catalog text or has no letters (counts, dates), so data is never rewritten.
MIN_TRUSTED_LETTERS = 8
_LETTER = re.compile(r"[^\W\d_]")
# Longer text is read only as a whole message or line by line: matching
# templates against paragraphs costs far more than it ever finds.
MAX_TEMPLATE_TEXT = 300
# A keyboard shortcut captured from a button ("Ctrl+Shift+N") is not words.
_SHORTCUT = re.compile(r"(?:(?:Ctrl|Shift|Alt|Meta|Cmd)\+)+\S+|F\d{1,2}")

Entry = tuple[str, str | None]


@dataclass
class _Template:
    entry: Entry
    variant: int
    build: Callable[[], tuple[re.Pattern[str], ...]]
    anchor: str  # the longest literal piece: a cheap test before the regex
    pieces: tuple[str, ...]  # every literal piece, all of which the text must contain
    literal_length: int
    literal_letters: int
    _patterns: tuple[re.Pattern[str], ...] | None = None

    @property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        """One line, lazy; one line, greedy; any lines. Compiled on first use: most
        templates are never tried, and compiling them all made a switch slow."""
        if self._patterns is None:
            self._patterns = self.build()
        return self._patterns


def _forms(translation: gettext.NullTranslations, entry: Entry) -> list[str]:
    singular, plural = entry
    if plural is None:
        return [translation.gettext(singular)]
    seen: dict[str, None] = {}
    for n in _PLURAL_PROBES:
        seen.setdefault(translation.ngettext(singular, plural, n), None)
    return list(seen)


def _compile(
    shown: str,
) -> tuple[Callable[[], tuple[re.Pattern[str], ...]], list[str]] | None:
    """Patterns for a shown template and its literal pieces; None with nothing to anchor on."""
    literals, names, position = [], [], 0
    pieces: list[tuple[str, str | None]] = []  # (literal, field name after it)
    for field in _FIELD.finditer(shown):
        literal = shown[position : field.start()]
        position = field.end()
        if field.group(1) is None:  # {{ or }}
            literal += field.group()[0]
            pieces.append((literal, None))
            literals.append(literal)
            continue
        name = field.group(1).split(":")[0].split("!")[0]
        if not name.isidentifier():
            return None  # positional fields: not used in this app's catalog
        pieces.append((literal, name))
        literals.append(literal)
        names.append(name)
    pieces.append((shown[position:], None))
    literals.append(shown[position:])
    if not names or not max(literals, key=len).strip():
        return None

    def pattern(capture: str, flags: int) -> re.Pattern[str]:
        seen: set[str] = set()
        parts = []
        for literal, name in pieces:
            parts.append(re.escape(literal))
            if name is not None:
                parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>{capture})")
                seen.add(name)
        return re.compile("".join(parts), flags)

    def patterns() -> tuple[re.Pattern[str], ...]:
        return pattern(".+?", 0), pattern(".+", 0), pattern(".+?", re.DOTALL)

    return patterns, literals


def _number(text: str) -> int | None:
    """The integer in a formatted count ("1,234", "١٢"), for choosing a plural form."""
    digits = [unicodedata.digit(char, -1) for char in text]
    found = [str(d) for d in digits if d >= 0]
    return int("".join(found)) if found else None


class ShownText:
    """The reverse index of one language's catalog, built when that language is left."""

    def __init__(self, translation: gettext.NullTranslations, entries: Iterable[Entry]) -> None:
        self._exact: dict[str, tuple[Entry, int]] = {}
        self._templates: list[_Template] = []
        self._readings: dict[str, Reading | None] = {}
        forms = [(entry, shown) for entry in entries for shown in _forms(translation, entry)]
        # Messages as they are first: "Phone" is its own message before it is
        # "&Phone" without its mnemonic.
        for variants in ((0,), tuple(VARIANTS)[1:]):
            for entry, shown in forms:
                self._add(entry, shown, variants)
        # Longest literal first: "{count} of {total} residents" before "{count} of {total}".
        self._templates.sort(key=lambda template: -template.literal_length)

    def _add(self, entry: Entry, shown: str, variants: tuple[int, ...]) -> None:
        if not shown.strip():
            return
        has_fields = any(match.group(1) is not None for match in _FIELD.finditer(shown))
        for variant in variants:
            text = VARIANTS[variant](shown)
            if not has_fields:
                self._exact.setdefault(text, (entry, variant))
                continue
            compiled = _compile(text)
            if compiled is not None:
                patterns, literals = compiled
                joined = "".join(literals)
                self._templates.append(
                    _Template(
                        entry,
                        variant,
                        patterns,
                        max(literals, key=len),
                        tuple(piece for piece in literals if piece),
                        len(joined),
                        len(_LETTER.findall(joined)),
                    )
                )

    def read(self, text: str, _depth: int = 0) -> Reading | None:
        """What ``text`` says as catalog messages, or None if it is not catalog text."""
        if not text or _depth > _MAX_DEPTH:
            return None
        if text not in self._readings:
            self._readings[text] = self._read(text, _depth)
        return self._readings[text]

    def in_language(self, text: str, translation: gettext.NullTranslations) -> str | None:
        """``text`` said in ``translation``'s language, or None if it is not catalog text."""
        reading = self.read(text)
        return reading.render(translation) if reading is not None else None

    def _read(self, text: str, depth: int) -> Reading | None:
        inside, initiator = bidi.unwrap(text)
        if initiator is not None:  # kept in its own direction (i18n.fill, a table cell)
            said = self.read(inside, depth)
            return None if said is None else Reading(isolate=initiator, parts=(said,))
        found = self._exact.get(text)
        if found is not None:
            entry, variant = found
            return Reading(entry, variant)
        best = None
        if len(text) <= MAX_TEMPLATE_TEXT:
            best = self._best_template(text, depth, multiline=False)
        if best is None and "\n" in text:
            # Lines joined by code ("\n".join(lines)): each line on its own.
            lines = text.split("\n")
            read = [self.read(line, depth + 1) for line in lines]
            if any(line is not None for line in read):
                return Reading(
                    parts=tuple(new or old for new, old in zip(read, lines, strict=True)),
                    separator="\n",
                )
            if len(text) <= MAX_TEMPLATE_TEXT:
                best = self._best_template(text, depth, multiline=True)
        return best

    def _best_template(self, text: str, depth: int, *, multiline: bool) -> Reading | None:
        """The most convincing reading of ``text`` as a filled-in template.

        Several templates, and several ways of splitting one, may match; the
        reading whose captured values are most often catalog text or numbers wins.
        """
        best: tuple[tuple[int, int], Reading] | None = None
        for template in self._templates:
            if template.anchor not in text or not all(piece in text for piece in template.pieces):
                continue
            patterns = template.patterns[2:] if multiline else template.patterns[:2]
            for pattern in patterns:
                match = pattern.fullmatch(text)
                if match is None:
                    continue
                found = self._reading(template, match.groupdict(), depth)
                if found is not None and (best is None or found[0] > best[0]):
                    best = found
        return best[1] if best is not None else None

    def _reading(
        self, template: _Template, captured: dict[str, str], depth: int
    ) -> tuple[tuple[int, int], Reading] | None:
        values: list[tuple[str, Reading | str]] = []
        score, trusted, all_known = 0, template.literal_letters >= MIN_TRUSTED_LETTERS, True
        for name, value in captured.items():
            read = self.read(value, depth + 1)
            if read is not None:
                score += 2
            elif not _LETTER.search(value) or _SHORTCUT.fullmatch(value):
                score += 1
            else:
                all_known = False
            values.append((name, value if read is None else read))
        if not (trusted or all_known):
            return None
        ordered = [captured["count"]] if "count" in captured else []
        counts = (_number(value) for value in [*ordered, *captured.values()])
        count = next((n for n in counts if n is not None), None)
        reading = Reading(template.entry, template.variant, count, tuple(values))
        return (score, template.literal_length), reading


@dataclass(frozen=True)
class Reading:
    """What a shown text says: a message (with its values), an isolate, or lines.

    Kept by the switcher for each text it sets, so the next switch says the same
    message again even where two messages share one translation.
    """

    entry: Entry | None = None
    variant: int = 0
    count: int | None = None
    values: tuple[tuple[str, Reading | str], ...] = ()
    isolate: str | None = None
    parts: tuple[Reading | str, ...] = ()
    separator: str = ""

    def render(self, translation: gettext.NullTranslations) -> str | None:
        """This reading said in ``translation``'s language (None if its template is broken)."""
        if self.entry is None:
            said = [
                part if isinstance(part, str) else part.render(translation) for part in self.parts
            ]
            if any(part is None for part in said):
                return None
            joined = self.separator.join(part for part in said if part is not None)
            return f"{self.isolate}{joined}{bidi.PDI}" if self.isolate else joined
        template = VARIANTS[self.variant](_new_form(translation, self.entry, self.count))
        if not self.values:
            return template
        values = {}
        for name, value in self.values:
            said = value.render(translation) if isinstance(value, Reading) else value
            if said is None:
                return None
            values[name] = _in_direction(said)
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            return None


def _in_direction(value: str) -> str:
    """A filled-in value as a screen built in the active language shows it: isolated
    for a right-to-left sentence by ``i18n.fill``, without the isolate otherwise."""
    return value if i18n.is_rtl() else bidi.unwrap(value)[0]


def _new_form(translation: gettext.NullTranslations, entry: Entry, count: int | None) -> str:
    singular, plural = entry
    if plural is None:
        return translation.gettext(singular)
    return translation.ngettext(singular, plural, 2 if count is None else count)
