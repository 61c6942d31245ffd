"""Imported XLSForms run by the survey logic engine: what the spreadsheets say is what happens."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ocpsc_field.core.survey import SurveyDefinition
from ocpsc_field.core.survey_logic import FormLogic, definition_problems, response_problems
from ocpsc_field.core.xlsform import read_xlsform
from tests.fixtures.make_xlsform_fixtures import HERE
from tests.fixtures.xlsform_forms import GOOD_FORMS

TODAY = date(2026, 3, 2)


def imported(name: str) -> SurveyDefinition:
    return read_xlsform((Path(HERE) / f"{name}.xlsx").read_bytes(), fallback_form_id=name)


@pytest.mark.parametrize("name", sorted(GOOD_FORMS))
def test_imported_forms_have_no_logic_problems(name: str) -> None:
    assert definition_problems(imported(name)) == []


def test_household_roster_counts_and_calculates() -> None:
    logic = FormLogic(imported("household_roster"))
    answers = {
        "respondent": "Luz",
        "hh_size": 2,
        "members": [
            {"member_name": "Luz", "member_age": 40},
            {"member_name": "Ana", "member_age": 9, "relationship": "child", "in_school": "yes"},
        ],
        "confirm": "OK",
    }
    state = logic.evaluate(answers, language="es", today=TODAY)
    assert state.repeat_count("members") == 2
    # Positions in repeats count from 1, like position(..).
    assert state.value("member_number", (2,)) == 2
    assert state.value("is_adult", (1,)) == 1 and state.value("is_adult", (2,)) == 0
    assert state.value("adult_count") == 1 and state.value("member_count") == 2
    # The relationship is asked from the second person on; school only for ages 5 to 18.
    assert not state.is_relevant("relationship", (1,)) and state.is_relevant("relationship", (2,))
    assert not state.is_relevant("in_school", (1,)) and state.is_relevant("in_school", (2,))
    assert response_problems(logic.definition, answers, "es", today=TODAY) == {}
    too_old = {
        **answers,
        "members": [{"member_name": "Luz", "member_age": 130}, answers["members"][1]],
    }
    problems = response_problems(logic.definition, too_old, "es", today=TODAY)
    assert problems["members[1]/member_age"].render() == "Una edad de 0 a 119."


def test_cascading_selects_offer_only_matching_choices() -> None:
    logic = FormLogic(imported("cascading_selects"))
    state = logic.evaluate({"county": "kern"}, today=TODAY)
    assert [choice.name for choice in state.choices("city")] == ["delano", "arvin"]
    state = logic.evaluate({"county": "orange", "city": "santa_ana"}, today=TODAY)
    assert [choice.name for choice in state.choices("zip")] == ["92701", "92703"]
    assert [choice.name for choice in state.choices("other_city")] == ["westminster"]
    wrong = {"county": "kern", "city": "santa_ana"}
    assert "city" in response_problems(logic.definition, wrong, today=TODAY)


def test_or_other_question_shows_only_for_other() -> None:
    logic = FormLogic(imported("or_other"))
    assert not logic.evaluate({"heard_from": "radio"}, today=TODAY).is_relevant("heard_from_other")
    assert logic.evaluate({"heard_from": "other"}, today=TODAY).is_relevant("heard_from_other")
    state = logic.evaluate({"help_with": ["food", "other"]}, today=TODAY)
    assert state.is_relevant("help_with_other")


def test_stronger_together_defaults_and_constraints() -> None:
    logic = FormLogic(imported("stronger_together"))
    assert logic.initial_answers(today=TODAY)["survey_date"] == "2026-03-02"
    future = {"survey_date": "2026-04-01"}
    state = logic.evaluate(future, language="es", today=TODAY)
    problem = state.problem("survey_date")
    assert problem is not None and problem.render() == "La fecha no puede ser futura."
    state = logic.evaluate({"people_needs": ["staff"]}, today=TODAY)
    assert state.is_relevant("people_detail") and not state.is_relevant("places_detail")
