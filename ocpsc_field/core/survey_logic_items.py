"""The expressions of each survey item, read once, and how computed values are stored.

``compile_items`` parses every expression of a definition, checks it against
the form (``core.expressions.check``) and notes what each item reads, for the
dependency graph. An expression that can't be used is reported and then left
out, so an old definition still opens; ``core.xlsform`` refuses such forms
before they are published.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ocpsc_field.core.expressions import (
    Expression,
    ExpressionError,
    Value,
    check,
    parse,
    to_number,
    to_string,
)
from ocpsc_field.core.survey_model import (
    Group,
    Item,
    Question,
    QuestionType,
    SurveyDefinition,
)
from ocpsc_field.core.text import Message

Position = tuple[int, ...]
# Whole numbers beyond this do not survive JSON in JavaScript or a spreadsheet.
_EXACT_INTEGERS = 2**53

_VALUE_FIELDS = ("relevant", "calculation")
_CHECK_FIELDS = ("constraint", "required_if", "choice_filter", "repeat_count")


@dataclass(frozen=True)
class CompiledItem:
    """An item with its parsed expressions; ``parents`` are the groups around it,
    outermost first. ``value_inputs`` are the names its shown state and value depend
    on; ``check_inputs`` the names its checks read."""

    item: Item
    parents: tuple[str, ...]
    relevant: Expression | None = None
    calculation: Expression | None = None
    constraint: Expression | None = None
    required_if: Expression | None = None
    choice_filter: Expression | None = None
    repeat_count: Expression | None = None
    default_expression: Expression | None = None
    value_inputs: frozenset[str] = frozenset()
    check_inputs: frozenset[str] = frozenset()


def item_key(repeat_path: Mapping[str, tuple[str, ...]], name: str, position: Position) -> str:
    """How problems name an item instance: "members[2]/age", as ``validate_answers`` does."""
    around = repeat_path.get(name, ())
    pairs = zip(around, position, strict=False)
    prefix = "".join(f"{repeat}[{number}]/" for repeat, number in pairs)
    return prefix + name


def compile_items(
    definition: SurveyDefinition, repeat_path: Mapping[str, tuple[str, ...]]
) -> tuple[dict[str, CompiledItem], list[tuple[str, Message]]]:
    """Every item by name in form order, and the problems of their expressions, each
    with "name.field" saying where."""
    placed: list[tuple[Item, tuple[str, ...]]] = []
    _place(definition.items, (), placed)
    known = {item.name for item, _ in placed}
    problems: list[tuple[str, Message]] = []
    compiled: dict[str, CompiledItem] = {}
    for item, parents in placed:
        expressions: dict[str, Expression | None] = {}
        for field_name in _fields(item):
            text = getattr(item, field_name, None)
            if not isinstance(text, str) or not text.strip():
                continue
            expression, found = _compile(item, field_name, text, known, repeat_path)
            expressions[field_name] = expression
            problems.extend((f"{item.name}.{field_name}", message) for message in found)
        compiled[item.name] = CompiledItem(
            item,
            parents,
            value_inputs=frozenset(parents) | _reads(expressions, _VALUE_FIELDS, known),
            check_inputs=_reads(expressions, _CHECK_FIELDS, known),
            **expressions,
        )
    return compiled, problems


def _place(
    items: Sequence[Item], parents: tuple[str, ...], placed: list[tuple[Item, tuple[str, ...]]]
) -> None:
    for item in items:
        placed.append((item, parents))
        if isinstance(item, Group):
            _place(item.children, (*parents, item.name), placed)


def _fields(item: Item) -> tuple[str, ...]:
    if isinstance(item, Group):
        return ("relevant", "repeat_count")
    return (
        "relevant",
        "calculation",
        "constraint",
        "required_if",
        "choice_filter",
        "default_expression",
    )


def _compile(
    item: Item,
    field_name: str,
    text: str,
    known: set[str],
    repeat_path: Mapping[str, tuple[str, ...]],
) -> tuple[Expression | None, list[Message]]:
    try:
        expression = parse(text)
    except ExpressionError as error:
        return None, [error.message]
    bare: set[str] | None = None
    if field_name == "choice_filter" and isinstance(item, Question):
        bare = {column for choice in item.choices for column in choice.filter_values()}
    found = check(expression, known, repeat_path, where=item.name, bare_names=bare)
    return (expression if not found else None), found


def _reads(
    expressions: Mapping[str, Expression | None], fields: Sequence[str], known: set[str]
) -> frozenset[str]:
    names: set[str] = set()
    for field_name in fields:
        expression = expressions.get(field_name)
        if expression is not None:
            names |= expression.references & known
    return frozenset(names)


# --- computed values as answers --------------------------------------------------------


def stored_value(question: Question, value: Value) -> Any:
    """A computed value (calculation or default) as the answer ``question`` stores;
    None when there is none (empty text, NaN, a number that is not whole for an
    integer question)."""
    if isinstance(value, list):
        value = value[0] if value else ""
    kind = question.type
    if kind is QuestionType.INTEGER:
        number = _finite(to_number(value))
        if number is None or not number.is_integer() or abs(number) > _EXACT_INTEGERS:
            return None
        return int(number)
    if kind is QuestionType.DECIMAL:
        return _finite(to_number(value))
    if kind is QuestionType.SELECT_MULTIPLE:
        return to_string(value).split() or None
    if kind is QuestionType.CALCULATE and isinstance(value, float):
        number = _finite(value)
        if number is not None and number.is_integer() and abs(number) <= _EXACT_INTEGERS:
            return int(number)
        return number
    if isinstance(value, float) and _finite(value) is None:
        return None
    return to_string(value) or None


def _finite(number: float) -> float | None:
    return number if math.isfinite(number) else None
