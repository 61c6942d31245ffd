"""Screenshots of the Enrollments page and the enrollment dialog.

    shoot(shooter, opened, queue)

The list of the demo enrollments; the dialog choosing a program by typing,
the CalFresh checklist being filled in with the keyboard, an inline message
for a submission dated before the start, and a submitted application offering
only its allowed next steps. Each at 1280x800, at 200% font scale and
right-to-left. Nothing is saved: drafts the dialog kept are discarded.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from ocpsc_field.store.enrollments import list_enrollments
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.ui.enrollment_dialog import EnrollmentDialog
from ocpsc_field.ui.screenshots import Shooter, main_window, settle, type_text, wait_until
from ocpsc_field.ui.screenshots import variant as _variant
from ocpsc_field.ui.tasks import DatabaseQueue

SCREEN = QSize(1280, 800)


def _on_queue(queue: DatabaseQueue, job: Any) -> Any:
    holder: dict[str, Any] = {}
    queue.run(job, success=lambda result: holder.update(result=result))
    wait_until(lambda: "result" in holder, "the database queue")
    return holder["result"]


def _dialog(
    queue: DatabaseQueue, opened: OpenProfile, resident_id: str, enrollment_id: str | None = None
) -> EnrollmentDialog:
    dialog = EnrollmentDialog(queue, opened, resident_id, enrollment_id)
    # As on a 1280x800 laptop screen: the preferred size, never larger than the screen.
    dialog.resize(dialog.sizeHint().boundedTo(SCREEN - QSize(80, 60)))
    dialog.show()
    wait_until(lambda: dialog.ready, "the enrollment dialog")
    settle(queue)
    return dialog


def _close(dialog: EnrollmentDialog, queue: DatabaseQueue) -> None:
    """Close without saving, and drop the draft it kept (these are only pictures)."""
    dialog._discard_drafts()
    dialog.dirty = False
    dialog.reject()
    settle(queue)
    dialog.deleteLater()


def _key(widget: QWidget, key: Qt.Key) -> None:
    QTest.keyClick(widget, key)


def _shoot_new(
    shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue, resident_id: str, suffix: str
) -> None:
    dialog = _dialog(queue, opened, resident_id)
    type_text(dialog.picker.search, "cal")
    settle(queue)
    shooter.save(dialog, f"enrollments-dialog-program{suffix}")

    dialog.picker.search.clear()
    type_text(dialog.picker.search, "calfresh")
    _key(dialog.picker.search, Qt.Key.Key_Return)
    editor = dialog.editor
    for check in list(editor.eligibility_checks.values())[:2]:
        _key(check.box, Qt.Key.Key_Space)
    editor.status_buttons["started"].setFocus()
    _key(editor.status_buttons["started"], Qt.Key.Key_Down)
    type_text(editor.reference_number, "CF-2024-0042")
    editor.document_checks["photo_id"].box.setChecked(True)
    settle(queue)
    dialog.form_area.verticalScrollBar().setValue(0)
    shooter.save(dialog, f"enrollments-dialog-checklist{suffix}")

    bar = dialog.form_area.verticalScrollBar()
    bar.setValue(bar.maximum())
    shooter.save(dialog, f"enrollments-dialog-documents{suffix}")
    bar.setValue(0)

    editor.started_on.setDate(QDate.currentDate())
    editor.submitted_on.setDate(QDate.currentDate().addDays(-3))
    QTest.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: editor.errors["submitted_on"].isVisible(), "the inline message")
    settle(queue)
    shooter.save(dialog, f"enrollments-dialog-error{suffix}")
    _close(dialog, queue)


def _shoot_existing(
    shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue, row: dict[str, Any], suffix: str
) -> None:
    dialog = _dialog(queue, opened, row["resident_id"], row["id"])
    editor = dialog.editor
    editor.status_buttons["approved"].setChecked(True)
    settle(queue)
    dialog.form_area.ensureWidgetVisible(editor.status_box)
    shooter.save(dialog, f"enrollments-dialog-lifecycle{suffix}")
    _close(dialog, queue)


def shoot(shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue) -> None:
    database = opened.database
    submitted = _on_queue(
        queue, lambda: list_enrollments(database, status="submitted", limit=1).rows
    )
    resident = _on_queue(queue, lambda: opened.residents.search("García López", limit=1))
    for name in ("", "200pct", "rtl"):
        with _variant(name) as suffix:
            window = main_window(opened, queue)
            window.show_page("enrollments")
            settle(queue)
            shooter.save(window, f"enrollments-page{suffix}")
            page = window.enrollments_page
            page.status_filter.setCurrentIndex(page.status_filter.findData("submitted"))
            settle(queue)
            shooter.save(window, f"enrollments-page-submitted{suffix}")
            if resident:
                _shoot_new(shooter, opened, queue, resident[0]["id"], suffix)
            if submitted:
                _shoot_existing(shooter, opened, queue, submitted[0], suffix)
            window.close()
            window.deleteLater()
            settle(queue)
