"""Sealed bundles from the Sync page, against a real ``ocpsc-hq serve`` and real profiles.

A laptop with no connection saves its waiting records for a coordinator; the
coordinator collects the file from a folder, uploads it when HQ answers, reads
the batch report and downloads the team's receipts; the laptop loads them and
has nothing left waiting. The file dialogs are Qt's own, driven as a user
drives them: go to the folder, type the name, choose Save (or Choose).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("django", reason="these tests need the hq extra: pip install -e '.[hq]'")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit  # noqa: E402

from ocpsc_field.store import journal, relay  # noqa: E402
from ocpsc_field.sync import bundle_device  # noqa: E402
from ocpsc_field.sync.proxy import Faults, Proxy  # noqa: E402
from ocpsc_field.ui.bundle_models import RelayBundlesModel  # noqa: E402
from ocpsc_field.ui.pages.sync import SyncPage  # noqa: E402
from ocpsc_field.ui.tasks import DatabaseQueue  # noqa: E402
from tests.hq.conftest import sqlite_server  # noqa: E402, F401
from tests.hq.harness import Server  # noqa: E402
from tests.sync.bundle_support import add_residents, enroll_in, go_offline, laptop  # noqa: E402
from tests.sync.helpers import hq_counts, local_counts, use_server  # noqa: E402

WAIT = 30_000  # ms: HQ answers over loopback, on a shared machine


@pytest.fixture
def hq(sqlite_server: Server) -> Server:  # noqa: F811
    """The session's real HQ (SQLite: the PostgreSQL runs are in tests/sync and tests/hq)."""
    return sqlite_server


@pytest.fixture
def queues() -> Iterator[Callable[[], DatabaseQueue]]:
    """A database queue per open profile (one per laptop), all shut down after the test."""
    made: list[DatabaseQueue] = []

    def make() -> DatabaseQueue:
        made.append(DatabaseQueue())
        return made[-1]

    yield make
    for queue in made:
        queue.shutdown()


def on_queue(qtbot, queue: DatabaseQueue, job: Callable[[], Any]) -> Any:
    """Run ``job`` on the profile's database thread and wait for its result."""
    done: list[Any] = []
    queue.run(job, success=lambda value: done.append(value))
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT)
    return done[0]


def sync_page(qtbot, queue: DatabaseQueue, opened) -> SyncPage:
    page = SyncPage(queue, opened, first_delay=3600, network=False)
    qtbot.addWidget(page)
    page.resize(1100, 900)
    page.show()
    return page


def choose(qtbot, box, path: Path) -> None:
    """In the open file dialog, go to ``path``'s folder, type its name, and choose the
    dialog's Save (or Choose) button, as a user does."""
    qtbot.waitUntil(lambda: box.chooser.dialog is not None and box.chooser.dialog.isVisible())
    dialog = box.chooser.dialog
    dialog.setDirectory(str(path.parent))
    field = dialog.findChild(QLineEdit, "fileNameEdit")
    dialog.activateWindow()
    field.setFocus()
    field.clear()
    qtbot.keyClicks(field, path.name)
    buttons = dialog.findChild(QDialogButtonBox)
    [accept] = buttons.buttons()[:1]
    assert buttons.buttonRole(accept) == QDialogButtonBox.ButtonRole.AcceptRole
    # The app's own words (not Qt's), once the dialog has looked the typed name up.
    qtbot.waitUntil(lambda: accept.text() in ("Save", "Choose"))
    accept.click()
    qtbot.waitUntil(lambda: box.chooser.dialog is None or not box.chooser.dialog.isVisible())


def put_away(qtbot, queue: DatabaseQueue, page: SyncPage) -> None:
    """Let the page's database work finish, then stop its queue: the profile closes next."""
    qtbot.waitUntil(lambda: not page.relay.busy and not queue.busy, timeout=WAIT)
    queue.shutdown()


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.accessibleDescription()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def states(model: RelayBundlesModel) -> list[str]:
    return [item.state for item in model.bundles]


def save_bundle(qtbot, page: SyncPage, path: Path) -> str:
    box = page.bundles
    qtbot.waitUntil(box.save_button.isEnabled, timeout=WAIT)
    click(qtbot, box.save_button)
    choose(qtbot, box, path)
    qtbot.waitUntil(lambda: box.outcome.text().startswith("Saved "), timeout=WAIT)
    return box.outcome.text()


def load_receipts(qtbot, page: SyncPage, path: Path) -> str:
    box = page.bundles
    qtbot.waitUntil(box.receipts_button.isEnabled, timeout=WAIT)
    box.receipts_button.setFocus()  # from the keyboard: focus the button, press Space
    qtbot.keyClick(box.receipts_button, Qt.Key.Key_Space)
    choose(qtbot, box, path)
    qtbot.waitUntil(lambda: not box.working and box.outcome.isVisible(), timeout=WAIT)
    return box.outcome.text()


