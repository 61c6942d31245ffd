"""What an expression is evaluated against: the answers, where the item is, and the clock.

Answers are the flat mapping surveys store (``core.survey``): question name to
value, a repeat as a list of such mappings, nested repeats nested. Because
names are unique in a form, ``${name}`` is found by the list of repeats that
enclose the question (``repeat_path``, taken from the definition) and the
position of the item being evaluated:

* a question in no repeat, or in a repeat that also encloses the item, is one
  value: the answer in the same instance (a sibling) or the enclosing one;
* a question in a repeat that does not enclose the item is the node-set of its
  answers in every instance, which ``count()`` and ``sum()`` take.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ocpsc_field.core.expr.values import Scalar, Value, from_answer


@dataclass(frozen=True)
class EvalContext:
    """Everything an expression may read. ``item`` is the name of the question (or group)
    the expression belongs to, ``position`` the 1-based number of its instance in each
    enclosing repeat (outermost first), ``current`` the value ``.`` stands for, ``bare``
    the columns of the choice a ``choice_filter`` is tested on. ``today`` and ``now``
    are read from the system clock only when not given."""

    answers: Mapping[str, Any] = field(default_factory=dict)
    repeat_path: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    item: str | None = None
    position: tuple[int, ...] = ()
    current: Any = ""
    bare: Mapping[str, Any] = field(default_factory=dict)
    today: date | None = None
    now: datetime | None = None

    @property
    def enclosing(self) -> tuple[str, ...]:
        """The repeats around the item that have a position, outermost first."""
        if self.item is None:
            return ()
        return self.repeat_path.get(self.item, ())[: len(self.position)]

    def current_value(self) -> Scalar:
        return from_answer(self.current)

    def bare_value(self, name: str) -> Value:
        """A choice's column; one the choice leaves empty is an empty node-set, as in
        the XForm ODK builds (an empty cell becomes no element), so any comparison
        with it is false: ``filter2=${c2}`` never picks a choice with no filter2."""
        value = self.bare.get(name)
        if value is None or value == "":
            return []
        return from_answer(value)

    def resolve(self, name: str) -> Value:
        """``${name}``: one value, or a node-set when ``name`` is in a repeat around
        which the item is not (or is the repeat itself, one node per instance)."""
        target = self.repeat_path.get(name, ())
        here = self.enclosing
        node: Mapping[str, Any] = self.answers
        shared = 0
        while shared < min(len(target), len(here)) and target[shared] == here[shared]:
            node = _instance(node, here[shared], self.position[shared])
            shared += 1
        rest = target[shared:]
        if not rest:
            return _value(node.get(name))
        nodes = [node]
        for repeat in rest:
            nodes = [entry for outer in nodes for entry in _instances(outer, repeat)]
        found: list[Scalar] = []
        for entry in nodes:
            value = _value(entry.get(name))
            if isinstance(value, list):
                found.extend(value)
            else:
                found.append(value)
        return found

    def resolve_nodes(self, name: str) -> list[Scalar]:
        """``${name}`` as a node-set, for ``count()`` and ``sum()``: a question outside
        any repeat is one node, a repeat with no instances none."""
        value = self.resolve(name)
        if isinstance(value, list):
            return value
        if value == "" and self.is_repeat(name):
            return []
        return [value]

    def is_repeat(self, name: str) -> bool:
        return any(name in path for path in self.repeat_path.values())

    def today_date(self) -> date:
        if self.today is not None:
            return self.today
        return datetime.now().astimezone().date()

    def now_moment(self) -> datetime:
        if self.now is not None:
            return self.now
        return datetime.now().astimezone()


def _instances(node: Mapping[str, Any], repeat: str) -> list[Mapping[str, Any]]:
    raw = node.get(repeat)
    if not isinstance(raw, list | tuple):
        return []
    return [entry for entry in raw if isinstance(entry, Mapping)]


def _instance(node: Mapping[str, Any], repeat: str, position: int) -> Mapping[str, Any]:
    instances = _instances(node, repeat)
    if 1 <= position <= len(instances):
        return instances[position - 1]
    return {}


def _value(raw: Any) -> Value:
    """An answer as a value; a repeat's own list of instances is a node per instance."""
    if isinstance(raw, list | tuple) and raw and all(isinstance(e, Mapping) for e in raw):
        return ["" for _ in raw]
    return from_answer(raw)
