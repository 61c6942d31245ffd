"""One sync of a profile at a time: a second program is turned away and changes nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ocpsc_field.core.records import Kind
from ocpsc_field.store import journal, settings
from ocpsc_field.store.session import open_profile
from ocpsc_field.sync import enrollment
from ocpsc_field.sync.auto import Schedule, Why
from ocpsc_field.sync.engine import SyncBusy, run_sync
from ocpsc_field.sync.profile_lock import SyncLocked, sync_lock
from ocpsc_field.sync.proxy import Faults, Proxy
from ocpsc_field.ui.pages.sync import SyncPage
from tests.hq.harness import ROOT, Server
from tests.sync.helpers import enroll, hq_counts, local_counts

FIELD_CLI = str(Path(sys.executable).with_name("ocpsc-field"))
BUSY = "A sync of this profile is already running in another window or program."
# A separate program holding the profile's sync lock until it reads a line.
HOLDER = """
import sys
from pathlib import Path
from ocpsc_field.sync.profile_lock import sync_lock
with sync_lock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.readline()
"""


class Holder:
    """Another process holding the lock on ``folder``: started, then released or killed."""

    def __init__(self, folder: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(folder)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "held"

    def release(self) -> None:
        self.process.stdin.write("done\n")
        self.process.stdin.flush()
        assert self.process.wait(30) == 0

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(30)

    def close(self) -> None:
        if self.process.poll() is None:
            self.kill()
        self.process.stdin.close()
        self.process.stdout.close()


@pytest.fixture
def holder(profile_dir) -> Iterator[Holder]:
    held = Holder(profile_dir)
    yield held
    held.close()


RESIDENT = {
    "given_name": "Rosa",
    "family_name": "Delgado",
    "zip": "93701",
    "preferred_language": "es",
}


def _with_residents(opened, server: Server, count: int) -> str:
    organization = enroll(opened, server)
    for index in range(count):
        made = opened.records.create(Kind.RESIDENT, {**RESIDENT, "given_name": f"R{index}"})
        assert made.ok, made.errors
    return organization


def _taken(folder: Path) -> bool:
    """Whether taking the lock on ``folder`` right now is refused."""
    try:
        with sync_lock(folder):
            return False
    except SyncLocked:
        return True


def test_the_lock_is_refused_while_another_process_holds_it_and_free_after(profile_dir):
    first = Holder(profile_dir)
    try:
        assert _taken(profile_dir)
        first.release()
        with sync_lock(profile_dir):  # released: free again, and now held here
            assert _taken(profile_dir)
        assert not _taken(profile_dir)
    finally:
        first.close()


def test_a_killed_holder_leaves_the_profile_unlocked(profile_dir):
    first = Holder(profile_dir)
    try:
        first.kill()
        with sync_lock(profile_dir):
            assert (profile_dir / "sync.lock").exists()
    finally:
        first.close()


def test_a_sync_while_another_program_syncs_changes_nothing(
    sqlite_server: Server, opened, holder: Holder
):
    organization = _with_residents(opened, sqlite_server, 5)
    settings.put(opened.database, enrollment.BATCH_BYTES, "12345")
    before = opened.database.scalar("SELECT count(*) FROM journal")
    with pytest.raises(SyncBusy) as refused:
        run_sync(opened)
    assert str(refused.value).startswith(BUSY)
    assert refused.value.code == "busy"
    assert journal.pending_count(opened.database) == 5
    assert opened.database.scalar("SELECT count(*) FROM journal") == before
    assert settings.get(opened.database, enrollment.BATCH_BYTES) == "12345"
    assert hq_counts(sqlite_server, organization)["resident"] == 0

    holder.release()
    result = run_sync(opened)
    assert result.acknowledged == 5 and result.complete
    assert hq_counts(sqlite_server, organization)["resident"] == 5


def test_two_command_line_syncs_of_one_profile_never_run_at_once(
    sqlite_server: Server, profile_dir, passphrase
):
    with open_profile(profile_dir, passphrase) as opened:
        organization = _with_residents(opened, sqlite_server, 200)
        settings.put(opened.database, enrollment.BATCH_BYTES, str(4 * 1024))
        expected = local_counts(opened)
    env = {**os.environ, "OCPSC_PASSPHRASE": passphrase, "OCPSC_SYNC_RETRY_BASE": "0.05"}
    command = [FIELD_CLI, "--profile", str(profile_dir), "sync", "--quiet"]
    target = ("127.0.0.1", sqlite_server.port)
    with Proxy(target, Faults(delay=0.2)) as proxy:  # a slow link: the first sync takes a while
        with open_profile(profile_dir, passphrase) as opened:
            settings.put(opened.database, enrollment.SERVER_URL, proxy.url)
        first = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and first.poll() is None:
                if hq_counts(sqlite_server, organization)["resident"] > 0:
                    break
                time.sleep(0.05)
            assert first.poll() is None, "the first sync finished before the second started"
            second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
            assert first.poll() is None, "the first sync was over before the second was refused"
            assert second.returncode == 1
            assert BUSY in second.stderr
            out, err = first.communicate(timeout=120)
        finally:
            if first.poll() is None:
                first.kill()
                first.communicate()
    assert first.returncode == 0, err
    assert hq_counts(sqlite_server, organization) == expected
    with open_profile(profile_dir, passphrase) as opened:
        assert journal.pending_count(opened.database) == 0


def test_the_apps_automatic_sync_skips_a_round_while_another_program_syncs(
    qtbot, sqlite_server: Server, opened, queue, holder: Holder
):
    organization = _with_residents(opened, sqlite_server, 3)
    page = SyncPage(queue, opened, first_delay=0, base=0.2, interval=3600, tick=0.05, network=False)
    qtbot.addWidget(page)
    page.show()
    schedule = page.auto.schedule
    qtbot.waitUntil(lambda: BUSY in page.outcome.text(), timeout=15_000)
    # Skipped, not failed: no backoff, the next round after the usual hour.
    qtbot.waitUntil(lambda: schedule.why == Why.PERIODIC and not page.sync_running)
    assert schedule.failures == 0 and schedule.last_failure is None
    assert 3500 < schedule.seconds_left(time.monotonic()) <= 3600
    qtbot.waitUntil(page.sync_button.isEnabled)  # the page is ready for "Sync now" again
    assert hq_counts(sqlite_server, organization)["resident"] == 0

    holder.release()
    assert page.sync_now()  # by hand, once the other program is done
    qtbot.waitUntil(lambda: "Sync finished" in page.outcome.text(), timeout=60_000)
    assert hq_counts(sqlite_server, organization)["resident"] == 3
    page.auto.timer.stop()
    qtbot.waitUntil(lambda: not queue.busy)


def test_a_skipped_round_is_no_failure_and_waits_the_usual_interval():
    schedule = Schedule(0.0, interval=600.0, first_delay=0.0)
    schedule.failed(10.0, "HQ could not be reached.")
    schedule.skipped(100.0)
    assert (schedule.failures, schedule.why) == (1, Why.PERIODIC)  # the failure count stands
    assert schedule.next_at == 700.0
