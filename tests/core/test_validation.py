"""The validation engine, rule by rule, with good and bad values."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from ocpsc_field.core import validation as v
from ocpsc_field.core.records import (
    ENROLLMENT_TRANSITIONS,
    SCHEMAS,
    FieldSpec,
    FieldType,
    Kind,
    field_names,
)
from ocpsc_field.core.text import Message
from ocpsc_field.core.validation import (
    RECORD_KEY,
    REQUIRED,
    Validation,
    check_transition,
    is_valid_email,
    normalize_phone,
    validate,
)

TODAY = date(2024, 6, 1)
RESIDENT_ID = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
PROGRAM_ID = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c"
SURVEY_ID = "6f1c2f1e-3b8a-4d0e-9c55-2a7b9f0e1d23"  # a version 4 UUID: any version is fine

VALID: Mapping[Kind, Mapping[str, Any]] = {
    Kind.RESIDENT: {"given_name": "Ana", "preferred_language": "es"},
    Kind.CONTACT_LOG: {
        "occurred_at": "2024-03-15T18:30:00-07:00",
        "anonymous_household": True,
        "channel": "door",
        "language": "es",
        "outcome": "reached",
    },
    Kind.ENROLLMENT: {
        "resident_id": RESIDENT_ID,
        "program_id": PROGRAM_ID,
        "status": "started",
        "started_on": "2024-03-01",
    },
    Kind.SURVEY_RESPONSE: {
        "survey_id": SURVEY_ID,
        "survey_version": "1",
        "status": "draft",
        "language": "en",
        "answers": {},
    },
    Kind.PROGRAM: {"code": "calfresh", "name": {"en": "CalFresh"}},
    Kind.SURVEY: {
        "form_id": "intake",
        "version": "1",
        "title": {"en": "Intake"},
        "definition": {"questions": []},
    },
    Kind.RESOURCE: {"name": {"en": "Food bank"}, "category": "food", "county": "Fresno"},
    Kind.ORGANIZATION: {"name": "OCPSC"},
}

# Every optional field filled in, in an unnormalized spelling.
EXTRA: Mapping[Kind, Mapping[str, Any]] = {
    Kind.RESIDENT: {
        "family_name": " Trần ",
        "preferred_name": "Mai",
        "birth_date": date(1980, 5, 17),
        "other_languages": ["EN", "zh_hant", "en"],
        "phone": "(916) 555-0123",
        "email": "Mai@Example.ORG",
        "address_line": "1234 J St",
        "city": "Sacramento",
        "zip": "95814 1234",
        "county": "sacramento county",
        "household_size": "3",
        "consent_contact": "yes",
        "consent_data_sharing": 0,
        "consent_date": "2024-05-01",
        "organization_id": PROGRAM_ID.upper(),
        "notes": "Prefers evening visits.\nSpeaks Cantonese at home.",
    },
    Kind.CONTACT_LOG: {
        "programs_discussed": [PROGRAM_ID, PROGRAM_ID],
        "materials_left": [" flyer "],
        "referrals": [SURVEY_ID.upper()],
        "misinformation_category": "public_charge",
        "misinformation_note": "Heard that clinics report to ICE.",
        "consent_follow_up": "true",
        "follow_up_date": date(2024, 3, 22),
        "notes": "Left a flyer.",
        "corrects_id": RESIDENT_ID,
    },
    Kind.ENROLLMENT: {
        "status": "approved",
        "submitted_on": date(2024, 3, 2),
        "decided_on": "2024-03-20",
        "reference_number": "CF-12345",
        "eligibility_answers": {"income": 1800, "household": (1, 2)},
        "documents": ["id", "pay stub"],
        "notes": "Approved.",
    },
    Kind.SURVEY_RESPONSE: {
        "status": "complete",
        "resident_id": RESIDENT_ID,
        "completed_at": "2024-03-15T10:00:00-07:00",
    },
    Kind.PROGRAM: {
        "description": {"ES": "Ayuda para comprar comida."},
        "agency": "CDSS",
        "url": "https://www.cdss.ca.gov/calfresh",
        "eligibility": {"max_income": 2500},
        "required_documents": ["id"],
        "active": 1,
    },
    Kind.SURVEY: {},
    Kind.RESOURCE: {
        "services": ["groceries", "diapers"],
        "address_line": "1900 E St",
        "city": "Fresno",
        "zip": 93706,
        "phone": "559.555.0100",
        "url": "http://example.org/food",
        "languages": ["es", "hmn", "PA"],
        "hours": "Mon–Fri 9–5",
        "description": {"en": "Weekly food distribution."},
    },
    Kind.ORGANIZATION: {"counties": ["Fresno", "Tulare"], "languages": ["es", "hmn"]},
}


def run(kind: Kind, **changes: Any) -> Validation:
    return validate(kind, {**VALID[kind], **changes}, today=TODAY)


def assert_renders(message: Message) -> None:
    assert isinstance(message, Message)
    text = message.render()
    assert text.strip()
    assert "{" not in text and "}" not in text, text


def assert_only_error(result: Validation, field: str) -> Message:
    assert list(result.errors) == [field], {k: str(m) for k, m in result.errors.items()}
    assert not result.ok
    message = result.errors[field]
    assert_renders(message)
    return message


# --- the record as a whole ----------------------------------------------------------


@pytest.mark.parametrize("kind", list(Kind))
def test_valid_records_pass(kind: Kind) -> None:
    result = run(kind)
    assert result.ok, {k: str(m) for k, m in result.errors.items()}
    assert set(result.values) == set(field_names(kind))


@pytest.mark.parametrize("kind", list(Kind))
def test_normalized_values_validate_again_unchanged(kind: Kind) -> None:
    """What validation returns is what gets stored, and must pass again as it is."""
    first = validate(kind, {**VALID[kind], **EXTRA[kind]}, today=TODAY)
    assert first.ok, {k: str(m) for k, m in first.errors.items()}
    again = validate(kind, first.values, today=TODAY)
    assert again.ok
    assert again.values == first.values


@pytest.mark.parametrize("kind", list(Kind))
def test_full_validation_lists_every_field_with_none_for_missing(kind: Kind) -> None:
    result = run(kind)
    for name in field_names(kind):
        if name not in VALID[kind]:
            assert result.values[name] is None


@pytest.mark.parametrize("kind", list(Kind))
def test_each_required_field_reports_required(kind: Kind) -> None:
    result = validate(kind, {}, today=TODAY)
    required = {spec.name for spec in SCHEMAS[kind] if spec.required}
    assert required
    for name in required:
        assert result.errors[name] == REQUIRED
    for message in result.errors.values():
        assert_renders(message)


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("blank", [None, "", "   ", "\t\n"])
def test_blank_required_values_are_missing(kind: Kind, blank: Any) -> None:
    spec = next(spec for spec in SCHEMAS[kind] if spec.required)
    result = run(kind, **{spec.name: blank})
    assert result.errors[spec.name] == REQUIRED


@pytest.mark.parametrize("kind", list(Kind))
def test_unknown_fields_are_errors_on_that_key(kind: Kind) -> None:
    result = run(kind, favourite_colour="blue")
    message = assert_only_error(result, "favourite_colour")
    assert kind.value.replace("_", " ") in message.render()
    assert "favourite_colour" not in result.values


def test_envelope_fields_are_ignored() -> None:
    record = {**VALID[Kind.RESIDENT], "id": RESIDENT_ID, "rev": 3, "deleted": False}
    result = validate(Kind.RESIDENT, record, today=TODAY)
    assert result.ok
    assert "id" not in result.values


@pytest.mark.parametrize("data", [None, [], "given_name=Ana", 42])
def test_data_that_is_not_a_mapping(data: Any) -> None:
    result = validate(Kind.RESIDENT, data, today=TODAY)
    assert_only_error(result, RECORD_KEY)


def test_unknown_kind() -> None:
    result = validate("household", {}, today=TODAY)  # type: ignore[arg-type]
    assert_only_error(result, RECORD_KEY)


def test_kind_may_be_given_by_its_wire_name() -> None:
    assert validate("resident", VALID[Kind.RESIDENT], today=TODAY).ok  # type: ignore[arg-type]


def test_today_defaults_to_the_clock() -> None:
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    result = validate(Kind.RESIDENT, {**VALID[Kind.RESIDENT], "birth_date": tomorrow})
    assert "birth_date" in result.errors


def test_errored_fields_are_none_in_values() -> None:
    result = run(Kind.RESIDENT, phone="not a phone")
    assert result.values["phone"] is None
    assert result.values["given_name"] == "Ana"


def test_messages_do_not_repeat_personal_values() -> None:
    result = run(Kind.RESIDENT, phone="707-555-01234", email="ana.secret@", birth_date="2099-01-01")
    for field in ("phone", "email", "birth_date"):
        text = result.errors[field].render()
        assert "707" not in text and "secret" not in text and "2099" not in text


# --- each field type: good values and their normalized form ----------------------

DECOMPOSED = "Nguye\u0302\u0303n"  # "Nguyễn" typed with combining marks: kept as typed

GOOD: list[tuple[Kind, str, Any, Any]] = [
    # NAME
    (Kind.RESIDENT, "given_name", "  Nguyễn Thị Minh Khai ", "Nguyễn Thị Minh Khai"),
    (Kind.RESIDENT, "given_name", DECOMPOSED, DECOMPOSED),
    (Kind.RESIDENT, "given_name", "王秀英", "王秀英"),
    (Kind.RESIDENT, "given_name", "Հայկանուշ", "Հայկանուշ"),
    (Kind.RESIDENT, "given_name", "محمد", "محمد"),
    (Kind.RESIDENT, "given_name", "សុខា", "សុខា"),
    (Kind.RESIDENT, "given_name", "ਗੁਰਪ੍ਰੀਤ", "ਗੁਰਪ੍ਰੀਤ"),
    (Kind.RESIDENT, "family_name", "O'Brien-Smith", "O'Brien-Smith"),
    (Kind.RESIDENT, "family_name", "x" * 100, "x" * 100),
    (Kind.RESIDENT, "family_name", "", None),
    (Kind.RESIDENT, "family_name", "   ", None),
    # TEXT
    (Kind.RESIDENT, "notes", " line one\nline two\twith tab ", "line one\nline two\twith tab"),
    (Kind.RESIDENT, "notes", "Windows\r\nline", "Windows\r\nline"),
    (Kind.RESIDENT, "address_line", "1234 Calle Ñandú #5", "1234 Calle Ñandú #5"),
    (Kind.RESIDENT, "notes", "é" * 2000, "é" * 2000),
    # PHONE
    (Kind.RESIDENT, "phone", "(916) 555-0123", "+19165550123"),
    (Kind.RESIDENT, "phone", "916.555.0123", "+19165550123"),
    (Kind.RESIDENT, "phone", "+1 916 555 0123", "+19165550123"),
    (Kind.RESIDENT, "phone", "1-916-555-0123", "+19165550123"),
    (Kind.RESIDENT, "phone", "9165550123", "+19165550123"),
    (Kind.RESIDENT, "phone", 9165550123, "+19165550123"),
    (Kind.RESIDENT, "phone", "٩١٦٥٥٥٠١٢٣", "+19165550123"),
    (Kind.RESIDENT, "phone", "+52 55 1234 5678", "+525512345678"),
    (Kind.RESIDENT, "phone", "+84 28 3822 1234", "+842838221234"),
    (Kind.RESIDENT, "phone", "011 44 20 7946 0958", "+442079460958"),
    (Kind.RESOURCE, "phone", "(559) 555-0199", "+15595550199"),
    # EMAIL
    (Kind.RESIDENT, "email", " Ana@Example.ORG ", "Ana@example.org"),
    (
        Kind.RESIDENT,
        "email",
        "ana.maria+outreach@mail.example.co",
        "ana.maria+outreach@mail.example.co",
    ),
    (Kind.RESIDENT, "email", "nguyen_t@xn--bcher-kva.example", "nguyen_t@xn--bcher-kva.example"),
    # ZIP
    (Kind.RESIDENT, "zip", "95814", "95814"),
    (Kind.RESIDENT, "zip", " 95814-1234 ", "95814-1234"),
    (Kind.RESIDENT, "zip", "95814 - 1234", "95814-1234"),
    (Kind.RESIDENT, "zip", "958141234", "95814-1234"),
    (Kind.RESIDENT, "zip", 95814, "95814"),
    (Kind.RESIDENT, "zip", "90001", "90001"),
    (Kind.RESIDENT, "zip", "96162", "96162"),
    # COUNTY
    (Kind.RESIDENT, "county", "sacramento", "Sacramento"),
    (Kind.RESIDENT, "county", "Los Angeles County", "Los Angeles"),
    (Kind.RESOURCE, "county", "  SAN  luis obispo ", "San Luis Obispo"),
    # DATE
    (Kind.ENROLLMENT, "started_on", "2024-03-01", "2024-03-01"),
    (Kind.ENROLLMENT, "started_on", date(2024, 3, 1), "2024-03-01"),
    (Kind.ENROLLMENT, "started_on", datetime(2024, 3, 1), "2024-03-01"),
    (Kind.ENROLLMENT, "started_on", " 2024-02-29 ", "2024-02-29"),
    # BIRTH_DATE
    (Kind.RESIDENT, "birth_date", "1950-02-28", "1950-02-28"),
    (Kind.RESIDENT, "birth_date", TODAY, TODAY.isoformat()),
    (Kind.RESIDENT, "birth_date", "1899-06-01", "1899-06-01"),  # exactly 125 years
    # DATETIME
    (Kind.CONTACT_LOG, "occurred_at", "2024-03-15T18:30:00-07:00", "2024-03-16T01:30:00.000Z"),
    (Kind.CONTACT_LOG, "occurred_at", "2024-03-16T01:30:00Z", "2024-03-16T01:30:00.000Z"),
    (Kind.CONTACT_LOG, "occurred_at", "2024-03-16 01:30:00.25+00:00", "2024-03-16T01:30:00.250Z"),
    (
        Kind.CONTACT_LOG,
        "occurred_at",
        datetime(2024, 3, 15, 18, 30, tzinfo=timezone(timedelta(hours=-7))),
        "2024-03-16T01:30:00.000Z",
    ),
    (
        Kind.SURVEY_RESPONSE,
        "completed_at",
        datetime(2024, 1, 2, tzinfo=UTC),
        "2024-01-02T00:00:00.000Z",
    ),
    # LANGUAGE
    (Kind.RESIDENT, "preferred_language", "zh_hant", "zh-Hant"),
    (Kind.RESIDENT, "preferred_language", "EN-us", "en-US"),
    (Kind.RESIDENT, "preferred_language", "hmn", "hmn"),
    (Kind.RESIDENT, "preferred_language", "ium", "ium"),
    (Kind.CONTACT_LOG, "language", "es-419", "es-419"),
    # LANGUAGES
    (Kind.RESIDENT, "other_languages", ["es", "ES", "zh-hant", "en"], ["es", "zh-Hant", "en"]),
    (Kind.RESIDENT, "other_languages", ("mix", "zap"), ["mix", "zap"]),
    (Kind.RESIDENT, "other_languages", [], []),
    # INTEGER
    (Kind.RESIDENT, "household_size", 4, 4),
    (Kind.RESIDENT, "household_size", "4", 4),
    (Kind.RESIDENT, "household_size", " 30 ", 30),
    (Kind.RESIDENT, "household_size", 1, 1),
    (Kind.RESIDENT, "household_size", 4.0, 4),
    # BOOLEAN
    (Kind.PROGRAM, "active", True, True),
    (Kind.PROGRAM, "active", False, False),
    (Kind.PROGRAM, "active", 1, True),
    (Kind.PROGRAM, "active", 0, False),
    (Kind.PROGRAM, "active", "true", True),
    (Kind.PROGRAM, "active", " FALSE ", False),
    (Kind.PROGRAM, "active", "yes", True),
    (Kind.PROGRAM, "active", "No", False),
    # CHOICE
    (Kind.CONTACT_LOG, "channel", "walk_in", "walk_in"),
    (Kind.CONTACT_LOG, "channel", " phone ", "phone"),
    (Kind.CONTACT_LOG, "misinformation_category", "public_charge", "public_charge"),
    # REFERENCE
    (Kind.ENROLLMENT, "resident_id", RESIDENT_ID.upper(), RESIDENT_ID),
    (Kind.ENROLLMENT, "resident_id", uuid.UUID(RESIDENT_ID), RESIDENT_ID),
    (Kind.SURVEY_RESPONSE, "survey_id", f" {SURVEY_ID} ", SURVEY_ID),
    # REFERENCES
    (
        Kind.CONTACT_LOG,
        "programs_discussed",
        [PROGRAM_ID, PROGRAM_ID.upper(), SURVEY_ID],
        [PROGRAM_ID, SURVEY_ID],
    ),
    (Kind.CONTACT_LOG, "referrals", [], []),
    # TEXT_LIST
    (Kind.CONTACT_LOG, "materials_left", ["  flyer ", "card"], ["flyer", "card"]),
    (Kind.RESOURCE, "services", ("ayuda legal", "食物"), ["ayuda legal", "食物"]),
    # LABELS
    (
        Kind.PROGRAM,
        "name",
        {"EN": " CalFresh ", "zh_hant": "糧食券"},
        {"en": "CalFresh", "zh-Hant": "糧食券"},
    ),
    (Kind.PROGRAM, "description", {"es": "Línea 1\nLínea 2"}, {"es": "Línea 1\nLínea 2"}),
    # JSON
    (Kind.SURVEY_RESPONSE, "answers", {"q1": [1, 2], "q2": None}, {"q1": [1, 2], "q2": None}),
    (Kind.SURVEY_RESPONSE, "answers", {"q1": (1, "两")}, {"q1": [1, "两"]}),
    (Kind.ENROLLMENT, "documents", {1: "id"}, {"1": "id"}),
    (Kind.ENROLLMENT, "eligibility_answers", [True, 1.5, "x"], [True, 1.5, "x"]),
    # URL
    (Kind.PROGRAM, "url", "https://www.cdss.ca.gov/calfresh", "https://www.cdss.ca.gov/calfresh"),
    (Kind.RESOURCE, "url", " http://example.org/path?q=1 ", "http://example.org/path?q=1"),
]


@pytest.mark.parametrize(("kind", "field", "value", "expected"), GOOD)
def test_good_values_are_normalized(kind: Kind, field: str, value: Any, expected: Any) -> None:
    result = run(kind, **{field: value})
    assert result.ok, {k: str(m) for k, m in result.errors.items()}
    assert result.values[field] == expected
    assert type(result.values[field]) is type(expected)


# --- each field type: bad values, one error on that field -------------------------

BAD: list[tuple[Kind, str, Any]] = [
    # NAME
    (Kind.RESIDENT, "given_name", 123),
    (Kind.RESIDENT, "given_name", ["Ana"]),
    (Kind.RESIDENT, "given_name", "Ana\nMaría"),
    (Kind.RESIDENT, "given_name", "Ana\tMaría"),
    (Kind.RESIDENT, "given_name", "Ana\x00"),
    (Kind.RESIDENT, "given_name", "Ana\x85María"),
    (Kind.RESIDENT, "given_name", "Ana\ud800"),
    (Kind.RESIDENT, "given_name", "x" * 101),
    (Kind.RESIDENT, "family_name", "王" * 101),
    # TEXT
    (Kind.RESIDENT, "notes", "bell\x07"),
    (Kind.RESIDENT, "notes", "escape\x1b[31m"),
    (Kind.RESIDENT, "notes", "x" * 2001),
    (Kind.RESIDENT, "city", {"name": "Fresno"}),
    # PHONE
    (Kind.RESIDENT, "phone", "555-0123"),
    (Kind.RESIDENT, "phone", "(016) 555-0123"),
    (Kind.RESIDENT, "phone", "(916) 055-0123"),
    (Kind.RESIDENT, "phone", "(916) 155-0123"),
    (Kind.RESIDENT, "phone", "911-555-0123"),
    (Kind.RESIDENT, "phone", "916-555-0123 ext 4"),
    (Kind.RESIDENT, "phone", "2-916-555-0123"),
    (Kind.RESIDENT, "phone", "+1 916 555 012"),
    (Kind.RESIDENT, "phone", "+0 123 456 789"),
    (Kind.RESIDENT, "phone", "+12345"),
    (Kind.RESIDENT, "phone", "+52 1234567890123456"),
    (Kind.RESIDENT, "phone", "916+555+0123"),
    (Kind.RESIDENT, "phone", "1-800-FLOWERS"),
    (Kind.RESIDENT, "phone", True),
    (Kind.RESIDENT, "phone", 9165550123.0),
    # EMAIL
    (Kind.RESIDENT, "email", "ana"),
    (Kind.RESIDENT, "email", "ana@"),
    (Kind.RESIDENT, "email", "@example.org"),
    (Kind.RESIDENT, "email", "ana@example"),
    (Kind.RESIDENT, "email", "ana@@example.org"),
    (Kind.RESIDENT, "email", "ana@ex@ample.org"),
    (Kind.RESIDENT, "email", "ana maria@example.org"),
    (Kind.RESIDENT, "email", "ana..maria@example.org"),
    (Kind.RESIDENT, "email", ".ana@example.org"),
    (Kind.RESIDENT, "email", "ana@-example.org"),
    (Kind.RESIDENT, "email", "ana@example..org"),
    (Kind.RESIDENT, "email", "ana@example.c"),
    (Kind.RESIDENT, "email", "ana@example.123"),
    (Kind.RESIDENT, "email", "a" * 65 + "@example.org"),
    (Kind.RESIDENT, "email", "ana@" + "a" * 64 + ".org"),
    (Kind.RESIDENT, "email", 42),
    # ZIP
    (Kind.RESIDENT, "zip", "10001"),
    (Kind.RESIDENT, "zip", "96813"),
    (Kind.RESIDENT, "zip", "89501"),
    (Kind.RESIDENT, "zip", "90000"),
    (Kind.RESIDENT, "zip", "9581"),
    (Kind.RESIDENT, "zip", "95814-12"),
    (Kind.RESIDENT, "zip", "abcde"),
    (Kind.RESIDENT, "zip", 95814.5),
    (Kind.RESIDENT, "zip", True),
    # COUNTY
    (Kind.RESIDENT, "county", "Springfield"),
    (Kind.RESIDENT, "county", "Orange County, FL"),
    (Kind.RESIDENT, "county", 5),
    (Kind.RESOURCE, "county", "Clark"),
    # DATE
    (Kind.ENROLLMENT, "started_on", "03/15/2024"),
    (Kind.ENROLLMENT, "started_on", "2024-02-30"),
    (Kind.ENROLLMENT, "started_on", "2023-02-29"),
    (Kind.ENROLLMENT, "started_on", "20240315"),
    (Kind.ENROLLMENT, "started_on", "2024-W11-5"),
    (Kind.ENROLLMENT, "started_on", "2024-03-15T10:00:00"),
    (Kind.ENROLLMENT, "started_on", datetime(2024, 3, 1, 10, 0)),
    (Kind.ENROLLMENT, "started_on", datetime(2024, 3, 1, tzinfo=UTC)),
    (Kind.ENROLLMENT, "started_on", 20240315),
    # BIRTH_DATE
    (Kind.RESIDENT, "birth_date", "2024-06-02"),
    (Kind.RESIDENT, "birth_date", "1899-05-31"),
    (Kind.RESIDENT, "birth_date", "1024-01-01"),
    (Kind.RESIDENT, "birth_date", "yesterday"),
    # DATETIME
    (Kind.CONTACT_LOG, "occurred_at", "2024-03-15T18:30:00"),
    (Kind.CONTACT_LOG, "occurred_at", "2024-03-15"),
    (Kind.CONTACT_LOG, "occurred_at", "2024-03-15T25:30:00Z"),
    (Kind.CONTACT_LOG, "occurred_at", datetime(2024, 3, 15, 18, 30)),
    (Kind.CONTACT_LOG, "occurred_at", date(2024, 3, 15)),
    (Kind.CONTACT_LOG, "occurred_at", "0001-01-01T00:00:00+01:00"),
    (Kind.CONTACT_LOG, "occurred_at", "yesterday at noon"),
    (Kind.CONTACT_LOG, "occurred_at", 1710552600),
    # LANGUAGE
    (Kind.RESIDENT, "preferred_language", "Spanish"),
    (Kind.RESIDENT, "preferred_language", "english"),
    (Kind.RESIDENT, "preferred_language", "zh__Hant"),
    (Kind.RESIDENT, "preferred_language", "español"),
    (Kind.RESIDENT, "preferred_language", 42),
    (Kind.CONTACT_LOG, "language", "en-"),
    # LANGUAGES
    (Kind.RESIDENT, "other_languages", "es"),
    (Kind.RESIDENT, "other_languages", ["es", "Spanish"]),
    (Kind.RESIDENT, "other_languages", [None]),
    (Kind.RESIDENT, "other_languages", {"es": True}),
    # INTEGER
    (Kind.RESIDENT, "household_size", 0),
    (Kind.RESIDENT, "household_size", 31),
    (Kind.RESIDENT, "household_size", -1),
    (Kind.RESIDENT, "household_size", "four"),
    (Kind.RESIDENT, "household_size", True),
    (Kind.RESIDENT, "household_size", 2.5),
    (Kind.RESIDENT, "household_size", float("nan")),
    (Kind.RESIDENT, "household_size", float("inf")),
    (Kind.RESIDENT, "household_size", "1e3"),
    (Kind.RESIDENT, "household_size", "9" * 5000),
    # BOOLEAN
    (Kind.PROGRAM, "active", "maybe"),
    (Kind.PROGRAM, "active", 2),
    (Kind.PROGRAM, "active", []),
    (Kind.CONTACT_LOG, "anonymous_household", "sí"),
    # CHOICE
    (Kind.CONTACT_LOG, "channel", "email"),
    (Kind.CONTACT_LOG, "channel", "Door"),
    (Kind.CONTACT_LOG, "channel", 1),
    (Kind.ENROLLMENT, "status", "pending"),
    # REFERENCE
    (Kind.ENROLLMENT, "resident_id", "not-a-uuid"),
    (Kind.ENROLLMENT, "resident_id", RESIDENT_ID.replace("-", "")),
    (Kind.ENROLLMENT, "resident_id", "{" + RESIDENT_ID + "}"),
    (Kind.ENROLLMENT, "program_id", 7),
    # REFERENCES
    (Kind.CONTACT_LOG, "programs_discussed", ["x"]),
    (Kind.CONTACT_LOG, "programs_discussed", PROGRAM_ID),
    (Kind.CONTACT_LOG, "referrals", [PROGRAM_ID, None]),
    # TEXT_LIST
    (Kind.CONTACT_LOG, "materials_left", ["flyer", ""]),
    (Kind.CONTACT_LOG, "materials_left", ["flyer", "  "]),
    (Kind.CONTACT_LOG, "materials_left", ["a\nb"]),
    (Kind.CONTACT_LOG, "materials_left", [1]),
    (Kind.CONTACT_LOG, "materials_left", "flyer"),
    # LABELS
    (Kind.PROGRAM, "name", {}),
    (Kind.PROGRAM, "name", {"english": "CalFresh"}),
    (Kind.PROGRAM, "name", {"en": ""}),
    (Kind.PROGRAM, "name", {"en": 5}),
    (Kind.PROGRAM, "name", {"en": "a", "EN": "b"}),
    (Kind.PROGRAM, "name", {"en": "bell\x07"}),
    (Kind.PROGRAM, "name", "CalFresh"),
    (Kind.PROGRAM, "name", ["en", "CalFresh"]),
    # JSON
    (Kind.SURVEY_RESPONSE, "answers", {"x": float("nan")}),
    (Kind.SURVEY_RESPONSE, "answers", {"x": object()}),
    (Kind.SURVEY_RESPONSE, "answers", {(1, 2): 3}),
    (Kind.SURVEY, "definition", {1, 2}),
    # URL
    (Kind.PROGRAM, "url", "ftp://example.org"),
    (Kind.PROGRAM, "url", "www.example.org"),
    (Kind.PROGRAM, "url", "https://"),
    (Kind.PROGRAM, "url", "https://exa mple.org"),
    (Kind.PROGRAM, "url", "http://intranet/"),
    (Kind.PROGRAM, "url", "https://example.org:99999/"),
    (Kind.PROGRAM, "url", "https://[::1/"),
    (Kind.PROGRAM, "url", "javascript:alert(1)"),
    (Kind.PROGRAM, "url", "https://example.org/" + "a" * 500),
]


@pytest.mark.parametrize(("kind", "field", "value"), BAD)
def test_bad_values_give_one_error_on_the_field(kind: Kind, field: str, value: Any) -> None:
    result = run(kind, **{field: value})
    assert_only_error(result, field)
    assert result.values[field] is None


def test_too_long_message_gives_the_limit_and_count() -> None:
    result = run(Kind.RESIDENT, given_name="x" * 101)
    message = result.errors["given_name"]
    assert message.render() == "Use at most 100 characters. Characters now: 101."
    assert message.plural is not None and message.count == 100


def test_zip_outside_california_says_so() -> None:
    result = run(Kind.RESIDENT, zip="10001")
    text = result.errors["zip"].render()
    assert "California" in text and "90001" in text and "96162" in text


def test_county_message_mentions_the_58_counties() -> None:
    result = run(Kind.RESIDENT, county="Springfield")
    assert "58" in result.errors["county"].render()


def test_choice_message_lists_the_options() -> None:
    result = run(Kind.CONTACT_LOG, channel="email")
    text = result.errors["channel"].render()
    assert "door" in text and "walk_in" in text


def test_list_item_messages_name_the_position() -> None:
    result = run(Kind.RESIDENT, other_languages=["es", "en", "Spanish"])
    assert "3" in result.errors["other_languages"].render()


def test_choices_type() -> None:
    """No schema uses CHOICES yet; check the field type directly."""
    spec = FieldSpec("topics", FieldType.CHOICES, choices=("a", "b"))
    assert v._check_field(spec, ["b", " a ", "b"], TODAY) == (["b", "a"], None)
    value, error = v._check_field(spec, ["a", "c"], TODAY)
    assert value is None and error is not None
    assert_renders(error)
    value, error = v._check_field(spec, "a", TODAY)
    assert value is None and error is not None


# --- rules across fields ---------------------------------------------------------

CROSS_GOOD: list[tuple[Kind, dict[str, Any]]] = [
    (Kind.RESIDENT, {"consent_contact": False}),
    (Kind.RESIDENT, {"consent_contact": True, "consent_date": "2024-05-31"}),
    (Kind.RESIDENT, {"consent_data_sharing": True, "consent_date": TODAY}),
    (Kind.RESIDENT, {"consent_date": "2024-01-01"}),
    (Kind.CONTACT_LOG, {"anonymous_household": None, "resident_id": RESIDENT_ID}),
    (Kind.CONTACT_LOG, {"anonymous_household": False, "resident_id": RESIDENT_ID}),
    (Kind.CONTACT_LOG, {"outcome": "follow_up", "follow_up_date": "2024-03-20"}),
    # 18:30 in California is already the 16th in UTC; a same-day follow-up is fine.
    (Kind.CONTACT_LOG, {"follow_up_date": "2024-03-15"}),
    (
        Kind.CONTACT_LOG,
        {"occurred_at": "2024-03-16T01:30:00.000Z", "follow_up_date": "2024-03-15"},
    ),
    (Kind.ENROLLMENT, {"status": "submitted", "submitted_on": "2024-03-01"}),
    (
        Kind.ENROLLMENT,
        {"status": "approved", "submitted_on": "2024-03-02", "decided_on": "2024-03-09"},
    ),
    (
        Kind.ENROLLMENT,
        {"status": "denied", "submitted_on": "2024-03-02", "decided_on": "2024-03-02"},
    ),
    (Kind.ENROLLMENT, {"status": "withdrawn"}),
    (Kind.ENROLLMENT, {"status": "withdrawn", "submitted_on": "2024-03-02"}),
]


@pytest.mark.parametrize(("kind", "changes"), CROSS_GOOD)
def test_cross_field_rules_accept(kind: Kind, changes: dict[str, Any]) -> None:
    result = run(kind, **changes)
    assert result.ok, {k: str(m) for k, m in result.errors.items()}


CROSS_BAD: list[tuple[Kind, dict[str, Any], str, str]] = [
    (Kind.RESIDENT, {"consent_contact": True}, "consent_date", "consent"),
    (Kind.RESIDENT, {"consent_data_sharing": "yes"}, "consent_date", "consent"),
    (
        Kind.RESIDENT,
        {"consent_contact": True, "consent_date": "2024-06-02"},
        "consent_date",
        "future",
    ),
    (Kind.RESIDENT, {"consent_date": "2030-01-01"}, "consent_date", "future"),
    (
        Kind.CONTACT_LOG,
        {"anonymous_household": False},
        "resident_id",
        "Choose a resident or mark the conversation as an anonymous household.",
    ),
    (
        Kind.CONTACT_LOG,
        {"anonymous_household": None},
        "resident_id",
        "Choose a resident or mark the conversation as an anonymous household.",
    ),
    (Kind.CONTACT_LOG, {"resident_id": RESIDENT_ID}, "resident_id", "not both"),
    (Kind.CONTACT_LOG, {"outcome": "follow_up"}, "follow_up_date", "follow up"),
    (Kind.CONTACT_LOG, {"follow_up_date": "2024-03-14"}, "follow_up_date", "before"),
    (
        Kind.CONTACT_LOG,
        {"occurred_at": "2024-03-16T20:00:00Z", "follow_up_date": "2024-03-15"},
        "follow_up_date",
        "before",
    ),
    (Kind.ENROLLMENT, {"submitted_on": "2024-02-29"}, "submitted_on", "start"),
    (Kind.ENROLLMENT, {"status": "submitted"}, "submitted_on", "submitted"),
    (
        Kind.ENROLLMENT,
        {"status": "approved", "decided_on": "2024-03-05"},
        "submitted_on",
        "submitted",
    ),
    (
        Kind.ENROLLMENT,
        {"status": "approved", "submitted_on": "2024-03-02"},
        "decided_on",
        "decision",
    ),
    (
        Kind.ENROLLMENT,
        {"status": "denied", "submitted_on": "2024-03-02"},
        "decided_on",
        "decision",
    ),
    (Kind.ENROLLMENT, {"decided_on": "2024-03-05"}, "decided_on", "approved or denied"),
    (
        Kind.ENROLLMENT,
        {"status": "submitted", "submitted_on": "2024-03-02", "decided_on": "2024-03-05"},
        "decided_on",
        "approved or denied",
    ),
    (
        Kind.ENROLLMENT,
        {"status": "withdrawn", "decided_on": "2024-03-05"},
        "decided_on",
        "approved or denied",
    ),
    (
        Kind.ENROLLMENT,
        {"status": "approved", "submitted_on": "2024-03-02", "decided_on": "2024-02-01"},
        "decided_on",
        "start",
    ),
    (
        Kind.ENROLLMENT,
        {"status": "approved", "submitted_on": "2024-03-05", "decided_on": "2024-03-02"},
        "decided_on",
        "submission",
    ),
]


@pytest.mark.parametrize(("kind", "changes", "field", "wording"), CROSS_BAD)
def test_cross_field_rules_reject(
    kind: Kind, changes: dict[str, Any], field: str, wording: str
) -> None:
    result = run(kind, **changes)
    message = assert_only_error(result, field)
    assert wording in message.render()


def test_field_errors_win_over_cross_field_rules() -> None:
    result = run(Kind.RESIDENT, consent_contact=True, consent_date="not a date")
    assert result.errors["consent_date"].msgid.startswith("Enter a date as")


def test_a_bad_status_does_not_blame_the_decision_date() -> None:
    result = run(Kind.ENROLLMENT, status="pending", decided_on="2024-03-05")
    assert list(result.errors) == ["status"]


def test_a_bad_resident_id_is_reported_once() -> None:
    result = run(Kind.CONTACT_LOG, anonymous_household=False, resident_id="nope")
    assert result.errors["resident_id"].msgid == "This is not a valid record id."


# --- partial validation (updates) -------------------------------------------------

STORED_ENROLLMENT = {
    **VALID[Kind.ENROLLMENT],
    "id": "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a60",
    "rev": 2,
    "created_at": "2024-03-01T17:00:00.000Z",
    "submitted_on": None,
    "decided_on": None,
    "eligibility_answers": None,
}


def test_partial_checks_only_the_given_fields() -> None:
    result = validate(Kind.RESIDENT, {"phone": "916 555 0123"}, partial=True, today=TODAY)
    assert result.ok
    assert result.values == {"phone": "+19165550123"}


def test_partial_still_rejects_clearing_a_required_field() -> None:
    result = validate(Kind.RESIDENT, {"given_name": "  "}, partial=True, today=TODAY)
    assert result.errors == {"given_name": REQUIRED}


def test_partial_reports_unknown_fields() -> None:
    result = validate(Kind.RESIDENT, {"shoe_size": 9}, partial=True, today=TODAY)
    assert_only_error(result, "shoe_size")


def test_partial_without_current_skips_cross_field_rules() -> None:
    result = validate(Kind.ENROLLMENT, {"decided_on": "2024-03-05"}, partial=True, today=TODAY)
    assert result.ok


@pytest.mark.parametrize(
    ("update", "errors"),
    [
        ({"notes": "Called the county office"}, set()),
        ({"status": "submitted", "submitted_on": "2024-03-04"}, set()),
        ({"status": "submitted"}, {"submitted_on"}),
        ({"status": "approved"}, {"submitted_on", "decided_on"}),
        (
            {"status": "approved", "submitted_on": "2024-03-04", "decided_on": "2024-03-10"},
            set(),
        ),
        ({"decided_on": "2024-03-05"}, {"decided_on"}),
        ({"submitted_on": "2024-02-01"}, {"submitted_on"}),
        ({"started_on": "2024-03-10", "submitted_on": "2024-03-04"}, {"submitted_on"}),
    ],
)
def test_partial_with_current_checks_the_merged_record(
    update: dict[str, Any], errors: set[str]
) -> None:
    result = validate(Kind.ENROLLMENT, update, partial=True, current=STORED_ENROLLMENT, today=TODAY)
    assert set(result.errors) == errors
    assert set(result.values) == set(update)
    for message in result.errors.values():
        assert_renders(message)


def test_partial_merge_uses_stored_values_for_the_other_fields() -> None:
    stored = {**STORED_ENROLLMENT, "status": "submitted", "submitted_on": "2024-03-04"}
    update = {"status": "approved", "decided_on": "2024-03-01"}
    result = validate(Kind.ENROLLMENT, update, partial=True, current=stored, today=TODAY)
    assert set(result.errors) == {"decided_on"}
    assert "submission" in result.errors["decided_on"].render()


def test_partial_contact_log_with_current() -> None:
    stored = {**VALID[Kind.CONTACT_LOG], "occurred_at": "2024-03-16T01:30:00.000Z"}
    result = validate(
        Kind.CONTACT_LOG,
        {"anonymous_household": False},
        partial=True,
        current=stored,
        today=TODAY,
    )
    assert set(result.errors) == {"resident_id"}


def test_full_validation_ignores_current() -> None:
    result = validate(Kind.RESIDENT, {}, current=VALID[Kind.RESIDENT], today=TODAY)
    assert result.errors["given_name"] == REQUIRED


# --- enrollment status changes ----------------------------------------------------

ALLOWED = [(old, new) for old, targets in ENROLLMENT_TRANSITIONS.items() for new in targets]
SAME = [(status, status) for status in ENROLLMENT_TRANSITIONS]
FORBIDDEN = [
    (old, new)
    for old in ENROLLMENT_TRANSITIONS
    for new in ENROLLMENT_TRANSITIONS
    if old != new and new not in ENROLLMENT_TRANSITIONS[old]
]


@pytest.mark.parametrize(("old", "new"), ALLOWED + SAME)
def test_allowed_transitions(old: str, new: str) -> None:
    assert check_transition(old, new) is None


@pytest.mark.parametrize(("old", "new"), FORBIDDEN)
def test_forbidden_transitions(old: str, new: str) -> None:
    message = check_transition(old, new)
    assert message is not None
    assert_renders(message)
    assert old in message.render() and new in message.render()


def test_transition_examples() -> None:
    assert ("started", "approved") in FORBIDDEN
    assert ("approved", "started") in FORBIDDEN
    assert ("started", "submitted") in ALLOWED


@pytest.mark.parametrize(
    ("old", "new"), [("pending", "started"), ("started", "pending"), ("", ""), (None, "started")]
)
def test_unknown_statuses(old: Any, new: Any) -> None:
    message = check_transition(old, new)
    assert message is not None
    assert_renders(message)


# --- public helpers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(916) 555-0123", "+19165550123"),
        ("916.555.0123", "+19165550123"),
        ("+1 916 555 0123", "+19165550123"),
        ("1-916-555-0123", "+19165550123"),
        ("916/555-0123", "+19165550123"),
        ("９１６-５５５-０１２３", "+19165550123"),  # full-width digits
        ("+19165550123", "+19165550123"),
        ("+63 2 8123 4567", "+63281234567"),
        ("+855 12 345 678", "+85512345678"),
        ("", None),
        ("   ", None),
        ("555-0123", None),
        ("(123) 555-0123", None),
        ("+", None),
        ("call me", None),
    ],
)
def test_normalize_phone(text: str, expected: str | None) -> None:
    assert normalize_phone(text) == expected
    if expected is not None:
        assert normalize_phone(expected) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ana@example.org", True),
        ("Ana.Maria+tag@Example.ORG", True),
        ("o'connor@example.ie", True),
        ("josé@correo.example.mx", True),
        ("user@例え.テスト", True),
        ("ana@sub-domain.example.co.uk", True),
        ("ana@xn--80ak6aa92e.com", True),
        ("", False),
        ("ana", False),
        ("ana@example", False),
        ("ana@example.", False),
        ("ana@.example.org", False),
        ("ana@example-.org", False),
        ("ana@exa_mple.org", False),
        ("ana.@example.org", False),
        ('"ana"@example.org', False),
        ("ana@[192.0.2.1]", False),
        (" ana@example.org", False),
        ("ana@example.org\n", False),
    ],
)
def test_is_valid_email(text: str, expected: bool) -> None:
    assert is_valid_email(text) is expected
