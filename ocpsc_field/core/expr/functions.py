"""The functions expressions may call, with how many arguments each takes.

ODK/JavaRosa meaning throughout. Where XPath and JavaRosa differ the choice is
noted by the function. Nothing here raises for odd answers (a bad date is "",
a bad number NaN); only a function used where it can't work raises.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from ocpsc_field.core.expr import errors, safe_regex
from ocpsc_field.core.expr import functions_extra as extra
from ocpsc_field.core.expr.context import EvalContext
from ocpsc_field.core.expr.errors import fail
from ocpsc_field.core.expr.nodes import Implementation, Node, Reference
from ocpsc_field.core.expr.values import (
    EPOCH,
    Scalar,
    Value,
    scalar,
    to_boolean,
    to_number,
    to_string,
)

Arguments = tuple[Node, ...]


@dataclass(frozen=True)
class Function:
    """A function's arity (``maximum`` None: any number) and implementation.

    ``aggregate`` functions read every answer of a question inside a repeat when given
    one (``sum(${hours})``); ``references`` are the positions of the arguments that
    must be written as ``${name}``."""

    minimum: int
    maximum: int | None
    implementation: Implementation
    aggregate: bool = False
    references: tuple[int, ...] = ()


def _strings(context: EvalContext, arguments: Arguments) -> list[str]:
    return [to_string(argument.evaluate(context)) for argument in arguments]


def _numbers(context: EvalContext, arguments: Arguments) -> list[float]:
    return [to_number(argument.evaluate(context)) for argument in arguments]


def _tokens(value: Value) -> list[str]:
    return to_string(value).split()


# --- logic ---------------------------------------------------------------------------


def _if(context: EvalContext, arguments: Arguments) -> Value:
    chosen = arguments[1] if to_boolean(arguments[0].evaluate(context)) else arguments[2]
    return chosen.evaluate(context)


def _coalesce(context: EvalContext, arguments: Arguments) -> Value:
    """The first argument that is not empty ("" if all are); later ones are not evaluated."""
    for argument in arguments:
        value = scalar(argument.evaluate(context))
        if to_string(value) != "":
            return value
    return ""


def _not(context: EvalContext, arguments: Arguments) -> Value:
    return not to_boolean(arguments[0].evaluate(context))


def _true(context: EvalContext, arguments: Arguments) -> Value:
    return True


def _false(context: EvalContext, arguments: Arguments) -> Value:
    return False


def _boolean(context: EvalContext, arguments: Arguments) -> Value:
    return to_boolean(arguments[0].evaluate(context))


# --- choices -------------------------------------------------------------------------


def _selected(context: EvalContext, arguments: Arguments) -> Value:
    answer, choice = (argument.evaluate(context) for argument in arguments)
    return to_string(choice).strip() in _tokens(answer)


def _count_selected(context: EvalContext, arguments: Arguments) -> Value:
    return float(len(_tokens(arguments[0].evaluate(context))))


def _selected_at(context: EvalContext, arguments: Arguments) -> Value:
    """The choice at 0-based ``index`` of a select_multiple answer, "" past its end."""
    tokens = _tokens(arguments[0].evaluate(context))
    index = to_number(arguments[1].evaluate(context))
    if math.isnan(index) or math.isinf(index) or not 0 <= int(index) < len(tokens):
        return ""
    return tokens[int(index)]


# --- text ----------------------------------------------------------------------------


def _string(context: EvalContext, arguments: Arguments) -> Value:
    if not arguments:
        return to_string(context.current_value())
    return to_string(arguments[0].evaluate(context))


def _string_length(context: EvalContext, arguments: Arguments) -> Value:
    """Code points, so an emoji or a CJK character counts as one."""
    return float(len(to_string(_string(context, arguments))))


def _concat(context: EvalContext, arguments: Arguments) -> Value:
    """Joins its arguments; a node-set argument adds all its nodes (JavaRosa)."""
    parts: list[str] = []
    for argument in arguments:
        value = argument.evaluate(context)
        if isinstance(value, list):
            parts.extend(to_string(node) for node in value)
        else:
            parts.append(to_string(value))
    return "".join(parts)


def _contains(context: EvalContext, arguments: Arguments) -> Value:
    text, part = _strings(context, arguments)
    return part in text


def _starts_with(context: EvalContext, arguments: Arguments) -> Value:
    text, part = _strings(context, arguments)
    return text.startswith(part)


def _ends_with(context: EvalContext, arguments: Arguments) -> Value:
    text, part = _strings(context, arguments)
    return text.endswith(part)


def _whole(number: float, default: int) -> int:
    if math.isnan(number):
        return default
    if math.isinf(number):
        return 2**31 if number > 0 else -(2**31)
    return int(number)


def _substr(context: EvalContext, arguments: Arguments) -> Value:
    """``substr(text, start, end)``: 0-based ``start``, ``end`` exclusive (ODK)."""
    text = to_string(arguments[0].evaluate(context))
    start = _whole(to_number(arguments[1].evaluate(context)), 0)
    end = len(text)
    if len(arguments) > 2:
        end = _whole(to_number(arguments[2].evaluate(context)), len(text))
    start = min(max(start, 0), len(text))
    end = min(max(end, start), len(text))
    return text[start:end]


def _normalize_space(context: EvalContext, arguments: Arguments) -> Value:
    return " ".join(to_string(_string(context, arguments)).split())


def _regex(context: EvalContext, arguments: Arguments) -> Value:
    """True when the pattern matches somewhere in the text (Java's ``find()``, as ODK).
    The matcher runs in time linear in the text: see ``safe_regex``."""
    text, pattern = _strings(context, arguments)
    return safe_regex.compile_pattern(pattern).search(text)


# --- numbers -------------------------------------------------------------------------


def _number(context: EvalContext, arguments: Arguments) -> Value:
    if not arguments:
        return to_number(context.current_value())
    return to_number(arguments[0].evaluate(context))


def _int(context: EvalContext, arguments: Arguments) -> Value:
    """Truncates toward zero; NaN and the infinities stay as they are."""
    number = to_number(arguments[0].evaluate(context))
    if math.isnan(number) or math.isinf(number):
        return number
    return float(math.trunc(number))


def _round(context: EvalContext, arguments: Arguments) -> Value:
    """``round(x)`` rounds halves up (XPath: ``round(-2.5)`` is -2); ``round(x, places)``
    rounds halves away from zero at ``places`` decimals, as JavaRosa does."""
    number, *rest = _numbers(context, arguments)
    if math.isnan(number) or math.isinf(number):
        return number
    if not rest:
        return number if abs(number) >= 2**52 else float(math.floor(number + 0.5))
    places = rest[0]
    if math.isnan(places):
        return math.nan
    places_whole = int(max(min(places, 400), -400))
    with localcontext() as decimal_context:
        decimal_context.prec = 1_000
        try:
            quantum = Decimal(1).scaleb(-places_whole)
            rounded = Decimal(repr(number)).quantize(quantum, rounding=ROUND_HALF_UP)
        except InvalidOperation:
            return number
    return float(rounded)


def _floor(context: EvalContext, arguments: Arguments) -> Value:
    number = to_number(arguments[0].evaluate(context))
    return number if math.isnan(number) or math.isinf(number) else float(math.floor(number))


def _ceiling(context: EvalContext, arguments: Arguments) -> Value:
    number = to_number(arguments[0].evaluate(context))
    return number if math.isnan(number) or math.isinf(number) else float(math.ceil(number))


def _abs(context: EvalContext, arguments: Arguments) -> Value:
    return abs(to_number(arguments[0].evaluate(context)))


# --- repeats and aggregates ----------------------------------------------------------


def _position(context: EvalContext, arguments: Arguments) -> Value:
    if not context.enclosing:
        raise fail(errors.POSITION_OUTSIDE_REPEAT)
    return float(context.position[len(context.enclosing) - 1])


def _nodes(context: EvalContext, arguments: Arguments) -> list[Scalar]:
    argument = arguments[0]
    assert isinstance(argument, Reference)  # the parser accepts nothing else
    return context.resolve_nodes(argument.name)


def _count(context: EvalContext, arguments: Arguments) -> Value:
    return float(len(_nodes(context, arguments)))


def _sum(context: EvalContext, arguments: Arguments) -> Value:
    """The sum of the answers; an unanswered one makes it NaN, as in XPath and ODK."""
    return math.fsum(to_number(node) for node in _nodes(context, arguments))


# --- dates ---------------------------------------------------------------------------


def _today(context: EvalContext, arguments: Arguments) -> Value:
    return context.today_date().isoformat()


def _now(context: EvalContext, arguments: Arguments) -> Value:
    return context.now_moment().isoformat(timespec="milliseconds")


def _date(context: EvalContext, arguments: Arguments) -> Value:
    """An ISO date from a number of days since 1970-01-01 or from a date(-time) text;
    "" when the value is neither."""
    days = to_number(arguments[0].evaluate(context))
    if math.isnan(days) or not -700_000 < days < 2_900_000:
        return ""
    return (EPOCH + timedelta(days=math.floor(days))).isoformat()


FUNCTIONS: dict[str, Function] = {
    "if": Function(3, 3, _if),
    "coalesce": Function(2, None, _coalesce),
    "not": Function(1, 1, _not),
    "true": Function(0, 0, _true),
    "false": Function(0, 0, _false),
    "boolean": Function(1, 1, _boolean),
    "selected": Function(2, 2, _selected),
    "count-selected": Function(1, 1, _count_selected),
    "selected-at": Function(2, 2, _selected_at),
    "string": Function(0, 1, _string),
    "string-length": Function(0, 1, _string_length),
    "concat": Function(0, None, _concat, aggregate=True),
    "contains": Function(2, 2, _contains),
    "starts-with": Function(2, 2, _starts_with),
    "ends-with": Function(2, 2, _ends_with),
    "substr": Function(2, 3, _substr),
    "normalize-space": Function(0, 1, _normalize_space),
    "regex": Function(2, 2, _regex),
    "number": Function(0, 1, _number),
    "int": Function(1, 1, _int),
    "round": Function(1, 2, _round),
    "floor": Function(1, 1, _floor),
    "ceiling": Function(1, 1, _ceiling),
    "abs": Function(1, 1, _abs),
    "position": Function(1, 1, _position),
    "count": Function(1, 1, _count, aggregate=True, references=(0,)),
    "sum": Function(1, 1, _sum, aggregate=True, references=(0,)),
    "today": Function(0, 0, _today),
    "now": Function(0, 0, _now),
    "date": Function(1, 1, _date),
    # The rest of what ODK forms commonly use.
    "max": Function(1, None, extra.maximum, aggregate=True),
    "min": Function(1, None, extra.minimum, aggregate=True),
    "join": Function(2, None, extra.join, aggregate=True),
    "count-non-empty": Function(1, 1, extra.count_non_empty, aggregate=True, references=(0,)),
    "indexed-repeat": Function(3, 7, extra.indexed_repeat, aggregate=True, references=(0, 1, 3, 5)),
    "once": Function(1, 1, extra.once),
    "uuid": Function(0, 0, extra.new_uuid),
    "pow": Function(2, 2, extra.power),
    "sqrt": Function(1, 1, extra.square_root),
    "exp": Function(1, 1, extra.exponential),
    "log": Function(1, 1, extra.logarithm),
    "log10": Function(1, 1, extra.logarithm_10),
    "pi": Function(0, 0, extra.pi),
    "boolean-from-string": Function(1, 1, extra.boolean_from_string),
    "substring-before": Function(2, 2, extra.substring_before),
    "substring-after": Function(2, 2, extra.substring_after),
    "translate": Function(3, 3, extra.translate),
    "decimal-date-time": Function(1, 1, extra.decimal_date_time),
    "format-date": Function(2, 2, extra.format_date),
    "format-date-time": Function(2, 2, extra.format_date),
}
