"""Settings: the idle time is kept in the profile, and the passphrase changes in place."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from ocpsc_field.core.records import Kind
from ocpsc_field.store import settings
from ocpsc_field.store.session import open_profile
from ocpsc_field.ui.idle_lock import SETTING_KEY
from ocpsc_field.ui.pages.settings import SettingsPage
from ocpsc_field.ui.tasks import DatabaseQueue
from tests.ui.test_main_window import NGUYEN, create_resident, on_queue, settle


@pytest.fixture
def queue(opened) -> Iterator[DatabaseQueue]:
    database_queue = DatabaseQueue()
    yield database_queue
    database_queue.shutdown()


def make_page(qtbot, queue, opened) -> SettingsPage:
    page = SettingsPage(queue, opened)
    qtbot.addWidget(page)
    page.show()
    settle(qtbot, queue)
    return page


def test_idle_minutes_are_saved_in_the_profile(qtbot, queue, opened):
    page = make_page(qtbot, queue, opened)
    assert page.idle_minutes.value() == 5
    assert page.about_labels["user"].text() == "tester"
    page.idle_minutes.setFocus()
    page.idle_minutes.selectAll()
    with qtbot.waitSignal(page.idle_minutes_changed) as signal:
        qtbot.keyClicks(page.idle_minutes, "12")
        qtbot.keyClick(page.idle_minutes, Qt.Key.Key_Return)
    assert signal.args == [12]
    assert on_queue(qtbot, queue, lambda: settings.get(opened.database, SETTING_KEY)) == "12"


def test_mismatched_new_passphrases_change_nothing(qtbot, queue, opened, passphrase):
    page = make_page(qtbot, queue, opened)
    qtbot.keyClicks(page.current, passphrase)
    qtbot.keyClicks(page.new, "a new passphrase")
    qtbot.keyClicks(page.repeat, "a new passphrase!")
    qtbot.mouseClick(page.change_button, Qt.MouseButton.LeftButton)
    assert "do not match" in page.passphrase_message.text()
    assert page.new.text() == "a new passphrase"


def test_wrong_current_passphrase_is_refused(qtbot, queue, opened):
    page = make_page(qtbot, queue, opened)
    qtbot.keyClicks(page.current, "not the passphrase")
    qtbot.keyClicks(page.new, "a new passphrase")
    qtbot.keyClicks(page.repeat, "a new passphrase")
    qtbot.mouseClick(page.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not correct" in page.passphrase_message.text(), timeout=10000)


def test_passphrase_changes_while_the_app_keeps_working(
    qtbot, queue, opened, passphrase, profile_dir
):
    create_resident(qtbot, queue, opened, NGUYEN)
    page = make_page(qtbot, queue, opened)
    qtbot.keyClicks(page.current, passphrase)
    qtbot.keyClicks(page.new, "a new passphrase")
    qtbot.keyClicks(page.repeat, "a new passphrase")
    qtbot.mouseClick(page.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "was changed" in page.passphrase_message.text(), timeout=15000)
    assert page.current.text() == ""
    create_resident(qtbot, queue, opened, {**NGUYEN, "given_name": "Văn Nam"})
    assert on_queue(qtbot, queue, lambda: opened.records.count(Kind.RESIDENT)) == 2
    queue.shutdown()
    opened.close()
    with open_profile(profile_dir, "a new passphrase") as reopened:
        assert reopened.records.count(Kind.RESIDENT) == 2
