"""Qt table models over store results, and how their values are shown.

Rows come from the store as plain dicts (fetched on the database queue); the
model only decides how each value reads on screen in the active language.
Names are shown exactly as typed: no case changes, no transliteration.
``LazyResidentModel`` holds only the pages the view has scrolled to, so a
list of 200,000 residents costs what its first few hundred rows cost.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from ocpsc_field.core.bidi import LRI as LRI  # re-exported for the screens
from ocpsc_field.core.bidi import PDI as PDI
from ocpsc_field.core.bidi import isolate
from ocpsc_field.i18n import N_, _
from ocpsc_field.store.resident_list import (
    PAGE_SIZE,
    Cursor,
    FirstPage,
    ResidentList,
    ResidentListQuery,
    ResidentPage,
)
from ocpsc_field.ui.formats import format_items, layout_is_rtl, ui_locale
from ocpsc_field.ui.formats import format_number as format_number  # re-exported
from ocpsc_field.ui.formats import format_phone as display_phone
from ocpsc_field.ui.tasks import DatabaseQueue, Task

# Languages whose names are usually said family name first.
FAMILY_FIRST = frozenset({"zh", "yue", "ja", "ko", "vi", "km", "hu", "mn"})

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


# Languages residents speak whose names CLDR lacks in some interface languages:
# named by the catalog instead, so no list ever shows a bare code such as "kjb".
LANGUAGE_NAMES = {
    # Translators: names of languages residents speak (Mam is a Mayan language).
    "ium": N_("Mien"),
    "mix": N_("Mixtec"),
    "trs": N_("Chicahuaxtla Triqui"),
    "yua": N_("Yucatec Maya"),
    "mam": N_("Mam"),
    "kjb": N_("Q’anjob’al"),
    "prs": N_("Dari"),
    "ase": N_("American Sign Language"),
    "tl": N_("Tagalog"),
    "nan": N_("Min Nan Chinese"),
    "hak": N_("Hakka Chinese"),
    "zap": N_("Zapotec"),
}


def list_text(items: Sequence[str]) -> str:
    """Items joined the way the interface language writes a list ("A, B, and C", "A、B和C")."""
    return format_items(items)


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
    return _(LANGUAGE_NAMES[base]) if base in LANGUAGE_NAMES else tag


def _closed_script(text: str) -> bool:
    """True for names written in Han, Kana or Hangul, which join without a space."""
    return bool(text) and all(
        unicodedata.name(char, "").startswith(("CJK", "HANGUL", "HIRAGANA", "KATAKANA"))
        for char in text
    )


def display_name(row: Mapping[str, Any]) -> str:
    """The resident's full name as typed, in the order their language says it.

    In a right-to-left layout the name is one isolated run (``core.bidi``), so
    "José (Pepe)" keeps its parentheses in a table cell or an Arabic sentence.
    """
    given = (row.get("given_name") or "").strip()
    family = (row.get("family_name") or "").strip()
    preferred = (row.get("preferred_name") or "").strip()
    language = (row.get("preferred_language") or "").split("-")[0].lower()
    first, second = (family, given) if language in FAMILY_FIRST else (given, family)
    joiner = "" if _closed_script(first) and _closed_script(second) else " "
    name = joiner.join(part for part in (first, second) if part)
    if preferred and preferred not in (given, name):
        name = _("{name} ({preferred_name})").format(name=name, preferred_name=preferred)
    return isolate(name) if layout_is_rtl() else name


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
