"""Automatic sync: the schedule's rules, then the Sync page syncing on its own against HQ."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtNetwork import QNetworkInformation

from ocpsc_field.core.records import Kind
from ocpsc_field.store import journal, settings
from ocpsc_field.sync import enrollment
from ocpsc_field.sync.auto import MAX_RETRY_AFTER, Schedule, Why, retry_delay
from ocpsc_field.sync.proxy import Faults, Proxy
from ocpsc_field.ui.pages.sync import SyncPage
from ocpsc_field.ui.tasks import DatabaseQueue
from tests.hq.harness import Server, free_port
from tests.sync.helpers import enroll, hq_counts, local_counts


@pytest.mark.parametrize(
    ("failures", "retry_after", "low", "high"),
    [
        (1, None, 15, 30),
        (2, None, 30, 60),
        (3, None, 60, 120),
        (6, None, 480, 960),
        (7, None, 900, 1800),  # capped
        (20, None, 900, 1800),
        (1, 120.0, 120, 120),  # HQ asked for two minutes: never sooner
        (6, 10.0, 480, 960),  # the backoff is longer than HQ asked: keep it
        (1, 10 * MAX_RETRY_AFTER, MAX_RETRY_AFTER, MAX_RETRY_AFTER),  # an absurd ask is capped
        (1, -5.0, 15, 30),
    ],
)
def test_retry_delay_grows_with_jitter_and_honours_retry_after(failures, retry_after, low, high):
    rng = random.Random(failures)
    waits = [
        retry_delay(failures, base=30, cap=1800, retry_after=retry_after, rng=rng)
        for _ in range(200)
    ]
    assert all(low <= wait <= high for wait in waits)
    if low != high:
        assert len({round(wait, 6) for wait in waits}) > 100  # jittered, not one fixed value


# (event, argument, expected why, expected failures, earliest, latest next attempt)
STEPS: list[tuple[str, Any, Why, int, float, float]] = [
    ("start", None, Why.START, 0, 60, 60),
    ("failed", None, Why.RETRY, 1, 100 + 15, 100 + 30),
    ("failed", None, Why.RETRY, 2, 100 + 30, 100 + 60),
    ("failed", 300.0, Why.RETRY, 3, 100 + 300, 100 + 300),
    ("network", False, Why.RETRY, 3, 100 + 300, 100 + 300),  # gone: keep the plan
    ("network", True, Why.NETWORK, 3, 100, 100),  # back: try now
    ("succeeded", None, Why.PERIODIC, 0, 100 + 600, 100 + 600),
    ("network", True, Why.PERIODIC, 0, 100 + 600, 100 + 600),  # online and fine: no rush
]


def test_the_schedule_follows_what_happened():
    schedule = Schedule(0.0, rng=random.Random(4))
    for event, argument, why, failures, earliest, latest in STEPS:
        if event == "failed":
            schedule.failed(100.0, "HQ could not be reached.", argument)
        elif event == "network":
            schedule.network_changed(100.0, argument)
        elif event == "succeeded":
            schedule.succeeded(100.0)
        assert (schedule.why, schedule.failures) == (why, failures), event
        assert earliest <= schedule.next_at <= latest, event
    assert schedule.last_failure is None
    assert not schedule.due(699.0) and schedule.due(700.0)
    assert schedule.seconds_left(650.0) == 50.0


@pytest.fixture
def queue(opened) -> Iterator[DatabaseQueue]:
    database_queue = DatabaseQueue()
    yield database_queue
    database_queue.shutdown()


def test_while_hq_is_down_the_wait_grows_and_when_it_is_back_the_next_probe_syncs(
    qtbot, sqlite_server: Server, opened, queue
):
    organization = enroll(opened, sqlite_server)
    for index in range(40):
        made = opened.records.create(
            Kind.RESIDENT,
            {
                "given_name": f"Ana {index}",
                "family_name": "Ruiz",
                "zip": "93701",
                "preferred_language": "es",
            },
        )
        assert made.ok, made.errors
    settings.put(opened.database, enrollment.BATCH_BYTES, "1024")
    port = free_port()  # nothing listens here yet: HQ is "down"
    settings.put(opened.database, enrollment.SERVER_URL, f"http://127.0.0.1:{port}")

    page = SyncPage(
        queue, opened, first_delay=0, base=0.2, cap=5, interval=3600, tick=0.05, network=False
    )
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    schedule = page.auto.schedule
    waits: dict[int, float] = {}

    def note() -> None:
        if schedule.failures and schedule.failures not in waits:
            waits[schedule.failures] = schedule.next_at - time.monotonic()

    page.auto.changed.connect(note)
    qtbot.waitUntil(lambda: schedule.failures >= 3, timeout=15_000)
    assert waits[3] > waits[1]  # the backoff grows: 0.4-0.8 s after the third, <= 0.2 s first
    qtbot.waitUntil(lambda: "did not work" in page.auto_text.text())
    assert "HQ could not be reached" in page.auto_text.text()
    assert "Next try at" in page.auto_text.text()
    assert hq_counts(sqlite_server, organization)["resident"] == 0

    # HQ comes back on the same address (slowly, so the sync takes a moment).
    with Proxy(("127.0.0.1", sqlite_server.port), Faults(delay=0.05), port=port):
        qtbot.waitUntil(lambda: page.sync_running, timeout=15_000)
        assert not page.sync_now()  # never two syncs at once
        qtbot.waitUntil(lambda: "Sync finished" in page.outcome.text(), timeout=60_000)

    assert schedule.why == Why.PERIODIC and schedule.failures == 0
    qtbot.waitUntil(lambda: "Syncs automatically every" in page.auto_text.text())
    assert "every 1 hour" in page.auto_text.text()
    assert journal.pending_count(opened.database) == 0
    assert hq_counts(sqlite_server, organization) == local_counts(opened)
    assert hq_counts(sqlite_server, organization)["resident"] == 40
    page.auto.timer.stop()
    qtbot.waitUntil(lambda: not queue.busy)


def test_the_network_hint_loads_when_a_backend_exists_and_triggers_a_probe(
    qtbot, sqlite_server: Server, opened, queue
):
    enroll(opened, sqlite_server)
    page = SyncPage(queue, opened, first_delay=3600, tick=0.05)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page._overview is not None)
    auto = page.auto
    # Without a backend on this system the timer alone drives it; with one, we listen.
    assert auto.network is None or auto.network is QNetworkInformation.instance()
    auto.reachability_changed(QNetworkInformation.Reachability.Disconnected)
    assert auto.schedule.network_down and not auto.schedule.due(time.monotonic())
    auto.reachability_changed(QNetworkInformation.Reachability.Online)
    assert auto.schedule.why == Why.NETWORK
    # Confirmed by /health, then synced (nothing was waiting, so it is quick).
    qtbot.waitUntil(lambda: auto.schedule.why == Why.PERIODIC, timeout=15_000)
    assert "Sync finished" in page.outcome.text()
    auto.timer.stop()
    qtbot.waitUntil(lambda: not queue.busy)
