"""Property tests: whatever text a survey author (or a fuzzer) writes, the expression
language answers with a value or an ``ExpressionError``, never anything else; and a
syntax tree printed back to text parses to an expression with the same value."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ocpsc_field.core.expr import errors
from ocpsc_field.core.expr.functions import FUNCTIONS
from ocpsc_field.core.expr.nodes import (
    Bare,
    Call,
    Chain,
    Current,
    Literal,
    Negate,
    Node,
    Number,
    Parent,
    Reference,
)
from ocpsc_field.core.expr.parser import LEVELS, MAX_DEPTH
from ocpsc_field.core.expressions import EvalContext, ExpressionError, parse
from tests.core.expression_answers import ANSWERS, NOW, REPEAT_PATH, TODAY

CONTEXTS = (
    EvalContext(ANSWERS, REPEAT_PATH, today=TODAY, now=NOW, current="12"),
    EvalContext(
        ANSWERS,
        REPEAT_PATH,
        item="job",
        position=(1, 2),
        current=["a", "b"],
        bare={"county": "alameda", "min_age": 18},
        today=TODAY,
        now=NOW,
    ),
)

TOKENS = [
    "${age}",
    "${member}",
    "${household}",
    "${empty}",
    "${colors}",
    "${nope}",
    ".",
    "..",
    "(",
    ")",
    ",",
    "'a'",
    '"b c"',
    "''",
    "1",
    "0",
    "2.5",
    ".5",
    "+",
    "-",
    "*",
    "div",
    "mod",
    "and",
    "or",
    "=",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "county",
    "$",
    "{",
    "}",
    "/",
    "[",
    "]",
    "@",
    "|",
    "“",
    "'",
    '"',
    "==",
    *(f"{name}(" for name in FUNCTIONS),
    "'^a+$'",
    "'(a|b)*c'",
    "'['",
]


def _outcome(text_or_tree: str | Node, context: EvalContext) -> tuple[str, Any]:
    """("value", v) or ("error", msgid); fails the test on any other exception."""
    try:
        if isinstance(text_or_tree, str):
            value = parse(text_or_tree).evaluate(context)
        else:
            value = text_or_tree.evaluate(context)
    except ExpressionError as error:
        assert error.message.msgid != errors.NOT_EVALUATED, "an internal error escaped"
        assert error.message.render()
        return ("error", error.message.msgid)
    assert isinstance(value, str | float | bool | list)
    return ("value", value)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=80))
def test_random_text_gives_a_value_or_an_expression_error(text: str) -> None:
    for context in CONTEXTS:
        _outcome(text, context)


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=25), st.sampled_from(["", " "]))
def test_token_soup_gives_a_value_or_an_expression_error(tokens: list[str], gap: str) -> None:
    text = gap.join(tokens)
    try:
        parse(text)
    except ExpressionError as error:
        assert 0 <= error.position <= len(text)
        return
    for context in CONTEXTS:
        _outcome(text, context)


# --- random syntax trees ---------------------------------------------------------------

_TEXT = st.text(alphabet="ab 1-.é京😀'", max_size=6).filter(lambda s: '"' not in s)
_LEAVES = st.one_of(
    _TEXT.map(Literal),
    st.floats(min_value=0, max_value=1e6, allow_nan=False).map(Number),
    st.integers(min_value=0, max_value=40).map(lambda n: Number(float(n))),
    st.sampled_from(["age", "empty", "colors", "member", "job", "hours", "date", "nope"]).map(
        Reference
    ),
    st.just(Current()),
    st.sampled_from(["county", "min_age"]).map(Bare),
)


@st.composite
def _call(draw: st.DrawFn, children: st.SearchStrategy[Node]) -> Node:
    # uuid() is new on every call, so two evaluations never agree.
    name = draw(st.sampled_from(sorted(set(FUNCTIONS) - {"uuid"})))
    function = FUNCTIONS[name]
    if name == "position":
        return Call(name, (Parent(),), function.implementation)
    maximum = function.maximum if function.maximum is not None else function.minimum + 3
    count = draw(st.integers(min_value=function.minimum, max_value=maximum))
    if name == "indexed-repeat":
        count -= (count - 1) % 2  # a repeat and its index come in pairs
    arguments = tuple(
        Reference(draw(st.sampled_from(_REFERENCED)))
        if index in function.references
        else draw(children)
        for index in range(count)
    )
    return Call(name, arguments, function.implementation)


_REFERENCED = ["member", "hours", "age", "household", "jobs", "visits", "colors"]


@st.composite
def _chain(draw: st.DrawFn, children: st.SearchStrategy[Node]) -> Node:
    level = draw(st.sampled_from(LEVELS))
    symbols = draw(st.lists(st.sampled_from(sorted(level)), min_size=1, max_size=3))
    operands = tuple(draw(children) for _ in range(len(symbols) + 1))
    return Chain(tuple(symbols), operands)


def _extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    # Calls and chains twice as often as unary minus, which adds no leaves.
    return st.one_of(
        _chain(children), _call(children), _chain(children), _call(children), children.map(Negate)
    )


TREES = st.recursive(_LEAVES, _extend, max_leaves=25)


def _depth(node: Node) -> int:
    below = [_depth(child) for child in node.children()]
    return 1 + max(below, default=0)


def _same(left: tuple[str, Any], right: tuple[str, Any]) -> bool:
    if left[0] != right[0]:
        return False
    a, b = left[1], right[1]
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(TREES)
def test_printed_trees_reparse_to_the_same_value(tree: Node) -> None:
    assume(_depth(tree) < MAX_DEPTH // 2)
    text = tree.text()
    reparsed = parse(text)
    assert reparsed.tree.text() == text
    for context in CONTEXTS:
        assert _same(_outcome(tree, context), _outcome(reparsed.tree, context)), text


@settings(max_examples=200)
@given(TREES)
def test_references_list_every_reference_of_a_tree(tree: Node) -> None:
    assume(_depth(tree) < MAX_DEPTH // 2)
    expected = {node.name for node in tree.walk() if isinstance(node, Reference)}
    assert parse(tree.text()).references == expected
