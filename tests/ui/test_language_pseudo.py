"""No untranslated interface text: every main screen, walked under the pseudo-locale.

Under ``qps-ploc`` every catalog message is accented and wrapped in ``⟦…⟧``.
The test opens each main screen on a demo profile the way a user would and
reads every interface text (titles, labels, buttons, tooltips, placeholders,
accessible names, headers, cells, combo items, menus and actions). A word
outside the markers must be data: it must appear in the profile's own
records, or be a month, day or language name from the formatting locale.
Anything else did not come through the catalog, and is listed.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ocpsc_field import i18n
from ocpsc_field.core.survey_model import YES_NO_CHOICES
from ocpsc_field.store import profile
from ocpsc_field.store.demo import fill_demo
from ocpsc_field.store.session import OpenProfile, open_profile
from ocpsc_field.ui.enroll_dialog import EnrollDialog
from ocpsc_field.ui.enrollment_dialog import EnrollmentDialog
from ocpsc_field.ui.idle_lock import AppLock
from ocpsc_field.ui.language import start_language
from ocpsc_field.ui.main_window import PAGE_KEYS, MainWindow
from ocpsc_field.ui.tasks import DatabaseQueue
from ocpsc_field.ui.unlock_dialog import UnlockDialog
from tests.ui.language_screens import (
    DEMO_RESIDENTS,
    data_words,
    first_resident,
    sample_csv,
    settle,
    untranslated,
    visible_windows,
)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory, _profile_template: Path) -> Path:
    """A profile with demo residents, conversations, enrollments and reference data."""
    folder = tmp_path_factory.mktemp("pseudo") / "demo"
    shutil.copytree(_profile_template, folder)
    from tests.conftest import PASSPHRASE

    with open_profile(folder, PASSPHRASE) as opened:
        fill_demo(opened, residents=DEMO_RESIDENTS, seed=11)
    return folder


@pytest.fixture
def demo(tmp_path: Path, demo_template: Path, passphrase: str) -> Iterator[OpenProfile]:
    folder = tmp_path / "demo"
    shutil.copytree(demo_template, folder)
    with open_profile(folder, passphrase) as opened:
        yield opened


@pytest.fixture
def queue(demo: OpenProfile) -> Iterator[DatabaseQueue]:
    database_queue = DatabaseQueue()
    yield database_queue
    database_queue.shutdown()


@pytest.fixture
def pseudo(qapp) -> Iterator[None]:
    start_language(i18n.PSEUDO)
    yield
    start_language("en")


# Shown as they are in every language, on purpose.
NOT_TEXT = {
    "K7QXM-2HD9P-WNC4R",  # the shape of an enrollment code, as a placeholder
}


class Walk:
    """Collects untranslated text screen by screen, so one run lists all of it once."""

    def __init__(self, allowed: frozenset[str]) -> None:
        self.allowed = allowed
        self.found: dict[tuple[str, str], str] = {}
        self.screens: list[str] = []

    def check(self, screen: str, windows: list[QWidget] | None = None) -> None:
        self.screens.append(screen)
        for where, text in untranslated(windows or visible_windows(), self.allowed).items():
            if text not in NOT_TEXT:
                self.found.setdefault((where, text), screen)

    def report(self) -> str:
        return "\n".join(
            f"{screen}: {where}: {text!r}" for (where, text), screen in sorted(self.found.items())
        )


def _window(qtbot, queue: DatabaseQueue, demo: OpenProfile) -> MainWindow:
    window = MainWindow(demo, queue)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, queue)
    return window


def _close(qtbot, queue: DatabaseQueue, widget: QWidget | None) -> None:
    if widget is not None:
        widget.close()
        settle(qtbot, queue)


def test_every_main_screen_shows_only_catalog_text_or_data(
    qtbot, queue, demo, passphrase, pseudo, tmp_path
):
    folders = [str(demo.folder), str(tmp_path / "new")]
    # Yes/No answers are survey content, shown in the respondent's language.
    answers = [label for choice in YES_NO_CHOICES for label in choice.label.values()]
    walk = Walk(data_words(demo, extra=[passphrase, "Okafor", "Amara", *folders, *answers]))
    window = _window(qtbot, queue, demo)
    for key in PAGE_KEYS:
        window.show_page(key)
        settle(qtbot, queue)
        walk.check(f"page {key}")

    window.log_conversation()  # Ctrl+N
    settle(qtbot, queue)
    walk.check("conversation form")
    form = window.conversations_page.form
    qtbot.keyClicks(form.picker.search, "a")
    settle(qtbot, queue)
    qtbot.keyClick(form.picker.search, Qt.Key.Key_Return)
    settle(qtbot, queue)
    walk.check("conversation form with a resident")
    qtbot.keyClick(form, Qt.Key.Key_Escape)  # asks what to do with what was typed
    settle(qtbot, queue)
    walk.check("conversation form: stop logging?")
    form.discard()
    settle(qtbot, queue)

    window.new_resident()  # Ctrl+Shift+N
    settle(qtbot, queue)
    walk.check("resident form")
    _close(qtbot, queue, window.resident_window)

    resident_id = first_resident(demo)
    window.open_resident(resident_id)
    settle(qtbot, queue)
    walk.check("resident profile")
    _close(qtbot, queue, window.resident_window)

    dialog = EnrollmentDialog(queue, demo, resident_id, parent=window)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.ready, timeout=20000)
    settle(qtbot, queue)
    walk.check("enrollment dialog: program")
    qtbot.keyClicks(dialog.picker.search, "calfresh")
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)
    settle(qtbot, queue)
    walk.check("enrollment dialog: checklist")
    dialog._discard_drafts()
    dialog.dirty = False
    dialog.reject()
    settle(qtbot, queue)

    window.show_page("surveys")
    page = window.surveys_page
    qtbot.waitUntil(lambda: bool(page.cards), timeout=20000)
    page.cards[0].anonymous_button.click()
    qtbot.waitUntil(lambda: page.form is not None and page.form.isVisible(), timeout=20000)
    settle(qtbot, queue)
    walk.check("survey form")
    page.form.close_form()
    settle(qtbot, queue)

    window.import_residents()  # Ctrl+I
    settle(qtbot, queue)
    walk.check("import: choose a file")
    importer = window.import_dialog
    qtbot.keyClicks(importer.choose.path_edit, str(sample_csv(tmp_path)))
    qtbot.keyClick(importer.choose.path_edit, Qt.Key.Key_Return)
    settle(qtbot, queue)
    walk.check("import: columns")
    qtbot.mouseClick(importer.mapping.check_button, Qt.MouseButton.LeftButton)
    settle(qtbot, queue)
    walk.check("import: check rows")
    _close(qtbot, queue, importer)

    window.export_records()  # Ctrl+E
    settle(qtbot, queue)
    walk.check("export")
    _close(qtbot, queue, window.export_dialog)

    enroll = EnrollDialog(queue, demo, parent=window)
    enroll.show()
    settle(qtbot, queue)
    walk.check("enroll this laptop with HQ")
    _close(qtbot, queue, enroll)

    lock = AppLock(
        queue,
        lambda typed: profile.passphrase_opens(demo.folder, typed),
        main_window=window,
        user=demo.actor.user,
        timeout_ms=60 * 60 * 1000,
        parent=window,
    )
    lock.lock()
    settle(qtbot, queue)
    walk.check("idle lock")
    qtbot.keyClicks(lock.form_panel.passphrase, "not the passphrase")
    qtbot.keyClick(lock.form_panel.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: lock.form_panel.error.isVisible(), timeout=20000)
    walk.check("idle lock: wrong passphrase")
    lock.form_panel.passphrase.clear()
    qtbot.keyClicks(lock.form_panel.passphrase, passphrase)
    qtbot.keyClick(lock.form_panel.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not lock.is_locked, timeout=20000)
    lock.stop()
    window.close()

    for folder, screen in ((demo.folder, "unlock"), (tmp_path / "new", "create a profile")):
        unlock = UnlockDialog(folder, queue)
        qtbot.addWidget(unlock)
        unlock.show()
        qtbot.waitExposed(unlock)
        walk.check(screen, [unlock])
        qtbot.keyClicks(unlock.passphrase, "short")
        qtbot.keyClick(unlock.passphrase, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda dialog=unlock: dialog.error.isVisible(), timeout=20000)
        walk.check(f"{screen}: problem", [unlock])
        unlock.close()

    assert len(walk.screens) >= 20
    assert not walk.found, "Text that did not come through the catalog:\n" + walk.report()
