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
