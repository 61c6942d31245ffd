"""The unlock dialog, driven with real keys and clicks on a real encrypted profile."""

from __future__ import annotations

import gettext
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QWidget

from ocpsc_field import i18n
from ocpsc_field.store import profile
from ocpsc_field.ui.tasks import DatabaseQueue
from ocpsc_field.ui.unlock_dialog import UnlockDialog


@pytest.fixture
def queue() -> Iterator[DatabaseQueue]:
    database_queue = DatabaseQueue()
    yield database_queue
    database_queue.shutdown()  # waits for the worker thread: nothing leaks into other tests


@pytest.fixture
def dialogs(qtbot, queue) -> Iterator[list[UnlockDialog]]:
    """Dialogs made by a test; any profile they opened is closed after the worker stops."""
    made: list[UnlockDialog] = []
    yield made
    queue.shutdown()
    for dialog in made:
        if dialog.opened is not None:
            dialog.opened.close()


def make_dialog(qtbot, dialogs, queue, folder, **kwargs) -> UnlockDialog:
    dialog = UnlockDialog(folder, queue, **kwargs)
    qtbot.addWidget(dialog)
    dialogs.append(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_wrong_passphrase_shows_the_message_and_keeps_the_dialog_open(
    qtbot, dialogs, queue, profile_dir
):
    dialog = make_dialog(qtbot, dialogs, queue, profile_dir)
    assert not dialog.creating
    qtbot.keyClicks(dialog.passphrase, "not the passphrase")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: dialog.error.isVisible())
    qtbot.waitUntil(lambda: not queue.busy)
    assert dialog.error.text() == (
        "The passphrase is not correct for this profile. Nothing was changed."
    )
    assert dialog.isVisible()
    assert dialog.opened is None
    assert dialog.result() != QDialog.DialogCode.Accepted
    # Nothing typed is cleared; the cursor is back in the field, ready to retype.
    assert dialog.passphrase.text() == "not the passphrase"
    assert dialog.passphrase.isEnabled()
    assert dialog.passphrase.hasFocus()


def test_right_passphrase_opens_the_profile(qtbot, dialogs, queue, profile_dir, passphrase):
    dialog = make_dialog(qtbot, dialogs, queue, profile_dir)
    qtbot.keyClicks(dialog.passphrase, passphrase)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.opened is not None
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.error.isVisible()


def test_retry_after_a_wrong_passphrase_opens(qtbot, dialogs, queue, profile_dir, passphrase):
    dialog = make_dialog(qtbot, dialogs, queue, profile_dir)
    qtbot.keyClicks(dialog.passphrase, "wrong")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    # The wrong text is selected, so typing replaces it.
    qtbot.keyClicks(dialog.passphrase, passphrase)
    assert dialog.passphrase.text() == passphrase
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Enter)
    assert dialog.opened is not None


def test_opening_shows_that_it_is_busy(qtbot, dialogs, queue, profile_dir, passphrase):
    dialog = make_dialog(qtbot, dialogs, queue, profile_dir)
    qtbot.keyClicks(dialog.passphrase, passphrase)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    # Submitting switches to busy at once, before the slow key derivation finishes.
    assert dialog.busy
    assert dialog.busy_bar.isVisible()
    assert dialog.busy_label.text() == "Unlocking the profile…"
    assert not dialog.passphrase.isEnabled()
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # ignored while opening
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.opened is not None)
    assert not dialog.busy


WRONG_EN = "The passphrase is not correct for this profile. Nothing was changed."
WRONG_ES = "La frase de contraseña no es correcta para este perfil. No se cambió nada."


def test_the_message_is_in_the_users_language(qtbot, dialogs, queue, profile_dir, monkeypatch):
    class Spanish(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return WRONG_ES if message == WRONG_EN else message

    monkeypatch.setattr(i18n, "_translation", Spanish())
    dialog = make_dialog(qtbot, dialogs, queue, profile_dir)
    qtbot.keyClicks(dialog.passphrase, "equivocada")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert dialog.error.text() == WRONG_ES


def test_escape_cancels(qtbot, dialogs, queue, profile_dir):
    dialog = make_dialog(qtbot, dialogs, queue, profile_dir)
    qtbot.keyClicks(dialog.passphrase, "half typed")
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.opened is None


def test_show_passphrase_toggles_the_echo(qtbot, dialogs, queue, profile_dir):
    dialog = make_dialog(qtbot, dialogs, queue, profile_dir)
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Password
    dialog.show_passphrase.click()
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Normal
    dialog.show_passphrase.click()
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Password


def test_an_empty_passphrase_is_explained_without_trying(qtbot, dialogs, queue, profile_dir):
    dialog = make_dialog(qtbot, dialogs, queue, profile_dir)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.error.isVisible()
    assert not dialog.busy
    assert not queue.busy


def test_no_profile_offers_to_create_one(qtbot, dialogs, queue, tmp_path):
    folder = tmp_path / "new-profile"
    dialog = make_dialog(qtbot, dialogs, queue, folder)
    assert dialog.creating
    assert dialog.repeat.isVisible()
    assert dialog.ok_button.text() == "Create profile"

    qtbot.keyClicks(dialog.passphrase, "short")
    qtbot.keyClicks(dialog.repeat, "short")
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert dialog.error.text() == "Choose a passphrase of at least 8 characters."
    assert not (folder / profile.META_FILE).exists()

    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, "long enough passphrase")
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert "do not match" in dialog.error.text()
    assert dialog.repeat.text() == "short"  # kept, so the user can see what to fix

    dialog.repeat.clear()
    qtbot.keyClicks(dialog.repeat, "long enough passphrase")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert dialog.opened is not None
    assert (folder / profile.META_FILE).exists()


def test_every_control_has_an_accessible_name(qtbot, dialogs, queue, tmp_path):
    dialog = make_dialog(qtbot, dialogs, queue, tmp_path / "new-profile")
    unnamed = [
        type(widget).__name__
        for widget in dialog.findChildren(QWidget)
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and not widget.accessibleName()
    ]
    assert unnamed == []
    assert dialog.passphrase.accessibleName() == "Passphrase"
    assert dialog.repeat.accessibleName() == "Repeat the passphrase"


def test_right_to_left_for_arabic(qtbot, dialogs, queue, profile_dir):
    dialog = make_dialog(qtbot, dialogs, queue, profile_dir, language="ar")
    assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert dialog.passphrase.isRightToLeft()
