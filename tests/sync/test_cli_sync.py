"""``ocpsc-field sync`` and ``status``: exit codes and sentences for every outcome."""

from __future__ import annotations

import json

import pytest

from ocpsc_field import cli
from ocpsc_field.core.records import Kind
from ocpsc_field.store import journal, settings
from ocpsc_field.store.session import open_profile
from ocpsc_field.sync import enrollment
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


@pytest.fixture
def run(profile_dir, passphrase, monkeypatch, capsys):
    monkeypatch.setenv("OCPSC_PASSPHRASE", passphrase)
    monkeypatch.setenv("OCPSC_SYNC_RETRY_BASE", "0.01")

    def invoke(*args: str) -> tuple[int, str, str]:
        code = cli.main(["--profile", str(profile_dir), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return invoke


def _status(run) -> dict:
    code, out, _err = run("status")
    assert code == 0
    return json.loads(out)


def test_sync_before_enrolling_says_to_enroll(run):
    code, _out, err = run("sync")
    assert code == 1
    assert "not enrolled" in err


def test_sync_exits_0_when_everything_is_sent(sqlite_server: Server, run, profile_dir, passphrase):
    with open_profile(profile_dir, passphrase) as opened:
        organization = enroll(opened, sqlite_server)
        for index in range(5):
            assert opened.records.create(Kind.RESIDENT, {**RESIDENT, "given_name": f"R{index}"}).ok
    assert _status(run)["pending_journal_entries"] == 5

    code, out, err = run("sync", "--quiet")

    assert code == 0, err
    assert "Nothing is waiting" in out
    status = _status(run)
    assert status["pending_journal_entries"] == status["quarantined_journal_entries"] == 0
    assert hq_counts(sqlite_server, organization)["resident"] == 5


def test_sync_without_hq_exits_non_zero_and_says_the_records_are_safe(
    sqlite_server: Server, run, profile_dir, passphrase
):
    with open_profile(profile_dir, passphrase) as opened:
        enroll(opened, sqlite_server)
        for index in range(12):
            assert opened.records.create(Kind.RESIDENT, {**RESIDENT, "given_name": f"R{index}"}).ok
        settings.put(opened.database, enrollment.SERVER_URL, "http://127.0.0.1:9")

    code, _out, err = run("sync", "--quiet")

    assert code == 1
    assert "HQ could not be reached" in err
    assert "Your 12 records are safe on this laptop" in err
    assert _status(run)["pending_journal_entries"] == 12


def test_a_rejected_op_is_quarantined_and_the_others_are_applied(
    sqlite_server: Server, run, profile_dir, passphrase
):
    with open_profile(profile_dir, passphrase) as opened:
        organization = enroll(opened, sqlite_server)
        first = opened.records.create(Kind.RESIDENT, {**RESIDENT, "given_name": "Ana"}).record
        log = opened.records.create(
            Kind.CONTACT_LOG,
            {
                "occurred_at": "2026-03-02T10:00:00Z",
                "resident_id": first["id"],
                "channel": "door",
                "outcome": "reached",
                "language": "es",
            },
        )
        assert log.ok, log.errors
        # An edit of a conversation, as an older app version might have journaled it:
        # conversations are append-only, so HQ refuses this one op.
        with opened.database.transaction():
            bad = journal.append(
                opened.database,
                kind="contact_log",
                record_id=log.record["id"],
                op="update",
                rev=2,
                fields={"notes": "edited"},
                hlc="9999999999999-0000-" + opened.actor.device,
            )
        for index in range(3):
            assert opened.records.create(Kind.RESIDENT, {**RESIDENT, "given_name": f"B{index}"}).ok

    code, _out, err = run("sync", "--quiet")

    assert code == 3
    assert "1 record needs attention" in err
    with open_profile(profile_dir, passphrase) as opened:
        rows = opened.database.query("SELECT op_id, state, reason FROM journal")
        assert [(row["op_id"], row["state"]) for row in rows] == [(bad, "quarantined")]
        assert rows[0]["reason"]
        assert hq_counts(sqlite_server, organization) == local_counts(opened)
    status = _status(run)
    assert status["quarantined_journal_entries"] == 1
    assert status["pending_journal_entries"] == 0

    again, _out, _err = run("sync", "--quiet")  # the quarantined op never blocks a later sync
    assert again == 3


def test_a_revoked_device_is_refused_with_a_clear_message(
    sqlite_server: Server, run, profile_dir, passphrase
):
    with open_profile(profile_dir, passphrase) as opened:
        organization = enroll(opened, sqlite_server)
        assert opened.records.create(Kind.RESIDENT, RESIDENT).ok
        device_id = enrollment.enrolled(opened.database).device_id
    sqlite_server.agent.command("revoke_device", device_id)

    code, _out, err = run("sync", "--quiet")

    assert code == 1
    assert "revoked" in err
    assert _status(run)["pending_journal_entries"] == 1
    assert hq_counts(sqlite_server, organization)["resident"] == 0


def test_a_device_marked_for_wipe_sends_everything_then_erases_its_profile(
    sqlite_server: Server, run, profile_dir, passphrase
):
    with open_profile(profile_dir, passphrase) as opened:
        organization = enroll(opened, sqlite_server)
        for index in range(3):
            assert opened.records.create(Kind.RESIDENT, {**RESIDENT, "given_name": f"W{index}"}).ok
        device_id = enrollment.enrolled(opened.database).device_id
    sqlite_server.agent.command("wipe_device", device_id)

    code, _out, err = run("sync", "--quiet")

    assert code == 1
    assert "erase" in err
    assert hq_counts(sqlite_server, organization)["resident"] == 3  # sent before erasing
    assert not (profile_dir / "profile.json").exists()
    assert not list(profile_dir.glob("field-*.db*"))
