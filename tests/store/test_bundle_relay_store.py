"""The coordinator's queue of collected bundles, in the encrypted profile (schema v5)."""

from __future__ import annotations

import shutil
from pathlib import Path

from ocpsc_field.store import migrations, relay
from ocpsc_field.store.session import open_profile
from tests.fixtures import make_schema_fixtures as fixtures

HEADER = {
    "device_id": "4a9d1c1e-0000-4000-8000-000000000001",
    "user": "maria",
    "op_id_from": 3,
    "op_id_to": 9,
    "record_count": 7,
    "created_at": "2026-11-21T10:00:00.000Z",
    "hq_key_id": "0123456789abcdef",
}


def test_a_bundle_is_queued_once_and_drops_its_bytes_once_hq_has_it(opened):
    database = opened.database
    assert relay.add(database, "a" * 64, HEADER, b"sealed bytes") is True
    assert relay.add(database, "a" * 64, HEADER, b"sealed bytes") is False
    assert relay.queued_ids(database) == ["a" * 64]
    stored = relay.get(database, "a" * 64)
    assert (stored.sender_user, stored.record_count, stored.size) == ("maria", 7, 12)
    assert stored.state == relay.QUEUED and stored.report is None

    relay.mark_uploaded(database, "a" * 64, {"report": {"applied": 7}})
    assert relay.data_of(database, "a" * 64) is None
    assert relay.get(database, "a" * 64).report == {"report": {"applied": 7}}
    assert relay.add(database, "a" * 64, HEADER, b"sealed bytes") is False  # HQ has it
    assert relay.counts(database) == {"queued": 0, "uploaded": 1, "refused": 0}


def test_a_refused_bundle_keeps_its_reason_and_can_be_queued_again(opened):
    database = opened.database
    relay.add(database, "b" * 64, HEADER, b"x")
    relay.mark_refused(database, "b" * 64, "bundle_unknown_device")
    assert relay.bundles(database, relay.REFUSED)[0].problem == "bundle_unknown_device"
    assert relay.queued_ids(database) == []
    assert relay.add(database, "b" * 64, HEADER, b"x") is True
    assert relay.get(database, "b" * 64).problem is None
    assert relay.queued_ids(database) == ["b" * 64]


def test_a_released_v4_profile_gains_the_queue_and_keeps_its_records(tmp_path: Path):
    folder = tmp_path / "v4"
    shutil.copytree(fixtures.HERE / "schema_v4", folder)
    with open_profile(folder, fixtures.PASSPHRASE) as opened:
        assert migrations.current_version(opened.database) == migrations.LATEST >= 5
        assert opened.status()["unsynced_journal_entries"] == 5
        assert relay.add(opened.database, "c" * 64, HEADER, b"y")
        assert relay.counts(opened.database)["queued"] == 1
