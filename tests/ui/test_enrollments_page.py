"""The Enrollments page: every application in words, filters, paging, continuing one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from ocpsc_field.core.records import Kind
from ocpsc_field.store.reference_data import load_programs
from ocpsc_field.ui.main_window import MainWindow
from ocpsc_field.ui.pages.enrollments import EnrollmentsPage, EnrollmentTableModel

M = EnrollmentTableModel


@pytest.fixture
def queue(opened) -> Iterator:
    """Depends on ``opened`` so the worker stops before the profile is closed."""
    from ocpsc_field.ui.tasks import DatabaseQueue

    database_queue = DatabaseQueue()
    yield database_queue
    database_queue.shutdown()


def settle(qtbot, queue) -> None:
    qtbot.waitUntil(lambda: not queue.busy)


def on_queue(qtbot, queue, job) -> Any:
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


def seed(opened, extra: int = 0) -> dict[str, Any]:
    """Programs, two residents and three enrollments: waiting, sent and refused by HQ."""
    with opened.database.transaction():
        for program in load_programs():
            opened.records.put_reference(Kind.PROGRAM, program)
    programs = {p["code"]: p["id"] for p in opened.records.iter_all(Kind.PROGRAM)}
    ana = opened.records.create(
        Kind.RESIDENT, {"given_name": "Ana", "family_name": "Ruiz", "preferred_language": "es"}
    ).record["id"]
    bao = opened.records.create(
        Kind.RESIDENT,
        {"given_name": "Quốc Bảo", "family_name": "Nguyễn", "preferred_language": "vi"},
    ).record["id"]

    def enroll(resident: str, code: str, **values: Any) -> str:
        data = {"resident_id": resident, "program_id": programs[code], **values}
        result = opened.records.create(Kind.ENROLLMENT, data)
        assert result.ok, result.errors
        return result.record["id"]

    waiting = enroll(ana, "calfresh", status="started", started_on="2024-03-01")
    sent = enroll(
        bao, "medi_cal", status="submitted", started_on="2024-03-02", submitted_on="2024-03-04"
    )
    refused = enroll(
        ana, "wic", status="submitted", started_on="2024-03-05", submitted_on="2024-03-05"
    )
    with opened.database.transaction():
        opened.database.execute("DELETE FROM journal WHERE record_id = ?", (sent,))
        opened.database.execute(
            "UPDATE journal SET state = 'quarantined', reason = 'Unknown clinic code' "
            "WHERE record_id = ?",
            (refused,),
        )
    opened.records.create_many(
        Kind.ENROLLMENT,
        [
            {
                "resident_id": bao,
                "program_id": programs["liheap"],
                "status": "started",
                "started_on": "2024-01-01",
            }
        ]
        * extra,
    )
    return {"ana": ana, "waiting": waiting, "sent": sent, "refused": refused}


def enrollments_page(qtbot, queue, opened) -> tuple[MainWindow, EnrollmentsPage]:
    window = MainWindow(opened, queue)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, queue)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "enrollments"
    settle(qtbot, queue)
    page = window.pages["enrollments"]
    assert isinstance(page, EnrollmentsPage)
    return window, page


def cells(page: EnrollmentsPage, row: int) -> list[str]:
    return [page.model.index(row, column).data() for column in range(M.COLUMN_COUNT)]


def test_every_enrollment_in_words_newest_first(qtbot, queue, opened):
    ids = on_queue(qtbot, queue, lambda: seed(opened))
    _window, page = enrollments_page(qtbot, queue, opened)
    assert page.table.isVisible()
    assert page.summary.text() == (
        "3 enrollments on this laptop, newest first. Press Enter to open one."
    )
    assert [page.model.index(r, 0).data(M.EnrollmentIdRole) for r in range(3)] == [
        ids["refused"],
        ids["sent"],
        ids["waiting"],
    ]
    assert cells(page, 1) == [
        "Nguyễn Quốc Bảo",
        "Medi-Cal",
        "Submitted",
        "Mar 2, 2024",
        "Mar 4, 2024",
        "",
        "Sent to HQ",
    ]
    assert page.model.index(1, M.COL_SYNC).data(Qt.ItemDataRole.ToolTipRole) == (
        "HQ has this enrollment."
    )
    assert cells(page, 2)[2:] == [
        "Started",
        "Mar 1, 2024",
        "",
        "",
        "Waiting to be sent",
    ]
    assert cells(page, 0)[6] == "Needs attention"
    assert page.model.index(0, M.COL_SYNC).data(Qt.ItemDataRole.ToolTipRole) == (
        "HQ could not accept this enrollment: Unknown clinic code"
    )


def test_filter_by_status_and_program_with_the_keyboard(qtbot, queue, opened):
    on_queue(qtbot, queue, lambda: seed(opened))
    _window, page = enrollments_page(qtbot, queue, opened)
    assert [page.program_filter.itemText(i) for i in range(page.program_filter.count())] == [
        "All programs",
        "CalFresh",
        "Medi-Cal",
        "WIC (Women, Infants & Children)",
    ]
    assert page.status_filter.accessibleName() == "Status"
    assert page.program_filter.view().accessibleName() == "Program"
    page.status_filter.setFocus()
    qtbot.keyClicks(page.status_filter, "Sub")
    assert page.status_filter.currentData() == "submitted"
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    settle(qtbot, queue)
    assert {cells(page, r)[2] for r in range(2)} == {"Submitted"}
    assert page.summary.text() == "2 of 3 enrollments match these filters."

    qtbot.keyClick(page.status_filter, Qt.Key.Key_Tab)
    assert page.program_filter.hasFocus()
    qtbot.keyClicks(page.program_filter, "Medi")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    settle(qtbot, queue)
    assert cells(page, 0)[:3] == ["Nguyễn Quốc Bảo", "Medi-Cal", "Submitted"]
    assert page.summary.text() == "1 of 3 enrollments matches these filters."

    page.status_filter.setFocus()
    qtbot.keyClick(page.status_filter, Qt.Key.Key_Down)  # the next status after "Submitted"
    assert page.status_filter.currentData() == "approved"
    qtbot.waitUntil(lambda: page.empty_state.isVisible())
    assert page.empty_state.title.text() == "No enrollments match these filters."
    assert page.filters.isVisible()  # so the filters can be changed back


def test_open_an_enrollment_and_submit_it(qtbot, queue, opened):
    ids = on_queue(qtbot, queue, lambda: seed(opened))
    window, page = enrollments_page(qtbot, queue, opened)
    page.table.setFocus()
    page.table.selectRow(2)  # Ana's CalFresh, still started
    assert page.table.currentIndex().data(M.EnrollmentIdRole) == ids["waiting"]
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.ready)
    assert dialog.title.text() == "CalFresh for Ana Ruiz"
    started = dialog.editor.status_buttons["started"]
    assert started.hasFocus()
    qtbot.keyClick(started, Qt.Key.Key_Down)
    assert dialog.editor.status_buttons["submitted"].isChecked()
    qtbot.keyClicks(dialog.editor.reference_number, "CF-9001")
    qtbot.keyClick(dialog.editor.reference_number, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: cells(page, 2)[2] == "Submitted")
    settle(qtbot, queue)
    stored = on_queue(qtbot, queue, lambda: opened.records.get(Kind.ENROLLMENT, ids["waiting"]))
    assert (stored["status"], stored["reference_number"], stored["rev"]) == (
        "submitted",
        "CF-9001",
        2,
    )
    # The status bar counts the new op too: 2 residents, 2 enrollments and this update.
    qtbot.waitUntil(
        lambda: (
            window.waiting_label.text()
            == "5 records are waiting to be sent. 1 record needs attention."
        )
    )


def test_more_rows_are_read_as_the_list_scrolls(qtbot, queue, opened):
    on_queue(qtbot, queue, lambda: seed(opened, extra=247))
    _window, page = enrollments_page(qtbot, queue, opened)
    assert page.model.rowCount() == 100
    assert page.summary.text().startswith("250 enrollments on this laptop")
    while page.model.rowCount() < 250:
        count = page.model.rowCount()
        page.table.scrollToBottom()
        qtbot.waitUntil(lambda count=count: page.model.rowCount() > count)
        settle(qtbot, queue)
    ids = [page.model.index(r, 0).data(M.EnrollmentIdRole) for r in range(250)]
    assert len(set(ids)) == 250
    assert not page.model.canFetchMore()


def test_empty_state_says_how_to_enroll_someone(qtbot, queue, opened):
    window, page = enrollments_page(qtbot, queue, opened)
    assert page.empty_state.isVisible()
    assert page.empty_state.title.text() == "No enrollments on this laptop yet."
    assert "find them (Ctrl+F), open their page" in page.empty_state.body.text()
    assert not page.filters.isVisible()
    button = page.empty_state.button
    assert button is not None and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.current_page_key() == "residents"
    settle(qtbot, queue)
