"""The widgets of one survey form, built from its definition, and where answers live.

The definition is a tree (groups, repeats, questions); so is the form. Every
item instance gets one widget (a question block, a section, or a repeat's
list of entries), indexed by the item's name so the form can update exactly
the items a changed answer affects. Answers are one nested mapping, as a
response stores them: a repeat is a list of mappings, one per entry, and a
``position`` (the entry numbers of the repeats around an item, outermost
first) says which mapping an item instance's answer is in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from PySide6.QtWidgets import QBoxLayout, QWidget

from ocpsc_field.core.survey import Group, GroupKind, Item, Question, SurveyDefinition
from ocpsc_field.ui.survey_blocks import QuestionBlock, SectionBlock
from ocpsc_field.ui.survey_repeats import InstanceFrame, RepeatSection

Position = tuple[int, ...]
Node = QuestionBlock | SectionBlock | RepeatSection


def container_at(
    answers: dict[str, Any], path: Sequence[str], position: Position, *, create: bool = False
) -> dict[str, Any] | None:
    """The mapping holding the answers of an item inside the repeats ``path`` at
    ``position``; with ``create``, missing entries are made (empty)."""
    current = answers
    for repeat, number in zip(path, position, strict=False):
        entries = current.get(repeat)
        if not isinstance(entries, list):
            if not create:
                return None
            entries = current[repeat] = []
        while create and len(entries) < number:
            entries.append({})
        if not 1 <= number <= len(entries) or not isinstance(entries[number - 1], dict):
            return None
        current = entries[number - 1]
    return current


def entries_at(
    answers: dict[str, Any], repeat: str, path: Sequence[str], position: Position
) -> list[dict[str, Any]]:
    """The list of entries of ``repeat`` at ``position`` (made when missing)."""
    holder = container_at(answers, path, position, create=True)
    assert holder is not None
    entries = holder.get(repeat)
    if not isinstance(entries, list):
        entries = holder[repeat] = []
    return entries


def parse_key(key: str) -> tuple[str, Position] | None:
    """ "members[2]/age" (how problems name an item instance) as ("age", (2,))."""
    *repeats, name = key.split("/")
    position: list[int] = []
    for part in repeats:
        _repeat, _, number = part.partition("[")
        if not number.endswith("]") or not number[:-1].isdigit():
            return None
        position.append(int(number[:-1]))
    return name, tuple(position)


def count_answers(value: Any) -> int:
    """How many answers a value holds (an entry's answers, counted through its repeats)."""
    if isinstance(value, Mapping):
        return sum(count_answers(inner) for inner in value.values())
    if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
        return sum(count_answers(entry) for entry in value)
    if value is None or (isinstance(value, str) and not value.strip()) or value == []:
        return 0
    return 1


class FormTree:
    """Builds and indexes the widgets; the form supplies how a question block is made
    (``make_block``) and is told of each repeat and entry built (to connect them)."""

    def __init__(
        self,
        definition: SurveyDefinition,
        repeat_path: Mapping[str, tuple[str, ...]],
        answers: Callable[[], dict[str, Any]],
        make_block: Callable[[Question, Position, QWidget], QuestionBlock],
        repeat_built: Callable[[RepeatSection], None],
        entry_built: Callable[[RepeatSection, InstanceFrame], None],
    ) -> None:
        self.definition = definition
        self.repeat_path = repeat_path
        self._answers = answers
        self._make_block = make_block
        self._repeat_built = repeat_built
        self._entry_built = entry_built
        self.roots: list[QWidget] = []
        self._index: dict[str, list[Node]] = {}

    # -- building ----------------------------------------------------------------------------
    def build_roots(self, layout: QBoxLayout, parent: QWidget) -> list[QWidget]:
        self.roots = self.build(self.definition.items, (), layout, parent)
        return self.roots

    def build(
        self, items: Sequence[Item], position: Position, layout: QBoxLayout, parent: QWidget
    ) -> list[QWidget]:
        """Widgets for ``items`` at ``position``, added to ``layout``; repeats get one
        entry per entry in the answers."""
        nodes: list[QWidget] = []
        for item in items:
            node: Node
            if isinstance(item, Group) and item.kind is GroupKind.GROUP:
                section = SectionBlock(item, position, parent)
                section.nodes = self.build(item.children, position, section.body, section)
                node = section
            elif isinstance(item, Group):
                repeat = RepeatSection(item, position, parent)
                self._repeat_built(repeat)
                path = self.repeat_path.get(item.name, ())
                holder = container_at(self._answers(), path, position)
                entries = holder.get(item.name) if holder is not None else None
                for _entry in entries if isinstance(entries, list) else ():
                    self.add_entry(repeat)
                node = repeat
            elif item.is_shown:
                node = self._make_block(item, position, parent)
            else:
                continue  # calculations and metadata are never shown
            layout.addWidget(node)
            self._index.setdefault(item.name, []).append(node)
            nodes.append(node)
        return nodes

    def add_entry(self, repeat: RepeatSection) -> InstanceFrame:
        """One more entry at the end of ``repeat``, with its questions."""
        number = len(repeat.instances) + 1
        frame = InstanceFrame(repeat.group, (*repeat.position, number), not repeat.counted, repeat)
        frame.nodes = self.build(repeat.group.children, frame.position, frame.body, frame)
        repeat.instances.append(frame)
        repeat.body.addWidget(frame)
        frame.show()  # now, not when the event loop next runs: Tab may come first
        self._entry_built(repeat, frame)
        return frame

    def drop_entries(self, repeat: RepeatSection, keep: int) -> None:
        """Take away the entries of ``repeat`` after the first ``keep``."""
        while len(repeat.instances) > keep:
            frame = repeat.instances.pop()
            self._forget(frame.nodes)
            repeat.body.removeWidget(frame)
            frame.hide()
            frame.deleteLater()

    def _forget(self, nodes: Sequence[QWidget]) -> None:
        for node in nodes:
            name = getattr(node, "name", None)
            if name in self._index:
                self._index[name] = [n for n in self._index[name] if n is not node]
            if isinstance(node, SectionBlock):
                self._forget(node.nodes)
            elif isinstance(node, RepeatSection):
                for frame in node.instances:
                    self._forget(frame.nodes)

    # -- reading -----------------------------------------------------------------------------
    def nodes(self, name: str) -> list[Node]:
        """Every widget of the item ``name`` (one per entry of the repeats around it)."""
        return self._index.get(name, [])

    def names(self) -> list[str]:
        return list(self._index)

    def walk(self, nodes: Sequence[QWidget] | None = None) -> Iterator[QWidget]:
        """Every widget in the order shown: sections and entries before what they hold."""
        for node in self.roots if nodes is None else nodes:
            yield node
            if isinstance(node, SectionBlock):
                yield from self.walk(node.nodes)
            elif isinstance(node, RepeatSection):
                for frame in node.instances:
                    yield frame
                    yield from self.walk(frame.nodes)

    def places(self) -> set[tuple[str, Position]]:
        """(name, position) of every question, section and repeat shown in the form."""
        return {
            (node.name, node.position)
            for node in self.walk()
            if isinstance(node, QuestionBlock | SectionBlock | RepeatSection)
        }

    def blocks(self) -> Iterator[QuestionBlock]:
        """Every question block, in the order shown."""
        for node in self.walk():
            if isinstance(node, QuestionBlock):
                yield node

    def block(self, name: str, position: Position = ()) -> QuestionBlock | None:
        for node in self.nodes(name):
            if isinstance(node, QuestionBlock) and node.position == position:
                return node
        return None

    def repeat(self, name: str, position: Position = ()) -> RepeatSection | None:
        for node in self.nodes(name):
            if isinstance(node, RepeatSection) and node.position == position:
                return node
        return None

    def focus_chain(self, nodes: Sequence[QWidget] | None = None) -> list[QWidget]:
        """Every control Tab visits in the questions, in the order shown: an entry's
        Remove before its questions, a repeat's Add after its last entry."""
        chain: list[QWidget] = []
        for node in self.roots if nodes is None else nodes:
            if isinstance(node, QuestionBlock) and node.widget is not None:
                chain.extend(node.widget.focus_chain())
            elif isinstance(node, SectionBlock):
                chain.extend(self.focus_chain(node.nodes))
            elif isinstance(node, RepeatSection):
                for frame in node.instances:
                    chain.extend(frame.focus_chain())
                    chain.extend(self.focus_chain(frame.nodes))
                chain.extend(node.focus_chain())
        return chain
