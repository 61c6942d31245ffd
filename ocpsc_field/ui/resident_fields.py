"""The fields of a resident, for the new-resident and edit forms.

Every field has a bold label with an Alt+letter above it and its message
below it (from core validation, in the user's language). Widgets are created
in reading order, so Tab follows the layout, and pairs of short fields sit
side by side so the form fits a laptop screen; it scrolls at large font sizes.
Consent is asked in plain words, with "not asked yet" as an honest third answer,
and the date an answer was given is recorded automatically.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field.core.geo import COUNTIES
from ocpsc_field.core.languages import COMMON_LANGUAGES
from ocpsc_field.core.text import Message
from ocpsc_field.i18n import _, render
from ocpsc_field.ui.formats import format_day, national_phone
from ocpsc_field.ui.language import PlaceholderFit, switcher
from ocpsc_field.ui.pages.common import set_text, wrapped
from ocpsc_field.ui.rtl import always_left_to_right, follow_content
from ocpsc_field.ui.widgets.form_parts import ChoiceButtons, ErrorLabel, field_label, name_combo
from ocpsc_field.ui.widgets.resident_picker import language_label

TEXT_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "birth_date",
    "phone",
    "email",
    "address_line",
    "city",
    "zip",
)
# Written left to right in every language.
LEFT_TO_RIGHT_FIELDS = frozenset({"phone", "email", "zip", "birth_date"})
CONSENTS = ("consent_contact", "consent_data_sharing")
YES, NO, NOT_ASKED = "yes", "no", "not_asked"


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Size a window from its font, but never larger than the screen it opens on."""
    screen = window.screen()
    if screen is not None:
        room = screen.availableGeometry()
        width, height = min(width, room.width() - 40), min(height, room.height() - 40)
    window.resize(width, height)


def consent_questions() -> dict[str, str]:
    return {
        "consent_contact": _(
            "May we contact you about programs and services that could help you, by phone, "
            "text, email or a visit?"
        ),
        "consent_data_sharing": _(
            "May we share your information with partner organizations, so they can help with "
            "applications and referrals?"
        ),
    }


