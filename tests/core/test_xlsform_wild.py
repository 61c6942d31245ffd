"""XLSForms as ODK, KoboToolbox, SurveyCTO and CommCare users write them.

Each form in ``tests/fixtures/xlsform_wild.py`` is read from its committed
.xlsx file. One that imports is answered through ``FormLogic`` and must do
what the XLSForm spec says, in each of its languages; one that is refused
must name every problem with its sheet, row and column, and say what is not
supported.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ocpsc_field.core.survey_logic import FormLogic, definition_problems, response_problems
from ocpsc_field.core.survey_model import Question, QuestionType, SurveyDefinition, walk
from ocpsc_field.core.xlsform import XLSFormError, read_xlsform
from tests.fixtures.make_xlsform_fixtures import HERE
from tests.fixtures.xlsform_wild import WILD_FORMS

TODAY = date(2026, 3, 2)
IMPORTED = sorted(name for name, wild in WILD_FORMS.items() if wild.expected is None)
REFUSED = sorted(name for name, wild in WILD_FORMS.items() if wild.expected is not None)


def imported(name: str) -> SurveyDefinition:
    return read_xlsform((HERE / f"wild_{name}.xlsx").read_bytes())


def problems_of(path: Path) -> list[tuple[Any, ...]]:
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path.read_bytes(), fallback_form_id=path.stem.removeprefix("broken_wild_"))
    return [
        (p.sheet, p.row, p.column, p.message.render(), *((p.position,) if p.position else ()))
        for p in caught.value.problems
    ]


def questions(definition: SurveyDefinition) -> dict[str, Question]:
    return {
        item.name: item
        for item in walk(definition.items, into_repeats=True)
        if isinstance(item, Question)
    }


def test_the_corpus_is_large_and_varied() -> None:
    assert len(WILD_FORMS) >= 25
    assert len(IMPORTED) >= 15 and len(REFUSED) >= 10


@pytest.mark.parametrize("name", IMPORTED)
def test_forms_from_other_tools_import_with_sound_logic(name: str) -> None:
    definition = imported(name)
    assert definition.question_count() > 0
    assert definition_problems(definition) == []


@pytest.mark.parametrize("name", REFUSED)
def test_unsupported_forms_are_refused_at_the_cell(name: str) -> None:
    expected = [tuple(entry) for entry in WILD_FORMS[name].expected or []]
    assert problems_of(HERE / f"broken_wild_{name}.xlsx") == expected


# --- KoboToolbox ---------------------------------------------------------------------


def test_kobo_household_in_english_and_french() -> None:
    definition = imported("kobo_household")
    assert definition.languages == ("en", "fr")
    assert definition.version == "vK9aT3pQ7xE2mR8sL4nW"
    found = questions(definition)
    assert {"start", "end", "today", "deviceid", "username"} <= set(found)
    assert found["hh_size"].required and found["hh_size"].hint["fr"] == "Comptez les bébés"
    # TRUE typed as an Excel boolean is required; FALSE is not.
    assert found["water"].required and not found["water_source"].required
    logic = FormLogic(definition)
    state = logic.evaluate({"hh_size": 40}, language="fr", today=TODAY)
    assert state.problem("hh_size").render() == "Entre 1 et 29"
    assert logic.evaluate({"hh_size": 40}, language="en").problem("hh_size").render() == (
        "Between 1 and 29"
    )
    assert not state.is_relevant("water_source")
    answers = {"hh_size": 4, "water": "no", "water_source": ["none", "well"]}
    state = logic.evaluate(answers, language="fr", today=TODAY)
    assert state.is_relevant("water_source")
    assert state.problem("water_source").render() == (
        "« Aucune » ne peut pas être choisie avec d'autres"
    )
    answers["water_source"] = ["well", "river"]
    assert response_problems(definition, answers, "fr", today=TODAY) == {}


def test_kobo_cascade_of_a_select_multiple() -> None:
    logic = FormLogic(imported("kobo_cascade_select_multiple"))
    names = [c.name for c in logic.evaluate({"Q1": ["1"]}).choices("Q2")]
    assert names == ["1", "2"]
    names = [c.name for c in logic.evaluate({"Q1": ["2", "3"]}).choices("Q2")]
    assert names == ["3", "4", "5", "6"]
    every = logic.evaluate({"Q1": ["1", "2", "3"]})
    assert every.value("C4") == "condition4"
    assert len(every.choices("Q2")) == 6
    assert logic.evaluate({}).choices("Q2") == ()


# --- ODK -----------------------------------------------------------------------------


def test_odk_cascade_with_extra_choice_columns_in_spanish() -> None:
    definition = imported("odk_cascade")
    assert definition.version == "2024031501"
    logic = FormLogic(definition)
    state = logic.evaluate({"county": "fresno"}, language="es")
    assert [c.name for c in state.choices("city")] == ["fresno_city", "clovis"]
    assert state.choices("city")[1].label == {"en": "Clovis", "es": "Clovis"}
    state = logic.evaluate({"county": "fresno", "city": "clovis"}, language="es")
    assert [c.name for c in state.choices("hood")] == ["old_town"]
    wrong = {"county": "tulare", "city": "clovis"}
    assert "city" in response_problems(definition, wrong, "es", today=TODAY)


def test_roster_counted_by_a_calculation() -> None:
    logic = FormLogic(imported("roster_counted"))
    answers: dict[str, Any] = {
        "adults": 2,
        "children": 1,
        "person": [
            {"person_name": "Ana", "person_income": 1200},
            {"person_name": "Luis", "person_income": 800},
            {"person_name": "Sol"},
        ],
    }
    state = logic.evaluate(answers, today=TODAY)
    assert state.value("people") == 3 and state.repeat_count("person") == 3
    assert [state.value("person_no", (i,)) for i in (1, 2, 3)] == [1, 2, 3]
    assert state.value("first_name", (3,)) == "Ana"
    assert not state.is_relevant("same_as_first", (1,))
    assert state.is_relevant("same_as_first", (2,))
    # As in ODK, sum() over an unanswered income is NaN, which stores no value.
    assert state.value("total_income") is None and state.value("listed") == 3
    answers["person"][2]["person_income"] = 0
    state = logic.evaluate(answers, today=TODAY)
    assert state.value("total_income") == 2000
    assert response_problems(logic.definition, answers, today=TODAY) == {}
    short = {**answers, "person": answers["person"][:2]}
    assert "person" in response_problems(logic.definition, short, today=TODAY)
    negative = logic.evaluate({**answers, "children": -1}, today=TODAY)
    assert negative.problem("children").render() == "Can't be negative"


def test_nested_repeats_count_their_own_entries() -> None:
    logic = FormLogic(imported("nested_repeats"))
    answers = {
        "visits": 2,
        "home": [
            {
                "address": "1 Elm",
                "n_occupants": 2,
                "adult": [{"adult_name": "A"}, {"adult_name": "B", "registered": "yes"}],
            },
            {"address": "2 Oak", "n_occupants": 0},
        ],
    }
    state = logic.evaluate(answers, today=TODAY)
    assert state.repeat_count("home") == 2
    assert state.repeat_count("adult", (1,)) == 2
    assert state.value("registered_here", (1,)) == 2
    assert not state.is_relevant("adult", (2,))
    assert response_problems(logic.definition, answers, today=TODAY) == {}


def test_hidden_group_in_traditional_chinese() -> None:
    definition = imported("hidden_group")
    assert definition.languages == ("en", "zh-Hant")
    # A version typed as a date and time keeps what the author saw.
    assert definition.version == "2026-03-01T10:30:00"
    logic = FormLogic(definition)
    child = logic.evaluate({"dob": "2015-06-01", "grade": 13}, language="zh-Hant", today=TODAY)
    assert child.value("age") == 10 and child.is_relevant("school_name")
    assert child.problem("grade").render() == "0 至 12"
    adult = logic.evaluate({"dob": "1990-06-01", "grade": 13}, language="zh-Hant", today=TODAY)
    assert not adult.is_relevant("grade") and adult.problem("grade") is None
    assert "grade" not in adult.answers_to_save()
    future = logic.evaluate({"dob": "2027-01-01"}, language="zh-Hant", today=TODAY)
    assert future.problem("dob").render() == "不能是未來的日期"


# --- SurveyCTO and CommCare ----------------------------------------------------------


def test_surveycto_single_colon_languages_and_disabled_rows() -> None:
    definition = imported("surveycto_intake")
    assert definition.languages == ("en", "es")
    found = questions(definition)
    # The disabled row is left out; "publishable" and an empty media:image change nothing.
    assert "old_question" not in found
    assert found["first_name"].label == {"en": "First name", "es": "Nombre"}
    assert found["first_name"].required_message == {"en": "We need a name"}
    assert found["senior_note"].read_only
    # The version is a formula Excel never computed here: the form's content names it.
    assert definition.version.startswith("auto-")
    logic = FormLogic(definition)
    state = logic.evaluate({"first_name": "Rosa", "age": 15}, language="es")
    assert state.problem("age").render() == "Solo adultos"
    state = logic.evaluate({"first_name": "Rosa", "age": 70}, language="es")
    assert state.value("senior") == "yes" and state.is_relevant("senior_note")


def test_surveycto_disabled_must_be_yes_or_no() -> None:
    form = WILD_FORMS["surveycto_intake"].form
    survey = [list(row) for row in form["survey"]]
    survey[3][13] = "${age} > 3"
    from tests.fixtures.make_xlsform_fixtures import workbook_bytes

    data = workbook_bytes({**form, "survey": [tuple(row) for row in survey]})
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(data)
    (problem,) = caught.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("survey", 4, "disabled")
    assert problem.message.render() == "Write yes or no here: disabled can't be a condition."


def test_commcare_names_with_dots_and_dashes() -> None:
    definition = imported("commcare_style")
    assert definition.form_id == "cc.visit-form" and definition.version == "7"
    logic = FormLogic(definition)
    assert not logic.evaluate({"visit-type": "1"}).is_relevant("follow.up.reason")
    state = logic.evaluate({"visit-type": "2"})
    assert state.is_relevant("follow.up.reason") and state.is_required("follow.up.reason")


# --- spellings -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["message_spellings", "message_spellings_spaced"])
def test_every_spelling_of_the_messages(name: str) -> None:
    definition = imported(name)
    found = questions(definition)
    first = next(iter(found.values()))
    assert first.constraint_message == {"en": "Under ten"}
    assert first.required and first.required_message["en"].endswith("is needed")
    state = FormLogic(definition).evaluate({first.name: 12})
    assert state.problem(first.name).render() == "Under ten"


def test_settings_aliases_name_the_form() -> None:
    definition = imported("message_spellings")
    assert (definition.form_id, definition.version) == ("spellings", "1")
    assert definition.title == {"en": "Spellings"}


def test_every_spelling_of_required() -> None:
    found = questions(imported("required_spellings"))
    required = {name for name, question in found.items() if question.required}
    assert required == {"r_yes", "r_cap", "r_bool", "r_func", "r_one"}
    assert found["r_cond"].required_if == "${r_no} != ''"
    logic = FormLogic(imported("required_spellings"))
    assert not logic.evaluate({}).is_required("r_cond")
    assert logic.evaluate({"r_no": "x"}).is_required("r_cond")


def test_defaults_of_each_type_and_read_only() -> None:
    definition = imported("defaults_and_read_only")
    found = questions(definition)
    assert found["site"].read_only and found["site_note"].read_only
    answers = FormLogic(definition).initial_answers(today=TODAY)
    assert answers == {
        "visit_date": "2026-03-02",
        "program_start": "2026-01-05",
        "adults": 1,
        "rent": 1250.5,
        "consent": "yes",
        "langs": ["en", "es"],
        "visit_time": "09:30",
        "site": "Fresno Center",
    }
    assert response_problems(definition, answers, today=TODAY) == {}


def test_markdown_and_references_in_labels_are_kept() -> None:
    found = questions(imported("markdown_labels"))
    assert found["name"].label["en"] == "# Welcome\nWhat is your **name**?"
    assert found["hi"].hint["en"] == "See [our site](https://example.org)"
    assert found["ok"].type is QuestionType.ACKNOWLEDGE
    assert found["ok2"].type is QuestionType.ACKNOWLEDGE


def test_appearances_that_only_change_the_look_are_kept() -> None:
    found = questions(imported("appearances"))
    assert found["q1"].appearance == "likert"
    assert found["q4"].appearance == "multiline w4"


def test_harmless_settings_are_accepted() -> None:
    definition = imported("settings_everything")
    assert definition.form_id == "everything_v2" and definition.version == "202403150"
    assert definition.title == {"en": "Everything"}


def test_count_selected_and_selected_at() -> None:
    logic = FormLogic(imported("count_selected_logic"))
    state = logic.evaluate({"services": ["food", "clinic", "legal", "housing"]})
    assert state.problem("services").render() == "Pick at most three"
    state = logic.evaluate({"services": ["clinic", "food"], "food_visits": 0})
    assert state.is_relevant("food_visits")
    assert state.problem("food_visits").render() == "At least one, since food was picked"
    assert state.value("first_service") == "clinic" and state.value("n_services") == 2
    assert state.is_relevant("first_note") and not state.is_relevant("why_none")
    nothing = logic.evaluate({})
    assert nothing.is_relevant("why_none") and not nothing.is_relevant("first_note")


def test_capitals_in_sheet_names_headers_and_language() -> None:
    definition = imported("upper_case")
    assert definition.form_id == "YesNo" and definition.default_language == "en"
    assert questions(definition)["q1"].required


def test_a_language_by_name_and_by_name_with_code_is_one_language() -> None:
    definition = imported("language_name_variants")
    assert definition.languages == ("en", "es")
    color = questions(definition)["color"]
    assert color.label == {"en": "Favorite color", "es": "Color favorito"}
    assert color.hint == {"en": "Pick one", "es": "Elija uno"}
    assert color.choices[0].label == {"en": "Red", "es": "Rojo"}


def test_language_names_from_forms_made_elsewhere() -> None:
    definition = imported("world_languages")
    assert definition.languages == ("en", "sw", "lg", "bn")
    children = questions(definition)["children"]
    assert children.label["sw"] == "Watoto wangapi?" and children.label["bn"] == "কতজন শিশু?"
    state = FormLogic(definition).evaluate({"children": "x"}, language="sw")
    assert response_problems(definition, {"children": 2}, "sw") == {}
    assert state.is_relevant("children")


def test_empty_template_columns_and_sheets_change_nothing() -> None:
    definition = imported("template_leftovers")
    assert [q.name for q in questions(definition).values()] == ["q"]


def test_or_other_in_english_and_vietnamese() -> None:
    definition = imported("or_other_two_languages")
    found = questions(definition)
    assert found["heard"].choices[-1].label == {"en": "Other", "vi": "Khác"}
    assert found["needs_other"].label == {"en": "Specify other", "vi": "Ghi rõ khác"}
    logic = FormLogic(definition)
    state = logic.evaluate({"heard": "other"}, language="vi")
    assert state.is_relevant("heard_other") and not state.is_relevant("needs_other")
    state = logic.evaluate({"heard": "radio", "needs": ["rent", "other"]}, language="vi")
    assert not state.is_relevant("heard_other") and state.is_relevant("needs_other")
