"""HQ tells each device how many conflicts its organization has open; status shows it."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from ocpsc_field.core.records import Kind
from ocpsc_field.sync.engine import run_sync
from ocpsc_field.ui.pages.sync import SyncPage
from ocpsc_field.ui.tasks import DatabaseQueue
from tests.hq.harness import Server
from tests.sync.helpers import enroll

RESIDENT = {
    "given_name": "Rosa",
    "family_name": "Delgado",
    "preferred_language": "es",
    "city": "Fresno",
    "zip": "93701",
}


@pytest.fixture
def queue(opened) -> Iterator[DatabaseQueue]:
    database_queue = DatabaseQueue()
    yield database_queue
    database_queue.shutdown()


def test_a_conflict_at_hq_is_counted_on_the_device_and_shown_on_the_sync_page(
    qtbot, sqlite_server: Server, opened, queue
):
    organization = enroll(opened, sqlite_server)
    assert opened.status()["conflicts_open"] is None  # HQ has not said yet
    saved = opened.records.create(Kind.RESIDENT, RESIDENT)
    assert saved.ok
    run_sync(opened)
    assert opened.status()["conflicts_open"] == 0

    # Another laptop of the team changes the city, with a later clock.
    other = sqlite_server.device(organization)
    assert len(other.pull_all("resident")) == 1
    other.wall_ms = int(time.time() * 1000) + 3_600_000
    other.exchange([other.update("resident", saved.record["id"], {"city": "Modesto"})])
    # This laptop changed the same field without having seen that edit.
    assert opened.records.update(Kind.RESIDENT, saved.record["id"], {"city": "Merced"}).ok
    run_sync(opened)

    assert opened.status()["conflicts_open"] == 1
    listed = sqlite_server.agent.command("list_conflicts", "--org", organization, "--open")
    assert '"field": "city"' in listed

    page = SyncPage(queue, opened)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(page.conflicts.isVisible)
    assert page.conflicts.text() == (
        "HQ has 1 conflicting edit waiting for a coordinator's review "
        "(two devices changed the same field)."
    )
    qtbot.waitUntil(lambda: not queue.busy)
