"""The Sync page and the enrollment dialog, driven with real keys and clicks against HQ."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt

from ocpsc_field.core.records import Kind
from ocpsc_field.store import journal, settings
from ocpsc_field.sync import enrollment
from ocpsc_field.sync.proxy import Faults, Proxy
from ocpsc_field.ui.pages.sync import SyncPage
from ocpsc_field.ui.tasks import DatabaseQueue
from tests.hq.harness import Server
from tests.sync.helpers import enroll, hq_counts, local_counts

RESIDENT = {
    "given_name": "Rosa",
    "family_name": "Delgado",
    "preferred_language": "es",
    "zip": "93701",
}


@pytest.fixture
def queue(opened) -> Iterator[DatabaseQueue]:
    database_queue = DatabaseQueue()
    yield database_queue
    database_queue.shutdown()


def on_queue(qtbot, queue: DatabaseQueue, job) -> Any:
    outcome: dict[str, Any] = {}
    queue.run(job, success=lambda r: outcome.update(result=r), failure=outcome.update)
    qtbot.waitUntil(lambda: "result" in outcome)
    return outcome["result"]


def make_page(qtbot, queue, opened) -> SyncPage:
    page = SyncPage(queue, opened)
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    qtbot.waitUntil(lambda: page._overview is not None)
    return page


def test_enrolling_from_the_dialog_explains_a_bad_code_and_keeps_the_typing(
    qtbot, sqlite_server: Server, opened, queue
):
    organization = sqlite_server.organization()
    code = sqlite_server.code(sqlite_server.user(organization))
    page = make_page(qtbot, queue, opened)
    assert page.connection.text() == "Not connected to HQ."
    assert not page.sync_button.isEnabled()

    qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
    dialog = page.enroll_dialog
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.server, sqlite_server.url)
    qtbot.keyClick(dialog.server, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.code, "AAAAA-BBBBB-CCCCC")
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "does not know" in dialog.message.text(), timeout=15_000)
    assert dialog.server.text() == sqlite_server.url  # nothing typed is lost
    assert on_queue(qtbot, queue, lambda: enrollment.enrolled(opened.database)) is None

    dialog.code.selectAll()
    qtbot.keyClicks(dialog.code, code)
    qtbot.mouseClick(dialog.enroll_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=15_000)  # closed

    found = on_queue(qtbot, queue, lambda: enrollment.enrolled(opened.database))
    assert found is not None and found.organization_name == organization
    qtbot.waitUntil(lambda: page.connection.text() == "Online: HQ answered.", timeout=15_000)
    assert page.sync_button.isEnabled()
    assert organization in page.explanation.text()
    qtbot.waitUntil(lambda: not queue.busy)


def test_sync_now_sends_everything_while_the_database_queue_stays_free(
    qtbot, sqlite_server: Server, opened, queue
):
    organization = enroll(opened, sqlite_server)
    for index in range(60):
        assert opened.records.create(Kind.RESIDENT, {**RESIDENT, "given_name": f"R{index}"}).ok
    settings.put(opened.database, enrollment.BATCH_BYTES, "1024")
    with Proxy(("127.0.0.1", sqlite_server.port), Faults(delay=0.2)) as proxy:
        settings.put(opened.database, enrollment.SERVER_URL, proxy.url)
        page = make_page(qtbot, queue, opened)
        assert "60 residents waiting to be sent" in page.by_kind.text()
        qtbot.waitUntil(page.sync_button.isEnabled)

        qtbot.keyClick(
            page.sync_button,
            Qt.Key.Key_S,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        qtbot.waitUntil(lambda: page.progress.isVisible())
        # While the sync waits on the slow link, other database work still gets through.
        count = on_queue(qtbot, queue, lambda: journal.pending_count(opened.database))
        assert page.sync_running and count > 0
        qtbot.waitUntil(lambda: page.outcome.isVisible(), timeout=60_000)

    assert re.fullmatch(
        r"Sync finished: 60 records sent\. \d+ records? received\.", page.outcome.text()
    )
    assert on_queue(qtbot, queue, lambda: journal.pending_count(opened.database)) == 0
    assert hq_counts(sqlite_server, organization) == on_queue(
        qtbot, queue, lambda: local_counts(opened)
    )
    qtbot.waitUntil(lambda: "never" not in page.last_sent.text())
    qtbot.waitUntil(lambda: not queue.busy)


def test_records_hq_refused_are_listed_with_their_reason(
    qtbot, sqlite_server: Server, opened, queue
):
    enroll(opened, sqlite_server)
    log = opened.records.create(
        Kind.CONTACT_LOG,
        {
            "occurred_at": "2026-03-02T10:00:00Z",
            "channel": "door",
            "outcome": "reached",
            "anonymous_household": True,
            "language": "en",
        },
    )
    assert log.ok, log.errors
    with opened.database.transaction():
        journal.append(
            opened.database,
            kind="contact_log",
            record_id=log.record["id"],
            op="update",
            rev=2,
            fields={"notes": "edited"},
            hlc="9999999999999-0000-" + opened.actor.device,
        )
    page = make_page(qtbot, queue, opened)
    qtbot.waitUntil(page.sync_button.isEnabled)
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.outcome.isVisible(), timeout=60_000)

    assert "1 record needs attention" in page.outcome.text()
    qtbot.waitUntil(lambda: page.quarantine.count() == 1)
    assert page.attention_box.isVisible()
    item = page.quarantine.item(0).text()
    assert item.startswith("Conversation saved ")
    assert "cannot" in item or "edited" in item or "append" in item.lower()
    qtbot.waitUntil(lambda: not queue.busy)
