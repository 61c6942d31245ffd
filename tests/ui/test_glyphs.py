"""Every shipped language renders with no missing-glyph boxes on this machine.

For each language, every character of its catalog's translations and of its
endonym (its name in the language picker) must be drawn by some installed
font, which is where Qt's font fallback (fontconfig on Linux) finds it. A
failure names the language and the characters no font has, so the fix is a
font package: see "Fonts" in README.md (Debian: fonts-noto-core and
fonts-noto-cjk).

Characters that are never drawn on their own are left out: spaces, and the
invisible format controls (joiners, direction marks, variation selectors).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import pytest
from babel.messages.pofile import read_po
from PySide6.QtGui import QFont, QFontDatabase, QRawFont

from ocpsc_field import i18n

NOT_DRAWN = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def catalog_texts(language: i18n.Language) -> Iterable[str]:
    """The endonym and every translation in the language's catalog."""
    yield language.endonym
    po, _mo = i18n.catalog_paths(language.catalog)
    if not po.is_file():
        return
    with open(po, "rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        yield from (text for text in strings if text)


def drawn_characters(texts: Iterable[str]) -> set[str]:
    return {
        char
        for text in texts
        for char in text
        if unicodedata.category(char) not in NOT_DRAWN
        and not 0xFE00 <= ord(char) <= 0xFE0F  # variation selectors
    }


class InstalledFonts:
    """Which installed font draws a character; the last font that did is tried first."""

    def __init__(self) -> None:
        self.families = [
            family
            for family in QFontDatabase.families()
            if not QFontDatabase.isPrivateFamily(family)
        ]
        self._fonts: dict[str, QRawFont] = {}
        self._recent: list[str] = []

    def _font(self, family: str) -> QRawFont:
        if family not in self._fonts:
            self._fonts[family] = QRawFont.fromFont(QFont(family))
        return self._fonts[family]

    def family_for(self, char: str) -> str | None:
        code = ord(char)
        for family in [*self._recent, *self.families]:
            font = self._font(family)
            if font.isValid() and font.supportsCharacter(code):
                if family in self._recent:
                    self._recent.remove(family)
                self._recent.insert(0, family)
                del self._recent[8:]
                return family
        return None


@pytest.fixture(scope="module")
def fonts(qapp) -> InstalledFonts:
    return InstalledFonts()


def test_the_machine_has_fonts(fonts):
    assert fonts.families, "Qt found no fonts at all"


@pytest.mark.parametrize("language", i18n.LANGUAGES, ids=lambda language: language.tag)
def test_every_character_of_the_language_has_a_glyph(fonts, language):
    characters = drawn_characters(catalog_texts(language))
    assert characters, f"{language.english_name}: nothing to check"
    missing = sorted(char for char in characters if fonts.family_for(char) is None)
    listed = ", ".join(
        f"{char} U+{ord(char):04X} {unicodedata.name(char, '?')}" for char in missing[:20]
    )
    more = f" and {len(missing) - 20} more" if len(missing) > 20 else ""
    assert not missing, (
        f"{language.english_name} ({language.tag}): no installed font draws "
        f"{len(missing)} characters: {listed}{more}. Install the fonts listed in README.md."
    )
