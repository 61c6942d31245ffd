"""The residents list: search, filters, sorting and paging over the whole profile.

A profile can hold 200,000 residents and the list must answer each keystroke
at once. On an encrypted database reading a resident's row costs about twenty
times more than reading an index entry, so the list avoids reading rows:

* **Filters become one set of rowids, read from covering indexes only**
  and kept in a temporary table while the data stays the same
  (``resident_sets``), so the count, the first page and every later page
  reuse it.
* **Pages walk the index of the sort column** and test each entry against the
  set before reading any row, stopping after one page. Only a small set (at
  most ``SORT_IN_MEMORY_LIMIT`` residents) is read whole and sorted.
* **Pages follow a keyset cursor**: the last row's sort values and rowid. The
  hundredth page costs what the first does, and scrolling while records are
  added never repeats or skips a row.

Sorting by name means family name, then given name, ignoring case. Sorting by
county or language lists each county (or language) in turn, by name within
it. SQLite sorts an empty value first, so residents without a family name or
county lead an A-to-Z list.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ocpsc_field.core.records import Kind
from ocpsc_field.store.db import Database
from ocpsc_field.store.repository import from_row
from ocpsc_field.store.resident_sets import FilterSet, ResidentFilters, ResidentSets, due_today

PAGE_SIZE = 200
# Sets this small are read whole and sorted; larger ones are walked in index order.
SORT_IN_MEMORY_LIMIT = 1000
LIST_COLUMNS = (
    "id",
    "given_name",
    "family_name",
    "preferred_name",
    "preferred_language",
    "phone",
    "city",
    "county",
    "birth_date",
    "created_at",
    "updated_at",
)


class ResidentSort(StrEnum):
    """What the list is ordered by; each has a natural direction."""

    NEWEST = "newest"  # added to this laptop most recently first
    NAME = "name"  # family name, then given name, A to Z
    COUNTY = "county"  # county A to Z, then name
    LANGUAGE = "language"  # preferred language tag, then name


@dataclass(frozen=True)
class ResidentListQuery:
    filters: ResidentFilters = field(default_factory=ResidentFilters)
    sort: ResidentSort = ResidentSort.NEWEST
    reverse: bool = False  # against the sort's natural direction


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: after the row with these sort values."""

    values: tuple[Any, ...]


@dataclass(frozen=True)
class ResidentPage:
    rows: list[dict[str, Any]]
    cursor: Cursor | None  # None when there are no more rows


@dataclass(frozen=True)
class FirstPage(ResidentPage):
    count: int = 0


@dataclass(frozen=True)
class _Key:
    expression: str
    collation: str = ""
    nullable: bool = True

    @property
    def sql(self) -> str:
        return f"{self.expression} COLLATE {self.collation}" if self.collation else self.expression


_FAMILY = _Key("r.family_name", "NOCASE")
_GIVEN = _Key("r.given_name", "NOCASE")
_ROWID = _Key("r.rowid", nullable=False)
_NAME_KEYS = (_FAMILY, _GIVEN, _ROWID)
# The column each grouped sort groups by.
_GROUPS = {ResidentSort.COUNTY: "county", ResidentSort.LANGUAGE: "preferred_language"}
_NAME_INDEX = "idx_resident_family_nocase"


def _keys(sort: ResidentSort) -> tuple[_Key, ...]:
    if sort is ResidentSort.NEWEST:
        return (_ROWID,)
    if sort is ResidentSort.NAME:
        return _NAME_KEYS
    return (_Key(f"r.{_GROUPS[sort]}"), *_NAME_KEYS)


def _after(keys: Sequence[_Key], values: Sequence[Any], descending: bool) -> tuple[str, list]:
    """SQL for "sorts after the row with ``values``", in SQLite's NULL order.

    SQLite sorts NULL before any value, so ascending lists start with NULLs and
    descending ones end with them. Row values can't say that, hence the
    expanded form: k1 > v1 OR (k1 = v1 AND (k2 > v2 OR ...)).
    """
    key, value = keys[0], values[0]
    params: list[Any] = []
    if value is None:
        beyond = "0" if descending else f"{key.sql} IS NOT NULL"
        same = f"{key.sql} IS NULL"
    else:
        beyond = f"{key.sql} < ?" if descending else f"{key.sql} > ?"
        if descending and key.nullable:
            beyond = f"({beyond} OR {key.sql} IS NULL)"
        same = f"{key.sql} = ?"
        params.append(value)
    if len(keys) == 1:
        return beyond, params
    rest, rest_params = _after(keys[1:], values[1:], descending)
    if value is not None:
        params.append(value)
    return f"({beyond} OR ({same} AND {rest}))", params + rest_params


