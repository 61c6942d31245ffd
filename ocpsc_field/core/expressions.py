"""The survey expression language: the one place the rest of the app imports it from.

``parse(text)`` gives an ``Expression`` (or raises ``ExpressionError`` with a
translatable ``message`` and a ``position``); ``Expression.evaluate`` takes an
``EvalContext``; ``check`` finds what is wrong with an expression in its form.
The parser, evaluator and their documented semantics live in ``core.expr``.
"""

from ocpsc_field.core.expr.check import check
from ocpsc_field.core.expr.context import EvalContext
from ocpsc_field.core.expr.errors import ExpressionError
from ocpsc_field.core.expr.expression import Expression, parse
from ocpsc_field.core.expr.functions import FUNCTIONS
from ocpsc_field.core.expr.values import Value, number_text, to_boolean, to_number, to_string

__all__ = [
    "FUNCTIONS",
    "EvalContext",
    "Expression",
    "ExpressionError",
    "Value",
    "check",
    "number_text",
    "parse",
    "to_boolean",
    "to_number",
    "to_string",
]
