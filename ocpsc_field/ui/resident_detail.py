"""One resident: profile, household, consent, and everything recorded about them.

The timeline merges conversations, enrollments and survey responses, newest
first, each with its date, one line saying what happened, and where it stands
with HQ in words. From here the user edits the resident, logs a conversation,
starts an enrollment, or deletes the resident (a tombstone: the residents
list then offers Undo).
"""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field.core.records import Kind
from ocpsc_field.i18n import _, ngettext, render
from ocpsc_field.store.errors import StoreError
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.store.timeline import (
    resident_standing,
    resident_timeline,
)
from ocpsc_field.ui.models import (
    display_name,
    display_phone,
    format_number,
    language_name,
    list_text,
)
from ocpsc_field.ui.pages.common import EmptyState, TextLabel, heading, set_text, wrapped
from ocpsc_field.ui.resident_fields import fit_to_screen
from ocpsc_field.ui.resident_form import ResidentForm
from ocpsc_field.ui.resident_timeline import TimelineModel, day_text, standing_text
from ocpsc_field.ui.tasks import DatabaseQueue
from ocpsc_field.ui.widgets.form_parts import FlowLayout, MessageBar


def _enrollment_dialog() -> Any | None:
    """The enrollment dialog, if this build has it."""
    try:
        module = importlib.import_module("ocpsc_field.ui.enrollment_dialog")
    except ImportError:
        return None
    return getattr(module, "EnrollmentDialog", None)