def download_receipts(qtbot, relay_box, path: Path) -> None:
    click(qtbot, relay_box.receipts_button)
    choose(qtbot, relay_box, path)
    qtbot.waitUntil(lambda: relay_box.message.text().startswith("Saved receipts"), timeout=WAIT)


def test_a_laptop_without_a_connection_reaches_hq_through_a_coordinator(
    qtbot, hq: Server, opened, queues, tmp_path, _profile_template
):
    organization = hq.organization()
    user = enroll_in(opened, hq, organization, role="canvasser")
    go_offline(opened)
    add_residents(opened, 3)  # three residents and three conversations: six records
    usb = tmp_path / "usb"
    (usb / "site-a").mkdir(parents=True)

    device_queue = queues()
    page = sync_page(qtbot, device_queue, opened)
    box = page.bundles
    qtbot.waitUntil(box.save_button.isEnabled, timeout=WAIT)
    assert "Save the 6 records waiting" in box.explanation.text()
    saved = save_bundle(qtbot, page, usb / "site-a" / "maria")
    bundle_file = usb / "site-a" / "maria.ocpsc-bundle"  # the dialog added the suffix
    assert saved.startswith(f"Saved 6 records (change numbers 1\u20136) in {bundle_file}.")
    assert "They stay waiting on this laptop until HQ's receipts come back" in saved
    assert bundle_file.is_file()
    assert on_queue(qtbot, device_queue, lambda: journal.pending_count(opened.database)) == 6
    qtbot.waitUntil(box.last_saved.isVisible)
    assert "6 records (change numbers 1\u20136)" in box.last_saved.text()

    with laptop(_profile_template, tmp_path / "coordinator") as coordinator:
        enroll_in(coordinator, hq, organization, role="coordinator")
        go_offline(coordinator)
        coordinator_queue = queues()
        desk = sync_page(qtbot, coordinator_queue, coordinator)
        relay_box = desk.relay
        qtbot.waitUntil(relay_box.isVisible, timeout=WAIT)
        assert not relay_box.upload_button.isEnabled()  # nothing collected yet

        click(qtbot, relay_box.folder_button)
        choose(qtbot, relay_box, usb)
        qtbot.waitUntil(lambda: relay_box.model.rowCount() == 1, timeout=WAIT)
        assert relay_box.collected.text() == "Collected 1 new bundle."
        row = [relay_box.model.cell_text(0, column) for column in range(6)]
        assert row[0].startswith(f"{user} (laptop ")
        assert row[1:3] == ["6 records", "1\u20136"]
        # HQ cannot be reached: the automatic upload gives up quietly; the bundle waits.
        qtbot.waitUntil(lambda: "cannot be reached" in relay_box.message.text(), timeout=WAIT)
        assert states(relay_box.model) == [relay.QUEUED]
        assert relay_box.model.cell_text(0, RelayBundlesModel.COL_STATE) == "Waiting to upload"

        # Back online: the coordinator's own sync ends, and the bundle goes up by itself.
        on_queue(qtbot, coordinator_queue, lambda: use_server(coordinator, hq.url))
        desk.reload()
        qtbot.waitUntil(desk.sync_button.isEnabled, timeout=WAIT)
        click(qtbot, desk.sync_button)
        qtbot.waitUntil(lambda: desk.outcome.text().startswith("Sync finished"), timeout=WAIT)
        qtbot.waitUntil(lambda: states(relay_box.model) == [relay.UPLOADED], timeout=WAIT)
        qtbot.waitUntil(lambda: not relay_box.busy and not relay_box.progress.isVisible())
        assert relay_box.message.text() == "Uploaded 1 bundle to HQ."
        report = relay_box.report.bundles.text()
        assert "applied: 6 \u00b7 already at HQ: 0 \u00b7 not accepted: 0" in report
        assert hq_counts(hq, organization) == on_queue(
            qtbot, device_queue, lambda: local_counts(opened)
        )
        # The report lists what each laptop of the team still owes, from HQ's device list.
        qtbot.waitUntil(lambda: user in relay_box.report.team.text(), timeout=WAIT)

        receipts = tmp_path / "carried" / "team.ocpsc-receipts"
        receipts.parent.mkdir()
        download_receipts(qtbot, relay_box, receipts)
        assert relay_box.message.text().startswith(f"Saved receipts for 1 laptop in {receipts}.")
        assert receipts.is_file()
        put_away(qtbot, coordinator_queue, desk)

    done = load_receipts(qtbot, page, receipts)
    assert done.splitlines()[0] == "HQ confirmed 6 records: they no longer wait on this laptop."
    assert done.splitlines()[-1] == "Nothing is waiting to be sent to HQ."
    assert on_queue(qtbot, device_queue, lambda: journal.pending_count(opened.database)) == 0
    qtbot.waitUntil(lambda: page.waiting.text() == "Nothing is waiting to be sent to HQ.")
    qtbot.waitUntil(lambda: not box.save_button.isEnabled())
    assert box.explanation.text() == (
        "Nothing is waiting to be sent, so there is nothing to save for a coordinator."
    )


