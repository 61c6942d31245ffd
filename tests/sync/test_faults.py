"""Faults on the link and on the laptop: 0 records lost, 0 duplicated at HQ, every time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ocpsc_field.store import journal, settings
from ocpsc_field.store.demo import fill_demo
from ocpsc_field.store.session import open_profile
from ocpsc_field.sync import enrollment
from ocpsc_field.sync.engine import run_sync
from ocpsc_field.sync.proxy import Faults, Proxy
from ocpsc_field.sync.transport import Backoff, Transport
from tests.hq.harness import Server
from tests.sync.helpers import enroll, hq_counts, local_counts

FIELD_CLI = str(Path(sys.executable).with_name("ocpsc-field"))


def _target(hq: Server) -> tuple[str, int]:
    return ("127.0.0.1", hq.port)


def _transport(opened, url: str) -> Transport:
    token = enrollment.token(opened.database)
    return Transport(url, token=token, attempts=8, backoff=Backoff(base=0.05, cap=0.5))


@pytest.mark.parametrize(
    "faults",
    [
        Faults(cut_request_after=3000, cuts=3),
        Faults(cut_response_after=400, cuts=3),
    ],
    ids=["cut-mid-request", "cut-mid-response"],
)
def test_a_cut_connection_is_resent_without_losing_or_duplicating(
    sqlite_server: Server, opened, faults: Faults
):
    organization = enroll(opened, sqlite_server)
    fill_demo(opened, residents=120, seed=11)
    with Proxy(_target(sqlite_server), faults) as proxy:
        transport = _transport(opened, proxy.url)
        result = run_sync(opened, transport=transport, batch_bytes=8 * 1024)
        transport.close()
    assert proxy.cut == 3
    assert transport.stats.retries >= 3
    assert result.pending == result.quarantined == 0
    assert hq_counts(sqlite_server, organization) == local_counts(opened)


def test_a_sync_that_fails_after_hq_applied_the_batch_is_answered_duplicate(
    sqlite_server: Server, opened
):
    organization = enroll(opened, sqlite_server)
    fill_demo(opened, residents=40, seed=5)
    waiting = journal.pending_count(opened.database)
    # Every answer is cut: HQ applies the batch, the laptop never hears back.
    with Proxy(_target(sqlite_server), Faults(cut_response_after=200)) as proxy:
        transport = Transport(
            proxy.url,
            token=enrollment.token(opened.database),
            attempts=2,
            backoff=Backoff(base=0.01),
        )
        with pytest.raises(Exception, match="safe on this laptop"):
            run_sync(opened, transport=transport)
        transport.close()
    assert journal.pending_count(opened.database) == waiting  # nothing forgotten
    assert hq_counts(sqlite_server, organization) == local_counts(opened)  # HQ has it all

    result = run_sync(opened)  # the same op ids again, over a good link
    assert result.acknowledged == waiting
    assert result.duplicates > 0  # HQ had them from the first try, and said so
    assert journal.pending_count(opened.database) == 0
    assert hq_counts(sqlite_server, organization) == local_counts(opened)


def test_the_client_killed_mid_sync_then_rerun(sqlite_server: Server, profile_dir, passphrase):
    with open_profile(profile_dir, passphrase) as opened:
        organization = enroll(opened, sqlite_server)
        fill_demo(opened, residents=200, seed=9)
        settings.put(opened.database, enrollment.BATCH_BYTES, str(4 * 1024))
        expected = local_counts(opened)
    env = {**os.environ, "OCPSC_PASSPHRASE": passphrase, "OCPSC_SYNC_RETRY_BASE": "0.05"}
    with Proxy(_target(sqlite_server), Faults(delay=0.15)) as proxy:
        with open_profile(profile_dir, passphrase) as opened:
            settings.put(opened.database, enrollment.SERVER_URL, proxy.url)
        child = subprocess.Popen(
            [FIELD_CLI, "--profile", str(profile_dir), "sync", "--quiet"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and child.poll() is None:
            if sum(hq_counts(sqlite_server, organization).values()) > 0:
                break
            time.sleep(0.05)
        assert child.poll() is None, "the sync finished before it could be killed"
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        child.stdout.close()
        child.stderr.close()
    assert sum(hq_counts(sqlite_server, organization).values()) > 0  # HQ got some of it
    with open_profile(profile_dir, passphrase) as opened:
        assert journal.pending_count(opened.database) > 0  # and the laptop did not hear back

    with open_profile(profile_dir, passphrase) as opened:
        settings.put(opened.database, enrollment.SERVER_URL, sqlite_server.url)
    rerun = subprocess.run(
        [FIELD_CLI, "--profile", str(profile_dir), "sync", "--quiet"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert rerun.returncode == 0, rerun.stderr
    with open_profile(profile_dir, passphrase) as opened:
        assert journal.pending_count(opened.database) == 0
        assert local_counts(opened) == expected
    assert hq_counts(sqlite_server, organization) == expected
