"""The Conversations page and the Today page on a real profile, through the main window."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ocpsc_field.core.clock import now_iso
from ocpsc_field.core.records import Kind
from ocpsc_field.ui.main_window import MainWindow
from ocpsc_field.ui.pages.conversations import ConversationTableModel as Model
from ocpsc_field.ui.tasks import DatabaseQueue

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


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


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


@pytest.fixture
def history(qtbot, queue, opened) -> dict[str, Any]:
    """Two residents and four conversations: two today, one last year, one sent to HQ."""

    def job() -> dict[str, Any]:
        create = opened.records.create
        ana = create(
            Kind.RESIDENT, {"given_name": "Ana", "family_name": "Ruiz", "preferred_language": "es"}
        ).record["id"]
        bao = create(
            Kind.RESIDENT,
            {"given_name": "Quốc Bảo", "family_name": "Nguyễn", "preferred_language": "vi",
             "phone": "(714) 555-0131"},
        ).record["id"]  # fmt: skip

        def log(occurred_at: str, resident: str | None, **fields: Any) -> str:
            data = {
                "occurred_at": occurred_at,
                "resident_id": resident,
                "anonymous_household": resident is None,
                "channel": "door",
                "language": "es",
                "outcome": "reached",
                **fields,
            }
            result = create(Kind.CONTACT_LOG, data)
            assert result.ok, result.errors
            return result.record["id"]

        old = log("2024-03-01T18:00:00Z", ana, outcome="follow_up", follow_up_date="2024-03-08")
        sent = log("2024-03-02T18:00:00Z", None, channel="event")
        today = log(now_iso(), bao, channel="phone", outcome="not_home", language="vi")
        with opened.database.transaction():  # HQ acknowledged this one
            opened.database.execute("DELETE FROM journal WHERE record_id = ?", (sent,))
        return {"ana": ana, "bao": bao, "old": old, "sent": sent, "today": today}

    return on_queue(qtbot, queue, job)


@pytest.fixture
def window(qtbot, queue, opened) -> MainWindow:
    main = MainWindow(opened, queue)
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    qtbot.waitExposed(main)
    settle(qtbot, queue)
    return main


def cells(model: Model, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_my_conversations_newest_first_with_their_state_in_words(
    qtbot, queue, opened, history, window
):
    window.show_page("conversations")
    page = window.conversations_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    settle(qtbot, queue)
    assert cells(page.model, Model.COL_RESIDENT) == [
        "Nguyễn Quốc Bảo",
        "Anonymous household",
        "Ana Ruiz",
    ]
    assert cells(page.model, Model.COL_CHANNEL) == ["Phone", "Event", "Door"]
    assert cells(page.model, Model.COL_OUTCOME) == ["Not home", "Reached", "Follow-up needed"]
    assert cells(page.model, Model.COL_STATE) == [
        "Saved on this laptop",
        "Sent",
        "Saved on this laptop",
    ]
    assert "2024" in cells(page.model, Model.COL_WHEN)[2]  # not today: the date is shown
    assert page.summary.text() == "3 conversations, newest first."

    # HQ refuses one: the page says so, with the reason, after a refresh (F5).
    def quarantine() -> None:
        with opened.database.transaction():
            opened.database.execute(
                "UPDATE journal SET state = 'quarantined', reason = ? WHERE record_id = ?",
                ("the resident is not in your organization", history["old"]),
            )

    on_queue(qtbot, queue, quarantine)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(
        lambda: (
            page.model.index(2, Model.COL_STATE).data()
            == "Needs attention: the resident is not in your organization"
        )
    )


def test_filters_by_period_and_outcome_with_empty_states(qtbot, queue, history, window):
    window.show_page("conversations")
    page = window.conversations_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    page.period.setCurrentIndex(page.period.findData("today"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.summary.text() == "1 conversation today, newest first."
    page.outcome.setCurrentIndex(page.outcome.findData("moved"))
    qtbot.waitUntil(lambda: page.empty_state.isVisible())
    assert page.empty_state.title.text() == "No conversations match these filters."
    page.outcome.setCurrentIndex(0)
    page.period.setCurrentIndex(page.period.findData("all"))
    page.outcome.setCurrentIndex(page.outcome.findData("follow_up"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.table.isVisible())
    assert cells(page.model, Model.COL_RESIDENT) == ["Ana Ruiz"]


def test_empty_page_explains_and_offers_ctrl_n(qtbot, queue, window):
    window.show_page("conversations")
    page = window.conversations_page
    qtbot.waitUntil(lambda: page.empty_state.isVisible())
    assert page.empty_state.title.text() == "No conversations logged on this laptop yet."
    assert page.empty_state.body.text().endswith("Press Ctrl+N to log one.")
    assert page.empty_state.button.isVisible()


def test_log_a_correction_points_to_the_original(qtbot, queue, opened, history, window):
    window.show_page("conversations")
    page = window.conversations_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_Home)  # the first row: today's call to Nguyễn Quốc Bảo
    assert page.table.currentIndex().row() == 0
    assert page.correct_button.isEnabled()
    press(qtbot, Qt.Key.Key_R, ALT)  # Log a correction
    form = page.form
    settle(qtbot, queue)
    qtbot.waitUntil(lambda: form.isVisible() and form.picker.resident is not None)
    assert form.title.text() == "Log a correction"
    assert form.correction_note.isVisible()
    assert (form.channel.value(), form.outcome.value()) == ("phone", "not_home")
    assert form.language.language() == "vi"

    press(qtbot, Qt.Key.Key_R, ALT)  # in fact they were reached
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.result.isVisible())
    settle(qtbot, queue)
    logs = on_queue(qtbot, queue, lambda: list(opened.records.iter_all(Kind.CONTACT_LOG)))
    [correction] = [log for log in logs if log["corrects_id"]]
    original = next(log for log in logs if log["id"] == history["today"])
    assert correction["corrects_id"] == history["today"]
    assert correction["occurred_at"] == original["occurred_at"]
    assert (correction["outcome"], original["outcome"]) == ("reached", "not_home")
    assert correction["resident_id"] == history["bao"]

    press(qtbot, Qt.Key.Key_Escape)  # back to the list
    qtbot.waitUntil(lambda: page.table.isVisible() and page.model.rowCount() == 4)
    settle(qtbot, queue)
    outcomes = cells(page.model, Model.COL_OUTCOME)
    assert "Not home (corrected later)" in outcomes


def test_ctrl_n_from_anywhere_and_the_today_page_follows(qtbot, queue, opened, history, window):
    home = window.home_page
    qtbot.waitUntil(lambda: home.today_model.rowCount() == 1)
    assert home.outcomes.text() == "1 conversation today: Not home: 1"
    # Ana's follow-up from March 2024 is overdue and still open.
    qtbot.waitUntil(lambda: home.follow_up_model.rowCount() == 1)
    assert home.follow_up_model.index(0, 0).data() == "Ana Ruiz"
    assert "(overdue)" in home.follow_up_model.index(0, 1).data()
    assert window.waiting_label.text() == "4 records waiting to be sent"

    window.show_page("residents")
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    form = window.conversations_page.form
    assert window.current_page_key() == "conversations"
    qtbot.waitUntil(lambda: form.picker.search.hasFocus())
    settle(qtbot, queue)
    qtbot.keyClicks(form.picker.search, "ana")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.picker.resident_id == history["ana"])
    press(qtbot, Qt.Key.Key_D, ALT)
    press(qtbot, Qt.Key.Key_R, ALT)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.waiting_label.text() == "5 records waiting to be sent")

    window.show_page("today")
    qtbot.waitUntil(lambda: home.today_model.rowCount() == 2)
    assert home.outcomes.text() == "2 conversations today: Reached: 1 and Not home: 1"
    # Talking to Ana again closes her follow-up.
    qtbot.waitUntil(lambda: home.follow_up_empty.isVisible())
    assert home.follow_up_empty.title.text() == "No follow-ups due."


def test_enter_on_a_follow_up_logs_a_conversation_with_that_resident(qtbot, queue, history, window):
    home = window.home_page
    qtbot.waitUntil(lambda: home.follow_up_model.rowCount() == 1)
    home.follow_up_table.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    form = window.conversations_page.form
    qtbot.waitUntil(lambda: form.picker.resident_id == history["ana"])
    assert window.current_page_key() == "conversations"
    assert form.language.language() == "es"


def test_today_page_when_nothing_happened_today(qtbot, queue, window):
    home = window.home_page
    qtbot.waitUntil(lambda: home.today_empty.isVisible())
    assert home.today_empty.title.text() == "No conversations today."
    assert home.outcomes.text() == "No conversations today yet."
    assert home.follow_up_empty.isVisible()
