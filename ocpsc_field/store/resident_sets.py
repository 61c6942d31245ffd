"""The residents list's filters as sets of rowids, built from indexes and kept while valid.

Each filter (search text, county, language, program, follow-up due) names a
set of residents that covering indexes can list without reading a single
resident row, which on an encrypted database costs about twenty times more
than an index entry. The sets are intersected once into an in-memory
temporary table (``temp_store = MEMORY``: nothing unencrypted reaches the
disk) holding only live residents, so the count and every page of a listing
reuse it. Anything written through the connection, or committed by another,
drops them all: the check is two counters, read on every use.

The trigram index holds only live residents, so a set drawn from it needs no
tombstone check; other sets are checked against it (through FTS5's docsize
table, one row per indexed resident), a look-up there being far cheaper than
reading the resident's row.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import Any

from ocpsc_field.store.db import Database
from ocpsc_field.store.search import SearchQuery

# Filter combinations whose resident sets are kept (typing back and forth reuses them).
CACHED_SETS = 12
# Temporary table names, unique across every list on every connection of this process.
_TABLE_NUMBERS = itertools.count(1)
GROUP_COLUMNS = ("county", "preferred_language")


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
class _Source:
    """SQL for a set of resident rowids (column ``rid``) that one filter lets through."""

    sql: str
    params: tuple[Any, ...]
    live: bool  # holds only residents that are not deleted


@dataclass(frozen=True)
class FilterSet:
    table: str  # a temporary table of live rowids: rid INTEGER PRIMARY KEY
    count: int


class ResidentSets:
    """The live residents each filter combination lets through, and group sizes."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._sets: OrderedDict[ResidentFilters, FilterSet] = OrderedDict()
        # Per (filters, column): each group's value and how many residents it holds.
        self._groups: dict[tuple[ResidentFilters | None, str], list[tuple[Any, int]]] = {}
        self._stamp: tuple[int, int] | None = None
        # FTS5 keeps one row per indexed document in its docsize table, a plain b-tree
        # keyed by rowid: probing it is cheaper than asking the index itself.
        has_docsize = database.scalar(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'resident_search_docsize'"
        )
        self.live_table = "resident_search_docsize" if has_docsize else "resident_search"
        self._live_key = "id" if has_docsize else "rowid"

    def live_count(self) -> int:
        """How many residents are not deleted: the trigram index holds exactly those."""
        return int(self._database.scalar(f"SELECT count(*) FROM {self.live_table}"))

    def group_counts(self, filters: ResidentFilters | None, column: str) -> list[tuple[Any, int]]:
        """Each value of an indexed column, in order (NULL first), with its residents.

        One walk over the column's index; no row is read.
        """
        self._drop_if_stale()
        key = (filters, column)
        if key not in self._groups:
            index = "idx_resident_county" if column == "county" else "idx_resident_language"
            found = self.get(filters) if filters is not None else None
            # Without a set, deleted residents are counted too: the sizes only choose how
            # to read each group, and checking every resident would cost more than it saves.
            member = f"WHERE +rowid IN (SELECT +rid FROM temp.{found.table}) " if found else ""
            rows = self._database.execute(
                f"SELECT {column}, count(*) FROM resident INDEXED BY {index} "
                f"{member}GROUP BY {column} ORDER BY {column}"
            ).fetchall()
            self._groups[key] = [(row[0], int(row[1])) for row in rows]
        return self._groups[key]

    def get(self, filters: ResidentFilters) -> FilterSet | None:
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
            live = f"SELECT 1 FROM {self.live_table} x WHERE x.{self._live_key} = rid"
            where.append(f"EXISTS ({live})")
        sql = f"SELECT rid FROM ({driver.sql})"
        if where:
            sql += " WHERE " + " AND ".join(where)
        self._database.execute(f"CREATE TEMP TABLE {table} (rid INTEGER PRIMARY KEY)")
        self._database.execute(f"INSERT OR IGNORE INTO temp.{table} (rid) {sql}", params)
        count = int(self._database.scalar(f"SELECT count(*) FROM temp.{table}"))
        found = FilterSet(table, count)
        self._sets[filters] = found
        while len(self._sets) > CACHED_SETS:
            old_filters, old = self._sets.popitem(last=False)
            self._database.execute(f"DROP TABLE IF EXISTS temp.{old.table}")
            for column in GROUP_COLUMNS:
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


def due_today() -> str:
    """Today's date as the follow-up filter takes it (the laptop's local date)."""
    return date.today().isoformat()
