"""The residents list: search, filters, sorting and paging over the whole profile.

A profile can hold 200,000 residents and the list must answer each keystroke
at once. On an encrypted database reading a resident's row costs about twenty
times more than reading an index entry, so the list avoids reading rows:

* **Filters become one set of rowids, read from covering indexes only**: the
  trigram and folded-name indexes for the search text, the county and language
  indexes, and enrollments and conversations for the program and follow-up
  filters. The set is kept in an in-memory temporary table until the data
  changes, so the count, the first page and every later page reuse it.
  The trigram index holds only live residents, so it also says which
  residents are not deleted; other sets are checked against it.
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

import itertools
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from ocpsc_field.core.records import Kind
from ocpsc_field.store.db import Database
from ocpsc_field.store.repository import from_row
from ocpsc_field.store.search import SearchQuery

PAGE_SIZE = 200
# Sets this small are read whole and sorted; larger ones are walked in index order.
SORT_IN_MEMORY_LIMIT = 1000
# Filter combinations whose resident sets are kept (typing back and forth reuses them).
CACHED_SETS = 12
# Temporary table names, unique across every list on every connection of this process.
_TABLE_NUMBERS = itertools.count(1)
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
class ResidentFilters:
    """What the user narrowed the list to. Empty values mean "any"."""

    text: str = ""
    county: str | None = None
    language: str | None = None
    program_id: str | None = None
    # Residents with a follow-up due on or before this ISO date and not done since.
    follow_up_due: str | None = None

    @property
    def active(self) -> bool:
        """True when anything besides the search text narrows the list."""
        return any((self.county, self.language, self.program_id, self.follow_up_due))

    @property
    def narrowed(self) -> bool:
        return self.active or bool(self.text.strip())


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


@dataclass(frozen=True)
class _Source:
    """SQL for a set of resident rowids (column ``rid``) that one filter lets through."""

    sql: str
    params: tuple[Any, ...]
    live: bool  # holds only residents that are not deleted


@dataclass(frozen=True)
class _Set:
    table: str  # a temporary table of live rowids: rid INTEGER PRIMARY KEY
    count: int


class ResidentList:
    """Counts and pages of residents for a list query, on the database thread."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._sets: OrderedDict[ResidentFilters, _Set] = OrderedDict()
        # Per (filters, column): each group's value and how many residents it holds.
        self._groups: dict[tuple[ResidentFilters | None, str], list[tuple[Any, int]]] = {}
        self._stamp: tuple[int, int] | None = None

    # -- what the filters offer -------------------------------------------------------
    def languages_present(self) -> list[str]:
        """Preferred languages of the residents on this laptop, in tag order."""
        return [value for value, _n in self._group_counts(None, "preferred_language") if value]

    def programs(self) -> list[dict[str, Any]]:
        """The program catalog (id, code and names by language) for the program filter."""
        rows = self._database.query(
            "SELECT id, code, name FROM program WHERE deleted = 0 ORDER BY code"
        )
        return [from_row(Kind.PROGRAM, row) for row in rows]

    # -- the list ---------------------------------------------------------------------
    def count(self, filters: ResidentFilters) -> int:
        """How many live residents match; read from indexes, never from rows."""
        found = self._set(filters)
        if found is None:
            # The trigram index holds one entry per live resident.
            return int(self._database.scalar("SELECT count(*) FROM resident_search"))
        return found.count

    def first_page(self, query: ResidentListQuery, limit: int = PAGE_SIZE) -> FirstPage:
        page = self.next_page(query, None, limit)
        return FirstPage(rows=page.rows, cursor=page.cursor, count=self.count(query.filters))

    def next_page(
        self, query: ResidentListQuery, cursor: Cursor | None, limit: int = PAGE_SIZE
    ) -> ResidentPage:
        """The ``limit`` residents after ``cursor`` (from the start if None)."""
        found = self._set(query.filters)
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
        found: _Set | None,
        column: str,
        after: tuple[Any, ...] | None,
        descending: bool,
        limit: int,
    ) -> list[dict[str, Any]]:
        """County or language order: each group in turn, by name within it.

        A small group is read and sorted; a large one is walked in name order.
        """
        groups = self._group_counts(filters if found is not None else None, column)
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

    def _group_counts(self, filters: ResidentFilters | None, column: str) -> list[tuple[Any, int]]:
        """Each value of an indexed column, in order (NULL first), with its residents.

        One walk over the column's index; no row is read.
        """
        self._drop_if_stale()
        key = (filters, column)
        if key not in self._groups:
            index = "idx_resident_county" if column == "county" else "idx_resident_language"
            found = self._set(filters) if filters is not None else None
            # Without a set, deleted residents are counted too: the sizes only choose how
            # to read each group, and checking every resident would cost more than it saves.
            member = f"WHERE +rowid IN (SELECT +rid FROM temp.{found.table}) " if found else ""
            rows = self._database.execute(
                f"SELECT {column}, count(*) FROM resident INDEXED BY {index} "
                f"{member}GROUP BY {column} ORDER BY {column}"
            ).fetchall()
            self._groups[key] = [(row[0], int(row[1])) for row in rows]
        return self._groups[key]

    # -- filter sets ------------------------------------------------------------------
    def _set(self, filters: ResidentFilters) -> _Set | None:
        """The live residents the filters let through, as a cached temporary table."""
        sources = self._sources(filters)
        if not sources:
            return None
        self._drop_if_stale()
        found = self._sets.get(filters)
        if found is not None:
            self._sets.move_to_end(filters)
            return found
        table = f"resident_set_{next(_TABLE_NUMBERS)}"
        driver, *others = sources
        where = [f"+rid IN ({source.sql})" for source in others]
        params = [*driver.params, *(p for source in others for p in source.params)]
        if not any(source.live for source in sources):
            where.append("EXISTS (SELECT 1 FROM resident_search x WHERE x.rowid = rid)")
        sql = f"SELECT rid FROM ({driver.sql})"
        if where:
            sql += " WHERE " + " AND ".join(where)
        self._database.execute(f"CREATE TEMP TABLE {table} (rid INTEGER PRIMARY KEY)")
        self._database.execute(f"INSERT OR IGNORE INTO temp.{table} (rid) {sql}", params)
        count = int(self._database.scalar(f"SELECT count(*) FROM temp.{table}"))
        found = _Set(table, count)
        self._sets[filters] = found
        while len(self._sets) > CACHED_SETS:
            old_filters, old = self._sets.popitem(last=False)
            self._database.execute(f"DROP TABLE IF EXISTS temp.{old.table}")
            for column in _GROUPS.values():
                self._groups.pop((old_filters, column), None)
        self._stamp = self._current_stamp()
        return found

    def _current_stamp(self) -> tuple[int, int]:
        """Rows changed through this connection, and commits made by any other."""
        changes = int(self._database.scalar("SELECT total_changes()"))
        return changes, int(self._database.scalar("PRAGMA data_version"))

    def _drop_if_stale(self) -> None:
        """Forget every set and count once anything was written since they were read."""
        if self._stamp == self._current_stamp():
            return
        for found in self._sets.values():
            self._database.execute(f"DROP TABLE IF EXISTS temp.{found.table}")
        self._sets.clear()
        self._groups.clear()
        self._stamp = self._current_stamp()

    def _sources(self, filters: ResidentFilters) -> list[_Source]:
        """The rowid sets to intersect; the first one drives, so it should be small."""
        sources: list[_Source] = []
        if filters.program_id:
            sources.append(
                _Source(
                    "SELECT r.rowid AS rid FROM enrollment e JOIN resident r "
                    "ON r.id = e.resident_id WHERE e.program_id = ? AND e.deleted = 0",
                    (filters.program_id,),
                    live=False,
                )
            )
        if filters.follow_up_due:
            # Due: the follow-up date asked for in the resident's latest conversation
            # has come. Any later conversation is the follow-up, or sets a new date.
            # One pass over the conversations (in table order, which reads fastest).
            sources.append(
                _Source(
                    "SELECT r.rowid AS rid FROM (SELECT resident_id, follow_up_date, "
                    "max(occurred_at) FROM contact_log NOT INDEXED WHERE deleted = 0 "
                    "AND resident_id IS NOT NULL GROUP BY resident_id) latest "
                    "JOIN resident r ON r.id = latest.resident_id "
                    "WHERE latest.follow_up_date <= ?",
                    (str(filters.follow_up_due),),
                    live=False,
                )
            )
        sources.extend(self._text_sources(filters.text))
        for column, value in (("county", filters.county), ("preferred_language", filters.language)):
            if value:
                sources.append(
                    _Source(
                        f"SELECT rowid AS rid FROM resident WHERE {column} = ?", (value,), False
                    )
                )
        return sources

    @staticmethod
    def _text_sources(text: str) -> list[_Source]:
        """The search text, as ``ResidentSearch`` reads it: words of three characters or
        more through the trigram index (any part of a name, phone or address), shorter
        ones as the start of a given or family name (through the folded-name indexes)."""
        query = SearchQuery.parse(text)
        sources: list[_Source] = []
        if query.long_terms:
            sources.append(
                _Source(
                    "SELECT rowid AS rid FROM resident_search WHERE resident_search MATCH ?",
                    (query.match_expression(),),
                    live=True,
                )
            )
        for term in query.short_terms:
            if term.isdigit():
                continue  # the start of a phone number: it matches once it is longer
            upper = term + "\U0010ffff"
            sources.append(
                _Source(
                    "SELECT rowid AS rid FROM resident WHERE ocpsc_fold(family_name) >= ? "
                    "AND ocpsc_fold(family_name) < ? UNION ALL "
                    "SELECT rowid AS rid FROM resident WHERE ocpsc_fold(given_name) >= ? "
                    "AND ocpsc_fold(given_name) < ?",
                    (term, upper, term, upper),
                    live=False,
                )
            )
        return sources


def _group_order(value: Any) -> tuple[int, Any]:
    """Python order matching SQLite's for group values: NULL first, then by value."""
    return (0, "") if value is None else (1, value)


def due_today() -> str:
    """Today's date as the follow-up filter takes it (the laptop's local date)."""
    return date.today().isoformat()
