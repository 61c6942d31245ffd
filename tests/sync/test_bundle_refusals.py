"""Bundles HQ must refuse, and bundles it must recognise as already received.

Each refusal names what happened in words, changes nothing at HQ, and leaves
the records waiting on the laptop that made the bundle.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ocpsc_field.store import journal, relay
from ocpsc_field.sync import bundle, bundle_format, bundle_relay
from ocpsc_field.sync.bundle_device import HQ_KEYS, KEY_REGISTERED, PUBLIC_KEY, SIGNING_KEY
from ocpsc_field.sync.bundle_keys import new_encryption_pair, new_signing_pair
from ocpsc_field.sync.engine import run_sync
from ocpsc_field.sync.protocol import WireOp
from tests.hq.harness import Server
from tests.sync.bundle_support import add_residents, enroll_in, go_offline, laptop
from tests.sync.helpers import hq_counts, local_counts


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCPSC_SYNC_RETRY_BASE", "0.02")


@pytest.fixture
def team(sqlite_server: Server, opened, tmp_path, _profile_template):
    """A field laptop (offline, 3 residents) and its coordinator's laptop, both enrolled."""
    organization = sqlite_server.organization()
    enroll_in(opened, sqlite_server, organization)
    go_offline(opened)
    add_residents(opened, 3)
    with laptop(_profile_template, tmp_path / "coordinator") as coordinator:
        enroll_in(coordinator, sqlite_server, organization, role="coordinator")
        yield organization, opened, coordinator


def relay_files(coordinator, *paths: Path) -> bundle_relay.UploadResult:
    collected = bundle_relay.collect(coordinator.database, list(paths))
    assert all(item.problem is None for item in collected), collected
    return bundle_relay.upload(bundle_relay.direct(coordinator))


def refusal(coordinator, bundle_id: str) -> tuple[str, str]:
    stored = relay.get(coordinator.database, bundle_id)
    assert stored.state == relay.REFUSED
    return stored.problem, bundle_relay.problem_text(stored)


@pytest.mark.parametrize("region", ["header", "ciphertext", "signature"])
def test_a_bundle_with_one_byte_flipped_is_refused_and_nothing_is_applied(
    team, sqlite_server: Server, tmp_path, region: str
):
    organization, device, coordinator = team
    made = bundle.export_bundle(device.database, tmp_path / "original.ocpsc-bundle")
    data = bytearray(made.path.read_bytes())
    offsets = {
        "header": data.index(b'"user":"') + len(b'"user":"'),
        "ciphertext": len(data) - 64 - 100,
        "signature": len(data) - 1,
    }
    data[offsets[region]] ^= 0x20
    flipped = tmp_path / "flipped.ocpsc-bundle"
    flipped.write_bytes(bytes(data))

    result = relay_files(coordinator, flipped)

    [bundle_id] = result.refused
    code, text = refusal(coordinator, bundle_id)
    assert code == bundle_format.TAMPERED
    assert "changed after it was made" in text
    assert sum(hq_counts(sqlite_server, organization).values()) == 0
    assert journal.pending_count(device.database) == 6  # still waiting on the laptop

    replaced = relay_files(coordinator, made.path)  # the original still goes through
    assert replaced.uploaded[0][1]["report"]["applied"] == 6


def test_a_cut_short_or_foreign_file_is_not_even_collected(team, tmp_path):
    _organization, device, coordinator = team
    made = bundle.export_bundle(device.database, tmp_path / "original.ocpsc-bundle")
    cut = tmp_path / "cut.ocpsc-bundle"
    cut.write_bytes(made.path.read_bytes()[:-20])
    spreadsheet = tmp_path / "residents.csv"
    spreadsheet.write_text("given_name,phone\nAna,5595550100\n", encoding="utf-8")
    collected = bundle_relay.collect(coordinator.database, [cut, spreadsheet, tmp_path / "gone"])
    problems = [item.problem for item in collected]
    assert "incomplete" in problems[0]
    assert "not an OCPSC Field bundle" in problems[1]
    assert "Could not read gone" in problems[2]
    assert relay.counts(coordinator.database)[relay.QUEUED] == 0


def test_a_bundle_sealed_to_a_key_hq_does_not_have_is_refused(team, sqlite_server, tmp_path):
    organization, device, coordinator = team
    stranger = new_encryption_pair()
    made = bundle.export_bundle(device.database, tmp_path / "right.ocpsc-bundle")
    header = bundle_format.parse(made.path.read_bytes()).header
    wrong = tmp_path / "wrong.ocpsc-bundle"
    wrong.write_bytes(
        bundle_format.seal(
            [WireOp(1, "resident", header.device_id, "create", 1, "1-0-x", {})],
            device_id=header.device_id,
            user=header.user,
            created_at=header.created_at,
            hq_key_id=stranger.id,
            hq_public_key=stranger.public,
            device_private_key=_signing_key(device),
        )
    )
    result = relay_files(coordinator, wrong)
    code, text = refusal(coordinator, result.refused[0])
    assert code == bundle_format.UNKNOWN_HQ_KEY and stranger.id in text
    assert sum(hq_counts(sqlite_server, organization).values()) == 0


