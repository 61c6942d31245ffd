"""Enrollments: the list of applications, the program catalog, and saving one step.

An enrollment follows one resident's application to one program from started
to a decision. The list joins each enrollment with its resident's name, its
program's name and whether it has reached HQ, a page at a time (newest
first), so the UI never loads every row. Saving a step and discarding its
draft happen in one transaction: a crash leaves the draft or the saved step,
never neither.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ocpsc_field.core.records import ENROLLMENT_TRANSITIONS, Kind
from ocpsc_field.store.db import Database, fold
from ocpsc_field.store.drafts import Draft, DraftStore
from ocpsc_field.store.repository import RecordRepository, SaveResult, from_row

PAGE_SIZE = 100
DRAFT_FORM = "enrollment"

# Where a record stands with HQ, derived from the journal (the outbox).
SYNC_SENT = "sent"  # nothing waiting in the journal: HQ has it (or sent it to us)
SYNC_WAITING = "waiting"  # saved on this device, waiting to be sent
SYNC_ATTENTION = "needs_attention"  # HQ refused a change; it is quarantined with a reason

# Statuses that need a submission date, and those that need a decision date.
NEEDS_SUBMITTED = ("submitted", "approved", "denied")
DECIDED = ("approved", "denied")
# A new enrollment starts as started, or as submitted when it was sent at once.
FIRST_STATUSES = ("started", "submitted")

_SYNC_STATE = """
    CASE
      WHEN EXISTS (SELECT 1 FROM journal j WHERE j.kind = 'enrollment'
                   AND j.record_id = e.id AND j.state = 'quarantined') THEN 'needs_attention'
      WHEN EXISTS (SELECT 1 FROM journal j WHERE j.kind = 'enrollment'
                   AND j.record_id = e.id) THEN 'waiting'
      ELSE 'sent'
    END AS sync_state,
    (SELECT j.reason FROM journal j WHERE j.kind = 'enrollment' AND j.record_id = e.id
     AND j.state = 'quarantined' ORDER BY j.op_id LIMIT 1) AS attention_reason
"""

_LIST_SQL = f"""
    SELECT e.rowid AS cursor, e.id, e.rev, e.resident_id, e.program_id, e.status,
           e.started_on, e.submitted_on, e.decided_on, e.updated_at,
           r.given_name, r.family_name, r.preferred_name, r.preferred_language,
           p.code AS program_code, p.name AS program_name,
           {_SYNC_STATE}
    FROM enrollment e
    LEFT JOIN resident r ON r.id = e.resident_id
    LEFT JOIN program p ON p.id = e.program_id
