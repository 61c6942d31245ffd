"""Screenshots of the main screens in Spanish, Traditional Chinese, Vietnamese, Arabic and Khmer.

    python -m ocpsc_field.ui.shots.languages docs/screenshots

Each language is switched on the way a user does it (catalog, formats and
direction all follow), then the main screens are shot at 1280x800:
Today, a conversation being logged, a resident search, Enrollments and the
program picker (untranslated program names marked), Surveys, the resource
directory, Sync and Settings. Files are named ``language-<screen>-<tag>.png``.
They are for reviewing clipped text, boxes instead of glyphs and the mirrored
Arabic layout.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtTest import QTest

from ocpsc_field.store.session import OpenProfile
from ocpsc_field.ui.enrollment_dialog import EnrollmentDialog
from ocpsc_field.ui.main_window import MainWindow
from ocpsc_field.ui.models import ResidentTableModel
from ocpsc_field.ui.screenshots import (
    SEARCHES,
    Shooter,
    main_window,
    search,
    settle,
    shoot_on_demo,
    type_text,
    wait_until,
)
from ocpsc_field.ui.screenshots import variant as _variant
from ocpsc_field.ui.tasks import DatabaseQueue

LANGUAGES = ("es", "zh-Hant", "vi", "ar", "km")
SCREEN = QSize(1280, 800)
NOTES = "CalFresh, Medi-Cal; 5 pm."


def _conversation(shooter: Shooter, window: MainWindow, queue: DatabaseQueue, suffix: str) -> None:
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    settle(queue)
    form = window.conversations_page.form
    type_text(form.picker.search, SEARCHES["vietnamese"])
    settle(queue)
    QTest.keyClick(form.picker.search, Qt.Key.Key_Return)
    settle(queue)
    type_text(form.notes, NOTES)
    settle(queue)
    shooter.save(window, f"language-conversation{suffix}")
    form.discard()  # these are only pictures: no draft is left for the next window
    settle(queue)


def _program_picker(
    shooter: Shooter, window: MainWindow, opened: OpenProfile, queue: DatabaseQueue, suffix: str
) -> None:
    """The enrollment dialog's program list for the first resident the search found."""
    model = window.residents_page.table.model()
    resident_id = model.index(0, 0).data(ResidentTableModel.ResidentIdRole)
    if not resident_id:
        return
    dialog = EnrollmentDialog(queue, opened, resident_id, None)
    dialog.resize(dialog.sizeHint().boundedTo(SCREEN - QSize(80, 60)))
    dialog.show()
    wait_until(lambda: dialog.ready, "the enrollment dialog")
    settle(queue)
    shooter.save(dialog, f"language-program-picker{suffix}")
    dialog._discard_drafts()
    dialog.dirty = False
    dialog.reject()
    dialog.deleteLater()
    settle(queue)


def _shoot_language(
    shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue, suffix: str
) -> None:
    window = main_window(opened, queue)
    window.activateWindow()
    shooter.save(window, f"language-today{suffix}")
    _conversation(shooter, window, queue, suffix)
    search(window, queue, SEARCHES["vietnamese"])
    shooter.save(window, f"language-residents{suffix}")
    _program_picker(shooter, window, opened, queue, suffix)
    for page in ("enrollments", "surveys", "sync", "settings"):
        window.show_page(page)
        settle(queue)
        shooter.save(window, f"language-{page}{suffix}")
    window.show_page("resources")
    settle(queue)
    resources = window.resources_page
    if resources.model.rowCount():
        resources.list.setCurrentIndex(resources.model.index(0, 0))
        settle(queue)
    shooter.save(window, f"language-resources{suffix}")
    window.close()
    window.deleteLater()
    settle(queue)


def shoot(shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue) -> None:
    for tag in LANGUAGES:
        with _variant(tag) as suffix:
            _shoot_language(shooter, opened, queue, suffix)


def main(argv: list[str] | None = None) -> int:
    return shoot_on_demo(shoot, argv)


if __name__ == "__main__":
    raise SystemExit(main())
