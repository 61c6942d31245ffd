"""Screenshots of the Sync page and the "Enroll this device" dialog.

    shoot(shooter, opened, queue)

A laptop not enrolled yet; the enrollment dialog with a mistyped address; an
enrolled laptop whose HQ cannot be reached, with records waiting per kind and
one record HQ refused, with its reason. Each at 1280x800, at 200% font scale
and right-to-left. What the shots change in the profile is put back after.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScrollArea

from ocpsc_field.store import settings
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.sync import enrollment
from ocpsc_field.ui.pages.sync import SyncPage
from ocpsc_field.ui.screenshots import Shooter, settle, wait_until
from ocpsc_field.ui.screenshots import variant as _variant
from ocpsc_field.ui.tasks import DatabaseQueue

REASON = "notes: conversations cannot be edited once saved; log a correction instead."
ENROLLED = {
    enrollment.SERVER_URL: "http://127.0.0.1:9",
    enrollment.DEVICE_TOKEN: "screenshot-token-not-real",
    enrollment.HQ_DEVICE_ID: "screenshot-device",
    enrollment.USERNAME: "maria",
    enrollment.ROLE: "cbo_staff",
    enrollment.ORGANIZATION_NAME: "Valley Community Partners",
    enrollment.STREAMS: '["program", "survey", "resource", "organization", "resident"]',
}


def _page(opened: OpenProfile, queue: DatabaseQueue) -> tuple[QScrollArea, SyncPage]:
    page = SyncPage(queue, opened)
    frame = QScrollArea()
    frame.setWidgetResizable(True)
    frame.setWidget(page)
    frame.resize(1280, 800)
    frame.show()
    wait_until(lambda: page._overview is not None, "the sync page")
    settle(queue)
    return frame, page


def _run(queue: DatabaseQueue, job) -> None:  # type: ignore[no-untyped-def]
    done: list[bool] = []
    queue.run(job, success=lambda _r: done.append(True), failure=lambda _e: done.append(True))
    wait_until(lambda: bool(done), "a store step")


def _enroll_fake(opened: OpenProfile) -> None:
    for key, value in ENROLLED.items():
        settings.put(opened.database, key, value)
    first = opened.database.scalar("SELECT min(op_id) FROM journal WHERE kind = 'contact_log'")
    if first is not None:
        opened.database.execute(
            "UPDATE journal SET state = 'quarantined', reason = ? WHERE op_id = ?", (REASON, first)
        )


def _put_back(opened: OpenProfile) -> None:
    with opened.database.transaction():
        for key in ENROLLED:
            opened.database.execute("DELETE FROM settings WHERE key = ?", (key,))
        opened.database.execute(
            "UPDATE journal SET state = 'pending', reason = NULL WHERE reason = ?", (REASON,)
        )


def shoot(shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue) -> None:
    for name in ("", "200pct", "rtl"):
        with _variant(name) as suffix:
            frame, page = _page(opened, queue)
            shooter.save(frame, f"sync-not-enrolled{suffix}")
            QTest.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
            dialog = page.enroll_dialog
            QTest.keyClicks(dialog.server, "hq.valley-cbo.org")
            QTest.keyClick(dialog.server, Qt.Key.Key_Tab)
            QTest.keyClicks(dialog.code, "K7QXM-2HD9P-WNC4R")
            QTest.keyClick(dialog.code, Qt.Key.Key_Return)
            wait_until(dialog.message.isVisible, "the dialog's message")
            settle(queue)
            shooter.save(dialog, f"sync-enroll-dialog{suffix}")
            dialog.reject()
            frame.close()
            frame.deleteLater()
            settle(queue)

            _run(queue, lambda: _enroll_fake(opened))
            frame, page = _page(opened, queue)
            wait_until(lambda p=page: p.connection.text().startswith("Offline"), "the HQ probe")
            settle(queue)
            shooter.save(frame, f"sync-offline-needs-attention{suffix}")
            frame.close()
            frame.deleteLater()
            _run(queue, lambda: _put_back(opened))
            settle(queue)
