"""Residents: every resident on this laptop, searched, filtered and sorted as you type.

The list is a ``LazyResidentModel``: the query runs on the database queue and
pages of 200 rows arrive as the table scrolls, so 200,000 residents scroll as
smoothly as 200. Each keystroke restarts a short timer; when typing pauses,
one query runs and any older one still waiting is dropped. Sorting happens in
the query (click a column header, or choose in "Sort by"), never in memory.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field.core.records import Kind
from ocpsc_field.i18n import _, ngettext, render
from ocpsc_field.store.errors import StoreError
from ocpsc_field.store.resident_list import ResidentList, ResidentListQuery, ResidentSort
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.ui.models import LazyResidentModel, ResidentTableModel, display_name, format_number
from ocpsc_field.ui.pages.common import EmptyState, action_button, heading, set_text, wrapped
from ocpsc_field.ui.pages.resident_filters import FilterBar
from ocpsc_field.ui.resident_export import ResidentExport
from ocpsc_field.ui.rtl import follow_content
from ocpsc_field.ui.tasks import DatabaseQueue
from ocpsc_field.ui.widgets.form_parts import MessageBar

DEBOUNCE_MS = 150
# Header columns the query can sort by, and the order each one means.
SORTABLE = {
    ResidentTableModel.COL_NAME: ResidentSort.NAME,
    ResidentTableModel.COL_LANGUAGE: ResidentSort.LANGUAGE,
    ResidentTableModel.COL_COUNTY: ResidentSort.COUNTY,
}
# Tall scripts (Khmer, Myanmar, Thai, Devanagari) set the one row height every row shares.
TALL_SAMPLE = "Ág ស៊ុន မြန်မာ ผลดี हिन्दी"


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


def make_uniform(table: QTableView) -> None:
    """Fixed row heights and column widths set once per listing: with thousands of rows
    loaded, measuring every row on each new page would make scrolling stutter."""
    rows = table.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    metrics = table.fontMetrics()
    tall = max(metrics.boundingRect(TALL_SAMPLE).height(), metrics.height())
    rows.setDefaultSectionSize(tall + metrics.height() // 4 + 4)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # Column widths come from the rows on screen only (see ResidentsPage.fit_columns).
    header.setResizeContentsPrecision(0)


class SearchBox(QLineEdit):
    """The search field; Down moves into the results, as in a combo box.

    Laid out in the direction of what is typed: a Latin name searched for in
    an Arabic window reads left to right.
    """

    move_to_results = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        follow_content(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.move_to_results.emit()
            return
        super().keyPressEvent(event)


class ResultsTable(QTableView):
    """The list itself; Delete asks the page to delete the current resident."""

    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class ResidentsPage(QWidget):
    """Find a resident; Enter or double-click opens them (``resident_activated``)."""

    resident_activated = Signal(str)
    shown = Signal()  # a listing's first page is on screen (tests and the benchmark wait on it)

    def __init__(
        self,
        queue: DatabaseQueue,
        opened: OpenProfile,
        *,
        new_resident_action: QAction | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._queue = queue
        self._records = opened.records
        self.listing = ResidentList(opened.database)
        self._undo_id: str | None = None
        self._choices_loaded = False
        self.setAccessibleName(_("Residents"))

        self.search = SearchBox(self)
        self.search.setPlaceholderText(_("Search by name, phone number or address"))
        self.search.setAccessibleName(_("Search residents"))
        self.search.setAccessibleDescription(
            _("Results update as you type. Press Down to move to the list.")
        )
        self.search.setClearButtonEnabled(True)
        self.search.move_to_results.connect(self._focus_results)
        self.export_button = QPushButton(_("E&xport this list…"), self)
        self.export_button.setAccessibleName(_("Export this list"))
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        if new_resident_action is not None:
            top.addWidget(action_button(new_resident_action, self))
        top.addWidget(self.export_button)

        self.filters = FilterBar(self)
        self.filters.changed.connect(self.run_search)
        self.summary = wrapped("", self)
        self.message = MessageBar(self)

        self.model = LazyResidentModel(queue, self.listing, self)
        self.model.loaded.connect(self._loaded)
        # A new listing starts at the top: scrolled there before the old rows go, the view
        # never sits at the bottom of the new first page (where it would fetch no more).
        self.model.modelAboutToBeReset.connect(lambda: self.table.scrollToTop())
        self.model.failed.connect(self._failed)
        self.table = ResultsTable(self)
        self._setup_table()

        self.empty = EmptyState("", "", action=new_resident_action, parent=self)
        self.results = QStackedWidget(self)
        self.results.setAccessibleName(_("Search results"))
        self.results.addWidget(self.table)
        self.results.addWidget(self.empty)

        self.export = ResidentExport(queue, opened.records, self.listing, self.message, self)
        self.export_button.clicked.connect(
            lambda: self.export.start(self.model.query, self.model.total)
        )

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(self._timer.start)
        self.undo_shortcut = QShortcut(QKeySequence.StandardKey.Undo, self)
        self.undo_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.undo_shortcut.activated.connect(self.undo_delete)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Residents"), self))
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.results, 1)

    def _setup_table(self) -> None:
        table = self.table
        table.setModel(self.model)
        table.setAccessibleName(_("Residents found"))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setTabKeyNavigation(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideNone)
        table.setItemDelegate(RoomyDelegate(table))
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setAccessibleName(_("Columns"))
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(False)
        header.sectionClicked.connect(self._header_clicked)
        make_uniform(table)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(60)
        self._fit_timer.timeout.connect(lambda: self.fit_columns(shrink=False))
        table.verticalScrollBar().valueChanged.connect(self._fit_timer.start)
        table.activated.connect(self._activated)
        table.delete_pressed.connect(self.delete_current)

    # -- showing ----------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:
        """Coming back to the page shows fresh results (records may have changed)."""
        super().showEvent(event)
        self.run_search()
        if not self._choices_loaded:
            self.load_choices()

    def refresh(self) -> None:
        self.run_search()
        self.load_choices()

    def load_choices(self) -> None:
        """Fill the language and program filters (after the list, which matters more)."""
        self._choices_loaded = True
        listing = self.listing
        self._queue.run(
            lambda: (listing.languages_present(), listing.programs()),
            success=self._show_choices,
            owner=self,
        )

    def _show_choices(self, choices: tuple[list[str], list[dict[str, Any]]]) -> None:
        languages, programs = choices
        self.filters.set_languages(languages)
        self.filters.set_programs(programs)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def current_query(self) -> ResidentListQuery:
        sort = self.filters.sort_order()
        reverse = self.model.query.reverse if sort is self.model.query.sort else False
        return ResidentListQuery(self.filters.filters(self.search.text()), sort, reverse)

    def run_search(self) -> None:
        """List residents for the current text, filters and order (the timer calls this)."""
        self._timer.stop()
        if not self.summary.text():
            set_text(self.summary, _("Finding residents…"))
        self.model.load(self.current_query())

    def _header_clicked(self, column: int) -> None:
        """A sortable column sorts by it; clicking it again reverses the order."""
        sort = SORTABLE.get(column)
        if sort is None:
            return
        current = self.model.query
        reverse = not current.reverse if current.sort is sort else False
        self.filters.set_sort(sort)
        self.model.load(ResidentListQuery(self.filters.filters(self.search.text()), sort, reverse))

    def _show_sort(self) -> None:
        header = self.table.horizontalHeader()
        query = self.model.query
        column = next((col for col, sort in SORTABLE.items() if sort is query.sort), None)
        header.setSortIndicatorShown(column is not None)
        if column is not None:
            order = Qt.SortOrder.DescendingOrder if query.reverse else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(column, order)

    def _loaded(self, count: int) -> None:
        self._show_sort()
        query = self.model.query
        if count == 0:
            self.empty.set_texts(*self._empty_texts(query))
            self.results.setCurrentWidget(self.empty)
        else:
            self.results.setCurrentWidget(self.table)
            self.fit_columns(shrink=True)
        set_text(self.summary, self._summary_text(query, count))
        self.export_button.setEnabled(count > 0)
        self.shown.emit()

    def fit_columns(self, *, shrink: bool) -> None:
        """Widen columns to the rows on screen, so no name is cut short.

        Measuring the rows on screen (not all that are loaded) keeps each
        keystroke cheap; scrolling widens a column when longer text comes into
        view. A new listing may also narrow them.
        """
        header = self.table.horizontalHeader()
        last = self.model.columnCount() - 1
        for column in range(last):  # the last one stretches
            wanted = max(self.table.sizeHintForColumn(column), header.sectionSizeHint(column))
            if shrink or wanted > header.sectionSize(column):
                header.resizeSection(column, wanted)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, StoreError):
            set_text(self.summary, render(error.message))
        else:
            set_text(
                self.summary,
                _("The list could not be read. Press F5 to try again; nothing was changed."),
            )

    @staticmethod
    def _empty_texts(query: ResidentListQuery) -> tuple[str, str]:
        text = query.filters.text.strip()
        if query.filters.active:
            if text:
                title = _("No residents match “{text}” with these filters.").format(text=text)
            else:
                title = _("No residents match these filters.")
            return title, _(
                "Choose “Clear filters” (Alt+R) to see every resident, or register the "
                "person as a new resident."
            )
        if text:
            return (
                _("No residents match “{text}”.").format(text=text),
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
    def _summary_text(query: ResidentListQuery, count: int) -> str:
        if query.filters.narrowed:
            return ngettext("{count} resident matches.", "{count} residents match.", count).format(
                count=format_number(count)
            )
        return ngettext(
            "{count} resident on this laptop.", "{count} residents on this laptop.", count
        ).format(count=format_number(count))

    def _focus_results(self) -> None:
        if self.model.rowCount() == 0:
            return
        self.table.setFocus(Qt.FocusReason.TabFocusReason)
        if not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _activated(self, index: Any) -> None:
        resident_id = index.data(ResidentTableModel.ResidentIdRole)
        if resident_id:
            self.resident_activated.emit(str(resident_id))

    # -- delete and undo --------------------------------------------------------------
    def delete_current(self) -> None:
        """Delete the resident on the current row; the message bar offers Undo."""
        index = self.table.currentIndex()
        if not index.isValid():
            return
        row = self.model.row_data(index.row())
        records = self._records
        resident_id = str(row["id"])
        self._queue.run(
            lambda: records.delete(Kind.RESIDENT, resident_id),
            success=lambda _record: self.offer_undo(resident_id, display_name(row)),
            failure=self._write_failed,
            owner=self,
        )

    def offer_undo(self, resident_id: str, name: str) -> None:
        """Say the resident was deleted, with Undo (Ctrl+Z) to bring them back."""
        self._undo_id = resident_id
        self.message.show_message(
            _("{name} was deleted. Their records stay on this laptop until you undo.").format(
                name=name
            ),
            "notice",
            [(_("&Undo (Ctrl+Z)"), self.undo_delete), (_("Dismiss"), self.message.clear)],
            focus=0,  # Enter, Space or Ctrl+Z brings them back
        )
        self.run_search()

    def undo_delete(self) -> None:
        resident_id, self._undo_id = self._undo_id, None
        if resident_id is None or not self.message.isVisible():
            return
        records = self._records
        self._queue.run(
            lambda: records.restore(Kind.RESIDENT, resident_id),
            success=self._restored,
            failure=self._write_failed,
            owner=self,
        )

    def _restored(self, record: dict[str, Any]) -> None:
        self.message.show_message(
            _("{name} is back in the list.").format(name=display_name(record)), "success"
        )
        self.run_search()

    def _write_failed(self, error: BaseException) -> None:
        text = (
            render(error.message)
            if isinstance(error, StoreError)
            else _("That did not work, and nothing was changed. Please try again.")
        )
        self.message.show_message(text, "error", [(_("Dismiss"), self.message.clear)])
