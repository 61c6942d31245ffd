"""Demo data: deterministic, valid, Californian, and in many scripts."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ocpsc_field.core.clock import parse_iso_utc
from ocpsc_field.core.demo_data import DemoGenerator, pacific_offset, pacific_to_utc
from ocpsc_field.core.geo import COUNTIES, COUNTY_PLACES
from ocpsc_field.core.ids import new_id
from ocpsc_field.core.records import RESOURCE_CATEGORIES, Kind, field_names
from ocpsc_field.core.survey import parse_definition, validate_answers
from ocpsc_field.core.validation import validate
from ocpsc_field.resources_path import catalog_dir, resources_dir
from ocpsc_field.store.reference_data import load_programs, load_resources, load_surveys

TODAY = date(2026, 3, 15)
AREA_CODES = {
    "209", "213", "279", "310", "323", "341", "350", "408", "415", "424", "442", "510", "530",
    "559", "562", "619", "626", "628", "650", "657", "661", "669", "707", "714", "747", "760",
    "805", "818", "820", "831", "840", "858", "909", "916", "925", "949", "951",
}  # fmt: skip
FICTIONAL_PHONE = re.compile(r"\+1(\d{3})55501\d{2}")
REQUIRED_PROGRAMS = {
    "calfresh",
    "medi_cal",
    "covered_california",
    "calassist_mortgage_fund",
    "ca_grants_portal",
    "wic",
    "calworks",
    "liheap",
    "california_lifeline",
    "calkids",
}


def errors_of(kind: Kind, record: dict[str, Any], today: date = TODAY) -> dict[str, str]:
    result = validate(kind, record, today=today)
    return {name: str(message) for name, message in result.errors.items()}


@pytest.fixture(scope="module")
def programs() -> list[dict[str, Any]]:
    return [dict(program, id=new_id()) for program in load_programs()]


@pytest.fixture(scope="module")
def resources() -> list[dict[str, Any]]:
    return [dict(resource, id=new_id()) for resource in load_resources()]


@pytest.fixture(scope="module")
def residents() -> list[dict[str, Any]]:
    generator = DemoGenerator(seed=2026, today=TODAY)
    return [generator.resident(None) for _ in range(20_000)]


# --- determinism --------------------------------------------------------------


def _sample(seed: int, program: dict[str, Any]) -> list[object]:
    generator = DemoGenerator(seed=seed, today=TODAY)
    ids = [f"00000000-0000-7000-8000-{n:012d}" for n in range(6)]
    survey = dict(load_surveys()[0], id=ids[5])
    return [
        generator.organizations(5),
        [generator.resident(ids[0]) for _ in range(50)],
        [generator.contact_log(ids[1], ids[2:4], ids[4:5]) for _ in range(50)],
        [generator.enrollment(ids[0], program) for _ in range(20)],
        [generator.survey_response(survey, ids[0]) for _ in range(10)],
    ]


def test_same_seed_gives_same_data(programs: list[dict[str, Any]]) -> None:
    assert _sample(7, programs[0]) == _sample(7, programs[0])


def test_different_seeds_give_different_data(programs: list[dict[str, Any]]) -> None:
    assert _sample(7, programs[0]) != _sample(8, programs[0])


def test_default_seed_and_today() -> None:
    generator = DemoGenerator()
    assert generator.seed == 7
    assert generator.today == date.today()
    assert errors_of(Kind.RESIDENT, generator.resident(None), today=date.today()) == {}


# --- every record validates -----------------------------------------------------


def test_catalog_programs_validate(programs: list[dict[str, Any]]) -> None:
    for program in load_programs():
        assert errors_of(Kind.PROGRAM, program) == {}, program["code"]


def test_catalog_resources_validate() -> None:
    for resource in load_resources():
        assert errors_of(Kind.RESOURCE, resource) == {}, resource["name"]


def test_generated_records_have_exactly_the_schema_fields(
    programs: list[dict[str, Any]],
) -> None:
    generator = DemoGenerator(seed=1, today=TODAY)
    survey = load_surveys()[0]
    survey_with_id = dict(survey, id=new_id())
    samples = {
        Kind.ORGANIZATION: generator.organizations(1)[0],
        Kind.RESIDENT: generator.resident(None),
        Kind.CONTACT_LOG: generator.contact_log(None, [], []),
        Kind.ENROLLMENT: generator.enrollment(new_id(), programs[0]),
        Kind.SURVEY: {name: value for name, value in survey.items() if name != "id"},
        Kind.SURVEY_RESPONSE: generator.survey_response(survey_with_id, None),
    }
    for kind, record in samples.items():
        assert set(record) == set(field_names(kind)), kind


def test_residents_validate() -> None:
    generator = DemoGenerator(seed=11, today=TODAY)
    organizations = [new_id() for _ in range(5)]
    for n in range(3000):
        resident = generator.resident(organizations[n % 5] if n % 7 else None)
        assert errors_of(Kind.RESIDENT, resident) == {}, resident


def test_organizations_validate() -> None:
    generator = DemoGenerator(seed=11, today=TODAY)
    organizations = generator.organizations(200)
    assert len({org["name"] for org in organizations}) == 200
    for organization in organizations:
        assert errors_of(Kind.ORGANIZATION, organization) == {}, organization
        assert set(organization["counties"]) <= set(COUNTIES)


def test_contact_logs_validate_and_keep_the_rules(
    programs: list[dict[str, Any]], resources: list[dict[str, Any]]
) -> None:
    generator = DemoGenerator(seed=12, today=TODAY)
    program_ids = [str(p["id"]) for p in programs]
    resource_ids = [str(r["id"]) for r in resources]
    outcomes: Counter[str] = Counter()
    for n in range(3000):
        resident_id = new_id() if n % 4 else None
        log = generator.contact_log(resident_id, program_ids, resource_ids)
        assert errors_of(Kind.CONTACT_LOG, log) == {}, log
        assert log["anonymous_household"] is (resident_id is None)
        assert log["resident_id"] == resident_id
        outcomes[log["outcome"]] += 1
        occurred = parse_iso_utc(log["occurred_at"])
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z", log["occurred_at"])
        local = occurred + pacific_offset(occurred.date())
        local_day = (occurred - timedelta(hours=8)).date()
        assert TODAY - timedelta(days=91) <= local_day < TODAY
        assert 9 <= local.hour <= 19
        if log["outcome"] == "follow_up":
            assert log["follow_up_date"] is not None
            assert log["consent_follow_up"] is True
        if log["follow_up_date"] is not None:
            assert date.fromisoformat(log["follow_up_date"]) >= local_day
        assert len(log["programs_discussed"]) <= 3
        assert set(log["programs_discussed"]) <= set(program_ids)
        assert set(log["referrals"]) <= set(resource_ids)
        if log["misinformation_note"]:
            assert log["misinformation_category"] is not None
    assert set(outcomes) == {"reached", "not_home", "refused", "moved", "follow_up"}
    assert outcomes["reached"] > outcomes["moved"]


def test_contact_log_uses_given_language() -> None:
    generator = DemoGenerator(seed=3, today=TODAY)
    logs = [generator.contact_log(new_id(), [], [], language="hmn") for _ in range(200)]
    assert {log["language"] for log in logs} == {"hmn"}
    materials = [m for log in logs for m in log["materials_left"]]
    assert materials and all(m.endswith("(hmn)") for m in materials)


def test_enrollments_validate_and_follow_the_lifecycle(
    programs: list[dict[str, Any]],
) -> None:
    generator = DemoGenerator(seed=13, today=TODAY)
    statuses: Counter[str] = Counter()
    for n in range(3000):
        program = programs[n % len(programs)]
        enrollment = generator.enrollment(new_id(), program)
        assert errors_of(Kind.ENROLLMENT, enrollment) == {}, enrollment
        status = enrollment["status"]
        statuses[status] += 1
        started = date.fromisoformat(enrollment["started_on"])
        submitted = enrollment["submitted_on"]
        decided = enrollment["decided_on"]
        assert started <= TODAY
        if status in ("submitted", "approved", "denied"):
            assert submitted is not None
        if submitted is not None:
            assert started <= date.fromisoformat(submitted) <= TODAY
            assert re.fullmatch(r"[A-Z]{2,4}-\d{4}-\d{6}", enrollment["reference_number"])
        else:
            assert enrollment["reference_number"] is None
        assert (decided is not None) == (status in ("approved", "denied"))
        if decided is not None:
            assert date.fromisoformat(submitted) <= date.fromisoformat(decided) <= TODAY
        assert set(enrollment["eligibility_answers"]) == {i["id"] for i in program["eligibility"]}
        assert all(isinstance(v, bool) for v in enrollment["eligibility_answers"].values())
        assert set(enrollment["documents"]) == {d["id"] for d in program["required_documents"]}
        assert set(enrollment["documents"].values()) <= {"received", "missing"}
    assert set(statuses) == {"started", "submitted", "approved", "denied", "withdrawn"}
    calfresh = next(p for p in programs if p["code"] == "calfresh")
    numbers = [generator.enrollment(new_id(), calfresh)["reference_number"] for _ in range(50)]
    assert any(number and number.startswith("CF-") for number in numbers)


def test_survey_responses_are_valid_against_the_bundled_survey() -> None:
    generator = DemoGenerator(seed=14, today=TODAY)
    survey = dict(load_surveys()[0], id=new_id())
    definition = parse_definition(survey["definition"])
    skipped: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    for n in range(500):
        response = generator.survey_response(survey, new_id() if n % 2 else None)
        assert errors_of(Kind.SURVEY_RESPONSE, response) == {}, response
        assert response["status"] == "complete"
        assert response["survey_id"] == survey["id"]
        assert response["survey_version"] == "2026.1"
        assert validate_answers(definition, response["answers"], response["language"]) == {}
        assert response["language"] in definition.languages
        languages[response["language"]] += 1
        for question in definition.questions():
            if question.takes_answer and question.name not in response["answers"]:
                skipped[question.name] += 1
        for area in ("people", "funding"):
            other = response["answers"].get(f"{area}_has_other")
            assert other is None or "other" in response["answers"][f"{area}_has"]
    assert skipped["organization_name"] == 0 and skipped["share_answers"] == 0
    assert 0 < skipped["people_detail"] < 500  # optional questions: sometimes answered
    assert languages["en"] > languages["vi"] > 0 and languages["es"] > 0


# --- realistic residents ----------------------------------------------------------


def test_all_58_counties_appear_in_20000_residents(residents: list[dict[str, Any]]) -> None:
    counties = Counter(r["county"] for r in residents)
    assert set(counties) == set(COUNTIES)
    assert counties.most_common(1)[0][0] == "Los Angeles"
    assert counties["Los Angeles"] > 10 * counties["Fresno"] / 4


def test_small_counties_appear_in_a_few_thousand_residents() -> None:
    generator = DemoGenerator(seed=5, today=TODAY)
    assert {generator.resident(None)["county"] for _ in range(4000)} == set(COUNTIES)


def test_city_zip_and_county_agree(residents: list[dict[str, Any]]) -> None:
    for r in residents:
        assert (r["city"], r["zip"]) in COUNTY_PLACES[r["county"]]


def test_phones_are_fictional_and_californian(residents: list[dict[str, Any]]) -> None:
    phones = [r["phone"] for r in residents]
    missing = phones.count(None)
    assert 0.05 * len(phones) < missing < 0.15 * len(phones)
    for phone in phones:
        if phone is not None:
            match = FICTIONAL_PHONE.fullmatch(phone)
            assert match and match.group(1) in AREA_CODES, phone


def test_emails_are_ascii_at_example_domains(residents: list[dict[str, Any]]) -> None:
    emails = [r["email"] for r in residents if r["email"]]
    assert len(emails) > 1000
    for email in emails:
        assert email.isascii()
        assert email.rsplit("@", 1)[1] in ("example.org", "example.com", "example.net")


def test_ages_and_consent(residents: list[dict[str, Any]]) -> None:
    ages = []
    for r in residents:
        born = date.fromisoformat(r["birth_date"])
        age = TODAY.year - born.year - ((TODAY.month, TODAY.day) < (born.month, born.day))
        ages.append(age)
        assert 1 <= r["household_size"] <= 9
        if r["consent_contact"]:
            consented = date.fromisoformat(r["consent_date"])
            assert TODAY - timedelta(days=731) <= consented <= TODAY
    assert min(ages) == 18 and max(ages) == 95
    assert sum(r["consent_contact"] for r in residents) > 0.85 * len(residents)


def _scripts(text: str) -> set[str]:
    found = set()
    for ch in text:
        if ch.isalpha():
            found.add(unicodedata.name(ch, "UNKNOWN").split()[0])
    return found


def test_names_in_many_scripts(residents: list[dict[str, Any]]) -> None:
    scripts: set[str] = set()
    for r in residents:
        scripts |= _scripts(f"{r['given_name']}{r['family_name']}")
    expected = {"CJK", "HANGUL", "ARMENIAN", "ARABIC", "GURMUKHI", "KHMER", "CYRILLIC"}
    assert expected <= scripts
    names = " ".join(f"{r['given_name']} {r['family_name']}" for r in residents)
    for written in ("Nguyễn", "Trần", "Thị", "Hernández", "ਕੌਰ", "Հ", "ی", "ک"):
        assert written in names, written


def test_preferred_languages_are_varied(residents: list[dict[str, Any]]) -> None:
    languages = Counter(r["preferred_language"] for r in residents)
    expected = "en es zh-Hans zh-Hant yue vi tl ko hy fa ar pa hmn km ru uk ja lo ium mix"
    assert set(expected.split()) <= set(languages)
    assert languages["en"] > languages["es"] > languages["vi"]


def test_pacific_time_follows_daylight_saving() -> None:
    assert pacific_offset(date(2026, 1, 15)) == timedelta(hours=-8)
    assert pacific_offset(date(2026, 3, 7)) == timedelta(hours=-8)
    assert pacific_offset(date(2026, 3, 8)) == timedelta(hours=-7)  # second Sunday of March
    assert pacific_offset(date(2026, 10, 31)) == timedelta(hours=-7)
    assert pacific_offset(date(2026, 11, 1)) == timedelta(hours=-8)  # first Sunday of November
    moment = pacific_to_utc(date(2026, 7, 4), 18, 30)
    assert moment == datetime.fromisoformat("2026-07-05T01:30:00+00:00")


# --- catalogs -----------------------------------------------------------------------


def test_catalog_has_required_programs() -> None:
    catalog = load_programs()
    codes = [p["code"] for p in catalog]
    assert len(codes) == len(set(codes))
    assert set(codes) >= REQUIRED_PROGRAMS
    for program in catalog:
        assert {"en", "es"} <= set(program["name"]), program["code"]
        assert {"en", "es"} <= set(program["description"]), program["code"]
        assert program["url"].startswith("https://"), program["code"]
        assert program["active"] is True
        for key in ("eligibility", "required_documents"):
            ids = [item["id"] for item in program[key]]
            assert len(ids) == len(set(ids)), program["code"]
            for item in program[key]:
                assert {"en", "es"} <= set(item["label"]), (program["code"], item["id"])


def test_resource_directory_is_generic_and_statewide() -> None:
    directory = load_resources()
    assert len(directory) >= 75
    assert len({r["name"]["en"] for r in directory}) == len(directory)
    assert {r["category"] for r in directory} == set(RESOURCE_CATEGORIES)
    counties = {r["county"] for r in directory}
    assert counties <= set(COUNTIES)
    assert {"Imperial", "Humboldt", "Tulare", "Modoc", "Alpine"} <= counties
    assert len(counties) >= 40
    phones = [r["phone"] for r in directory]
    assert len(set(phones)) == len(phones)
    for resource in directory:
        match = FICTIONAL_PHONE.fullmatch(resource["phone"])
        assert match and match.group(1) in AREA_CODES, resource["phone"]
        assert resource.get("url") is None
        assert {"en", "es"} <= set(resource["description"])


def test_resources_dir_from_checkout_and_bundle(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert (catalog_dir() / "programs.json").is_file()
    assert resources_dir() == Path(__file__).resolve().parents[2] / "resources"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_dir() == tmp_path / "resources"
    assert catalog_dir() == tmp_path / "resources" / "catalog"


def test_loaders_read_another_directory(tmp_path: Path) -> None:
    (tmp_path / "programs.json").write_text('[{"code": "x", "name": {"en": "X"}}]', "utf-8")
    (tmp_path / "resources.json").write_text("{}", "utf-8")
    assert load_programs(tmp_path) == [{"code": "x", "name": {"en": "X"}}]
    with pytest.raises(ValueError):
        load_resources(tmp_path)
