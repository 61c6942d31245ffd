"""Dates, numbers, lists, relative times, sizes and phone numbers in the active language.

Expected texts are written out as CLDR spells them (through Babel), so a
change of locale mapping or of pattern shows up here as a readable diff.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ocpsc_field import i18n
from ocpsc_field.core.bidi import LRI, PDI
from ocpsc_field.ui import formats
from ocpsc_field.ui.language import start_language, switch_language
from ocpsc_field.ui.resident_fields import ResidentFields

PACIFIC = ZoneInfo("America/Los_Angeles")
STORED = "2024-07-04T19:30:00Z"  # 12:30 in California
NOW = datetime(2024, 7, 4, 19, 30, tzinfo=UTC)
NBSP, NNBSP, RLM = "\u00a0", "\u202f", "\u200f"


@pytest.fixture(autouse=True)
def english_afterwards(qapp) -> Iterator[None]:
    start_language("en")
    yield
    start_language("en")
    QApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def in_language(tag: str) -> None:
    assert i18n.set_language(tag) == tag


# -- dates -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("tag", "short", "medium", "long"),
    [
        ("en", "7/4/24", "Jul 4, 2024", "July 4, 2024"),
        ("es", "4/7/2024", "4 jul 2024", "4 de julio de 2024"),
        ("zh-Hant", "2024/7/4", "2024年7月4日", "2024年7月4日"),
        ("ar", f"4{RLM}/7{RLM}/2024", f"04{RLM}/07{RLM}/2024", "4 يوليو 2024"),
        ("vi", "4/7/24", "4 thg 7, 2024", "4 tháng 7, 2024"),
        ("ru", "04.07.2024", f"4 июл. 2024{NNBSP}г.", f"4 июля 2024{NNBSP}г."),
        ("tl", "7/4/24", "Hul 4, 2024", "Hulyo 4, 2024"),  # Filipino conventions
        ("hmn", "7/4/24", "Jul 4, 2024", "July 4, 2024"),  # no CLDR data: US English
    ],
)
def test_dates_in_three_lengths(tag, short, medium, long):
    in_language(tag)
    assert formats.format_day("2024-07-04", "short") == short
    assert formats.format_day(date(2024, 7, 4)) == medium
    assert formats.format_day("2024-07-04", "long") == long


def test_a_stored_time_is_shown_in_the_users_time_zone_and_word_order():
    in_language("es")
    assert formats.format_moment(STORED, zone=PACIFIC) == f"4 jul 2024, 12:30{NNBSP}p.m."
    assert formats.format_clock(STORED, zone=PACIFIC) == f"12:30{NNBSP}p.m."
    in_language("vi")  # Vietnamese puts the time first
    assert formats.format_moment(STORED, zone=PACIFIC) == "12:30 4 thg 7, 2024"
    in_language("zh-Hant")
    assert formats.format_moment(STORED, zone=PACIFIC) == "2024年7月4日 中午12:30"
    # Late evening in UTC is still the same afternoon in California, not the next day.
    assert formats.format_day("2024-07-05T02:00:00+00:00") == formats.format_day(
        formats.to_local("2024-07-05T02:00:00+00:00").date()
    )
    assert formats.to_local("2024-07-05T02:00:00Z", PACIFIC).date() == date(2024, 7, 4)


def test_a_time_today_shows_the_time_alone():
    in_language("en")
    local = formats.to_local(STORED, PACIFIC)
    assert formats.format_moment(STORED, zone=PACIFIC, today=local.date()) == f"12:30{NNBSP}PM"
    tomorrow = local.date() + timedelta(days=1)
    assert "Jul 4, 2024" in formats.format_moment(STORED, zone=PACIFIC, today=tomorrow)


def test_a_date_that_is_not_one_is_shown_as_stored():
    assert formats.format_day(None) == ""
    assert formats.format_day("") == ""
    assert formats.format_day("sometime in 1980") == "sometime in 1980"


# -- numbers -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("tag", "number", "decimal", "percent"),
    [
        ("en", "1,234,567", "1,234,567.5", "26%"),
        ("es", "1,234,567", "1,234,567.5", "26%"),  # Spanish as written in the US
        ("zh-Hant", "1,234,567", "1,234,567.5", "26%"),
        ("ar", "1,234,567", "1,234,567.5", "26%"),  # Latin digits, as CLDR's default
        ("vi", "1.234.567", "1.234.567,5", "26%"),
        ("ru", f"1{NBSP}234{NBSP}567", f"1{NBSP}234{NBSP}567,5", f"26{NBSP}%"),
    ],
)
def test_numbers_and_percentages(tag, number, decimal, percent):
    in_language(tag)
    assert formats.format_number(1234567) == number
    assert formats.format_number(1234567.5) == decimal
    assert formats.format_percent(0.256) == percent


def test_decimals_are_fixed_when_asked_for():
    in_language("ru")
    assert formats.format_number(3.14159, 2) == "3,14"
    assert formats.format_percent(0.2567, 1) == f"25,7{NBSP}%"
    in_language("en")
    assert formats.format_number(2, 1) == "2.0"


@pytest.mark.parametrize(
    ("tag", "bytes_", "kilobytes", "megabytes"),
    [
        ("en", "512 bytes", "340 kB", "2.5 MB"),
        ("es", "512 bytes", "340 kB", "2.5 MB"),
        ("ar", "512 بايت", "340 كيلوبايت", "2.5 م.ب"),
        ("vi", "512 byte", "340 kB", "2,5 MB"),
        ("ru", "512 байт", "340 кБ", "2,5 МБ"),
    ],
)
def test_sizes_in_the_locales_units(tag, bytes_, kilobytes, megabytes):
    in_language(tag)
    assert formats.format_size(512) == bytes_
    assert formats.format_size(340 * 1024) == kilobytes
    assert formats.format_size(int(2.5 * 1024 * 1024)) == megabytes


# -- lists and relative times ------------------------------------------------------------
@pytest.mark.parametrize(
    ("tag", "three", "either"),
    [
        ("en", "CalFresh, Medi-Cal, and CalKIDS", "CalFresh or Medi-Cal"),
        ("es", "CalFresh, Medi-Cal y CalKIDS", "CalFresh o Medi-Cal"),
        ("zh-Hant", "CalFresh、Medi-Cal和CalKIDS", "CalFresh或Medi-Cal"),
        ("ar", "CalFresh وMedi-Cal وCalKIDS", "CalFresh أو Medi-Cal"),
        ("vi", "CalFresh, Medi-Cal và CalKIDS", "CalFresh hoặc Medi-Cal"),
        ("ru", "CalFresh, Medi-Cal и CalKIDS", "CalFresh или Medi-Cal"),
    ],
)
def test_lists(tag, three, either):
    in_language(tag)
    assert formats.format_items(["CalFresh", "Medi-Cal", "CalKIDS"]) == three
    assert formats.format_items(["CalFresh", "Medi-Cal"], "or") == either
    assert formats.format_items([]) == ""


@pytest.mark.parametrize(
    ("tag", "ago", "ahead"),
    [
        ("en", "3 hours ago", "in 2 days"),
        ("es", "hace 3 horas", "dentro de 2 días"),
        ("zh-Hant", "3 小時前", "2 天後"),
        ("ar", "قبل 3 ساعات", "خلال يومين"),
        ("vi", "3 giờ trước", "sau 2 ngày nữa"),
        ("ru", "3 часа назад", "через 2 дня"),
    ],
)
def test_relative_times(tag, ago, ahead):
    in_language(tag)
    assert formats.format_relative(NOW - timedelta(hours=3), now=NOW) == ago
    assert formats.format_relative(NOW + timedelta(days=2), now=NOW) == ahead


def test_russian_counts_take_their_own_plural_forms():
    in_language("ru")
    said = {h: formats.format_relative(NOW - timedelta(hours=h), now=NOW) for h in (1, 3, 5, 21)}
    assert said == {
        1: "1 час назад",
        3: "3 часа назад",
        5: "5 часов назад",
        21: "21 час назад",  # 21 takes the "one" form, and is not rounded to a day
    }
    assert formats.format_relative(NOW - timedelta(seconds=5), now=NOW) == "1 минуту назад"
    assert formats.format_duration(300) == "5 минут"


def test_relative_times_read_stored_text():
    in_language("en")
    assert formats.format_relative("2024-07-04T16:30:00Z", now=NOW) == "3 hours ago"


# -- phone numbers -----------------------------------------------------------------------
def test_us_numbers_in_national_format_others_as_stored():
    assert formats.format_phone("+17145550111") == "(714) 555-0111"
    assert formats.format_phone("+525512345678") == "+525512345678"
    assert formats.format_phone(None) == ""
    assert formats.national_phone("+17145550111") == "(714) 555-0111"


def test_phone_numbers_stay_left_to_right_in_a_right_to_left_layout():
    start_language("ar")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert formats.format_phone("+17145550111") == f"{LRI}(714) 555-0111{PDI}"
    assert formats.format_phone("+525512345678") == f"{LRI}+525512345678{PDI}"
    assert formats.national_phone("+17145550111") == "(714) 555-0111"  # for files and copies
    # A Latin-script time in an Arabic layout is isolated; an Arabic one needs nothing.
    start_language("fa")
    assert formats.format_clock(STORED, zone=PACIFIC) == "12:30"
    start_language("ar")
    assert formats.format_clock(STORED, zone=PACIFIC) == "12:30 م"


# -- following a language switch ---------------------------------------------------------
def test_a_shown_date_is_written_again_after_a_language_switch(qtbot):
    fields = ResidentFields()
    qtbot.addWidget(fields)
    fields.set_values({"given_name": "María", "consent_date": "2024-07-04"})
    fields.show()
    assert "July 4, 2024" in fields.consent_note.text()
    switch_language("es")
    assert "4 de julio de 2024" in fields.consent_note.text()
    assert "July" not in fields.consent_note.text()
    switch_language("ru")
    assert f"4 июля 2024{NNBSP}г." in fields.consent_note.text()


@pytest.mark.parametrize(
    ("tag", "region_locale"),
    [("zh-Hans", "zh_Hans_CN"), ("zh-Hant", "zh_Hant_TW"), ("tl", "fil_PH"), ("es", "es_US")],
)
def test_each_language_formats_as_its_region_in_california_expects(tag, region_locale):
    """Simplified Chinese as in mainland China, Traditional as in Taiwan, Tagalog as
    Filipino in the Philippines, Spanish as written in the United States."""
    from babel.dates import format_date
    from babel.lists import format_list
    from babel.numbers import format_decimal

    in_language(tag)
    day = date(2024, 7, 4)
    for length in ("short", "medium", "long"):
        assert formats.format_day(day, length) == format_date(day, length, locale=region_locale)
    assert formats.format_number(1234567.5) == format_decimal(1234567.5, locale=region_locale)
    assert formats.format_items(["A", "B", "C"]) == format_list(
        ["A", "B", "C"], locale=region_locale
    )
