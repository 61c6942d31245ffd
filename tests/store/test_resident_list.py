"""The residents list query: filters, sorting, keyset paging and counts, at small scale.

Every order is checked against the same order computed in Python, page by page
with small pages, through both ways of reading a page (sorting a small set, and
walking the sort index for a large one).
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from ocpsc_field.core.records import Kind
from ocpsc_field.store import resident_list
from ocpsc_field.store.resident_list import (
    ResidentFilters,
    ResidentList,
    ResidentListQuery,
    ResidentSort,
)

TODAY = date.today()

# family, given, language, county, phone
PEOPLE = [
    ("Nguyễn", "Thị Hương", "vi", "Orange", "(714) 555-0111"),
    ("nguyen", "Bao", "vi", "Santa Clara", "(408) 555-0112"),
    ("García López", "José", "es", "Fresno", "(559) 555-0113"),
    ("Garcia", "Ana", "es", "Los Angeles", "(323) 555-0114"),
    ("garcia", "Zoe", "en", "Los Angeles", None),
    ("陈", "美玲", "zh-Hans", "San Francisco", "(415) 555-0115"),
    ("김", "민준", "ko", "Los Angeles", "(213) 555-0116"),
    (None, "Aram", "hy", None, "(818) 555-0117"),
    (None, "Ani", "hy", "Los Angeles", None),
    ("Adams", "Maria", "en", None, "(916) 555-0118"),
    ("Martínez", "María", "es", "Sacramento", "(916) 555-0119"),
    ("Maalouf", "Rami", "ar", "Orange", None),
    ("Zhou", "Wei", "zh-Hans", "Alameda", "(510) 555-0120"),
    ("O'Brien", "Sean", "en", "Sacramento", None),
]
DELETED = ("Deleted", "Person", "en", "Los Angeles", "(213) 555-0199")


@pytest.fixture
def people(opened):
    """Residents (and one tombstone) with conversations and enrollments."""
    ids = {}
    for family, given, language, county, phone in [*PEOPLE, DELETED]:
        values = {"given_name": given, "preferred_language": language}
        for key, value in (("family_name", family), ("county", county), ("phone", phone)):
            if value is not None:
                values[key] = value
        result = opened.records.create(Kind.RESIDENT, values)
        assert result.ok, result.errors
        ids[given] = result.record["id"]
    opened.records.delete(Kind.RESIDENT, ids["Person"])
    return ids


@pytest.fixture
def programs(opened):
    ids = {}
    for code, name in (("calfresh", "CalFresh"), ("medi_cal", "Medi-Cal")):
        opened.records.put_reference(
            Kind.PROGRAM, {"code": code, "name": {"en": name, "es": name}, "active": True}
        )
    for row in opened.records.iter_all(Kind.PROGRAM):
        ids[row["code"]] = row["id"]
    return ids


def nocase(text: str | None) -> tuple[int, str]:
    """SQLite's order for a NOCASE column: NULL first, then ASCII letters case-folded."""
    if text is None:
        return (0, "")
    return (1, "".join(ch.lower() if "A" <= ch <= "Z" else ch for ch in text))


def binary(text: str | None) -> tuple[int, str]:
    return (0, "") if text is None else (1, text)


def expected_order(opened, query: ResidentListQuery, ids: list[str]) -> list[str]:
    rows = {row["id"]: row for row in opened.database.query("SELECT rowid, * FROM resident")}

    def name_key(row):
        return (nocase(row["family_name"]), nocase(row["given_name"]), row["rowid"])

    keys = {
        ResidentSort.NEWEST: lambda row: (-row["rowid"],),
        ResidentSort.NAME: name_key,
        ResidentSort.COUNTY: lambda row: (binary(row["county"]), *name_key(row)),
        ResidentSort.LANGUAGE: lambda row: (binary(row["preferred_language"]), *name_key(row)),
    }
    ordered = sorted(ids, key=lambda record_id: keys[query.sort](rows[record_id]))
    return ordered[::-1] if query.reverse else ordered


def all_pages(listing: ResidentList, query: ResidentListQuery, size: int) -> list[str]:
    first = listing.first_page(query, size)
    seen = [row["id"] for row in first.rows]
    cursor = first.cursor
    while cursor is not None:
        page = listing.next_page(query, cursor, size)
        assert len(page.rows) <= size
        seen += [row["id"] for row in page.rows]
        cursor = page.cursor
    return seen


def live_ids(people) -> list[str]:
    return [record_id for given, record_id in people.items() if given != "Person"]


@pytest.mark.parametrize("in_memory_limit", [1000, 0], ids=["sorted-set", "index-walk"])
@pytest.mark.parametrize("county", [None, "Los Angeles"])
def test_every_sort_pages_through_every_resident_once_in_order(
    opened, people, monkeypatch, in_memory_limit, county
):
    monkeypatch.setattr(resident_list, "SORT_IN_MEMORY_LIMIT", in_memory_limit)
    listing = ResidentList(opened.database)
    wanted = [
        record_id
        for record_id in live_ids(people)
        if county is None or opened.records.get(Kind.RESIDENT, record_id)["county"] == county
    ]
    for sort, reverse in itertools.product(ResidentSort, (False, True)):
        query = ResidentListQuery(ResidentFilters(county=county), sort, reverse)
        expected = expected_order(opened, query, wanted)
        for size in (1, 3, 100):
            assert all_pages(listing, query, size) == expected, (sort, reverse, size)


