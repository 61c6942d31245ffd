"""regex() patterns: Java syntax, linear-time matching, and clear refusals."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocpsc_field.core.expr import errors, safe_regex
from ocpsc_field.core.expressions import ExpressionError


def search(pattern: str, text: str) -> bool:
    return safe_regex.compile_pattern(pattern).search(text)


MATCHES = [
    (r"^\d{5}(-\d{4})?$", "94110", True),
    (r"^\d{5}(-\d{4})?$", "94110-1234", True),
    (r"^\d{5}(-\d{4})?$", "94110-12", False),
    (r"^\+1\d{10}$", "+14155550100", True),
    (r"^[A-Za-z ]+$", "Maya Lin", True),
    (r"^[A-Za-z ]+$", "José", False),
    (r"^\p{L}+$", "José", True),
    (r"^\p{Lu}", "josé", False),
    (r"^\P{N}+$", "abc", True),
    (r"^\p{Alpha}+$", "abc", True),
    (r"\d", "٣", False),  # Java's \d is ASCII only
    (r"^\w+$", "snake_case_1", True),
    (r"^\s*$", " \t", True),
    (r"cat", "concatenate", True),  # find(): anywhere in the text
    (r"^cat", "concatenate", False),
    (r"^a.c$", "abc", True),
    (r"^a.c$", "a\nc", False),
    (r"^abc$", "abc\n", True),  # $ before a final line break, as in Java
    (r"^abc\z", "abc\n", False),
    (r"\Aab", "ab", True),
    (r"\bword\b", "a word here", True),
    (r"\bword\b", "swordfish", False),
    (r"\Bor\B", "word", True),
    (r"(?i)^yes$", "YES", True),
    (r"^(?i:y)es$", "Yes", True),
    (r"^(?i:y)es$", "YES", False),
    (r"(?i)[a-c]+", "ABC", True),
    (r"(?i)[^a]", "A", False),
    (r"^(?:ab)+$", "ababab", True),
    (r"^(?<area>\d{3})-\d{4}$", "555-0100", True),
    (r"^a{2,3}$", "aaaa", False),
    (r"^a{2,}$", "aaaa", True),
    (r"^a{0}b$", "b", True),
    (r"^(a|bc)*$", "abcbca", True),
    (r"^(a*)*$", "aaaa", True),
    (r"^(|a)$", "", True),
    (r"^x*?y+?z??$", "xxyy", True),
    (r"^\x41\u00e9$", "Aé", True),
    (r"^\x{1F600}$", "😀", True),
    (r"^\Q1+1\E=2$", "1+1=2", True),
    (r"^[\d-]+$", "555-0100", True),
    (r"^[a\-z]+$", "a-z", True),
    (r"^[]a]+$", "]a", True),
    (r"^[^\s@]+@[^\s@]+$", "me@example.org", True),
    (r"\.", "no dot", False),
    (r"^\t$", "\t", True),
    (r"^[\t]$", "\t", True),
    ("^北京", "北京市", True),
    ("^مر", "مرحبا", True),
    (r"^(a+)+$", "a" * 5_000 + "b", False),
    (r"^(a|a)*$", "a" * 5_000 + "b", False),
    (r"(x+x+)+y", "x" * 5_000, False),
]


@pytest.mark.parametrize(("pattern", "text", "expected"), MATCHES)
def test_patterns_match_as_in_java(pattern: str, text: str, expected: bool) -> None:
    assert search(pattern, text) is expected


def test_a_catastrophic_pattern_meets_few_automaton_states() -> None:
    pattern = safe_regex.compile_pattern(r"^(a+)+$")
    assert pattern.search("a" * 9_000 + "b") is False
    # The time goes to cached states: a handful, however long the text.
    assert len(pattern._closures) < 20
    assert len(pattern._steps) < 20


REFUSED = [
    (r"(a)\1", errors.REGEX_UNSUPPORTED, "\\1"),
    (r"\k<name>", errors.REGEX_UNSUPPORTED, "\\k"),
    (r"a(?=b)", errors.REGEX_UNSUPPORTED, "(?="),
    (r"a(?!b)", errors.REGEX_UNSUPPORTED, "(?!"),
    (r"(?<=a)b", errors.REGEX_UNSUPPORTED, "(?<="),
    (r"(?<!a)b", errors.REGEX_UNSUPPORTED, "(?<!"),
    (r"a*+", errors.REGEX_UNSUPPORTED, "*+"),
    (r"[a-z&&[^e]]", errors.REGEX_UNSUPPORTED, "&&"),
    (r"[a[b]]", errors.REGEX_UNSUPPORTED, "["),
    (r"(?s).", errors.REGEX_UNSUPPORTED, "(?s)"),
    (r"\p{IsLatin}", errors.REGEX_UNSUPPORTED, "\\p{IsLatin}"),
    ("(", errors.REGEX_INVALID, None),
    ("a)", errors.REGEX_INVALID, None),
    ("[a", errors.REGEX_INVALID, None),
    ("a{2,1}", errors.REGEX_INVALID, None),
    ("a{x}", errors.REGEX_INVALID, None),
    ("*a", errors.REGEX_INVALID, None),
    ("a**", errors.REGEX_INVALID, None),
    ("[z-a]", errors.REGEX_INVALID, None),
    ("\\", errors.REGEX_INVALID, None),
    (r"\y", errors.REGEX_INVALID, None),
    (r"\u12", errors.REGEX_INVALID, None),
    ("a" * 501, errors.REGEX_TOO_LONG, None),
    (r"(a{100}){100}", errors.REGEX_TOO_COMPLEX, None),
]


@pytest.mark.parametrize(("pattern", "msgid", "feature"), REFUSED)
def test_unusable_patterns_are_refused_with_a_reason(
    pattern: str, msgid: str, feature: str | None
) -> None:
    with pytest.raises(ExpressionError) as raised:
        safe_regex.compile_pattern(pattern)
    assert raised.value.message.msgid == msgid
    if feature is not None:
        assert raised.value.message.params["feature"] == feature
    assert raised.value.message.render()


def test_invalid_pattern_message_points_at_the_character() -> None:
    with pytest.raises(ExpressionError) as raised:
        safe_regex.compile_pattern("ab[c")
    assert raised.value.message.render() == (
        "The pattern given to regex() is not a valid regular expression: check it near character 3."
    )


def test_text_longer_than_the_bound_is_refused() -> None:
    pattern = safe_regex.compile_pattern("a")
    assert pattern.search("b" * safe_regex.MAX_TEXT + "") is False
    with pytest.raises(ExpressionError) as raised:
        pattern.search("a" * (safe_regex.MAX_TEXT + 1))
    assert raised.value.message.msgid == errors.REGEX_TEXT_TOO_LONG


# --- the same answers as a backtracking engine, on the syntax both share ----------------

_ATOMS = st.sampled_from(["a", "b", "c", ".", "[ab]", "[^a]", r"\d", "1", r"\.", "[a-c1]"])


def _patterns() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        quantified = st.tuples(
            inner, st.sampled_from(["*", "+", "?", "{2}", "{1,2}", "{0,}", "*?", "+?"])
        ).map(lambda pair: f"(?:{pair[0]}){pair[1]}")
        sequence = st.lists(inner, min_size=2, max_size=3).map("".join)
        either = st.lists(inner, min_size=2, max_size=3).map(lambda parts: "|".join(parts))
        group = inner.map(lambda part: f"({part})")
        return st.one_of(quantified, sequence, either, group)

    body = st.recursive(_ATOMS, extend, max_leaves=6)
    return st.tuples(st.sampled_from(["", "^"]), body, st.sampled_from(["", "$"])).map("".join)


@settings(max_examples=600)
@given(_patterns(), st.text(alphabet="abc1.\n", max_size=10))
def test_matches_agree_with_a_backtracking_engine(pattern: str, text: str) -> None:
    assert search(pattern, text) is (re.search(pattern, text) is not None), (pattern, text)


@settings(max_examples=300)
@given(st.text(max_size=30))
def test_random_patterns_compile_or_give_an_expression_error(pattern: str) -> None:
    try:
        compiled = safe_regex.compile_pattern(pattern)
    except ExpressionError as error:
        assert error.message.render()
        return
    assert compiled.search(pattern) in (True, False)
