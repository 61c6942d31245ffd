"""The Surveys page on a real profile: empty state, cards, responses and their state."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from ocpsc_field.core.ids import new_id
from ocpsc_field.core.records import Kind
from ocpsc_field.store.reference_data import load_surveys
from ocpsc_field.store.surveys import SurveyStore
from ocpsc_field.ui.main_window import MainWindow
from ocpsc_field.ui.pages.surveys import ResponsesModel, SurveysPage
from ocpsc_field.ui.tasks import DatabaseQueue

REQUIRED = {
    "organization_name": "Fresno Mutual Aid",
    "county": "fresno",
    "languages_served": ["es"],
    "survey_date": "2026-03-15",
    "share_answers": "no",
}


@pytest.fixture
def queue(opened) -> Iterator[DatabaseQueue]:
    database_queue = DatabaseQueue()
    yield database_queue
    database_queue.shutdown()


def on_queue(qtbot, queue: DatabaseQueue, job) -> Any:
    outcome: dict[str, Any] = {}
    queue.run(
        job, success=lambda r: outcome.update(result=r), failure=lambda e: outcome.update(error=e)
    )
    qtbot.waitUntil(lambda: "result" in outcome or "error" in outcome)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def settle(qtbot, queue: DatabaseQueue) -> None:
    qtbot.waitUntil(lambda: not queue.busy)


def publish(qtbot, queue, opened) -> str:
    for survey in load_surveys():
        on_queue(
            qtbot, queue, lambda survey=survey: opened.records.put_reference(Kind.SURVEY, survey)
        )
    return on_queue(qtbot, queue, lambda: SurveyStore.of(opened).list_surveys()[0].id)


def make_page(qtbot, queue, opened) -> SurveysPage:
    page = SurveysPage(queue, opened)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    settle(qtbot, queue)
    return page


def close(qtbot, queue, page: SurveysPage) -> None:
    page.close()
    settle(qtbot, queue)


def cell(page: SurveysPage, row: int, column: int) -> str:
    return page.model.index(row, column).data()


def test_empty_profile_explains_where_surveys_come_from(qtbot, queue, opened):
    page = make_page(qtbot, queue, opened)
    assert page.empty_state.isVisible()
    assert page.empty_state.title.text() == "No surveys on this laptop yet."
    assert "Surveys come from HQ" in page.empty_state.body.text()
    assert page.cards == []
    assert not page.table.isVisible()
    assert page.responses_summary.text().startswith("No responses saved on this laptop yet.")
    close(qtbot, queue, page)


def test_cards_show_the_survey_progress_and_responses(qtbot, queue, opened):
    survey_id = publish(qtbot, queue, opened)
    resident = on_queue(
        qtbot,
        queue,
        lambda: opened.records.create(
            Kind.RESIDENT,
            {"given_name": "José", "family_name": "García López", "preferred_language": "es"},
        ),
    ).record
    store = SurveyStore.of(opened)
    saved = on_queue(
        qtbot,
        queue,
        lambda: store.save_response(survey_id, REQUIRED, language="es", resident_id=resident["id"]),
    )
    assert saved.ok, saved.errors
    on_queue(
        qtbot,
        queue,
        lambda: store.save_draft(
            new_id(), survey_id, language="en", answers={"county": "napa"}, resident_id=None
        ),
    )

    page = make_page(qtbot, queue, opened)
    assert not page.empty_state.isVisible()
    [card] = page.cards
    assert card.title.text() == "Stronger Together: Community Assets and Needs Map"
    assert card.facts.text() == (
        "Version 2026.1 has 45 questions. You have saved 1 response. 1 response in progress."
    )
    assert card.resident_button.accessibleName() == (
        "Fill in Stronger Together: Community Assets and Needs Map with a resident"
    )
    assert (
        card.buttons[-1]
        .accessibleName()
        .startswith("Continue: In progress: Anonymous, 1 of 45 answered")
    )

    assert page.model.rowCount() == 1
    assert cell(page, 0, ResponsesModel.COL_RESPONDENT) == "José García López"
    assert cell(page, 0, ResponsesModel.COL_LANGUAGE) == "Spanish"
    assert cell(page, 0, ResponsesModel.COL_STATE) == "Saved on this laptop, waiting to be sent"
    assert cell(page, 0, ResponsesModel.COL_SURVEY).startswith("Stronger Together")
    assert page.responses_summary.text() == "1 response saved on this laptop, newest first."

    # Once HQ has it, the list says so in words.
    on_queue(
        qtbot,
        queue,
        lambda: opened.database.execute(
            "DELETE FROM journal WHERE record_id = ?", (saved.record["id"],)
        ),
    )
    page.refresh()
    qtbot.waitUntil(lambda: cell(page, 0, ResponsesModel.COL_STATE) == "Sent to HQ")
    close(qtbot, queue, page)


def test_a_survey_this_app_cannot_read_says_so(qtbot, queue, opened):
    on_queue(
        qtbot,
        queue,
        lambda: opened.records.put_reference(
            Kind.SURVEY,
            {
                "form_id": "future",
                "version": "9",
                "title": {"en": "Next year's survey"},
                "definition": {"format_version": 9},
            },
        ),
    )
    page = make_page(qtbot, queue, opened)
    [card] = page.cards
    assert card.buttons == []
    texts = [label.text() for label in card.findChildren(type(card.facts))]
    assert any("can't be filled in with this version of the app" in text for text in texts)
    close(qtbot, queue, page)


def test_escape_in_the_respondent_chooser_goes_back(qtbot, queue, opened):
    publish(qtbot, queue, opened)
    page = make_page(qtbot, queue, opened)
    qtbot.waitUntil(lambda: len(page.cards) == 1)
    button = page.cards[0].resident_button
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert page.stack.currentWidget() is page.chooser
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert page.stack.currentWidget() is page.list_view
    close(qtbot, queue, page)


def test_without_the_resident_picker_a_plain_search_chooses(qtbot, queue, opened, monkeypatch):
    """An older build without the shared picker still lets a resident answer."""
    monkeypatch.setitem(sys.modules, "ocpsc_field.ui.widgets.resident_picker", None)
    survey_id = publish(qtbot, queue, opened)
    on_queue(
        qtbot,
        queue,
        lambda: opened.records.create(
            Kind.RESIDENT,
            {"given_name": "Maricel", "family_name": "Santos", "preferred_language": "tl"},
        ),
    )
    page = make_page(qtbot, queue, opened)
    assert page.chooser.picker is None and page.chooser.fallback is not None
    page.choose_respondent(survey_id)
    settle(qtbot, queue)
    search = page.chooser.fallback.search
    assert search.hasFocus()
    qtbot.keyClicks(search, "santos")
    qtbot.waitUntil(lambda: page.chooser.fallback.model.rowCount() == 1)
    qtbot.keyClick(search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.form is not None and page.form.isVisible())
    assert page.form.respondent.text() == "Answers from Maricel Santos."
    assert page.form.current_language() == "en"  # Tagalog is not one of the survey's languages
    close(qtbot, queue, page)


def test_main_window_lists_surveys_and_refreshes_counts_after_a_response(qtbot, queue, opened):
    publish(qtbot, queue, opened)
    window = MainWindow(opened, queue)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("surveys")
    page = window.surveys_page
    qtbot.waitUntil(lambda: len(page.cards) == 1)
    unnamed = [
        f"{type(widget).__name__} in {type(widget.parent()).__name__}"
        for widget in page.findChildren(QWidget)
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and not widget.accessibleName()
    ]
    assert unnamed == []

    page.open_form(page.cards[0].survey.id)
    qtbot.waitUntil(lambda: page.form is not None and page.form.isVisible())
    form = page.form
    for name, value in REQUIRED.items():
        form.blocks[name].widget.set_value(value)
        form.blocks[name].widget.edited.emit()  # as if typed
    form.submit()
    qtbot.waitUntil(lambda: page.form is None)
    qtbot.waitUntil(lambda: window.waiting_label.text() == "1 record waiting to be sent")
    settle(qtbot, queue)
    window.close()
    settle(qtbot, queue)


def test_right_to_left_layout(qtbot, queue, opened):
    publish(qtbot, queue, opened)
    QApplication.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    try:
        page = make_page(qtbot, queue, opened)
        qtbot.waitUntil(lambda: len(page.cards) == 1)
        page.open_form(page.cards[0].survey.id)
        qtbot.waitUntil(lambda: page.form is not None and page.form.isVisible())
        form = page.form
        assert form.isRightToLeft()
        label = form.blocks["organization_name"].label
        assert label.alignment() & Qt.AlignmentFlag.AlignRight
        close(qtbot, queue, page)
    finally:
        QApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
