"""Qt table models over store results, and how their values are shown.

Rows come from the store as plain dicts (fetched on the database queue); the
model only decides how each value reads on screen in the active language.
Names are shown exactly as typed: no case changes, no transliteration.
``LazyResidentModel`` holds only the pages the view has scrolled to, so a
list of 200,000 residents costs what its first few hundred rows cost.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication

from ocpsc_field import i18n
from ocpsc_field.i18n import _
from ocpsc_field.store.resident_list import (
    PAGE_SIZE,
    Cursor,
    FirstPage,
    ResidentList,
    ResidentListQuery,
    ResidentPage,
)
from ocpsc_field.ui.tasks import DatabaseQueue, Task

# Languages whose names are usually said family name first.
FAMILY_FIRST = frozenset({"zh", "yue", "ja", "ko", "vi", "km", "hu", "mn"})
# Explicit left-to-right isolate, so "(916) 555-0123" keeps its order in RTL layouts.
LRI, PDI = "\u2066", "\u2069"

ModelIndex = QModelIndex | QPersistentModelIndex
# The roles the resident models answer; views ask for many more on every paint.
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.UserRole + 1,
        Qt.ItemDataRole.UserRole + 2,
    }
)


def ui_locale() -> Locale:
    """The Babel locale for the active UI language (English if Babel does not know it)."""
    return _babel_locale(i18n.current_language())


@functools.lru_cache(maxsize=16)
def _babel_locale(language: str) -> Locale:
    # Parsed once per language: lists call this for every cell they show.
    try:
        return Locale.parse(language, sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def format_number(count: int) -> str:
    """A count with the active locale's digit grouping: 12,345 or 12.345."""
    return format_decimal(count, locale=ui_locale())


def language_name(tag: str | None) -> str:
    """A BCP 47 tag as its name in the UI language ("vi" -> "Vietnamese"), else the tag."""
    if not tag:
        return ""
    parts = tag.replace("_", "-").split("-")
    names = ui_locale().languages
    base = parts[0].lower()
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    region = next((p.upper() for p in parts[1:] if len(p) == 2 or p.isdigit()), None)
    for key in filter(
        None,
        (
            f"{base}_{script}" if script else None,
            f"{base}_{region}" if region else None,
            base,
        ),
    ):
        if key in names:
            return str(names[key])
    return tag


def display_phone(e164: str | None) -> str:
    """A stored E.164 number as people write it: US numbers as (916) 555-0123."""
    if not e164:
        return ""
    if e164.startswith("+1") and len(e164) == 12 and e164[1:].isdigit():
        national = e164[2:]
        text = f"({national[:3]}) {national[3:6]}-{national[6:]}"
    else:
        text = e164
    if QGuiApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft:
        return LRI + text + PDI
    return text


def _closed_script(text: str) -> bool:
    """True for names written in Han, Kana or Hangul, which join without a space."""
    return bool(text) and all(
        unicodedata.name(char, "").startswith(("CJK", "HANGUL", "HIRAGANA", "KATAKANA"))
        for char in text
    )


def display_name(row: Mapping[str, Any]) -> str:
    """The resident's full name as typed, in the order their language says it."""
    given = (row.get("given_name") or "").strip()
    family = (row.get("family_name") or "").strip()
    preferred = (row.get("preferred_name") or "").strip()
    language = (row.get("preferred_language") or "").split("-")[0].lower()
    first, second = (family, given) if language in FAMILY_FIRST else (given, family)
    joiner = "" if _closed_script(first) and _closed_script(second) else " "
    name = joiner.join(part for part in (first, second) if part)
    if preferred and preferred not in (given, name):
        name = _("{name} ({preferred_name})").format(name=name, preferred_name=preferred)
    return name


