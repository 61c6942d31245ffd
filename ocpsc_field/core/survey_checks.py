"""Checks on the expressions of a format-version-2 definition, wherever it came from.

``core.xlsform`` checks a spreadsheet's expressions cell by cell, but a
definition can also arrive as JSON (published by HQ, synced from another
device), and the renderer, validation and HQ all trust what
``parse_definition`` accepts. So the parser runs these same checks: every
expression parses, names only questions in the form, reads a question inside
a repeat from outside it only through ``count()``/``sum()``, and a choice
filter reads only its choices' columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ocpsc_field.core.expressions import ExpressionError, check, parse
from ocpsc_field.core.survey_model import Group, Item, Question, SurveyDefinition
from ocpsc_field.core.text import Message

# (field on the object, key in the JSON)
_GROUP_FIELDS = (("relevant", "relevant"), ("repeat_count", "repeat_count"))
_QUESTION_FIELDS = (
    ("relevant", "relevant"),
    ("constraint", "constraint"),
    ("calculation", "calculation"),
    ("required_if", "required"),
    ("default_expression", "default_expression"),
    ("choice_filter", "choice_filter"),
)


_TEXT_FIELDS = ("label", "hint", "required_message", "constraint_message")
_TEXT_REFERENCE = re.compile(r"\$\{[^}]*\}")


def _with_paths(items: Sequence[Item], parent: str) -> Iterator[tuple[Item, str]]:
    for item in items:
        path = f"{parent}/{item.name}" if parent else item.name
        yield item, path
        if isinstance(item, Group):
            yield from _with_paths(item.children, path)


def _expressions(item: Item, path: str) -> Iterator[tuple[str, str, bool]]:
    """(path of the field, expression, is a choice filter) for each expression of ``item``,
    including each ``${name}`` shown inside its texts."""
    fields = _GROUP_FIELDS if isinstance(item, Group) else _QUESTION_FIELDS
    for attribute, key in fields:
        text = getattr(item, attribute)
        if text is not None:
            yield f"{path}.{key}", text, attribute == "choice_filter"
    for key in _TEXT_FIELDS:
        for language, text in (getattr(item, key, None) or {}).items():
            for found in _TEXT_REFERENCE.finditer(text):
                yield f"{path}.{key}.{language}", found.group(0), False


def expression_problems(definition: SurveyDefinition) -> list[tuple[str, Message]]:
    """Every problem with the definition's expressions, as (path of the field, message)."""
    paths = definition.repeat_paths()
    problems: list[tuple[str, Message]] = []
    for item, path in _with_paths(definition.items, ""):
        for where, text, is_filter in _expressions(item, path):
            bare = None
            if is_filter and isinstance(item, Question):
                bare = {"name"} | {column for choice in item.choices for column in choice.columns}
            try:
                expression = parse(text)
            except ExpressionError as error:
                problems.append((where, error.message))
                continue
            for message in check(expression, paths.keys(), paths, where=item.name, bare_names=bare):
                problems.append((where, message))
    return problems
