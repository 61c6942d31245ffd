"""Resident search by name, phone or address, in any script.

Words of three characters or more go through the trigram index, so "guy"
finds "Nguyễn" and "5550123" finds "+19165550123". Shorter words (two-letter
Chinese and Korean names are common) are matched as name prefixes through
the folded-name indexes, or as substrings among the trigram hits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ocpsc_field.store.db import Database, digits, fold

TRIGRAM = 3
LIST_COLUMNS = (
    "id, given_name, family_name, preferred_name, preferred_language, phone, city, county, "
    "birth_date, updated_at"
)


@dataclass(frozen=True)
class SearchQuery:
    """A user's search text, split into what the index can and cannot use."""

    long_terms: tuple[str, ...]
    short_terms: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> SearchQuery:
        long_terms: list[str] = []
        short_terms: list[str] = []
        for word in text.split():
            number = digits(word)
            # A word that is mostly digits is a phone or ZIP fragment: punctuation dropped.
            folded = number if number and len(number) * 2 >= len(word) else fold(word)
            if not folded:
                continue
            (long_terms if len(folded) >= TRIGRAM else short_terms).append(folded)
        return cls(tuple(long_terms), tuple(short_terms))

    def match_expression(self) -> str:
        return " AND ".join('"' + term.replace('"', '""') + '"' for term in self.long_terms)


class ResidentSearch:
    """Search-as-you-type over residents; newest first, a page at a time."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def search(self, text: str, *, limit: int = 50) -> list[dict[str, Any]]:
        query = SearchQuery.parse(text)
        if query.long_terms:
            return self._trigram(query, limit)
        if query.short_terms:
            return self._prefix(query, limit)
        return self._database.query(
            f"SELECT {LIST_COLUMNS} FROM resident WHERE deleted = 0 ORDER BY rowid DESC LIMIT ?",
            (limit,),
        )

    def _trigram(self, query: SearchQuery, limit: int) -> list[dict[str, Any]]:
        filters = ""
        params: list[Any] = [query.match_expression()]
        for term in query.short_terms:
            filters += (
                " AND (instr(ocpsc_fold(coalesce(r.given_name, '') || ' ' || "
                "coalesce(r.family_name, '') || ' ' || coalesce(r.preferred_name, '')), ?) > 0"
                " OR instr(ocpsc_digits(r.phone), ?) > 0)"
            )
            params += [term, term]
        params.append(limit)
        return self._database.query(
            f"SELECT {', '.join('r.' + c.strip() for c in LIST_COLUMNS.split(','))} "
            "FROM resident_search s JOIN resident r ON r.rowid = s.rowid "
            f"WHERE resident_search MATCH ?{filters} AND r.deleted = 0 "
            "ORDER BY s.rowid DESC LIMIT ?",
            params,
        )

    def _prefix(self, query: SearchQuery, limit: int) -> list[dict[str, Any]]:
        first = query.short_terms[0]
        upper = first + "\U0010ffff"
        # Each folded-name index answers its own range; the union of rowids is
        # small and sorted once. (An OR over both lets SQLite fetch every row.)
        rows = self._database.query(
            f"SELECT {LIST_COLUMNS} FROM resident WHERE rowid IN ("
            "SELECT rowid FROM resident WHERE ocpsc_fold(family_name) >= ?1 "
            "AND ocpsc_fold(family_name) < ?2 UNION "
            "SELECT rowid FROM resident WHERE ocpsc_fold(given_name) >= ?1 "
            "AND ocpsc_fold(given_name) < ?2) AND deleted = 0 "
            "ORDER BY rowid DESC LIMIT ?3",
            (first, upper, limit * 4),
        )
        rest = query.short_terms[1:]

        def matches(row: dict[str, Any]) -> bool:
            names = fold(
                " ".join(
                    filter(None, (row["given_name"], row["family_name"], row["preferred_name"]))
                )
            )
            return all(term in names for term in rest)

        return [row for row in rows if matches(row)][:limit]