class ResidentTableModel(QAbstractTableModel):
    """Residents from a search, one row each; only the essentials a list needs."""

    COL_NAME, COL_LANGUAGE, COL_PHONE, COL_CITY, COL_COUNTY = range(5)
    COLUMN_COUNT = 5
    # Named custom roles: the resident's id and the raw stored row.
    ResidentIdRole = Qt.ItemDataRole.UserRole + 1
    RowRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []

    def set_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Replace the rows with a new search result."""
        self.beginResetModel()
        self._rows = [dict(row) for row in rows]
        self.endResetModel()

    def row_data(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._headers().get(section)
        return None

    @staticmethod
    def _headers() -> dict[int, str]:
        model = ResidentTableModel
        return {
            model.COL_NAME: _("Name"),
            model.COL_LANGUAGE: _("Preferred language"),
            model.COL_PHONE: _("Phone"),
            model.COL_CITY: _("City"),
            model.COL_COUNTY: _("County"),
        }

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._cell(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.COL_LANGUAGE:
            return row.get("preferred_language") or None
        if role == self.ResidentIdRole:
            return row.get("id")
        if role == self.RowRole:
            return dict(row)
        return None

    def _cell(self, row: int, column: int) -> str | None:
        return self._display(self._rows[row], column)

    def _display(self, row: Mapping[str, Any], column: int) -> str | None:
        if column == self.COL_NAME:
            return display_name(row)
        if column == self.COL_LANGUAGE:
            return language_name(row.get("preferred_language"))
        if column == self.COL_PHONE:
            return display_phone(row.get("phone"))
        if column == self.COL_CITY:
            return row.get("city") or ""
        if column == self.COL_COUNTY:
            return row.get("county") or ""
        return None


class LazyResidentModel(ResidentTableModel):
    """The residents list, a page at a time: Qt asks for more as the view scrolls.

    ``load`` starts a new listing (a search, a filter, a sort): its first page
    and its count come in one job. ``fetchMore`` queues the next page; the
    view keeps scrolling meanwhile. A listing that was replaced drops the
    pages still on their way, so rows of an old search never appear.
    """

    loaded = Signal(int)  # the first page is shown; the number of residents listed
    failed = Signal(object)  # the exception a job raised

    def __init__(self, queue: DatabaseQueue, listing: ResidentList, parent: Any = None) -> None:
        super().__init__(parent)
        self._queue = queue
        self._listing = listing
        self.query = ResidentListQuery()
        self.total = 0
        self.loading = False
        self._cursor: Cursor | None = None
        self._fetching: Task | None = None
        self._loading: Task | None = None
        self._generation = 0
        # Each row's text per column, worked out once: a view asks again on every paint.
        self._cells: dict[int, tuple[str | None, ...]] = {}

    def set_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        self._cells = {}
        super().set_rows(rows)

    def _cell(self, row: int, column: int) -> str | None:
        cells = self._cells.get(row)
        if cells is None:
            values = self._rows[row]
            cells = tuple(self._display(values, col) for col in range(self.COLUMN_COUNT))
            self._cells[row] = cells
        return cells[column]

    def load(self, query: ResidentListQuery) -> None:
        """List the residents ``query`` asks for, from the top."""
        self.query = query
        if not self._queue.running:
            return  # the profile is closing: nothing more to read
        self._generation += 1
        generation = self._generation
        for task in (self._loading, self._fetching):
            if task is not None:
                task.cancel()
        self._fetching = None
        self.loading = True
        listing = self._listing
        self._loading = self._queue.run(
            lambda: listing.first_page(query, PAGE_SIZE),
            success=lambda page: self._first(generation, page),
            failure=lambda error: self._failed(generation, error),
            owner=self,
        )

    def reload(self) -> None:
        self.load(self.query)

    def _first(self, generation: int, page: FirstPage) -> None:
        if generation != self._generation:
            return
        self._loading = None
        self.loading = False
        self.total = page.count
        self._cursor = page.cursor
        self.set_rows(page.rows)
        self.loaded.emit(page.count)

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._cursor is not None and not self.loading

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._cursor is None or self._fetching is not None:
            return
        if not self._queue.running:
            return
        generation, cursor, query = self._generation, self._cursor, self.query
        listing = self._listing
        self._fetching = self._queue.run(
            lambda: listing.next_page(query, cursor, PAGE_SIZE),
            success=lambda page: self._more(generation, page),
            failure=lambda error: self._failed(generation, error),
            owner=self,
        )

    def _more(self, generation: int, page: ResidentPage) -> None:
        if generation != self._generation:
            return
        self._fetching = None
        self._cursor = page.cursor
        if not page.rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
        self._rows.extend(dict(row) for row in page.rows)
        self.endInsertRows()

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = self._fetching = None
        self.loading = False
        self.failed.emit(error)

    def row_of(self, resident_id: str) -> int:
        """The row showing this resident, or -1 if it is not loaded."""
        return next(
            (row for row, values in enumerate(self._rows) if values.get("id") == resident_id), -1
        )
