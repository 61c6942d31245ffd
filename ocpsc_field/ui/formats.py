"""Dates, times, numbers, lists, sizes and phone numbers as the active language writes them.

Every screen formats through this one module, so "4 jul 2024", "2024年7月4日"
and "(714) 555-0111" are spelled the same way everywhere and follow a
language switch. Babel supplies the CLDR conventions; ``i18n`` says which
locale the active language formats with (``Language.babel_locale``):

- Tagalog formats as Filipino (``fil``), CLDR's locale for it;
- Simplified Chinese as ``zh_Hans`` and Traditional as ``zh_Hant``, whose CLDR
  data are those of ``zh_Hans_CN`` and ``zh_Hant_TW``;
- Hmong and Iu Mien have no CLDR data and format as US English, the
  conventions Hmong and Mien Californians read on every US form.

Digits stay Latin (CLDR's default numbering for every shipped locale).
Stored times are UTC; they are shown in this computer's time zone. Phone
numbers are stored in E.164 and shown in the US national format for +1
numbers, as stored (international E.164) otherwise.

Values that read left to right whatever the language (phone numbers, times
in an RTL layout) come back wrapped in a left-to-right isolate; text leaving
the interface (the clipboard, files) must go through ``core.bidi.plain``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, format_timedelta, get_datetime_format
from babel.lists import format_list
from babel.numbers import format_decimal, parse_pattern
from babel.units import format_unit
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from ocpsc_field import i18n
from ocpsc_field.core.bidi import isolate_ltr

Length = Literal["short", "medium", "long"]
ListStyle = Literal["standard", "or", "unit"]

KIB = 1024
MIB = KIB * 1024
GIB = MIB * 1024


# -- the locale ------------------------------------------------------------------------
def ui_locale(tag: str | None = None) -> Locale:
    """The Babel locale for ``tag`` (default: the active UI language)."""
    return _parsed(i18n.babel_locale_name(tag))


@functools.lru_cache(maxsize=32)
def _parsed(name: str) -> Locale:
    # Parsed once per language: lists call this for every cell they show.
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en_US")


def layout_is_rtl() -> bool:
    """True when the interface is laid out right to left (Arabic, Persian)."""
    return QGuiApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft


def _ltr_run(text: str) -> str:
    """Left-to-right text kept whole in a right-to-left layout."""
    return isolate_ltr(text) if layout_is_rtl() else text


# -- numbers ---------------------------------------------------------------------------
def format_number(value: int | float, decimals: int | None = None) -> str:
    """A number with the locale's grouping and decimal sign: 12,345 · 12 345 · 1,5."""
    if decimals is None:
        return format_decimal(value, locale=ui_locale())
    pattern = "#,##0." + "0" * decimals if decimals > 0 else "#,##0"
    return format_decimal(value, format=pattern, locale=ui_locale())


def format_percent(fraction: float, decimals: int = 0) -> str:
    """A share as a percentage in the locale's style: 25% · 25 % · ٪25."""
    locale = ui_locale()
    pattern = parse_pattern(locale.percent_formats[None].pattern)
    pattern.frac_prec = (decimals, decimals)  # the locale's sign and spacing, our precision
    return pattern.apply(fraction, locale)


