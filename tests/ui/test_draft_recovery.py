"""A conversation being typed survives the app being killed outright.

A real child process opens the profile, types into the conversation form, waits
until the autosaved draft is in the database, then kills itself with SIGKILL:
no clean shutdown, no chance to flush anything. The test then opens the
profile again, starts the main window, and finds every value back in the form.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from ocpsc_field.core.records import Kind
from ocpsc_field.store.reference_data import load_programs
from ocpsc_field.store.session import open_profile
from ocpsc_field.ui.main_window import MainWindow
from ocpsc_field.ui.tasks import DatabaseQueue

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

NOTES = "Call her daughter after 5 pm about CalFresh. Hẹn gọi lại."

CHILD = textwrap.dedent(
    """
    import os, signal, sys, time
    from pathlib import Path

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from ocpsc_field.i18n import set_language
    from ocpsc_field.store.conversations import DRAFT_FORM
    from ocpsc_field.store.session import open_profile
    from ocpsc_field.ui.conversation_form import ConversationForm
    from ocpsc_field.ui.screenshots import type_text
    from ocpsc_field.ui.tasks import DatabaseQueue

    set_language("en")
    folder, passphrase, notes = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    opened = open_profile(folder, passphrase)
    queue = DatabaseQueue()
    form = ConversationForm(queue, opened)
    form.resize(1280, 800)
    form.show()
    form.activateWindow()
    form.open_new()

    def wait(condition, what):
        deadline = time.monotonic() + 60
        while not condition():
            if time.monotonic() > deadline:
                sys.exit(f"timed out waiting for {what}")
            QTest.qWait(20)

    def focus():
        return QApplication.focusWidget()

    wait(lambda: form.picker.search.hasFocus() and not queue.busy, "the form")
    QTest.keyClicks(focus(), "hern")
    QTest.keyClick(focus(), Qt.Key.Key_Return)
    wait(lambda: form.picker.resident is not None, "the resident")
    QTest.keyClick(focus(), Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(focus(), Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(focus(), Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(focus(), Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    QTest.keyClicks(focus(), "WIC")
    QTest.keyClick(focus(), Qt.Key.Key_Space)
    QTest.keyClick(focus(), Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    type_text(focus(), notes)

    # Wait for the autosave (typing has paused), then read it back from the database.
    stored = {}
    def check():
        queue.run(
            lambda: opened.drafts.latest(DRAFT_FORM),
            success=lambda draft: stored.update(notes=draft.payload["notes"] if draft else None),
        )
    while stored.get("notes") != notes:
        stored.clear()
        QTest.qWait(100)
        check()
        wait(lambda: "notes" in stored, "the draft")
    print("draft written", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_typed_conversation_survives_a_hard_kill(qtbot, profile_dir: Path, passphrase: str):
    with open_profile(profile_dir, passphrase) as opened:
        for program in load_programs():
            opened.records.put_reference(Kind.PROGRAM, program)
        maria = opened.records.create(
            Kind.RESIDENT,
            {"given_name": "María", "family_name": "Hernández", "preferred_language": "es"},
        ).record["id"]

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "OCPSC_LANG": "en"}
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(profile_dir), passphrase, NOTES],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr[-2000:]
    assert "draft written" in child.stdout

    opened = open_profile(profile_dir, passphrase)
    queue = DatabaseQueue()
    try:
        window = MainWindow(opened, queue)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        form = window.conversations_page.form
        # On start the window reopens the conversation that was being logged.
        qtbot.waitUntil(lambda: window.current_page_key() == "conversations")
        qtbot.waitUntil(lambda: form.notice.isVisible())
        qtbot.waitUntil(lambda: not queue.busy)
        assert form.notice.label.text().startswith("Restored the conversation you were logging at")
        assert [button.text() for button in form.notice.buttons] == ["Discard draft"]

        assert form.picker.resident_id == maria
        assert "María Hernández" in form.picker.chosen_label.text()
        assert (form.channel.value(), form.outcome.value()) == ("phone", "follow_up")
        assert form.channel.buttons["phone"].isChecked()
        assert form.consent.isChecked()
        assert form.language.language() == "es"
        assert form.notes.toPlainText() == NOTES
        [program] = form.programs.checked_ids()
        wic = opened_scalar(qtbot, queue, opened, "SELECT id FROM program WHERE code = 'wic'")
        assert program == wic
        assert form.dirty and form.draft_id is not None

        # Ctrl+N now keeps the same conversation rather than starting over.
        qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: not queue.busy)
        assert form.notes.toPlainText() == NOTES
    finally:
        queue.shutdown()
        opened.close()


def opened_scalar(qtbot, queue: DatabaseQueue, opened, sql: str):
    found: dict[str, object] = {}
    queue.run(lambda: opened.database.scalar(sql), success=lambda value: found.update(v=value))
    qtbot.waitUntil(lambda: "v" in found)
    return found["v"]
