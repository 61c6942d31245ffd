"""Screenshots of the Sync page when another window or program is syncing the same profile.

    shoot(shooter, opened, queue)

"Sync now" is pressed while another program holds the profile's sync lock:
the page says so and nothing was sent. At 1280x800, at 200% font scale and
right-to-left. What the shots change in the profile is put back after.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from ocpsc_field.store.session import OpenProfile
from ocpsc_field.sync.profile_lock import sync_lock
from ocpsc_field.ui.screenshots import Shooter, settle, wait_until
from ocpsc_field.ui.screenshots import variant as _variant
from ocpsc_field.ui.shots.sync import _enroll_fake, _page, _put_back, _run
from ocpsc_field.ui.tasks import DatabaseQueue


def shoot(shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue) -> None:
    _run(queue, lambda: _enroll_fake(opened))
    try:
        for name in ("", "200pct", "rtl"):
            with _variant(name) as suffix, sync_lock(opened.folder):  # the other program
                frame, page = _page(opened, queue)
                QTest.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
                wait_until(
                    lambda p=page: p.outcome.isVisible() and not p.sync_running,
                    "the sync refused",
                )
                settle(queue)
                shooter.save(frame, f"sync-busy{suffix}")
                frame.close()
                frame.deleteLater()
                settle(queue)
    finally:
        _run(queue, lambda: _put_back(opened))
        settle(queue)