def _signing_key(opened) -> bytes:
    from ocpsc_field.sync.bundle_device import signing_key

    return signing_key(opened.database)


def test_a_bundle_from_a_laptop_hq_does_not_know_is_refused(team, sqlite_server, tmp_path):
    _organization, _device, coordinator = team
    hq_key = _hq_active_key(coordinator)
    unknown = tmp_path / "unknown.ocpsc-bundle"
    unknown.write_bytes(
        bundle_format.seal(
            [WireOp(1, "resident", "0190f4b2-7c1e-7000-8000-000000000999", "create", 1, "1-0-x")],
            device_id="4a9d1c1e-0000-4000-8000-000000000000",
            user="someone",
            created_at="2026-11-21T10:00:00.000Z",
            hq_key_id=hq_key.key_id,
            hq_public_key=hq_key.public_key,
            device_private_key=new_signing_pair().private,
        )
    )
    result = relay_files(coordinator, unknown)
    code, text = refusal(coordinator, result.refused[0])
    assert code == bundle_format.UNKNOWN_DEVICE and "does not know the laptop" in text


def _hq_active_key(opened):
    from ocpsc_field.sync.bundle_device import hq_keys

    return hq_keys(opened.database).active_key


def test_a_coordinator_of_another_organization_cannot_upload_it(
    team, sqlite_server, tmp_path, _profile_template
):
    organization, device, _coordinator = team
    made = bundle.export_bundle(device.database, tmp_path / "b.ocpsc-bundle")
    with laptop(_profile_template, tmp_path / "outsider") as outsider:
        enroll_in(outsider, sqlite_server, sqlite_server.organization(), role="coordinator")
        result = relay_files(outsider, made.path)
        code, _text = refusal(outsider, result.refused[0])
    assert code == bundle_format.OUT_OF_SCOPE
    assert sum(hq_counts(sqlite_server, organization).values()) == 0


def test_a_replayed_bundle_gives_only_duplicates(team, sqlite_server, tmp_path, _profile_template):
    organization, device, coordinator = team
    made = bundle.export_bundle(device.database, tmp_path / "b.ocpsc-bundle")
    first = relay_files(coordinator, made.path)
    assert first.uploaded[0][1]["this_upload"] == {"applied": 6, "duplicate": 0, "rejected": 0}
    # The same file again on this laptop is known already and is not sent twice.
    again = bundle_relay.collect(coordinator.database, [made.path])
    assert again[0].new is False and relay.queued_ids(coordinator.database) == []
    # A second coordinator with a copy of the file uploads it again: duplicates only.
    with laptop(_profile_template, tmp_path / "second") as second:
        enroll_in(second, sqlite_server, organization, role="coordinator")
        replay = relay_files(second, made.path)
    answer = replay.uploaded[0][1]
    assert answer["replay"] is True
    assert answer["this_upload"] == {"applied": 0, "duplicate": 6, "rejected": 0}
    assert answer["report"]["uploads"] == 2
    assert hq_counts(sqlite_server, organization) == local_counts(device)


def test_a_direct_sync_overlapping_a_bundle_duplicates_nothing(team, sqlite_server, tmp_path):
    organization, device, coordinator = team
    from tests.sync.helpers import use_server

    made = bundle.export_bundle(device.database, tmp_path / "b.ocpsc-bundle")
    add_residents(device, 2)  # made after the bundle: only a sync carries these
    use_server(device, sqlite_server.url)  # the laptop finds a connection first
    synced = run_sync(device)
    assert synced.acknowledged == 10 and synced.duplicates == 0
    result = relay_files(coordinator, made.path)
    assert result.uploaded[0][1]["this_upload"] == {"applied": 0, "duplicate": 6, "rejected": 0}
    assert hq_counts(sqlite_server, organization) == local_counts(device)
    assert local_counts(device)["resident"] == 5


def test_a_sync_after_a_bundle_clears_the_bundled_records_as_duplicates(
    team, sqlite_server, tmp_path
):
    organization, device, coordinator = team
    from tests.sync.helpers import use_server

    made = bundle.export_bundle(device.database, tmp_path / "b.ocpsc-bundle")
    relay_files(coordinator, made.path)
    use_server(device, sqlite_server.url)
    synced = run_sync(device)
    assert synced.duplicates == 6 and synced.pending == 0
    assert journal.pending_count(device.database) == 0
    assert hq_counts(sqlite_server, organization) == local_counts(device)


def test_a_lost_bundle_is_sent_again_by_the_next_sync(team, sqlite_server, tmp_path):
    organization, device, _coordinator = team
    from tests.sync.helpers import use_server

    made = bundle.export_bundle(device.database, tmp_path / "lost.ocpsc-bundle")
    made.path.unlink()  # the USB stick is lost
    use_server(device, sqlite_server.url)
    synced = run_sync(device)
    assert synced.acknowledged == 6 and synced.duplicates == 0
    assert hq_counts(sqlite_server, organization) == local_counts(device)


