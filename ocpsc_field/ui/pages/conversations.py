"""Conversations: the ones I logged, newest first, each with whether it has reached HQ.

The same page holds the conversation form (Ctrl+N from anywhere opens it
here). Conversations are never edited; "Log a correction" opens the form
prefilled, and the correction points to the original.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field import i18n
from ocpsc_field.core.labels import pick_label
from ocpsc_field.i18n import _, ngettext
from ocpsc_field.store import conversations as convo
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.ui.conversation_form import ConversationForm
from ocpsc_field.ui.conversation_parts import local_time_text
from ocpsc_field.ui.models import ModelIndex, display_name, format_number, list_text
from ocpsc_field.ui.pages.common import EmptyState, action_button, heading, set_text, wrapped
from ocpsc_field.ui.pages.residents import resident_table
from ocpsc_field.ui.tasks import DatabaseQueue, Task
from ocpsc_field.ui.widgets.form_parts import FlowLayout, PromptButton, field_label, name_combo

TODAY, WEEK, ALL = "today", "week", "all"


def channel_label(code: str | None) -> str:
    labels = {
        "door": _("Door"),
        "phone": _("Phone"),
        "event": _("Event"),
        "text": _("Text message"),
        "walk_in": _("Walk-in"),
    }
    return labels.get(code or "", code or "")


def outcome_label(code: str | None) -> str:
    labels = {
        "reached": _("Reached"),
        "not_home": _("Not home"),
        "refused": _("Refused"),
        "moved": _("Moved"),
        "follow_up": _("Follow-up needed"),
    }
    return labels.get(code or "", code or "")


def resident_text(row: Mapping[str, Any]) -> str:
    if row.get("anonymous_household") or not row.get("resident_id"):
        return _("Anonymous household")
    if row.get("given_name") is None:
        return _("A resident no longer on this laptop")
    return display_name({**row, "preferred_language": row.get("resident_language")})


def sync_state_text(row: Mapping[str, Any]) -> str:
    """Where the record stands, in words: never a colour or an icon alone."""
    state = row.get("sync_state")
    if state == convo.ATTENTION:
        reason = row.get("attention_reason") or _("HQ did not accept it")
        return _("Needs attention: {reason}").format(reason=reason)
    if state == convo.SAVED:
        return _("Saved on this laptop")
    return _("Sent")


def period_bounds(period: str, today: date | None = None) -> tuple[str | None, str | None]:
    """UTC bounds of a period in this computer's zone; (None, None) for all time."""
    day = today or date.today()
    if period == TODAY:
        return convo.local_day_bounds(day, day)
    if period == WEEK:
        return convo.local_day_bounds(convo.week_start(day), day)
    return None, None


class ConversationTableModel(QAbstractTableModel):
    """My conversations, one row each, fetched a page at a time as the view scrolls."""

    # The state comes before the programs: it must never be scrolled out of view.
    COL_WHEN, COL_RESIDENT, COL_CHANNEL, COL_OUTCOME, COL_STATE, COL_PROGRAMS = range(6)
    COLUMN_COUNT = 6
    RecordIdRole = Qt.ItemDataRole.UserRole + 1
    RowRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self.program_names: dict[str, dict[str, str]] = {}
        self.has_more = False
        self.fetching = False
        self.fetcher: Any = None  # called to load the next page; see ConversationsPage

    def set_rows(self, rows: Sequence[Mapping[str, Any]], has_more: bool) -> None:
        self.beginResetModel()
        self._rows = [dict(row) for row in rows]
        self.has_more, self.fetching = has_more, False
        self.endResetModel()

    def append_rows(self, rows: Sequence[Mapping[str, Any]], has_more: bool) -> None:
        self.fetching = False
        self.has_more = has_more
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(dict(row) for row in rows)
            self.endInsertRows()

    def last_key(self) -> tuple[str, str] | None:
        return (self._rows[-1]["occurred_at"], self._rows[-1]["id"]) if self._rows else None

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.has_more and not self.fetching and bool(self.fetcher)

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self.fetching = True
            self.fetcher()

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
            return {
                self.COL_WHEN: _("When"),
                self.COL_RESIDENT: _("Resident"),
                self.COL_CHANNEL: _("Channel"),
                self.COL_OUTCOME: _("Outcome"),
                self.COL_STATE: _("State"),
                self.COL_PROGRAMS: _("Programs"),
            }.get(section)
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(row, index.column())
        if role == self.RecordIdRole:
            return row["id"]
        if role == self.RowRole:
            return dict(row)
        return None

    def _display(self, row: Mapping[str, Any], column: int) -> str:
        if column == self.COL_WHEN:
            return local_time_text(row["occurred_at"])
        if column == self.COL_RESIDENT:
            return resident_text(row)
        if column == self.COL_CHANNEL:
            return channel_label(row["channel"])
        if column == self.COL_OUTCOME:
            if row.get("corrected"):
                return _("{outcome} (corrected later)").format(
                    outcome=outcome_label(row["outcome"])
                )
            return outcome_label(row["outcome"])
        if column == self.COL_STATE:
            return sync_state_text(row)
        language = i18n.current_language()
        names = [
            pick_label(self.program_names.get(program_id), language) or program_id
            for program_id in row["programs_discussed"]
        ]
        return list_text(names)


