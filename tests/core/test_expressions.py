"""The survey expression language: a table of expressions and their values, the
syntax errors with their positions, the import checks, and property tests that
random input only ever gives an ``ExpressionError``."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

import pytest

from ocpsc_field.core.expr import errors
from ocpsc_field.core.expressions import EvalContext, ExpressionError, check, parse
from tests.core.expression_answers import ANSWERS, DAYS_2024_03_15, NOW, REPEAT_PATH, TODAY

NAN = math.nan
INF = math.inf


def context(**changes: Any) -> EvalContext:
    values: dict[str, Any] = {
        "answers": ANSWERS,
        "repeat_path": REPEAT_PATH,
        "today": TODAY,
        "now": NOW,
    }
    values.update(changes)
    return EvalContext(**values)


def same(found: Any, expected: Any) -> bool:
    """Equal, with NaN equal to NaN and numbers only equal to numbers."""
    if isinstance(expected, bool) or isinstance(found, bool):
        return type(found) is type(expected) and found == expected
    if isinstance(expected, float | int):
        if not isinstance(found, float):
            return False
        if math.isnan(expected):
            return math.isnan(found)
        return found == expected
    return found == expected


TOP_LEVEL: list[tuple[str, Any]] = [
    # literals and arithmetic
    ("1", 1),
    ("1.5", 1.5),
    (".5", 0.5),
    ("5.", 5),
    ("'text'", "text"),
    ('"it\'s"', "it's"),
    ("1 + 2", 3),
    ("5 - 7", -2),
    ("2 * 3", 6),
    ("7 div 2", 3.5),
    ("7 mod 3", 1),
    ("-7 mod 3", -1),
    ("7 mod -3", 1),
    ("-7 mod -3", -1),
    ("-7 div 2", -3.5),
    ("5.5 mod 2", 1.5),
    ("1 div 0", INF),
    ("-1 div 0", -INF),
    ("0 div 0", NAN),
    ("5 mod 0", NAN),
    ("1 div 0 - 1 div 0", NAN),
    ("1 + 2 * 3", 7),
    ("(1 + 2) * 3", 9),
    ("10 - 4 - 3", 3),
    ("100 div 10 div 5", 2),
    ("2 * 3 mod 4", 2),
    ("-2 * 3", -6),
    ("- - 4", 4),
    ("-(1 + 2)", -3),
    ("1 - -1", 2),
    ("3-1", 2),
    ("0.1 + 0.2", 0.30000000000000004),
    ("'3' + '4'", 7),
    ("'abc' + 1", NAN),
    ("true() + true()", 2),
    ("${empty} + 1", NAN),
    ("${age} + 1", 35),
    ("${num_text} * 2", 24),
    ("${dec} * 2", 5),
    ("${neg} div 2", -3.5),
    ("${missing_q} + 1", NAN),
    ("${age} div 2", 17),
    ("${age} mod 5", 4),
    # comparisons
    ("1 = 1", True),
    ("1 != 1", False),
    ("1 < 2", True),
    ("2 <= 2", True),
    ("3 > 2", True),
    ("2 >= 3", False),
    ("'10' > '9'", True),
    ("'b' > 'a'", True),
    ("'apple' < 'banana'", True),
    ("'10' = 10", True),
    ("'10.0' = 10", True),
    ("'abc' = 'abc'", True),
    ("'abc' != 'ABC'", True),
    ("'' < 'a'", True),
    ("${age} = 34", True),
    ("${age} >= 18", True),
    ("${empty} < 18", False),
    ("${empty} > 18", False),
    ("${empty} = 0", False),
    ("${empty} != 0", True),
    ("${empty} = ''", True),
    ("${none} = ''", True),
    ("${missing_q} = ''", True),
    ("${empty} < '18'", False),
    ("${name} = 'Maya'", True),
    ("${name} = 5", False),
    ("${date} < '2024-04-01'", True),
    ("${date} > today()", False),
    ("${date} = '2024-03-15'", True),
    ("${dt} > ${date}", True),
    ("${num_text} = 12", True),
    ("${one} = 'yes'", True),
    ("true() = 1", True),
    ("false() = ''", True),
    ("true() = 'false'", True),
    ("true() > false()", True),
    ("1 < 2 = true()", True),
    ("0 div 0 = 0 div 0", False),
    ("0 div 0 != 0 div 0", True),
    ("1 div 0 > 1000000", True),
    # and, or, not
    ("true()", True),
    ("false()", False),
    ("true() and false()", False),
    ("true() or false()", True),
    ("false() or false() or true()", True),
    ("true() or false() and false()", True),
    ("(true() or false()) and false()", False),
    ("1 = 1 and 2 = 2", True),
    ("1 = 2 or 3 = 3", True),
    ("1 or 1 div 0", True),
    ("${empty} and true()", False),
    ("not(true())", False),
    ("not('')", True),
    ("not(0)", True),
    ("not('0')", False),
    ("boolean(0 div 0)", False),
    ("boolean('false')", True),
    ("boolean(-1)", True),
    ("boolean(${empty})", False),
    ("boolean(${name})", True),
    # choices
    ("selected(${colors}, 'red')", True),
    ("selected(${colors}, 'green')", False),
    ("selected(${colors_text}, 'blue')", True),
    ("selected(${colors}, ' blue ')", True),
    ("selected(${colors}, 're')", False),
    ("selected(${empty}, 'red')", False),
    ("selected(${one}, 'yes')", True),
    ("count-selected(${colors})", 2),
    ("count-selected(${colors_text})", 2),
    ("count-selected(${empty})", 0),
    ("selected-at(${colors}, 1)", "blue"),
    ("selected-at(${colors}, 5)", ""),
    # text and unicode
    ("string-length('hello')", 5),
    ("string-length(${cjk})", 3),
    ("string-length(${arabic})", 5),
    ("string-length('😀')", 1),
    ("string-length(${family})", 5),
    ("string-length(${empty})", 0),
    ("string-length(${age})", 2),
    ("concat('a', 'b', 'c')", "abc"),
    ("concat(${name}, ' ', ${age})", "Maya 34"),
    ("concat(${dec}, '|', 1 div 0, '|', -1 div 0, '|', 0 div 0)", "2.5|Infinity|-Infinity|NaN"),
    ("concat(true(), false())", "truefalse"),
    ("concat()", ""),
    ("concat(${cjk}, ${arabic}, '😀')", "北京市مرحبا😀"),
    ("concat(1000000)", "1000000"),
    ("concat(0.000001)", "0.000001"),
    ("concat(-0)", "0"),
    ("concat(1 div 3)", "0.3333333333333333"),
    ("concat(${missing_q}, 'x')", "x"),
    ("string(12)", "12"),
    ("string(1.50)", "1.5"),
    ("string(true())", "true"),
    ("string(${colors})", "red blue"),
    ("contains('Los Angeles', 'Angel')", True),
    ("contains(${cjk}, '京')", True),
    ("contains('abc', 'd')", False),
    ("starts-with(${arabic}, 'مر')", True),
    ("starts-with('abc', '')", True),
    ("ends-with('abc', 'bc')", True),
    ("substr('hello', 1, 3)", "el"),
    ("substr('hello', 2)", "llo"),
    ("substr(${cjk}, 1)", "京市"),
    ("substr('hello', -2, 99)", "hello"),
    ("substr('hello', 4, 2)", ""),
    ("normalize-space('  a   b ')", "a b"),
    # if and coalesce
    ("if(${age} >= 18, 'adult', 'minor')", "adult"),
    ("if(${empty}, 'yes', 'no')", "no"),
    ("if(true(), 1, 1 div 0)", 1),
    ("if(false(), 'a', if(true(), 'b', 'c'))", "b"),
    ("coalesce(${empty}, 'fallback')", "fallback"),
    ("coalesce(${name}, 'fallback')", "Maya"),
    ("coalesce(${empty}, ${none})", ""),
    ("coalesce(${zero}, 5)", 0),
    ("coalesce(${missing_q}, ${empty}, 'third')", "third"),
    # regex
    ("regex('94110', '^[0-9]{5}$')", True),
    ("regex('9411', '^[0-9]{5}$')", False),
    ("regex('abc123', '[0-9]+')", True),
    ("regex(${name}, '(?i)^maya$')", True),
    ("regex(${name}, '^maya$')", False),
    (r"regex('(415) 555-0100', '^\(\d{3}\) \d{3}-\d{4}$')", True),
    (r"regex(${cjk}, '^\p{L}+$')", True),
    (r"regex(${arabic}, '^\w+$')", False),
    ("regex(${empty}, '^$')", True),
    ("regex('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab', '^(a+)+$')", False),
    (r"regex('name@example.org', '^[^@\s]+@[^@\s]+\.[a-z]+$')", True),
    (r"regex('CA 95814', '^[A-Z]{2}\s\d{5}(-\d{4})?$')", True),
    # dates and times
    ("today()", "2024-03-20"),
    ("now()", "2024-03-20T09:15:00.000-07:00"),
    ("today() - ${date}", 5),
    ("int((today() - '2000-03-21') div 365.25)", 23),
    ("date(today() + 10)", "2024-03-30"),
    ("date(${dt})", "2024-03-15"),
    ("date('not a date')", ""),
    ("${date} + 1", DAYS_2024_03_15 + 1),
    ("number('2024-02-30')", NAN),
    ("${dt} - ${date}", 10.5 / 24),
    # numbers
    ("int(3.7)", 3),
    ("int(-3.7)", -3),
    ("int('12.9')", 12),
    ("int(${empty})", NAN),
    ("int(1 div 0)", INF),
    ("number('  42 ')", 42),
    ("number('')", NAN),
    ("number('1e3')", NAN),
    ("number('abc')", NAN),
    ("number('١٢')", NAN),
    ("number(true())", 1),
    ("number('-.5')", -0.5),
    ("round(2.5)", 3),
    ("round(-2.5)", -2),
    ("round(2.4)", 2),
    ("round(1.005, 2)", 1.01),
    ("round(-1.005, 2)", -1.01),
    ("round(2.675, 2)", 2.68),
    ("round(1234.5678, -2)", 1200),
    ("round(0 div 0)", NAN),
    ("round(1.5, 0 div 0)", NAN),
    ("floor(-1.5)", -2),
    ("ceiling(1.2)", 2),
    ("abs(-3)", 3),
    # repeats from outside them
    ("count(${household})", 3),
    ("count(${member})", 3),
    ("count(${job})", 3),
    ("sum(${hours})", 35),
    ("sum(${member_age})", NAN),
    ("count(${age})", 1),
    ("sum(${age})", 34),
    ("count(${visits})", 0),
    ("count(${visit_note})", 0),
    ("sum(${visit_note})", 0),
    ("${member} = 'Luis'", True),
    ("${member} = 'Nobody'", False),
    ("concat(${member})", "AnaLuisEva"),
    ("string(${member})", "Ana"),
    # more of what ODK forms use
    ("max(3, 1, 2)", 3),
    ("min(3, 1, 2)", 1),
    ("max(${hours})", 20),
    ("min(${hours})", 5),
    ("max(${member_age})", NAN),
    ("max(${visit_note})", NAN),
    ("join(', ', ${member})", "Ana, Luis, Eva"),
    ("join('-', 'a', 1)", "a-1"),
    ("count-non-empty(${member_age})", 2),
    ("indexed-repeat(${member}, ${household}, 3)", "Eva"),
    ("indexed-repeat(${job}, ${household}, 1, ${jobs}, 2)", "driver"),
    ("indexed-repeat(${member}, ${household}, 9)", ""),
    ("indexed-repeat(${member}, ${household}, 0)", ""),
    ("once(5)", 5),
    ("string-length(uuid())", 36),
    ("pow(2, 10)", 1024),
    ("pow(-8, 0.5)", NAN),
    ("pow(10, 400)", INF),
    ("sqrt(16)", 4),
    ("sqrt(-1)", NAN),
    ("exp(0)", 1),
    ("log(0)", -INF),
    ("log(-1)", NAN),
    ("log10(1000)", 3),
    ("round(pi(), 4)", 3.1416),
    ("boolean-from-string('true')", True),
    ("boolean-from-string('1')", True),
    ("boolean-from-string('yes')", False),
    ("substring-before('2024-03-15', '-')", "2024"),
    ("substring-after('2024-03-15', '-')", "03-15"),
    ("substring-after('abc', 'x')", ""),
    ("translate('abc', 'ab', 'AB')", "ABc"),
    ("translate('a-b-c', '-', '')", "abc"),
    ("format-date(${date}, '%d/%m/%Y')", "15/03/2024"),
    ("format-date(${date}, '%e %b %y, %a')", "15 Mar 24, Fri"),
    ("format-date-time(${dt}, '%Y-%m-%d %H:%M:%S.%3')", "2024-03-15 10:30:00.000"),
    ("format-date-time(now(), '%H:%M')", "09:15"),
    ("format-date('junk', '%Y')", ""),
    ("format-date(today(), '100%')", "100%"),
    ("decimal-date-time(${date})", DAYS_2024_03_15),
]


@pytest.mark.parametrize(("text", "expected"), TOP_LEVEL, ids=[case[0] for case in TOP_LEVEL])
def test_top_level_expression_values(text: str, expected: Any) -> None:
    found = parse(text).evaluate(context())
    assert same(found, expected), f"{text!r} gave {found!r}, expected {expected!r}"


IN_CONTEXT: list[tuple[str, dict[str, Any], Any]] = [
    # inside household instance 2 (Luis)
    ("${member}", {"item": "member", "position": (2,)}, "Luis"),
    ("${member_age} < 18", {"item": "member", "position": (2,)}, True),
    ("position(..)", {"item": "member", "position": (3,)}, 3),
    ("${age}", {"item": "member", "position": (2,)}, 34),
    ("count(${household})", {"item": "member", "position": (1,)}, 3),
    ("count(${job})", {"item": "member", "position": (1,)}, 2),
    ("sum(${hours})", {"item": "member", "position": (1,)}, 30),
    ("count(${job})", {"item": "member", "position": (2,)}, 0),
    ("${member}", {"item": "member", "position": (4,)}, ""),
    ("if(position(..) = 1, 'head', 'other')", {"item": "member", "position": (1,)}, "head"),
    # inside the nested jobs repeat
    ("${job}", {"item": "job", "position": (1, 2)}, "driver"),
    ("${member}", {"item": "job", "position": (1, 2)}, "Ana"),
    ("${hours} * 2", {"item": "job", "position": (1, 2)}, 20),
    ("position(..)", {"item": "hours", "position": (3, 1)}, 1),
    ("concat(${member}, ':', ${job})", {"item": "hours", "position": (3, 1)}, "Eva:tutor"),
    ("${age} - ${member_age}", {"item": "job", "position": (1, 1)}, -6),
    # "." is the item's own value, in constraints
    (". >= 18", {"current": 17}, False),
    (". >= 18", {"current": 18}, True),
    (". = ''", {"current": ""}, True),
    (". = ''", {"current": None}, True),
    ("selected(., 'b')", {"current": ["a", "b"]}, True),
    ("selected(., 'b')", {"current": "a b"}, True),
    ("count-selected(.) <= 2", {"current": ["a", "b", "c"]}, False),
    ("string-length(.)", {"current": "héllo"}, 5),
    ("string-length()", {"current": "héllo"}, 5),
    ("regex(., '^[0-9]{3}$')", {"current": "123"}, True),
    ("regex(., '^[0-9]{3}$')", {"current": "1234"}, False),
    (". > ${age}", {"current": 40}, True),
    (". <= today()", {"current": "2024-03-21"}, False),
    (". <= today()", {"current": "2024-03-19"}, True),
    ("number(.) + 1", {"current": "4"}, 5),
    # plain names read the columns of a choice (choice filters)
    ("county = ${county_q}", {"bare": {"county": "alameda"}}, True),
    ("county = ${county_q}", {"bare": {"county": "fresno"}}, False),
    # a column the choice leaves empty is no node at all, as in ODK: no comparison holds
    ("state = ''", {"bare": {"county": "fresno"}}, False),
    ("state != 'ca'", {"bare": {"county": "fresno", "state": ""}}, False),
    ("not(state)", {"bare": {"county": "fresno", "state": ""}}, True),
    ("min_age <= ${age}", {"bare": {"min_age": 18}}, True),
    # once() keeps the item's value; indexed-repeat() picks one instance
    ("once(5)", {"current": "kept"}, "kept"),
    ("indexed-repeat(${job}, ${jobs}, 1)", {"item": "member", "position": (3,)}, "tutor"),
    ("indexed-repeat(${member}, ${household}, 1)", {"item": "job", "position": (2, 1)}, "Ana"),
]


@pytest.mark.parametrize(
    ("text", "where", "expected"),
    IN_CONTEXT,
    ids=[f"{case[0]}@{case[1]}" for case in IN_CONTEXT],
)
def test_expression_values_in_context(text: str, where: dict[str, Any], expected: Any) -> None:
    found = parse(text).evaluate(context(**where))
    assert same(found, expected), f"{text!r} gave {found!r}, expected {expected!r}"


def test_the_table_covers_at_least_150_cases() -> None:
    assert len(TOP_LEVEL) + len(IN_CONTEXT) >= 150


def test_a_table_name_at_top_level_does_not_see_a_repeat_answer_as_one_value() -> None:
    # From outside the repeat a member is the node-set of every member's answer.
    assert parse("${member}").evaluate(context()) == ["Ana", "Luis", "Eva"]


def test_expressions_read_the_clock_only_when_no_date_is_given() -> None:
    before = datetime.now().astimezone().date()
    found = parse("today()").evaluate(EvalContext())
    after = datetime.now().astimezone().date()
    assert found in (before.isoformat(), after.isoformat())


def test_position_outside_a_repeat_is_an_error_when_evaluated() -> None:
    with pytest.raises(ExpressionError) as raised:
        parse("position(..)").evaluate(context())
    assert raised.value.message.msgid == errors.POSITION_OUTSIDE_REPEAT


def test_references_current_and_bare_names_are_reported() -> None:
    expression = parse("if(. > ${a}, county = ${b}, count(${c}))")
    assert expression.references == frozenset({"a", "b", "c"})
    assert expression.uses_current
    assert expression.bare_names == frozenset({"county"})
    plain = parse("${a} + 1")
    assert not plain.uses_current
    assert plain.bare_names == frozenset()


def test_is_true_and_text_value_convert_the_result() -> None:
    assert parse("${age} > 18").is_true(context()) is True
    assert parse("${empty}").is_true(context()) is False
    assert parse("${age} * 2").text_value(context()) == "68"
    assert parse("1 div 4").text_value(context()) == "0.25"


# --- syntax errors -----------------------------------------------------------------------

SYNTAX_ERRORS: list[tuple[str, int, str]] = [
    ("", 0, errors.EMPTY),
    ("   ", 0, errors.EMPTY),
    ("1 +", 3, errors.UNEXPECTED_END),
    ("(1 + 2", 6, errors.MISSING_CLOSE),
    ("1 + 2)", 5, errors.UNEXPECTED_TOKEN),
    ("1 2", 2, errors.UNEXPECTED_TOKEN),
    ("foo(1)", 0, errors.UNKNOWN_FUNCTION),
    ("jr:choice-name(${a}, '${a}')", 0, errors.UNKNOWN_FUNCTION),
    ("1 + if(1, 2)", 4, errors.ARITY_EXACT),
    ("round()", 0, errors.ARITY_RANGE),
    ("coalesce(${a})", 0, errors.ARITY_MINIMUM),
    ("today(1)", 0, errors.ARITY_EXACT),
    ("${a", 0, errors.UNCLOSED_REFERENCE),
    ("${1a}", 0, errors.BAD_REFERENCE),
    ("${}", 0, errors.BAD_REFERENCE),
    ("$a", 0, errors.UNEXPECTED_CHARACTER),
    ("'abc", 0, errors.UNCLOSED_STRING),
    ("concat('a', \"b)", 12, errors.UNCLOSED_STRING),
    ("/data/a = 1", 0, errors.PATH),
    ("${a}[1]", 4, errors.PATH),
    ("../a", 2, errors.PATH),
    ("@id", 0, errors.PATH),
    ("1 == 2", 2, errors.DOUBLE_EQUALS),
    ("${a} = “yes”", 7, errors.CURLY_QUOTE),
    ("1 & 2", 2, errors.UNEXPECTED_CHARACTER),
    ("count(1)", 0, errors.NEEDS_REFERENCE),
    ("sum(${a} + 1)", 0, errors.NEEDS_REFERENCE),
    ("indexed-repeat(${a}, 1, 2)", 0, errors.NEEDS_REFERENCE),
    ("max()", 0, errors.ARITY_MINIMUM),
    ("current()/../county", 9, errors.PATH),
    ("..", 0, errors.PARENT_ONLY_IN_POSITION),
    ("position(1)", 9, errors.POSITION_NEEDS_PARENT),
    ("position()", 9, errors.POSITION_NEEDS_PARENT),
    ("concat(1,)", 9, errors.UNEXPECTED_TOKEN),
    ("* 2", 0, errors.UNEXPECTED_TOKEN),
    ("not(", 4, errors.UNEXPECTED_END),
    ("(" * 50 + "1" + ")" * 50, 40, errors.TOO_DEEP),
    ("1" + " + 1" * 5_000, 0, errors.TOO_LONG),
]


@pytest.mark.parametrize(
    ("text", "position", "msgid"), SYNTAX_ERRORS, ids=[case[0][:30] for case in SYNTAX_ERRORS]
)
def test_syntax_errors_say_what_and_where(text: str, position: int, msgid: str) -> None:
    with pytest.raises(ExpressionError) as raised:
        parse(text)
    assert raised.value.message.msgid == msgid
    assert raised.value.position == position
    rendered = raised.value.message.render()
    assert "{" not in rendered.replace("${", "") and rendered


def test_error_messages_name_the_function_and_counts() -> None:
    with pytest.raises(ExpressionError) as raised:
        parse("if(1, 2)")
    assert raised.value.message.render() == "Wrong number of arguments to if(): it takes 3, not 2."
    with pytest.raises(ExpressionError) as raised:
        parse("count(1)")
    assert raised.value.message.render() == (
        "count() needs a question reference, like count(${members})."
    )


def test_long_operator_chains_do_not_recurse() -> None:
    text = " + ".join(["1"] * 2_000)
    assert parse(text).evaluate(context()) == 2_000
    assert parse(" and ".join(["true()"] * 800)).evaluate(context()) is True


def test_nesting_up_to_the_limit_is_accepted() -> None:
    text = "(" * 39 + "${age}" + ")" * 39
    assert parse(text).evaluate(context()) == 34
    deep = "not(" * 39 + "true()" + ")" * 39
    assert parse(deep).evaluate(context()) is False


# --- checks for the importer -----------------------------------------------------------

KNOWN = set(REPEAT_PATH) | set(ANSWERS)


def _msgids(messages: list[Any]) -> list[str]:
    return [message.msgid for message in messages]


def test_check_accepts_a_sound_expression() -> None:
    assert check("${age} >= 18 and count(${member}) > 0", KNOWN, REPEAT_PATH) == []
    assert check("${member_age} < ${age}", KNOWN, REPEAT_PATH, where="member") == []
    assert check("${job} != '' and position(..) > 1", KNOWN, REPEAT_PATH, where="hours") == []


def test_check_lets_aggregates_read_answers_across_repeat_instances() -> None:
    text = (
        "max(${member_age}) + count-non-empty(${job}) + string-length(join(' ', ${member}))"
        " + string-length(concat(${member})) + indexed-repeat(${hours}, ${household}, 1, "
        "${jobs}, 1)"
    )
    assert check(text, KNOWN, REPEAT_PATH) == []
    # The index of indexed-repeat() is an ordinary expression: a repeat answer there is not.
    assert (
        len(check("indexed-repeat(${member}, ${household}, ${member_age})", KNOWN, REPEAT_PATH))
        == 1
    )


def test_check_reports_unknown_references_once_each() -> None:
    found = check("${nope} + ${nope} + ${age}", KNOWN, REPEAT_PATH)
    assert _msgids(found) == ["There is no question named “{name}” in this form."]
    assert found[0].render() == "There is no question named “nope” in this form."


def test_check_reports_a_repeat_answer_read_from_outside_without_an_aggregate() -> None:
    found = check("${member_age} > 18", KNOWN, REPEAT_PATH)
    assert len(found) == 1
    assert found[0].render() == (
        "“member_age” is inside the repeat “household”, so it has an answer for each of "
        "its entries: use count(${member_age}) or sum(${member_age}) to read them from here."
    )
    # From a sibling repeat instance's inner repeat, reading the outer one is fine,
    # but reading the inner repeat's question from the outer one is not.
    assert check("${member}", KNOWN, REPEAT_PATH, where="job") == []
    assert len(check("${job}", KNOWN, REPEAT_PATH, where="member")) == 1
    assert check("count(${job})", KNOWN, REPEAT_PATH, where="member") == []


def test_check_reports_a_repeat_used_as_a_value() -> None:
    found = check("${household} = ''", KNOWN, REPEAT_PATH)
    assert found[0].render() == (
        "“household” is a repeat: use count(${household}) for its number of entries."
    )


def test_check_reports_position_outside_a_repeat() -> None:
    assert _msgids(check("position(..)", KNOWN, REPEAT_PATH, where="age")) == [
        "position(..) can only be used inside a repeat."
    ]


def test_check_reports_plain_names_outside_choice_filters() -> None:
    found = check("age > 18", KNOWN, REPEAT_PATH)
    assert found[0].render() == (
        "“age” is not understood here: to refer to a question, write ${age}."
    )
    assert check("county = ${county_q}", KNOWN, REPEAT_PATH, bare_names={"county"}) == []
    found = check("city = ${county_q}", KNOWN, REPEAT_PATH, bare_names={"county"})
    assert found[0].render() == "The choice list has no column “city” for this filter to read."


def test_check_returns_the_syntax_error_of_text() -> None:
    found = check("1 +", KNOWN, REPEAT_PATH)
    assert _msgids(found) == [errors.UNEXPECTED_END]


def test_check_refuses_a_regex_pattern_it_cannot_run() -> None:
    found = check(r"regex(., '(a)\1')", KNOWN, REPEAT_PATH)
    assert found[0].render() == "Patterns given to regex() can't use “\\1” in this app."
    assert check(r"regex(., '^\d+$')", KNOWN, REPEAT_PATH) == []