def flip_byte(source: Path, target: Path, at: int) -> Path:
    data = bytearray(source.read_bytes())
    data[at] ^= 0x01
    target.write_bytes(bytes(data))
    return target


def test_changed_files_are_refused_with_a_reason_and_change_nothing(
    qtbot, hq: Server, opened, queues, tmp_path, _profile_template
):
    organization = hq.organization()
    enroll_in(opened, hq, organization, role="canvasser")
    go_offline(opened)
    add_residents(opened, 2)
    device_queue = queues()
    page = sync_page(qtbot, device_queue, opened)
    save_bundle(qtbot, page, tmp_path / "original.ocpsc-bundle")
    original = tmp_path / "original.ocpsc-bundle"
    flipped = flip_byte(
        original, tmp_path / "flipped.ocpsc-bundle", len(original.read_bytes()) // 2
    )

    with laptop(_profile_template, tmp_path / "coordinator") as coordinator:
        enroll_in(coordinator, hq, organization, role="coordinator")
        coordinator_queue = queues()
        desk = sync_page(qtbot, coordinator_queue, coordinator)
        relay_box = desk.relay
        qtbot.waitUntil(relay_box.isVisible, timeout=WAIT)
        click(qtbot, relay_box.files_button)
        choose(qtbot, relay_box, flipped)
        # HQ answers, so the bundle goes up by itself, and HQ refuses it.
        qtbot.waitUntil(lambda: states(relay_box.model) == [relay.REFUSED], timeout=WAIT)
        qtbot.waitUntil(lambda: not relay_box.busy)
        assert relay_box.model.cell_text(0, RelayBundlesModel.COL_STATE) == "Refused by HQ"
        report = relay_box.report.bundles.text()
        assert "refused by HQ." in report
        assert "This bundle was changed after it was made" in report
        assert hq_counts(hq, organization)["resident"] == 0

        # A copy cut short on the way is turned away when collected, with what to do.
        drive = tmp_path / "drive"
        drive.mkdir()
        (drive / "cut.ocpsc-bundle").write_bytes(original.read_bytes()[:200])
        click(qtbot, relay_box.folder_button)
        choose(qtbot, relay_box, drive)
        qtbot.waitUntil(lambda: "cut.ocpsc-bundle" in relay_box.collected.text(), timeout=WAIT)
        assert relay_box.collected.text() == (
            "cut.ocpsc-bundle: This bundle file is incomplete: it was cut short, perhaps while "
            "it was copied. Copy it again from the laptop that made it, or make a new one there."
        )
        assert relay_box.model.rowCount() == 1

        receipts = tmp_path / "team.ocpsc-receipts"
        download_receipts(qtbot, relay_box, receipts)
        put_away(qtbot, coordinator_queue, desk)

    forged = flip_byte(receipts, tmp_path / "forged.ocpsc-receipts", 40)
    text = load_receipts(qtbot, page, forged)
    assert text == (
        "This receipts file was changed after HQ signed it, so it was not used and nothing was "
        "changed. Ask your coordinator to download it again."
    )
    assert on_queue(qtbot, device_queue, lambda: journal.pending_count(opened.database)) == 4

    # A file for another team's laptops changes nothing here either.
    text = load_receipts(qtbot, page, receipts)
    assert text.startswith("This receipts file has nothing for this laptop")
    assert on_queue(qtbot, device_queue, lambda: journal.pending_count(opened.database)) == 4


def test_saving_is_unavailable_until_enrolled_with_hqs_key_and_records_waiting(
    qtbot, hq: Server, opened, queues
):
    queue = queues()
    page = sync_page(qtbot, queue, opened)
    box = page.bundles
    qtbot.waitUntil(lambda: box.ready is not None, timeout=WAIT)
    assert not box.save_button.isEnabled() and not box.receipts_button.isEnabled()
    assert box.explanation.text().startswith(
        "Saving for a coordinator needs this laptop to be enrolled with HQ first"
    )
    assert box.save_button.accessibleDescription() == box.explanation.text()
    assert box.save_button.toolTip() == box.explanation.text()
    assert page.relay.isHidden()  # not a coordinator

    on_queue(qtbot, queue, lambda: enroll_in(opened, hq, hq.organization()))
    page.reload()
    qtbot.waitUntil(box.receipts_button.isEnabled, timeout=WAIT)
    assert not box.save_button.isEnabled()
    assert box.explanation.text() == (
        "Nothing is waiting to be sent, so there is nothing to save for a coordinator."
    )

    def forget_hq_key() -> None:
        add_residents(opened, 1)
        opened.database.execute("DELETE FROM settings WHERE key = ?", (bundle_device.HQ_KEYS,))

    on_queue(qtbot, queue, forget_hq_key)
    page.reload()
    qtbot.waitUntil(lambda: "bundle key" in box.explanation.text(), timeout=WAIT)
    assert not box.save_button.isEnabled()
    assert box.explanation.text().startswith(
        "This laptop does not have HQ's bundle key yet. Sync it once with a connection"
    )


