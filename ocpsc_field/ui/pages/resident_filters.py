"""The residents list's filters and sort order: county, language, program, follow-ups.

Each control has a visible label with an Alt+letter, and the row wraps onto
more lines (``FlowLayout``) at large font sizes instead of running off the page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from ocpsc_field import i18n
from ocpsc_field.core.geo import COUNTIES
from ocpsc_field.core.labels import pick_label
from ocpsc_field.i18n import _
from ocpsc_field.store.resident_list import ResidentFilters, ResidentSort, due_today
from ocpsc_field.ui.models import language_name
from ocpsc_field.ui.pages.common import TextLabel
from ocpsc_field.ui.widgets.form_parts import FlowLayout, name_combo


def sort_names() -> dict[ResidentSort, str]:
    return {
        ResidentSort.NEWEST: _("Newest first"),
        ResidentSort.NAME: _("Name"),
        ResidentSort.COUNTY: _("County, then name"),
        ResidentSort.LANGUAGE: _("Language, then name"),
    }


class FilterBar(QWidget):
    """What narrows and orders the list. ``changed`` fires on every choice."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Filters"))
        self.county = QComboBox(self)
        name_combo(self.county, _("County"))
        self.county.addItem(_("All counties"), None)
        for county in COUNTIES:
            self.county.addItem(county, county)
        self.language = QComboBox(self)
        name_combo(self.language, _("Preferred language"))
        self.language.addItem(_("All languages"), None)
        self.program = QComboBox(self)
        name_combo(self.program, _("Program"))
        self.program.addItem(_("All programs"), None)
        self.follow_up = QCheckBox(_("Follow-&up due"), self)
        self.follow_up.setAccessibleName(_("Only residents with a follow-up due"))
        self.follow_up.setToolTip(
            _("Residents whose latest conversation asked for a follow-up by today.")
        )
        self.sort = QComboBox(self)
        name_combo(self.sort, _("Sort by"))
        for sort, text in sort_names().items():
            self.sort.addItem(text, sort.value)
        self.clear_button = QPushButton(_("Clea&r filters"), self)
        self.clear_button.setAccessibleName(_("Clear filters"))
        self.clear_button.clicked.connect(self.clear)

        layout = FlowLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for text, combo in (
            (_("&County:"), self.county),
            (_("&Language:"), self.language),
            (_("&Program:"), self.program),
        ):
            layout.addWidget(self._labelled(text, combo))
        layout.addWidget(self.follow_up)
        layout.addWidget(self._labelled(_("S&ort by:"), self.sort))
        layout.addWidget(self.clear_button)

        for combo in (self.county, self.language, self.program, self.sort):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self._changed)
        self.follow_up.toggled.connect(self._changed)
        self._quiet = False
        self._show_clear()

    def _labelled(self, text: str, combo: QComboBox) -> QWidget:
        pair = QWidget(self)
        pair.setAccessibleName(text.replace("&", "").rstrip(":"))
        label: QLabel = TextLabel(text, pair)
        label.setBuddy(combo)
        combo.setParent(pair)
        row = QHBoxLayout(pair)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(combo)
        return pair

    # -- choices that come from the database ------------------------------------------
    def set_languages(self, tags: Sequence[str]) -> None:
        """Offer the languages residents on this laptop speak, by name."""
        chosen = self.language.currentData()
        named = sorted(((language_name(tag), tag) for tag in tags), key=lambda p: p[0].casefold())
        self._refill(self.language, _("All languages"), [(tag, name) for name, tag in named])
        self._choose(self.language, chosen)

    def set_programs(self, programs: Sequence[Mapping[str, Any]]) -> None:
        chosen = self.program.currentData()
        language = i18n.current_language()
        named = sorted(
            ((pick_label(p.get("name"), language, str(p.get("code"))), p["id"]) for p in programs),
            key=lambda pair: pair[0].casefold(),
        )
        self._refill(self.program, _("All programs"), [(pid, name) for name, pid in named])
        self._choose(self.program, chosen)

    def _refill(self, combo: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
        self._quiet = True
        try:
            combo.clear()
            combo.addItem(everything, None)
            for data, text in items:
                combo.addItem(text, data)
        finally:
            self._quiet = False

    def _choose(self, combo: QComboBox, data: Any) -> None:
        index = combo.findData(data) if data is not None else 0
        self._quiet = True
        try:
            combo.setCurrentIndex(max(index, 0))
        finally:
            self._quiet = False
        if data is not None and index < 0:
            self._changed()  # the chosen value is gone: the list must follow

    # -- reading and setting ----------------------------------------------------------
    def filters(self, text: str = "") -> ResidentFilters:
        return ResidentFilters(
            text=text,
            county=self.county.currentData(),
            language=self.language.currentData(),
            program_id=self.program.currentData(),
            follow_up_due=due_today() if self.follow_up.isChecked() else None,
        )

    def sort_order(self) -> ResidentSort:
        return ResidentSort(self.sort.currentData())

    def set_sort(self, sort: ResidentSort) -> None:
        self._quiet = True
        try:
            self.sort.setCurrentIndex(self.sort.findData(sort.value))
        finally:
            self._quiet = False

    def clear(self) -> None:
        """Every filter back to "all" (the sort order stays)."""
        self._quiet = True
        try:
            for combo in (self.county, self.language, self.program):
                combo.setCurrentIndex(0)
            self.follow_up.setChecked(False)
        finally:
            self._quiet = False
        self._changed()

    def _changed(self, *_args: Any) -> None:
        if self._quiet:
            return
        self._show_clear()
        self.changed.emit()

    def _show_clear(self) -> None:
        self.clear_button.setEnabled(self.filters().active)
