"""Receipts carried back by the coordinator: what clears a laptop's records, and what may not."""

from __future__ import annotations

import pytest

from ocpsc_field.core.ids import new_id
from ocpsc_field.store import journal
from ocpsc_field.sync import bundle, bundle_relay
from ocpsc_field.sync.bundle_io import BundleFailed
from tests.hq.harness import Server
from tests.sync.bundle_support import add_residents, enroll_in, go_offline, laptop


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCPSC_SYNC_RETRY_BASE", "0.02")


def add_unknown_kind(opened) -> int:
    """An op HQ refuses (a record kind it does not know), as a newer app might write."""
    with opened.database.transaction():
        return journal.append(
            opened.database,
            kind="spaceship",
            record_id=new_id(),
            op="create",
            rev=1,
            fields={},
            hlc=f"1768498200000-0000-{opened.actor.device}",
        )


@pytest.fixture
def carried(sqlite_server: Server, opened, tmp_path, _profile_template):
    """A laptop's bundle uploaded by its coordinator, and the team's receipts file."""
    organization = sqlite_server.organization()
    enroll_in(opened, sqlite_server, organization)
    go_offline(opened)
    add_residents(opened, 2)
    refused_op = add_unknown_kind(opened)
    made = bundle.export_bundle(opened.database, tmp_path / "b.ocpsc-bundle")
    with laptop(_profile_template, tmp_path / "coordinator") as coordinator:
        enroll_in(coordinator, sqlite_server, organization, role="coordinator")
        bundle_relay.collect(coordinator.database, [made.path])
        result = bundle_relay.upload(bundle_relay.direct(coordinator))
        saved = bundle_relay.download_receipts(bundle_relay.direct(coordinator), tmp_path)
    report = result.uploaded[0][1]["report"]
    assert (report["applied"], report["rejected"]) == (4, 1)
    assert report["rejected_ops"][0]["reason"] == "unknown_kind"
    return opened, saved, refused_op, organization


def test_receipts_clear_applied_records_and_quarantine_refused_ones_in_one_step(carried):
    opened, saved, refused_op, _organization = carried
    assert saved.path.name.endswith(".ocpsc-receipts")
    assert journal.pending_count(opened.database) == 5
    done = bundle.apply_receipts_file(opened.database, opened.records, saved.path)
    assert (done.matched, done.cleared, done.quarantined, done.pending) == (5, 4, 1, 0)
    [kept] = journal.ops(opened.database)
    assert kept.op_id == refused_op and kept.state == "quarantined"
    assert "spaceship" in kept.reason
    again = bundle.apply_receipts_file(opened.database, opened.records, saved.path)
    assert (again.cleared, again.quarantined, again.not_waiting) == (0, 0, 4)


@pytest.mark.parametrize("damage", ["flip", "cut"])
def test_a_changed_receipts_file_changes_nothing(carried, tmp_path, damage: str):
    opened, saved, _refused_op, _organization = carried
    data = bytearray(saved.path.read_bytes())
    if damage == "flip":
        data[40] ^= 0x01
    else:
        del data[-30:]
    forged = tmp_path / "forged.ocpsc-receipts"
    forged.write_bytes(bytes(data))
    with pytest.raises(BundleFailed) as refused:
        bundle.apply_receipts_file(opened.database, opened.records, forged)
    assert "nothing was changed" in str(refused.value).lower()
    assert journal.pending_count(opened.database) == 5
    assert journal.quarantined_count(opened.database) == 0


def test_receipts_for_another_laptop_clear_nothing_here(
    carried, sqlite_server: Server, tmp_path, _profile_template
):
    _opened, saved, _refused_op, organization = carried
    with laptop(_profile_template, tmp_path / "colleague") as colleague:
        enroll_in(colleague, sqlite_server, organization)
        add_residents(colleague, 3)  # op ids 1..6, like the bundled laptop's
        done = bundle.apply_receipts_file(colleague.database, colleague.records, saved.path)
        assert (done.matched, done.cleared) == (0, 0)
        assert journal.pending_count(colleague.database) == 6


def test_only_coordinators_download_team_receipts(
    carried, sqlite_server: Server, tmp_path, _profile_template
):
    _opened, _saved, _refused_op, organization = carried
    with laptop(_profile_template, tmp_path / "canvasser") as canvasser:
        enroll_in(canvasser, sqlite_server, organization, role="canvasser")
        with pytest.raises(BundleFailed) as refused:
            bundle_relay.download_receipts(bundle_relay.direct(canvasser), tmp_path / "r")
    assert refused.value.code == "forbidden" and "Only coordinators" in str(refused.value)
    assert not (tmp_path / "r").exists()
