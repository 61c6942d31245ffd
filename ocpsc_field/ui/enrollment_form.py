"""The enrollment form: a program's checklists, the status with its dates, documents, notes.

Only the statuses the lifecycle allows from the stored one are offered, so an
illegal step can't even be chosen; dates appear when the chosen status needs
them. The widget holds values and shows messages; loading and saving are the
dialog's job (``enrollment_dialog``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field import i18n
from ocpsc_field.core.labels import pick_label
from ocpsc_field.i18n import _, ngettext
from ocpsc_field.store.enrollments import (
    EnrollmentForm,
    shows_decided_on,
    shows_submitted_on,
    status_choices,
)
from ocpsc_field.ui import formats
from ocpsc_field.ui.models import format_number
from ocpsc_field.ui.pages.common import scaled_font, set_text, wrapped
from ocpsc_field.ui.program_picker import CheckItem, program_name

FIELDS_WITH_MESSAGES = (
    "status",
    "started_on",
    "submitted_on",
    "decided_on",
    "reference_number",
    "notes",
)


def status_name(status: str | None) -> str:
    """An enrollment status in words."""
    names = {
        "started": _("Started"),
        "submitted": _("Submitted"),
        "approved": _("Approved"),
        "denied": _("Denied"),
        "withdrawn": _("Withdrawn"),
    }
    return names.get(status or "", status or "")


def _step_text(status: str, current: str | None) -> str:
    """The words of a status choice: staying where it is, or the step it takes."""
    if status == current:
        return {
            "started": _("Still being prepared (not submitted yet)"),
            "submitted": _("Still waiting for the agency's decision"),
        }.get(status, status_name(status))
    return {
        "started": _("S&tarted: the application is being prepared"),
        "submitted": _("S&ubmitted to the agency"),
        "approved": _("&Approved by the agency"),
        "denied": _("&Denied by the agency"),
        "withdrawn": _("&Withdrawn: the resident stopped the application"),
    }[status]


def format_day(iso: str | None) -> str:
    """A stored ISO date in the active locale's medium format: "Mar 4, 2024"."""
    return formats.format_day(iso)


def _items(items: Any) -> list[dict[str, Any]]:
    """Checklist items of a program definition that have an id."""
    if not isinstance(items, list):
        return []
    return [item for item in items if isinstance(item, dict) and item.get("id")]


class DateField(QDateEdit):
    """A date input where Tab leaves the field, as everywhere else in the form.

    Qt's date edit spends Tab on its day, month and year parts; here those are
    reached with the arrow keys or by typing the separator.
    """

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            forward = event.key() == Qt.Key.Key_Tab and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            QWidget.focusNextPrevChild(self, forward)
            event.accept()
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:
        return QWidget.focusNextPrevChild(self, forward)


