"""Survey forms with logic, filled in with the keyboard on a real profile.

The forms are XLSForms from ``tests/fixtures/xlsform`` read by the importer:
skip logic, constraints, calculations, cascading choices, repeats, in
English, Spanish and Chinese. What the tests compare is what the store
saved, read back through the same database queue the page uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ocpsc_field.ui.screenshots import type_text
from ocpsc_field.ui.tasks import DatabaseQueue
from tests.fixtures.make_xlsform_fixtures import HERE
from tests.fixtures.xlsform_visit import all_files
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
    open_anonymously,
    publish,
    responses,
    settle,
    shown,
    tab_to,
    type_into,
)

LOCAL_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")


@pytest.fixture
def queue(opened) -> Iterator[DatabaseQueue]:
    database_queue = DatabaseQueue()
    yield database_queue
    database_queue.shutdown()


@pytest.fixture
def visit(qtbot, queue, opened):
    """The community visit form published, and the surveys page showing it."""
    survey_id = publish(qtbot, queue, opened, "community_visit.xlsx")
    page = make_page(qtbot, queue, opened)
    yield survey_id, page
    page.close()
    settle(qtbot, queue)


@pytest.mark.parametrize("name", sorted(all_files()))
def test_committed_visit_fixture_matches_its_rows(name):
    from ocpsc_field.core.xlsform_sheets import read_workbook

    committed = read_workbook((HERE / name).read_bytes())
    built = read_workbook(all_files()[name])
    assert [(s.title, s.rows) for s in committed] == [(s.title, s.rows) for s in built]


def test_fill_in_spanish_by_keyboard_with_logic_and_a_roster(qtbot, queue, opened, visit):
    survey_id, page = visit
    form = open_anonymously(qtbot, page)
    assert form.current_language() == "en"
    form.language.setFocus(Qt.FocusReason.TabFocusReason)
    key(qtbot, Qt.Key.Key_Down)  # English -> Español
    assert form.current_language() == "es"
    assert form.block("visitor_name").label.text() == "Su nombre (required)"
    assert form.remaining.text() == "5 required questions left."

    type_into(qtbot, form, "visitor_name", "Rosa")
    tab_to(qtbot, choice(form, "county", "orange"))
    key(qtbot, Qt.Key.Key_Space)
    # The cities follow the county: only Orange County's are offered.
    city = form.block("city").widget
    offered = [name for name, button in city.buttons.items() if button.isVisibleTo(form)]
    assert offered == ["santa_ana", "westminster"]
    tab_to(qtbot, choice(form, "city", "santa_ana"))
    key(qtbot, Qt.Key.Key_Space)

    # A constraint speaks once the answer is finished, in the respondent's language.
    type_into(qtbot, form, "bedrooms", "30")
    assert error(form, "bedrooms") == ""  # not while typing
    key(qtbot, Qt.Key.Key_Tab)
    assert error(form, "bedrooms") == "De 0 a 12 dormitorios."
    key(qtbot, Qt.Key.Key_Backtab)
    assert focused() is control(form, "bedrooms")
    key(qtbot, Qt.Key.Key_End)
    key(qtbot, Qt.Key.Key_Backspace)  # "3": fixed, the message goes at once
    assert error(form, "bedrooms") == ""

    # The roster starts empty; Add (Ctrl+Shift+A) puts the focus in the new entry.
    people = form.repeat("people")
    assert people.instances == []
    key(qtbot, Qt.Key.Key_A, CTRL_SHIFT)
    assert [frame.title.text() for frame in people.instances] == ["Persona 1"]
    assert focused() is control(form, "person_name", (1,))
    qtbot.keyClicks(focused(), "Ana")
    type_into(qtbot, form, "person_age", "34", (1,))
    assert not shown(form, "in_school", (1,))  # only asked of people under 18
    tab_to(qtbot, choice(form, "speaks", "es", (1,)))
    key(qtbot, Qt.Key.Key_Space)

    key(qtbot, Qt.Key.Key_A, CTRL_SHIFT)
    assert [frame.title.text() for frame in people.instances] == ["Persona 1", "Persona 2"]
    qtbot.keyClicks(focused(), "Leo")
    type_into(qtbot, form, "person_age", "9", (2,))
    assert shown(form, "in_school", (2,))
    tab_to(qtbot, choice(form, "in_school", "yes", (2,)))
    key(qtbot, Qt.Key.Key_Space)
    assert not shown(form, "speaks_other", (2,))
    tab_to(qtbot, choice(form, "speaks", "other", (2,)))
    key(qtbot, Qt.Key.Key_Space)
    assert shown(form, "speaks_other", (2,))  # or_other: the "Other" box appears
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is control(form, "speaks_other", (2,))
    qtbot.keyClicks(focused(), "Mixteco")

    # Calculations follow the roster: the read-only total and the note that shows it.
    assert form.block("children_shown").widget.value() == 1
    assert control(form, "children_shown").isReadOnly()
    assert form.block("summary").label.text() == "Rosa: 1 menores en el hogar."

    type_into(qtbot, form, "best_time", "1430")
    assert not shown(form, "phone_note")
    tab_to(qtbot, choice(form, "wants_call", "yes"))
    key(qtbot, Qt.Key.Key_Space)
    assert shown(form, "phone_note")
    assert form.block("phone_note").label.text() == "¿A qué número llamamos? (required)"
    type_into(qtbot, form, "phone_note", "714555")
    key(qtbot, Qt.Key.Key_Tab)
    assert error(form, "phone_note") == "Escriba al menos 7 dígitos."
    key(qtbot, Qt.Key.Key_Backtab)
    key(qtbot, Qt.Key.Key_End)
    qtbot.keyClicks(focused(), "0")
    assert error(form, "phone_note") == ""
    assert form.remaining.text() == "1 required question left."
    tab_to(qtbot, control(form, "consent"))
    key(qtbot, Qt.Key.Key_Space)
    assert form.remaining.text() == "All required questions shown are answered."

    key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: page.form is None)
    settle(qtbot, queue)
    [saved] = responses(qtbot, queue, opened)
    stored = (saved["survey_id"], saved["survey_version"], saved["language"])
    assert stored == (survey_id, "1", "es")
    answers = dict(saved["answers"])
    assert LOCAL_TIME.fullmatch(answers.pop("started_at"))
    assert answers == {
        "day": date.today().isoformat(),
        "visitor_name": "Rosa",
        "county": "orange",
        "city": "santa_ana",
        "bedrooms": 3,
        "people": [
            {"person_name": "Ana", "person_age": 34, "speaks": ["es"], "is_child": 0},
            {
                "person_name": "Leo",
                "person_age": 9,
                "in_school": "yes",
                "speaks": ["other"],
                "speaks_other": "Mixteco",
                "is_child": 1,
            },
        ],
        "child_count": 1,
        "children_shown": 1,
        "best_time": "14:30",
        "wants_call": "yes",
        "phone_note": "7145550",
        "consent": "OK",
    }
    assert drafts(qtbot, queue, opened) == []


def test_chinese_required_first_then_a_cascading_change(qtbot, queue, opened, visit):
    survey_id, page = visit
    form = open_anonymously(qtbot, page)
    form.language.setFocus(Qt.FocusReason.TabFocusReason)
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Down)  # English -> Español -> 中文
    assert form.current_language() == "zh-Hant"
    name = form.block("visitor_name")
    assert name.label.text() == "您的名字 (required)"
    # The hint has no Chinese text: the English one is shown, and marked as such.
    assert name.hint.text() == "As you like to be called."
    assert name.translation.isVisibleTo(form)
    assert "shown in English" in name.translation.text()
    assert not form.block("county").translation.isVisibleTo(form)

    # Saving with nothing answered: every required question says so, focus on the first.
    key(qtbot, Qt.Key.Key_S, CTRL)
    settle(qtbot, queue)
    assert page.form is form
    assert form.notice.label.text().startswith("5 questions need attention")
    for question in ("visitor_name", "county", "city", "wants_call", "consent"):
        assert error(form, question) == "This question needs an answer.", question
    assert focused() is control(form, "visitor_name")
    type_text(focused(), "陳美玲")
    assert error(form, "visitor_name") == ""  # fixed: its message goes at once

    tab_to(qtbot, choice(form, "county", "orange"))
    key(qtbot, Qt.Key.Key_Down)  # the arrow moves to Fresno
    key(qtbot, Qt.Key.Key_Space)
    assert form.block("county").widget.value() == "fresno"
    city = form.block("city").widget
    assert [n for n, b in city.buttons.items() if b.isVisibleTo(form)] == ["fresno_city", "clovis"]
    assert city.labels["clovis"].text() == "克洛維斯"
    tab_to(qtbot, choice(form, "city", "fresno_city"))
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Space)
    assert city.value() == "clovis"

    # Another county: Clovis is not in it, so the city is cleared and asked again.
    tab_to(qtbot, choice(form, "county", "fresno"))
    key(qtbot, Qt.Key.Key_Up)
    key(qtbot, Qt.Key.Key_Space)
    assert form.block("county").widget.value() == "orange"
    assert city.value() is None
    assert [n for n, b in city.buttons.items() if b.isVisibleTo(form)] == [
        "santa_ana",
        "westminster",
    ]
    assert error(form, "city") == "This question needs an answer."
    tab_to(qtbot, choice(form, "city", "santa_ana"))
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Space)
    tab_to(qtbot, choice(form, "wants_call", "yes"))
    key(qtbot, Qt.Key.Key_Down)  # 否 (no): the phone question stays hidden
    key(qtbot, Qt.Key.Key_Space)
    assert not shown(form, "phone_note")
    tab_to(qtbot, control(form, "consent"))
    key(qtbot, Qt.Key.Key_Space)

    key(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: page.form is None)
    settle(qtbot, queue)
    [saved] = responses(qtbot, queue, opened)
    assert (saved["survey_id"], saved["language"]) == (survey_id, "zh-Hant")
    answers = dict(saved["answers"])
    answers.pop("started_at")
    assert answers == {
        "day": date.today().isoformat(),
        "visitor_name": "陳美玲",
        "county": "orange",
        "city": "westminster",
        "child_count": 0,
        "children_shown": 0,
        "wants_call": "no",
        "consent": "OK",
    }


def test_enter_moves_on_and_never_saves(qtbot, queue, opened, visit):
    _survey_id, page = visit
    form = open_anonymously(qtbot, page)
    assert focused() is control(form, "visitor_name")
    qtbot.keyClicks(focused(), "Rosa")
    key(qtbot, Qt.Key.Key_Return)
    assert focused() is choice(form, "county", "orange")
    tab_to(qtbot, control(form, "bedrooms"))
    key(qtbot, Qt.Key.Key_Return)
    settle(qtbot, queue)
    assert page.form is form
    assert responses(qtbot, queue, opened) == []
    assert error(form, "county") == ""  # no attempt to save was made


def test_jump_to_the_next_unanswered_question(qtbot, queue, opened, visit):
    _survey_id, page = visit
    form = open_anonymously(qtbot, page)
    qtbot.keyClicks(focused(), "Rosa")
    key(qtbot, Qt.Key.Key_J, CTRL)
    assert focused() is choice(form, "county", "orange")
    key(qtbot, Qt.Key.Key_J, CTRL)
    # The city is next, but offers nothing until a county is chosen; then wants_call.
    assert focused() is choice(form, "wants_call", "yes")
    key(qtbot, Qt.Key.Key_J, CTRL)
    assert focused() is control(form, "consent")
    key(qtbot, Qt.Key.Key_J, CTRL)
    assert focused() is choice(form, "county", "orange")  # round again


def test_calculations_read_only_and_conditions_in_every_type(qtbot, queue, opened):
    publish(qtbot, queue, opened, "every_type.xlsx")
    page = make_page(qtbot, queue, opened)
    form = open_anonymously(qtbot, page)
    # Defaults: a number, a time, ticked choices; the calculation follows the age.
    assert form.block("age").widget.value() == 30
    assert form.block("best_time").widget.value() == "09:30"
    assert form.block("age_next_year").widget.value() == 31
    assert control(form, "age_next_year").isReadOnly()
    assert form.block("consent").label.text() == "I agree (required)"  # adults must agree

    tab_to(qtbot, control(form, "age"))
    qtbot.keyClicks(focused(), "12")  # all the text was selected: now 12
    assert form.block("age_next_year").widget.value() == 13
    assert form.block("consent").label.text() == "I agree"

    # A choice is finished when it is made: its constraint speaks at once.
    tab_to(qtbot, choice(form, "topics", "jobs"))
    key(qtbot, Qt.Key.Key_Space)
    assert error(form, "topics") == "Pick two at most."
    key(qtbot, Qt.Key.Key_Space)
    assert error(form, "topics") == ""

    # The place list (a drop-down) offers the chosen region's places only.
    place = form.block("place").widget
    assert place.combo.count() == 1  # "Not answered": no region yet
    tab_to(qtbot, choice(form, "region", "north"))
    key(qtbot, Qt.Key.Key_Space)
    assert [place.combo.itemText(i) for i in range(place.combo.count())] == [
        "Not answered",
        "Redding",
    ]
    # In Spanish the section's hint has no text: the English one, marked.
    form.language.setCurrentIndex(form.language.findData("es"))
    extra = next(section for section in form.sections if section.name == "extra")
    assert extra.title.text() == "Más"
    assert extra.hint.text() == "Optional.\nNot translated into Spanish: shown in English."
    assert place.combo.itemText(1) == "Redding"
    page.close()
    settle(qtbot, queue)


def test_every_control_of_a_form_with_entries_is_named(qtbot, queue, opened, visit):
    _survey_id, page = visit
    form = open_anonymously(qtbot, page)
    key(qtbot, Qt.Key.Key_A, CTRL_SHIFT)
    key(qtbot, Qt.Key.Key_A, CTRL_SHIFT)
    unnamed = [
        f"{type(widget).__name__} in {type(widget.parent()).__name__}"
        for widget in form.findChildren(QWidget)
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and not widget.accessibleName()
    ]
    assert unnamed == []
    frame = form.repeat("people").instances[1]
    assert frame.remove_button.accessibleName() == "Remove Person 2"
    assert form.repeat("people").add_button.accessibleName() == "Add an entry to Person"


FIXTURE_FORMS = sorted(
    path.name
    for path in HERE.glob("*.xlsx")
    if not path.name.startswith(("broken_", "not_a_workbook"))
)


@pytest.mark.parametrize("file_name", FIXTURE_FORMS)
def test_every_fixture_form_opens_in_each_language_and_tabs_through(
    qtbot, queue, opened, file_name
):
    publish(qtbot, queue, opened, file_name)
    page = make_page(qtbot, queue, opened)
    form = open_anonymously(qtbot, page)
    for tag in form.definition.languages:
        form.language.setCurrentIndex(form.language.findData(tag))
        assert form.current_language() == tag
        labels = [b.label.text() for b in form.live.tree.blocks() if b.isVisibleTo(form)]
        assert all(labels), "every question shown has a label"
    # Tab visits every control shown, in order, and comes back round.
    start = form.language
    start.setFocus(Qt.FocusReason.TabFocusReason)
    seen = []
    for _press in range(400):
        key(qtbot, Qt.Key.Key_Tab)
        if focused() is start:
            break
        seen.append(focused())
    else:
        names = [f"{type(w).__name__}:{w.accessibleName()}" for w in seen[:30]]
        raise AssertionError(f"Tab never came back round: {names}")
    chain = [w for w in form.live.tree.focus_chain() if w.isVisibleTo(form) and w.isEnabled()]
    # (Tab moves through a date's day, month and year before leaving it.)
    reached = list(dict.fromkeys(w for w in seen if w in chain))
    assert reached == [w for w in chain if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    # Saving now either saves or says what is missing; it never fails otherwise.
    key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: page.form is None or form.notice.isVisible())
    page.close()
    settle(qtbot, queue)


def test_what_the_form_records_itself_and_its_defaults_are_saved(qtbot, queue, opened):
    publish(qtbot, queue, opened, "every_type.xlsx")
    page = make_page(qtbot, queue, opened)
    form = open_anonymously(qtbot, page)
    assert focused() is control(form, "full_name")
    qtbot.keyClicks(focused(), "  Rosa Díaz ".replace("í", "i"))
    tab_to(qtbot, choice(form, "region", "north"))
    key(qtbot, Qt.Key.Key_Space)
    tab_to(qtbot, control(form, "consent"))
    key(qtbot, Qt.Key.Key_Space)
    key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: page.form is None)
    settle(qtbot, queue)
    [saved] = responses(qtbot, queue, opened)
    answers = dict(saved["answers"])
    assert LOCAL_TIME.fullmatch(answers.pop("started_at"))
    assert LOCAL_TIME.fullmatch(answers.pop("ended_at"))
    assert answers == {
        "day": date.today().isoformat(),
        "device": opened.actor.device,
        "user": opened.actor.user,
        "full_name": "Rosa Diaz",  # trimmed
        "age": 30,
        "income": 0.5,
        "birthday": "1990-01-31",
        "best_time": "09:30",
        "region": "north",
        "topics": ["food", "rent"],
        "consent": "OK",
        "children": 0,
        "double_age": 60,
        "age_next_year": 31,
    }
    page.close()
    settle(qtbot, queue)


def test_a_hidden_answer_is_kept_while_editing_and_left_out_when_saved(qtbot, queue, opened, visit):
    _survey_id, page = visit
    form = open_anonymously(qtbot, page)
    qtbot.keyClicks(focused(), "Rosa")
    tab_to(qtbot, choice(form, "county", "orange"))
    key(qtbot, Qt.Key.Key_Space)
    tab_to(qtbot, choice(form, "city", "santa_ana"))
    key(qtbot, Qt.Key.Key_Space)
    tab_to(qtbot, choice(form, "wants_call", "yes"))
    key(qtbot, Qt.Key.Key_Space)
    type_into(qtbot, form, "phone_note", "7145550123")
    tab_to(qtbot, choice(form, "wants_call", "yes"))
    key(qtbot, Qt.Key.Key_Down)  # no: the number is hidden, not thrown away
    assert not shown(form, "phone_note")
    key(qtbot, Qt.Key.Key_Up)  # yes again: it is back
    assert form.block("phone_note").widget.value() == "7145550123"
    key(qtbot, Qt.Key.Key_Down)
    assert form.answers()["phone_note"] == "7145550123"  # still in the draft
    tab_to(qtbot, control(form, "consent"))
    key(qtbot, Qt.Key.Key_Space)
    key(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: page.form is None)
    settle(qtbot, queue)
    [saved] = responses(qtbot, queue, opened)
    assert saved["answers"]["wants_call"] == "no"
    assert "phone_note" not in saved["answers"]
