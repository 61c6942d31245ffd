"""Likely duplicates: a similar name plus the same birth date or phone."""

from __future__ import annotations

import pytest

from ocpsc_field.core.records import Kind
from ocpsc_field.store.duplicates import likely_duplicates, name_similarity

STORED = [
    {
        "given_name": "José",
        "family_name": "García",
        "preferred_language": "es",
        "phone": "(559) 555-0113",
        "birth_date": "1980-04-23",
    },
    {
        "given_name": "María",
        "family_name": "Hernández",
        "preferred_language": "es",
        "birth_date": "1975-01-02",
    },
    {
        "given_name": "美玲",
        "family_name": "陈",
        "preferred_language": "zh-Hans",
        "phone": "(415) 555-0115",
    },
]


@pytest.fixture
def stored(opened):
    ids = {}
    for values in STORED:
        result = opened.records.create(Kind.RESIDENT, values)
        assert result.ok, result.errors
        ids[values["given_name"]] = result.record["id"]
    return ids


def found(opened, **candidate) -> list[str]:
    return [item.resident["given_name"] for item in likely_duplicates(opened.database, candidate)]


def test_accents_and_case_do_not_matter_with_the_same_phone(opened, stored):
    matches = likely_duplicates(
        opened.database,
        {"given_name": "Jose", "family_name": "GARCIA", "phone": "559-555-0113"},
    )
    assert [item.resident["id"] for item in matches] == [stored["José"]]
    assert matches[0].same_phone and not matches[0].same_birth_date
    assert matches[0].name_similarity == 1.0


def test_swapped_given_and_family_names(opened, stored):
    assert found(opened, given_name="García", family_name="José", birth_date="1980-04-23") == [
        "José"
    ]


def test_a_small_typo_with_the_same_birth_date(opened, stored):
    assert found(opened, given_name="Maria", family_name="Hernadez", birth_date="1975-01-02") == [
        "María"
    ]
    assert found(opened, given_name="Jsoe", family_name="Garcia", birth_date="1980-04-23") == [
        "José"
    ]


def test_names_written_without_spaces(opened, stored):
    assert found(opened, given_name="陈美玲", phone="+1 415 555 0115") == ["美玲"]


def test_same_name_is_not_enough(opened, stored):
    assert found(opened, given_name="José", family_name="García") == []
    assert (
        found(
            opened,
            given_name="José",
            family_name="García",
            birth_date="1990-01-01",
            phone="(916) 555-0100",
        )
        == []
    )


def test_same_birth_date_or_phone_with_another_name_is_not_a_duplicate(opened, stored):
    assert found(opened, given_name="Ana", family_name="Ruiz", birth_date="1980-04-23") == []
    assert found(opened, given_name="Luis", family_name="Garza", phone="(559) 555-0113") == []


def test_deleted_and_excluded_residents_are_left_out(opened, stored):
    candidate = {"given_name": "Jose", "family_name": "Garcia", "phone": "5595550113"}
    matches = likely_duplicates(opened.database, candidate, exclude_id=stored["José"])
    assert matches == []
    opened.records.delete(Kind.RESIDENT, stored["José"])
    assert likely_duplicates(opened.database, candidate) == []


def test_bad_values_are_ignored_rather_than_matched(opened, stored):
    assert found(opened, given_name="Jose", family_name="Garcia", birth_date="not a date") == []


@pytest.mark.parametrize(
    ("first", "second", "low", "high"),
    [
        (("Jose", "Garcia"), ("José", "García"), 1.0, 1.0),
        (("Jose", "Garcia"), ("José", "García López"), 0.8, 0.8),
        (("Maria", "Lopez"), ("Maria", "Garcia"), 0.0, 0.7),
        (("Nguyen", "Van Minh"), ("Van Minh", "Nguyễn"), 1.0, 1.0),
        (("Ann", "Lee"), ("Anne", "Li"), 0.6, 0.79),
    ],
)
def test_name_similarity(first, second, low, high):
    score = name_similarity(
        {"given_name": first[0], "family_name": first[1]},
        {"given_name": second[0], "family_name": second[1]},
    )
    assert low <= score <= high
