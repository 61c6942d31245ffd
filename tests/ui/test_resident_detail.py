"""The resident's page: profile, consent, one timeline with sync states, and its actions
(edit, log a conversation, enroll, delete with undo)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt

from ocpsc_field.core.records import Kind
from ocpsc_field.ui.main_window import MainWindow
from ocpsc_field.ui.resident_detail import ResidentDetail
from ocpsc_field.ui.resident_form import ResidentForm
from ocpsc_field.ui.resident_timeline import TimelineModel
from ocpsc_field.ui.tasks import DatabaseQueue

T = TimelineModel


@pytest.fixture
def queue(opened) -> Iterator[DatabaseQueue]:
    database_queue = DatabaseQueue()
    yield database_queue
    database_queue.shutdown()


def settle(qtbot, queue: DatabaseQueue) -> None:
    qtbot.waitUntil(lambda: not queue.busy)


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
def ana(qtbot, queue, opened) -> str:
    """A resident with two conversations (one sent, one refused by HQ) and an enrollment."""

    def job() -> str:
        opened.records.put_reference(
            Kind.PROGRAM, {"code": "calfresh", "name": {"en": "CalFresh", "es": "CalFresh"}}
        )
        program = next(opened.records.iter_all(Kind.PROGRAM))["id"]
        resident = opened.records.create(
            Kind.RESIDENT,
            {
                "given_name": "Ana",
                "family_name": "Ruiz",
                "preferred_language": "es",
                "phone": "(559) 555-0130",
                "household_size": 4,
                "consent_contact": True,
                "consent_date": "2024-03-01",
            },
        ).record["id"]
        ids = []
        for when, outcome, follow_up in (
            ("2024-03-01T17:00:00Z", "reached", None),
            ("2024-05-02T16:00:00Z", "follow_up", "2024-05-09"),
        ):
            values = {
                "occurred_at": when,
                "resident_id": resident,
                "channel": "door",
                "language": "es",
                "outcome": outcome,
                "programs_discussed": [program],
            }
            if follow_up:
                values["follow_up_date"] = follow_up
            ids.append(opened.records.create(Kind.CONTACT_LOG, values).record["id"])
        enrollment = opened.records.create(
            Kind.ENROLLMENT,
            {
                "resident_id": resident,
                "program_id": program,
                "status": "submitted",
                "started_on": "2024-04-01",
                "submitted_on": "2024-04-20",
            },
        )
        assert enrollment.ok, enrollment.errors
        with opened.database.transaction():
            opened.database.execute("DELETE FROM journal WHERE record_id = ?", (ids[0],))
            opened.database.execute(
                "UPDATE journal SET state = 'quarantined', reason = ? WHERE record_id = ?",
                ("HQ no longer offers this program.", ids[1]),
            )
        return resident

    return on_queue(qtbot, queue, job)


def make_window(qtbot, queue, opened) -> MainWindow:
    window = MainWindow(opened, queue)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, queue)
    return window


def open_detail(qtbot, queue, window, resident_id: str) -> ResidentDetail:
    window.open_resident(resident_id)
    detail = window.resident_window
    assert isinstance(detail, ResidentDetail)
    qtbot.waitUntil(lambda: detail.resident is not None)
    settle(qtbot, queue)
    return detail


def cell(detail: ResidentDetail, row: int, column: int) -> str:
    return detail.timeline.index(row, column).data()


def form_values(detail: ResidentDetail) -> dict[str, str]:
    values = {}
    for layout in (detail.profile, detail.household):
        for row in range(layout.rowCount()):
            label = layout.itemAt(row, layout.ItemRole.LabelRole).widget().text()
            values[label] = layout.itemAt(row, layout.ItemRole.FieldRole).widget().text()
    return values


def test_profile_consent_and_one_timeline_newest_first(qtbot, queue, opened, ana):
    window = make_window(qtbot, queue, opened)
    detail = open_detail(qtbot, queue, window, ana)
    assert detail.heading.text() == "Ana Ruiz"
    assert detail.standing.text() == "Saved on this laptop"
    values = form_values(detail)
    assert values["Phone"] == "(559) 555-0130"
    assert values["Preferred language"] == "Spanish"
    assert values["Household"] == "4 people"
    assert values["May we contact them?"] == "Yes"
    assert values["May we share their information?"] == "Not asked yet"
    assert values["Date the answers were recorded"] == "Mar 1, 2024"
    assert values["Email"] == "Not given"

    assert detail.timeline.rowCount() == 3
    assert detail.timeline_title.text() == "Timeline: 3 records"
    assert [cell(detail, row, T.COL_KIND) for row in range(3)] == [
        "Conversation",
        "Enrollment",
        "Conversation",
    ]
    assert cell(detail, 0, T.COL_WHAT) == (
        "Follow-up needed · Door · in Spanish · talked about CalFresh · follow up by May 9, 2024"
    )
    assert cell(detail, 0, T.COL_STATE) == "Needs attention: HQ no longer offers this program."
    assert cell(detail, 1, T.COL_WHAT) == "CalFresh: Submitted"
    assert cell(detail, 1, T.COL_WHEN) == "Apr 20, 2024"
    assert cell(detail, 1, T.COL_STATE) == "Saved on this laptop"
    assert cell(detail, 2, T.COL_STATE) == "Sent"
    detail.reject()


def test_edit_from_the_detail_updates_it(qtbot, queue, opened, ana):
    window = make_window(qtbot, queue, opened)
    detail = open_detail(qtbot, queue, window, ana)
    qtbot.keyClick(detail, Qt.Key.Key_F2)
    form = detail.form
    assert isinstance(form, ResidentForm)
    qtbot.waitUntil(lambda: form.ready)
    qtbot.keyClick(form, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClicks(form.fields.inputs["city"], "Fresno")
    qtbot.keyClick(form.fields.inputs["city"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form_values(detail).get("Address") == "Fresno")
    record = on_queue(qtbot, queue, lambda: opened.records.get(Kind.RESIDENT, ana))
    assert record["city"] == "Fresno" and record["rev"] == 2
    detail.reject()


def test_log_a_conversation_hands_the_resident_to_the_window(qtbot, queue, opened, ana):
    window = make_window(qtbot, queue, opened)
    detail = open_detail(qtbot, queue, window, ana)
    with qtbot.waitSignal(detail.log_conversation) as signal:
        qtbot.mouseClick(detail.log_button, Qt.MouseButton.LeftButton)
    assert signal.args == [ana]
    assert window.current_page_key() == "conversations"
    settle(qtbot, queue)


def test_enroll_opens_the_enrollment_dialog_for_this_resident(qtbot, queue, opened, ana):
    window = make_window(qtbot, queue, opened)
    detail = open_detail(qtbot, queue, window, ana)
    assert detail.enroll_button.isVisible()
    qtbot.mouseClick(detail.enroll_button, Qt.MouseButton.LeftButton)
    dialog = detail.enrollment
    assert dialog is not None and dialog.isVisible()
    assert dialog.resident_id == ana
    settle(qtbot, queue)
    dialog.reject()
    detail.reject()


def test_delete_then_undo_with_ctrl_z(qtbot, queue, opened, ana):
    window = make_window(qtbot, queue, opened)
    detail = open_detail(qtbot, queue, window, ana)
    qtbot.keyClick(detail, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: not shiboken6.isValid(detail) or not detail.isVisible())
    page = window.residents_page
    assert window.current_page_key() == "residents"
    qtbot.waitUntil(lambda: page.message.isVisible())
    assert page.message.label.text() == (
        "Ana Ruiz was deleted. Their records stay on this laptop until you undo."
    )
    record = on_queue(
        qtbot, queue, lambda: opened.records.get(Kind.RESIDENT, ana, include_deleted=True)
    )
    assert record["deleted"] is True
    settle(qtbot, queue)

    window.activateWindow()  # the offscreen platform does not reactivate it by itself
    qtbot.waitUntil(window.isActiveWindow)
    undo = page.message.buttons[0]
    assert undo.hasFocus() and undo.text() == "&Undo (Ctrl+Z)"
    qtbot.keyClick(undo, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.message.label.text() == "Ana Ruiz is back in the list.")
    record = on_queue(qtbot, queue, lambda: opened.records.get(Kind.RESIDENT, ana))
    assert record["deleted"] is False
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    # The delete and the undo are both on their way to HQ.
    ops = on_queue(
        qtbot,
        queue,
        lambda: opened.database.query(
            "SELECT op, fields FROM journal WHERE record_id = ? ORDER BY op_id", (ana,)
        ),
    )
    assert [op["op"] for op in ops] == ["create", "delete", "update"]


def test_a_resident_with_nothing_recorded_says_so(qtbot, queue, opened):
    result = on_queue(
        qtbot,
        queue,
        lambda: opened.records.create(
            Kind.RESIDENT, {"given_name": "Bo", "preferred_language": "en"}
        ),
    )
    window = make_window(qtbot, queue, opened)
    detail = open_detail(qtbot, queue, window, result.record["id"])
    assert detail.timeline_empty.isVisible()
    assert detail.timeline_empty.title.text() == "Nothing recorded with this resident yet."
    detail.reject()


def test_every_control_of_the_detail_is_named(qtbot, queue, opened, ana):
    from PySide6.QtWidgets import QWidget

    window = make_window(qtbot, queue, opened)
    detail = open_detail(qtbot, queue, window, ana)
    unnamed = [
        f"{type(widget).__name__} in {type(widget.parent()).__name__}"
        for widget in detail.findChildren(QWidget)
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus
        and widget.isVisibleTo(detail)
        and not widget.accessibleName()
    ]
    assert unnamed == []
    detail.reject()
