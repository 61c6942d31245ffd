"""The one place user-facing text is translated.

Everything that shows text imports ``_``, ``ngettext`` and ``N_`` from here.
Catalogs are gettext ``.mo`` files compiled by Babel from
``translations/<locale>/LC_MESSAGES/ocpsc_field.po``. With no catalog for the
chosen language the English msgids are shown, never an empty string.
"""

from __future__ import annotations

import gettext as _gettext
import os
import sys
from pathlib import Path

from ocpsc_field.core.text import N_, Message

DOMAIN = "ocpsc_field"
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps"})

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def translations_dir() -> Path:
    """Where compiled catalogs live, in a checkout and in a PyInstaller bundle."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", ".")) / "translations"
    return Path(__file__).resolve().parent.parent / "translations"


def _locale_dirname(language: str) -> str:
    return language.replace("-", "_")


def set_language(language: str) -> str:
    """Switch the active language; returns the language actually in use."""
    global _translation, _language
    folder = translations_dir()
    candidates = [_locale_dirname(language), _locale_dirname(language).split("_")[0]]
    _translation = _gettext.translation(
        DOMAIN, localedir=str(folder), languages=candidates, fallback=True
    )
    found = isinstance(_translation, _gettext.GNUTranslations)
    _language = language if found or language.split("-")[0] == "en" else "en"
    return _language


def language_from_environment() -> str:
    for variable in ("OCPSC_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value and value not in ("C", "POSIX"):
            return value.split(".")[0].replace("_", "-")
    return "en"


def current_language() -> str:
    return _language


def is_rtl(language: str | None = None) -> bool:
    return (language or _language).split("-")[0].split("_")[0] in RTL_LANGUAGES


def _(msgid: str) -> str:
    return _translation.gettext(msgid)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translation.ngettext(singular, plural, count)


def render(message: Message) -> str:
    """Show a core ``Message`` in the active language."""
    return message.render(_)


__all__ = ["N_", "_", "ngettext", "render", "set_language", "current_language", "is_rtl"]