class EnrollmentEditor(QWidget):
    """The fields of one enrollment; ``changed`` fires on every edit a user makes."""

    changed = Signal()
    change_program_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Enrollment form"))
        self.record: dict[str, Any] | None = None
        self.eligibility_checks: dict[str, CheckItem] = {}
        self.document_checks: dict[str, CheckItem] = {}
        self.status_buttons: dict[str, QRadioButton] = {}
        self._filling = False

        self.program_title = QLabel(self)
        self.program_title.setFont(scaled_font(self.program_title, 1.25, bold=True))
        self.program_title.setWordWrap(True)
        self.program_details = wrapped("", self)
        self.change_program = QPushButton(_("&Change program"), self)
        self.change_program.setAccessibleName(_("Change program"))
        self.change_program.setAutoDefault(False)
        self.change_program.clicked.connect(self.change_program_requested)

        self.eligibility_box, self.eligibility_hint, self.eligibility_list = self._group(
            _("Eligibility")
        )
        self.status_box = QGroupBox(_("Application status"), self)
        self.status_box.setAccessibleName(_("Application status"))
        self.current_status = wrapped("", self.status_box)
        self.status_group = QButtonGroup(self)
        self.status_group.buttonToggled.connect(self._status_toggled)
        self.status_list = QVBoxLayout()
        self.errors = {name: self._error_label() for name in FIELDS_WITH_MESSAGES}
        self.started_on = self._date_edit(_("Started on"))
        self.submitted_on = self._date_edit(_("Submitted on"))
        self.decided_on = self._date_edit(_("Decided on"))
        self.date_edits = {
            "started_on": self.started_on,
            "submitted_on": self.submitted_on,
            "decided_on": self.decided_on,
        }
        self.reference_number = QLineEdit(self)
        self.reference_number.setAccessibleName(_("Reference number"))
        self.reference_number.setPlaceholderText(_("The number the agency gave the application"))
        self.reference_number.setMaxLength(64)
        self.reference_number.textEdited.connect(self._edited)
        self.notes = QPlainTextEdit(self)
        self.notes.setAccessibleName(_("Notes"))
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        self.notes.textChanged.connect(self._edited)
        self.dates = QFormLayout()
        self.dates.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for text, name in (
            (_("Started &on:"), "started_on"),
            (_("Su&bmitted on:"), "submitted_on"),
            (_("D&ecided on:"), "decided_on"),
            (_("&Reference number:"), "reference_number"),
        ):
            self.dates.addRow(self._buddy(text, self.field(name)), self._with_error(name))
        box = QVBoxLayout(self.status_box)
        box.addWidget(self.current_status)
        box.addLayout(self.status_list)
        box.addWidget(self.errors["status"])
        box.addLayout(self.dates)

        self.documents_box, self.documents_hint, self.documents_list = self._group(_("Documents"))
        self.documents_summary = wrapped("", self.documents_box)
        self.documents_box.layout().addWidget(self.documents_summary)

        layout = QVBoxLayout(self)
        layout.addWidget(self.program_title)
        layout.addWidget(self.program_details)
        layout.addWidget(self.change_program, 0, Qt.AlignmentFlag.AlignLeading)
        layout.addWidget(self.eligibility_box)
        layout.addWidget(self.status_box)
        layout.addWidget(self.documents_box)
        layout.addWidget(self._buddy(_("&Notes (sent to HQ with the enrollment):"), self.notes))
        layout.addWidget(self._with_error("notes"))
        layout.addStretch(1)

    # -- building ------------------------------------------------------------------
    def _group(self, title: str) -> tuple[QGroupBox, QLabel, QVBoxLayout]:
        box = QGroupBox(title, self)
        box.setAccessibleName(title)
        hint = wrapped("", box)
        items = QVBoxLayout()
        layout = QVBoxLayout(box)
        layout.addWidget(hint)
        layout.addLayout(items)
        return box, hint, items

    def _buddy(self, text: str, field: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setBuddy(field)
        label.setAccessibleName(text.replace("&", "").rstrip(":"))
        return label

    def _with_error(self, name: str) -> QWidget:
        cell = QWidget(self)
        cell.setAccessibleName(self.field(name).accessibleName())
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.field(name))
        column.addWidget(self.errors[name])
        return cell

    def _error_label(self) -> QLabel:
        label = wrapped("", self, name=_("Problem"))
        label.setFont(scaled_font(label, 1.0, bold=True))
        label.hide()
        return label

    def _date_edit(self, name: str) -> QDateEdit:
        edit = DateField(self)
        edit.setAccessibleName(name)
        for inner in edit.findChildren(QLineEdit):  # the text part inside the date edit
            inner.setAccessibleName(name)
        edit.setAccessibleDescription(
            _("Type the date, or press Alt+Down for a calendar. Left and Right move between parts.")
        )
        edit.setCalendarPopup(True)
        locale = QLocale(i18n.current_language().replace("-", "_"))
        edit.setLocale(locale)
        pattern = locale.dateFormat(QLocale.FormatType.ShortFormat)
        if "yyyy" not in pattern:
            pattern = pattern.replace("yy", "yyyy")
        edit.setDisplayFormat(pattern)
        edit.setMinimumDate(QDate(1990, 1, 1))
        edit.setDate(QDate.currentDate())
        edit.dateChanged.connect(self._edited)
        return edit

    def field(self, name: str) -> QWidget:
        """The input for a record field (where its message is shown)."""
        if name == "status":
            return self.status_group.checkedButton() or self.status_box
        widgets: dict[str, QWidget] = {
            **self.date_edits,
            "reference_number": self.reference_number,
            "notes": self.notes,
        }
        return widgets[name]

    def _checks(self, layout: QVBoxLayout, items: Any, parent: QWidget) -> dict[str, CheckItem]:
        while layout.count():
            old = layout.takeAt(0).widget()
            if old is not None:
                old.deleteLater()
        checks: dict[str, CheckItem] = {}
        language = i18n.current_language()
        for item in _items(items):
            check = CheckItem(pick_label(item.get("label"), language, str(item["id"])), parent)
            check.box.toggled.connect(self._edited)
            layout.addWidget(check)
            checks[str(item["id"])] = check
        return checks

    # -- showing a record ----------------------------------------------------------------
    def show_enrollment(
        self, program: dict[str, Any], record: dict[str, Any] | None, *, can_change_program: bool
    ) -> None:
        """Show ``program``'s checklists and ``record``'s values (today's date when new)."""
        self.record = record
        self._filling = True
        try:
            self._show_program(program)
            self.change_program.setVisible(can_change_program)
            current = record["status"] if record else None
            self._status_buttons(current)
            stored = record or {}
            today = QDate.currentDate()
            for name, edit in self.date_edits.items():
                value = QDate.fromString(stored.get(name) or "", Qt.DateFormat.ISODate)
                edit.setDate(value if value.isValid() else today)
            self.reference_number.setText(stored.get("reference_number") or "")
            self.notes.setPlainText(stored.get("notes") or "")
            answers = stored.get("eligibility_answers") or {}
            for key, check in self.eligibility_checks.items():
                check.box.setChecked(answers.get(key) is True)
            documents = stored.get("documents") or {}
            for key, check in self.document_checks.items():
                check.box.setChecked(documents.get(key) == "received")
            self._describe_current(record)
            self._status_toggled()
        finally:
            self._filling = False
        self.clear_errors()
        self._order_tabs()

    def _order_tabs(self) -> None:
        """Tab follows the page from top to bottom, checklists and status choices included
        (they are made per program, after the fixed fields, so Qt's own order is wrong)."""
        chain: list[QWidget] = [
            self.change_program,
            *(check.box for check in self.eligibility_checks.values()),
            *self.status_buttons.values(),
            *self.date_edits.values(),
            self.reference_number,
            *(check.box for check in self.document_checks.values()),
            self.notes,
        ]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)

    def _show_program(self, program: dict[str, Any]) -> None:
        language = i18n.current_language()
        set_text(self.program_title, program_name(program))
        details = [
            pick_label(program.get("description"), language),
            program.get("agency") or "",
            program.get("url") or "",
        ]
        set_text(self.program_details, "\n".join(text for text in details if text))
        self.eligibility_checks = self._checks(
            self.eligibility_list, program.get("eligibility"), self.eligibility_box
        )
        self.document_checks = self._checks(
            self.documents_list, program.get("required_documents"), self.documents_box
        )
        set_text(
            self.eligibility_hint,
            _("Tick each statement that is true for the resident. The agency makes the decision.")
            if self.eligibility_checks
            else _("This program lists no eligibility questions."),
        )
        set_text(
            self.documents_hint,
            _("Tick each document you have received. The others are recorded as missing.")
            if self.document_checks
            else _("This program lists no documents to collect."),
        )
        for check in self.document_checks.values():
            check.box.toggled.connect(self._count_documents)
        self._count_documents()

    def _status_buttons(self, current: str | None) -> None:
        for button in self.status_group.buttons():
            self.status_group.removeButton(button)
            button.deleteLater()
        self.status_buttons = {}
        for status in status_choices(current):
            button = QRadioButton(_step_text(status, current), self.status_box)
            # The round mark grows with the font (Qt draws it at a fixed pixel size otherwise).
            button.setStyleSheet("QRadioButton::indicator { width: 1em; height: 1em; }")
            button.setAccessibleName(button.text().replace("&", ""))
            self.status_group.addButton(button)
            self.status_list.addWidget(button)
            self.status_buttons[status] = button
        self.status_buttons[current or "started"].setChecked(True)

    def _describe_current(self, record: dict[str, Any] | None) -> None:
        if record is None:
            set_text(self.current_status, _("A new application. Choose where it stands now."))
            return
        parts = [_("Now: {status}.").format(status=status_name(record["status"]))]
        for name, words in (
            ("started_on", _("Started {date}.")),
            ("submitted_on", _("Submitted {date}.")),
            ("decided_on", _("Decided {date}.")),
        ):
            if record.get(name):
                parts.append(words.format(date=format_day(record[name])))
        if len(self.status_buttons) == 1:
            parts.append(
                _(
                    "Approved, denied and withdrawn applications keep their status. You can "
                    "still correct the dates, the reference number, documents and notes."
                )
            )
        set_text(self.current_status, " ".join(parts))

    # -- reacting ------------------------------------------------------------------------
    def _edited(self, *_args: Any) -> None:
        if not self._filling:
            self.changed.emit()

    def chosen_status(self) -> str:
        for status, button in self.status_buttons.items():
            if button.isChecked():
                return status
        return (self.record or {}).get("status") or "started"

    def _status_toggled(self, *_args: Any) -> None:
        status = self.chosen_status()
        submitted = shows_submitted_on(status, (self.record or {}).get("submitted_on"))
        self.dates.setRowVisible(1, submitted)
        self.dates.setRowVisible(2, shows_decided_on(status))
        self.dates.setRowVisible(3, submitted or bool(self.reference_number.text()))
        self._edited()

    def _count_documents(self, *_args: Any) -> None:
        total = len(self.document_checks)
        received = sum(check.box.isChecked() for check in self.document_checks.values())
        text = ngettext(
            "{received} of {total} document received.",
            "{received} of {total} documents received.",
            total,
        ).format(received=format_number(received), total=format_number(total))
        set_text(self.documents_summary, text if total else "")
        self.documents_summary.setVisible(bool(total))

    # -- values and messages ---------------------------------------------------------------
    def values(self, resident_id: str, program_id: str) -> EnrollmentForm:
        """What the form holds now, valid or not."""
        iso = Qt.DateFormat.ISODate
        return EnrollmentForm(
            resident_id=resident_id,
            program_id=program_id,
            status=self.chosen_status(),
            started_on=self.started_on.date().toString(iso),
            submitted_on=self.submitted_on.date().toString(iso),
            decided_on=self.decided_on.date().toString(iso),
            reference_number=self.reference_number.text(),
            eligibility_answers={k: c.box.isChecked() for k, c in self.eligibility_checks.items()},
            documents={
                k: "received" if c.box.isChecked() else "missing"
                for k, c in self.document_checks.items()
            },
            notes=self.notes.toPlainText(),
        )

    def apply(self, payload: dict[str, Any]) -> None:
        """Put a draft's values back (a draft holds what ``values`` returned)."""
        self._filling = True
        try:
            button = self.status_buttons.get(str(payload.get("status")))
            if button is not None:
                button.setChecked(True)
            for name, edit in self.date_edits.items():
                value = QDate.fromString(str(payload.get(name) or ""), Qt.DateFormat.ISODate)
                if value.isValid():
                    edit.setDate(value)
            self.reference_number.setText(str(payload.get("reference_number") or ""))
            self.notes.setPlainText(str(payload.get("notes") or ""))
            answers = payload.get("eligibility_answers") or {}
            for key, check in self.eligibility_checks.items():
                check.box.setChecked(bool(answers.get(key)))
            documents = payload.get("documents") or {}
            for key, check in self.document_checks.items():
                check.box.setChecked(documents.get(key) == "received")
            self._status_toggled()
        finally:
            self._filling = False

    def clear_errors(self) -> None:
        for label in self.errors.values():
            set_text(label, "")
            label.hide()

    def show_errors(self, errors: dict[str, str]) -> tuple[QWidget | None, list[str]]:
        """Each message under its field; returns the first such field and the other messages."""
        self.clear_errors()
        first: QWidget | None = None
        others: list[str] = []
        for name, text in errors.items():
            if name in self.errors:
                set_text(self.errors[name], text)
                self.errors[name].show()
                first = first or self.field(name)
            else:
                others.append(text)
        return first, others

    def first_field(self) -> QWidget:
        """Where typing starts: the checklist for a new enrollment, else the status."""
        if self.record is None and self.eligibility_checks:
            return next(iter(self.eligibility_checks.values())).box
        return self.status_group.checkedButton() or self.started_on
