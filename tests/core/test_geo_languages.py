"""California counties and ZIPs, and BCP 47 language tags."""

from __future__ import annotations

import pytest

from ocpsc_field.core.geo import COUNTIES, COUNTY_PLACES, is_california_zip, normalize_county
from ocpsc_field.core.languages import APP_LANGUAGES, COMMON_LANGUAGES, canonical_tag, is_bcp47

# --- counties -----------------------------------------------------------------


def test_there_are_58_counties_in_alphabetical_order() -> None:
    assert len(COUNTIES) == 58
    assert len(set(COUNTIES)) == 58
    assert list(COUNTIES) == sorted(COUNTIES)
    assert COUNTIES[0] == "Alameda"
    assert COUNTIES[-1] == "Yuba"


def test_county_names_are_bare_official_names() -> None:
    for name in COUNTIES:
        assert name == name.strip()
        assert "County" not in name
        assert "  " not in name
    for expected in ("Contra Costa", "Del Norte", "El Dorado", "San Luis Obispo", "Tuolumne"):
        assert expected in COUNTIES


def test_every_county_has_places_with_california_zips() -> None:
    assert set(COUNTY_PLACES) == set(COUNTIES)
    for county, places in COUNTY_PLACES.items():
        assert 1 <= len(places) <= 5, county
        for city, zip5 in places:
            assert city and city == city.strip(), county
            assert is_california_zip(zip5), (county, city, zip5)


def test_each_place_zip_belongs_to_one_county_only() -> None:
    owner: dict[str, str] = {}
    for county, places in COUNTY_PLACES.items():
        for _city, zip5 in places:
            assert owner.setdefault(zip5, county) == county, zip5


@pytest.mark.parametrize(
    ("place", "county"),
    [
        (("Markleeville", "96120"), "Alpine"),
        (("Eureka", "95501"), "Humboldt"),
        (("Arcata", "95521"), "Humboldt"),
        (("Sacramento", "95814"), "Sacramento"),
        (("Fresno", "93721"), "Fresno"),
    ],
)
def test_known_places(place: tuple[str, str], county: str) -> None:
    assert place in COUNTY_PLACES[county]


@pytest.mark.parametrize(
    ("zip5", "expected"),
    [
        ("90001", True),
        ("96162", True),
        ("95814", True),
        ("94102", True),
        ("96120", True),
        ("90000", False),
        ("96163", False),
        ("96701", False),  # Hawaii
        ("96201", False),  # military mail, Pacific
        ("89501", False),  # Nevada
        ("10001", False),
        ("9581", False),
        ("958140", False),
        (" 95814", False),
        ("95814-1234", False),
        ("٩٥٨١٤", False),  # Arabic-Indic digits
        ("", False),
    ],
)
def test_is_california_zip(zip5: str, expected: bool) -> None:
    assert is_california_zip(zip5) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sacramento", "Sacramento"),
        ("sacramento", "Sacramento"),
        ("LOS ANGELES COUNTY", "Los Angeles"),
        ("  los   angeles  ", "Los Angeles"),
        ("San Luis Obispo County", "San Luis Obispo"),
        ("City and County of San Francisco", "San Francisco"),
        ("del norte", "Del Norte"),
        ("Springfield", None),
        ("Los", None),
        ("County", None),
        ("", None),
        ("Orange County, FL", None),
    ],
)
def test_normalize_county(text: str, expected: str | None) -> None:
    assert normalize_county(text) == expected


def test_normalize_county_accepts_every_canonical_name() -> None:
    for name in COUNTIES:
        assert normalize_county(name) == name
        assert normalize_county(name.upper() + " county") == name


# --- language tags ----------------------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    [
        "en",
        "es-419",
        "zh-Hant-TW",
        "zh-hant-tw",
        "ZH-HANS",
        "hmn",
        "ium",
        "yue-HK",
        "zh-yue",  # language with extlang
        "sl-rozaj-biske",  # variants
        "de-CH-1901",  # digit-led variant
        "en-US-u-ca-gregory",  # extension
        "en-US-x-twain",  # private use
        "x-whatever",
        "i-klingon",  # grandfathered, irregular
        "en-GB-oed",
        "zh-min-nan",
        "english",  # reserved length, but well-formed
    ],
)
def test_well_formed_tags(tag: str) -> None:
    assert is_bcp47(tag)


@pytest.mark.parametrize(
    "tag",
    [
        "",
        "e",
        "en-",
        "-en",
        "en--US",
        "zh_Hant",
        "en US",
        "en-US-",
        "toolonglanguage",
        "en-a",  # singleton without subtags
        "en-x",  # private use without subtags
        "en-US-u-ca-x",  # ditto
        "zh-Hant-Hans-TW",  # two scripts
        "español",
        "en\n",
        "1en",
    ],
)
def test_malformed_tags(tag: str) -> None:
    assert not is_bcp47(tag)


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("zh-hant-tw", "zh-Hant-TW"),
        ("zh_Hant", "zh-Hant"),
        ("ZH_HANS_CN", "zh-Hans-CN"),
        ("EN-us", "en-US"),
        ("es-419", "es-419"),
        ("sr-latn-rs", "sr-Latn-RS"),
        ("en-US-u-CA-gregory", "en-US-u-ca-gregory"),
        ("en-x-AB", "en-x-ab"),
        ("X-AB-CD", "x-ab-cd"),
        ("I-KLINGON", "i-klingon"),
        ("EN-GB-OED", "en-GB-oed"),
        ("  vi  ", "vi"),
        ("HMN", "hmn"),
        ("de-ch-1901", "de-CH-1901"),
    ],
)
def test_canonical_tag(tag: str, expected: str) -> None:
    assert canonical_tag(tag) == expected
    assert canonical_tag(expected) == expected


def test_app_languages_are_the_ui_languages() -> None:
    assert APP_LANGUAGES[:2] == ("en", "es")
    assert {"zh-Hans", "zh-Hant", "ium", "hmn", "km", "lo", "hy", "pa"} <= set(APP_LANGUAGES)
    assert len(APP_LANGUAGES) == 20


@pytest.mark.parametrize("tags", [APP_LANGUAGES, COMMON_LANGUAGES])
def test_language_lists_hold_canonical_unique_tags(tags: tuple[str, ...]) -> None:
    assert len(set(tags)) == len(tags)
    for tag in tags:
        assert is_bcp47(tag), tag
        assert canonical_tag(tag) == tag, tag


def test_common_languages_include_the_app_languages_and_more() -> None:
    assert set(APP_LANGUAGES) < set(COMMON_LANGUAGES)
    for tag in ("mix", "zap", "ti", "so", "am", "pt", "fr", "ps", "ur", "bn", "my", "ne"):
        assert tag in COMMON_LANGUAGES
    for tag in ("sm", "to", "chk", "mh", "yue", "nan"):
        assert tag in COMMON_LANGUAGES
