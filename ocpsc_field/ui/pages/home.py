"""Today: my conversations today, the follow-ups due, and what is waiting to be sent.

The first page after unlocking, so it answers the canvasser's questions in
order: what have I done today, who must I call back, has my work reached HQ,
and where do I start (Ctrl+N, Ctrl+F).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field.core.records import FIELD_KINDS, OUTCOMES, REFERENCE_KINDS, Kind
from ocpsc_field.i18n import _, ngettext
from ocpsc_field.store import conversations as convo
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.ui.formats import format_day
from ocpsc_field.ui.models import (
    ModelIndex,
    ResidentTableModel,
    display_name,
    display_phone,
    format_number,
    list_text,
)
from ocpsc_field.ui.pages.common import (
    EmptyState,
    action_button,
    heading,
    scaled_font,
    set_text,
    wrapped,
)
from ocpsc_field.ui.pages.conversations import ConversationTableModel, outcome_label
from ocpsc_field.ui.pages.residents import resident_table
from ocpsc_field.ui.tasks import DatabaseQueue

RECENT_RESIDENTS = 10
TABLE_ROWS = 7
# Below this width, in average characters, today's two lists stack.
SIDE_BY_SIDE_CHARS = 130


def count_text(kind: Kind, count: int) -> str:
    """A record count in words, with the right plural: "1,204 residents"."""
    phrases: dict[Kind, Callable[[int], str]] = {
        Kind.RESIDENT: lambda n: ngettext("{count} resident", "{count} residents", n),
        Kind.CONTACT_LOG: lambda n: ngettext("{count} conversation", "{count} conversations", n),
        Kind.ENROLLMENT: lambda n: ngettext("{count} enrollment", "{count} enrollments", n),
        Kind.SURVEY_RESPONSE: lambda n: ngettext(
            "{count} survey response", "{count} survey responses", n
        ),
        Kind.PROGRAM: lambda n: ngettext("{count} program", "{count} programs", n),
        Kind.SURVEY: lambda n: ngettext("{count} survey", "{count} surveys", n),
        Kind.RESOURCE: lambda n: ngettext("{count} resource", "{count} resources", n),
        Kind.ORGANIZATION: lambda n: ngettext("{count} organization", "{count} organizations", n),
    }
    return phrases[kind](count).format(count=format_number(count))


def waiting_sentence(waiting: int) -> str:
    if waiting == 0:
        return _("Nothing is waiting to be sent to HQ.")
    return ngettext(
        "{count} record is waiting to be sent to HQ. It is safe on this laptop until then.",
        "{count} records are waiting to be sent to HQ. They are safe on this laptop until then.",
        waiting,
    ).format(count=format_number(waiting))


def outcomes_sentence(counts: Mapping[str, int]) -> str:
    """Today's conversations counted by outcome: "5 conversations today: Reached 3 · …"."""
    total = sum(counts.values())
    if not total:
        return _("No conversations today yet.")
    parts = [
        _("{outcome}: {count}").format(outcome=outcome_label(code), count=format_number(n))
        for code in OUTCOMES
        if (n := counts.get(code, 0))
    ]
    return ngettext(
        "{count} conversation today: {outcomes}",
        "{count} conversations today: {outcomes}",
        total,
    ).format(count=format_number(total), outcomes=list_text(parts))


def due_text(day: str, today: date) -> str:
    due = date.fromisoformat(day)
    if due >= today:
        return _("Today")
    return _("{date} (overdue)").format(date=format_day(due))