def _seek(key: _Key, value: Any, descending: bool) -> tuple[str | None, list]:
    """A redundant range on the first sort key, so the index seeks instead of scanning.

    Going down, a walk over values never reaches the NULLs (``_walk`` reads them
    separately), so the range need not include them.
    """
    if value is None:
        return (f"{key.sql} IS NULL", []) if descending else (None, [])
    return (f"{key.sql} <= ?" if descending else f"{key.sql} >= ?"), [value]


class ResidentList:
    """Counts and pages of residents for a list query, on the database thread."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._sets = ResidentSets(database)

    # -- what the filters offer -------------------------------------------------------
    def languages_present(self) -> list[str]:
        """Preferred languages of the residents on this laptop, in tag order."""
        return [value for value, _n in self._sets.group_counts(None, "preferred_language") if value]

    def programs(self) -> list[dict[str, Any]]:
        """The program catalog (id, code and names by language) for the program filter."""
        rows = self._database.query(
            "SELECT id, code, name FROM program WHERE deleted = 0 ORDER BY code"
        )
        return [from_row(Kind.PROGRAM, row) for row in rows]

    # -- the list ---------------------------------------------------------------------
    def count(self, filters: ResidentFilters) -> int:
        """How many live residents match; read from indexes, never from rows."""
        found = self._sets.get(filters)
        if found is None:
            # The trigram index holds one entry per live resident.
            return self._sets.live_count()
        return found.count

    def first_page(self, query: ResidentListQuery, limit: int = PAGE_SIZE) -> FirstPage:
        page = self.next_page(query, None, limit)
        return FirstPage(rows=page.rows, cursor=page.cursor, count=self.count(query.filters))

    def next_page(
        self, query: ResidentListQuery, cursor: Cursor | None, limit: int = PAGE_SIZE
    ) -> ResidentPage:
        """The ``limit`` residents after ``cursor`` (from the start if None)."""
        found = self._sets.get(query.filters)
        after = cursor.values if cursor is not None else None
        descending = (query.sort is ResidentSort.NEWEST) != query.reverse
        keys = _keys(query.sort)
        if found is not None and found.count <= SORT_IN_MEMORY_LIMIT:
            members = [f"SELECT rid FROM temp.{found.table}"]
            rows = self._sorted(members, (), keys, after, descending, limit)
        elif query.sort in _GROUPS:
            rows = self._grouped(
                query.filters, found, _GROUPS[query.sort], after, descending, limit
            )
        else:
            members = [f"SELECT +rid FROM temp.{found.table}"] if found is not None else []
            rows = self._walk(members, (), keys, after, descending, limit)
        return self._page(rows, len(keys), limit)

    def iter_ids(self, query: ResidentListQuery, batch: int = 1000) -> Iterator[str]:
        """Every matching resident's id, in list order (for exports)."""
        cursor: Cursor | None = None
        while True:
            page = self.next_page(query, cursor, batch)
            yield from (row["id"] for row in page.rows)
            if page.cursor is None:
                return
            cursor = page.cursor

    # -- reading pages ----------------------------------------------------------------
    def _rows(
        self,
        source: str,
        where: list[str],
        params: list[Any],
        keys: Sequence[_Key],
        descending: bool,
        limit: int,
    ) -> list[dict[str, Any]]:
        columns = ", ".join(f"r.{name}" for name in LIST_COLUMNS)
        names = ", ".join(f"{key.sql} AS _k{n}" for n, key in enumerate(keys))
        direction = " DESC" if descending else ""
        order = ", ".join(f"{key.sql}{direction}" for key in keys)
        return self._database.query(
            f"SELECT {columns}, {names} FROM {source} WHERE {' AND '.join(where)} "
            f"ORDER BY {order} LIMIT ?",
            (*params, limit),
        )

    def _sorted(
        self,
        members: Sequence[str],
        params: Sequence[Any],
        keys: Sequence[_Key],
        after: tuple[Any, ...] | None,
        descending: bool,
        limit: int,
    ) -> list[dict[str, Any]]:
        """A small set: read each of its rows and sort them."""
        driver, *others = members
        # Intersect the sets first, from indexes only, then read just those rows.
        inner = f"SELECT rid FROM ({driver})"
        if others:
            inner += " WHERE " + " AND ".join(f"+rid IN ({sql})" for sql in others)
        where = ["r.deleted = 0"]
        all_params = list(params)
        if after is not None:
            condition, condition_params = _after(keys, after, descending)
            where.append(condition)
            all_params.extend(condition_params)
        source = f"(SELECT rid FROM ({inner}) LIMIT -1) d CROSS JOIN resident r ON r.rowid = d.rid"
        return self._rows(source, where, all_params, keys, descending, limit)

    def _walk(
        self,
        members: Sequence[str],
        params: Sequence[Any],
        keys: Sequence[_Key],
        after: tuple[Any, ...] | None,
        descending: bool,
        limit: int,
    ) -> list[dict[str, Any]]:
        """Walk the sort index, testing each entry against the sets before reading its row.

        The unary ``+`` keeps SQLite from turning a test into a look-up. Going
        down, NULLs come last, and a range can't include them: the values are
        walked first, then the NULLs.
        """
        first = keys[0]
        if descending and first.nullable and (after is None or after[0] is not None):
            rows = self._walk_part(members, params, keys, after, descending, limit, "IS NOT NULL")
            if len(rows) < limit:
                rows += self._walk_part(
                    members, params, keys, None, descending, limit - len(rows), "IS NULL"
                )
            return rows
        return self._walk_part(members, params, keys, after, descending, limit, None)

    def _walk_part(
        self,
        members: Sequence[str],
        params: Sequence[Any],
        keys: Sequence[_Key],
        after: tuple[Any, ...] | None,
        descending: bool,
        limit: int,
        nulls: str | None,
    ) -> list[dict[str, Any]]:
        first = keys[0]
        where = ["r.deleted = 0"]
        all_params = list(params)
        if first is _ROWID:
            # The newest-first list: a set is kept in rowid order, so walk it, not the table.
            source = "resident r"
            where += [f"r.rowid IN ({sql})" for sql in members[:1]]
            where += [f"+r.rowid IN ({sql})" for sql in members[1:]]
        else:
            source = f"resident r INDEXED BY {_NAME_INDEX}"
            where += [f"+r.rowid IN ({sql})" for sql in members]
        if nulls is not None:
            where.append(f"{first.sql} {nulls}")
        if after is not None:
            seek, seek_params = _seek(first, after[0], descending)
            if seek is not None:
                where.append(seek)
                all_params.extend(seek_params)
            condition, condition_params = _after(keys, after, descending)
            where.append(condition)
            all_params.extend(condition_params)
        return self._rows(source, where, all_params, keys, descending, limit)

    def _grouped(
        self,
        filters: ResidentFilters,
        found: FilterSet | None,
        column: str,
        after: tuple[Any, ...] | None,
        descending: bool,
        limit: int,
    ) -> list[dict[str, Any]]:
        """County or language order: each group in turn, by name within it.

        A small group is read and sorted; a large one is walked in name order.
        """
        groups = self._sets.group_counts(filters if found is not None else None, column)
        if descending:
            groups = list(reversed(groups))
        if after is not None:
            # Resume at the cursor's group, or the next one if it has gone.
            mark = _group_order(after[0])
            groups = [
                (value, n)
                for value, n in groups
                if (_group_order(value) <= mark if descending else _group_order(value) >= mark)
            ]
        rows: list[dict[str, Any]] = []
        for value, size in groups:
            if value is None:
                member, params = f"SELECT rowid AS rid FROM resident WHERE {column} IS NULL", ()
            else:
                member, params = f"SELECT rowid AS rid FROM resident WHERE {column} = ?", (value,)
            members = [member]
            if found is not None:
                members.append(f"SELECT +rid FROM temp.{found.table}")
            within = after[1:] if after is not None and after[0] == value else None
            wanted = limit - len(rows)
            if size <= SORT_IN_MEMORY_LIMIT:
                part = self._sorted(members, params, _NAME_KEYS, within, descending, wanted)
            else:
                part = self._walk(members[::-1], params, _NAME_KEYS, within, descending, wanted)
            for row in part:
                # Shift the name keys behind the group's value, as _keys() lists them.
                row["_k3"], row["_k2"], row["_k1"] = row.pop("_k2"), row.pop("_k1"), row["_k0"]
                row["_k0"] = value
            rows.extend(part)
            if len(rows) >= limit:
                break
        return rows

    @staticmethod
    def _page(rows: list[dict[str, Any]], width: int, limit: int) -> ResidentPage:
        cursor = None
        if len(rows) >= limit:
            cursor = Cursor(tuple(rows[-1][f"_k{n}"] for n in range(width)))
        for row in rows:
            for n in range(width):
                del row[f"_k{n}"]
        return ResidentPage(rows=rows, cursor=cursor)


def _group_order(value: Any) -> tuple[int, Any]:
    """Python order matching SQLite's for group values: NULL first, then by value."""
    return (0, "") if value is None else (1, value)


__all__ = [
    "PAGE_SIZE",
    "Cursor",
    "FirstPage",
    "ResidentFilters",
    "ResidentList",
    "ResidentListQuery",
    "ResidentPage",
    "ResidentSort",
    "due_today",
]
