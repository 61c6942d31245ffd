"""Checking the answers of a survey response against its definition.

One function decides whether a response can be saved, wherever it comes
from: the form on submit, an import, or a response arriving from another
device. Bad answers are normal (a skipped question, a typo in a number), so
nothing raises: every problem is a translatable ``Message`` keyed by the
question's name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

from ocpsc_field.core.survey_model import (
    ACKNOWLEDGED,
    Group,
    GroupKind,
    Item,
    Labels,
    Question,
    QuestionType,
    SurveyDefinition,
    label_for,
    walk,
)
from ocpsc_field.core.text import N_, Message, Nn_

# The key under which problems with the answers as a whole are reported.
RESPONSE_KEY = "_response"
TEXT_MAX_LENGTH = 10_000
# Integers beyond 2**53 do not survive a trip through JavaScript or a spreadsheet.
INTEGER_LIMIT = 2**53


REQUIRED = Message(N_("This question needs an answer."))
_ANSWERS_NOT_A_MAPPING = Message(N_("These answers could not be read."))
_NOT_TEXT = Message(N_("Enter text here."))
_TEXT_CONTROL = Message(
    N_("This text contains invisible control characters that can't be saved. Please retype it.")
)
_TEXT_TOO_LONG = Nn_(
    "Use at most {maximum} character. Characters now: {count}.",
    "Use at most {maximum} characters. Characters now: {count}.",
)
_WHOLE_NUMBER = Message(N_("Enter a whole number."))
_NUMBER = Message(N_("Enter a number."))
_CHOOSE_ONE = Message(N_("Choose one of the options."))
_CHOOSE_LISTED = Message(N_("Choose only from the options listed."))
_YES_OR_NO = Message(N_("Choose yes or no."))
_DATE_FORMAT = Message(N_("Enter a date as year-month-day, like 2024-03-15."))
_DATE_NOT_REAL = Message(N_("This date does not exist on the calendar."))
_TIME_FORMAT = Message(N_("Enter a time as hours:minutes, like 14:30."))
_ACKNOWLEDGE = Message(N_("Tick the box to confirm."))
_CALCULATED = Message(N_("This calculated value could not be read."))
_RECORDED_TIME = Message(N_("This recorded time could not be read."))
_NOT_A_QUESTION = Message(N_("This answer is not for a question in this survey."))
_NO_ANSWER_HERE = Message(N_("This item takes no answer."))
_REPEAT_ITEMS = Message(N_("This section's answers could not be read."))

_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_TIME = re.compile(r"\d{2}:\d{2}(?::\d{2})?", re.ASCII)
_ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})", re.ASCII
)


def is_empty(value: Any) -> bool:
    """Not answered: nothing, blank text, or no choice ticked."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | tuple) and not value


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def answer_problem(question: Question, value: Any) -> Message | None:
    """What is wrong with a non-empty ``value`` for ``question``, or None if it is fine.

    Messages never quote the value: answers can be personal information.
    """
    kind = question.type
    if kind is QuestionType.TEXT:
        if not isinstance(value, str):
            return _NOT_TEXT
        if _CONTROL_MULTILINE.search(value):
            return _TEXT_CONTROL
        if len(value) > TEXT_MAX_LENGTH:
            params = {"maximum": TEXT_MAX_LENGTH, "count": len(value)}
            return Message.counted(_TEXT_TOO_LONG, params, count_param="maximum")
        return None
    if kind is QuestionType.INTEGER:
        whole = _number(value) and math.isfinite(value) and float(value).is_integer()
        return None if whole and abs(value) <= INTEGER_LIMIT else _WHOLE_NUMBER
    if kind is QuestionType.DECIMAL:
        return None if _number(value) and math.isfinite(value) else _NUMBER
    if kind in (QuestionType.SELECT_ONE, QuestionType.YES_NO):
        if isinstance(value, str) and value in question.choice_names():
            return None
        return _YES_OR_NO if kind is QuestionType.YES_NO else _CHOOSE_ONE
    if kind is QuestionType.SELECT_MULTIPLE:
        names = question.choice_names()
        if not isinstance(value, list | tuple):
            return _CHOOSE_LISTED
        return (
            None
            if all(isinstance(item, str) and item in names for item in value)
            else (_CHOOSE_LISTED)
        )
    if kind in (QuestionType.DATE, QuestionType.TODAY):
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            return _DATE_FORMAT
        try:
            date.fromisoformat(value)
        except ValueError:
            return _DATE_NOT_REAL
        return None
    return _version_2_problem(question, value)


