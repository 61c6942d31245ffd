"""What the conversation form asks, laid out for speed: the fields and their messages.

The form around it (``conversation_form``) decides when to save, what a draft
holds and what to ask before closing; this widget only shows and reads the
values, in two columns when they fit and one below the other at large font
sizes.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field.i18n import _, render
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.ui.conversation_parts import (
    NotesEdit,
    ProgramList,
    ReferralPicker,
    channel_choices,
    misinformation_labels,
    outcome_choices,
)
from ocpsc_field.ui.tasks import DatabaseQueue
from ocpsc_field.ui.widgets.form_parts import (
    ChipRow,
    ChoiceButtons,
    EnterField,
    ErrorLabel,
    OptionalDateEdit,
    field_label,
    name_combo,
)
from ocpsc_field.ui.widgets.resident_picker import LanguageBox, ResidentPicker

# Fields whose messages show next to a control, in the order they are on screen.
FIELD_KEYS = (
    "resident_id", "channel", "outcome", "language", "consent_follow_up", "follow_up_date",
    "notes", "programs_discussed", "materials_left", "referrals", "misinformation_category",
    "misinformation_note",
)  # fmt: skip


class ConversationFields(QWidget):
    """Every field of a conversation. ``changed`` fires on any input; ``submit`` on Ctrl+Enter."""

    changed = Signal()
    submit = Signal()

    def __init__(
        self, queue: DatabaseQueue, opened: OpenProfile, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Conversation details"))
        self.loading = False  # set while values are put in by code, not typed
        self.language_chosen = False
        self.suggested_materials: list[str] = []
        self.errors = {key: ErrorLabel(self) for key in FIELD_KEYS}
        self._build(queue, opened)
        self._connect_changes()

    def _build(self, queue: DatabaseQueue, opened: OpenProfile) -> None:
        self.picker = ResidentPicker(queue, opened, self)
        # A resident added on the spot most likely prefers the language being spoken.
        self.picker.language_hint = lambda: self.language.language()
        self.channel = ChoiceButtons(channel_choices(), _("Channel"), self)
        self.outcome = ChoiceButtons(outcome_choices(), _("Outcome"), self)
        self.language = LanguageBox(_("Language spoken"), self)
        self.language.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.consent = QCheckBox(_("O&K to contact again"), self)
        self.consent.setAccessibleName(_("The resident agrees to be contacted again"))
        self.follow_up = OptionalDateEdit(_("Follow-up date"), self)
        self.quick_dates = QHBoxLayout()
        self.quick_dates.addWidget(self.follow_up)
        for text, days in ((_("Tomorrow"), 1), (_("In a week"), 7), (_("In two weeks"), 14)):
            button = QPushButton(text, self)
            button.setAccessibleName(_("Follow up: {when}").format(when=text))
            button.setAutoDefault(True)
            button.clicked.connect(lambda _c=False, d=days: self._follow_up_in(d))
            self.quick_dates.addWidget(button)
        self.quick_dates.addStretch(1)

        self.programs = ProgramList(_("Programs discussed"), self)
        self.materials = ChipRow(_("Materials left"), self)
        self.material_input = EnterField(self)
        self.material_input.setAccessibleName(_("Another material left"))
        self.material_input.setPlaceholderText(_("Type another material and press Enter"))
        self.material_input.take_enter = self._add_material
        self.referrals = ReferralPicker(queue, opened.database, self)
        self.misinformation = QComboBox(self)
        name_combo(self.misinformation, _("Misinformation heard"))
        self.misinformation.addItem(_("None heard"), None)
        for code, label in misinformation_labels().items():
            self.misinformation.addItem(label, code)
        self.misinformation_note = QLineEdit(self)
        self.misinformation_note.setAccessibleName(_("What was said"))
        self.misinformation_note.setPlaceholderText(_("What was said, in a few words"))
        self.notes = NotesEdit(self)
        self.notes.setAccessibleName(_("Notes"))
        self.notes.submit.connect(self.submit)

        left = QVBoxLayout()
        self._add(left, field_label(_("Res&ident"), self.picker, self), self.picker, "resident_id")
        self._add(left, field_label(_("Channel"), None, self), self.channel, "channel")
        self._add(left, field_label(_("Outcome"), None, self), self.outcome, "outcome")
        self._add(left, field_label(_("&Language spoken"), self.language, self), self.language,
                  "language")  # fmt: skip
        left.addWidget(self.consent)
        left.addWidget(self.errors["consent_follow_up"])
        self._add(left, field_label(_("Follow up &by"), self.follow_up, self), self.quick_dates,
                  "follow_up_date")  # fmt: skip
        self._add(left, field_label(_("No&tes"), self.notes, self), self.notes, "notes")
        left.addStretch(1)
        right = QVBoxLayout()
        self._add(right, field_label(_("Programs dis&cussed"), self.programs, self),
                  self.programs, "programs_discussed")  # fmt: skip
        self._add(right, field_label(_("Materials left"), None, self), self.materials,
                  "materials_left")  # fmt: skip
        right.addWidget(self.material_input)
        self._add(right, field_label(_("Referral&s"), self.referrals, self), self.referrals,
                  "referrals")  # fmt: skip
        misinformation = QHBoxLayout()
        misinformation.addWidget(self.misinformation)
        misinformation.addWidget(self.misinformation_note, 1)
        self._add(right, field_label(_("Misinformation &heard"), self.misinformation, self),
                  misinformation, "misinformation_category")  # fmt: skip
        right.addWidget(self.errors["misinformation_note"])
        right.addStretch(1)

        columns = QGridLayout(self)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setHorizontalSpacing(self.fontMetrics().averageCharWidth() * 4)
        columns.addLayout(left, 0, 0)
        columns.addLayout(right, 0, 1)
        self._columns, self._left, self._right = columns, left, right
        self.side_by_side = True

    def arrange(self, width: int) -> None:
        """Two columns when ``width`` fits them; one below the other at large font sizes."""
        needed = (
            self._left.minimumSize().width()
            + self._right.minimumSize().width()
            + self._columns.horizontalSpacing()
            + self.fontMetrics().averageCharWidth() * 4
        )
        wide = width >= needed
        if wide != self.side_by_side:
            self.side_by_side = wide
            self._columns.removeItem(self._right)
            self._columns.addLayout(self._right, 0 if wide else 1, 1 if wide else 0)
        self._columns.setColumnStretch(0, 1)
        self._columns.setColumnStretch(1, 1 if wide else 0)

    def _add(self, column: QVBoxLayout, label: QWidget, field: Any, key: str) -> None:
        column.addWidget(label)
        if isinstance(field, QWidget):
            column.addWidget(field)
        else:
            column.addLayout(field)
        column.addWidget(self.errors[key])
        column.addSpacing(self.fontMetrics().height() // 3)

    def _connect_changes(self) -> None:
        self.picker.edited.connect(self._changed)
        self.picker.chosen.connect(self._resident_chosen)
        self.picker.cleared.connect(self._changed)
        self.channel.changed.connect(self._changed)
        self.outcome.changed.connect(self._changed)
        self.language.activated.connect(self._language_picked)
        self.consent.toggled.connect(self._changed)
        self.follow_up.date_changed.connect(self._changed)
        self.programs.changed.connect(self._changed)
        self.materials.changed.connect(self._changed)
        self.material_input.textEdited.connect(self._changed)
        self.referrals.edited.connect(self._changed)
        self.misinformation.currentIndexChanged.connect(self._changed)
        self.misinformation_note.textEdited.connect(self._changed)
        self.notes.textChanged.connect(self._changed)

    def _changed(self, *_args: object) -> None:
        if not self.loading:
            self.changed.emit()

    # -- values -----------------------------------------------------------------------------
    def payload(self) -> dict[str, Any]:
        """Everything on screen, valid or not, for a draft."""
        follow_up = self.follow_up.value()
        return {
            "picker": self.picker.state(),
            "channel": self.channel.value(),
            "outcome": self.outcome.value(),
            "language": self.language.language(),
            "language_chosen": self.language_chosen,
            "programs": self.programs.checked_ids(),
            "materials": self.materials.values(),
            "material_text": self.material_input.text(),
            "referrals": self.referrals.state(),
            "misinformation_category": self.misinformation.currentData(),
            "misinformation_note": self.misinformation_note.text(),
            "consent_follow_up": self.consent.isChecked(),
            "follow_up_date": follow_up.isoformat() if follow_up else None,
            "notes": self.notes.toPlainText(),
        }

    def restore(self, payload: dict[str, Any]) -> None:
        """Put a draft (or a record being corrected) back into the widgets."""
        self.loading = True
        try:
            self.picker.restore_state(payload.get("picker") or {})
            self.channel.set_value(payload.get("channel"))
            self.outcome.set_value(payload.get("outcome"))
            self.language.set_language(payload.get("language"))
            self.language_chosen = bool(payload.get("language_chosen"))
            self.programs.set_checked(payload.get("programs") or [])
            self.materials.reset(self.suggested_materials, payload.get("materials") or [])
            self.material_input.setText(payload.get("material_text") or "")
            self.referrals.restore(payload.get("referrals") or [])
            index = self.misinformation.findData(payload.get("misinformation_category"))
            self.misinformation.setCurrentIndex(max(index, 0))
            self.misinformation_note.setText(payload.get("misinformation_note") or "")
            self.consent.setChecked(bool(payload.get("consent_follow_up")))
            day = payload.get("follow_up_date")
            self.follow_up.set_value(date.fromisoformat(day) if day else None)
            self.notes.setPlainText(payload.get("notes") or "")
        finally:
            self.loading = False

    def record_data(self) -> dict[str, Any]:
        """The fields of a ContactLog as typed; the form adds the time and the correction."""
        follow_up = self.follow_up.value()
        materials = self.materials.values()
        pending = self.material_input.text().strip()
        if pending and pending not in materials:
            materials.append(pending)  # typed but Enter not pressed: still meant
        return {
            "resident_id": self.picker.resident_id,
            "anonymous_household": self.picker.anonymous,
            "channel": self.channel.value(),
            "language": self.language.language(),
            "outcome": self.outcome.value(),
            "programs_discussed": self.programs.checked_ids(),
            "materials_left": materials,
            "referrals": self.referrals.ids(),
            "misinformation_category": self.misinformation.currentData(),
            "misinformation_note": self.misinformation_note.text(),
            "consent_follow_up": self.consent.isChecked(),
            "follow_up_date": follow_up.isoformat() if follow_up else None,
            "notes": self.notes.toPlainText(),
        }

    def reset(self, *, keep_choices: bool) -> None:
        """Blank for the next door; the channel stays when asked (the language always does)."""
        self.loading = True
        try:
            self.picker.clear()
            if not keep_choices:
                self.channel.set_value(None)
            self.outcome.set_value(None)
            self.programs.set_checked([])
            self.materials.reset(self.suggested_materials)
            self.material_input.clear()
            self.referrals.restore([])
            self.misinformation.setCurrentIndex(0)
            self.misinformation_note.clear()
            self.consent.setChecked(False)
            self.follow_up.set_value(None)
            self.notes.clear()
            self.show_errors({})
        finally:
            self.loading = False
        self.language_chosen = False

    def show_errors(self, errors: dict[str, Any]) -> str | None:
        """Each message under its field; returns the first field on screen with one."""
        errors = dict(errors)
        if "anonymous_household" in errors:
            errors.setdefault("resident_id", errors.pop("anonymous_household"))
        for key, label in self.errors.items():
            label.show_message(render(errors[key]) if key in errors else "")
        return next((key for key in FIELD_KEYS if key in errors), None)

    def focus_field(self, key: str) -> None:
        widgets: dict[str, QWidget] = {
            "resident_id": self.picker,
            "language": self.language,
            "consent_follow_up": self.consent,
            "follow_up_date": self.follow_up,
            "programs_discussed": self.programs,
            "materials_left": self.material_input,
            "referrals": self.referrals,
            "misinformation_category": self.misinformation,
            "misinformation_note": self.misinformation_note,
            "notes": self.notes,
        }
        if key in ("channel", "outcome"):
            getattr(self, key).focus()
        elif key in widgets:
            widgets[key].setFocus(Qt.FocusReason.OtherFocusReason)

    # -- small reactions --------------------------------------------------------------------
    def _resident_chosen(self, resident_id: str | None) -> None:
        resident = self.picker.resident
        if resident and not self.language_chosen and not self.loading:
            self.language.set_language(resident.get("preferred_language"))
        self._changed()
        if not self.loading and self.isAncestorOf(self.focusWidget() or self):
            self.channel.focus()  # on to the next question

    def _language_picked(self, _index: int) -> None:
        self.language_chosen = True
        self._changed()

    def _follow_up_in(self, days: int) -> None:
        self.follow_up.set_value(date.today() + timedelta(days=days))

    def _add_material(self) -> bool:
        text = self.material_input.text().strip()
        if not text:
            return False
        self.materials.add(text, checked=True)
        self.material_input.clear()
        return True
