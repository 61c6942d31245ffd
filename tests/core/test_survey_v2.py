"""Survey format version 2: the fields XLSForm needs, their checks, answers and round trips."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from ocpsc_field.core.survey import (
    FORMAT_VERSION,
    Choice,
    Group,
    GroupKind,
    Question,
    QuestionType,
    answer_problem,
    definition_problems,
    definition_to_json,
    parse_definition,
    validate_answers,
    walk,
)
from tests.core.test_survey import changed


def household() -> dict[str, Any]:
    """A version 2 definition using every field version 2 added."""
    return {
        "format_version": 2,
        "form_id": "household",
        "version": "2024031501",
        "default_language": "en",
        "languages": ["en", "es"],
        "title": {"en": "Household", "es": "Hogar"},
        "items": [
            {"type": "start", "name": "started_at"},
            {"type": "today", "name": "day"},
            {"type": "deviceid", "name": "device"},
            {"type": "username", "name": "user"},
            {
                "type": "select_one",
                "name": "county",
                "label": {"en": "County", "es": "Condado"},
                "choice_list": "counties",
                "required": True,
                "choices": [
                    {"name": "orange", "label": {"en": "Orange"}},
                    {"name": "kern", "label": {"en": "Kern"}},
                ],
            },
            {
                "type": "select_one",
                "name": "city",
                "label": {"en": "City", "es": "Ciudad"},
                "choice_list": "cities",
                "choice_filter": "county = ${county}",
                "choices": [
                    {"name": "irvine", "label": {"en": "Irvine"}, "columns": {"county": "orange"}},
                    {"name": "delano", "label": {"en": "Delano"}, "columns": {"county": "kern"}},
                ],
            },
            {
                "type": "select_multiple",
                "name": "needs",
                "label": {"en": "Needs"},
                "or_other": True,
                "choices": [
                    {"name": "food", "label": {"en": "Food"}},
                    {"name": "other", "label": {"en": "Other", "es": "Otro"}},
                ],
            },
            {
                "type": "text",
                "name": "needs_other",
                "label": {"en": "Which other need?"},
                "relevant": "selected(${needs}, 'other')",
            },
            {"type": "integer", "name": "size", "label": {"en": "People"}},
            {
                "type": "repeat",
                "name": "members",
                "label": {"en": "Members"},
                "repeat_count": "${size}",
                "children": [
                    {
                        "type": "integer",
                        "name": "age",
                        "label": {"en": "Age"},
                        "required": "${size} > 1",
                        "constraint": ". >= 0 and . < 120",
                        "constraint_message": {"en": "0 to 119", "es": "De 0 a 119"},
                    },
                    {"type": "calculate", "name": "adult", "calculation": "${age} >= 18"},
                ],
            },
            {
                "type": "group",
                "name": "visit",
                "relevant": "${size} > 0",
                "children": [
                    {
                        "type": "date",
                        "name": "visit_date",
                        "label": {"en": "Visit date"},
                        "default_expression": "today()",
                    },
                    {"type": "time", "name": "visit_time", "label": {"en": "Time"}},
                    {"type": "acknowledge", "name": "ok", "label": {"en": "I confirm"}},
                ],
            },
            {"type": "end", "name": "ended_at"},
        ],
    }


def problems_of(raw: Any) -> dict[str, str]:
    return {problem.path: problem.message.msgid for problem in definition_problems(raw)}


def test_version_2_reads_every_new_field() -> None:
    definition = parse_definition(household())
    assert definition.format_version == FORMAT_VERSION == 2
    items = {item.name: item for item in walk(definition.items, into_repeats=True)}
    city = items["city"]
    assert isinstance(city, Question)
    assert city.choice_filter == "county = ${county}" and city.choice_list == "cities"
    assert city.choices[0].columns == {"county": "orange"}
    assert city.choices[0].filter_values() == {"county": "orange", "name": "irvine"}
    assert isinstance(items["needs"], Question) and items["needs"].or_other
    members = items["members"]
    assert isinstance(members, Group) and members.kind is GroupKind.REPEAT
    assert members.repeat_count == "${size}"
    age = items["age"]
    assert isinstance(age, Question)
    assert (age.required, age.required_if) == (False, "${size} > 1")
    visit = items["visit"]
    assert isinstance(visit, Group) and visit.label == {}
    date = items["visit_date"]
    assert isinstance(date, Question) and date.default_expression == "today()"


def test_metadata_and_calculations_are_not_shown_nor_counted() -> None:
    definition = parse_definition(household())
    questions = {q.name: q for q in walk(definition.items, into_repeats=True)}
    hidden = {name for name, q in questions.items() if isinstance(q, Question) and not q.is_shown}
    assert hidden == {"started_at", "day", "device", "user", "adult", "ended_at"}
    # county, city, needs, needs_other, size, age, visit_date, visit_time, ok
    assert definition.question_count() == 9


def test_repeat_paths_say_which_repeats_hold_each_item() -> None:
    paths = parse_definition(household()).repeat_paths()
    assert paths["age"] == ("members",)
    assert paths["members"] == ()
    assert paths["visit_time"] == ()


def test_round_trip_keeps_version_2_fields() -> None:
    definition = parse_definition(household())
    written = definition_to_json(definition)
    assert written["items"][-3]["children"][0]["required"] == "${size} > 1"
    assert parse_definition(json.loads(json.dumps(written))) == definition


def with_change(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """``household()`` with the value at ``path`` replaced (or removed, for ``...``)."""
    return changed(household(), path, value)


@pytest.mark.parametrize(
    ("path", "value", "where", "msgid_start"),
    [
        (("format_version",), 1, "started_at.type", "This needs survey format version 2"),
        (("items", 0, "required"), True, "started_at.required", "The form records this"),
        (("items", 4, "required"), 3, "county.required", "This must be true, false, or a"),
        (("items", 4, "required"), " ", "county.required", "This must be true, false, or a"),
        (("items", 8, "choice_filter"), "x", "size.choice_filter", "Only select questions"),
        (("items", 8, "or_other"), True, "size.or_other", "Only select questions"),
        (("items", 10, "repeat_count"), "2", "visit.repeat_count", "Only a repeat can have"),
        (("items", 10, "children", 0, "label"), ..., "visit/visit_date.label", "This field is"),
        (("items", 9, "children", 1, "calculation"), ..., "members/adult.calculation", "A calc"),
        (("items", 5, "choices", 0, "columns"), {"county": 3}, "city.choices[0].columns", "This"),
        (("items", 6, "choices", 1, "name"), "otro", "needs.choices", "A question with or_other"),
        (("items", 7, "name"), "needs_more", "needs.or_other", "A question with or_other"),
        (("items", 7, "type"), "integer", "needs.or_other", "A question with or_other"),
        (("items", 10, "children", 1, "default"), "25:00", "visit/visit_time.default", "The def"),
        (("items", 10, "children", 2, "default"), "yes", "visit/ok.default", "The default"),
    ],
)
def test_bad_version_2_definitions_name_the_path(
    path: tuple[Any, ...], value: Any, where: str, msgid_start: str
) -> None:
    problems = problems_of(with_change(path, value))
    assert where in problems, problems
    assert problems[where].startswith(msgid_start)


@pytest.mark.parametrize(
    ("path", "value", "where", "msgid"),
    [
        (("items", 7, "relevant"), "${needs} ==", "needs_other.relevant", "Use a single"),
        (("items", 8, "relevant"), "${sise} > 0", "size.relevant", "There is no question"),
        (("items", 8, "calculation"), "${age} + 1", "size.calculation", "“{name}” is inside"),
        (("items", 5, "choice_filter"), "state = 'ca'", "city.choice_filter", "The choice list"),
        (("items", 5, "choice_filter"), "county = ${age}", "city.choice_filter", "“{name}” is"),
        (("items", 9, "repeat_count"), "count(", "members.repeat_count", "The expression ends"),
        (("items", 8, "label"), {"en": "For ${nobody}"}, "size.label.en", "There is no question"),
        (
            ("items", 9, "children", 0, "required"),
            "${nobody}",
            "members/age.required",
            "There is no question named",
        ),
        (
            ("items", 10, "children", 0, "default_expression"),
            "todya()",
            "visit/visit_date.default_expression",
            "“{name}()” is not a function",
        ),
    ],
)
def test_version_2_expressions_are_checked(
    path: tuple[Any, ...], value: Any, where: str, msgid: str
) -> None:
    problems = problems_of(with_change(path, value))
    assert where in problems, problems
    assert problems[where].startswith(msgid)


def test_version_1_refuses_version_2_fields() -> None:
    raw = household()
    raw["format_version"] = 1
    problems = problems_of(raw)
    assert problems["city.choice_filter"] == "This field is not part of the survey format."
    assert problems["members.repeat_count"] == "This field is not part of the survey format."


GOOD = {
    "started_at": "2024-03-15T09:30:00-07:00",
    "day": "2024-03-15",
    "device": "laptop-7",
    "user": "ana",
    "county": "orange",
    "city": "irvine",
    "needs": ["food", "other"],
    "needs_other": "diapers",
    "size": 2,
    "members": [{"age": 40, "adult": "true"}, {"age": 9, "adult": 0}],
    "visit_date": "2024-03-15",
    "visit_time": "14:30",
    "ok": "OK",
    "ended_at": "2024-03-15T09:41:07.250Z",
}


def test_good_version_2_answers_pass() -> None:
    assert validate_answers(parse_definition(household()), GOOD, "en") == {}


@pytest.mark.parametrize(
    ("name", "value", "msgid"),
    [
        ("visit_time", "2:30 pm", "Enter a time as hours:minutes, like 14:30."),
        ("visit_time", "24:10", "Enter a time as hours:minutes, like 14:30."),
        ("visit_time", 1430, "Enter a time as hours:minutes, like 14:30."),
        ("ok", "yes", "Tick the box to confirm."),
        ("ok", True, "Tick the box to confirm."),
        ("started_at", "2024-03-15", "This recorded time could not be read."),
        ("ended_at", "2024-02-30T10:00:00Z", "This recorded time could not be read."),
        ("day", "15/03/2024", "Enter a date as year-month-day, like 2024-03-15."),
        ("device", 7, "Enter text here."),
        ("members[1]/adult", float("inf"), "This calculated value could not be read."),
        ("members[1]/adult", ["x"], "This calculated value could not be read."),
    ],
)
def test_bad_version_2_answers_are_reported(name: str, value: Any, msgid: str) -> None:
    answers = copy.deepcopy(GOOD)
    if name.startswith("members[1]/"):
        answers["members"][0][name.split("/")[1]] = value
    else:
        answers[name] = value
    errors = validate_answers(parse_definition(household()), answers, "en")
    assert list(errors) == [name]
    assert errors[name].msgid == msgid


def test_conditionally_required_questions_are_left_to_the_logic_engine() -> None:
    answers = dict(GOOD, members=[{}, {}])
    assert validate_answers(parse_definition(household()), answers, "en") == {}


VALID_SAMPLES: dict[QuestionType, Any] = {
    QuestionType.TEXT: "Ana",
    QuestionType.INTEGER: 3,
    QuestionType.DECIMAL: 2.5,
    QuestionType.SELECT_ONE: "a",
    QuestionType.SELECT_MULTIPLE: ["a"],
    QuestionType.DATE: "2024-02-29",
    QuestionType.YES_NO: "yes",
    QuestionType.TIME: "23:59:59",
    QuestionType.ACKNOWLEDGE: "OK",
    QuestionType.CALCULATE: 4.5,
    QuestionType.START: "2024-03-15T09:30:00+00:00",
    QuestionType.END: "2024-03-15T09:30:00Z",
    QuestionType.TODAY: "2024-03-15",
    QuestionType.DEVICEID: "laptop-7",
    QuestionType.USERNAME: "ana",
}


@pytest.mark.parametrize("kind", sorted(set(QuestionType) - {QuestionType.NOTE}))
def test_every_answered_type_accepts_a_valid_answer(kind: QuestionType) -> None:
    choices = (Choice("a", {"en": "A"}), Choice("yes", {}), Choice("no", {}))
    question = Question(name="q", type=kind, label={"en": "Q"}, choices=choices)
    assert answer_problem(question, VALID_SAMPLES[kind]) is None
    assert answer_problem(question, object()) is not None


def test_a_note_takes_no_answer() -> None:
    note = Question(name="q", type=QuestionType.NOTE, label={"en": "Q"})
    assert answer_problem(note, "x") is not None
