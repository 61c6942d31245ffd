"""The main window on a real profile: status in words, search, empty states, RTL.

All database work in these tests goes through the same DatabaseQueue the window
uses, as the app's threading rule requires.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ocpsc_field import app as app_module
from ocpsc_field import i18n
from ocpsc_field.core.records import Kind
from ocpsc_field.ui.main_window import MainWindow, waiting_text
from ocpsc_field.ui.tasks import DatabaseQueue

NGUYEN = {
    "family_name": "Nguyễn",
    "given_name": "Thị Hương",
    "preferred_language": "vi",
    "phone": "(714) 555-0111",
    "city": "Westminster",
    "county": "Orange",
}
GARCIA = {
    "family_name": "García López",
    "given_name": "José",
    "preferred_language": "es",
    "phone": "(559) 555-0118",
    "city": "Fresno",
    "county": "Fresno",
}


@pytest.fixture
def queue(opened) -> Iterator[DatabaseQueue]:
    """Depends on ``opened`` so the worker stops before the profile is closed."""
    database_queue = DatabaseQueue()
    yield database_queue
    database_queue.shutdown()


def settle(qtbot, queue: DatabaseQueue) -> None:
    qtbot.waitUntil(lambda: not queue.busy)


def on_queue(qtbot, queue: DatabaseQueue, job) -> Any:
    """Run ``job`` on the database queue and return its result."""
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


def create_resident(qtbot, queue, opened, values) -> str:
    result = on_queue(qtbot, queue, lambda: opened.records.create(Kind.RESIDENT, values))
    assert result.ok, result.errors
    return result.record["id"]


def make_window(qtbot, queue, opened, **kwargs) -> MainWindow:
    window = MainWindow(opened, queue, **kwargs)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, queue)
    return window


def test_title_and_status_bar_in_words(qtbot, queue, opened):
    window = make_window(qtbot, queue, opened)
    assert window.windowTitle() == "OCPSC Field"
    assert window.connection_label.text() == "Not connected to HQ"
    assert window.waiting_label.text() == "Nothing waiting to be sent"
    assert window.user_label.text() == "Signed in as tester"


def test_status_bar_count_changes_after_a_record_is_created(qtbot, queue, opened):
    window = make_window(qtbot, queue, opened)
    assert window.waiting_label.text() == "Nothing waiting to be sent"

    create_resident(qtbot, queue, opened, NGUYEN)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.waiting_label.text() == "1 record waiting to be sent")

    create_resident(qtbot, queue, opened, GARCIA)
    window.refresh()
    qtbot.waitUntil(lambda: window.waiting_label.text() == "2 records waiting to be sent")
    assert window.waiting_label.accessibleName() == "2 records waiting to be sent"
    assert window.home_page.count_labels[Kind.RESIDENT].text() == "2 residents"


def test_waiting_text_mentions_records_needing_attention():
    assert waiting_text(0) == "Nothing waiting to be sent"
    assert waiting_text(1234) == "1,234 records waiting to be sent"
    assert waiting_text(12, 1) == "12 records are waiting to be sent. 1 record needs attention."
    assert waiting_text(1, 3) == "1 record is waiting to be sent. 3 records need attention."


def test_search_finds_a_vietnamese_name_typed_without_accents(qtbot, queue, opened):
    create_resident(qtbot, queue, opened, NGUYEN)
    create_resident(qtbot, queue, opened, GARCIA)
    window = make_window(qtbot, queue, opened)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    page = window.residents_page
    assert window.current_page_key() == "residents"
    assert page.search.hasFocus()

    qtbot.keyClicks(page.search, "nguyen")
    qtbot.waitUntil(lambda: page.model.query.filters.text == "nguyen" and not page.model.loading)
    settle(qtbot, queue)
    assert page.model.rowCount() == 1
    name = page.model.index(0, page.model.COL_NAME).data()
    assert name == "Nguyễn Thị Hương"  # exactly as typed, family name first for Vietnamese
    assert page.table.isVisible()
    assert page.summary.text() == "1 resident matches."

    # Down moves from the search box into the results.
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus()
    assert page.table.currentIndex().row() == 0


def test_search_is_debounced_and_runs_on_the_worker(qtbot, queue, opened):
    calls: list[tuple[str, str]] = []
    window = make_window(qtbot, queue, opened)
    listing = window.residents_page.listing
    real_first_page = listing.first_page

    def counting_first_page(query, limit):
        calls.append((query.filters.text, threading.current_thread().name))
        return real_first_page(query, limit)

    listing.first_page = counting_first_page
    window.show_page("residents")
    settle(qtbot, queue)
    calls.clear()

    qtbot.keyClicks(window.residents_page.search, "nguyen")
    qtbot.waitUntil(lambda: any(text == "nguyen" for text, _thread in calls))
    settle(qtbot, queue)
    assert [text for text, _thread in calls] == ["nguyen"]  # no search per keystroke
    assert all(thread.startswith("ocpsc-database") for _text, thread in calls)


def test_no_match_shows_an_empty_state(qtbot, queue, opened):
    create_resident(qtbot, queue, opened, NGUYEN)
    window = make_window(qtbot, queue, opened)
    window.show_page("residents")
    page = window.residents_page
    qtbot.keyClicks(page.search, "zzqx")
    qtbot.waitUntil(lambda: page.empty.isVisible())
    assert page.empty.title.text() == "No residents match “zzqx”."
    assert not page.table.isVisible()


def test_empty_profile_explains_each_page(qtbot, queue, opened):
    window = make_window(qtbot, queue, opened)
    home = window.home_page
    assert home.recent_empty.isVisible()
    assert home.recent_empty.title.text() == "No residents on this laptop yet."
    assert home.count_labels[Kind.CONTACT_LOG].text() == "0 conversations"
    assert home.waiting.text() == "Nothing is waiting to be sent to HQ."

    window.show_page("residents")
    settle(qtbot, queue)
    page = window.residents_page
    assert page.empty.isVisible()
    assert page.empty.title.text() == "No residents on this laptop yet."

    window.show_page("conversations")
    settle(qtbot, queue)
    conversations = window.pages["conversations"]
    assert conversations.empty_state.isVisible()
    assert conversations.empty_state.title.text() == "No conversations logged on this laptop yet."
    assert "Press Ctrl+N to log one." in conversations.empty_state.body.text()
    assert conversations.empty_state.button.isVisible()


def test_conversations_page_lists_a_saved_conversation(qtbot, queue, opened):
    window = make_window(qtbot, queue, opened)
    resident_id = create_resident(qtbot, queue, opened, NGUYEN)
    result = on_queue(
        qtbot,
        queue,
        lambda: opened.records.create(
            Kind.CONTACT_LOG,
            {
                "occurred_at": "2024-05-01T17:00:00Z",
                "resident_id": resident_id,
                "channel": "door",
                "language": "vi",
                "outcome": "reached",
            },
        ),
    )
    assert result.ok, result.errors
    window.show_page("conversations")
    page = window.pages["conversations"]
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)


def test_keyboard_navigation(qtbot, queue, opened):
    window = make_window(qtbot, queue, opened)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "residents"
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "sync"
    assert window.sync_page.connection.text() == "Not connected to HQ."
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "conversations"
    qtbot.waitUntil(lambda: window.pages["conversations"].form.isVisible())

    started: list[bool] = []
    window.conversation_workflow = lambda: started.append(True)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert started == [True]
    settle(qtbot, queue)


def test_every_control_has_an_accessible_name(qtbot, queue, opened):
    window = make_window(qtbot, queue, opened)
    for key in (
        "today",
        "conversations",
        "residents",
        "enrollments",
        "surveys",
        "resources",
        "sync",
        "settings",
    ):
        window.show_page(key)
        settle(qtbot, queue)
    unnamed = [
        f"{type(widget).__name__} in {type(widget.parent()).__name__}"
        for widget in window.findChildren(QWidget)
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and not widget.accessibleName()
    ]
    assert unnamed == []


def test_right_to_left_for_arabic(qtbot, queue, opened, monkeypatch):
    monkeypatch.setattr(i18n, "_language", "ar")
    window = make_window(qtbot, queue, opened)
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.nav.isRightToLeft()
    assert window.residents_page.table.isRightToLeft()


def test_left_to_right_for_english(qtbot, queue, opened):
    window = make_window(qtbot, queue, opened, language="en")
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight


# -- the database queue the window relies on -------------------------------------------
def test_queue_delivers_in_order_on_the_gui_thread(qtbot, queue):
    gui_thread = threading.current_thread()
    seen: list[tuple[int, bool]] = []
    for number in range(5):
        queue.run(
            lambda number=number: number,
            success=lambda result: seen.append((result, threading.current_thread() is gui_thread)),
        )
    settle(qtbot, queue)
    assert seen == [(number, True) for number in range(5)]


def test_queue_reports_failures_and_drops_cancelled_results(qtbot, queue):
    failures: list[BaseException] = []
    delivered: list[str] = []
    queue.run(lambda: 1 / 0, failure=failures.append)
    cancelled = queue.run(lambda: "stale", success=delivered.append)
    cancelled.cancel()
    queue.run(lambda: "fresh", success=delivered.append)
    settle(qtbot, queue)
    assert [type(error) for error in failures] == [ZeroDivisionError]
    assert delivered == ["fresh"]


def test_queue_passes_progress_to_the_gui_thread(qtbot, queue):
    reports: list[tuple[str, int]] = []

    def job(report):
        for done in range(3):
            report("residents", done)
        return "done"

    queue.run(job, progress=lambda stage, done: reports.append((stage, done)))
    settle(qtbot, queue)
    assert reports == [("residents", 0), ("residents", 1), ("residents", 2)]


def test_unexpected_errors_become_a_plain_message_and_a_log_without_personal_data(
    qtbot, monkeypatch, caplog
):
    shown: list[str] = []
    monkeypatch.setattr(app_module, "tell_problem", lambda parent, text: shown.append(text))
    hook = app_module.PlainErrorHook()
    try:
        raise ValueError("Nguyễn Thị Hương, (714) 555-0111")
    except ValueError as error:
        with caplog.at_level(logging.ERROR, logger="ocpsc_field"):
            hook(type(error), error, error.__traceback__)
    assert shown == [app_module.unexpected_error_text()]
    assert "Traceback" not in shown[0]
    logged = caplog.text
    assert "ValueError" in logged
    assert "Nguyễn" not in logged and "555-0111" not in logged


def test_shutdown_finishes_queued_writes(qtbot, opened):
    """A draft queued as the window closes still reaches the database."""
    database_queue = DatabaseQueue()
    gate = threading.Event()
    database_queue.run(lambda: gate.wait(5))
    for index in range(3):
        database_queue.run(
            lambda index=index: opened.drafts.save("conversation", {"notes": f"typed {index}"})
        )
    # The first job is still running when shutdown starts; the saves wait behind it.
    threading.Timer(0.3, gate.set).start()
    database_queue.shutdown()
    assert sorted(d.payload["notes"] for d in opened.drafts.list("conversation")) == [
        "typed 0",
        "typed 1",
        "typed 2",
    ]
