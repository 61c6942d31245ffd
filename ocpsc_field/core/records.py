"""The record kinds and their fields, as data.

One declarative table per kind drives validation, the store's schema, exports
and (later) sync. Adding a field means adding one ``FieldSpec`` here and a
migration in ``store``; nothing else has to learn about it by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """Record kinds. The value is the table name and the wire name."""

    RESIDENT = "resident"
    CONTACT_LOG = "contact_log"
    ENROLLMENT = "enrollment"
    SURVEY_RESPONSE = "survey_response"
    PROGRAM = "program"
    SURVEY = "survey"
    RESOURCE = "resource"
    ORGANIZATION = "organization"


# Kinds the device creates and sends to HQ, versus reference data HQ publishes.
FIELD_KINDS = (Kind.RESIDENT, Kind.CONTACT_LOG, Kind.ENROLLMENT, Kind.SURVEY_RESPONSE)
REFERENCE_KINDS = (Kind.PROGRAM, Kind.SURVEY, Kind.RESOURCE, Kind.ORGANIZATION)
# Append-only kinds never change once written; corrections are new records.
APPEND_ONLY_KINDS = (Kind.CONTACT_LOG,)


class FieldType(StrEnum):
    """How a field's value is checked and stored."""

    TEXT = "text"  # free text, kept as typed (surrounding spaces trimmed)
    NAME = "name"  # a person's name in any script, kept exactly
    PHONE = "phone"  # normalized to E.164
    EMAIL = "email"
    ZIP = "zip"  # California ZIP code
    COUNTY = "county"  # one of California's 58 counties
    DATE = "date"  # ISO date
    BIRTH_DATE = "birth_date"  # ISO date, not in the future
    DATETIME = "datetime"  # ISO 8601 UTC timestamp
    LANGUAGE = "language"  # BCP 47 tag
    LANGUAGES = "languages"  # list of BCP 47 tags
    INTEGER = "integer"
    BOOLEAN = "boolean"
    CHOICE = "choice"  # one of ``choices``
    CHOICES = "choices"  # a list, each one of ``choices``
    REFERENCE = "reference"  # the id of another record (UUID)
    REFERENCES = "references"  # a list of ids
    TEXT_LIST = "text_list"  # a list of short texts
    LABELS = "labels"  # {language tag: text}, for reference data
    JSON = "json"  # structured data (answers, definitions)
    URL = "url"


