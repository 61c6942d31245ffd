"""The coordinator's view of the team's devices, against a real ``ocpsc-hq serve``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from ocpsc_field.sync import team
from ocpsc_field.sync.protocol import Enrolled
from ocpsc_field.sync.team import TeamUnavailable
from ocpsc_field.ui.pages.sync import SyncPage
from ocpsc_field.ui.pages.team_devices import last_contact_text
from ocpsc_field.ui.tasks import DatabaseQueue
from tests.hq.harness import Device, Server
from tests.sync.helpers import enroll


@pytest.fixture
def queue(opened) -> Iterator[DatabaseQueue]:
    database_queue = DatabaseQueue()
    yield database_queue
    database_queue.shutdown()


def age(hq: Server, device: Device, days: int) -> None:
    """Make HQ remember ``device``'s last contact ``days`` ago (through the real CLI)."""
    code = (
        "from datetime import timedelta; from django.utils import timezone; "
        "from ocpsc_field.hq.models import Device; "
        f"Device.objects.filter(id={device.id!r}).update("
        f"last_seen=timezone.now() - timedelta(days={days}))"
    )
    done = hq.manage("shell", "-c", code)
    assert done.returncode == 0, done.stderr


def cell(box, row: int, column: int) -> str:
    """What a screen reader reads in one cell of the team table."""
    return box.table.item(row, column).data(Qt.ItemDataRole.AccessibleTextRole)


def team_of(hq: Server, organization: str) -> tuple[Device, Device]:
    """A canvasser whose ops 1-4 never arrived, and one last seen five days ago."""
    gappy = hq.device(organization, role="canvasser")
    gappy.next_op_id = 5
    gappy.exchange([gappy.create("contact_log", {"bad": "op"})])
    quiet = hq.device(organization, role="canvasser")
    quiet.exchange()
    age(hq, quiet, 5)
    return gappy, quiet


def test_a_coordinator_sees_the_teams_devices_with_gaps_and_stale_flags(
    sqlite_server: Server, opened
):
    organization = enroll(opened, sqlite_server, role="coordinator")
    gappy, quiet = team_of(sqlite_server, organization)
    stranger = sqlite_server.device(role="canvasser")
    found = team.credentials(opened.database)
    assert found is not None and team.may_view(found.role)

    devices = {device.id: device for device in team.fetch_devices(found, stale_days=3)}

    assert gappy.id in devices and quiet.id in devices and stranger.id not in devices
    assert len(devices) == 3  # this laptop, and the two teammates
    assert devices[gappy.id].gaps == ((1, 4),) and devices[gappy.id].missing_ops == 4
    assert team.gaps_sentence(devices[gappy.id].gaps) == "Changes 1\u20134 never arrived."
    assert devices[quiet.id].gaps == () and devices[quiet.id].stale is True
    assert devices[gappy.id].stale is False
    now = datetime.now(UTC)
    assert last_contact_text(devices[quiet.id], now) == "5 days ago"
    assert team.gaps_sentence(((7, 7),)) == "Change 7 never arrived."
    assert team.gaps_sentence(((7, 7), (9, 12))) == (
        "These changes never arrived: 7 and 9\u201312."
    )
    assert team.gaps_sentence(((2, 3), (7, 7), (9, 12))) == (
        "These changes never arrived: 2\u20133, 7, and 9\u201312."
    )


def test_a_canvasser_is_refused_with_a_clear_message(sqlite_server: Server, opened):
    enroll(opened, sqlite_server, role="canvasser")
    found = team.credentials(opened.database)
    assert found is not None and not team.may_view(found.role)

    with pytest.raises(TeamUnavailable) as refused:
        team.fetch_devices(found)

    assert str(refused.value).startswith("Only coordinators and HQ admins can see")


def test_the_sync_page_shows_a_coordinator_the_team_and_flags_quiet_devices(
    qtbot, sqlite_server: Server, opened, queue
):
    organization = enroll(opened, sqlite_server, role="coordinator")
    gappy, quiet = team_of(sqlite_server, organization)
    page = SyncPage(queue, opened)
    qtbot.addWidget(page)
    page.resize(1000, 800)
    page.show()
    box = page.team
    qtbot.waitUntil(lambda: box.devices is not None and not box.loading, timeout=15000)

    assert box.isVisible() and box.table.rowCount() == 3
    rows = {
        cell(box, row, 0): [cell(box, row, c) for c in range(5)]
        for row in range(box.table.rowCount())
    }
    gappy_row = next(
        cells
        for who, cells in rows.items()
        if who.startswith(Enrolled.from_json(gappy.enrolled).username)
    )
    quiet_row = next(
        cells
        for who, cells in rows.items()
        if who.startswith(Enrolled.from_json(quiet.enrolled).username)
    )
    assert gappy_row[3] == "Changes 1\u20134 never arrived."
    assert gappy_row[4] == "Syncing normally"
    assert quiet_row[1] == "5 days ago" and quiet_row[4] == "Not synced for over 3 days"
    assert box.status.text() == (
        "Your team has 3 devices. 1 of them has not synced recently. "
        "Recently means within the last 3 days."
    )

    box.days.setFocus()
    box.days.selectAll()
    qtbot.keyClicks(box.days, "7")
    qtbot.keyClick(box.days, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: box.days.value() == 7)
    assert box.status.text() == (
        "Your team's 3 devices have synced recently. Recently means within the last 7 days."
    )
    assert all(cell(box, row, 4) == "Syncing normally" for row in range(3))

    qtbot.mouseClick(box.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.loading, timeout=15000)
    assert box.table.rowCount() == 3
    qtbot.waitUntil(lambda: not queue.busy)


def test_the_team_section_stays_hidden_for_a_canvasser(qtbot, sqlite_server: Server, opened, queue):
    enroll(opened, sqlite_server, role="canvasser")
    page = SyncPage(queue, opened)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page._overview is not None and page._overview.enrolled is not None)
    qtbot.waitUntil(lambda: not queue.busy)

    assert page.team.isHidden() and page.team.devices is None
