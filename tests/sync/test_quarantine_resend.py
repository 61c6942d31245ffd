"""A record HQ refused is fixed on the laptop and sent again under the same op id."""

from __future__ import annotations

import json

from ocpsc_field.core.records import Kind
from ocpsc_field.store import journal, quarantine
from ocpsc_field.sync.engine import run_sync
from tests.hq.harness import Server
from tests.sync.helpers import enroll, hq_counts, local_counts

RESIDENT = {
    "given_name": "Rosa",
    "family_name": "Delgado",
    "preferred_language": "es",
    "zip": "93701",
    "consent_contact": True,
    "consent_date": "2026-03-01",
}


def test_a_fixed_record_is_resent_and_applied(sqlite_server: Server, opened):
    organization = enroll(opened, sqlite_server)
    bad = opened.records.create(Kind.RESIDENT, RESIDENT).record
    for index in range(2):
        assert opened.records.create(Kind.RESIDENT, {**RESIDENT, "given_name": f"B{index}"}).ok
    # A ZIP code an older app version let through, on the record and in its op.
    op_id = journal.ops_for(opened.database, "resident", bad["id"])[0].op_id
    with opened.database.transaction():
        opened.database.execute("UPDATE resident SET zip = 'abc' WHERE id = ?", (bad["id"],))
        fields = {**journal.ops_for(opened.database, "resident", bad["id"])[0].fields, "zip": "abc"}
        opened.database.execute(
            "UPDATE journal SET fields = ? WHERE op_id = ?", (json.dumps(fields), op_id)
        )

    first = run_sync(opened)

    assert first.rejected == 1
    [held] = quarantine.quarantined(opened.database, opened.records)
    assert held.op.op_id == op_id and "zip" in held.op.reason
    assert hq_counts(sqlite_server, organization)["resident"] == 2
    assert not quarantine.resend(opened.database, opened.records, op_id).ok  # not fixed yet

    assert opened.records.update(Kind.RESIDENT, bad["id"], {"zip": "93702"}).ok
    resent = quarantine.resend(opened.database, opened.records, op_id)
    assert resent.ok, resent.errors

    second = run_sync(opened)

    assert second.rejected == 0
    assert second.pending == second.quarantined == 0
    assert journal.pending_count(opened.database) == 0
    assert hq_counts(sqlite_server, organization) == local_counts(opened)
    assert local_counts(opened)["resident"] == 3
    colleague = sqlite_server.device(organization)
    stored = {record["id"]: record for record in colleague.pull_all("resident")}
    assert stored[bad["id"]]["zip"] == "93702"
