"""Faults of HQ and of the link: 0 records lost and 0 duplicated at HQ.

(a) HQ is killed with SIGKILL while a laptop pushes a few thousand records,
then restarted on the same data folder; the laptop's next sync completes.
(b) 2,000 conversations go through the proxy at a rural link's speed: 500 ms
round trip, 256 kbit/s up, 1 Mbit/s down.
(The same batch twice and batches out of order are covered by tests/hq.)
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from ocpsc_field.core.demo_data import DemoGenerator
from ocpsc_field.core.records import Kind
from ocpsc_field.store import journal
from ocpsc_field.store.demo import fill_demo
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.sync import enrollment
from ocpsc_field.sync.engine import SyncFailed, run_sync
from ocpsc_field.sync.proxy import Faults, Proxy
from ocpsc_field.sync.transport import Backoff, Transport
from tests.hq.harness import Server
from tests.sync.helpers import enroll, hq_counts, local_counts, use_server


def add_conversations(opened: OpenProfile, count: int, seed: int = 3) -> None:
    """``count`` demo conversations (anonymous households), in one transaction."""
    fill_demo(opened, residents=0)  # the reference data (programs, resources) they mention
    generator = DemoGenerator(seed=seed)
    programs = [row["id"] for row in opened.records.iter_all(Kind.PROGRAM)]
    resources = [row["id"] for row in opened.records.iter_all(Kind.RESOURCE)]
    items = [generator.contact_log(None, programs, resources) for _ in range(count)]
    results = opened.records.create_many(Kind.CONTACT_LOG, items)
    assert all(result.ok for result in results)


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (gunicorn's workers under ``ocpsc-hq serve``)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def kill_hq(server: Server) -> None:
    """SIGKILL the server and its workers at once: no tidy shutdown, no commit."""
    pid = server.process.pid
    for each in [*children(pid), pid]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(each, signal.SIGKILL)
    server.process.wait(10)


@pytest.fixture
def own_hq(tmp_path: Path):
    """A server of this test's own, since the test kills it."""
    servers = [Server("sqlite", tmp_path / "hq", None)]
    servers[0].data_dir.mkdir()
    servers[0].start()
    yield servers
    for server in servers:
        server.stop()


def test_hq_killed_mid_batch_then_restarted_loses_and_duplicates_nothing(opened, own_hq):
    hq = own_hq[0]
    organization = enroll(opened, hq)
    add_conversations(opened, 3000)
    expected = local_counts(opened)
    assert expected["contact_log"] == 3000

    killed = threading.Event()

    def killer() -> None:
        # Kill HQ as soon as it has stored some of the push: the laptop keeps sending
        # batch after batch, so the next one is on its way or being applied.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if sum(hq_counts(hq, organization).values()) > 0:
                break
            time.sleep(0.02)
        kill_hq(hq)
        killed.set()

    watcher = threading.Thread(target=killer, daemon=True)
    watcher.start()
    transport = Transport(
        hq.url,
        token=enrollment.token(opened.database),
        attempts=3,
        backoff=Backoff(base=0.05, cap=0.2),
    )
    with pytest.raises(SyncFailed, match="safe on this laptop"):
        run_sync(opened, transport=transport, batch_bytes=16 * 1024)
    transport.close()
    watcher.join(30)
    assert killed.is_set()
    assert journal.pending_count(opened.database) > 0  # the laptop kept what HQ did not confirm

    hq.agent.close()
    hq.agent = None
    restarted = Server("sqlite", hq.data_dir, None, port=hq.port).start()
    own_hq.append(restarted)
    stored = hq_counts(restarted, organization)
    assert 0 < stored["contact_log"] < 3000  # HQ kept the batches it committed, no more

    result = run_sync(opened)  # the same URL: HQ is back on the same port
    assert result.pending == result.quarantined == 0
    assert journal.pending_count(opened.database) == 0
    assert local_counts(opened) == expected
    assert hq_counts(restarted, organization) == expected  # 0 lost, 0 duplicated


def test_two_thousand_conversations_over_a_rural_link(opened, sqlite_server: Server):
    organization = enroll(opened, sqlite_server)
    add_conversations(opened, 2000, seed=8)
    rural = Faults(delay=0.25, up_rate=256_000 / 8, down_rate=1_000_000 / 8)
    with Proxy(("127.0.0.1", sqlite_server.port), rural) as proxy:
        use_server(opened, proxy.url)
        result = run_sync(opened)
    assert result.acknowledged == 2000
    assert result.duplicates == result.rejected == 0
    assert result.pending == result.quarantined == 0
    assert result.bytes_sent < 2000 * 200  # compressed: well under 200 bytes a conversation
    assert hq_counts(sqlite_server, organization) == local_counts(opened)
    assert hq_counts(sqlite_server, organization)["contact_log"] == 2000