def test_rotation_old_bundles_still_open_and_new_ones_use_the_new_key(
    sqlite_server: Server, opened, tmp_path, _profile_template
):
    from tests.sync.helpers import use_server

    hq = sqlite_server
    organization = hq.organization()
    enroll_in(opened, hq, organization)
    add_residents(opened, 2)
    old = bundle.export_bundle(opened.database, tmp_path / "old.ocpsc-bundle")
    rotated = hq.manage("rotate_bundle_key")
    assert rotated.returncode == 0, rotated.stderr
    new_id = rotated.stdout.split("New active bundle key ")[1].split(".")[0]
    assert new_id != old.header.hq_key_id

    with laptop(_profile_template, tmp_path / "coordinator") as coordinator:
        enroll_in(coordinator, hq, organization, role="coordinator")
        opened_old = relay_files(coordinator, old.path)
        assert opened_old.uploaded[0][1]["report"]["applied"] == 4

        add_residents(opened, 1)
        use_server(opened, hq.url)
        run_sync(opened)  # hears of the new key
        add_residents(opened, 1)
        new = bundle.export_bundle(opened.database, tmp_path / "new.ocpsc-bundle")
        assert new.header.hq_key_id == new_id
        assert relay_files(coordinator, new.path).uploaded[0][1]["report"]["applied"] == 2

        # Retiring the old key: a bundle still sealed to it is refused, by name.
        add_residents(opened, 1)
        stale = _seal_to_key(opened, old.header.hq_key_id, tmp_path / "stale.ocpsc-bundle")
        assert hq.manage("rotate_bundle_key", "--retire-old").returncode == 0
        refused = relay_files(coordinator, stale)
        code, text = refusal(coordinator, refused.refused[0])
        assert code == bundle_format.UNKNOWN_HQ_KEY and old.header.hq_key_id in text
    # The last two bundles await receipts; the stale one's records wait for a sync.
    assert journal.pending_count(opened.database) == 4


def _seal_to_key(opened, key_id: str, path: Path) -> Path:
    """Export as a laptop that has not heard of any newer key would."""
    import json

    from ocpsc_field.store import settings

    stored = json.loads(settings.get(opened.database, HQ_KEYS))
    stored["active"] = key_id
    settings.put(opened.database, HQ_KEYS, json.dumps(stored))
    made = bundle.export_bundle(opened.database, path, after=_last_synced(opened))
    assert made.header.hq_key_id == key_id
    return made.path


def _last_synced(opened) -> int:
    return int(opened.database.scalar("SELECT min(op_id) FROM journal") or 1) - 1


def test_a_laptop_enrolled_before_bundles_registers_its_key_on_its_next_sync(
    sqlite_server: Server, opened, tmp_path, _profile_template, monkeypatch
):
    from ocpsc_field.store import settings
    from ocpsc_field.sync import bundle_device, enrollment

    hq = sqlite_server
    organization = hq.organization()
    with monkeypatch.context() as older_app:  # an app version that sent no key
        older_app.setattr(bundle_device, "device_public_key", lambda database: "")
        enroll_in(opened, hq, organization)
    for key in (HQ_KEYS, KEY_REGISTERED, SIGNING_KEY, PUBLIC_KEY):
        opened.database.execute("DELETE FROM settings WHERE key = ?", (key,))
    add_residents(opened, 1)
    with pytest.raises(bundle.BundleFailed) as refused:
        bundle.export_bundle(opened.database, tmp_path / "x.ocpsc-bundle")
    assert refused.value.code == "no_hq_key" and "Sync it once" in str(refused.value)

    assert run_sync(opened).pending == 0
    assert settings.get(opened.database, KEY_REGISTERED) == "1"
    add_residents(opened, 1)
    made = bundle.export_bundle(opened.database, tmp_path / "y.ocpsc-bundle")
    with laptop(_profile_template, tmp_path / "coordinator") as coordinator:
        enroll_in(coordinator, hq, organization, role="coordinator")
        assert relay_files(coordinator, made.path).uploaded[0][1]["report"]["applied"] == 2
    assert enrollment.enrolled(opened.database) is not None


def test_a_backlog_too_large_for_one_bundle_goes_in_several(
    team, sqlite_server, tmp_path, monkeypatch
):
    organization, device, coordinator = team
    monkeypatch.setattr(bundle, "MAX_OPS_PER_BUNDLE", 4)
    first = bundle.export_bundle(device.database, tmp_path / "1.ocpsc-bundle")
    assert (first.header.op_id_from, first.header.op_id_to, first.remaining) == (1, 4, 2)
    rest = bundle.export_bundle(device.database, tmp_path / "2.ocpsc-bundle", after=4)
    assert (rest.header.op_id_from, rest.header.op_id_to, rest.remaining) == (5, 6, 0)
    result = relay_files(coordinator, first.path, rest.path)
    assert sorted(answer["report"]["applied"] for _id, answer in result.uploaded) == [2, 4]
    assert hq_counts(sqlite_server, organization) == local_counts(device)
