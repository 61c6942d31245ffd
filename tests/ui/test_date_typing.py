"""Typing a date into an empty date field (survey dates, follow-up dates).

An empty date reads "No date" and has no day, month or year to type into, so
the keys typed into it are collected and become the date once they spell a
whole one: in the order of the language's short date format ("5/6/2020" in
English, "6/5/2020" in Vietnamese, "2020/05/06" in Japanese) or year first
("2020-05-06") in any language. What is saved is compared, not just what shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from ocpsc_field import i18n
from ocpsc_field.core.records import Kind
from ocpsc_field.store.reference_data import load_programs, load_surveys
from ocpsc_field.ui.conversation_form import ConversationForm
from ocpsc_field.ui.survey_widgets import SurveyDateEdit
from ocpsc_field.ui.tasks import DatabaseQueue
from ocpsc_field.ui.widgets.form_parts import OptionalDateEdit
from tests.ui.survey_steps import drafts, focused, make_page, on_queue, open_anonymously, settle

DAY = date(2020, 5, 6)
ARRIVAL = date(1998, 5, 6)  # long ago, as survey dates may be
NEXT_YEAR = date(date.today().year + 1, 5, 6)  # a follow-up lies ahead


def in_language_order(language: str, day: date) -> str:
    """The keys a person would type for ``day`` in ``language``'s short date order."""
    return {
        "en": f"{day.month}/{day.day}/{day.year}",
        "vi": f"{day.day}/{day.month}/{day.year}",
        "ja": f"{day.year}/{day.month:02}/{day.day:02}",
    }[language]


@pytest.fixture
def language(request) -> Iterator[str]:
    tag = getattr(request, "param", "en")
    i18n.set_language(tag)
    yield tag
    i18n.set_language("en")


class Row(QWidget):
    """A field before the date and one after it, as in any form."""

    def __init__(self, date_class: type[OptionalDateEdit]) -> None:
        super().__init__()
        self.before = QLineEdit(self)
        self.date = date_class("Date", self)
        self.date.setCalendarPopup(True)
        self.after = QLineEdit(self)
        layout = QVBoxLayout(self)
        for widget in (self.before, self.date, self.after):
            layout.addWidget(widget)


def shown_row(qtbot, date_class: type[OptionalDateEdit]) -> Row:
    row = Row(date_class)
    qtbot.addWidget(row)
    row.show()
    qtbot.waitExposed(row)
    row.activateWindow()
    qtbot.waitUntil(row.isActiveWindow)
    row.date.setFocus(Qt.FocusReason.TabFocusReason)
    return row


# --- the widget alone ------------------------------------------------------------------------


@pytest.mark.parametrize("date_class", [OptionalDateEdit, SurveyDateEdit])
@pytest.mark.parametrize("language", ["en", "vi", "ja"], indirect=True)
@pytest.mark.parametrize("form", ["language order", "year first"])
def test_typing_a_whole_date_into_an_empty_field_gives_that_date(qtbot, language, date_class, form):
    row = shown_row(qtbot, date_class)
    changes: list[bool] = []
    row.date.date_changed.connect(lambda: changes.append(True))
    typed = in_language_order(language, DAY) if form == "language order" else "2020-05-06"
    qtbot.keyClicks(row.date, typed)
    assert row.date.value() == DAY
    assert changes == [True]
    assert row.date.typed_text() == ""
    qtbot.keyClick(row.date, Qt.Key.Key_Tab)  # one Tab moves on, as after typing any field
    assert row.after.hasFocus()
    assert row.date.value() == DAY


def test_keys_show_as_typed_until_they_make_a_date(qtbot, language):
    row = shown_row(qtbot, OptionalDateEdit)
    qtbot.keyClicks(row.date, "5/6/20")
    assert row.date.text() == "5/6/20"
    assert row.date.value() is None
    qtbot.keyClicks(row.date, "x")  # letters are no part of a date
    assert row.date.text() == "5/6/20"
    qtbot.keyClicks(row.date, "21")
    assert row.date.value() == date(2021, 5, 6)


def test_backspace_takes_keys_back_to_an_empty_field_that_tab_passes_at_once(qtbot, language):
    row = shown_row(qtbot, OptionalDateEdit)
    qtbot.keyClicks(row.date, "5/6/2")
    for _key in range(5):
        qtbot.keyClick(row.date, Qt.Key.Key_Backspace)
    assert row.date.text() == "No date"
    assert row.date.value() is None
    qtbot.keyClick(row.date, Qt.Key.Key_Tab)
    assert row.after.hasFocus()


def test_escape_empties_what_was_typed(qtbot, language):
    row = shown_row(qtbot, OptionalDateEdit)
    qtbot.keyClicks(row.date, "5/6")
    qtbot.keyClick(row.date, Qt.Key.Key_Escape)
    assert (row.date.text(), row.date.value()) == ("No date", None)