def test_an_upload_shows_progress_and_stops_when_asked_keeping_the_bundles_queued(
    qtbot, hq: Server, opened, queues, tmp_path, _profile_template, monkeypatch
):
    monkeypatch.setenv("OCPSC_SYNC_RETRY_BASE", "5")  # long pauses between attempts
    organization = hq.organization()
    enroll_in(opened, hq, organization, role="canvasser")
    go_offline(opened)
    add_residents(opened, 2)
    device_queue = queues()
    page = sync_page(qtbot, device_queue, opened)
    usb = tmp_path / "usb"
    usb.mkdir()
    save_bundle(qtbot, page, usb / "morning.ocpsc-bundle")
    on_queue(qtbot, device_queue, lambda: add_residents(opened, 1))
    page.reload()
    qtbot.waitUntil(lambda: "Save the 6 records" in page.bundles.explanation.text())
    save_bundle(qtbot, page, usb / "evening.ocpsc-bundle")  # the morning's 4 records again

    with laptop(_profile_template, tmp_path / "coordinator") as coordinator:
        enroll_in(coordinator, hq, organization, role="coordinator")
        coordinator_queue = queues()
        with Proxy(("127.0.0.1", hq.port), Faults(cut_request_after=100)) as proxy:
            on_queue(qtbot, coordinator_queue, lambda: use_server(coordinator, proxy.url))
            desk = sync_page(qtbot, coordinator_queue, coordinator)
            relay_box = desk.relay
            qtbot.waitUntil(relay_box.isVisible, timeout=WAIT)
            click(qtbot, relay_box.folder_button)
            choose(qtbot, relay_box, usb)
            qtbot.waitUntil(lambda: relay_box.model.rowCount() == 2, timeout=WAIT)
            assert relay_box.collected.text() == "Collected 2 new bundles."
            # Every connection is cut: the automatic attempt finds HQ silent and waits; by
            # hand, the upload retries with pauses until it is stopped.
            qtbot.waitUntil(lambda: "cannot be reached" in relay_box.message.text(), timeout=WAIT)
            click(qtbot, relay_box.upload_button)
            qtbot.waitUntil(lambda: relay_box.busy and proxy.cut >= 2, timeout=WAIT)
            assert relay_box.stop_button.isEnabled() and relay_box.progress.isVisible()
            assert not relay_box.upload_button.isEnabled()
            qtbot.waitUntil(
                lambda: (
                    sorted(
                        relay_box.model.cell_text(row, RelayBundlesModel.COL_STATE)
                        for row in (0, 1)
                    )
                    == ["Uploading\u2026", "Waiting to upload"]
                )
            )
            click(qtbot, relay_box.stop_button)
            qtbot.waitUntil(lambda: not relay_box.busy, timeout=WAIT)
            qtbot.waitUntil(lambda: relay_box.message.text().startswith("Upload stopped."))
            assert states(relay_box.model) == [relay.QUEUED, relay.QUEUED]
            assert not relay_box.progress.isVisible()

        on_queue(qtbot, coordinator_queue, lambda: use_server(coordinator, hq.url))
        steps: list[tuple[int, int]] = []
        relay_box.worker.progressed.connect(lambda step: steps.append((step.done, step.total)))
        click(qtbot, relay_box.upload_button)
        qtbot.waitUntil(lambda: states(relay_box.model) == [relay.UPLOADED] * 2, timeout=WAIT)
        qtbot.waitUntil(lambda: not relay_box.busy and not relay_box.progress.isVisible())
        assert steps == [(1, 2), (2, 2)]
        assert relay_box.message.text() == "Uploaded 2 bundles to HQ."
        # Whichever went first, HQ applied each record once and knew the overlap.
        found = re.findall(
            r"change numbers 1\u2013(\d) \u2014 applied: (\d) \u00b7 already at HQ: (\d)",
            relay_box.report.bundles.text(),
        )
        assert sorted(found) in (
            [("4", "4", "0"), ("6", "2", "4")],
            [("4", "0", "4"), ("6", "6", "0")],
        )
        assert hq_counts(hq, organization) == on_queue(
            qtbot, device_queue, lambda: local_counts(opened)
        )
        put_away(qtbot, coordinator_queue, desk)
