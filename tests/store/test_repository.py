"""Records: validation before writing, revisions, tombstones and the journal."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from ocpsc_field.core.ids import is_uuid7
from ocpsc_field.core.records import Kind
from ocpsc_field.store import journal
from ocpsc_field.store.errors import RecordNotFound, RecordRejected, StaleRecord

UTC_STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def resident(**overrides) -> dict:
    return {
        "given_name": "María José",
        "family_name": "Hernández",
        "preferred_language": "es",
        "phone": "(559) 555-0101",
        "county": "Fresno",
        "zip": "93701",
        **overrides,
    }


def test_create_stamps_envelope_and_journals_once(opened):
    result = opened.records.create(Kind.RESIDENT, resident())
    assert result.ok
    record = result.record
    assert is_uuid7(record["id"])
    assert UTC_STAMP.match(record["created_at"]) and record["created_at"] == record["updated_at"]
    assert record["rev"] == 1 and record["deleted"] is False
    assert record["created_by"] == "tester" and record["origin_device"] == opened.actor.device
    assert record["phone"] == "+15595550101"
    ops = journal.ops_for(opened.database, "resident", record["id"])
    assert [(op.op, op.rev) for op in ops] == [("create", 1)]
    assert ops[0].fields["given_name"] == "María José"
    stored = opened.records.get(Kind.RESIDENT, record["id"])
    assert stored == record


def test_invalid_input_returns_field_messages_and_changes_nothing(opened):
    result = opened.records.create(
        Kind.RESIDENT, resident(phone="12", zip="10001", county="Springfield")
    )
    assert not result.ok and result.record is None
    assert set(result.errors) == {"phone", "zip", "county"}
    for message in result.errors.values():
        assert "{" not in message.render()
    assert opened.records.count(Kind.RESIDENT, include_deleted=True) == 0
    assert journal.pending_count(opened.database) == 0


def test_update_journals_only_changed_fields_and_bumps_rev(opened):
    record = opened.records.create(Kind.RESIDENT, resident()).record
    result = opened.records.update(
        Kind.RESIDENT, record["id"], {"city": "Fresno", "phone": "559-555-0101"}
    )
    assert result.ok and result.record["rev"] == 2 and result.record["city"] == "Fresno"
    ops = journal.ops_for(opened.database, "resident", record["id"])
    assert [(op.op, op.rev, op.fields) for op in ops][1] == ("update", 2, {"city": "Fresno"})
    assert ops[0].hlc < ops[1].hlc
    # An update that changes nothing writes nothing.
    opened.records.update(Kind.RESIDENT, record["id"], {"city": "Fresno"})
    assert len(journal.ops_for(opened.database, "resident", record["id"])) == 2


def test_invalid_update_changes_nothing(opened):
    record = opened.records.create(Kind.RESIDENT, resident()).record
    result = opened.records.update(Kind.RESIDENT, record["id"], {"birth_date": "2999-01-01"})
    assert "birth_date" in result.errors
    assert opened.records.get(Kind.RESIDENT, record["id"]) == record
    assert journal.pending_count(opened.database) == 1


def test_stale_update_is_refused(opened):
    record = opened.records.create(Kind.RESIDENT, resident()).record
    opened.records.update(Kind.RESIDENT, record["id"], {"city": "Clovis"})
    with pytest.raises(StaleRecord):
        opened.records.update(Kind.RESIDENT, record["id"], {"city": "Sanger"}, expected_rev=1)
    assert opened.records.get(Kind.RESIDENT, record["id"])["city"] == "Clovis"


def test_conversations_are_append_only(opened):
    person = opened.records.create(Kind.RESIDENT, resident()).record
    log = opened.records.create(
        Kind.CONTACT_LOG,
        {
            "occurred_at": datetime(2026, 11, 20, 17, 5, tzinfo=UTC),
            "resident_id": person["id"],
            "channel": "door",
            "language": "es",
            "outcome": "reached",
        },
    ).record
    assert log["occurred_at"] == "2026-11-20T17:05:00.000Z"
    with pytest.raises(RecordRejected):
        opened.records.update(Kind.CONTACT_LOG, log["id"], {"notes": "changed"})
    correction = opened.records.create(
        Kind.CONTACT_LOG,
        {
            "occurred_at": "2026-11-20T17:05:00Z",
            "resident_id": person["id"],
            "channel": "door",
            "language": "es",
            "outcome": "follow_up",
            "follow_up_date": "2026-12-01",
            "corrects_id": log["id"],
        },
    )
    assert correction.ok and correction.record["corrects_id"] == log["id"]


def test_delete_is_a_journaled_tombstone(opened):
    record = opened.records.create(Kind.RESIDENT, resident()).record
    opened.records.delete(Kind.RESIDENT, record["id"])
    with pytest.raises(RecordNotFound):
        opened.records.get(Kind.RESIDENT, record["id"])
    kept = opened.records.get(Kind.RESIDENT, record["id"], include_deleted=True)
    assert kept["deleted"] is True and kept["rev"] == 2 and kept["given_name"] == "María José"
    assert opened.records.count(Kind.RESIDENT) == 0
    assert opened.records.count(Kind.RESIDENT, include_deleted=True) == 1
    ops = journal.ops_for(opened.database, "resident", record["id"])
    assert [op.op for op in ops] == ["create", "delete"]


def test_journal_op_ids_are_contiguous_even_after_a_rejected_write(opened):
    opened.records.create(Kind.RESIDENT, resident())
    opened.records.create(Kind.RESIDENT, resident(phone="nope"))
    opened.records.create(Kind.RESIDENT, resident(given_name="Li"))
    ids = [op.op_id for op in journal.ops(opened.database)]
    assert ids == [1, 2]


def test_create_many_all_or_nothing(opened):
    good = [resident(given_name=f"Ana {n}") for n in range(5)]
    results = opened.records.create_many(Kind.RESIDENT, [*good, resident(zip="10001")])
    assert [bool(r.errors) for r in results] == [False] * 5 + [True]
    assert opened.records.count(Kind.RESIDENT) == 0
    results = opened.records.create_many(
        Kind.RESIDENT, [*good, resident(zip="10001")], all_or_nothing=False
    )
    assert sum(r.ok for r in results) == 5
    assert opened.records.count(Kind.RESIDENT) == 5
    assert journal.pending_count(opened.database) == 5


def test_enrollment_needs_an_existing_resident(opened):
    from ocpsc_field.store.db import IntegrityError

    with pytest.raises(IntegrityError):
        opened.records.create(
            Kind.ENROLLMENT,
            {
                "resident_id": "0190f4b2-7c1e-7000-8000-000000000000",
                "program_id": "0190f4b2-7c1e-7000-8000-000000000001",
                "status": "started",
                "started_on": "2026-11-01",
            },
        )
    assert journal.pending_count(opened.database) == 0


def test_reference_data_is_stored_as_published_and_hq_wins(opened):
    program = {
        "id": "0190f4b2-7c1e-7000-8000-0000000000aa",
        "code": "calfresh",
        "name": {"en": "CalFresh", "es": "CalFresh"},
        "active": True,
        "rev": 3,
    }
    opened.records.put_reference(Kind.PROGRAM, program)
    stored = opened.records.get(Kind.PROGRAM, program["id"])
    assert stored["name"] == {"en": "CalFresh", "es": "CalFresh"} and stored["rev"] == 3
    opened.records.put_reference(
        Kind.PROGRAM, {**program, "name": {"en": "CalFresh (SNAP)"}, "rev": 4}
    )
    assert opened.records.get(Kind.PROGRAM, program["id"])["name"] == {"en": "CalFresh (SNAP)"}
    assert opened.records.count(Kind.PROGRAM) == 1
    assert journal.pending_count(opened.database) == 0
    with pytest.raises(RecordRejected):
        opened.records.put_reference(Kind.PROGRAM, {"code": "x"})
    assert opened.records.count(Kind.PROGRAM) == 1


def test_enrollment_status_follows_its_lifecycle(opened):
    person = opened.records.create(Kind.RESIDENT, resident()).record
    program = "0190f4b2-7c1e-7000-8000-0000000000bb"
    opened.records.put_reference(
        Kind.PROGRAM, {"id": program, "code": "medi_cal", "name": {"en": "Medi-Cal"}}
    )
    enrollment = opened.records.create(
        Kind.ENROLLMENT,
        {
            "resident_id": person["id"],
            "program_id": program,
            "status": "started",
            "started_on": "2026-11-01",
        },
    ).record
    submitted = opened.records.update(
        Kind.ENROLLMENT,
        enrollment["id"],
        {"status": "submitted", "submitted_on": "2026-11-05", "reference_number": "MC-1"},
    )
    assert submitted.ok and submitted.record["status"] == "submitted"
    approved = opened.records.update(
        Kind.ENROLLMENT, enrollment["id"], {"status": "approved", "decided_on": "2026-11-20"}
    )
    assert approved.ok
    back = opened.records.update(Kind.ENROLLMENT, enrollment["id"], {"status": "started"})
    assert set(back.errors) == {"status"} and "{" not in back.errors["status"].render()
    assert opened.records.get(Kind.ENROLLMENT, enrollment["id"])["status"] == "approved"


def test_a_delete_can_be_undone(opened):
    record = opened.records.create(Kind.RESIDENT, resident()).record
    opened.records.delete(Kind.RESIDENT, record["id"])
    restored = opened.records.restore(Kind.RESIDENT, record["id"])
    assert restored["deleted"] is False and restored["rev"] == 3
    assert opened.records.get(Kind.RESIDENT, record["id"])["given_name"] == "María José"
    assert [row["id"] for row in opened.residents.search("hernandez")] == [record["id"]]
    ops = journal.ops_for(opened.database, "resident", record["id"])
    assert [(op.op, op.fields) for op in ops][1:] == [
        ("delete", {}),
        ("update", {"deleted": False}),
    ]
