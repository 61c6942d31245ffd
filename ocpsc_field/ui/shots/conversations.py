"""Screenshots of logging conversations, the Conversations page and the Today page.

    shoot(shooter, opened, queue)

Driven with keys only, as a canvasser at a door would: Ctrl+N, part of a name
and Enter, Alt+D, Alt+R, Space on a program, notes, Enter. Each screen is shot
at 1280x800, at 200% font scale and right-to-left.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ocpsc_field.store.session import OpenProfile
from ocpsc_field.ui.main_window import MainWindow
from ocpsc_field.ui.screenshots import Shooter, main_window, settle, type_text, wait_until
from ocpsc_field.ui.screenshots import variant as _variant
from ocpsc_field.ui.tasks import DatabaseQueue

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _key(
    window: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    target = QApplication.focusWidget() or window
    QTest.keyClick(target, key, modifier)


def _log_one(window: MainWindow, queue: DatabaseQueue, search: str, notes: str) -> None:
    """Fill the form the way a user would, without saving it."""
    form = window.conversations_page.form
    type_text(form.picker.search, search)
    settle(queue)
    _key(window, Qt.Key.Key_Return)
    settle(queue)
    _key(window, Qt.Key.Key_D, ALT)
    _key(window, Qt.Key.Key_R, ALT)
    _key(window, Qt.Key.Key_C, ALT)  # to the programs
    _key(window, Qt.Key.Key_Space)
    _key(window, Qt.Key.Key_Down)
    _key(window, Qt.Key.Key_Down)
    _key(window, Qt.Key.Key_Space)
    form.materials.chips[next(iter(form.materials.chips))].click()
    _key(window, Qt.Key.Key_T, ALT)
    type_text(form.notes, notes)
    settle(queue)


def _shoot_variant(
    shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue, suffix: str
) -> None:
    window = main_window(opened, queue)
    window.activateWindow()
    page = window.conversations_page
    form = page.form

    QTest.keyClick(window, Qt.Key.Key_N, CTRL)
    settle(queue)
    shooter.save(window, f"conversations-form-empty{suffix}")

    _log_one(window, queue, "nguyen", "Asked about CalFresh for her mother; call after 5 pm.")
    shooter.save(window, f"conversations-form-filled{suffix}")

    _key(window, Qt.Key.Key_O, ALT)  # follow-up needed, but no date yet
    QTest.keyClick(form, Qt.Key.Key_Return)
    settle(queue)
    form.scroll.ensureWidgetVisible(form.follow_up)
    shooter.save(window, f"conversations-form-error{suffix}")

    _key(window, Qt.Key.Key_B, ALT)  # the follow-up date: Up starts from today
    _key(window, Qt.Key.Key_Up)
    QTest.keyClick(form, Qt.Key.Key_Return)
    settle(queue)
    wait_until(lambda: form.result.isVisible(), "the saved message")
    shooter.save(window, f"conversations-form-saved{suffix}")

    # Someone new at the door: quick add, with a mistyped phone number.
    type_text(form.picker.search, "Amara Okafor")
    settle(queue)
    _key(window, Qt.Key.Key_Q, ALT)
    type_text(form.picker.quick_add.phone, "555-01")
    _key(window, Qt.Key.Key_Return)
    settle(queue)
    shooter.save(window, f"conversations-form-quick-add{suffix}")
    _key(window, Qt.Key.Key_Escape)  # back to the search
    form.picker.search.clear()

    # A draft left behind (the app closed mid-conversation) comes back on the next start.
    _log_one(window, queue, "garcia", "Walk-in at the library; wants help with Medi-Cal renewal.")
    form.write_draft()
    settle(queue)
    window.close()
    window.deleteLater()
    window = main_window(opened, queue)
    wait_until(lambda: window.conversations_page.form.notice.isVisible(), "the restored draft")
    settle(queue)
    shooter.save(window, f"conversations-form-restored{suffix}")
    form = window.conversations_page.form
    form.notice.buttons[0].click()  # Discard draft: asks once
    settle(queue)
    shooter.save(window, f"conversations-form-discard-question{suffix}")
    form.notice.buttons[0].click()
    settle(queue)

    QTest.keyClick(form, Qt.Key.Key_Escape)
    settle(queue)
    shooter.save(window, f"conversations-list{suffix}")
    window.show_page("today")
    settle(queue)
    shooter.save(window, f"conversations-today{suffix}")
    window.close()
    window.deleteLater()


def shoot(shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue) -> None:
    for variant in ("", "200pct", "rtl"):
        with _variant(variant) as suffix:
            _shoot_variant(shooter, opened, queue, suffix)
