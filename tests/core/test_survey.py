"""The survey definition format: parsing with located problems, answers, labels, round trips."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from ocpsc_field.core.survey import (
    RESPONSE_KEY,
    V1_QUESTION_TYPES,
    YES_NO_CHOICES,
    DefinitionError,
    Group,
    GroupKind,
    Question,
    QuestionType,
    SurveyDefinition,
    TranslationStatus,
    clean_answers,
    definition_problems,
    definition_to_json,
    label_for,
    parse_definition,
    validate_answers,
    walk,
)
from ocpsc_field.core.text import Message
from ocpsc_field.resources_path import resources_dir

STRONGER_TOGETHER = resources_dir() / "surveys" / "stronger_together.json"


def minimal() -> dict[str, Any]:
    """A small definition with one question of every type, a group and a repeat."""
    return {
        "format_version": 1,
        "form_id": "sample",
        "version": "1",
        "default_language": "en",
        "languages": ["en", "es"],
        "translation_status": {"en": "source", "es": "draft"},
        "title": {"en": "Sample", "es": "Muestra"},
        "items": [
            {"type": "note", "name": "welcome", "label": {"en": "Welcome"}},
            {
                "type": "text",
                "name": "name",
                "label": {"en": "Name", "es": "Nombre"},
                "required": True,
                "required_message": {"en": "Your name, please.", "es": "Su nombre, por favor."},
            },
            {
                "type": "group",
                "name": "details",
                "label": {"en": "Details"},
                "relevant": "${name} != ''",
                "children": [
                    {"type": "integer", "name": "age", "label": {"en": "Age"}},
                    {"type": "decimal", "name": "income", "label": {"en": "Income"}},
                    {"type": "date", "name": "seen_on", "label": {"en": "Seen on"}},
                    {"type": "yes_no", "name": "consent", "label": {"en": "Consent?"}},
                    {
                        "type": "select_one",
                        "name": "color",
                        "label": {"en": "Color"},
                        "choices": [
                            {"name": "red", "label": {"en": "Red", "es": "Rojo"}},
                            {"name": "blue", "label": {"en": "Blue"}},
                        ],
                    },
                    {
                        "type": "select_multiple",
                        "name": "fruits",
                        "label": {"en": "Fruits"},
                        "constraint": "count-selected(.) <= 2",
                        "constraint_message": {"en": "Two at most."},
                        "choices": [
                            {"name": "apple", "label": {"en": "Apple"}},
                            {"name": "pear", "label": {"en": "Pear"}},
                            {"name": "fig", "label": {"en": "Fig"}},
                        ],
                    },
                ],
            },
            {
                "type": "repeat",
                "name": "children_in_home",
                "label": {"en": "Children"},
                "children": [
                    {
                        "type": "text",
                        "name": "child_name",
                        "label": {"en": "Name"},
                        "required": True,
                    }
                ],
            },
            {
                "type": "integer",
                "name": "total",
                "label": {"en": "Total"},
                "read_only": True,
                "calculation": "${age} * 2",
            },
        ],
    }


def problems_of(raw: Any) -> dict[str, str]:
    return {problem.path: problem.message.msgid for problem in definition_problems(raw)}


def changed(raw: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """A copy of ``raw`` with the value at ``path`` replaced (or removed, for ``...``)."""
    raw = copy.deepcopy(raw)
    target: Any = raw
    for step in path[:-1]:
        target = target[step]
    if value is ...:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return raw


def with_change(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """``minimal()`` with the value at ``path`` replaced (or removed, for ``...``)."""
    return changed(minimal(), path, value)


# --- parsing ------------------------------------------------------------------------------


def test_minimal_definition_parses_into_a_tree() -> None:
    definition = parse_definition(minimal())
    assert definition.form_id == "sample"
    assert definition.languages == ("en", "es")
    assert definition.translation_status == {
        "en": TranslationStatus.SOURCE,
        "es": TranslationStatus.DRAFT,
    }
    assert definition.is_draft_translation("es") and not definition.is_draft_translation("en")
    kinds = [(type(item).__name__, item.name) for item in walk(definition.items)]
    assert kinds[:3] == [("Question", "welcome"), ("Question", "name"), ("Group", "details")]
    details = definition.items[2]
    assert isinstance(details, Group) and details.relevant == "${name} != ''"
    repeat = definition.items[3]
    assert isinstance(repeat, Group) and repeat.kind is GroupKind.REPEAT
    # Repeats are walked only when asked; notes do not count as questions.
    assert "child_name" not in {q.name for q in definition.questions()}
    assert definition.question_count() == 9


def test_expressions_are_kept_but_not_evaluated() -> None:
    definition = parse_definition(minimal())
    questions = {q.name: q for q in definition.questions()}
    assert questions["fruits"].constraint == "count-selected(.) <= 2"
    assert questions["fruits"].constraint_message == {"en": "Two at most."}
    assert questions["total"].calculation == "${age} * 2"
    assert questions["total"].read_only


def test_yes_no_gets_built_in_choices_in_several_languages() -> None:
    consent = next(q for q in parse_definition(minimal()).questions() if q.name == "consent")
    assert consent.type is QuestionType.YES_NO
    assert consent.choices == YES_NO_CHOICES
    assert consent.choice_names() == ("yes", "no")
    assert label_for(consent.choices[0].label, "es") == "Sí"
    assert label_for(consent.choices[1].label, "vi") == "Không"


def test_plain_string_labels_are_in_the_default_language() -> None:
    raw = with_change(("items", 0, "label"), "Hello")
    assert parse_definition(raw).items[0].label == {"en": "Hello"}


def test_language_tags_are_canonical() -> None:
    raw = with_change(("title",), {"EN": "Sample", "zh-hans": "样本"})
    raw["languages"] = ["en", "ZH-hans"]
    raw["translation_status"] = {"zh-Hans": "draft"}
    definition = parse_definition(raw)
    assert definition.title == {"en": "Sample", "zh-Hans": "样本"}
    assert definition.languages == ("en", "zh-Hans")


@pytest.mark.parametrize(
    ("path", "value", "where", "msgid_start"),
    [
        (("format_version",), 3, "format_version", "This survey uses format version"),
        (("format_version",), ..., "format_version", "This survey uses format version"),
        (("form_id",), ..., "form_id", "This field is missing."),
        (("form_id",), "has space", "form_id", "A name starts with a letter"),
        (("version",), "", "version", "This must be text."),
        (("title",), {"es": "Muestra"}, "title", "There is no text in the default language"),
        (("title",), ..., "title", "This field is missing."),
        (("languages",), ["es"], "languages", "{language} is not one of the survey's"),
        (("languages",), ["en", "english!"], "languages[1]", "“{tag}” is not a language tag"),
        (("translation_status",), {"en": "final"}, "translation_status.en", "Use one of source"),
        (("translation_status",), {"fr": "draft"}, "translation_status.fr", "{language} is not"),
        (("items",), [], "items", "This list is empty."),
        (("items",), "none", "items", "This must be a list."),
        (("colour",), "blue", "colour", "This field is not part of the survey format."),
        (("items", 1, "name"), "welcome", "welcome.name", "The name “{name}” is used more"),
        (("items", 1, "name"), "2nd", "2nd.name", "A name starts with a letter"),
        (("items", 1, "name"), ..., "items[1].name", "This field is missing."),
        (("items", 1, "type"), "photo", "name.type", "“{type}” is not a question type"),
        (("items", 1, "label"), ..., "name.label", "This field is missing."),
        (("items", 1, "label"), {"en": " "}, "name.label.en", "The text for {language} is empty."),
        (("items", 1, "required"), "yes", "name.required", "This must be true or false."),
        (("items", 1, "requird"), True, "name.requird", "This field is not part of"),
        (("items", 1, "relevant"), 3, "name.relevant", "This must be text."),
        (("items", 1, "choices"), [], "name.choices", "Only select questions have choices."),
        (("items", 0, "required"), True, "welcome.required", "A note takes no answer"),
        (
            ("items", 2, "children", 4, "choices"),
            ...,
            "details/color.choices",
            "A {type} question needs a list of choices.",
        ),
        (
            ("items", 2, "children", 4, "choices", 1, "name"),
            "red",
            "details/color.choices[1].name",
            "The name “{name}” is used more",
        ),
        (
            ("items", 2, "children", 4, "choices", 1, "name"),
            "dark blue",
            "details/color.choices[1].name",
            "A choice name can't be empty",
        ),
        (
            ("items", 2, "children", 4, "choices", 0, "label"),
            {"es": "Rojo"},
            "details/color.choices[0].label",
            "There is no text in the default language",
        ),
        (
            ("items", 2, "children", 3, "choices"),
            [{"name": "si", "label": "Sí"}, {"name": "no", "label": "No"}],
            "details/consent.choices",
            "The choices of a yes/no question must be named yes and no.",
        ),
        (
            ("items", 2, "children", 0, "default"),
            "twelve",
            "details/age.default",
            "The default answer is not a valid answer",
        ),
        (("items", 2, "children"), ..., "details.children", "This field is missing."),
        (("items", 3, "children", 0, "type"), 7, "children_in_home/child_name.type", "“{type}”"),
    ],
)
def test_bad_definitions_name_the_path_of_each_problem(
    path: tuple[Any, ...], value: Any, where: str, msgid_start: str
) -> None:
    problems = problems_of(with_change(path, value))
    assert where in problems, problems
    assert problems[where].startswith(msgid_start)


def test_every_problem_is_reported_at_once() -> None:
    raw = with_change(("form_id",), ...)
    raw["items"][1]["type"] = "photo"
    raw["items"][2]["children"][0]["label"] = {}
    with pytest.raises(DefinitionError) as caught:
        parse_definition(raw)
    paths = {problem.path for problem in caught.value.problems}
    assert {"form_id", "name.type", "details/age.label"} <= paths
    assert "form_id" in str(caught.value)


@pytest.mark.parametrize("raw", [None, [], "survey", 3])
def test_a_definition_must_be_an_object(raw: Any) -> None:
    with pytest.raises(DefinitionError) as caught:
        parse_definition(raw)
    assert caught.value.problems[0].message.msgid.startswith("This must be a JSON object")


def test_problem_messages_render_with_their_parameters() -> None:
    for problem in definition_problems(with_change(("items", 1, "name"), "welcome")):
        assert "{" not in problem.message.render()


def test_round_trip_through_json() -> None:
    definition = parse_definition(minimal())
    again = parse_definition(json.loads(json.dumps(definition_to_json(definition))))
    assert again == definition


# --- labels ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("labels", "language", "fallback", "expected"),
    [
        ({"en": "Hi", "es": "Hola"}, "es", "en", "Hola"),
        ({"en": "Hi", "es": "Hola"}, "es-MX", "en", "Hola"),
        ({"en": "Hi", "es": "Hola"}, "es_mx", "en", "Hola"),
        ({"en": "Hi", "es": "Hola"}, "vi", "en", "Hi"),
        ({"en": "Hi", "es": "Hola"}, "vi", "es", "Hola"),
        ({"en": "Hi", "zh-Hans": "你好"}, "zh-Hant", "en", "你好"),  # same language first
        ({"en": "Hi", "zh-Hans": "你好"}, "zh-Hans-CN", "en", "你好"),
        ({"en": "Hi", "zh": "你好"}, "zh-Hant", "en", "你好"),
        ({"fr": "Salut"}, "vi", "es", "Salut"),
        ({"es": "Hola", "en": "Hi"}, None, "fr", "Hi"),
        ({}, "en", "en", ""),
    ],
)
def test_label_lookup_falls_back_sensibly(
    labels: dict[str, str], language: str | None, fallback: str, expected: str
) -> None:
    assert label_for(labels, language, fallback) == expected


def test_survey_text_uses_the_default_language_as_fallback() -> None:
    raw = minimal()
    raw["default_language"] = "es"
    raw["items"][1]["label"] = {"es": "Nombre", "en": "Name"}
    raw["items"][0]["label"] = {"es": "Bienvenida", "en": "Welcome"}
    raw["items"][2]["label"] = {"es": "Detalles"}
    raw["items"][3]["label"] = {"es": "Niños"}
    raw["items"][4]["label"] = {"es": "Total"}
    for child in raw["items"][2]["children"]:
        child["label"] = {"es": child["name"]}
        for choice in child.get("choices", ()):
            choice["label"] = {"es": choice["name"]}
    raw["items"][3]["children"][0]["label"] = {"es": "Nombre"}
    definition = parse_definition(raw)
    assert definition.text(definition.title, "vi") == "Muestra"
    assert definition.text(definition.items[1].label, "en") == "Name"


# --- answers ----------------------------------------------------------------------------------

GOOD = {
    "name": "Ana",
    "age": 41,
    "income": 1234.5,
    "seen_on": "2026-03-15",
    "consent": "yes",
    "color": "blue",
    "fruits": ["apple", "fig"],
    "children_in_home": [{"child_name": "Luz"}],
    "total": 82,
}


def test_good_answers_pass() -> None:
    definition = parse_definition(minimal())
    assert validate_answers(definition, GOOD, "en") == {}
    assert validate_answers(definition, {"name": "Ana"}, "en") == {}


@pytest.mark.parametrize(
    ("name", "value", "msgid"),
    [
        ("name", None, "Your name, please."),
        ("name", "   ", "Your name, please."),
        ("name", 5, "Enter text here."),
        (
            "name",
            "a\x00b",
            "This text contains invisible control characters that can't be saved. "
            "Please retype it.",
        ),
        ("name", "x" * 10_001, "Use at most {maximum} character. Characters now: {count}."),
        ("age", "41", "Enter a whole number."),
        ("age", 4.5, "Enter a whole number."),
        ("age", True, "Enter a whole number."),
        ("age", 2**60, "Enter a whole number."),
        ("income", "12,5", "Enter a number."),
        ("income", float("nan"), "Enter a number."),
        ("income", False, "Enter a number."),
        ("seen_on", "15/03/2026", "Enter a date as year-month-day, like 2024-03-15."),
        ("seen_on", "2026-02-30", "This date does not exist on the calendar."),
        ("seen_on", 20260315, "Enter a date as year-month-day, like 2024-03-15."),
        ("consent", "si", "Choose yes or no."),
        ("consent", True, "Choose yes or no."),
        ("color", "green", "Choose one of the options."),
        ("color", ["red"], "Choose one of the options."),
        ("fruits", "apple", "Choose only from the options listed."),
        ("fruits", ["apple", "kiwi"], "Choose only from the options listed."),
        ("welcome", "hello", "This item takes no answer."),
        ("unknown", "x", "This answer is not for a question in this survey."),
        ("children_in_home", "Luz", "This section's answers could not be read."),
        ("children_in_home[1]/child_name", None, "This question needs an answer."),
    ],
)
def test_bad_answers_are_reported_by_question(name: str, value: Any, msgid: str) -> None:
    definition = parse_definition(minimal())
    answers = dict(GOOD)
    if name.startswith("children_in_home["):
        answers["children_in_home"] = [{"child_name": value}]
    else:
        answers[name] = value
    errors = validate_answers(definition, answers, "en")
    assert list(errors) == [name]
    assert errors[name].msgid == msgid


def test_survey_messages_follow_the_respondent_language() -> None:
    definition = parse_definition(minimal())
    errors = validate_answers(definition, {}, "es")
    assert errors["name"].render() == "Su nombre, por favor."
    assert validate_answers(definition, {}, "vi")["name"].render() == "Your name, please."


def test_survey_messages_with_braces_render_as_written() -> None:
    raw = minimal()
    raw["items"][1]["required_message"] = {"en": "Fill in {name}"}
    errors = validate_answers(parse_definition(raw), {}, "en")
    assert errors["name"].render() == "Fill in {name}"
    assert errors["name"].render(lambda text: text) == "Fill in {name}"


def test_read_only_questions_are_never_required() -> None:
    raw = minimal()
    raw["items"][4]["required"] = True
    assert validate_answers(parse_definition(raw), {"name": "Ana"}, "en") == {}


def test_errors_come_in_form_order() -> None:
    definition = parse_definition(minimal())
    answers = {"color": "green", "seen_on": "x", "age": "x"}
    assert list(validate_answers(definition, answers, "en")) == ["name", "age", "seen_on", "color"]


def test_answers_must_be_a_mapping() -> None:
    definition = parse_definition(minimal())
    assert list(validate_answers(definition, ["Ana"], "en")) == [RESPONSE_KEY]  # type: ignore[arg-type]


def test_messages_never_quote_the_answer() -> None:
    definition = parse_definition(minimal())
    secret = "Nguyễn 714-555-0111"
    answers = {name: secret for name in ("name", "age", "seen_on", "color", "fruits")}
    for message in validate_answers(definition, answers, "en").values():
        assert isinstance(message, Message)
        assert secret not in message.render()


def test_clean_answers_trims_drops_blanks_and_orders_choices() -> None:
    definition = parse_definition(minimal())
    cleaned = clean_answers(
        definition,
        {"name": "  Ana ", "color": None, "fruits": ["fig", "apple", "fig"], "income": 0},
    )
    assert cleaned == {"name": "Ana", "fruits": ["apple", "fig"], "income": 0}


# --- the bundled survey -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def stronger_together() -> SurveyDefinition:
    return parse_definition(json.loads(STRONGER_TOGETHER.read_text(encoding="utf-8")))


def test_stronger_together_covers_seven_areas_in_four_languages(
    stronger_together: SurveyDefinition,
) -> None:
    definition = stronger_together
    assert (definition.form_id, definition.version) == ("stronger_together", "2026.1")
    assert definition.languages == ("en", "es", "vi", "zh-Hans")
    assert definition.translation_status["en"] is TranslationStatus.SOURCE
    groups = [item.name for item in definition.items if isinstance(item, Group)]
    areas = ["people", "places", "relationships", "technology", "programs", "funding", "data"]
    assert [name for name in groups if name in areas] == areas
    questions = {q.name: q for q in definition.questions()}
    for area in areas:
        for suffix in ("has", "needs"):
            question = questions[f"{area}_{suffix}"]
            assert question.type is QuestionType.SELECT_MULTIPLE
            assert "other" in question.choice_names()
            assert questions[f"{area}_{suffix}_other"].type is QuestionType.TEXT
        assert questions[f"{area}_detail"].appearance == "multiline"
    assert len(questions["county"].choices) == 58
    assert {q.type for q in questions.values()} == set(V1_QUESTION_TYPES)


def test_stronger_together_has_every_text_in_every_language(
    stronger_together: SurveyDefinition,
) -> None:
    missing = []
    for item in walk(stronger_together.items, into_repeats=True):
        texts = [item.label, item.hint]
        if isinstance(item, Question):
            texts += [item.required_message, item.constraint_message]
            # County names are proper names, the same in every language.
            if item.name != "county":
                texts += [choice.label for choice in item.choices]
        for labels in texts:
            if labels and not set(stronger_together.languages) <= set(labels):
                missing.append((item.name, sorted(labels)))
    assert missing == []


def test_stronger_together_required_questions(stronger_together: SurveyDefinition) -> None:
    errors = validate_answers(stronger_together, {}, "es")
    assert list(errors) == [
        "organization_name",
        "county",
        "languages_served",
        "survey_date",
        "share_answers",
    ]
    assert errors["organization_name"].render() == "Escriba el nombre de su organización."