# Types stored as JSON text in SQLite.
JSON_TYPES = frozenset(
    {
        FieldType.LANGUAGES,
        FieldType.CHOICES,
        FieldType.REFERENCES,
        FieldType.TEXT_LIST,
        FieldType.LABELS,
        FieldType.JSON,
    }
)


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record kind."""

    name: str
    type: FieldType
    required: bool = False
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    references: Kind | None = None
    personal: bool = False  # personal information about a resident: never logged


CHANNELS = ("door", "phone", "event", "text", "walk_in")
OUTCOMES = ("reached", "not_home", "refused", "moved", "follow_up")
ENROLLMENT_STATUSES = ("started", "submitted", "approved", "denied", "withdrawn")
# Which status may follow which: the lifecycle started → submitted → decided.
ENROLLMENT_TRANSITIONS: Mapping[str, tuple[str, ...]] = {
    "started": ("submitted", "withdrawn"),
    "submitted": ("approved", "denied", "withdrawn"),
    "approved": (),
    "denied": (),
    "withdrawn": (),
}
MISINFORMATION_CATEGORIES = (
    "health",
    "vaccines",
    "immigration_status",
    "public_charge",
    "benefits_eligibility",
    "elections",
    "disasters",
    "scams",
    "other",
)
SURVEY_RESPONSE_STATUSES = ("draft", "complete")
RESOURCE_CATEGORIES = (
    "food",
    "legal_aid",
    "reentry",
    "health_clinic",
    "mental_health",
    "housing",
    "utilities",
    "employment",
    "education",
    "immigration",
    "family",
    "seniors",
    "disability",
    "transportation",
)

F = FieldSpec
T = FieldType

SCHEMAS: Mapping[Kind, tuple[FieldSpec, ...]] = {
    Kind.RESIDENT: (
        F("given_name", T.NAME, required=True, max_length=100, personal=True),
        F("family_name", T.NAME, max_length=100, personal=True),
        F("preferred_name", T.NAME, max_length=100, personal=True),
        F("birth_date", T.BIRTH_DATE, personal=True),
        F("preferred_language", T.LANGUAGE, required=True),
        F("other_languages", T.LANGUAGES),
        F("phone", T.PHONE, personal=True),
        F("email", T.EMAIL, max_length=254, personal=True),
        F("address_line", T.TEXT, max_length=200, personal=True),
        F("city", T.TEXT, max_length=100),
        F("zip", T.ZIP),
        F("county", T.COUNTY),
        F("household_size", T.INTEGER, minimum=1, maximum=30),
        F("consent_contact", T.BOOLEAN),
        F("consent_data_sharing", T.BOOLEAN),
        F("consent_date", T.DATE),
        F("organization_id", T.REFERENCE, references=Kind.ORGANIZATION),
        F("notes", T.TEXT, max_length=2000, personal=True),
    ),
    Kind.CONTACT_LOG: (
        F("occurred_at", T.DATETIME, required=True),
        F("resident_id", T.REFERENCE, references=Kind.RESIDENT),
        F("anonymous_household", T.BOOLEAN),
        F("channel", T.CHOICE, required=True, choices=CHANNELS),
        F("language", T.LANGUAGE, required=True),
        F("outcome", T.CHOICE, required=True, choices=OUTCOMES),
        F("programs_discussed", T.REFERENCES, references=Kind.PROGRAM),
        F("materials_left", T.TEXT_LIST),
        F("referrals", T.REFERENCES, references=Kind.RESOURCE),
        F("misinformation_category", T.CHOICE, choices=MISINFORMATION_CATEGORIES),
        F("misinformation_note", T.TEXT, max_length=1000),
        F("consent_follow_up", T.BOOLEAN),
        F("follow_up_date", T.DATE),
        F("notes", T.TEXT, max_length=2000, personal=True),
        F("corrects_id", T.REFERENCE, references=Kind.CONTACT_LOG),
    ),
    Kind.ENROLLMENT: (
        F("resident_id", T.REFERENCE, required=True, references=Kind.RESIDENT),
        F("program_id", T.REFERENCE, required=True, references=Kind.PROGRAM),
        F("status", T.CHOICE, required=True, choices=ENROLLMENT_STATUSES),
        F("started_on", T.DATE, required=True),
        F("submitted_on", T.DATE),
        F("decided_on", T.DATE),
        F("reference_number", T.TEXT, max_length=64, personal=True),
        F("eligibility_answers", T.JSON),
        F("documents", T.JSON),
        F("notes", T.TEXT, max_length=2000, personal=True),
    ),
    Kind.SURVEY_RESPONSE: (
        F("survey_id", T.REFERENCE, required=True, references=Kind.SURVEY),
        F("survey_version", T.TEXT, required=True, max_length=64),
        F("status", T.CHOICE, required=True, choices=SURVEY_RESPONSE_STATUSES),
        F("language", T.LANGUAGE, required=True),
        F("answers", T.JSON, required=True, personal=True),
        F("resident_id", T.REFERENCE, references=Kind.RESIDENT),
        F("completed_at", T.DATETIME),
    ),
    Kind.PROGRAM: (
        F("code", T.TEXT, required=True, max_length=64),
        F("name", T.LABELS, required=True),
        F("description", T.LABELS),
        F("agency", T.TEXT, max_length=200),
        F("url", T.URL, max_length=500),
        F("eligibility", T.JSON),
        F("required_documents", T.JSON),
        F("active", T.BOOLEAN),
    ),
    Kind.SURVEY: (
        F("form_id", T.TEXT, required=True, max_length=100),
        F("version", T.TEXT, required=True, max_length=64),
        F("title", T.LABELS, required=True),
        F("definition", T.JSON, required=True),
    ),
    Kind.RESOURCE: (
        F("name", T.LABELS, required=True),
        F("category", T.CHOICE, required=True, choices=RESOURCE_CATEGORIES),
        F("services", T.TEXT_LIST),
        F("county", T.COUNTY, required=True),
        F("address_line", T.TEXT, max_length=200),
        F("city", T.TEXT, max_length=100),
        F("zip", T.ZIP),
        F("phone", T.PHONE),
        F("url", T.URL, max_length=500),
        F("languages", T.LANGUAGES),
        F("hours", T.TEXT, max_length=300),
        F("description", T.LABELS),
    ),
    Kind.ORGANIZATION: (
        F("name", T.TEXT, required=True, max_length=200),
        F("counties", T.TEXT_LIST),
        F("languages", T.LANGUAGES),
    ),
}

del F, T

# Fields every record carries, managed by the store rather than typed by users.
ENVELOPE_FIELDS = (
    "id",
    "created_at",
    "updated_at",
    "created_by",
    "origin_device",
    "rev",
    "deleted",
)


def fields_of(kind: Kind) -> tuple[FieldSpec, ...]:
    """The user-facing fields of a kind, in display order."""
    return SCHEMAS[kind]


def field_names(kind: Kind) -> tuple[str, ...]:
    return tuple(spec.name for spec in SCHEMAS[kind])


def personal_fields(kind: Kind) -> frozenset[str]:
    """Fields holding personal information; kept out of logs and summaries."""
    return frozenset(spec.name for spec in SCHEMAS[kind] if spec.personal)


def empty_record(kind: Kind) -> dict[str, Any]:
    return {spec.name: None for spec in SCHEMAS[kind]}
