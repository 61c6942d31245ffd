"""Screenshots of the Sync page's "Needs attention" box: refused records and how to fix them.

    shoot(shooter, opened, queue)

A resident HQ refused for its ZIP code and a conversation refused while HQ had a
passing problem, each with its reason; the resident chosen ("Fix…" and "Send
again"), and the answer when it is sent again before being fixed. Each at
1280x800, at 200% font scale and right-to-left. What the shots change in the
profile is put back after.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScrollArea

from ocpsc_field.store.session import OpenProfile
from ocpsc_field.ui.pages.sync import SyncPage
from ocpsc_field.ui.screenshots import Shooter, settle, wait_until
from ocpsc_field.ui.screenshots import variant as _variant
from ocpsc_field.ui.tasks import DatabaseQueue

ZIP_REASON = "zip: Enter a 5-digit ZIP code, like 95814."
HQ_REASON = "HQ had a problem storing this record. Please try again later."


def _quarantine(opened: OpenProfile) -> list[tuple[int, str | None, str | None]]:
    """Mark one resident (with a bad ZIP code) and one conversation as refused."""
    kept = []
    with opened.database.transaction():
        for kind, reason in (("resident", ZIP_REASON), ("contact_log", HQ_REASON)):
            row = opened.database.query(
                "SELECT op_id, record_id FROM journal WHERE kind = ? AND op = 'create' "
                "AND state = 'pending' ORDER BY op_id LIMIT 1",
                (kind,),
            )
            if not row:
                continue
            op_id, record_id = row[0]["op_id"], row[0]["record_id"]
            if kind == "resident":
                zip_code = opened.database.scalar(
                    "SELECT zip FROM resident WHERE id = ?", (record_id,)
                )
                kept.append((op_id, record_id, zip_code))
                opened.database.execute(
                    "UPDATE resident SET zip = 'ABC' WHERE id = ?", (record_id,)
                )
            else:
                kept.append((op_id, None, None))
            opened.database.execute(
                "UPDATE journal SET state = 'quarantined', reason = ? WHERE op_id = ?",
                (reason, op_id),
            )
    return kept


def _put_back(opened: OpenProfile, kept: list[tuple[int, str | None, str | None]]) -> None:
    with opened.database.transaction():
        for op_id, record_id, zip_code in kept:
            opened.database.execute(
                "UPDATE journal SET state = 'pending', reason = NULL WHERE op_id = ?", (op_id,)
            )
            if record_id is not None:  # the resident
                opened.database.execute(
                    "UPDATE resident SET zip = ? WHERE id = ? AND zip = 'ABC'",
                    (zip_code, record_id),
                )


def shoot(shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue) -> None:
    done: list[object] = []
    queue.run(lambda: _quarantine(opened), success=done.append)
    wait_until(lambda: bool(done), "marking records as refused")
    kept = done[0]
    try:
        for name in ("", "200pct", "rtl"):
            with _variant(name) as suffix:
                page = SyncPage(queue, opened)
                frame = QScrollArea()
                frame.setWidgetResizable(True)
                frame.setWidget(page)
                frame.resize(1280, 800)
                frame.show()
                wait_until(lambda p=page: p.quarantine.count() > 0, "the refused records")
                settle(queue)
                box = page.attention_box
                frame.ensureWidgetVisible(box)
                settle(queue)
                shooter.save(frame, f"sync_quarantine-list{suffix}")
                QTest.mouseClick(box.send_button, Qt.MouseButton.LeftButton)
                wait_until(lambda b=box: b.message.isVisible(), "the answer to Send again")
                settle(queue)
                frame.ensureWidgetVisible(box.message)
                settle(queue)
                shooter.save(frame, f"sync_quarantine-still-wrong{suffix}")
                frame.close()
                frame.deleteLater()
                settle(queue)
    finally:
        done.clear()
        queue.run(lambda: _put_back(opened, kept), success=done.append)
        wait_until(lambda: bool(done), "putting the profile back")
