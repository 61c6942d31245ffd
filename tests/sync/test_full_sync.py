"""A full sync of a demo profile: HQ ends up with exactly the records the laptop holds."""

from __future__ import annotations

from ocpsc_field.core.records import Kind
from ocpsc_field.store import journal
from ocpsc_field.store.demo import fill_demo
from ocpsc_field.sync.engine import run_sync
from tests.hq.harness import Server
from tests.sync.helpers import enroll, hq_counts, local_counts


def test_a_demo_profile_syncs_completely_and_a_second_sync_sends_nothing(
    sqlite_server: Server, opened
):
    organization = enroll(opened, sqlite_server)
    fill_demo(opened, residents=300, seed=3)
    waiting = journal.pending_count(opened.database)
    assert waiting > 300

    result = run_sync(opened, batch_bytes=8 * 1024)

    assert result.acknowledged == waiting
    assert result.exchanges > 2  # sized by bytes: several batches
    assert result.pending == result.quarantined == 0
    assert journal.pending_count(opened.database) == 0
    assert hq_counts(sqlite_server, organization) == local_counts(opened)
    assert local_counts(opened)[Kind.RESIDENT.value] == 300

    again = run_sync(opened)
    assert again.acknowledged == 0
    assert hq_counts(sqlite_server, organization) == local_counts(opened)