def test_a_short_last_part_is_taken_on_tab(qtbot, language):
    """ "2020-5-1" could still become the 10th to the 19th, so Tab takes it."""
    row = shown_row(qtbot, OptionalDateEdit)
    qtbot.keyClicks(row.date, "2020-5-1")
    assert row.date.value() is None
    qtbot.keyClick(row.date, Qt.Key.Key_Tab)
    assert row.after.hasFocus()
    assert row.date.value() == date(2020, 5, 1)


def test_what_is_no_date_stays_in_sight_and_is_not_saved(qtbot, language):
    row = shown_row(qtbot, OptionalDateEdit)
    qtbot.keyClicks(row.date, "13/45/2020")
    assert row.date.value() is None
    qtbot.keyClick(row.date, Qt.Key.Key_Tab)
    assert row.after.hasFocus()
    assert row.date.text() == "13/45/2020"  # left to be corrected, not silently dropped
    assert row.date.value() is None


def test_a_typed_date_is_emptied_again_with_delete(qtbot, language):
    row = shown_row(qtbot, SurveyDateEdit)
    qtbot.keyClicks(row.date, "1998-05-06")
    assert row.date.value() == ARRIVAL
    row.date.lineEdit().selectAll()
    qtbot.keyClick(row.date, Qt.Key.Key_Delete)
    assert (row.date.text(), row.date.value()) == ("No date", None)


def test_a_date_before_the_earliest_allowed_is_not_taken(qtbot, language):
    row = shown_row(qtbot, OptionalDateEdit)  # a follow-up date starts in 2000
    qtbot.keyClicks(row.date, "1998-05-06")
    assert (row.date.text(), row.date.value()) == ("1998-05-06", None)


def test_a_read_only_date_takes_no_keys(qtbot, language):
    row = shown_row(qtbot, SurveyDateEdit)
    row.date.setReadOnly(True)
    qtbot.keyClicks(row.date, "5/6/2020")
    assert (row.date.text(), row.date.value()) == ("No date", None)


# --- in the forms ----------------------------------------------------------------------------


@pytest.fixture
def queue(opened) -> Iterator[DatabaseQueue]:
    database_queue = DatabaseQueue()
    yield database_queue
    database_queue.shutdown()


@pytest.mark.parametrize("language", ["en", "vi", "ja"], indirect=True)
@pytest.mark.parametrize("form", ["language order", "year first"])
def test_a_survey_date_question_typed_with_the_keyboard_is_saved(
    qtbot, queue, opened, language, form
):
    for survey in load_surveys():
        on_queue(
            qtbot, queue, lambda survey=survey: opened.records.put_reference(Kind.SURVEY, survey)
        )
    page = make_page(qtbot, queue, opened)
    survey_form = open_anonymously(qtbot, page)

    question = survey_form.blocks["survey_date"].widget
    question.focus_target().setFocus(Qt.FocusReason.TabFocusReason)
    typed = in_language_order(language, ARRIVAL) if form == "language order" else "1998-05-06"
    qtbot.keyClicks(focused(), typed)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert survey_form.answers()["survey_date"] == "1998-05-06"

    page.close()  # the draft waiting to be written is written
    settle(qtbot, queue)
    [draft] = drafts(qtbot, queue, opened)
    assert draft.answers["survey_date"] == "1998-05-06"


@pytest.mark.parametrize("language", ["en", "vi", "ja"], indirect=True)
@pytest.mark.parametrize("form", ["language order", "year first"])
def test_a_follow_up_date_typed_with_the_keyboard_is_saved(qtbot, queue, opened, language, form):
    def residents() -> str:
        for program in load_programs():
            opened.records.put_reference(Kind.PROGRAM, program)
        values = {"given_name": "Thị Hương", "family_name": "Nguyễn", "preferred_language": "vi"}
        return opened.records.create(Kind.RESIDENT, values).record["id"]

    resident_id = on_queue(qtbot, queue, residents)
    conversation = ConversationForm(queue, opened)
    qtbot.addWidget(conversation)
    conversation.resize(1280, 800)
    conversation.show()
    qtbot.waitExposed(conversation)
    conversation.activateWindow()
    conversation.open_new()
    settle(qtbot, queue)
    qtbot.waitUntil(lambda: conversation.picker.search.hasFocus())
    qtbot.keyClicks(focused(), "nguy")
    settle(qtbot, queue)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: conversation.picker.resident is not None)
    conversation.channel.set_value("door")
    conversation.outcome.set_value("follow_up")

    conversation.follow_up.setFocus(Qt.FocusReason.TabFocusReason)
    typed = (
        in_language_order(language, NEXT_YEAR)
        if form == "language order"
        else NEXT_YEAR.isoformat()
    )
    qtbot.keyClicks(focused(), typed)
    assert conversation.follow_up.value() == NEXT_YEAR
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Enter saves, as from any field
    settle(qtbot, queue)
    qtbot.waitUntil(lambda: not conversation.follow_up.value())  # ready for the next one
    [record] = on_queue(qtbot, queue, lambda: list(opened.records.iter_all(Kind.CONTACT_LOG)))
    assert record["resident_id"] == resident_id
    assert record["follow_up_date"] == NEXT_YEAR.isoformat()