class ResidentDetail(QDialog):
    """One resident. F2 edits; Delete deletes (with Undo in the list); Esc closes."""

    deleted = Signal(str, str)  # the resident's id and name, for the Undo message
    log_conversation = Signal(str)  # the resident's id
    changed = Signal()  # the resident or their records changed
    loaded = Signal()

    def __init__(
        self,
        queue: DatabaseQueue,
        opened: OpenProfile,
        resident_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._queue = queue
        self._opened = opened
        self.resident_id = resident_id
        self.resident: dict[str, Any] | None = None
        self.form: ResidentForm | None = None
        self.enrollment: QDialog | None = None
        self.setWindowTitle(_("Resident"))
        self.setAccessibleName(_("Resident"))
        self.heading = heading(_("Resident"), self)
        self.standing = wrapped("", self)
        self.message = MessageBar(self)

        self.edit_button = self._button(_("&Edit (F2)"), _("Edit"), self.edit)
        self.log_button = self._button(_("&Log a conversation"), _("Log a conversation"), self._log)
        self.enroll_button = self._button(
            _("E&nroll in a program"), _("Enroll in a program"), self.enroll
        )
        self.enroll_button.setVisible(_enrollment_dialog() is not None)
        self.delete_button = self._button(_("&Delete (Del)"), _("Delete"), self.delete)
        buttons = QWidget(self)
        buttons.setAccessibleName(_("Actions"))
        flow = FlowLayout(buttons)
        flow.setContentsMargins(0, 0, 0, 0)
        for button in (self.edit_button, self.log_button, self.enroll_button, self.delete_button):
            button.setParent(buttons)
            flow.addWidget(button)
        QShortcut(QKeySequence("F2"), self, activated=self.edit)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self, activated=self.delete)

        self.profile = QFormLayout()
        self.household = QFormLayout()
        profile_box = QGroupBox(_("Profile"), self)
        profile_box.setLayout(self.profile)
        household_box = QGroupBox(_("Household and consent"), self)
        household_box.setLayout(self.household)
        for layout in (self.profile, self.household):
            layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        boxes = QGridLayout()
        boxes.addWidget(profile_box, 0, 0)
        boxes.addWidget(household_box, 0, 1)
        boxes.setColumnStretch(0, 1)
        boxes.setColumnStretch(1, 1)

        self.timeline = TimelineModel(self)
        self.timeline_table = QTableView(self)
        self.timeline_table.setModel(self.timeline)
        self.timeline_table.setAccessibleName(_("Timeline"))
        self.timeline_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline_table.setTabKeyNavigation(False)
        self.timeline_table.setAlternatingRowColors(True)
        self.timeline_table.verticalHeader().hide()
        self.timeline_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        header = self.timeline_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TimelineModel.COL_WHAT, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        self.timeline_table.setWordWrap(True)
        self.timeline_empty = EmptyState(
            _("Nothing recorded with this resident yet."),
            _("Conversations, enrollments and survey answers about them will be listed here."),
            parent=self,
        )
        self.timeline_stack = QStackedWidget(self)
        self.timeline_stack.addWidget(self.timeline_table)
        self.timeline_stack.addWidget(self.timeline_empty)
        self.timeline_title = TextLabel(_("Timeline"), self)
        font = self.timeline_title.font()
        font.setBold(True)
        self.timeline_title.setFont(font)

        # At large font sizes the page scrolls; the timeline always keeps room for rows.
        self.timeline_stack.setMinimumHeight(self.fontMetrics().height() * 14)
        content = QWidget(self)
        content.setAccessibleName(_("Resident"))
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(boxes)
        inner.addWidget(self.timeline_title)
        inner.addWidget(self.timeline_stack, 1)
        area = self.scroll_area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(content)
        area.setAccessibleName(_("Resident"))

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.standing)
        layout.addWidget(buttons)
        layout.addWidget(self.message)
        layout.addWidget(area, 1)
        metrics = self.fontMetrics()
        fit_to_screen(self, metrics.averageCharWidth() * 130, metrics.height() * 42)
        self.reload()

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # -- loading ----------------------------------------------------------------------
    def reload(self) -> None:
        opened, resident_id = self._opened, self.resident_id

        def job() -> dict[str, Any]:
            resident = opened.records.get(Kind.RESIDENT, resident_id)
            organization = None
            if resident.get("organization_id"):
                rows = opened.database.query(
                    "SELECT name FROM organization WHERE id = ?", (resident["organization_id"],)
                )
                organization = rows[0]["name"] if rows else None
            return {
                "resident": resident,
                "organization": organization,
                "standing": resident_standing(opened.database, resident_id),
                "timeline": resident_timeline(opened.database, resident_id),
            }

        self._queue.run(job, success=self._show, failure=self._failed, owner=self)

    def _show(self, loaded: dict[str, Any]) -> None:
        resident = self.resident = loaded["resident"]
        name = display_name(resident)
        self.heading.setText(name)
        self.heading.setAccessibleName(name)
        self.setWindowTitle(name)
        set_text(self.standing, standing_text(loaded["standing"]))
        self._fill(self.profile, self._profile_rows(resident, loaded["organization"]))
        self._fill(self.household, self._household_rows(resident))
        entries = loaded["timeline"]
        self.timeline.set_entries(entries)
        self.timeline_title.setText(
            ngettext("Timeline: {count} record", "Timeline: {count} records", len(entries)).format(
                count=format_number(len(entries))
            )
        )
        self.timeline_stack.setCurrentWidget(
            self.timeline_table if entries else self.timeline_empty
        )
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        text = (
            render(error.message)
            if isinstance(error, StoreError)
            else _("This resident could not be read. Close this window and try again.")
        )
        self.message.show_message(text, "error", [(_("Close"), self.reject)])
        for button in (self.edit_button, self.log_button, self.enroll_button, self.delete_button):
            button.setEnabled(False)

    @staticmethod
    def _fill(layout: QFormLayout, rows: list[tuple[str, str]]) -> None:
        while layout.rowCount():
            layout.removeRow(0)
        for label, value in rows:
            shown = value or _("Not given")
            text: QLabel = wrapped(shown, None)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.setAccessibleName(_("{label}: {value}").format(label=label, value=shown))
            layout.addRow(TextLabel(label), text)

    @staticmethod
    def _profile_rows(resident: dict[str, Any], organization: str | None) -> list[tuple[str, str]]:
        address = ", ".join(
            part for part in (resident.get("address_line"), resident.get("city")) if part
        )
        if resident.get("zip"):
            address = _("{address} {zip}").format(address=address, zip=resident["zip"]).strip()
        others = list_text([language_name(tag) for tag in resident.get("other_languages") or []])
        return [
            (_("Preferred name"), resident.get("preferred_name") or ""),
            (_("Birth date"), day_text(resident.get("birth_date"))),
            (_("Preferred language"), language_name(resident.get("preferred_language"))),
            (_("Other languages"), others),
            (_("Phone"), display_phone(resident.get("phone"))),
            (_("Email"), resident.get("email") or ""),
            (_("Address"), address),
            (_("County"), resident.get("county") or ""),
            (_("Organization"), organization or ""),
            (_("Notes"), resident.get("notes") or ""),
        ]

    @staticmethod
    def _household_rows(resident: dict[str, Any]) -> list[tuple[str, str]]:
        size = resident.get("household_size")
        people = (
            ngettext("{count} person", "{count} people", size).format(count=format_number(size))
            if size
            else ""
        )

        def answer(value: Any) -> str:
            return {True: _("Yes"), False: _("No")}.get(value, _("Not asked yet"))

        recorded = day_text(resident.get("consent_date")) or _("No answer recorded yet")
        return [
            (_("Household"), people),
            (_("May we contact them?"), answer(resident.get("consent_contact"))),
            (_("May we share their information?"), answer(resident.get("consent_data_sharing"))),
            (_("Date the answers were recorded"), recorded),
        ]

    # -- actions ----------------------------------------------------------------------
    def edit(self) -> None:
        if self.resident is None:
            return
        form = ResidentForm(self._queue, self._opened, self.resident_id, parent=self)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(self._edited)
        self.form = form
        form.open()

    def _edited(self, _record: dict[str, Any]) -> None:
        self.form = None
        self.changed.emit()
        self.reload()

    def _log(self) -> None:
        self.log_conversation.emit(self.resident_id)
        self.accept()

    def enroll(self) -> None:
        dialog_class = _enrollment_dialog()
        if dialog_class is None or self.resident is None:
            return
        dialog = dialog_class(self._queue, self._opened, self.resident_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        saved = getattr(dialog, "saved", None)
        if saved is not None:
            saved.connect(lambda *_args: (self.changed.emit(), self.reload()))
        self.enrollment = dialog
        dialog.open()

    def delete(self) -> None:
        """Tombstone the resident; the residents list offers Undo."""
        if self.resident is None:
            return
        records, resident_id = self._opened.records, self.resident_id
        name = display_name(self.resident)
        self._queue.run(
            lambda: records.delete(Kind.RESIDENT, resident_id),
            success=lambda _record: self._deleted(name),
            failure=self._failed,
            owner=self,
        )

    def _deleted(self, name: str) -> None:
        self.deleted.emit(self.resident_id, name)
        self.changed.emit()
        self.accept()
