"""Enrollment queries: the paged list with names and sync state, the catalog, saving a step."""

from __future__ import annotations

import pytest

from ocpsc_field.core.records import Kind
from ocpsc_field.store import enrollments, journal
from ocpsc_field.store.enrollments import EnrollmentForm
from ocpsc_field.store.errors import StaleRecord
from ocpsc_field.store.reference_data import load_programs


@pytest.fixture
def catalog(opened) -> dict[str, dict]:
    """The bundled program catalog, stored as HQ would publish it; by code."""
    with opened.database.transaction():
        for program in load_programs():
            opened.records.put_reference(Kind.PROGRAM, program)
    return {p["code"]: p for p in opened.records.iter_all(Kind.PROGRAM)}


def make_resident(opened, given: str, family: str, language: str = "es") -> str:
    result = opened.records.create(
        Kind.RESIDENT,
        {"given_name": given, "family_name": family, "preferred_language": language},
    )
    assert result.ok, result.errors
    return result.record["id"]


def enroll(opened, resident_id: str, program: dict, **values) -> dict:
    data = {
        "resident_id": resident_id,
        "program_id": program["id"],
        "status": "started",
        "started_on": "2024-03-01",
        **values,
    }
    result = opened.records.create(Kind.ENROLLMENT, data)
    assert result.ok, result.errors
    return result.record


def test_list_joins_resident_and_program_names_newest_first(opened, catalog):
    maria = make_resident(opened, "María José", "Hernández")
    bao = make_resident(opened, "Quốc Bảo", "Nguyễn", "vi")
    first = enroll(opened, maria, catalog["calfresh"])
    second = enroll(opened, bao, catalog["medi_cal"], status="submitted", submitted_on="2024-03-02")

    page = enrollments.list_enrollments(opened.database)
    assert [row["id"] for row in page.rows] == [second["id"], first["id"]]
    assert page.next_cursor is None
    top = page.rows[0]
    assert (top["given_name"], top["family_name"], top["preferred_language"]) == (
        "Quốc Bảo",
        "Nguyễn",
        "vi",
    )
    assert top["program_name"]["en"] == "Medi-Cal"
    assert top["program_code"] == "medi_cal"
    assert (top["status"], top["started_on"], top["submitted_on"]) == (
        "submitted",
        "2024-03-01",
        "2024-03-02",
    )


def test_list_pages_through_every_row_once(opened, catalog):
    resident = make_resident(opened, "Ana", "Ruiz")
    made = [enroll(opened, resident, catalog["calfresh"])["id"] for _ in range(7)]
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        page = enrollments.list_enrollments(opened.database, after=cursor, limit=3)
        seen += [row["id"] for row in page.rows]
        pages += 1
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == list(reversed(made))
    assert pages == 3


def test_filters_by_status_program_and_resident(opened, catalog):
    ana = make_resident(opened, "Ana", "Ruiz")
    li = make_resident(opened, "美玲", "陈", "zh-Hans")
    enroll(opened, ana, catalog["calfresh"])
    enroll(opened, ana, catalog["wic"], status="submitted", submitted_on="2024-03-05")
    enroll(opened, li, catalog["calfresh"], status="submitted", submitted_on="2024-03-05")
    database = opened.database

    def codes(**filters):
        return sorted(
            row["program_code"] for row in enrollments.list_enrollments(database, **filters).rows
        )

    assert codes(status="submitted") == ["calfresh", "wic"]
    assert codes(program_id=catalog["calfresh"]["id"]) == ["calfresh", "calfresh"]
    assert codes(status="submitted", program_id=catalog["calfresh"]["id"]) == ["calfresh"]
    assert codes(resident_id=li) == ["calfresh"]
    assert enrollments.count_enrollments(database, status="submitted") == 2
    assert enrollments.count_enrollments(database, program_id=catalog["wic"]["id"]) == 1
    assert [p["code"] for p in enrollments.enrolled_programs(database)] == ["calfresh", "wic"]