def format_size(size: int) -> str:
    """A file or transfer size: bytes, then kB, MB and GB (powers of 1,024)."""
    locale = ui_locale()
    if size < KIB:
        text = format_unit(size, "digital-byte", length="long", locale=locale)
        if "digital-" in text:  # CLDR has no long name for bytes in every language
            text = format_unit(size, "digital-byte", length="short", locale=locale)
        return text
    for limit, unit in ((MIB, "digital-kilobyte"), (GIB, "digital-megabyte")):
        if size < limit:
            scaled = size / (limit // KIB)
            return format_unit(_rounded(scaled), unit, length="short", locale=locale)
    return format_unit(_rounded(size / GIB), "digital-gigabyte", length="short", locale=locale)


def _rounded(value: float) -> float | int:
    """Whole numbers from ten up, one decimal below: 340 kB, 2.5 MB."""
    return round(value) if value >= 10 else round(value, 1)


def format_items(items: Sequence[str], style: ListStyle = "standard") -> str:
    """A list as a phrase: "CalFresh, Medi-Cal and CalKIDS" ("or" for alternatives)."""
    if not items:
        return ""
    return format_list(list(items), style=style, locale=ui_locale())


# -- dates and times -------------------------------------------------------------------
def to_local(moment: datetime | str, zone: tzinfo | None = None) -> datetime:
    """A stored UTC time (aware datetime or ISO text) in ``zone``, by default this
    computer's time zone. A time with no zone is taken as UTC, as it is stored."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone)


def format_day(value: date | datetime | str | None, length: Length = "medium") -> str:
    """A calendar date: "Jul 4, 2024" (medium), "7/4/24" (short), "July 4, 2024" (long).

    ISO text ("2024-07-04") is accepted as stored; a datetime is shown on its
    own day in this computer's time zone. Missing: ""; text that is not a date
    is shown as it is, never hidden.
    """
    if value is None or value == "":
        return ""
    try:
        if isinstance(value, datetime) or (isinstance(value, str) and "T" in value):
            value = to_local(value).date()
        elif isinstance(value, str):
            value = date.fromisoformat(value.strip())
    except ValueError:
        return str(value)
    return format_date(value, format=length, locale=ui_locale())


def format_clock(
    moment: datetime | str, length: Length = "short", zone: tzinfo | None = None
) -> str:
    """A time of day in the user's time zone: "7:30 PM", "19:30", "晚上7:30"."""
    local = to_local(moment, zone)
    return _ltr_if_latin(format_time(local, format=length, tzinfo=local.tzinfo, locale=ui_locale()))


def format_moment(
    moment: datetime | str,
    date_length: Length = "medium",
    time_length: Length = "short",
    zone: tzinfo | None = None,
    *,
    today: date | None = None,
) -> str:
    """A stored time as a date and a time of day in the user's time zone.

    With ``today`` given, a time on that day shows the time alone ("7:30 PM").
    The date and time are joined by the locale's own pattern ("{1}, {0}",
    "{0} {1}" in Vietnamese), so no language gets English word order.
    """
    local = to_local(moment, zone)
    locale = ui_locale()
    clock = format_time(local, format=time_length, tzinfo=local.tzinfo, locale=locale)
    if today is not None and local.date() == today:
        return _ltr_if_latin(clock)
    day = format_date(local.date(), format=date_length, locale=locale)
    pattern = str(get_datetime_format(date_length, locale=locale))
    return _ltr_if_latin(pattern.replace("{1}", day).replace("{0}", clock))


def _ltr_if_latin(text: str) -> str:
    """A date or time written left to right ("1:15 PM") kept whole in an RTL layout.

    Arabic and Persian dates are written right to left and need no isolate.
    """
    if ui_locale().character_order == "left-to-right":
        return _ltr_run(text)
    return text


def format_relative(moment: datetime | str, now: datetime | None = None) -> str:
    """How long ago or how soon: "3 hours ago", "in 2 days", "hace 3 horas".

    Less than a minute away reads as a minute: "1 minute ago". A unit is used
    once a whole one has passed, so 21 hours are "21 hours ago", not "1 day ago".
    """
    when = to_local(moment, UTC)
    now = to_local(now or datetime.now(UTC), UTC)
    delta = when - now
    granularity = "minute" if abs(delta) < timedelta(minutes=1) else "second"
    return format_timedelta(
        delta, granularity=granularity, threshold=1, add_direction=True, locale=ui_locale()
    )


def format_duration(span: timedelta | float, granularity: str = "second") -> str:
    """A length of time, rounded to its largest unit: "5 minutes", "2 días"."""
    if not isinstance(span, timedelta):
        span = timedelta(seconds=span)
    return format_timedelta(span, granularity=granularity, locale=ui_locale())


# -- phone numbers ---------------------------------------------------------------------
def format_phone(e164: str | None) -> str:
    """A stored E.164 number as people write it: "+17145550111" is "(714) 555-0111".

    Numbers outside the US and Canada are shown as stored, in the
    international form ("+525512345678"). In a right-to-left layout the number
    is kept left to right with an isolate.
    """
    if not e164:
        return ""
    return _ltr_run(national_phone(e164))


def national_phone(e164: str) -> str:
    """The number as written on paper, with no direction marks (for files and copies)."""
    if e164.startswith("+1") and len(e164) == 12 and e164[1:].isdigit():
        national = e164[2:]
        return f"({national[:3]}) {national[3:6]}-{national[6:]}"
    return e164