class ConversationsPage(QWidget):
    """My conversations with filters; the conversation form opens in its place."""

    saved = Signal(dict)
    wants_attention = Signal()  # a draft was found at start: show this page

    def __init__(
        self,
        log_action: QAction,
        queue: DatabaseQueue,
        opened: OpenProfile,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._queue = queue
        self._opened = opened
        self._pending: Task | None = None
        self.setAccessibleName(_("Conversations"))

        self.form = ConversationForm(queue, opened, self)
        self.form.saved.connect(self._saved)
        self.form.closed.connect(self.show_list)
        self.stack = QStackedWidget(self)
        self.stack.setAccessibleName(_("Conversations"))
        self.list_page = self._build_list(log_action)
        self.stack.addWidget(self.list_page)
        self.stack.addWidget(self.form)
        self._form_area = self.form
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def _build_list(self, log_action: QAction) -> QWidget:
        page = QWidget(self)
        self.period = QComboBox(page)
        name_combo(self.period, _("Period"))
        for key, text in ((ALL, _("All")), (TODAY, _("Today")), (WEEK, _("This week"))):
            self.period.addItem(text, key)
        self.outcome = QComboBox(page)
        name_combo(self.outcome, _("Outcome"))
        self.outcome.addItem(_("Any outcome"), None)
        for code in convo.OUTCOMES:
            self.outcome.addItem(outcome_label(code), code)
        self.period.currentIndexChanged.connect(lambda _index: self.refresh())
        self.outcome.currentIndexChanged.connect(lambda _index: self.refresh())
        self.correct_button = PromptButton(_("Log a co&rrection"), page)
        self.correct_button.setAccessibleName(_("Log a correction"))
        self.correct_button.setAccessibleDescription(
            _("Conversations are never changed once saved; a correction is added beside it.")
        )
        self.correct_button.setEnabled(False)
        self.correct_button.clicked.connect(self.log_correction)
        # One row when it fits; at large font sizes the controls wrap instead of clipping.
        controls = QWidget(page)
        controls.setAccessibleName(_("Filters and actions"))
        flow = FlowLayout(controls)
        flow.setContentsMargins(0, 0, 0, 0)
        for label, combo in ((_("&Period"), self.period), (_("&Outcome"), self.outcome)):
            pair = QWidget(controls)
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(field_label(label, combo, pair))
            row.addWidget(combo)
            flow.addWidget(pair)
        flow.addWidget(action_button(log_action, controls))
        flow.addWidget(self.correct_button)

        self.summary = wrapped("", page)
        self.model = ConversationTableModel(self)
        self.model.fetcher = self._fetch_more
        self.table = resident_table(self.model, _("Your conversations"), page)
        # Long program lists scroll sideways instead of being cut off.
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.correct_button.setEnabled(current.isValid())
        )
        self.empty_state = EmptyState("", "", action=log_action, parent=page)
        self.results = QStackedWidget(page)
        self.results.setAccessibleName(_("Your conversations"))
        self.results.addWidget(self.table)
        self.results.addWidget(self.empty_state)
        layout = QVBoxLayout(page)
        layout.addWidget(heading(_("Conversations"), page))
        layout.addWidget(controls)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        return page

    # -- the list ---------------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.stack.currentWidget() is self.list_page:
            self.refresh()

    def update_status(self, _status: Mapping[str, Any]) -> None:
        """After any write (the window refreshes its status): fresh rows and states."""
        if self.isVisible() and self.stack.currentWidget() is self.list_page:
            self.refresh()

    def _filters(self) -> dict[str, Any]:
        start, end = period_bounds(self.period.currentData())
        return {"start": start, "end": end, "outcome": self.outcome.currentData()}

    def refresh(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
        opened, filters = self._opened, self._filters()
        database, user = opened.database, opened.actor.user

        def job() -> dict[str, Any]:
            rows = convo.conversations(database, user, limit=convo.PAGE_SIZE + 1, **filters)
            return {
                "rows": rows,
                "count": convo.count_conversations(database, user, **filters),
                "total": convo.count_conversations(database, user),
                "programs": convo.program_labels(database),
            }

        self._pending = self._queue.run(job, success=self._show, owner=self)

    def _show(self, result: dict[str, Any]) -> None:
        self._pending = None
        rows = result["rows"]
        self.model.program_names = result["programs"]
        self.model.set_rows(rows[: convo.PAGE_SIZE], len(rows) > convo.PAGE_SIZE)
        count, total = result["count"], result["total"]
        if count:
            self.results.setCurrentWidget(self.table)
            set_text(self.summary, self._summary_text(count))
        else:
            self.empty_state.set_texts(*self._empty_texts(total))
            self.results.setCurrentWidget(self.empty_state)
            set_text(self.summary, "")
        self.summary.setVisible(bool(count))
        self.correct_button.setEnabled(self.table.currentIndex().isValid())

    def _fetch_more(self) -> None:
        opened, filters, last = self._opened, self._filters(), self.model.last_key()
        database, user = opened.database, opened.actor.user
        self._queue.run(
            lambda: convo.conversations(
                database, user, before=last, limit=convo.PAGE_SIZE + 1, **filters
            ),
            success=lambda rows: self.model.append_rows(
                rows[: convo.PAGE_SIZE], len(rows) > convo.PAGE_SIZE
            ),
            owner=self,
        )

    def _summary_text(self, count: int) -> str:
        period = self.period.currentData()
        if period == TODAY:
            text = ngettext(
                "{count} conversation today, newest first.",
                "{count} conversations today, newest first.",
                count,
            )
        elif period == WEEK:
            text = ngettext(
                "{count} conversation this week, newest first.",
                "{count} conversations this week, newest first.",
                count,
            )
        else:
            text = ngettext(
                "{count} conversation, newest first.", "{count} conversations, newest first.", count
            )
        return text.format(count=format_number(count))

    def _empty_texts(self, total: int) -> tuple[str, str]:
        if total == 0:
            return (
                _("No conversations logged on this laptop yet."),
                _(
                    "Every door knock, phone call and event conversation you log is listed here, "
                    "with its outcome and whether it has reached HQ. Press Ctrl+N to log one."
                ),
            )
        if self.outcome.currentData() is not None:
            return (
                _("No conversations match these filters."),
                _("Choose another period or outcome. Press Ctrl+N to log a conversation."),
            )
        if self.period.currentData() == TODAY:
            return (
                _("No conversations today."),
                _("Choose “This week” or “All” to see earlier ones. Press Ctrl+N to log one."),
            )
        return (
            _("No conversations this week."),
            _("Choose “All” to see earlier ones. Press Ctrl+N to log one."),
        )

    # -- the form ---------------------------------------------------------------------------
    def log_new(self, resident_id: str | None = None) -> None:
        """Ctrl+N: open the form (the unfinished draft, if any)."""
        self.stack.setCurrentWidget(self._form_area)
        self.form.open_new(resident_id)

    def log_correction(self) -> None:
        index = self.table.currentIndex()
        record_id = index.data(ConversationTableModel.RecordIdRole) if index.isValid() else None
        if record_id:
            self.stack.setCurrentWidget(self._form_area)
            self.form.open_correction(str(record_id))

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_page)
        self.refresh()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def restore_draft_on_start(self) -> None:
        """At start: if a conversation was being logged (a crash, a dead battery), reopen it."""
        drafts = self._opened.drafts
        self._queue.run(
            lambda: drafts.latest(convo.DRAFT_FORM) is not None,
            success=self._draft_checked,
            owner=self,
        )

    def _draft_checked(self, found: bool) -> None:
        if found:
            self.log_new()
            self.wants_attention.emit()

    def _saved(self, record: dict[str, Any]) -> None:
        self.saved.emit(record)