def test_deleted_enrollments_are_not_listed(opened, catalog):
    record = enroll(opened, make_resident(opened, "Ana", "Ruiz"), catalog["calfresh"])
    opened.records.delete(Kind.ENROLLMENT, record["id"])
    assert enrollments.list_enrollments(opened.database).rows == []
    assert enrollments.count_enrollments(opened.database) == 0


def test_sync_state_follows_the_journal(opened, catalog):
    resident = make_resident(opened, "Ana", "Ruiz")
    waiting = enroll(opened, resident, catalog["calfresh"])
    sent = enroll(opened, resident, catalog["wic"])
    refused = enroll(opened, resident, catalog["liheap"])
    with opened.database.transaction():
        # As sync will do: HQ acknowledged one record's ops and refused another's.
        opened.database.execute("DELETE FROM journal WHERE record_id = ?", (sent["id"],))
        opened.database.execute(
            "UPDATE journal SET state = 'quarantined', reason = 'program closed' "
            "WHERE record_id = ?",
            (refused["id"],),
        )
    rows = {row["id"]: row for row in enrollments.list_enrollments(opened.database).rows}
    assert rows[waiting["id"]]["sync_state"] == enrollments.SYNC_WAITING
    assert rows[sent["id"]]["sync_state"] == enrollments.SYNC_SENT
    assert rows[refused["id"]]["sync_state"] == enrollments.SYNC_ATTENTION
    assert rows[refused["id"]]["attention_reason"] == "program closed"
    assert rows[waiting["id"]]["attention_reason"] is None


def test_catalog_lists_programs_used_most_first(opened, catalog):
    resident = make_resident(opened, "Ana", "Ruiz")
    enroll(opened, resident, catalog["wic"])
    enroll(opened, resident, catalog["wic"])
    enroll(opened, resident, catalog["liheap"])
    codes = [program["code"] for program in enrollments.program_catalog(opened.database)]
    assert codes[:3] == ["wic", "liheap", "calfresh"]
    assert len(codes) == len(catalog)
    calfresh = next(
        p for p in enrollments.program_catalog(opened.database) if p["code"] == "calfresh"
    )
    assert calfresh["eligibility"][0]["id"] == "ca_resident"  # JSON parsed


def test_inactive_programs_are_not_offered(opened, catalog):
    program = dict(catalog["wic"], active=False)
    opened.records.put_reference(Kind.PROGRAM, program)
    codes = [program["code"] for program in enrollments.program_catalog(opened.database)]
    assert "wic" not in codes


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("calf", "calfresh"),
        ("CALFRESH", "calfresh"),
        ("medi", "medi_cal"),
        ("thuc pham", "calfresh"),  # Vietnamese name, typed without accents
        ("groceries", "calfresh"),  # by the description
    ],
)
def test_match_programs_by_any_language_and_description(opened, catalog, text, first):
    programs = enrollments.program_catalog(opened.database)
    matches = enrollments.match_programs(programs, text)
    assert matches and matches[0]["code"] == first


def test_match_programs_puts_name_matches_first_and_requires_every_word(opened, catalog):
    programs = enrollments.program_catalog(opened.database)
    assert enrollments.match_programs(programs, "") == programs
    assert enrollments.match_programs(programs, "calfresh zzzz") == []
    names_first = enrollments.match_programs(programs, "cal")
    assert all("cal" in p["name"]["en"].lower() for p in names_first[:5])


def test_status_choices_offer_only_legal_next_steps():
    assert enrollments.status_choices(None) == ("started", "submitted")
    assert enrollments.status_choices("started") == ("started", "submitted", "withdrawn")
    assert enrollments.status_choices("submitted") == (
        "submitted",
        "approved",
        "denied",
        "withdrawn",
    )
    assert enrollments.status_choices("approved") == ("approved",)


def form(resident_id: str, program_id: str, **values) -> EnrollmentForm:
    return EnrollmentForm(
        resident_id=resident_id,
        program_id=program_id,
        status=values.pop("status", "started"),
        started_on=values.pop("started_on", "2024-03-01"),
        **values,
    )