def test_name_order_ignores_case_and_puts_missing_family_names_first(opened, people):
    listing = ResidentList(opened.database)
    query = ResidentListQuery(sort=ResidentSort.NAME)
    names = [(row["family_name"], row["given_name"]) for row in listing.first_page(query).rows]
    assert names[:2] == [(None, "Ani"), (None, "Aram")]
    garcias = [name for name in names if name[0] and name[0].lower().startswith("garc")]
    # Same family name, any case: ordered by given name.
    assert garcias == [("Garcia", "Ana"), ("garcia", "Zoe"), ("García López", "José")]


def test_tombstoned_residents_are_neither_listed_nor_counted(opened, people):
    listing = ResidentList(opened.database)
    assert listing.count(ResidentFilters()) == len(PEOPLE)
    assert listing.count(ResidentFilters(county="Los Angeles")) == 4
    assert listing.count(ResidentFilters(text="deleted")) == 0
    shown = {row["id"] for row in listing.first_page(ResidentListQuery()).rows}
    assert people["Person"] not in shown

    opened.records.restore(Kind.RESIDENT, people["Person"])
    assert listing.count(ResidentFilters(county="Los Angeles")) == 5  # the cache saw the write
    assert listing.count(ResidentFilters(text="deleted")) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nguyen", {"Thị Hương", "Bao"}),
        ("garcia", {"José", "Ana", "Zoe"}),
        ("garcia jose", {"José"}),
        ("GARCÍA", {"José", "Ana", "Zoe"}),
        ("maria", {"Maria", "María"}),
        ("ma", {"Maria", "María", "Rami"}),  # starts a given or family name
        ("ga a", {"Ana"}),  # two short words: both must start a name
        ("陈", {"美玲"}),
        ("美玲", {"美玲"}),
        ("555-0113", {"José"}),
        ("9165550119", {"María"}),
        ("zzqx", set()),
    ],
)
def test_search_text(opened, people, text, expected):
    listing = ResidentList(opened.database)
    filters = ResidentFilters(text=text)
    page = listing.first_page(ResidentListQuery(filters))
    assert {row["given_name"] for row in page.rows} == expected
    assert listing.count(filters) == page.count == len(expected)


def test_short_digits_do_not_empty_the_list(opened, people):
    """ "91" is the start of a phone number being typed, not a name."""
    listing = ResidentList(opened.database)
    assert listing.count(ResidentFilters(text="maria 91")) == 2


def test_county_and_language_filters_combine_with_text(opened, people):
    listing = ResidentList(opened.database)
    assert listing.count(ResidentFilters(county="Los Angeles", language="es")) == 1
    assert listing.count(ResidentFilters(text="garcia", county="Los Angeles")) == 2
    page = listing.first_page(
        ResidentListQuery(ResidentFilters(text="garcia", county="Los Angeles", language="en"))
    )
    assert [row["given_name"] for row in page.rows] == ["Zoe"]
    assert page.count == 1


def test_program_filter_lists_residents_with_a_live_enrollment(opened, people, programs):
    def enroll(given: str, program: str) -> str:
        result = opened.records.create(
            Kind.ENROLLMENT,
            {
                "resident_id": people[given],
                "program_id": programs[program],
                "status": "started",
                "started_on": TODAY.isoformat(),
            },
        )
        assert result.ok, result.errors
        return result.record["id"]

    enroll("Ana", "calfresh")
    enroll("Ana", "calfresh")  # twice, still listed once
    enroll("Bao", "calfresh")
    enroll("Wei", "medi_cal")
    dropped = enroll("Sean", "calfresh")
    opened.records.delete(Kind.ENROLLMENT, dropped)
    listing = ResidentList(opened.database)
    filters = ResidentFilters(program_id=programs["calfresh"])
    page = listing.first_page(ResidentListQuery(filters, ResidentSort.NAME))
    assert [row["given_name"] for row in page.rows] == ["Ana", "Bao"]
    assert page.count == 2
    assert listing.count(ResidentFilters(program_id=programs["medi_cal"], text="wei")) == 1


