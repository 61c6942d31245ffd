"""Quarantined ops: listed with their record, and resent once the record is fixed."""

from __future__ import annotations

import json

from ocpsc_field.core.records import Kind
from ocpsc_field.store import journal, quarantine

RESIDENT = {
    "given_name": "Rosa",
    "family_name": "Delgado",
    "preferred_language": "es",
    "zip": "93701",
    "consent_contact": True,
    "consent_date": "2026-03-01",
}


def _quarantine(opened, op_id: int, reason: str = "zip: Enter a 5-digit ZIP code.") -> None:
    opened.database.execute(
        "UPDATE journal SET state = 'quarantined', reason = ? WHERE op_id = ?", (reason, op_id)
    )


def _op(opened, op_id: int) -> journal.JournalOp:
    return next(op for op in journal.ops(opened.database) if op.op_id == op_id)


def test_quarantined_ops_are_listed_with_their_record(opened):
    record = opened.records.create(Kind.RESIDENT, RESIDENT).record
    other = opened.records.create(Kind.RESIDENT, {**RESIDENT, "given_name": "Ana"}).record
    first = journal.ops_for(opened.database, "resident", record["id"])[0].op_id
    _quarantine(opened, first)

    found = quarantine.quarantined(opened.database, opened.records)

    assert [item.op.op_id for item in found] == [first]
    assert found[0].record["given_name"] == "Rosa"
    assert found[0].op.reason == "zip: Enter a 5-digit ZIP code."
    assert found[0].editable
    assert other["id"] != found[0].record["id"]


def test_resend_takes_the_fixed_values_and_queues_the_op_again(opened):
    record = opened.records.create(Kind.RESIDENT, RESIDENT).record
    op_id = journal.ops_for(opened.database, "resident", record["id"])[0].op_id
    # HQ refused the create; the user fixes the ZIP code on this laptop.
    _quarantine(opened, op_id)
    assert opened.records.update(Kind.RESIDENT, record["id"], {"zip": "93702"}).ok

    result = quarantine.resend(opened.database, opened.records, op_id)

    assert result.ok, result.errors
    op = _op(opened, op_id)
    assert (op.state, op.reason, op.op) == ("pending", None, "create")
    assert op.fields["zip"] == "93702"
    assert op.fields["given_name"] == "Rosa"
    assert "id" not in op.fields and "rev" not in op.fields
    assert journal.quarantined_count(opened.database) == 0


def test_an_update_takes_only_its_own_fields(opened):
    record = opened.records.create(Kind.RESIDENT, RESIDENT).record
    assert opened.records.update(Kind.RESIDENT, record["id"], {"city": "Fresno"}).ok
    op_id = journal.ops_for(opened.database, "resident", record["id"])[-1].op_id
    _quarantine(opened, op_id)
    assert opened.records.update(Kind.RESIDENT, record["id"], {"city": "Visalia"}).ok

    assert quarantine.resend(opened.database, opened.records, op_id).ok

    assert _op(opened, op_id).fields == {"city": "Visalia"}


def test_a_record_that_still_fails_stays_quarantined_with_the_messages(opened):
    record = opened.records.create(Kind.RESIDENT, RESIDENT).record
    op_id = journal.ops_for(opened.database, "resident", record["id"])[0].op_id
    _quarantine(opened, op_id)
    # A value an older app version let through, still stored on this laptop.
    opened.database.execute("UPDATE resident SET zip = 'abc' WHERE id = ?", (record["id"],))
    before = opened.database.query("SELECT * FROM journal WHERE op_id = ?", (op_id,))

    result = quarantine.resend(opened.database, opened.records, op_id)

    assert not result.ok
    assert "zip" in result.errors
    after = opened.database.query("SELECT * FROM journal WHERE op_id = ?", (op_id,))
    assert after == before
    assert json.loads(after[0]["fields"])["zip"] == "93701"
    assert after[0]["state"] == "quarantined"


def test_a_conversation_is_resent_as_it_was(opened):
    resident = opened.records.create(Kind.RESIDENT, RESIDENT).record
    log = opened.records.create(
        Kind.CONTACT_LOG,
        {
            "occurred_at": "2026-03-02T10:00:00Z",
            "resident_id": resident["id"],
            "channel": "door",
            "outcome": "reached",
            "language": "es",
        },
    )
    assert log.ok, log.errors
    op_id = journal.ops_for(opened.database, "contact_log", log.record["id"])[0].op_id
    _quarantine(opened, op_id, "HQ had a problem; try again later.")
    fields = _op(opened, op_id).fields

    listed = quarantine.quarantined(opened.database, opened.records)
    assert [item.editable for item in listed] == [False]
    assert quarantine.resend(opened.database, opened.records, op_id).ok

    op = _op(opened, op_id)
    assert (op.state, op.reason) == ("pending", None)
    assert op.fields == fields


def test_resending_an_op_that_is_not_quarantined_changes_nothing(opened):
    record = opened.records.create(Kind.RESIDENT, RESIDENT).record
    op_id = journal.ops_for(opened.database, "resident", record["id"])[0].op_id

    assert not quarantine.resend(opened.database, opened.records, op_id).ok
    assert not quarantine.resend(opened.database, opened.records, op_id + 100).ok
    assert _op(opened, op_id).state == "pending"
