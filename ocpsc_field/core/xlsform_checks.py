"""Checks on an XLSForm's expressions, once every name in the form is known.

Each ``relevant``, ``constraint``, ``calculation``, ``required`` condition,
``choice_filter``, ``repeat_count`` and computed default must parse, name
only questions that exist, read a question inside a repeat from outside it
only through ``count()``/``sum()``, and a choice filter may read only its
list's columns. Calculations that depend on each other in a loop could never
be worked out, so they are refused too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ocpsc_field.core.expressions import Expression, ExpressionError, check, parse
from ocpsc_field.core.text import N_, Message
from ocpsc_field.core.xlsform_choices import ChoiceList
from ocpsc_field.core.xlsform_problems import ProblemList
from ocpsc_field.core.xlsform_survey import ExpressionCell

CALCULATION_LOOP = N_("This calculation depends on itself: {names}.")
INSIDE_REPEAT_LABEL = N_(
    "A repeat's label can't show “{name}”, an answer inside the repeat: each entry is "
    "titled with the label and its number. Show ${{{name}}} in a note inside the repeat."
)


def repeat_paths(items: Iterable[Mapping[str, Any]]) -> dict[str, tuple[str, ...]]:
    """Each item name mapped to the repeats around it, outermost first."""
    paths: dict[str, tuple[str, ...]] = {}

    def visit(entries: Iterable[Mapping[str, Any]], around: tuple[str, ...]) -> None:
        for entry in entries:
            paths[entry["name"]] = around
            if "children" in entry:
                inner = (*around, entry["name"]) if entry["type"] == "repeat" else around
                visit(entry["children"], inner)

    visit(items, ())
    return paths


def check_expressions(
    cells: list[ExpressionCell],
    items: list[dict[str, Any]],
    lists: Mapping[str, ChoiceList],
    sheet: str,
    problems: ProblemList,
) -> None:
    """Report every problem with ``cells`` in a form made of ``items``."""
    paths = repeat_paths(items)
    repeats = {repeat for path in paths.values() for repeat in path}
    parsed: dict[tuple[str, str], Expression] = {}
    for cell in cells:
        try:
            expression = parse(cell.text)
        except ExpressionError as error:
            position = cell.offset + error.position + 1
            problems.add(error.message, sheet, cell.row, cell.column, position)
            continue
        parsed[(cell.where, cell.key)] = expression
        if cell.key in _TEXTS and cell.where in repeats:
            inside = sorted(n for n in expression.references if cell.where in paths.get(n, ()))
            for name in inside:
                message = Message(INSIDE_REPEAT_LABEL, {"name": name})
                problems.add(message, sheet, cell.row, cell.column)
            if inside:
                continue
        bare = None
        if cell.key == "choice_filter" and cell.list_name is not None and cell.list_name in lists:
            bare = lists[cell.list_name].columns() | {"name"}
        where = cell.where if cell.where in paths else None
        for message in check(expression, paths.keys(), paths, where=where, bare_names=bare):
            problems.add(message, sheet, cell.row, cell.column)
    _check_loops(cells, parsed, sheet, problems)


_TEXTS = frozenset({"label", "hint"})


def _check_loops(
    cells: list[ExpressionCell],
    parsed: Mapping[tuple[str, str], Expression],
    sheet: str,
    problems: ProblemList,
) -> None:
    """Calculations reading each other in a circle: reported once, on the first row."""
    graph = {
        cell.where: parsed[(cell.where, cell.key)].references
        for cell in cells
        if cell.key == "calculation" and (cell.where, cell.key) in parsed and cell.where
    }
    rows = {cell.where: cell for cell in cells if cell.key == "calculation"}
    reported: set[str] = set()
    for start in graph:
        loop = _loop_from(start, graph)
        if loop and not reported & set(loop):
            reported |= set(loop)
            first = min(loop, key=lambda name: rows[name].row)
            cell = rows[first]
            at = loop.index(first)
            ordered = [*loop[at:], *loop[:at], first]
            message = Message(CALCULATION_LOOP, {"names": " → ".join(ordered)})
            problems.add(message, sheet, cell.row, cell.column)


def _loop_from(start: str, graph: Mapping[str, frozenset[str]]) -> list[str] | None:
    """A cycle through ``start`` in ``graph``, as its names in order, or None."""
    path = [start]
    seen = {start}
    done: set[str] = set()  # explored without finding ``start``: no need to go back
    stack = [iter(sorted(graph.get(start, ())))]
    while stack:
        following = next(stack[-1], None)
        if following is None:
            stack.pop()
            finished = path.pop()
            seen.discard(finished)
            done.add(finished)
            continue
        if following == start:
            return list(path)
        if following in graph and following not in seen and following not in done:
            path.append(following)
            seen.add(following)
            stack.append(iter(sorted(graph[following])))
    return None