class FollowUpModel(QAbstractTableModel):
    """Follow-ups due today or overdue: who, since when, and how to reach them."""

    COL_RESIDENT, COL_DUE, COL_PHONE = range(3)
    ResidentIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self.today = date.today()

    def set_rows(self, rows: Sequence[Mapping[str, Any]], today: date) -> None:
        self.beginResetModel()
        self._rows, self.today = [dict(row) for row in rows], today
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return (_("Resident"), _("Follow up by"), _("Phone"))[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == self.ResidentIdRole:
            return row["resident_id"]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if index.column() == self.COL_RESIDENT:
            return display_name({**row, "preferred_language": row.get("resident_language")})
        if index.column() == self.COL_DUE:
            return due_text(row["follow_up_date"], self.today)
        return display_phone(row.get("phone"))


class HomePage(QWidget):
    """Today's work first; then counts per record kind and the newest residents.

    ``resident_activated`` opens a resident; ``follow_up_activated`` asks to log
    a conversation with the resident of a follow-up (Enter on the row).
    """

    resident_activated = Signal(str)
    follow_up_activated = Signal(str)

    def __init__(
        self,
        actions: Sequence[QAction],
        queue: DatabaseQueue,
        opened: OpenProfile,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._queue = queue
        self._opened = opened
        self.setAccessibleName(_("Today"))
        self.count_labels: dict[Kind, QLabel] = {}
        self.waiting = wrapped(_("Counting the records on this laptop…"), self)
        self.waiting.setFont(scaled_font(self.waiting, 1.15))

        buttons = QHBoxLayout()
        for action in actions:
            buttons.addWidget(action_button(action, self))
        buttons.addStretch(1)

        today = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        today.addWidget(self._today_section(), 1)
        today.addWidget(self._follow_up_section(), 1)
        self._side_by_side = today
        groups = QHBoxLayout()
        groups.addWidget(self._group(_("Your work on this laptop"), FIELD_KINDS), 1)
        groups.addWidget(self._group(_("Reference data from HQ"), REFERENCE_KINDS), 1)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Today"), self))
        layout.addWidget(self.waiting)
        layout.addLayout(buttons)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addLayout(today)
        layout.addLayout(groups)
        layout.addWidget(self._recent_section(), 1)

    def resizeEvent(self, event: Any) -> None:
        """Today's lists side by side when there is room; one above the other at large sizes."""
        super().resizeEvent(event)
        wide = event.size().width() >= self.fontMetrics().averageCharWidth() * SIDE_BY_SIDE_CHARS
        self._side_by_side.setDirection(
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        )

    # -- sections ---------------------------------------------------------------------------
    def _listing(
        self, box: QGroupBox, table: QTableView, empty: EmptyState
    ) -> tuple[QStackedWidget, QTableView]:
        table.setMinimumHeight(self.fontMetrics().height() * TABLE_ROWS)
        stack = QStackedWidget(box)
        stack.setAccessibleName(box.title())
        stack.addWidget(table)
        stack.addWidget(empty)
        return stack, table

    def _today_section(self) -> QGroupBox:
        box = QGroupBox(_("Your conversations today"), self)
        box.setAccessibleName(box.title())
        self.outcomes = wrapped("", box)
        self.today_model = ConversationTableModel(self)
        table = resident_table(self.today_model, _("Your conversations today"), box)
        table.hideColumn(ConversationTableModel.COL_PROGRAMS)
        table.activated.connect(self._conversation_activated)
        self.today_empty = EmptyState(
            _("No conversations today."), _("Press Ctrl+N to log one."), parent=box
        )
        self.today_stack, self.today_table = self._listing(box, table, self.today_empty)
        inner = QVBoxLayout(box)
        inner.addWidget(self.outcomes)
        inner.addWidget(self.today_stack)
        return box

    def _follow_up_section(self) -> QGroupBox:
        box = QGroupBox(_("Follow-ups due"), self)
        box.setAccessibleName(box.title())
        self.follow_up_model = FollowUpModel(self)
        table = resident_table(self.follow_up_model, _("Follow-ups due"), box)
        table.setAccessibleDescription(_("Press Enter to log a conversation with the resident."))
        table.activated.connect(self._follow_up_activated)
        self.follow_up_empty = EmptyState(
            _("No follow-ups due."),
            _("When a conversation needs a follow-up, its date appears here on the day."),
            parent=box,
        )
        self.follow_up_stack, self.follow_up_table = self._listing(box, table, self.follow_up_empty)
        inner = QVBoxLayout(box)
        inner.addWidget(self.follow_up_stack)
        return box

    def _recent_section(self) -> QGroupBox:
        box = QGroupBox(_("Residents added most recently"), self)
        box.setAccessibleName(box.title())
        self.recent_model = ResidentTableModel(self)
        self.recent_table = resident_table(
            self.recent_model, _("Residents added most recently"), box
        )
        self.recent_table.activated.connect(self._resident_activated)
        self.recent_table.setMinimumHeight(self.fontMetrics().height() * TABLE_ROWS)
        self.recent_empty = EmptyState(
            _("No residents on this laptop yet."),
            _(
                "Residents you add, and residents HQ shares with your team, appear here, newest "
                "first."
            ),
            parent=box,
        )
        self.recent = QStackedWidget(box)
        self.recent.setAccessibleName(box.title())
        self.recent.addWidget(self.recent_table)
        self.recent.addWidget(self.recent_empty)
        inner = QVBoxLayout(box)
        inner.addWidget(self.recent)
        return box

    def _group(self, title: str, kinds: Sequence[Kind]) -> QGroupBox:
        box = QGroupBox(title, self)
        box.setAccessibleName(title)
        grid = QGridLayout(box)
        for row, kind in enumerate(kinds):
            label = wrapped("…", box)
            self.count_labels[kind] = label
            grid.addWidget(label, row // 2, row % 2)
        return box

    # -- data -------------------------------------------------------------------------------
    def update_status(self, status: Mapping[str, Any]) -> None:
        """Called whenever the window re-reads the profile status (start, F5, after writes)."""
        counts = status.get("records", {})
        for kind, label in self.count_labels.items():
            set_text(label, count_text(kind, int(counts.get(kind.value, 0))))
        set_text(self.waiting, waiting_sentence(int(status.get("unsynced_journal_entries", 0))))
        opened = self._opened
        database, user, search = opened.database, opened.actor.user, opened.residents.search
        day = date.today()

        def job() -> dict[str, Any]:
            start, end = convo.local_day_bounds(day, day)
            return {
                "today": convo.conversations(database, user, start=start, end=end),
                "outcomes": convo.outcome_counts(database, user, start, end),
                "due": convo.follow_ups_due(database, user, day),
                "recent": search("", limit=RECENT_RESIDENTS),
            }

        self._queue.run(job, success=lambda result: self._show(result, day), owner=self)

    def _show(self, result: dict[str, Any], day: date) -> None:
        self.today_model.set_rows(result["today"], False)
        set_text(self.outcomes, outcomes_sentence(result["outcomes"]))
        self.today_stack.setCurrentWidget(self.today_table if result["today"] else self.today_empty)
        self.follow_up_model.set_rows(result["due"], day)
        self.follow_up_stack.setCurrentWidget(
            self.follow_up_table if result["due"] else self.follow_up_empty
        )
        self.recent_model.set_rows(result["recent"])
        self.recent.setCurrentWidget(self.recent_table if result["recent"] else self.recent_empty)

    def _conversation_activated(self, index: QModelIndex) -> None:
        row = index.data(ConversationTableModel.RowRole)
        if row and row.get("resident_id"):
            self.resident_activated.emit(str(row["resident_id"]))

    def _follow_up_activated(self, index: QModelIndex) -> None:
        resident_id = index.data(FollowUpModel.ResidentIdRole)
        if resident_id:
            self.follow_up_activated.emit(str(resident_id))

    def _resident_activated(self, index: QModelIndex) -> None:
        resident_id = index.data(ResidentTableModel.ResidentIdRole)
        if resident_id:
            self.resident_activated.emit(str(resident_id))
