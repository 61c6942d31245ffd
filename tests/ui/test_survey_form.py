"""Filling in "Stronger Together" with the keyboard on a real profile, drafts included.

Everything the tests read back comes from the store, through the same
DatabaseQueue the page uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from ocpsc_field.core.records import Kind
from ocpsc_field.store.reference_data import load_surveys
from ocpsc_field.store.surveys import SurveyStore
from ocpsc_field.ui.pages.surveys import SurveysPage
from ocpsc_field.ui.screenshots import type_text
from ocpsc_field.ui.survey_form import SurveyForm
from ocpsc_field.ui.tasks import DatabaseQueue

NGUYEN = {"family_name": "Nguyễn", "given_name": "Thị Hương", "preferred_language": "vi"}


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


@pytest.fixture
def page(qtbot, queue, opened) -> Iterator[SurveysPage]:
    for survey in load_surveys():
        on_queue(
            qtbot, queue, lambda survey=survey: opened.records.put_reference(Kind.SURVEY, survey)
        )
    surveys_page = SurveysPage(queue, opened)
    qtbot.addWidget(surveys_page)
    surveys_page.resize(1280, 800)
    surveys_page.show()
    qtbot.waitExposed(surveys_page)
    qtbot.waitUntil(lambda: len(surveys_page.cards) == 1)
    settle(qtbot, queue)
    yield surveys_page
    surveys_page.close()  # a draft still waiting is written before the queue stops
    settle(qtbot, queue)


def responses(qtbot, queue, opened) -> list[dict[str, Any]]:
    return on_queue(qtbot, queue, lambda: list(opened.records.iter_all(Kind.SURVEY_RESPONSE)))


def drafts(qtbot, queue, opened) -> list[Any]:
    return on_queue(qtbot, queue, lambda: SurveyStore.of(opened).list_drafts())


def press(qtbot, button) -> None:
    """Activate a button from the keyboard, as a user tabbing to it would."""
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(button, Qt.Key.Key_Space)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def open_anonymously(qtbot, page: SurveysPage) -> SurveyForm:
    press(qtbot, page.cards[0].anonymous_button)
    qtbot.waitUntil(lambda: page.form is not None and page.form.isVisible())
    assert page.form is not None
    return page.form


def target(form: SurveyForm, name: str) -> QWidget:
    widget = form.blocks[name].widget
    assert widget is not None
    return widget.focus_target()


def go_to(form: SurveyForm, name: str) -> QWidget:
    widget = target(form, name)
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    return widget


def test_fill_in_for_a_resident_with_the_keyboard_and_submit(qtbot, queue, opened, page):
    resident = on_queue(qtbot, queue, lambda: opened.records.create(Kind.RESIDENT, NGUYEN))
    resident_id = resident.record["id"]

    press(qtbot, page.cards[0].resident_button)
    chooser = page.chooser
    assert page.stack.currentWidget() is chooser
    qtbot.keyClicks(focused(), "nguyen")
    qtbot.waitUntil(lambda: chooser.picker.model.rowCount() == 1)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.form is not None and page.form.isVisible())
    form = page.form

    # The resident's language is one of the survey's, so the questions are in Vietnamese.
    assert form.current_language() == "vi"
    assert form.title.text() == "Cùng Nhau Vững Mạnh: Bản Đồ Nguồn Lực và Nhu Cầu Cộng Đồng"
    assert form.respondent.text() == "Answers from Nguyễn Thị Hương."
    assert focused() is target(form, "organization_name")

    qtbot.keyClicks(focused(), "Fresno Mutual Aid")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is target(form, "respondent_role")
    qtbot.keyClicks(focused(), "Director")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is target(form, "county")
    qtbot.keyClicks(focused(), "Fresno")

    checkboxes = form.blocks["languages_served"].widget.buttons
    checkboxes["en"].setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is checkboxes["es"]
    qtbot.keyClick(focused(), Qt.Key.Key_Space)

    qtbot.keyClicks(go_to(form, "staff_count"), "1,200")
    go_to(form, "survey_date")
    qtbot.keyClick(focused(), Qt.Key.Key_Up)  # an empty date starts from today
    qtbot.keyClicks(go_to(form, "annual_budget"), "250.5")
    go_to(form, "share_answers")
    qtbot.keyClick(focused(), Qt.Key.Key_Space)  # "Có" (yes), the first choice
    qtbot.keyClicks(go_to(form, "final_comments"), "Gracias")

    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.form is None)
    settle(qtbot, queue)

    [saved] = responses(qtbot, queue, opened)
    assert saved["status"] == "complete"
    assert saved["resident_id"] == resident_id
    assert saved["language"] == "vi"
    assert saved["survey_version"] == "2026.1"
    assert saved["answers"] == {
        "organization_name": "Fresno Mutual Aid",
        "respondent_role": "Director",
        "county": "fresno",
        "languages_served": ["en", "es"],
        "staff_count": 1200,
        "survey_date": date.today().isoformat(),
        "annual_budget": 250.5,
        "share_answers": "yes",
        "final_comments": "Gracias",
    }
    assert drafts(qtbot, queue, opened) == []
    assert page.notice.isVisible()
    assert page.notice.label.text().startswith("Response saved on this laptop.")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)


def test_required_questions_block_submit_and_keep_what_was_typed(qtbot, queue, opened, page):
    form = open_anonymously(qtbot, page)
    qtbot.keyClicks(go_to(form, "respondent_role"), "Volunteer")
    qtbot.keyClicks(go_to(form, "staff_count"), "12")

    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, queue)

    assert page.form is form and form.isVisible()
    missing = ("organization_name", "county", "languages_served", "survey_date", "share_answers")
    for name in missing:
        assert form.blocks[name].error.isVisible(), name
    assert form.blocks["organization_name"].error.text() == "Enter your organization's name."
    assert form.blocks["county"].error.text() == "This question needs an answer."
    assert not form.blocks["staff_count"].error.isVisible()
    assert focused() is target(form, "organization_name")
    assert form.notice.label.text().startswith("5 questions need attention")
    # What was typed is still there, nothing was saved, and a draft keeps it.
    assert form.answers() == {"respondent_role": "Volunteer", "staff_count": 12}
    assert responses(qtbot, queue, opened) == []
    [draft] = drafts(qtbot, queue, opened)
    assert draft.answers == {"respondent_role": "Volunteer", "staff_count": 12}

    # The survey's own message follows the respondent's language.
    form.language.setCurrentIndex(form.language.findData("es"))
    assert form.blocks["organization_name"].error.text() == "Escriba el nombre de su organización."

    # Fixing an answer takes its message away at once.
    qtbot.keyClicks(go_to(form, "organization_name"), "Centro Comunitario")
    assert not form.blocks["organization_name"].error.isVisible()
    assert form.blocks["county"].error.isVisible()


def test_a_number_that_is_not_finished_is_reported_not_dropped(qtbot, queue, opened, page):
    form = open_anonymously(qtbot, page)
    qtbot.keyClicks(go_to(form, "staff_count"), "12abc-")
    assert form.answers()["staff_count"] == "12-"  # letters are refused as they are typed
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, queue)
    assert form.blocks["staff_count"].error.text() == "Enter a whole number."


def test_draft_is_restored_after_closing_and_reopening(qtbot, queue, opened, page):
    form = open_anonymously(qtbot, page)
    qtbot.keyClicks(focused(), "Centro Comunitario")
    go_to(form, "share_answers")
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: form.draft_status.text().startswith("Draft saved on this laptop"))

    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.form is None and page.list_view.isVisible())
    settle(qtbot, queue)
    card = page.cards[0]
    assert "1 response in progress." in card.facts.text()
    assert page.notice.label.text().startswith("Your answers are kept as a draft")
    [draft] = drafts(qtbot, queue, opened)
    assert draft.answers == {"organization_name": "Centro Comunitario", "share_answers": "yes"}

    form = open_anonymously(qtbot, page)
    assert form.answers() == {"organization_name": "Centro Comunitario", "share_answers": "yes"}
    assert form.draft_id == draft.id
    assert form.notice.isVisible()
    assert form.notice.label.text().startswith("Restored the answers you were typing at")

    # Discard asks once, then empties the form and deletes the draft.
    press(qtbot, form.notice.buttons[0])
    assert form.notice.label.text() == "Discard the 2 answers typed so far? They will be lost."
    assert focused() is form.notice.buttons[1]  # "Keep it" is the safe default
    press(qtbot, form.notice.buttons[0])
    settle(qtbot, queue)
    assert form.answers() == {}
    assert drafts(qtbot, queue, opened) == []


def test_continue_a_draft_from_the_list(qtbot, queue, opened, page):
    form = open_anonymously(qtbot, page)
    type_text(focused(), "Hội Người Việt")  # QTest.keyClicks can't type non-ASCII
    form.close_form()
    qtbot.waitUntil(lambda: page.form is None)
    settle(qtbot, queue)
    continue_button = page.cards[0].buttons[-1]
    assert continue_button.text() == "Continue"
    press(qtbot, continue_button)
    qtbot.waitUntil(lambda: page.form is not None and page.form.isVisible())
    assert page.form.answers() == {"organization_name": "Hội Người Việt"}


def test_closing_an_untouched_form_leaves_no_draft(qtbot, queue, opened, page):
    open_anonymously(qtbot, page)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.form is None)
    settle(qtbot, queue)
    assert drafts(qtbot, queue, opened) == []
    assert not page.notice.isVisible()


def test_language_switch_relabels_questions_and_keeps_answers(qtbot, queue, opened, page):
    form = open_anonymously(qtbot, page)
    assert form.current_language() == "en"
    qtbot.keyClicks(focused(), "Centro")
    form.language.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(form.language, Qt.Key.Key_Down)  # English -> Spanish
    assert form.current_language() == "es"
    assert form.blocks["organization_name"].label.text() == "Nombre de la organización (required)"
    assert form.sections[1].title.text() == "Personas"
    yes = form.blocks["share_answers"].widget.labels["yes"]
    assert yes.text() == "Sí"
    assert form.answers() == {"organization_name": "Centro"}
    assert form.language.currentText() == "Spanish (draft translation)"


def test_every_input_has_an_accessible_name(qtbot, queue, opened, page):
    form = open_anonymously(qtbot, page)
    unnamed = [
        f"{type(widget).__name__} in {type(widget.parent()).__name__}"
        for widget in form.findChildren(QWidget)
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and not widget.accessibleName()
    ]
    assert unnamed == []
    assert (
        target(form, "county").accessibleName()
        == "County where your organization works most (required)"
    )