"""


@dataclass(frozen=True)
class EnrollmentPage:
    """One page of the list; pass ``next_cursor`` back as ``after`` for the next page."""

    rows: list[dict[str, Any]]
    next_cursor: int | None


def _filters(
    status: str | None, program_id: str | None, resident_id: str | None
) -> tuple[list[str], list[Any]]:
    where = ["e.deleted = 0"]
    params: list[Any] = []
    for column, value in (
        ("e.status", status),
        ("e.program_id", program_id),
        ("e.resident_id", resident_id),
    ):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    return where, params


def list_enrollments(
    database: Database,
    *,
    status: str | None = None,
    program_id: str | None = None,
    resident_id: str | None = None,
    after: int | None = None,
    limit: int = PAGE_SIZE,
) -> EnrollmentPage:
    """Enrollments newest first, with resident and program names and the sync state."""
    where, params = _filters(status, program_id, resident_id)
    if after is not None:
        where.append("e.rowid < ?")
        params.append(after)
    rows = database.query(
        f"{_LIST_SQL} WHERE {' AND '.join(where)} ORDER BY e.rowid DESC LIMIT ?",
        (*params, limit + 1),
    )
    more = len(rows) > limit
    rows = rows[:limit]
    for row in rows:
        name = row.get("program_name")
        row["program_name"] = json.loads(name) if name else None
    return EnrollmentPage(rows=rows, next_cursor=rows[-1]["cursor"] if more and rows else None)


def count_enrollments(
    database: Database,
    *,
    status: str | None = None,
    program_id: str | None = None,
    resident_id: str | None = None,
) -> int:
    where, params = _filters(status, program_id, resident_id)
    return int(
        database.scalar(f"SELECT count(*) FROM enrollment e WHERE {' AND '.join(where)}", params)
    )


def program_catalog(database: Database) -> list[dict[str, Any]]:
    """Active programs, the ones this device enrolls people in most often first."""
    rows = database.query(
        "SELECT p.*, (SELECT count(*) FROM enrollment e WHERE e.program_id = p.id "
        "AND e.deleted = 0) AS enrollment_count FROM program p "
        "WHERE p.deleted = 0 AND coalesce(p.active, 1) = 1 "
        "ORDER BY enrollment_count DESC, p.rowid"
    )
    return [from_row(Kind.PROGRAM, row) for row in rows]


def enrolled_programs(database: Database) -> list[dict[str, Any]]:
    """Programs that have at least one enrollment on this device (for the list's filter)."""
    rows = database.query(
        "SELECT p.id, p.code, p.name FROM program p WHERE p.id IN "
        "(SELECT DISTINCT program_id FROM enrollment WHERE deleted = 0) ORDER BY p.rowid"
    )
    return [from_row(Kind.PROGRAM, row) for row in rows]


def _label_texts(labels: Any) -> list[str]:
    return [text for text in labels.values() if isinstance(text, str)] if labels else []


def match_programs(programs: Sequence[Mapping[str, Any]], text: str) -> list[Mapping[str, Any]]:
    """Programs matching every word typed, in any of their languages.

    Programs whose name or code matches come before those that match only by
    agency or description ("food" finds CalFresh by its description).
    """
    terms = fold(text).split()
    if not terms:
        return list(programs)
    by_name: list[Mapping[str, Any]] = []
    by_other: list[Mapping[str, Any]] = []
    for program in programs:
        name = fold(" ".join([*_label_texts(program.get("name")), program.get("code") or ""]))
        other = fold(
            " ".join([*_label_texts(program.get("description")), program.get("agency") or ""])
        )
        if all(term in name for term in terms):
            by_name.append(program)
        elif all(term in name or term in other for term in terms):
            by_other.append(program)
    return by_name + by_other


def status_choices(current_status: str | None) -> tuple[str, ...]:
    """What the status may be after this save: the current one, then the allowed next steps."""
    if current_status is None:
        return FIRST_STATUSES
    return (current_status, *ENROLLMENT_TRANSITIONS.get(current_status, ()))


def shows_submitted_on(status: str, stored_submitted_on: str | None = None) -> bool:
    """Whether the form asks for the submission date for this status."""
    return status in NEEDS_SUBMITTED or (status == "withdrawn" and bool(stored_submitted_on))


def shows_decided_on(status: str) -> bool:
    return status in DECIDED


@dataclass(frozen=True)
class EnrollmentForm:
    """What the enrollment form holds, as typed (dates as ISO text, possibly bad)."""

    resident_id: str
    program_id: str
    status: str
    started_on: str
    submitted_on: str = ""
    decided_on: str = ""
    reference_number: str = ""
    eligibility_answers: Mapping[str, bool] | None = None
    documents: Mapping[str, str] | None = None
    notes: str = ""

    def to_payload(self) -> dict[str, Any]:
        """A JSON-ready copy, for drafts."""
        return {
            "resident_id": self.resident_id,
            "program_id": self.program_id,
            "status": self.status,
            "started_on": self.started_on,
            "submitted_on": self.submitted_on,
            "decided_on": self.decided_on,
            "reference_number": self.reference_number,
            "eligibility_answers": dict(self.eligibility_answers or {}),
            "documents": dict(self.documents or {}),
            "notes": self.notes,
        }


def enrollment_values(
    form: EnrollmentForm, current: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The record values to save for ``form``.

    Dates the chosen status does not use are cleared (a started enrollment has
    no decision date), and answers or documents the stored record has but the
    program no longer lists are kept rather than silently dropped.
    """
    stored_submitted = (current or {}).get("submitted_on")
    answers = {**((current or {}).get("eligibility_answers") or {})}
    answers.update(form.eligibility_answers or {})
    documents = {**((current or {}).get("documents") or {})}
    documents.update(form.documents or {})
    return {
        "resident_id": form.resident_id,
        "program_id": form.program_id,
        "status": form.status,
        "started_on": form.started_on,
        "submitted_on": (
            form.submitted_on if shows_submitted_on(form.status, stored_submitted) else None
        ),
        "decided_on": form.decided_on if shows_decided_on(form.status) else None,
        "reference_number": form.reference_number,
        "eligibility_answers": answers or None,
        "documents": documents or None,
        "notes": form.notes,
    }


def save_enrollment(
    records: RecordRepository,
    drafts: DraftStore,
    values: Mapping[str, Any],
    *,
    enrollment_id: str | None = None,
    expected_rev: int | None = None,
    draft_target: str | None = None,
) -> SaveResult:
    """Create or update one enrollment and drop its drafts, in one transaction.

    ``draft_target`` is what the drafts were saved for: the resident for a new
    enrollment, the enrollment otherwise. Bad input comes back as per-field
    messages and changes nothing, the drafts included. A record changed
    elsewhere meanwhile raises ``StaleRecord``.
    """
    with records.database.transaction():
        if enrollment_id is None:
            result = records.create(Kind.ENROLLMENT, values)
        else:
            result = records.update(
                Kind.ENROLLMENT, enrollment_id, values, expected_rev=expected_rev
            )
        if result.ok and draft_target is not None:
            for draft in drafts.list(DRAFT_FORM):
                if draft.target_id == draft_target:
                    drafts.discard(draft.id)
    return result


def find_draft(drafts: DraftStore, target_id: str) -> Draft | None:
    """The latest enrollment draft for a resident (new enrollment) or an enrollment."""
    return next((d for d in drafts.list(DRAFT_FORM) if d.target_id == target_id), None)


@dataclass(frozen=True)
class EnrollmentContext:
    """Everything the enrollment form needs, read in one database job."""

    resident: dict[str, Any]
    enrollment: dict[str, Any] | None
    program: dict[str, Any] | None
    catalog: list[dict[str, Any]]
    draft: Draft | None


def load_enrollment_context(
    records: RecordRepository, drafts: DraftStore, resident_id: str, enrollment_id: str | None
) -> EnrollmentContext:
    """The resident, the enrollment and its program (when continuing one), the catalog
    (when starting one) and any draft left from before."""
    resident = records.get(Kind.RESIDENT, resident_id, include_deleted=True)
    enrollment = program = None
    catalog: list[dict[str, Any]] = []
    if enrollment_id is not None:
        enrollment = records.get(Kind.ENROLLMENT, enrollment_id)
        rows = records.database.query(
            "SELECT * FROM program WHERE id = ?", (enrollment["program_id"],)
        )
        program = from_row(Kind.PROGRAM, rows[0]) if rows else None
    else:
        catalog = program_catalog(records.database)
    draft = find_draft(drafts, enrollment_id or resident_id)
    return EnrollmentContext(resident, enrollment, program, catalog, draft)
