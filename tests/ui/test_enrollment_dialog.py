"""The enrollment dialog, driven with the keyboard on a real encrypted profile."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWidget

from ocpsc_field.core.records import Kind
from ocpsc_field.store import journal
from ocpsc_field.store.enrollments import DRAFT_FORM, find_draft
from ocpsc_field.store.reference_data import load_programs
from ocpsc_field.ui.enrollment_dialog import EnrollmentDialog
from ocpsc_field.ui.tasks import DatabaseQueue
from tests.ui.mnemonics import assert_unique_mnemonics

RESIDENT = {
    "given_name": "María José",
    "family_name": "Hernández",
    "preferred_language": "es",
    "county": "Fresno",
}


@pytest.fixture
def queue(opened) -> Iterator[DatabaseQueue]:
    """Depends on ``opened`` so the worker stops before the profile is closed."""
    database_queue = DatabaseQueue()
    yield database_queue
    database_queue.shutdown()


def on_queue(qtbot, queue: DatabaseQueue, job) -> Any:
    outcome: dict[str, Any] = {}
    queue.run(
        job,
        success=lambda result: outcome.update(result=result),
        failure=lambda error: outcome.update(error=error),
    )
    qtbot.waitUntil(lambda: "result" in outcome or "error" in outcome)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


@pytest.fixture
def resident_id(qtbot, queue, opened) -> str:
    def job() -> str:
        with opened.database.transaction():
            for program in load_programs():
                opened.records.put_reference(Kind.PROGRAM, program)
        return opened.records.create(Kind.RESIDENT, RESIDENT).record["id"]

    return on_queue(qtbot, queue, job)


def program_id(qtbot, queue, opened, code: str) -> str:
    programs = on_queue(qtbot, queue, lambda: list(opened.records.iter_all(Kind.PROGRAM)))
    return next(p["id"] for p in programs if p["code"] == code)


def open_dialog(qtbot, queue, opened, resident_id, enrollment_id=None) -> EnrollmentDialog:
    dialog = EnrollmentDialog(queue, opened, resident_id, enrollment_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.ready)
    return dialog


def finish(qtbot, queue, dialog: EnrollmentDialog) -> dict:
    """Wait for the dialog to save and close; return the stored record."""
    qtbot.waitUntil(lambda: dialog.result() == EnrollmentDialog.DialogCode.Accepted)
    qtbot.waitUntil(lambda: not queue.busy)
    assert dialog.record is not None
    return dialog.record


def test_enroll_in_calfresh_with_the_keyboard_then_approve(qtbot, queue, opened, resident_id):
    dialog = open_dialog(qtbot, queue, opened, resident_id)
    assert dialog.title.text() == "Enroll María José Hernández in a program"
    picker = dialog.picker
    assert picker.search.hasFocus()

    # Pick the program by typing part of its name; Enter chooses the first match.
    qtbot.keyClicks(picker.search, "calfr")
    assert picker.model.rowCount() == 1
    assert picker.model.index(0, 0).data().startswith("CalFresh\n")
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert dialog.pages.currentWidget() is dialog.form_area
    editor = dialog.editor
    assert editor.program_title.text() == "CalFresh"

    # Tick the whole eligibility checklist: Space ticks, Tab moves on, in visual order.
    checks = list(editor.eligibility_checks.values())
    assert [c.label.text() for c in checks][0] == "Lives in California"
    for check in checks:
        assert check.box.hasFocus()
        qtbot.keyClick(check.box, Qt.Key.Key_Space)
        qtbot.keyClick(check.box, Qt.Key.Key_Tab)

    # Then the status: only "started" and "submitted" are offered to a new enrollment.
    assert list(editor.status_buttons) == ["started", "submitted"]
    started = editor.status_buttons["started"]
    assert started.hasFocus() and started.isChecked()
    assert not editor.submitted_on.isVisible() and not editor.reference_number.isVisible()
    qtbot.keyClick(started, Qt.Key.Key_Down)
    assert editor.status_buttons["submitted"].isChecked()
    assert editor.submitted_on.isVisible() and editor.reference_number.isVisible()
    assert not editor.decided_on.isVisible()

    # Tab through the dates (today by default) to the reference number.
    qtbot.keyClick(editor.status_buttons["submitted"], Qt.Key.Key_Tab)
    assert editor.started_on.hasFocus()
    qtbot.keyClick(editor.started_on, Qt.Key.Key_Tab)
    assert editor.submitted_on.hasFocus()
    qtbot.keyClick(editor.submitted_on, Qt.Key.Key_Tab)
    assert editor.reference_number.hasFocus()
    qtbot.keyClicks(editor.reference_number, "CF-2024-0042")
    qtbot.keyClick(editor.reference_number, Qt.Key.Key_Return)
    record = finish(qtbot, queue, dialog)

    today = date.today().isoformat()
    stored = on_queue(qtbot, queue, lambda: opened.records.get(Kind.ENROLLMENT, record["id"]))
    calfresh = program_id(qtbot, queue, opened, "calfresh")
    assert stored["resident_id"] == resident_id and stored["program_id"] == calfresh
    assert (stored["status"], stored["started_on"], stored["submitted_on"]) == (
        "submitted",
        today,
        today,
    )
    assert stored["decided_on"] is None
    assert stored["reference_number"] == "CF-2024-0042"
    assert stored["eligibility_answers"] == {
        "ca_resident": True,
        "income_limit": True,
        "qualifying_member": True,
    }
    assert set(stored["documents"].values()) == {"missing"}
    assert len(stored["documents"]) == 5
    draft = on_queue(qtbot, queue, lambda: find_draft(opened.drafts, resident_id))
    assert draft is None  # the draft went with the save

    # Open it again: the next steps from "submitted" are offered, approve it.
    again = open_dialog(qtbot, queue, opened, resident_id, record["id"])
    assert again.title.text() == "CalFresh for María José Hernández"
    editor = again.editor
    assert list(editor.status_buttons) == ["submitted", "approved", "denied", "withdrawn"]
    assert_unique_mnemonics(again)
    assert not editor.change_program.isVisible()
    assert editor.status_buttons["submitted"].hasFocus()
    qtbot.keyClick(editor.status_buttons["submitted"], Qt.Key.Key_Down)
    assert editor.status_buttons["approved"].isChecked()
    assert editor.decided_on.isVisible()
    photo_id = editor.document_checks["photo_id"]
    qtbot.mouseClick(photo_id.label, Qt.MouseButton.LeftButton)  # the label ticks its box
    assert photo_id.box.isChecked()
    assert editor.documents_summary.text() == "1 of 5 documents received."
    qtbot.keyClick(again, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    approved = finish(qtbot, queue, again)

    assert (approved["status"], approved["decided_on"], approved["rev"]) == ("approved", today, 2)
    ops = on_queue(
        qtbot, queue, lambda: journal.ops_for(opened.database, "enrollment", record["id"])
    )
    assert [(op.op, op.rev) for op in ops] == [("create", 1), ("update", 2)]
    assert ops[0].fields["status"] == "submitted"
    assert ops[0].fields["reference_number"] == "CF-2024-0042"
    assert ops[1].fields == {
        "status": "approved",
        "decided_on": today,
        "documents": {**stored["documents"], "photo_id": "received"},
    }


def test_an_illegal_transition_is_not_offered(qtbot, queue, opened, resident_id):
    calfresh = program_id(qtbot, queue, opened, "calfresh")
    started = on_queue(
        qtbot,
        queue,
        lambda: (
            opened.records.create(
                Kind.ENROLLMENT,
                {
                    "resident_id": resident_id,
                    "program_id": calfresh,
                    "status": "started",
                    "started_on": "2024-03-01",
                },
            ).record
        ),
    )
    dialog = open_dialog(qtbot, queue, opened, resident_id, started["id"])
    offered = dialog.editor.status_buttons
    # Approved and denied need a submitted application first.
    assert list(offered) == ["started", "submitted", "withdrawn"]
    assert all(button.isVisibleTo(dialog) for button in offered.values())
    assert "approved" not in offered and "denied" not in offered

    approved = on_queue(
        qtbot,
        queue,
        lambda: (
            opened.records.update(
                Kind.ENROLLMENT,
                started["id"],
                {"status": "withdrawn"},
            ).record
        ),
    )
    closed = open_dialog(qtbot, queue, opened, resident_id, approved["id"])
    assert list(closed.editor.status_buttons) == ["withdrawn"]
    assert "keep their status" in closed.editor.current_status.text()


def test_a_bad_date_is_shown_inline_and_keeps_what_was_typed(qtbot, queue, opened, resident_id):
    dialog = open_dialog(qtbot, queue, opened, resident_id)
    qtbot.keyClicks(dialog.picker.search, "medi-cal")
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)
    editor = dialog.editor
    assert editor.program_title.text() == "Medi-Cal"
    editor.status_buttons["started"].setFocus()
    qtbot.keyClick(editor.status_buttons["started"], Qt.Key.Key_Down)
    assert editor.status_buttons["submitted"].isChecked()
    qtbot.keyClicks(editor.reference_number, "MC-77")
    editor.started_on.setDate(QDate(2024, 5, 10))
    editor.submitted_on.setDate(QDate(2024, 5, 1))  # before the start: refused
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.errors["submitted_on"].isVisible())
    qtbot.waitUntil(lambda: not queue.busy)

    assert editor.errors["submitted_on"].text() == (
        "The submission date can't be before the start date."
    )
    assert dialog.problem.isVisible()
    assert editor.submitted_on.hasFocus()
    assert dialog.isVisible() and dialog.record is None
    # Everything typed is still there, and kept as a draft; nothing was written.
    assert editor.reference_number.text() == "MC-77"
    assert editor.submitted_on.date() == QDate(2024, 5, 1)
    assert on_queue(qtbot, queue, lambda: opened.records.count(Kind.ENROLLMENT)) == 0
    draft = on_queue(qtbot, queue, lambda: find_draft(opened.drafts, resident_id))
    assert draft is not None and draft.payload["reference_number"] == "MC-77"

    # Corrected, it saves.
    editor.submitted_on.setDate(QDate(2024, 5, 12))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    record = finish(qtbot, queue, dialog)
    assert (record["started_on"], record["submitted_on"]) == ("2024-05-10", "2024-05-12")


def test_a_draft_comes_back_when_the_dialog_is_opened_again(qtbot, queue, opened, resident_id):
    wic = program_id(qtbot, queue, opened, "wic")
    on_queue(
        qtbot,
        queue,
        lambda: opened.drafts.save(
            DRAFT_FORM,
            {
                "program_id": wic,
                "status": "started",
                "started_on": "2024-06-03",
                "notes": "Call back after 5pm",
                "eligibility_answers": {},
                "documents": {},
            },
            target_id=resident_id,
        ),
    )
    dialog = open_dialog(qtbot, queue, opened, resident_id)
    assert dialog.pages.currentWidget() is dialog.form_area  # straight to the form
    assert dialog.restored.isVisible()
    assert dialog.editor.program_title.text() == "WIC (Women, Infants & Children)"
    assert dialog.editor.notes.toPlainText() == "Call back after 5pm"
    assert dialog.editor.started_on.date() == QDate(2024, 6, 3)


def test_no_program_matches_explains_what_to_try(qtbot, queue, opened, resident_id):
    dialog = open_dialog(qtbot, queue, opened, resident_id)
    qtbot.keyClicks(dialog.picker.search, "zzqx")
    assert dialog.picker.empty.isVisible()
    assert dialog.picker.empty.text().startswith("No program matches “zzqx”.")
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)
    assert dialog.pages.currentWidget() is dialog.picker  # nothing to choose, nothing happens


def test_every_control_has_an_accessible_name(qtbot, queue, opened, resident_id):
    dialog = open_dialog(qtbot, queue, opened, resident_id)
    assert_unique_mnemonics(dialog)
    qtbot.keyClicks(dialog.picker.search, "calfresh")
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)
    assert_unique_mnemonics(dialog)  # "S&tarted" and "&Save" now both shown
    unnamed = [
        f"{type(widget).__name__} in {type(widget.parent()).__name__}"
        for widget in dialog.findChildren(QWidget)
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and not widget.accessibleName()
    ]
    assert unnamed == []
    qtbot.waitUntil(lambda: not queue.busy)
