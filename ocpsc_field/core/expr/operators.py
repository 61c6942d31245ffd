"""Comparison and arithmetic between XPath values.

Comparisons are numeric when either side is a number, or when both sides are
numeric text ("12" = 12.0); an unanswered side then counts as NaN, so
``${age} < 18`` is false while age is empty, as in ODK. Other text compares
as text, by code point; ISO dates therefore compare in calendar order. A
boolean on either side of ``=``/``!=`` compares as booleans. A node-set
compares true when any of its nodes does (XPath's rule).

Arithmetic never raises: division by zero gives ±Infinity or NaN and ``mod``
is the remainder truncated toward zero (``-5 mod 2`` is -1), as in XPath.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable

from ocpsc_field.core.expr.values import (
    Scalar,
    Value,
    is_number_text,
    to_boolean,
    to_number,
)

_RELATIONS: dict[str, Callable[[float | str, float | str], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
COMPARISONS = frozenset(_RELATIONS)


def compare(symbol: str, left: Value, right: Value) -> bool:
    relation = _RELATIONS[symbol]
    if isinstance(left, list):
        return any(compare(symbol, node, right) for node in left)
    if isinstance(right, list):
        return any(compare(symbol, left, node) for node in right)
    return _compare_scalars(symbol, relation, left, right)


def _compare_scalars(
    symbol: str, relation: Callable[[float | str, float | str], bool], left: Scalar, right: Scalar
) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        if symbol in ("=", "!="):
            return relation(float(to_boolean(left)), float(to_boolean(right)))
        return relation(to_number(left), to_number(right))
    if _numeric(left, right):
        return relation(to_number(left), to_number(right))
    return relation(left, right)  # both are text here


def _numeric(left: Scalar, right: Scalar) -> bool:
    if isinstance(left, float) or isinstance(right, float):
        return True
    texts = (str(left), str(right))
    numbers = [is_number_text(text) for text in texts]
    # Two numbers, or a number against an unanswered question (NaN).
    return all(numbers) or (any(numbers) and "" in texts)


def add(left: float, right: float) -> float:
    return left + right


def subtract(left: float, right: float) -> float:
    return left - right


def multiply(left: float, right: float) -> float:
    return left * right


def divide(left: float, right: float) -> float:
    if right == 0:
        if left == 0 or math.isnan(left):
            return math.nan
        return math.copysign(math.inf, left) * math.copysign(1.0, right)
    return left / right


def modulo(left: float, right: float) -> float:
    if right == 0 or math.isinf(left) or math.isnan(left) or math.isnan(right):
        return math.nan
    return math.fmod(left, right)


ARITHMETIC: dict[str, Callable[[float, float], float]] = {
    "+": add,
    "-": subtract,
    "*": multiply,
    "div": divide,
    "mod": modulo,
}


def arithmetic(symbol: str, left: Value, right: Value) -> float:
    return ARITHMETIC[symbol](to_number(left), to_number(right))