def _version_2_problem(question: Question, value: Any) -> Message | None:
    """``answer_problem`` for the types format version 2 added."""
    kind = question.type
    if kind is QuestionType.TIME:
        if not isinstance(value, str) or not _TIME.fullmatch(value):
            return _TIME_FORMAT
        try:
            time.fromisoformat(value)
        except ValueError:
            return _TIME_FORMAT
        return None
    if kind is QuestionType.ACKNOWLEDGE:
        return None if value == ACKNOWLEDGED else _ACKNOWLEDGE
    if kind is QuestionType.CALCULATE:
        if isinstance(value, str):
            fine = len(value) <= TEXT_MAX_LENGTH and not _CONTROL_MULTILINE.search(value)
        else:
            fine = isinstance(value, bool) or (_number(value) and math.isfinite(value))
        return None if fine else _CALCULATED
    if kind in (QuestionType.START, QuestionType.END):
        if not isinstance(value, str) or not _ISO_DATETIME.fullmatch(value):
            return _RECORDED_TIME
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return _RECORDED_TIME
        return None
    if kind in (QuestionType.DEVICEID, QuestionType.USERNAME):
        return answer_problem(_AS_TEXT, value)
    return _NO_ANSWER_HERE


_AS_TEXT = Question(name="_text", type=QuestionType.TEXT, label={})


def _custom(labels: Labels, language: str | None, fallback: str) -> Message | None:
    """A survey's own message in the respondent's language; braces are escaped so
    rendering it never tries to fill in placeholders."""
    text = label_for(labels, language, fallback)
    return Message(text.replace("{", "{{").replace("}", "}}")) if text else None


def _check_items(
    items: Sequence[Item],
    answers: Mapping[str, Any],
    prefix: str,
    language: str | None,
    fallback: str,
    errors: dict[str, Message],
) -> set[str]:
    """Check the answers to ``items``; returns the names it knows."""
    known: set[str] = set()
    for item in items:
        if isinstance(item, Group):
            if item.kind is GroupKind.GROUP:
                known |= _check_items(item.children, answers, prefix, language, fallback, errors)
                continue
            known.add(item.name)
            _check_repeat(item, answers.get(item.name), prefix, language, fallback, errors)
            continue
        known.add(item.name)
        if not item.takes_answer:
            if not is_empty(answers.get(item.name)):
                errors[prefix + item.name] = _NO_ANSWER_HERE
            continue
        value = answers.get(item.name)
        if is_empty(value):
            if item.required and not item.read_only:
                errors[prefix + item.name] = (
                    _custom(item.required_message, language, fallback) or REQUIRED
                )
            continue
        problem = answer_problem(item, value)
        if problem is not None:
            # A wrong type is not a failed constraint: the survey's constraint_message
            # is kept for when constraints are evaluated.
            errors[prefix + item.name] = problem
    return known


def _check_repeat(
    group: Group,
    value: Any,
    prefix: str,
    language: str | None,
    fallback: str,
    errors: dict[str, Message],
) -> None:
    if is_empty(value):
        return
    if not isinstance(value, list) or not all(isinstance(entry, Mapping) for entry in value):
        errors[prefix + group.name] = _REPEAT_ITEMS
        return
    for position, entry in enumerate(value, start=1):
        inner = f"{prefix}{group.name}[{position}]/"
        known = _check_items(group.children, entry, inner, language, fallback, errors)
        for key in entry:
            if key not in known:
                errors[inner + str(key)] = _NOT_A_QUESTION


def validate_answers(
    definition: SurveyDefinition, answers: Mapping[str, Any], language: str | None = None
) -> dict[str, Message]:
    """Every problem with ``answers``, keyed by question name, in form order.

    Required questions need an answer, answers must have the question's type,
    choices must be the question's choices and dates real ISO dates. The
    survey's own ``required_message`` is used, in ``language``, when it has one.
    Answers inside a repeat are keyed "repeat_name[position]/question_name".
    ``relevant`` and ``constraint`` (and so ``constraint_message``) are not
    evaluated yet.
    """
    if not isinstance(answers, Mapping):
        return {RESPONSE_KEY: _ANSWERS_NOT_A_MAPPING}
    errors: dict[str, Message] = {}
    fallback = definition.default_language
    known = _check_items(definition.items, answers, "", language, fallback, errors)
    for key in answers:
        if key not in known:
            errors[str(key)] = _NOT_A_QUESTION
    return errors


def _all_text(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(item, str) for item in value)


def clean_answers(definition: SurveyDefinition, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers as they are stored: unanswered questions left out, text trimmed, and
    ticked choices once each in the order the form lists them."""
    cleaned: dict[str, Any] = {}
    questions = {item.name: item for item in walk(definition.items) if isinstance(item, Question)}
    for name, value in answers.items():
        if is_empty(value):
            continue
        question = questions.get(name)
        if question is None:
            pass
        elif question.type is QuestionType.TEXT and isinstance(value, str):
            value = value.strip()
        elif question.type is QuestionType.SELECT_MULTIPLE and _all_text(value):
            order = {choice: index for index, choice in enumerate(question.choice_names())}
            # Sorting is stable: names the question does not know stay last, for validation.
            value = sorted(dict.fromkeys(value), key=lambda choice: order.get(choice, len(order)))
        cleaned[name] = value
    return cleaned
