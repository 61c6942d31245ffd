"""Checks an importer makes on an expression before a form is accepted.

An expression that parses can still be wrong for its form: it names a
question that does not exist, reads a question inside a repeat from outside
it without ``count()`` or ``sum()``, uses ``position(..)`` outside a repeat, or
uses a plain name where only a choice filter has columns to read.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from ocpsc_field.core.expr import safe_regex
from ocpsc_field.core.expr.errors import ExpressionError
from ocpsc_field.core.expr.expression import Expression, parse
from ocpsc_field.core.expr.functions import FUNCTIONS
from ocpsc_field.core.expr.nodes import Bare, Call, Literal, Node, Reference
from ocpsc_field.core.text import N_, Message

UNKNOWN_NAME = N_("There is no question named “{name}” in this form.")
REPEATED_ANSWER = N_(
    "“{name}” is inside the repeat “{repeat}”, so it has an answer for each of its "
    "entries: use count(${{{name}}}) or sum(${{{name}}}) to read them from here."
)
REPEAT_AS_VALUE = N_("“{name}” is a repeat: use count(${{{name}}}) for its number of entries.")
POSITION_OUTSIDE = N_("position(..) can only be used inside a repeat.")
BARE_NAME = N_("“{name}” is not understood here: to refer to a question, write ${{{name}}}.")
UNKNOWN_COLUMN = N_("The choice list has no column “{name}” for this filter to read.")


def check(
    expression: Expression | str,
    known_names: Collection[str],
    repeat_path: Mapping[str, tuple[str, ...]],
    *,
    where: str | None = None,
    bare_names: Collection[str] | None = None,
) -> list[Message]:
    """Every problem with ``expression`` as written on the item named ``where`` (None:
    the form itself), in a form whose question, group and repeat names are
    ``known_names``. ``repeat_path`` maps each name to the repeats that enclose it,
    outermost first. ``bare_names`` are the choice columns a choice filter may read
    (None: plain names are not allowed). An empty list means it is fine.
    """
    if isinstance(expression, str):
        try:
            expression = parse(expression)
        except ExpressionError as error:
            return [error.message]
    problems: list[Message] = []
    known = set(known_names)
    here = repeat_path.get(where, ()) if where is not None else ()
    repeats = {repeat for path in repeat_path.values() for repeat in path}
    for node, aggregated in _references(expression.tree):
        if isinstance(node, Reference):
            problem = _reference_problem(node.name, aggregated, known, repeat_path, here, repeats)
        elif isinstance(node, Bare):
            problem = _bare_problem(node.name, bare_names)
        elif isinstance(node, Call):
            problem = _call_problem(node, here)
        else:
            problem = None
        if problem is not None and problem not in problems:
            problems.append(problem)
    return problems


def _references(tree: Node) -> list[tuple[Node, bool]]:
    """Every node, with whether it is an argument an aggregate (``count()``, ``sum()``,
    ``max()``, ``indexed-repeat()``...) reads all the answers of."""
    found: list[tuple[Node, bool]] = []
    stack: list[tuple[Node, bool]] = [(tree, False)]
    while stack:
        node, aggregated = stack.pop()
        found.append((node, aggregated))
        children = node.children()
        flags = [False] * len(children)
        if isinstance(node, Call) and FUNCTIONS[node.name].aggregate:
            # References are read whole where the function takes them: all its
            # arguments, or only those it needs written as ${name}.
            wanted = FUNCTIONS[node.name].references or range(len(children))
            for index in wanted:
                if index < len(children):
                    flags[index] = True
        stack.extend(reversed(list(zip(children, flags, strict=True))))
    return found


def _reference_problem(
    name: str,
    aggregated: bool,
    known: set[str],
    repeat_path: Mapping[str, tuple[str, ...]],
    here: tuple[str, ...],
    repeats: set[str],
) -> Message | None:
    if name not in known:
        return Message(UNKNOWN_NAME, {"name": name})
    if aggregated:
        return None
    target = repeat_path.get(name, ())
    outside = [repeat for repeat in target if repeat not in here]
    if outside:
        return Message(REPEATED_ANSWER, {"name": name, "repeat": outside[0]})
    if name in repeats:
        return Message(REPEAT_AS_VALUE, {"name": name})
    return None


def _bare_problem(name: str, bare_names: Collection[str] | None) -> Message | None:
    if bare_names is None:
        return Message(BARE_NAME, {"name": name})
    if name not in bare_names:
        return Message(UNKNOWN_COLUMN, {"name": name})
    return None


def _call_problem(node: Call, here: tuple[str, ...]) -> Message | None:
    if node.name == "position" and not here:
        return Message(POSITION_OUTSIDE)
    if node.name == "regex" and isinstance(node.arguments[1], Literal):
        try:
            safe_regex.compile_pattern(node.arguments[1].value)
        except ExpressionError as error:
            return error.message
    return None
