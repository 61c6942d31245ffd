"""The app locks when idle, hides every window's content, and unlocks where it was."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

from ocpsc_field.store import profile
from ocpsc_field.ui.idle_lock import AppLock, minutes_to_ms
from ocpsc_field.ui.main_window import MainWindow
from ocpsc_field.ui.tasks import DatabaseQueue
from tests.ui.test_main_window import NGUYEN, create_resident, make_window, settle


@pytest.fixture
def queue(opened) -> Iterator[DatabaseQueue]:
    database_queue = DatabaseQueue()
    yield database_queue
    database_queue.shutdown()


def make_lock(window: MainWindow, queue: DatabaseQueue, opened, timeout_ms: int) -> AppLock:
    return AppLock(
        queue,
        lambda passphrase: profile.passphrase_opens(opened.folder, passphrase),
        main_window=window,
        user=opened.actor.user,
        timeout_ms=timeout_ms,
        parent=window,
    )


def test_idle_locks_and_unlock_restores_the_same_place(qtbot, queue, opened, passphrase):
    create_resident(qtbot, queue, opened, NGUYEN)
    window = make_window(qtbot, queue, opened)
    window.nav.setCurrentRow(2)
    search = window.residents_page.findChild(QLineEdit)
    search.setFocus()
    qtbot.keyClicks(search, "nguyen")
    settle(qtbot, queue)
    lock = make_lock(window, queue, opened, timeout_ms=200)
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5000)
    panel = lock.form_panel
    assert panel is not None and panel.isVisible()
    assert panel.geometry() == window.rect()
    # Shortcuts and typing do not reach the covered window.
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(search, "xyz")
    assert window.nav.currentRow() == 2 and search.text() == "nguyen"
    # A wrong passphrase says so and stays locked.
    qtbot.keyClicks(panel.passphrase, "wrong passphrase")
    qtbot.keyClick(panel.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.error.isVisible(), timeout=10000)
    assert "not correct" in panel.error.text()
    assert lock.is_locked
    panel.passphrase.clear()
    qtbot.keyClicks(panel.passphrase, passphrase)
    qtbot.keyClick(panel.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not lock.is_locked, timeout=10000)
    assert window.nav.currentRow() == 2
    assert search.text() == "nguyen"
    assert search.hasFocus()
    lock.stop()


def test_an_open_dialog_is_covered_and_keeps_its_text(qtbot, queue, opened, passphrase):
    window = make_window(qtbot, queue, opened)
    dialog = QDialog(window)
    field = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(field)
    dialog.setModal(True)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(field, "typed before the lock")
    lock = make_lock(window, queue, opened, timeout_ms=0)
    lock.lock()
    assert lock.form_panel is not None and lock.form_panel.parent() is dialog
    assert any(panel.parent() is window for panel in lock._panels)
    qtbot.keyClicks(lock.form_panel.passphrase, passphrase)
    qtbot.keyClick(lock.form_panel.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not lock.is_locked, timeout=10000)
    assert dialog.isVisible() and field.text() == "typed before the lock"
    dialog.close()
    lock.stop()


def test_zero_minutes_turns_locking_off(qtbot, queue, opened):
    window = make_window(qtbot, queue, opened)
    lock = make_lock(window, queue, opened, timeout_ms=minutes_to_ms(0))
    qtbot.wait(300)
    assert not lock.is_locked
    assert minutes_to_ms("junk") == 5 * 60_000
    lock.stop()