def test_follow_up_due_lists_residents_whose_latest_conversation_asks_for_one(opened, people):
    def talk(given: str, days_ago: int, follow_up_in: int | None) -> None:
        occurred = TODAY - timedelta(days=days_ago)
        values = {
            "occurred_at": f"{occurred.isoformat()}T18:00:00Z",
            "resident_id": people[given],
            "channel": "door",
            "language": "en",
            "outcome": "follow_up" if follow_up_in is not None else "reached",
        }
        if follow_up_in is not None:
            values["follow_up_date"] = (occurred + timedelta(days=follow_up_in)).isoformat()
        result = opened.records.create(Kind.CONTACT_LOG, values)
        assert result.ok, result.errors

    talk("Ana", 10, 3)  # due a week ago
    talk("Bao", 10, 3)
    talk("Bao", 2, None)  # ... but Bao was visited again since: done
    talk("Wei", 1, 0)  # due today
    talk("Sean", 1, 5)  # not due yet
    talk("Rami", 20, 2)  # was due, and the next visit set a new date in the future
    talk("Rami", 3, 10)
    listing = ResidentList(opened.database)
    filters = ResidentFilters(follow_up_due=TODAY.isoformat())
    page = listing.first_page(ResidentListQuery(filters, ResidentSort.NAME))
    assert [row["given_name"] for row in page.rows] == ["Ana", "Wei"]
    assert listing.count(filters) == 2
    later = ResidentFilters(follow_up_due=(TODAY + timedelta(days=30)).isoformat())
    assert listing.count(later) == 4


def test_the_filter_choices(opened, people, programs):
    listing = ResidentList(opened.database)
    assert listing.languages_present() == sorted({person[2] for person in PEOPLE})
    assert [program["code"] for program in listing.programs()] == ["calfresh", "medi_cal"]
    assert listing.programs()[0]["name"]["en"] == "CalFresh"


def test_pages_follow_the_cursor_while_residents_are_added(opened, people):
    """Keyset paging: a resident added between pages neither repeats nor hides a row."""
    listing = ResidentList(opened.database)
    query = ResidentListQuery(sort=ResidentSort.NAME)
    first = listing.first_page(query, 5)
    aaron = {"given_name": "Aaron", "family_name": "Aardvark", "preferred_language": "en"}
    result = opened.records.create(Kind.RESIDENT, aaron)
    assert result.ok
    rest = []
    cursor = first.cursor
    while cursor is not None:
        page = listing.next_page(query, cursor, 5)
        rest += [row["id"] for row in page.rows]
        cursor = page.cursor
    shown = [row["id"] for row in first.rows] + rest
    assert len(shown) == len(set(shown)) == len(PEOPLE)  # Aardvark sorts before the cursor


def test_iter_ids_follows_the_list_order(opened, people):
    listing = ResidentList(opened.database)
    query = ResidentListQuery(ResidentFilters(text="garcia"), ResidentSort.NAME)
    assert list(listing.iter_ids(query, batch=2)) == [people["Ana"], people["Zoe"], people["José"]]


def test_sets_are_cached_and_dropped_when_data_changes(opened, people):
    listing = ResidentList(opened.database)
    for county, text in itertools.product(["Orange", "Los Angeles", None], ["", "nguyen", "a"]):
        listing.count(ResidentFilters(text=text, county=county))
    tables = {
        row["name"]
        for row in opened.database.query("SELECT name FROM temp.sqlite_master WHERE type='table'")
    }
    assert len([name for name in tables if name.startswith("resident_set_")]) == 8
    assert listing.count(ResidentFilters(county="Orange")) == 2
    result = opened.records.create(
        Kind.RESIDENT, {"given_name": "New", "preferred_language": "en", "county": "Orange"}
    )
    assert result.ok
    assert listing.count(ResidentFilters(county="Orange")) == 3


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_the_listed_residents_in_list_order(opened, people, tmp_path, fmt):
    import csv

    from ocpsc_field.store.export import export_residents

    listing = ResidentList(opened.database)
    query = ResidentListQuery(ResidentFilters(county="Los Angeles"), ResidentSort.NAME)
    ids = list(listing.iter_ids(query))
    ids.append(people["Person"])  # a tombstone is never written
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / f"residents.{fmt}"
    progress: list[int] = []
    assert export_residents(opened.records, ids, target, fmt=fmt, progress=progress.append) == 4
    assert progress[-1] == 4
    if fmt == "csv":
        with target.open(encoding="utf-8-sig", newline="") as handle:
            rows = [(row["family_name"], row["given_name"]) for row in csv.DictReader(handle)]
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(target, read_only=True)["resident"]
        values = list(sheet.iter_rows(values_only=True))
        header = list(values[0])
        family, given = header.index("family_name"), header.index("given_name")
        rows = [(row[family] or "", row[given]) for row in values[1:]]
    assert rows == [("", "Ani"), ("Garcia", "Ana"), ("garcia", "Zoe"), ("김", "민준")]
    assert [path.name for path in folder.iterdir()] == [target.name]  # no scratch files left


def test_a_stopped_export_leaves_no_file(opened, people, tmp_path):
    from ocpsc_field.store.export import export_residents

    listing = ResidentList(opened.database)

    def stop(_done: int) -> None:
        raise KeyboardInterrupt

    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "residents.csv"
    with pytest.raises(KeyboardInterrupt):
        export_residents(
            opened.records, listing.iter_ids(ResidentListQuery()), target, fmt="csv", progress=stop
        )
    assert list(folder.iterdir()) == []
