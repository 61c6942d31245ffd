"""Repeats, drafts and versions of survey forms, with the keyboard, on a real profile.

A roster the person adds people to and removes them from (asked first when
answers would be lost), a roster sized by an answer, a draft closed and
resumed with its entries, and a draft begun on version 1 of a form that
still opens with version 1 after version 2 has arrived.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from ocpsc_field.core.records import Kind
from ocpsc_field.ui.tasks import DatabaseQueue
from tests.ui.survey_steps import (
    CTRL,
    CTRL_SHIFT,
    choice,
    control,
    drafts,
    error,
    focused,
    key,
    make_page,
    on_queue,
    open_anonymously,
    press,
    publish,
    responses,
    settle,
    shown,
    tab_to,
    type_into,
)


@pytest.fixture
def queue(opened) -> Iterator[DatabaseQueue]:
    database_queue = DatabaseQueue()
    yield database_queue
    database_queue.shutdown()


@pytest.fixture
def page(qtbot, queue, opened):
    publish(qtbot, queue, opened, "community_visit.xlsx")
    surveys_page = make_page(qtbot, queue, opened)
    yield surveys_page
    surveys_page.close()
    settle(qtbot, queue)


def add_person(qtbot, name: str) -> None:
    key(qtbot, Qt.Key.Key_A, CTRL_SHIFT)  # focus goes to the new entry's first question
    qtbot.keyClicks(focused(), name)


def names(form) -> list[str]:
    repeat = form.repeat("people")
    return [form.block("person_name", frame.position).widget.value() for frame in repeat.instances]


def titles(form) -> list[str]:
    return [frame.title.text() for frame in form.repeat("people").instances]


def test_removing_an_entry_asks_first_and_renumbers(qtbot, queue, opened, page):
    form = open_anonymously(qtbot, page)
    qtbot.keyClicks(focused(), "Rosa")
    for name in ("Ana", "Ben", "Cruz"):
        add_person(qtbot, name)
    assert titles(form) == ["Person 1", "Person 2", "Person 3"]

    control(form, "person_name", (2,)).setFocus(Qt.FocusReason.TabFocusReason)
    key(qtbot, Qt.Key.Key_R, CTRL_SHIFT)
    frame = form.repeat("people").instances[1]
    assert frame.confirm.label.text() == "Remove Person 2? Its 1 answer will be lost."
    assert focused() is frame.confirm.buttons[1]  # "Keep it" is the safe default
    key(qtbot, Qt.Key.Key_Space)
    assert names(form) == ["Ana", "Ben", "Cruz"]
    assert not frame.confirm.isVisible()
    assert focused() is frame.remove_button

    key(qtbot, Qt.Key.Key_Space)  # the Remove button itself asks again
    assert frame.confirm.isVisible()
    key(qtbot, Qt.Key.Key_Escape)  # Esc keeps it, and stays in the form
    assert not frame.confirm.isVisible() and page.form is form
    assert focused() is frame.remove_button
    key(qtbot, Qt.Key.Key_Space)
    key(qtbot, Qt.Key.Key_Backtab)  # to "Remove it"
    assert focused() is frame.confirm.buttons[0]
    key(qtbot, Qt.Key.Key_Space)
    assert names(form) == ["Ana", "Cruz"]
    assert titles(form) == ["Person 1", "Person 2"]
    assert focused() is control(form, "person_name", (2,))  # the entry that took its place

    # An entry with nothing in it goes without asking.
    key(qtbot, Qt.Key.Key_A, CTRL_SHIFT)
    assert titles(form) == ["Person 1", "Person 2", "Person 3"]
    key(qtbot, Qt.Key.Key_R, CTRL_SHIFT)
    assert titles(form) == ["Person 1", "Person 2"]

    # What is missing inside entries is said in the right entry, focus on the first.
    key(qtbot, Qt.Key.Key_S, CTRL)
    settle(qtbot, queue)
    assert error(form, "person_age", (1,)) == "This question needs an answer."
    assert error(form, "person_age", (2,)) == "This question needs an answer."
    assert error(form, "person_name", (2,)) == ""
    assert focused() is choice(form, "county", "orange")
    assert responses(qtbot, queue, opened) == []
    [draft] = drafts(qtbot, queue, opened)
    assert [p["person_name"] for p in draft.answers["people"]] == ["Ana", "Cruz"]


def test_a_draft_with_entries_is_resumed_after_closing(qtbot, queue, opened, page):
    form = open_anonymously(qtbot, page)
    form.language.setCurrentIndex(form.language.findData("es"))
    form.language.setFocus(Qt.FocusReason.TabFocusReason)
    tab_to(qtbot, control(form, "visitor_name"))
    qtbot.keyClicks(focused(), "Rosa")
    add_person(qtbot, "Ana")
    type_into(qtbot, form, "person_age", "34", (1,))
    add_person(qtbot, "Leo")
    qtbot.waitUntil(lambda: form.draft_status.text().startswith("Draft saved on this laptop"))

    key(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.form is None and page.list_view.isVisible())
    settle(qtbot, queue)
    card = page.cards[0]
    assert "1 response in progress." in card.facts.text()
    continue_button = card.buttons[-1]
    assert continue_button.text() == "Continue"
    press(qtbot, continue_button)
    qtbot.waitUntil(lambda: page.form is not None and page.form.isVisible())
    form = page.form
    assert form.current_language() == "es"
    assert form.notice.label.text().startswith("Restored the answers you were typing at")
    assert titles(form) == ["Persona 1", "Persona 2"]
    assert names(form) == ["Ana", "Leo"]
    assert form.block("person_age", (1,)).widget.value() == 34
    assert form.answers() == {
        "visitor_name": "Rosa",
        "people": [{"person_name": "Ana", "person_age": 34}, {"person_name": "Leo"}],
    }
    # The draft goes on being the same draft.
    assert form.draft_id == drafts(qtbot, queue, opened)[0].id


def test_a_roster_sized_by_an_answer(qtbot, queue, opened):
    publish(qtbot, queue, opened, "household_roster.xlsx")
    page = make_page(qtbot, queue, opened)
    form = open_anonymously(qtbot, page)
    members = form.repeat("members")
    assert members.add_button is None and members.instances == []
    qtbot.keyClicks(focused(), "Maria")
    type_into(qtbot, form, "hh_size", "3")
    assert [f.title.text() for f in members.instances] == [
        "Household member 1",
        "Household member 2",
        "Household member 3",
    ]
    assert all(frame.remove_button is None for frame in members.instances)
    assert form.block("member_name", (2,)).label.text() == "Name of person 2 (required)"
    assert not shown(form, "relationship", (1,))  # asked from the second person on
    assert shown(form, "relationship", (2,))

    for number, (name, age) in enumerate([("Maria", "40"), ("José", "38"), ("Lupe", "10")], 1):
        tab_to(qtbot, control(form, "member_name", (number,)))
        qtbot.keyClicks(focused(), name.replace("é", "e"))
        type_into(qtbot, form, "member_age", age, (number,))
    for number, relation in ((2, "spouse"), (3, "child")):
        tab_to(qtbot, choice(form, "relationship", "spouse", (number,)))
        if relation == "child":
            key(qtbot, Qt.Key.Key_Down)
        key(qtbot, Qt.Key.Key_Space)
    assert shown(form, "in_school", (3,)) and not shown(form, "in_school", (1,))
    assert form.block("in_school", (3,)).widget.value() == "yes"  # the entry's default
    assert form.block("adults_shown").widget.value() == 2
    assert form.block("summary").label.text() == "3 people, 2 adults."

    # A smaller count takes the last entry away; the count back gives it back.
    tab_to(qtbot, control(form, "hh_size"))
    qtbot.keyClicks(focused(), "2")  # the whole number was selected: now 2
    assert len(members.instances) == 2
    assert form.block("summary").label.text() == "2 people, 2 adults."
    key(qtbot, Qt.Key.Key_Backspace)
    qtbot.keyClicks(focused(), "3")
    assert len(members.instances) == 3
    assert form.block("member_name", (3,)).widget.value() == "Lupe"

    tab_to(qtbot, control(form, "confirm"))
    key(qtbot, Qt.Key.Key_Space)
    key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: page.form is None)
    settle(qtbot, queue)
    [saved] = responses(qtbot, queue, opened)
    answers = dict(saved["answers"])
    answers.pop("started_at")
    assert answers == {
        "respondent": "Maria",
        "hh_size": 3,
        "members": [
            {"member_number": 1, "member_name": "Maria", "member_age": 40, "is_adult": 1},
            {
                "member_number": 2,
                "member_name": "Jose",
                "member_age": 38,
                "relationship": "spouse",
                "is_adult": 1,
            },
            {
                "member_number": 3,
                "member_name": "Lupe",
                "member_age": 10,
                "relationship": "child",
                "in_school": "yes",
                "is_adult": 0,
            },
        ],
        "adult_count": 2,
        "member_count": 3,
        "adults_shown": 2,
        "confirm": "OK",
    }
    page.close()
    settle(qtbot, queue)


def test_a_draft_on_version_1_still_opens_after_version_2(qtbot, queue, opened, page):
    first_id = page.cards[0].survey.id
    form = open_anonymously(qtbot, page)
    qtbot.keyClicks(focused(), "Rosa")
    form.close_form()
    qtbot.waitUntil(lambda: page.form is None)
    settle(qtbot, queue)

    second_id = publish(qtbot, queue, opened, "community_visit_v2.xlsx")
    page.refresh()
    qtbot.waitUntil(lambda: page.cards[0].survey.id == second_id)
    [card] = page.cards
    assert card.facts.text().startswith("Version 2 has ")
    assert "1 response in progress." in card.facts.text()
    draft_row = card.buttons[-1]
    assert "begun on version 1" in draft_row.accessibleName()

    press(qtbot, draft_row)
    qtbot.waitUntil(lambda: page.form is not None and page.form.isVisible())
    form = page.form
    assert (form.survey.id, form.survey.version) == (first_id, "1")
    assert form.block("follow_up") is None  # version 2's new question is not in it
    assert form.answers() == {"visitor_name": "Rosa"}
    tab_to(qtbot, choice(form, "county", "orange"))
    key(qtbot, Qt.Key.Key_Space)
    tab_to(qtbot, choice(form, "city", "santa_ana"))
    key(qtbot, Qt.Key.Key_Space)
    tab_to(qtbot, choice(form, "wants_call", "yes"))
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Space)
    tab_to(qtbot, control(form, "consent"))
    key(qtbot, Qt.Key.Key_Space)
    key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: page.form is None)
    settle(qtbot, queue)
    [saved] = responses(qtbot, queue, opened)
    assert (saved["survey_id"], saved["survey_version"]) == (first_id, "1")

    # A new response starts on the newest version.
    form = open_anonymously(qtbot, page)
    assert (form.survey.id, form.survey.version) == (second_id, "2")
    assert form.block("follow_up") is not None


def test_a_draft_on_a_version_hq_withdrew_is_still_listed_and_opens(qtbot, queue, opened, page):
    first = on_queue(qtbot, queue, lambda: opened.records.get(Kind.SURVEY, page.cards[0].survey.id))
    form = open_anonymously(qtbot, page)
    qtbot.keyClicks(focused(), "Rosa")
    form.close_form()
    qtbot.waitUntil(lambda: page.form is None)
    settle(qtbot, queue)
    second_id = publish(qtbot, queue, opened, "community_visit_v2.xlsx")
    withdrawn = {**first, "deleted": True}
    on_queue(qtbot, queue, lambda: opened.records.put_reference(Kind.SURVEY, withdrawn))
    page.refresh()
    qtbot.waitUntil(lambda: page.cards[0].survey.id == second_id)
    draft_row = page.cards[0].buttons[-1]
    assert "begun on version 1" in draft_row.accessibleName()
    press(qtbot, draft_row)
    qtbot.waitUntil(lambda: page.form is not None and page.form.isVisible())
    assert (page.form.survey.id, page.form.answers()) == (first["id"], {"visitor_name": "Rosa"})


def test_repeats_inside_a_repeat(qtbot, queue, opened):
    publish(qtbot, queue, opened, "outreach_rounds.xlsx")
    page = make_page(qtbot, queue, opened)
    form = open_anonymously(qtbot, page)
    form.language.setCurrentIndex(form.language.findData("es"))
    rounds = form.repeat("rounds")
    press(qtbot, rounds.add_button)
    assert focused() is control(form, "street", (1,))
    qtbot.keyClicks(focused(), "Main St")
    homes = form.repeat("homes", (1,))
    assert homes is not None and homes.instances == []
    tab_to(qtbot, homes.add_button)
    key(qtbot, Qt.Key.Key_Space)  # the inner Add: a home in the first round
    assert [frame.title.text() for frame in homes.instances] == ["Hogar 1"]
    assert focused() is control(form, "number", (1, 1))
    qtbot.keyClicks(focused(), "12")
    tab_to(qtbot, choice(form, "answered", "yes", (1, 1)))
    assert not shown(form, "spoke_with", (1, 1))
    key(qtbot, Qt.Key.Key_Space)
    assert shown(form, "spoke_with", (1, 1))  # a group without a title, shown by its condition
    assert tab_to(qtbot, control(form, "spoke_with", (1, 1))) == 2  # past "Clear the answer"
    qtbot.keyClicks(focused(), "Dora")
    key(qtbot, Qt.Key.Key_A, CTRL_SHIFT)  # inside a home: another home in the same round
    assert len(homes.instances) == 2
    qtbot.keyClicks(focused(), "14")

    rounds_add = rounds.add_button
    tab_to(qtbot, rounds_add)
    key(qtbot, Qt.Key.Key_Space)
    qtbot.keyClicks(focused(), "Oak Ave")
    second = form.repeat("homes", (2,))
    assert second is not None and second.instances == []

    # Removing the first round takes its homes with it, after asking.
    form.repeat("rounds").instances[0].remove_button.setFocus(Qt.FocusReason.TabFocusReason)
    key(qtbot, Qt.Key.Key_Space)
    frame = form.repeat("rounds").instances[0]
    assert frame.confirm.label.text() == "Remove Ronda de visitas 1? Its 5 answers will be lost."
    key(qtbot, Qt.Key.Key_Backtab)
    key(qtbot, Qt.Key.Key_Space)
    assert form.answers() == {"rounds": [{"street": "Oak Ave"}]}
    assert form.repeat("homes", (1,)).instances == []
    page.close()
    settle(qtbot, queue)
