"""The user's interface language: the list they pick from, and where the choice is kept.

The list shows every language in its own script ("Español", "Tiếng Việt",
"العربية"), so someone who cannot read English still finds theirs; screen
readers and tooltips add the name in the current interface language.

The choice is kept in ``ui-settings.json`` in the profile folder, beside
``profile.json``: it is not personal information, and it must be readable
before the profile is unlocked, because the unlock dialog speaks it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from babel import Locale, UnknownLocaleError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget

from ocpsc_field import i18n
from ocpsc_field.i18n import _
from ocpsc_field.ui.language import switcher
from ocpsc_field.ui.language_walk import ITEMS_ARE_DATA

SETTINGS_FILE = "ui-settings.json"


def saved_language(profile_dir: Path) -> str | None:
    """The language saved for this profile folder, if any (a damaged file counts as none)."""
    try:
        data = json.loads((profile_dir / SETTINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    tag = data.get("language") if isinstance(data, dict) else None
    return tag if isinstance(tag, str) and i18n.match_language(tag) else None


def save_language(profile_dir: Path, tag: str) -> None:
    """Keep ``tag`` for the next start; written whole or not at all."""
    path = profile_dir / SETTINGS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    data["language"] = tag
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def start_language_tag(profile_dir: Path | None) -> str:
    """The language to start in: ``OCPSC_LANG``, else the saved choice, else the system's."""
    explicit = i18n.explicit_language()
    if explicit:
        return explicit
    saved = saved_language(profile_dir) if profile_dir is not None else None
    return saved or i18n.language_from_environment()


def name_in_interface(language: i18n.Language) -> str:
    """The language's name in the current interface language, for tooltips and screen readers."""
    try:
        names = Locale.parse(i18n.babel_locale_name()).languages
    except (UnknownLocaleError, ValueError):
        names = {}
    babel = language.babel_locale.split("_")[0]
    key = language.tag.replace("-", "_")
    return str(names.get(key) or names.get(babel) or language.english_name)


def _offered() -> list[i18n.Language]:
    """The languages listed: the pseudo-locale too when a developer turned it on."""
    pseudo = i18n.pseudo_enabled() or i18n.current_language() == i18n.PSEUDO
    return i18n.available_languages(include_pseudo=pseudo)


class LanguageBox(QComboBox):
    """A drop-down of the shipped languages, each in its own script; data is the tag."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setProperty(ITEMS_ARE_DATA, True)  # endonyms are the same in every language
        for language in _offered():
            self.addItem(language.endonym, language.tag)
        self.describe()
        self.select(i18n.current_language())
        switcher().language_changed.connect(self._language_changed)

    def _language_changed(self, tag: str) -> None:
        self.describe()
        self.select(tag)

    def describe(self) -> None:
        """Tooltips and accessible names: each endonym with its name in the interface language."""
        self.setAccessibleName(_("Language of the app"))
        self.view().setAccessibleName(_("Language of the app"))
        self.setToolTip(_("The language of menus, buttons and messages"))
        for index, language in enumerate(_offered()):
            if index >= self.count():
                break
            # Translators: a language in its own script, then its name in your language,
            # e.g. "Español (Spanish)".
            spoken = _("{endonym} ({name})").format(
                endonym=language.endonym, name=name_in_interface(language)
            )
            self.setItemData(index, spoken, Qt.ItemDataRole.AccessibleTextRole)
            self.setItemData(index, spoken, Qt.ItemDataRole.ToolTipRole)

    def select(self, tag: str) -> None:
        index = self.findData(tag)
        if index >= 0:
            self.setCurrentIndex(index)

    def chosen(self) -> str:
        return str(self.currentData())
