"""Residents: search-as-you-type by name, phone or address, in any script.

Each keystroke restarts a short timer; when typing pauses, one search runs on
the database queue and any older search still queued is dropped, so results
never arrive out of order.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field.i18n import _, ngettext
from ocpsc_field.store.search import ResidentSearch
from ocpsc_field.ui.models import ResidentTableModel, format_number
from ocpsc_field.ui.pages.common import EmptyState, heading, set_text, wrapped
from ocpsc_field.ui.tasks import DatabaseQueue, Task

DEBOUNCE_MS = 150
PAGE_SIZE = 100


class RoomyDelegate(QStyledItemDelegate):
    """Cells with room around the text, measured in the font so it grows with it.

    Text stays where the header's text starts; the extra width goes after it.
    """

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        metrics = option.fontMetrics
        return QSize(
            size.width() + metrics.averageCharWidth() * 2, size.height() + metrics.height() // 2
        )


def resident_table(model: QAbstractItemModel, name: str, parent: QWidget) -> QTableView:
    """A read-only list of residents: whole rows, names never cut short.

    Names and phones size to their contents and the last column takes the rest;
    at large font sizes the table scrolls sideways rather than eliding names.
    """
    table = QTableView(parent)
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setTabKeyNavigation(False)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideNone)
    table.setItemDelegate(RoomyDelegate(table))
    rows = table.verticalHeader()
    rows.hide()
    # Row heights follow the text, so tall scripts (Thai, Khmer, Myanmar) are never cut.
    rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = table.horizontalHeader()
    header.setAccessibleName(_("Columns"))
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
    return table


class SearchBox(QLineEdit):
    """The search field; Down moves into the results, as in a combo box."""

    move_to_results = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.move_to_results.emit()
            return
        super().keyPressEvent(event)


class ResidentsPage(QWidget):
    """Find a resident; Enter or double-click on a row opens them (signal for later screens)."""

    resident_activated = Signal(str)

    def __init__(
        self, queue: DatabaseQueue, residents: ResidentSearch, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._queue = queue
        self._residents = residents
        self._pending: Task | None = None
        self.setAccessibleName(_("Residents"))

        self.search = SearchBox(self)
        self.search.setPlaceholderText(_("Search by name, phone number or address"))
        self.search.setAccessibleName(_("Search residents"))
        self.search.setAccessibleDescription(
            _("Results update as you type. Press Down to move to the list.")
        )
        self.search.setClearButtonEnabled(True)
        self.search.move_to_results.connect(self._focus_results)

        self.summary = wrapped("", self)

        self.model = ResidentTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortLocaleAware(True)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = resident_table(self.proxy, _("Residents found"), self)
        # Newest first until the user clicks a column to sort by it.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.activated.connect(self._activated)

        self.empty = EmptyState("", "", parent=self)
        self.results = QStackedWidget(self)
        self.results.setAccessibleName(_("Search results"))
        self.results.addWidget(self.table)
        self.results.addWidget(self.empty)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(self._timer.start)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Residents"), self))
        layout.addWidget(self.search)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)

    def showEvent(self, event: Any) -> None:
        """Coming back to the page shows fresh results (records may have changed)."""
        super().showEvent(event)
        self.run_search()

    def refresh(self) -> None:
        self.run_search()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def run_search(self) -> None:
        """Search now for the current text (the debounce timer calls this)."""
        self._timer.stop()
        if self._pending is not None:
            self._pending.cancel()
        text = self.search.text()
        search = self._residents.search
        self._pending = self._queue.run(
            lambda: search(text, limit=PAGE_SIZE),
            success=lambda rows: self._show(text, rows),
            owner=self,
        )

    def _show(self, text: str, rows: list[dict[str, Any]]) -> None:
        self._pending = None
        self.model.set_rows(rows)
        count = len(rows)
        if count == 0:
            self.empty.set_texts(*self._empty_texts(text))
            self.results.setCurrentWidget(self.empty)
            set_text(self.summary, "")
            self.summary.hide()
        else:
            self.results.setCurrentWidget(self.table)
            set_text(self.summary, self._summary_text(text, count))
            self.summary.show()

    @staticmethod
    def _empty_texts(text: str) -> tuple[str, str]:
        if text.strip():
            return (
                _("No residents match “{text}”.").format(text=text.strip()),
                _(
                    "Check the spelling, try part of the name, or search by phone number or "
                    "street. Accents do not matter: “nguyen” finds “Nguyễn”."
                ),
            )
        return (
            _("No residents on this laptop yet."),
            _(
                "Residents you register, and residents HQ shares with your team, are listed "
                "here. Search by name, phone number or address."
            ),
        )

    @staticmethod
    def _summary_text(text: str, count: int) -> str:
        if count >= PAGE_SIZE:
            if text.strip():
                return _("Showing the first {count} matches. Type more to narrow the list.").format(
                    count=format_number(count)
                )
            return _(
                "Showing the {count} residents added most recently. Type a name, phone "
                "number or address to find others."
            ).format(count=format_number(count))
        if text.strip():
            return ngettext("{count} resident matches.", "{count} residents match.", count).format(
                count=format_number(count)
            )
        return ngettext(
            "{count} resident on this laptop, newest first.",
            "{count} residents on this laptop, newest first.",
            count,
        ).format(count=format_number(count))

    def _focus_results(self) -> None:
        if self.proxy.rowCount() == 0:
            return
        self.table.setFocus(Qt.FocusReason.TabFocusReason)
        if not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _activated(self, index: Any) -> None:
        resident_id = index.data(ResidentTableModel.ResidentIdRole)
        if resident_id:
            self.resident_activated.emit(str(resident_id))
