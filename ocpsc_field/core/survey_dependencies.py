"""Which items of a survey depend on which: the order to compute them in, and the
circles a form must not have.

An item's value depends on the questions its ``relevant`` and ``calculation``
read and on the groups around it (a hidden group hides its children). Those
are "value" edges: they decide the order in which the logic engine computes
items, so every value is final before anything reads it. ``constraint``,
``required``, ``choice_filter`` and ``repeat_count`` only read values; they
are "check" edges, used to tell the form which items to look at again when an
answer changes.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass
class DependencyGraph:
    """``value_inputs[n]`` are the names ``n``'s value depends on, ``check_inputs[n]`` the
    names its checks read; ``names`` lists every item in form order."""

    names: Sequence[str]
    value_inputs: Mapping[str, frozenset[str]]
    check_inputs: Mapping[str, frozenset[str]]
    _readers: dict[str, set[str]] = field(default_factory=dict, init=False, repr=False)
    _checkers: dict[str, set[str]] = field(default_factory=dict, init=False, repr=False)
    _dependents: dict[str, frozenset[str]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for name in self.names:
            for source in self.value_inputs.get(name, ()):
                self._readers.setdefault(source, set()).add(name)
            for source in self.check_inputs.get(name, ()):
                self._checkers.setdefault(source, set()).add(name)

    def order(self) -> tuple[list[str], list[list[str]]]:
        """Every name, each after the names its value depends on (form order where
        free), and the circles found (names in form order). Names on or behind a circle
        come last, in form order, so a broken form still evaluates."""
        position = {name: index for index, name in enumerate(self.names)}
        waiting = {
            name: {source for source in self.value_inputs.get(name, ()) if source in position}
            for name in self.names
        }
        ready = [position[name] for name, sources in waiting.items() if not sources]
        heapq.heapify(ready)
        ordered: list[str] = []
        while ready:
            name = self.names[heapq.heappop(ready)]
            ordered.append(name)
            for reader in sorted(self._readers.get(name, ()), key=position.__getitem__):
                sources = waiting[reader]
                if name in sources:
                    sources.discard(name)
                    if not sources:
                        heapq.heappush(ready, position[reader])
        done = set(ordered)
        left = [name for name in self.names if name not in done]
        return ordered + left, _circles(left, waiting, position)

    def dependents(self, name: str) -> frozenset[str]:
        """Every item to look at again when ``name``'s answer changes: those whose value
        depends on it (through any chain) and those whose checks read any of them."""
        found = self._dependents.get(name)
        if found is not None:
            return found
        values = {name}
        stack = [name]
        while stack:
            for reader in self._readers.get(stack.pop(), ()):
                if reader not in values:
                    values.add(reader)
                    stack.append(reader)
        checked = {checker for value in values for checker in self._checkers.get(value, ())}
        found = frozenset(values | checked)
        self._dependents[name] = found
        return found


def _circles(
    left: Iterable[str], waiting: Mapping[str, set[str]], position: Mapping[str, int]
) -> list[list[str]]:
    """The strongly connected parts of what is left that form a circle (Tarjan's
    algorithm, iterative so a long chain costs no recursion)."""
    remaining = set(left)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    circles: list[list[str]] = []
    counter = 0
    for root in sorted(remaining, key=position.__getitem__):
        if root in index:
            continue
        work: list[tuple[str, list[str]]] = [(root, sorted(waiting[root] & remaining))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            if targets:
                target = targets.pop()
                if target not in index:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, sorted(waiting[target] & remaining)))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                part: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    part.append(member)
                    if member == node:
                        break
                if len(part) > 1 or node in waiting[node]:
                    circles.append(sorted(part, key=position.__getitem__))
    return sorted(circles, key=lambda circle: position[circle[0]])
