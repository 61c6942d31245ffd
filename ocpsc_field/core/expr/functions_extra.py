"""More of the functions ODK forms use: math, text helpers, formatted dates, answers of
one repeat instance, and ``once()``. Registered in ``functions.FUNCTIONS``.

``format-date`` writes month and weekday names (``%b``, ``%a``) in English:
core has no translations, and the form's language is the renderer's. A
``uuid()`` is new on every evaluation, so forms keep one with ``once(uuid())``.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from ocpsc_field.core.expr.context import EvalContext
from ocpsc_field.core.expr.nodes import Node, Reference
from ocpsc_field.core.expr.values import (
    EPOCH,
    Scalar,
    Value,
    to_number,
    to_string,
)

Arguments = tuple[Node, ...]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _flat(context: EvalContext, arguments: Arguments) -> list[Scalar]:
    """Every argument's value, node-sets opened up into their nodes."""
    values: list[Scalar] = []
    for argument in arguments:
        value = argument.evaluate(context)
        if isinstance(value, list):
            values.extend(value)
        else:
            values.append(value)
    return values


def _extreme(pick: Callable[[list[float]], float]) -> Callable[[EvalContext, Arguments], Value]:
    def implementation(context: EvalContext, arguments: Arguments) -> Value:
        numbers = [to_number(value) for value in _flat(context, arguments)]
        if not numbers or any(math.isnan(number) for number in numbers):
            return math.nan
        return pick(numbers)

    return implementation


maximum = _extreme(max)
minimum = _extreme(min)


def join(context: EvalContext, arguments: Arguments) -> Value:
    separator = to_string(arguments[0].evaluate(context))
    return separator.join(to_string(value) for value in _flat(context, arguments[1:]))


def count_non_empty(context: EvalContext, arguments: Arguments) -> Value:
    return float(sum(1 for value in _flat(context, arguments) if to_string(value) != ""))


def indexed_repeat(context: EvalContext, arguments: Arguments) -> Value:
    """``indexed-repeat(${q}, ${repeat}, n, ...)``: the answer to ``q`` in instance ``n``
    (1-based) of ``repeat``; more pairs pick instances of nested repeats."""
    target = arguments[0]
    assert isinstance(target, Reference)  # the parser accepts nothing else
    chosen: dict[str, int] = {}
    for index in range(1, len(arguments) - 1, 2):
        repeat = arguments[index]
        assert isinstance(repeat, Reference)
        number = to_number(arguments[index + 1].evaluate(context))
        if math.isnan(number) or math.isinf(number) or number < 1:
            return ""
        chosen[repeat.name] = int(number)
    path = context.repeat_path.get(target.name, ())
    here = context.enclosing
    position: list[int] = []
    for level, repeat_name in enumerate(path):
        if repeat_name in chosen:
            position.append(chosen[repeat_name])
        elif level < len(here) and here[level] == repeat_name:
            position.append(context.position[level])
        else:
            break  # not chosen: the answers of every instance from here on
    located = replace(context, item=target.name, position=tuple(position))
    return located.resolve(target.name)


def once(context: EvalContext, arguments: Arguments) -> Value:
    """The item's value if it has one, else the argument: a value computed once."""
    current = context.current_value()
    if to_string(current) != "":
        return current
    return arguments[0].evaluate(context)


def new_uuid(context: EvalContext, arguments: Arguments) -> Value:
    return str(uuid.uuid4())


def _math(operation: Callable[..., float]) -> Callable[[EvalContext, Arguments], Value]:
    def implementation(context: EvalContext, arguments: Arguments) -> Value:
        numbers = [to_number(argument.evaluate(context)) for argument in arguments]
        try:
            return float(operation(*numbers))
        except OverflowError:
            return math.inf
        except (ValueError, ZeroDivisionError):
            return math.nan

    return implementation


power = _math(math.pow)
square_root = _math(math.sqrt)
exponential = _math(math.exp)


def _log_of(base_log: Callable[[float], float]) -> Callable[[float], float]:
    """Java's logarithm: -Infinity at 0, NaN below (Python raises on both)."""

    def log(number: float) -> float:
        return -math.inf if number == 0 else base_log(number)

    return log


logarithm = _math(_log_of(math.log))
logarithm_10 = _math(_log_of(math.log10))


def pi(context: EvalContext, arguments: Arguments) -> Value:
    return math.pi


def boolean_from_string(context: EvalContext, arguments: Arguments) -> Value:
    return to_string(arguments[0].evaluate(context)) in ("true", "1")


def substring_before(context: EvalContext, arguments: Arguments) -> Value:
    text, part = (to_string(argument.evaluate(context)) for argument in arguments)
    found = text.find(part)
    return text[:found] if found >= 0 else ""


def substring_after(context: EvalContext, arguments: Arguments) -> Value:
    text, part = (to_string(argument.evaluate(context)) for argument in arguments)
    found = text.find(part)
    return text[found + len(part) :] if found >= 0 else ""


def translate(context: EvalContext, arguments: Arguments) -> Value:
    """XPath ``translate``: each character of ``source`` becomes the one at the same place
    in ``target``, or is removed when ``target`` is shorter."""
    text, source, target = (to_string(argument.evaluate(context)) for argument in arguments)
    table: dict[int, int | None] = {}
    for index, character in enumerate(source):
        table.setdefault(ord(character), ord(target[index]) if index < len(target) else None)
    return text.translate(table)


def decimal_date_time(context: EvalContext, arguments: Arguments) -> Value:
    return to_number(arguments[0].evaluate(context))


def format_date(context: EvalContext, arguments: Arguments) -> Value:
    """``format-date(date, '%d/%m/%Y')`` with ODK's directives: %Y %y %m %n %b %d %e %a
    %H %h %M %S %3. "" when the value is not a date."""
    moment = _moment(arguments[0].evaluate(context))
    if moment is None:
        return ""
    return _formatted(moment, to_string(arguments[1].evaluate(context)))


def _moment(value: Value) -> datetime | None:
    text = to_string(value).strip()
    try:
        if "T" in text:
            return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    days = to_number(value)
    if math.isnan(days) or not -700_000 < days < 2_900_000:
        return None
    start = datetime(EPOCH.year, EPOCH.month, EPOCH.day, tzinfo=UTC)
    return start + timedelta(days=days)


def _formatted(moment: datetime, pattern: str) -> str:
    fields = {
        "Y": f"{moment.year:04d}",
        "y": f"{moment.year % 100:02d}",
        "m": f"{moment.month:02d}",
        "n": str(moment.month),
        "b": _MONTHS[moment.month - 1],
        "d": f"{moment.day:02d}",
        "e": str(moment.day),
        "a": _WEEKDAYS[moment.weekday()],
        "H": f"{moment.hour:02d}",
        "h": str(moment.hour),
        "M": f"{moment.minute:02d}",
        "S": f"{moment.second:02d}",
        "3": f"{moment.microsecond // 1000:03d}",
    }
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        character = pattern[index]
        if character == "%" and index + 1 < len(pattern) and pattern[index + 1] in fields:
            parts.append(fields[pattern[index + 1]])
            index += 2
            continue
        parts.append(character)
        index += 1
    return "".join(parts)
