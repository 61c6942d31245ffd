"""Enrollments: every application on this laptop, where it stands, and whether HQ has it.

The list is read a page at a time on the database queue as the table scrolls
(``canFetchMore``/``fetchMore``); changing a filter starts again from the top
and drops any page still on its way. Enter opens an enrollment to continue it.
New enrollments start from a resident, so the empty state says how to find one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field.core.records import ENROLLMENT_STATUSES
from ocpsc_field.i18n import _, ngettext
from ocpsc_field.store import enrollments as store
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.ui.enrollment_dialog import EnrollmentDialog
from ocpsc_field.ui.enrollment_form import format_day, status_name
from ocpsc_field.ui.models import display_name, format_number
from ocpsc_field.ui.multilingual import item_data, label_text
from ocpsc_field.ui.pages.common import EmptyState, heading, set_text, wrapped
from ocpsc_field.ui.pages.residents import resident_table
from ocpsc_field.ui.program_picker import program_name
from ocpsc_field.ui.tasks import DatabaseQueue, Task

ModelIndex = QModelIndex | QPersistentModelIndex


def sync_state_text(state: str | None) -> str:
    """Where a record stands with HQ, in a few words (the list's column)."""
    if state == store.SYNC_ATTENTION:
        return _("Needs attention")
    if state == store.SYNC_WAITING:
        return _("Waiting to be sent")
    return _("Sent to HQ")


def sync_state_explained(state: str | None, reason: str | None = None) -> str:
    """The same, in a sentence that says what it means and what happens next."""
    if state == store.SYNC_ATTENTION:
        return _("HQ could not accept this enrollment: {reason}").format(
            reason=reason or _("no reason was given")
        )
    if state == store.SYNC_WAITING:
        return _("Saved on this laptop. It is sent to HQ at the next sync.")
    return _("HQ has this enrollment.")


class EnrollmentTableModel(QAbstractTableModel):
    """Enrollments, one row each, fetched a page at a time as the view scrolls."""

    COL_RESIDENT, COL_PROGRAM, COL_STATUS, COL_STARTED, COL_SUBMITTED, COL_DECIDED, COL_SYNC = (
        range(7)
    )
    COLUMN_COUNT = 7
    EnrollmentIdRole = Qt.ItemDataRole.UserRole + 1
    ResidentIdRole = Qt.ItemDataRole.UserRole + 2
    RowRole = Qt.ItemDataRole.UserRole + 3

    fetch_requested = Signal(int)  # the cursor to continue after

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self._cursor: int | None = None
        self._fetching = False

    def set_rows(self, rows: Sequence[Mapping[str, Any]], cursor: int | None) -> None:
        self.beginResetModel()
        self._rows = [dict(row) for row in rows]
        self._cursor = cursor
        self._fetching = False
        self.endResetModel()

    def append_rows(self, rows: Sequence[Mapping[str, Any]], cursor: int | None) -> None:
        self._fetching = False
        self._cursor = cursor
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(dict(row) for row in rows)
            self.endInsertRows()

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._cursor is not None and not self._fetching

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent) and self._cursor is not None:
            self._fetching = True
            self.fetch_requested.emit(self._cursor)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (
                _("Resident"),
                _("Program"),
                _("Status"),
                _("Started"),
                _("Submitted"),
                _("Decided"),
                _("Sync"),
            )[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.COL_SYNC:
            return sync_state_explained(row.get("sync_state"), row.get("attention_reason"))
        if index.column() == self.COL_PROGRAM:  # a name HQ has not translated: marked
            marked = item_data(label_text(row.get("program_name")), role)
            if marked is not None:
                return marked
        if role == self.EnrollmentIdRole:
            return row.get("id")
        if role == self.ResidentIdRole:
            return row.get("resident_id")
        if role == self.RowRole:
            return dict(row)
        return None

    def _display(self, row: Mapping[str, Any], column: int) -> str:
        if column == self.COL_RESIDENT:
            return display_name(row) or _("A resident not on this laptop")
        if column == self.COL_PROGRAM:  # "CalFresh · English" when HQ has not translated it
            return label_text(row.get("program_name")).tagged() or program_name({})
        if column == self.COL_STATUS:
            return status_name(row.get("status"))
        if column == self.COL_SYNC:
            return sync_state_text(row.get("sync_state"))
        names = {
            self.COL_STARTED: "started_on",
            self.COL_SUBMITTED: "submitted_on",
            self.COL_DECIDED: "decided_on",
        }
        return format_day(row.get(names[column]))


class EnrollmentsPage(QWidget):
    """All enrollments on this laptop, filtered by status and program; Enter opens one."""

    saved = Signal(dict)  # an enrollment opened from this page was saved

    def __init__(
        self,
        queue: DatabaseQueue,
        opened: OpenProfile,
        *,
        find_resident: QAction | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._queue = queue
        self._opened = opened
        self._pending: Task | None = None
        self._generation = 0
        self._seen_status: tuple[int, int, int] | None = None
        self.dialog: EnrollmentDialog | None = None
        self.setAccessibleName(_("Enrollments"))

        self.status_filter = QComboBox(self)
        self.status_filter.addItem(_("All statuses"), None)
        for status in ENROLLMENT_STATUSES:
            self.status_filter.addItem(status_name(status), status)
        self.program_filter = QComboBox(self)
        self.program_filter.addItem(_("All programs"), None)
        self.program_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for combo in (self.status_filter, self.program_filter):
            combo.currentIndexChanged.connect(self.refresh)
        self.filters = QWidget(self)
        self.filters.setAccessibleName(_("Filters"))
        row = QHBoxLayout(self.filters)
        row.setContentsMargins(0, 0, 0, 0)
        for text, combo in (
            (_("&Status:"), self.status_filter),
            (_("&Program:"), self.program_filter),
        ):
            label = QLabel(text, self.filters)
            label.setBuddy(combo)
            # The label's own words name the filter too: a whole label, not the start
            # of a sentence that the chosen value would finish.
            name = text.replace("&", "").rstrip(":：")
            for named in (label, combo, combo.view()):
                named.setAccessibleName(name)
            row.addWidget(label)
            row.addWidget(combo)
        row.addStretch(1)

        self.summary = wrapped("", self)
        self.model = EnrollmentTableModel(self)
        self.model.fetch_requested.connect(self._fetch_more)
        self.table = resident_table(self.model, _("Enrollments"), self)
        # Every column as wide as its text; the table scrolls sideways rather than cut one.
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setAccessibleDescription(_("Press Enter to open an enrollment and continue it."))
        self.table.activated.connect(self._activated)
        self.empty_state = EmptyState(
            _("No enrollments on this laptop yet."), self._empty_body(), action=find_resident
        )
        self.results = QStackedWidget(self)
        self.results.setAccessibleName(_("Enrollments"))
        self.results.addWidget(self.table)
        self.results.addWidget(self.empty_state)
        self.results.setCurrentWidget(self.empty_state)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Enrollments"), self))
        layout.addWidget(self.filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)

    @staticmethod
    def _empty_body() -> str:
        return _(
            "Enrollments follow a resident's application to a state program: started, "
            "submitted, then approved or denied. To enroll someone, find them (Ctrl+F), "
            "open their page and choose “Enroll in a program”."
        )

    def showEvent(self, event: Any) -> None:
        """Coming back to the page shows fresh rows (enrollments may have changed)."""
        super().showEvent(event)
        self.refresh()

    def update_status(self, status: Mapping[str, Any]) -> None:
        """After a save or F5: reload when enrollments or what is waiting have changed."""
        seen = (
            int(status.get("records", {}).get("enrollment", 0)),
            int(status.get("unsynced_journal_entries", 0)),
            int(status.get("quarantined_journal_entries", 0)),
        )
        changed, self._seen_status = seen != self._seen_status, seen
        if changed and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Read the first page again for the current filters."""
        if self._pending is not None:
            self._pending.cancel()
        self._generation += 1
        generation = self._generation
        database = self._opened.database
        status = self.status_filter.currentData()
        program_id = self.program_filter.currentData()

        def job() -> tuple[store.EnrollmentPage, int, int, list[dict[str, Any]]]:
            page = store.list_enrollments(database, status=status, program_id=program_id)
            matching = store.count_enrollments(database, status=status, program_id=program_id)
            total = store.count_enrollments(database) if status or program_id else matching
            return page, matching, total, store.enrolled_programs(database)

        self._pending = self._queue.run(
            job, success=lambda result: self._show(generation, *result), owner=self
        )

    def _fetch_more(self, cursor: int) -> None:
        generation = self._generation
        database = self._opened.database
        status = self.status_filter.currentData()
        program_id = self.program_filter.currentData()
        self._queue.run(
            lambda: store.list_enrollments(
                database, status=status, program_id=program_id, after=cursor
            ),
            success=lambda page: self._append(generation, page),
            owner=self,
        )

    def _append(self, generation: int, page: store.EnrollmentPage) -> None:
        if generation == self._generation:
            self.model.append_rows(page.rows, page.next_cursor)

    def _show(
        self,
        generation: int,
        page: store.EnrollmentPage,
        matching: int,
        total: int,
        programs: list[dict[str, Any]],
    ) -> None:
        if generation != self._generation:
            return
        self._pending = None
        self._set_programs(programs)
        self.model.set_rows(page.rows, page.next_cursor)
        self.filters.setVisible(total > 0)
        if matching:
            self.results.setCurrentWidget(self.table)
            set_text(self.summary, self._summary(matching, total))
            self.summary.show()
            return
        self.summary.hide()
        if total:
            self.empty_state.set_texts(
                _("No enrollments match these filters."),
                _("Choose “All statuses” and “All programs” to see every enrollment."),
            )
        else:
            self.empty_state.set_texts(_("No enrollments on this laptop yet."), self._empty_body())
        self.results.setCurrentWidget(self.empty_state)

    @staticmethod
    def _summary(matching: int, total: int) -> str:
        if matching == total:
            return ngettext(
                "{count} enrollment on this laptop, newest first. Press Enter to open one.",
                "{count} enrollments on this laptop, newest first. Press Enter to open one.",
                total,
            ).format(count=format_number(total))
        return ngettext(
            "{count} of {total} enrollments matches these filters.",
            "{count} of {total} enrollments match these filters.",
            matching,
        ).format(count=format_number(matching), total=format_number(total))

    def _set_programs(self, programs: list[dict[str, Any]]) -> None:
        """Offer the programs that have enrollments; keep the current choice."""
        wanted = [(program_name(p), p["id"]) for p in programs]
        shown = [
            (self.program_filter.itemText(i), self.program_filter.itemData(i))
            for i in range(1, self.program_filter.count())
        ]
        if wanted == shown:
            return
        current = self.program_filter.currentData()
        self.program_filter.blockSignals(True)
        try:
            while self.program_filter.count() > 1:
                self.program_filter.removeItem(1)
            for text, program_id in wanted:
                self.program_filter.addItem(text, program_id)
            index = self.program_filter.findData(current) if current else 0
            self.program_filter.setCurrentIndex(max(index, 0))
        finally:
            self.program_filter.blockSignals(False)

    def _activated(self, index: QModelIndex) -> None:
        enrollment_id = index.data(EnrollmentTableModel.EnrollmentIdRole)
        resident_id = index.data(EnrollmentTableModel.ResidentIdRole)
        if enrollment_id and resident_id:
            self.open_enrollment(str(resident_id), str(enrollment_id))

    def open_enrollment(self, resident_id: str, enrollment_id: str) -> EnrollmentDialog:
        """Open one enrollment to move it along; the list reloads when it is saved."""
        dialog = EnrollmentDialog(self._queue, self._opened, resident_id, enrollment_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _record: self.refresh())
        dialog.saved.connect(self.saved)
        self.dialog = dialog
        dialog.open()
        return dialog
