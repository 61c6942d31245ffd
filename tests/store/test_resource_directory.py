"""Searching the resource directory by text, county, language spoken and category."""

from __future__ import annotations

import pytest

from ocpsc_field.core.records import Kind
from ocpsc_field.store.reference_data import load_resources
from ocpsc_field.store.resource_directory import (
    count_resources,
    directory_choices,
    search_resources,
)


def resource(name: str, county: str, **values) -> dict:
    return {
        "name": {"en": name},
        "category": values.pop("category", "food"),
        "county": county,
        "languages": values.pop("languages", ["en"]),
        **values,
    }


@pytest.fixture
def directory(opened):
    items = [
        resource(
            "Westminster Family Pantry",
            "Orange",
            services=["Groceries", "Diapers"],
            languages=["en", "vi", "es"],
            city="Westminster",
            zip="92683",
        ),
        resource(
            "Orange County Tenant Rights Clinic",
            "Orange",
            category="housing",
            services=["Eviction defense"],
            languages=["en", "es"],
            description={"en": "Free help with notices.", "es": "Ayuda gratuita con avisos."},
        ),
        resource(
            "Fresno Reentry Hub",
            "Fresno",
            category="reentry",
            services=["Job readiness", "ID replacement"],
            languages=["en", "es", "hmn"],
        ),
        resource(
            "Chinatown Senior Center",
            "San Francisco",
            category="seniors",
            services=["Meals", "Pantry referrals"],
            languages=["en", "zh-Hant", "yue"],
        ),
    ]
    with opened.database.transaction():
        for item in items:
            opened.records.put_reference(Kind.RESOURCE, item)
    return opened.database


def names(rows) -> list[str]:
    return [row["name"]["en"] for row in rows]


def test_no_filters_lists_everything_by_name(directory):
    assert names(search_resources(directory)) == [
        "Chinatown Senior Center",
        "Fresno Reentry Hub",
        "Orange County Tenant Rights Clinic",
        "Westminster Family Pantry",
    ]


def test_filters_combine(directory):
    assert names(search_resources(directory, county="Orange")) == [
        "Orange County Tenant Rights Clinic",
        "Westminster Family Pantry",
    ]
    assert names(search_resources(directory, county="Orange", language="vi")) == [
        "Westminster Family Pantry"
    ]
    assert names(search_resources(directory, language="hmn")) == ["Fresno Reentry Hub"]
    assert names(search_resources(directory, category="housing")) == [
        "Orange County Tenant Rights Clinic"
    ]
    assert search_resources(directory, county="Orange", category="reentry") == []


def test_a_base_language_finds_its_scripts(directory):
    assert names(search_resources(directory, language="zh")) == ["Chinatown Senior Center"]
    assert names(search_resources(directory, language="zh-hant")) == ["Chinatown Senior Center"]


def test_text_matches_services_description_and_any_language_names_first(directory):
    # "pantry" is in one name and in another's services; the name match comes first.
    assert names(search_resources(directory, "pantry")) == [
        "Westminster Family Pantry",
        "Chinatown Senior Center",
    ]
    assert names(search_resources(directory, "eviction")) == ["Orange County Tenant Rights Clinic"]
    assert names(search_resources(directory, "gratuita")) == ["Orange County Tenant Rights Clinic"]
    assert names(search_resources(directory, "92683")) == ["Westminster Family Pantry"]
    assert names(search_resources(directory, "REENTRY job")) == ["Fresno Reentry Hub"]


def test_language_keys_of_the_texts_are_not_searched(opened, directory):
    opened.records.put_reference(
        Kind.RESOURCE,
        resource("Food Hub", "Alpine", description={"en": "Food", "es": "Comida"}),
    )
    assert names(search_resources(directory, "comida")) == ["Food Hub"]
    # The texts are stored as {"en": ..., "es": ...}; those keys are not words in them.
    assert search_resources(directory, "es", county="Alpine") == []
    assert search_resources(directory, "en", county="Alpine") == []


def test_results_are_whole_records_and_respect_the_limit(directory):
    rows = search_resources(directory, limit=2)
    assert len(rows) == 2
    assert rows[0]["services"] == ["Meals", "Pantry referrals"]
    assert rows[0]["languages"] == ["en", "zh-Hant", "yue"]
    assert isinstance(rows[0]["id"], str)


def test_deleted_resources_are_not_found(opened, directory):
    hub = search_resources(directory, "reentry")[0]
    opened.records.put_reference(Kind.RESOURCE, {**hub, "deleted": True})
    assert search_resources(directory, "reentry") == []
    assert count_resources(directory) == 3


def test_choices_list_only_what_the_directory_holds(directory):
    choices = directory_choices(directory)
    assert choices["counties"] == ["Fresno", "Orange", "San Francisco"]
    assert choices["languages"] == ["en", "es", "hmn", "vi", "yue", "zh-Hant"]
    assert choices["categories"] == ["food", "housing", "reentry", "seniors"]


def test_bundled_directory_is_searchable(opened):
    with opened.database.transaction():
        for item in load_resources():
            opened.records.put_reference(Kind.RESOURCE, item)
    rows = search_resources(opened.database, county="Los Angeles", language="es")
    assert rows and all(row["county"] == "Los Angeles" and "es" in row["languages"] for row in rows)
    assert count_resources(opened.database) == len(load_resources())
