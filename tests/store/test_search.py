"""Resident search: any script, any part of a name, phone in any format."""

from __future__ import annotations

import pytest

from ocpsc_field.core.records import Kind

PEOPLE = [
    ("Nguyễn", "Thị Hương", "vi", "(714) 555-0111", "9 Bolsa Ave"),
    ("陈", "美玲", "zh-Hans", "(415) 555-0112", "88 Stockton St"),
    ("김", "민준", "ko", "(213) 555-0113", "3rd St"),
    ("Հակոբյան", "Արամ", "hy", "(818) 555-0114", "Glendale Ave"),
    ("محمدی", "زهرا", "fa", "(310) 555-0115", "Westwood Blvd"),
    ("ស៊ុន", "សុភា", "km", "(562) 555-0116", "Anaheim St"),
    ("Đặng", "Văn Minh", "vi", "(408) 555-0117", "Story Rd"),
    ("García López", "José", "es", "(559) 555-0118", "Calle Ventura"),
]


@pytest.fixture
def people(opened):
    ids = {}
    for family, given, language, phone, street in PEOPLE:
        result = opened.records.create(
            Kind.RESIDENT,
            {
                "family_name": family,
                "given_name": given,
                "preferred_language": language,
                "phone": phone,
                "address_line": street,
            },
        )
        assert result.ok, result.errors
        ids[family] = result.record["id"]
    return ids


def found(opened, text: str) -> set[str]:
    return {row["family_name"] for row in opened.residents.search(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nguyen", {"Nguyễn"}),
        ("Nguyễn", {"Nguyễn"}),
        ("huong", {"Nguyễn"}),
        ("dang", {"Đặng"}),
        ("陈美玲", {"陈"}),
        ("美玲", {"陈"}),
        ("陈", {"陈"}),
        ("김민준", {"김"}),
        ("민준", {"김"}),
        ("Հակոբ", {"Հակոբյան"}),
        ("محمدی", {"محمدی"}),
        ("ស៊ុន", {"ស៊ុន"}),
        ("garcia jose", {"García López"}),
        ("lopez", {"García López"}),
        ("555-0117", {"Đặng"}),
        ("(714) 555-0111", {"Nguyễn"}),
        ("7145550111", {"Nguyễn"}),
        ("stockton", {"陈"}),
        ("zzzz", set()),
    ],
)
def test_search_finds_by_any_part(opened, people, text, expected):
    assert found(opened, text) == expected


def test_names_are_returned_exactly_as_typed(opened, people):
    rows = opened.residents.search("huong")
    assert rows[0]["given_name"] == "Thị Hương"


def test_deleted_residents_are_not_found(opened, people):
    opened.records.delete(Kind.RESIDENT, people["Nguyễn"])
    assert found(opened, "nguyen") == set()


def test_updates_are_searchable(opened, people):
    opened.records.update(Kind.RESIDENT, people["김"], {"preferred_name": "Minjun Kim"})
    assert found(opened, "minjun") == {"김"}


def test_empty_search_lists_newest_first(opened, people):
    rows = opened.residents.search("", limit=3)
    assert [row["family_name"] for row in rows] == ["García López", "Đặng", "ស៊ុន"]


def test_quotes_and_operators_are_plain_text(opened, people):
    assert found(opened, 'nguyen" OR "') == set()
    assert found(opened, "AND OR NOT") == set()
