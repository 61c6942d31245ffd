"""The community resource directory: where to refer a resident, found offline.

The directory is reference data HQ publishes (food banks, legal aid, clinics,
reentry services). It is small (thousands of rows at most), so a search reads
it directly: exact filters for county, category and a language spoken there,
and every word typed matched, accents and case ignored, against the name,
services, description, city and ZIP, in every language they are written in.
"""

from __future__ import annotations

from typing import Any

from ocpsc_field.core.records import Kind
from ocpsc_field.store.db import Database, fold
from ocpsc_field.store.repository import from_row

SEARCH_LIMIT = 100

# Every text of a labels or list column, joined, so JSON keys ("en") never match.
_VALUES = "(SELECT group_concat(value, ' ') FROM json_each(coalesce(resource.{column}, '[]')))"
_NAME_TEXT = f"ocpsc_fold({_VALUES.format(column='name')})"
_OTHER_TEXT = (
    "ocpsc_fold(coalesce("
    + _VALUES.format(column="services")
    + ", '') || ' ' || coalesce("
    + _VALUES.format(column="description")
    + ", '') || ' ' || coalesce(city, '') || ' ' || coalesce(zip, '') || ' ' || "
    "replace(category, '_', ' '))"
)
# Sorted by the English name, which HQ always publishes, else the first one.
_SORT_NAME = (
    "coalesce(json_extract(name, '$.en'), "
    "(SELECT value FROM json_each(resource.name) LIMIT 1)) COLLATE NOCASE"
)


def search_resources(
    database: Database,
    text: str = "",
    county: str | None = None,
    language: str | None = None,
    category: str | None = None,
    limit: int = SEARCH_LIMIT,
) -> list[dict[str, Any]]:
    """Resources matching all the filters given, as records (labels and lists parsed).

    ``language`` is a language spoken there: "zh" also finds places that list
    "zh-Hant". Resources whose name matches the text come first, then by name.
    """
    where = ["deleted = 0"]
    params: list[Any] = []
    if county:
        where.append("county = ?")
        params.append(county)
    if category:
        where.append("category = ?")
        params.append(category)
    if language:
        where.append(
            "EXISTS (SELECT 1 FROM json_each(coalesce(resource.languages, '[]')) spoken "
            "WHERE lower(spoken.value) = lower(?) OR lower(spoken.value) LIKE lower(?) || '-%')"
        )
        params += [language, language]
    terms = fold(text).split()
    for term in terms:
        where.append(f"(instr({_NAME_TEXT}, ?) > 0 OR instr({_OTHER_TEXT}, ?) > 0)")
        params += [term, term]
    order = _SORT_NAME
    if terms:
        order = f"instr({_NAME_TEXT}, ?) = 0, {_SORT_NAME}"
        params.append(terms[0])
    rows = database.query(
        f"SELECT * FROM resource WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ?",
        (*params, limit),
    )
    return [from_row(Kind.RESOURCE, row) for row in rows]


def count_resources(database: Database) -> int:
    return int(database.scalar("SELECT count(*) FROM resource WHERE deleted = 0"))


def directory_choices(database: Database) -> dict[str, list[str]]:
    """The counties, languages and categories the directory holds, for the filters.

    Offering only values that exist means a filter never leads to an empty
    list by itself.
    """
    counties = [
        row["county"]
        for row in database.query(
            "SELECT DISTINCT county FROM resource WHERE deleted = 0 AND county IS NOT NULL "
            "ORDER BY county"
        )
    ]
    languages = [
        row["value"]
        for row in database.query(
            "SELECT DISTINCT spoken.value AS value FROM resource, "
            "json_each(coalesce(resource.languages, '[]')) spoken "
            "WHERE resource.deleted = 0 ORDER BY value"
        )
    ]
    categories = [
        row["category"]
        for row in database.query(
            "SELECT DISTINCT category FROM resource WHERE deleted = 0 AND category IS NOT NULL "
            "ORDER BY category"
        )
    ]
    return {"counties": counties, "languages": languages, "categories": categories}
