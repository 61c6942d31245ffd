"""The acceptance scenario, by the command line: a fresh HQ, enroll, demo, sync through a
cutting proxy until it exits 0, then HQ holds exactly what each laptop holds, with nothing
refused: the demo's survey responses answer the bundled survey HQ published by itself under
the same id. Two organizations, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from ocpsc_field import cli
from ocpsc_field.bundled_surveys import bundled_survey_id
from ocpsc_field.core.records import Kind
from ocpsc_field.store import journal
from ocpsc_field.store.session import init_profile, open_profile
from ocpsc_field.sync.proxy import Faults, Proxy
from tests.hq.harness import Server
from tests.sync.helpers import hq_counts, local_counts


def _cli(folder: Path, *args: str) -> int:
    return cli.main(["--profile", str(folder), *args])


def _sync_until_done(folder: Path, proxy_url: str, passphrase: str) -> int:
    """Point the profile at the proxy and run ``sync`` until it exits 0; returns the runs."""
    from ocpsc_field.store import settings
    from ocpsc_field.sync import enrollment

    with open_profile(folder, passphrase) as opened:
        settings.put(opened.database, enrollment.SERVER_URL, proxy_url)
    for run in range(1, 11):
        if _cli(folder, "sync", "--quiet") == 0:
            return run
    raise AssertionError("sync never finished")


def test_two_organizations_sync_exactly_through_a_cutting_proxy(
    hq: Server, tmp_path, profile_dir, passphrase, monkeypatch, capsys
):
    monkeypatch.setenv("OCPSC_PASSPHRASE", passphrase)
    monkeypatch.setenv("OCPSC_SYNC_RETRY_BASE", "0.01")
    second = tmp_path / "second"
    init_profile(second, passphrase, user="second")
    laptops = {profile_dir: (hq.organization("North"), 150), second: (hq.organization("South"), 80)}
    for folder, (organization, residents) in laptops.items():
        code = hq.code(hq.user(organization))
        assert _cli(folder, "enroll", "--server", hq.url, "--code", code) == 0
        assert _cli(folder, "demo", "--residents", str(residents), "--quiet") == 0

    faults = Faults(cut_request_after=5000, cut_response_after=700, cuts=6)
    with Proxy(("127.0.0.1", hq.port), faults) as proxy:
        for folder in laptops:
            _sync_until_done(folder, proxy.url, passphrase)
    assert proxy.cut == 6
    capsys.readouterr()

    for folder, (organization, residents) in laptops.items():
        with open_profile(folder, passphrase) as opened:
            mine = local_counts(opened)
            surveys = [row["id"] for row in opened.records.iter_all(Kind.SURVEY)]
            assert journal.quarantined_count(opened.database) == 0
            assert journal.pending_count(opened.database) == 0
        assert mine["survey_response"] > 0  # the demo answered the bundled survey
        assert surveys == [bundled_survey_id("stronger_together", "2026.1")]
        assert mine["resident"] == residents  # nothing of the other organization came down
        assert hq_counts(hq, organization) == mine