def test_values_clear_dates_the_status_does_not_use_and_keep_old_answers():
    values = enrollments.enrollment_values(
        form(
            "r",
            "p",
            status="started",
            submitted_on="2024-03-02",
            decided_on="2024-03-03",
            eligibility_answers={"income_limit": True},
            documents={"photo_id": "received"},
        ),
        current={"eligibility_answers": {"retired_item": False}, "documents": None},
    )
    assert values["submitted_on"] is None and values["decided_on"] is None
    assert values["eligibility_answers"] == {"retired_item": False, "income_limit": True}
    assert values["documents"] == {"photo_id": "received"}

    withdrawn = enrollments.enrollment_values(
        form("r", "p", status="withdrawn", submitted_on="2024-03-02"),
        current={"submitted_on": "2024-03-02"},
    )
    assert withdrawn["submitted_on"] == "2024-03-02"  # a withdrawn application keeps its date
    assert withdrawn["eligibility_answers"] is None


def test_save_creates_updates_and_discards_the_draft_in_one_go(opened, catalog):
    resident = make_resident(opened, "Ana", "Ruiz")
    calfresh = catalog["calfresh"]["id"]
    draft_id = opened.drafts.save(
        enrollments.DRAFT_FORM, {"program_id": calfresh}, target_id=resident
    )
    assert enrollments.find_draft(opened.drafts, resident).id == draft_id

    values = enrollments.enrollment_values(form(resident, calfresh))
    result = enrollments.save_enrollment(
        opened.records, opened.drafts, values, draft_target=resident
    )
    assert result.ok, result.errors
    assert enrollments.find_draft(opened.drafts, resident) is None
    record = result.record

    submitted = enrollments.enrollment_values(
        form(
            resident,
            calfresh,
            status="submitted",
            submitted_on="2024-03-04",
            reference_number="CF-1234",
        ),
        record,
    )
    updated = enrollments.save_enrollment(
        opened.records, opened.drafts, submitted, enrollment_id=record["id"], expected_rev=1
    )
    assert updated.ok, updated.errors
    assert updated.record["rev"] == 2
    ops = journal.ops_for(opened.database, "enrollment", record["id"])
    assert [op.op for op in ops] == ["create", "update"]
    assert ops[1].fields == {
        "status": "submitted",
        "submitted_on": "2024-03-04",
        "reference_number": "CF-1234",
    }

    with pytest.raises(StaleRecord):
        enrollments.save_enrollment(
            opened.records, opened.drafts, submitted, enrollment_id=record["id"], expected_rev=1
        )


def test_bad_input_keeps_the_draft_and_changes_nothing(opened, catalog):
    resident = make_resident(opened, "Ana", "Ruiz")
    calfresh = catalog["calfresh"]["id"]
    draft_id = opened.drafts.save(enrollments.DRAFT_FORM, {}, target_id=resident)
    values = enrollments.enrollment_values(
        form(resident, calfresh, status="submitted", submitted_on="2024-02-01")
    )
    before = journal.pending_count(opened.database)
    result = enrollments.save_enrollment(
        opened.records, opened.drafts, values, draft_target=resident
    )
    assert not result.ok
    assert set(result.errors) == {"submitted_on"}
    assert opened.drafts.get(draft_id) is not None
    assert journal.pending_count(opened.database) == before
    assert opened.records.count(Kind.ENROLLMENT) == 0


def test_context_for_a_new_and_an_existing_enrollment(opened, catalog):
    resident = make_resident(opened, "Ana", "Ruiz")
    fresh = enrollments.load_enrollment_context(opened.records, opened.drafts, resident, None)
    assert fresh.resident["given_name"] == "Ana"
    assert fresh.enrollment is None and fresh.program is None and fresh.draft is None
    assert len(fresh.catalog) == len(catalog)

    record = enroll(opened, resident, catalog["calfresh"])
    existing = enrollments.load_enrollment_context(
        opened.records, opened.drafts, resident, record["id"]
    )
    assert existing.enrollment["id"] == record["id"]
    assert existing.program["code"] == "calfresh"
    assert existing.catalog == []