class ResidentFields(QWidget):
    """The inputs, with ``values()`` for validation and ``set_values()`` to fill them."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Resident"))
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self.consent_date: str | None = None
        self._stored_consent: dict[str, bool | None] = {name: None for name in CONSENTS}
        self._filling = False
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setColumnStretch(0, 1)
        self._grid.setColumnStretch(1, 1)
        self._row = 0
        self._build()

    # -- building ---------------------------------------------------------------------
    def _line(self, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(placeholder)
        PlaceholderFit(edit)  # the example is read in full, in every language
        edit.textEdited.connect(self._edited)
        # A Latin name or a phone number in an Arabic form keeps its own order.
        if name in LEFT_TO_RIGHT_FIELDS:
            always_left_to_right(edit)
        else:
            follow_content(edit)
        return edit

    def _place(self, name: str, label: str, widget: QWidget, column: int, span: int = 1) -> None:
        cell = QWidget(self)
        cell.setAccessibleName(label.replace("&", ""))
        widget.setParent(cell)
        if not widget.accessibleName():
            widget.setAccessibleName(label.replace("&", "").rstrip(" *"))
        error = ErrorLabel(cell)
        layout = QVBoxLayout(cell)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(field_label(label, widget, cell))
        layout.addWidget(widget)
        layout.addWidget(error)
        layout.addStretch(1)
        self._grid.addWidget(cell, self._row, column, 1, span)
        if column + span >= 2:
            self._row += 1
        self.inputs[name] = widget
        self.errors[name] = error

    def _build(self) -> None:
        place = self._place
        place("given_name", _("&Given name *"), self._line("given_name"), 0)
        place("family_name", _("&Family name"), self._line("family_name"), 1)
        place("preferred_name", _("Pr&eferred name"), self._line("preferred_name"), 0)
        birth = self._line("birth_date", _("Year-month-day, like 1980-04-23"))
        place("birth_date", _("&Birth date"), birth, 1)

        language = QComboBox(self)
        name_combo(language, _("Preferred language"))
        language.addItem(_("Choose a language"), None)
        for label, tag in sorted(
            ((language_label(tag), tag) for tag in COMMON_LANGUAGES),
            key=lambda pair: pair[0].casefold(),
        ):
            language.addItem(label, tag)
        language.currentIndexChanged.connect(self._edited)
        place("preferred_language", _("Preferred &language *"), language, 0)
        others = QListWidget(self)
        others.setAccessibleName(_("Other languages"))
        others.setAccessibleDescription(_("Space ticks or unticks the language."))
        for label, tag in sorted(
            ((language_label(tag), tag) for tag in COMMON_LANGUAGES),
            key=lambda pair: pair[0].casefold(),
        ):
            item = QListWidgetItem(label, others)
            item.setData(Qt.ItemDataRole.UserRole, tag)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        others.setMaximumHeight(others.sizeHintForRow(0) * 4 + 2 * others.frameWidth())
        others.itemChanged.connect(self._edited)
        place("other_languages", _("&Other languages"), others, 1)

        place("phone", _("&Phone"), self._line("phone", _("Like (916) 555-0123")), 0)
        place("email", _("E&mail"), self._line("email", _("Like name@example.org")), 1)
        place("address_line", _("S&treet address"), self._line("address_line"), 0, span=2)
        place("city", _("Cit&y"), self._line("city"), 0)
        place("zip", _("&ZIP code"), self._line("zip", _("Like 95814")), 1)
        county = QComboBox(self)
        name_combo(county, _("County"))
        county.addItem(_("Not given"), None)
        for name in COUNTIES:
            county.addItem(name, name)
        county.currentIndexChanged.connect(self._edited)
        place("county", _("Co&unty"), county, 0)
        household = QSpinBox(self)
        household.setRange(0, 30)
        household.setSpecialValueText(_("Not given"))
        household.setAccessibleName(_("People in the household"))
        household.lineEdit().setAccessibleName(_("People in the household"))
        household.valueChanged.connect(self._edited)
        place("household_size", _("People in the &household"), household, 1)
        organization = QComboBox(self)
        name_combo(organization, _("Organization"))
        organization.addItem(_("None"), None)
        organization.currentIndexChanged.connect(self._edited)
        place("organization_id", _("O&rganization"), organization, 0, span=2)

        questions = consent_questions()
        for name in CONSENTS:
            choices = ChoiceButtons(
                [
                    (YES, _("Yes"), _("Yes")),
                    (NO, _("No"), _("No")),
                    (NOT_ASKED, _("Not asked yet"), _("Not asked yet")),
                ],
                questions[name],
                self,
            )
            choices.set_value(NOT_ASKED)
            choices.changed.connect(lambda _value, name=name: self._consent_changed(name))
            place(name, questions[name], choices, 0, span=2)
        self.consent_note = wrapped("", self)
        self._grid.addWidget(self.consent_note, self._row, 0, 1, 2)
        self._row += 1
        self.errors["consent_date"] = ErrorLabel(self)
        self._grid.addWidget(self.errors["consent_date"], self._row, 0, 1, 2)
        self._row += 1
        notes = QPlainTextEdit(self)
        notes.setTabChangesFocus(True)
        notes.setMaximumHeight(notes.fontMetrics().height() * 5)
        notes.textChanged.connect(self._edited)
        place("notes", _("&Notes"), notes, 0, span=2)
        self._show_consent_date()
        # The date is data: written again in the locale of a new language.
        switcher().language_changed.connect(self._show_consent_date)

    # -- values -----------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """What the form holds, as typed, in record fields (validation normalizes it)."""
        values: dict[str, Any] = {}
        for name in TEXT_FIELDS:
            widget = self.inputs[name]
            assert isinstance(widget, QLineEdit)
            values[name] = widget.text().strip() or None
        for name in ("preferred_language", "county", "organization_id"):
            combo = self.inputs[name]
            assert isinstance(combo, QComboBox)
            values[name] = combo.currentData()
        others = self.inputs["other_languages"]
        assert isinstance(others, QListWidget)
        values["other_languages"] = [
            others.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(others.count())
            if others.item(row).checkState() == Qt.CheckState.Checked
        ]
        household = self.inputs["household_size"]
        assert isinstance(household, QSpinBox)
        values["household_size"] = household.value() or None
        for name in CONSENTS:
            values[name] = self._consent(name)
        values["consent_date"] = self.consent_date
        notes = self.inputs["notes"]
        assert isinstance(notes, QPlainTextEdit)
        values["notes"] = notes.toPlainText().strip() or None
        return values

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Fill the form from a stored record or a draft; not an edit."""
        self._filling = True
        try:
            for name in TEXT_FIELDS:
                widget = self.inputs[name]
                assert isinstance(widget, QLineEdit)
                value = values.get(name)
                text = "" if value is None else str(value)
                if name == "phone":
                    # As people write it, "(916) 555-0123", not as stored.
                    text = national_phone(text) if text.startswith("+") else text
                widget.setText(text)
            for name in ("preferred_language", "county", "organization_id"):
                self._choose(name, values.get(name))
            others = self.inputs["other_languages"]
            assert isinstance(others, QListWidget)
            wanted = set(values.get("other_languages") or [])
            for row in range(others.count()):
                item = others.item(row)
                checked = item.data(Qt.ItemDataRole.UserRole) in wanted
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            household = self.inputs["household_size"]
            assert isinstance(household, QSpinBox)
            size = str(values.get("household_size") or "")
            household.setValue(int(size) if size.isdigit() and int(size) <= 30 else 0)
            for name in CONSENTS:
                answer = values.get(name)
                self._stored_consent[name] = answer if isinstance(answer, bool) else None
                choices = self.inputs[name]
                assert isinstance(choices, ChoiceButtons)
                choices.set_value({True: YES, False: NO}.get(answer, NOT_ASKED))
            self.consent_date = values.get("consent_date")
            notes = self.inputs["notes"]
            assert isinstance(notes, QPlainTextEdit)
            notes.setPlainText(values.get("notes") or "")
        finally:
            self._filling = False
        self._show_consent_date()

    def set_organizations(self, organizations: Sequence[Mapping[str, Any]]) -> None:
        combo = self.inputs["organization_id"]
        assert isinstance(combo, QComboBox)
        chosen = combo.currentData()
        self._filling = True
        try:
            for organization in sorted(organizations, key=lambda o: str(o.get("name")).casefold()):
                if combo.findData(organization["id"]) < 0:
                    combo.addItem(str(organization.get("name")), organization["id"])
        finally:
            self._filling = False
        self._choose("organization_id", chosen)

    def _choose(self, name: str, value: Any) -> None:
        combo = self.inputs[name]
        assert isinstance(combo, QComboBox)
        index = combo.findData(value) if value is not None else 0
        if index < 0:
            # A value the list does not offer (an uncommon language tag): keep it, by name.
            label = language_label(str(value)) if name == "preferred_language" else str(value)
            combo.addItem(label, value)
            index = combo.count() - 1
        was = self._filling
        self._filling = True
        combo.setCurrentIndex(index)
        self._filling = was

    # -- consent ----------------------------------------------------------------------
    def _consent(self, name: str) -> bool | None:
        choices = self.inputs[name]
        assert isinstance(choices, ChoiceButtons)
        return {YES: True, NO: False}.get(choices.value() or NOT_ASKED)

    def _consent_changed(self, name: str) -> None:
        if self._filling:
            return
        answers = [self._consent(other) for other in CONSENTS]
        if all(answer is None for answer in answers):
            self.consent_date = None
        elif any(self._consent(n) != self._stored_consent[n] for n in CONSENTS):
            # A new answer is recorded today.
            self.consent_date = date.today().isoformat()
        self._show_consent_date()
        self._edited()

    def _show_consent_date(self) -> None:
        if self.consent_date:
            text = _("Answers recorded on {date}.").format(
                date=format_day(self.consent_date, "long")
            )
        else:
            text = _("No answer recorded yet. The date is recorded when the resident answers.")
        set_text(self.consent_note, text)

    # -- messages ---------------------------------------------------------------------
    def show_errors(self, errors: Mapping[str, Message]) -> None:
        for name, label in self.errors.items():
            message = errors.get(name)
            label.show_message(render(message) if message is not None else "")
            widget = self.inputs.get(name)
            if widget is not None:
                widget.setAccessibleDescription(label.text())

    def focus_first_error(self, errors: Mapping[str, Message]) -> None:
        """Move to the first field with a message, in reading order."""
        for name, widget in self.inputs.items():
            wrong = name in errors or (name in CONSENTS and "consent_date" in errors)
            if not wrong:
                continue
            if isinstance(widget, ChoiceButtons):
                widget.focus()
            else:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return

    def _edited(self, *_args: Any) -> None:
        if not self._filling:
            self.edited.emit()
