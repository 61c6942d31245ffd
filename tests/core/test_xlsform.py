"""XLSForm import on realistic workbooks: forms that import fully, and forms refused precisely."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

from ocpsc_field.core.geo import COUNTIES
from ocpsc_field.core.survey import (
    Group,
    GroupKind,
    Question,
    QuestionType,
    SurveyDefinition,
    definition_to_json,
    label_for,
    parse_definition,
    validate_answers,
    walk,
)
from ocpsc_field.core.xlsform import XLSFormError, read_xlsform
from ocpsc_field.core.xlsform_sheets import read_workbook
from tests.fixtures.make_xlsform_fixtures import HERE, all_fixtures
from tests.fixtures.xlsform_broken import BROKEN_FORMS
from tests.fixtures.xlsform_forms import GOOD_FORMS


def imported(name: str) -> SurveyDefinition:
    return read_xlsform((HERE / f"{name}.xlsx").read_bytes(), fallback_form_id=name)


def items_of(definition: SurveyDefinition) -> dict[str, Question | Group]:
    return {item.name: item for item in walk(definition.items, into_repeats=True)}


def question(definition: SurveyDefinition, name: str) -> Question:
    found = items_of(definition)[name]
    assert isinstance(found, Question)
    return found


def problems_of(path: Path) -> list[tuple[Any, ...]]:
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path.read_bytes())
    return [
        (p.sheet, p.row, p.column, p.message.render())
        + (() if p.position is None else (p.position,))
        for p in caught.value.problems
    ]


# --- the committed files are what the builder makes ------------------------------------------


@functools.cache
def built_fixtures() -> dict[str, bytes]:
    return all_fixtures()


@pytest.mark.parametrize("name", sorted(built_fixtures()))
def test_committed_fixture_matches_its_builder(name: str) -> None:
    built = built_fixtures()[name]
    committed = (HERE / name).read_bytes()
    if not name.endswith(".xlsx") or name == "not_a_workbook.xlsx":
        assert committed == built
        return
    as_rows = [(sheet.title, sheet.rows) for sheet in read_workbook(committed)]
    assert as_rows == [(sheet.title, sheet.rows) for sheet in read_workbook(built)]


# --- forms that import ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(GOOD_FORMS))
def test_good_forms_import_and_survive_a_json_round_trip(name: str) -> None:
    definition = imported(name)
    written = json.loads(json.dumps(definition_to_json(definition)))
    assert written["format_version"] == 2
    assert parse_definition(written) == definition
    assert definition.question_count() > 0


def test_stronger_together_in_four_languages() -> None:
    definition = imported("stronger_together")
    assert (definition.form_id, definition.version) == ("stronger_together_map", "2026.2")
    assert definition.languages == ("en", "es", "zh-Hant", "vi")
    assert definition.title == {"en": "Stronger Together: community assets and needs"}
    items = items_of(definition)
    areas = ["people", "places", "relationships", "technology", "programs", "funding", "data"]
    assert [item.name for item in definition.items if isinstance(item, Group)] == areas
    people = items["people"]
    assert isinstance(people, Group) and people.appearance == "field-list"
    assert people.label["zh-Hant"] == "人員" and people.label["vi"] == "Con người"
    has = question(definition, "technology_has")
    assert has.type is QuestionType.SELECT_MULTIPLE and has.or_other
    assert has.choice_names() == ("laptops", "hotspots", "texting", "other")
    assert has.choices[-1].label == {"en": "Other", "es": "Otro", "zh-Hant": "其他", "vi": "Khác"}
    assert label_for(has.label, "zh-Hant") == "貴機構擁有哪些科技方面的資源？"
    other = question(definition, "technology_has_other")
    assert other.relevant == "selected(${technology_has}, 'other')"
    assert other.label["vi"] == "Ghi rõ khác"
    assert question(definition, "data_detail").appearance == "multiline"
    county = question(definition, "county")
    assert len(county.choices) == len(COUNTIES) == 58 and county.required
    date = question(definition, "survey_date")
    assert date.default_expression == "today()" and date.constraint == ". <= today()"
    assert date.constraint_message["es"] == "La fecha no puede ser futura."
    name = question(definition, "organization_name")
    assert name.required_message == {
        "en": "Enter your organization's name.",
        "es": "Escriba el nombre de su organización.",
    }
    assert question(definition, "share_answers").type is QuestionType.ACKNOWLEDGE
    assert {question(definition, n).type for n in ("started_at", "day", "ended_at")} == {
        QuestionType.START,
        QuestionType.TODAY,
        QuestionType.END,
    }


def test_stronger_together_answers_validate_in_spanish() -> None:
    definition = imported("stronger_together")
    errors = validate_answers(definition, {}, "es")
    assert list(errors) == [
        "organization_name",
        "county",
        "languages_served",
        "survey_date",
        "share_answers",
    ]
    assert errors["organization_name"].render() == "Escriba el nombre de su organización."
    good = {
        "organization_name": "Hmong Family Center",
        "county": "fresno",
        "languages_served": ["en", "vi"],
        "survey_date": "2026-02-01",
        "technology_needs": ["hotspots", "other"],
        "technology_needs_other": "Printers",
        "share_answers": "OK",
    }
    assert validate_answers(definition, good, "es") == {}


def test_household_roster_repeat_with_count_and_calculations() -> None:
    definition = imported("household_roster")
    members = items_of(definition)["members"]
    assert isinstance(members, Group) and members.kind is GroupKind.REPEAT
    assert members.repeat_count == "${hh_size}"
    assert [child.name for child in members.children] == [
        "member_number",
        "member_name",
        "member_age",
        "relationship",
        "in_school",
        "is_adult",
    ]
    assert question(definition, "member_number").calculation == "position(..)"
    assert question(definition, "adult_count").calculation == "sum(${is_adult})"
    assert question(definition, "member_count").calculation == "count(${members})"
    shown = question(definition, "adults_shown")
    assert shown.read_only and shown.calculation == "${adult_count}"
    assert question(definition, "in_school").default == "yes"
    assert definition.repeat_paths()["member_age"] == ("members",)
    age = question(definition, "member_age")
    assert age.constraint_message == {"en": "An age from 0 to 119.", "es": "Una edad de 0 a 119."}
    answers = {
        "respondent": "Luz",
        "hh_size": 2,
        "members": [
            # Answer validation is static (skip logic is the survey logic engine's), so the
            # relationship asked only from the second member on is given here too.
            {
                "member_number": 1,
                "member_name": "Luz",
                "member_age": 40,
                "relationship": "parent",
                "is_adult": 1,
            },
            {"member_number": 2, "member_name": "Ana", "member_age": 9, "relationship": "child"},
        ],
        "confirm": "OK",
    }
    assert validate_answers(definition, answers, "en") == {}
    missing = validate_answers(definition, {**answers, "members": [{}]}, "en")
    assert set(missing) == {
        "members[1]/member_name",
        "members[1]/member_age",
        "members[1]/relationship",
    }


def test_nested_groups_keep_their_depth_and_single_language() -> None:
    definition = imported("nested_groups")
    assert definition.languages == ("en",) and definition.default_language == "en"
    intake = definition.items[0]
    assert isinstance(intake, Group) and intake.name == "intake"
    housing = next(c for c in intake.children if c.name == "housing")
    assert isinstance(housing, Group) and housing.relevant == "${has_housing} = 'no'"
    shelter = next(c for c in housing.children if c.name == "shelter")
    assert isinstance(shelter, Group) and shelter.hint == {"en": "Only if they want a referral"}
    assert [c.name for c in shelter.children] == ["wants_referral", "shelter_notes"]
    wrap_up = definition.items[1]
    assert isinstance(wrap_up, Group) and wrap_up.label == {}


def test_cascading_selects_carry_the_columns_their_filters_read() -> None:
    definition = imported("cascading_selects")
    city = question(definition, "city")
    assert city.choice_filter == "county = ${county}" and city.choice_list == "city"
    assert city.choices[0].filter_values() == {"county": "orange", "name": "santa_ana"}
    zip_code = question(definition, "zip")
    assert zip_code.choices[0].columns == {"city": "santa_ana"}
    assert zip_code.choice_names()[:2] == ("92701", "92703")
    other_city = question(definition, "other_city")
    assert other_city.choices[0].columns == {"county": "orange"}
    assert question(definition, "county").choices[0].columns == {}


def test_or_other_adds_a_choice_and_a_question_in_each_language() -> None:
    definition = imported("or_other")
    assert [item.name for item in definition.items] == [
        "heard_from",
        "heard_from_other",
        "help_with",
        "help_with_other",
        "comments",
    ]
    heard = question(definition, "heard_from")
    assert heard.or_other and heard.choice_names()[-1] == "other"
    assert heard.choices[-1].label == {"en": "Other", "vi": "Khác"}
    follow = question(definition, "help_with_other")
    assert follow.type is QuestionType.TEXT and not follow.required
    assert follow.relevant == "selected(${help_with}, 'other')"
    assert follow.label == {"en": "Specify other", "vi": "Ghi rõ khác"}


def test_every_type_and_every_column() -> None:
    definition = imported("every_type")
    types = {q.type for q in walk(definition.items, into_repeats=True) if isinstance(q, Question)}
    assert types == set(QuestionType) - {QuestionType.YES_NO}
    name = question(definition, "full_name")
    assert name.hint == {"en": "As on an ID.", "es": "Como en su identificación."}
    assert name.required and name.appearance == "w2"
    assert name.required_message == {"en": "We need a name.", "es": "Necesitamos un nombre."}
    age = question(definition, "age")
    assert (age.required, age.default, age.constraint) == (True, 30, ". >= 0 and . <= 120")
    assert age.constraint_message == {"en": "0 to 120.", "es": "De 0 a 120."}
    income = question(definition, "income")
    assert (income.default, income.relevant) == (0.5, "${age} >= 16")
    assert question(definition, "birthday").default == "1990-01-31"
    assert question(definition, "best_time").default == "09:30"
    assert question(definition, "region").required
    place = question(definition, "place")
    assert place.choice_filter == "region = ${region}" and place.appearance == "minimal"
    topics = question(definition, "topics")
    assert topics.default == ["food", "rent"] and topics.appearance == "columns-2"
    consent = question(definition, "consent")
    assert (consent.required, consent.required_if) == (False, "${age} >= 18")
    assert consent.required_message == {"en": "Adults must agree."}
    extra = items_of(definition)["extra"]
    assert isinstance(extra, Group) and extra.relevant == "${age} > 0"
    assert extra.hint == {"en": "Optional."}
    kids = items_of(definition)["kids"]
    assert isinstance(kids, Group) and kids.repeat_count == "${children}"
    assert question(definition, "double_age").calculation == "${age} * 2"
    next_year = question(definition, "age_next_year")
    assert next_year.read_only and next_year.calculation == "${age} + 1"
    assert question(definition, "main_topic").choice_names() == ("food", "rent", "jobs", "other")


def test_kobo_export_bookkeeping_columns_are_ignored() -> None:
    definition = imported("kobo_export")
    assert definition.form_id == "aYxM2kqTr8d"  # id_string
    assert definition.version == "vRKsXsJAMM5cJPjBBcN8Hp"
    assert question(definition, "consent").required  # a TRUE cell
    assert not question(definition, "programs").required  # a FALSE cell
    # Kobo writes FALSE in required on notes, groups and calculations too: harmless.
    assert question(definition, "thanks").type is QuestionType.NOTE
    assert question(definition, "program_count").type is QuestionType.CALCULATE
    assert question(definition, "consent").choice_names() == ("yes", "no")
    assert question(definition, "people").hint == {"en": "Including you"}
    written = json.dumps(definition_to_json(definition))
    assert "kuid" not in written and "autoname" not in written and "xpath" not in written


def test_odk_spellings_mean_the_same_thing() -> None:
    definition = imported("odk_spellings")
    assert definition.version == "2024031501"  # a number cell, not 2024031501.0
    assert definition.languages == ("en", "es")  # "English" and "Spanish" without codes
    assert question(definition, "first_name").required  # TRUE()
    assert question(definition, "has_kids").required  # yes
    kid_count = question(definition, "kid_count")
    assert kid_count.required and kid_count.relevant == "${has_kids} = 'yes'"  # 1, relevance
    assert kid_count.constraint_message == {"en": "Too many"}  # "constraint message"
    kids = items_of(definition)["kids"]
    assert isinstance(kids, Group) and kids.repeat_count == "${kid_count}"  # jr:count
    assert question(definition, "kid_birthday").default == "2015-06-01"  # a date cell
    assert not question(definition, "kid_school").required  # false
    score = question(definition, "score")
    assert score.choice_names() == ("1", "2", "3") and score.default == "2"
    assert question(definition, "who").type is QuestionType.USERNAME


def test_a_form_without_settings_takes_the_fallback_id_and_a_content_version() -> None:
    form = {"survey": [("type", "name", "label"), ("text", "name", "Name")]}
    from tests.fixtures.make_xlsform_fixtures import workbook_bytes

    data = workbook_bytes(form)
    first = read_xlsform(data, fallback_form_id="intake_form")
    assert first.form_id == "intake_form" and first.title == {"en": "intake_form"}
    assert first.version.startswith("auto-")
    assert read_xlsform(data, fallback_form_id="intake_form").version == first.version
    changed = workbook_bytes({"survey": [*form["survey"], ("text", "city", "City")]})
    assert read_xlsform(changed, fallback_form_id="intake_form").version != first.version


# --- forms that are refused --------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BROKEN_FORMS))
def test_broken_forms_report_every_problem_where_it_is(name: str) -> None:
    expected = [tuple(entry) for entry in BROKEN_FORMS[name].expected]
    assert problems_of(HERE / f"broken_{name}.xlsx") == expected


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "not_a_workbook.xlsx",
            "This file is not an Excel workbook (.xlsx). Save the form as .xlsx "
            "(Excel 2007 or later) and try again.",
        ),
        (
            "old_excel.xls",
            "This is an old Excel file (.xls). Open it in a spreadsheet program and save "
            "it as .xlsx, then try again.",
        ),
    ],
)
def test_files_that_are_not_workbooks_are_refused_plainly(name: str, message: str) -> None:
    assert problems_of(HERE / name) == [(None, None, None, message)]
