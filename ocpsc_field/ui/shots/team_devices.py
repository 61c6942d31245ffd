"""Screenshots of the coordinator's "Team devices" section of the Sync page.

    shoot(shooter, opened, queue)

Four devices as HQ reports them (one with missing changes, one quiet for a week,
one never synced), at 1280x800, at 200% font scale and right-to-left. Nothing
is written to the profile and no HQ is needed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtWidgets import QScrollArea

from ocpsc_field.store.session import OpenProfile
from ocpsc_field.sync.team import TeamDevice
from ocpsc_field.ui.pages.team_devices import TeamDevicesBox
from ocpsc_field.ui.screenshots import Shooter, settle
from ocpsc_field.ui.screenshots import variant as _variant
from ocpsc_field.ui.tasks import DatabaseQueue


def sample_devices(now: datetime) -> list[TeamDevice]:
    def device(user, name, seen_days, backlog, gaps=()):  # type: ignore[no-untyped-def]
        seen = now - timedelta(days=seen_days) if seen_days is not None else None
        return TeamDevice(
            id=f"{user}-laptop",
            name=name,
            user=user,
            role="canvasser",
            organization="Valley Community Partners",
            last_seen=seen,
            enrolled_at=now - timedelta(days=30),
            backlog=backlog,
            gaps=tuple(gaps),
            missing_ops=sum(last - first + 1 for first, last in gaps),
            stale=False,
            revoked=False,
        )

    return [
        device("maria", "Fresno laptop 3", 0.1, 0),
        device("jorge", "Field laptop 7", 1, 12, [(143, 151)]),
        device("nguyen", "Clinic desk", 7, 48),
        device("amira", "Spare laptop", None, None),
    ]


def shoot(shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue) -> None:
    for name in ("", "200pct", "rtl"):
        with _variant(name) as suffix:
            box = TeamDevicesBox()
            frame = QScrollArea()
            frame.setWidgetResizable(True)
            frame.setWidget(box)
            frame.resize(1280, 800)
            frame.show()
            box.show_devices(sample_devices(datetime.now(UTC)))
            settle(queue)
            shooter.save(frame, f"team-devices{suffix}")
            frame.close()
            frame.deleteLater()
            settle(queue)
