"""XPath values and the conversions between them.

A value is text, a number (always a float), a boolean, or a node-set: the list
of answers to a question inside a repeat, seen from outside it. Conversions
follow XPath 1.0 (and JavaRosa, which ODK forms are written against) so a
form behaves here as it did where it was written:

* text → number accepts only XPath numbers (``-12``, ``3.5``, ``.5``; ASCII
  digits, no exponent, surrounding spaces ignored); anything else is NaN.
  ISO dates and date-times become days since 1970-01-01, as in JavaRosa, so
  ``today() - ${birth_date}`` is an age in days.
* number → text has no exponent and no trailing ``.0``: ``NaN``,
  ``Infinity`` and ``-Infinity`` for the specials.
* → boolean: empty text, 0 and NaN are false; a node-set is true when it
  has any node.
* a node-set used as a single value is its first node ("" when empty).
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TypeAlias

Scalar: TypeAlias = str | float | bool
Value: TypeAlias = str | float | bool | list[Scalar]

_NUMBER_TEXT = re.compile(r"\s*-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*", re.ASCII)
_DATE_TEXT = re.compile(r"\s*\d{4}-\d{2}-\d{2}\s*", re.ASCII)
_DATE_TIME_TEXT = re.compile(
    r"\s*\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?\s*",
    re.ASCII,
)
EPOCH = date(1970, 1, 1)
_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)
_SECONDS_PER_DAY = 86_400.0


def scalar(value: Value) -> Scalar:
    """A node-set's first node; any other value unchanged."""
    if isinstance(value, list):
        return value[0] if value else ""
    return value


def to_string(value: Value) -> str:
    value = scalar(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return number_text(value)
    return value


def number_text(number: float) -> str:
    """XPath's text for a number: ``3``, ``0.5``, ``1000000``, never ``1e+06``."""
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number == 0:
        return "0"
    return format(Decimal(repr(number)).normalize(), "f")


def is_number_text(text: str) -> bool:
    return _NUMBER_TEXT.fullmatch(text) is not None


def to_number(value: Value) -> float:
    value = scalar(value)
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    if _NUMBER_TEXT.fullmatch(value):
        return float(value)
    return _days(value)


def _days(text: str) -> float:
    """Days since 1970-01-01 for an ISO date or date-time; NaN for any other text."""
    try:
        if _DATE_TEXT.fullmatch(text):
            return float((date.fromisoformat(text.strip()) - EPOCH).days)
        if _DATE_TIME_TEXT.fullmatch(text):
            moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            return (moment - _EPOCH_UTC).total_seconds() / _SECONDS_PER_DAY
    except ValueError:
        pass
    return math.nan


def to_boolean(value: Value) -> bool:
    if isinstance(value, list):
        return bool(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return not (value == 0 or math.isnan(value))
    return value != ""


def from_answer(raw: object) -> Scalar:
    """An answer as stored (``core.survey`` answers) as an XPath value.

    Unanswered is "", whole numbers and decimals are numbers, and the list of
    a ``select_multiple`` is its choices separated by spaces, as in XForms.
    """
    if raw is None:
        return ""
    if isinstance(raw, bool | str):
        return raw
    if isinstance(raw, int):
        try:
            return float(raw)
        except OverflowError:
            return math.inf if raw > 0 else -math.inf
    if isinstance(raw, float):
        return raw
    if isinstance(raw, list | tuple):
        return " ".join(to_string(from_answer(item)) for item in raw)
    return ""
