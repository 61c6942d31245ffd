"""The live logic of a form: answers in, skip logic, calculations and checks out.

``LiveForm`` keeps the answers of one response (one nested mapping, as it is
stored) and the widgets that show them (``survey_tree``). After every change
it asks the form logic engine (``core.survey_logic``) for the new state and
updates only the items the change can affect, found through the engine's
dependency index and the ``${name}`` texts that show an answer, so a
300-question form follows typing without a lag. Adding or removing repeat
entries rebuilds only that repeat's entries and updates everything once.

Rules, as in ODK: a hidden question keeps what was typed while the form is
open (it comes back if the question does), but the response saves only what
is shown; a repeat sized by an answer grows and shrinks with it (entries
taken away are kept until the form closes, so correcting a typo in the
count gives them back); a choice a filter no longer offers is cleared. A
constraint message appears when the person has finished the answer (never
halfway through typing a number), and goes as soon as the answer is fixed;
"needs an answer" appears only after trying to save.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QWidget

from ocpsc_field.core.survey import (
    METADATA_TYPES,
    Question,
    SurveyDefinition,
    answer_problem,
    is_empty,
    walk,
)
from ocpsc_field.core.survey_logic import FormLogic, FormState
from ocpsc_field.core.text import Message
from ocpsc_field.i18n import render
from ocpsc_field.ui.survey_blocks import QuestionBlock, SectionBlock
from ocpsc_field.ui.survey_repeats import InstanceFrame, RepeatSection
from ocpsc_field.ui.survey_text import answer_text, fill_references, references
from ocpsc_field.ui.survey_tree import (
    FormTree,
    Node,
    Position,
    container_at,
    count_answers,
    entries_at,
)
from ocpsc_field.ui.survey_widgets import answer_widget

# Changes that change other answers (a count adds entries, a filter clears a choice)
# settle within a few rounds; the limit only guards against a form that never settles.
MAX_ROUNDS = 8
# More entries than this are not built: a typo in a count ("1000") must not freeze the form.
MAX_SHOWN_ENTRIES = 200
Key = tuple[str, Position]


class LiveForm(QObject):
    """One response's answers and logic, shown in widgets built under ``layout``."""

    edited = Signal()  # the person changed an answer: time to save a draft
    structure_changed = Signal()  # entries came or went: Tab order to redo
    remaining_changed = Signal(int)  # required questions shown and unanswered

    def __init__(
        self,
        definition: SurveyDefinition,
        logic: FormLogic,
        answers: dict[str, Any],
        language: str,
        layout: QBoxLayout,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.definition = definition
        self.logic = logic
        self.answers = answers
        self.language = language
        self.shown_problems: set[Key] = set()
        self.attempted = False  # the person has tried to save: say what is missing too
        self._loading = True
        self._spare: dict[Key, list[dict[str, Any]]] = {}
        self._built: list[QWidget] = []  # nodes of entries built during this change
        self._structural = False
        self._keep_entry: Callable[[], None] | None = None  # "Keep it" of an open question
        self._questions = {
            item.name: item
            for item in walk(definition.items, into_repeats=True)
            if isinstance(item, Question)
        }
        self.metadata = {q.name for q in self._questions.values() if q.type in METADATA_TYPES}
        self._readers = _text_readers(definition)
        self._showing = {name for names in self._readers.values() for name in names}
        self.tree = FormTree(
            definition,
            logic.repeat_path,
            lambda: self.answers,
            self._make_block,
            self._repeat_built,
            self._entry_built,
        )
        self.tree.build_roots(layout, parent)
        self.state: FormState = self._evaluate()
        self._loading = False
        self.refresh()

    # -- building ----------------------------------------------------------------------------
    def _make_block(self, question: Question, position: Position, parent: QWidget) -> QuestionBlock:
        shown = question
        if question.calculation is not None and not question.read_only:
            shown = replace(question, read_only=True)  # its value is computed
        widget = answer_widget(shown)
        block = QuestionBlock(question, widget, position, parent)
        if widget is not None:
            holder = container_at(self.answers, self._path(question.name), position)
            widget.set_value(holder.get(question.name) if holder is not None else None)
            widget.edited.connect(lambda b=block: self._edited(b))
            widget.committed.connect(lambda b=block: self._committed(b))
        return block

    def _repeat_built(self, repeat: RepeatSection) -> None:
        repeat.add_requested.connect(lambda r=repeat: self.add_entry(r))

    def _entry_built(self, repeat: RepeatSection, frame: InstanceFrame) -> None:
        frame.remove_requested.connect(lambda r=repeat, f=frame: self.ask_remove(r, f))

    def _path(self, name: str) -> tuple[str, ...]:
        return self.logic.repeat_path.get(name, ())

    # -- reading -----------------------------------------------------------------------------
    def value(self, block: QuestionBlock) -> Any:
        """The answer as typed (hidden or not), None when unanswered."""
        holder = container_at(self.answers, self._path(block.name), block.position)
        return holder.get(block.name) if holder is not None else None

    def typed_answers(self) -> dict[str, Any]:
        """What the person has entered: no metadata, nothing unanswered."""
        return _typed(self.answers, self.metadata)

    def problem_of(self, block: QuestionBlock) -> Message | None:
        """What is wrong with a question's answer now: its type, or the survey's logic."""
        question = block.question
        value = self.value(block)
        if question.calculation is None and not is_empty(value):
            found = answer_problem(question, value)
            if found is not None and self.state.is_relevant(block.name, block.position):
                return found
        return self.state.problem(block.name, block.position)

    def unanswered(self, block: QuestionBlock) -> bool:
        """Shown, answerable by the person, and without an answer."""
        question = block.question
        return (
            block.widget is not None
            and block.widget.focus_target().isVisibleTo(block)  # a filter may offer nothing
            and question.asks_person
            and not question.read_only
            and question.calculation is None
            and self.state.is_relevant(block.name, block.position)
            and is_empty(self.value(block))
        )

    # -- changes -----------------------------------------------------------------------------
    def _edited(self, block: QuestionBlock) -> None:
        if self._loading or block.widget is None:
            return
        value = block.widget.value()
        holder = container_at(self.answers, self._path(block.name), block.position, create=True)
        assert holder is not None
        if is_empty(value):
            holder.pop(block.name, None)
        else:
            holder[block.name] = value
        self.changed({block.name})
        self.edited.emit()

    def _committed(self, block: QuestionBlock) -> None:
        """The person finished an answer: now a broken constraint may be said (and,
        once they have tried to save, a missing answer)."""
        if self._loading or (is_empty(self.value(block)) and not self.attempted):
            return
        if self.problem_of(block) is not None:
            self.shown_problems.add((block.name, block.position))
            self._show_problem(block)

    def changed(self, names: Iterable[str], *, structural: bool = False) -> None:
        """Answers of ``names`` changed: evaluate, follow counts and filters, show it."""
        affected: set[str] = set()
        pending = set(names)
        self._structural = structural
        self._built = []
        for _round in range(MAX_ROUNDS):
            for name in pending:
                affected |= self.logic.dependents(name) | {name}
            self.state = self._evaluate()
            pending = self._sync_counts(affected) | self._prune_choices(affected)
            if not pending:
                break
        shown = set(affected)
        for name in affected:
            shown |= self._readers.get(name, set())
        self._apply(shown, relabel=False)
        for node in self._built:  # new entries: everything in them is new
            if isinstance(node, QuestionBlock | SectionBlock | RepeatSection):
                self._apply_node(node)
        if self._structural:
            self.structure_changed.emit()
        self.remaining_changed.emit(self.state.remaining())

    def refresh(self) -> None:
        """Everything again: after building, a new language, or loading answers."""
        self._structural = False
        self._built = []
        for _round in range(MAX_ROUNDS):
            self.state = self._evaluate()
            names = set(self.tree.names()) | set(self.logic.items)
            if not (self._sync_counts(names) | self._prune_choices(names)):
                break
        self._apply(self.tree.names(), relabel=True)
        self.remaining_changed.emit(self.state.remaining())
        if self._structural:
            self.structure_changed.emit()

    def set_language(self, language: str) -> None:
        self.language = language
        self.refresh()

    def _evaluate(self) -> FormState:
        return self.logic.evaluate(self.answers, language=self.language)

    # -- repeats -----------------------------------------------------------------------------
    def add_entry(self, repeat: RepeatSection) -> None:
        """A new entry with its defaults; focus moves to its first question."""
        entries = entries_at(self.answers, repeat.name, self._path(repeat.name), repeat.position)
        entries.append(self.logic.new_instance(repeat.name, self.answers, repeat.position))
        frame = self._build_entry(repeat)
        self.changed({repeat.name}, structural=True)
        self.edited.emit()
        self.focus_entry(frame)

    def ask_remove(self, repeat: RepeatSection, frame: InstanceFrame) -> None:
        """Remove an entry; one holding answers is removed only after asking."""
        entries = entries_at(self.answers, repeat.name, self._path(repeat.name), repeat.position)
        number = frame.number
        answers = count_answers(entries[number - 1]) if number <= len(entries) else 0
        if not answers:
            self.remove_entry(repeat, number)
            return

        def keep() -> None:
            self._keep_entry = None
            frame.confirm.clear()
            self.structure_changed.emit()
            if frame.remove_button is not None:
                frame.remove_button.setFocus(Qt.FocusReason.OtherFocusReason)

        def remove() -> None:
            self._keep_entry = None
            self.remove_entry(repeat, number)

        self._keep_entry = keep
        frame.ask_remove(answers, remove, keep)
        self.structure_changed.emit()

    def cancel_question(self) -> bool:
        """Answer "Keep it" to a question about removing an entry, if one is open."""
        keep, self._keep_entry = self._keep_entry, None
        if keep is None:
            return False
        keep()
        return True

    def remove_entry(self, repeat: RepeatSection, number: int) -> None:
        """Take entry ``number`` away; the entries after it move up one."""
        entries = entries_at(self.answers, repeat.name, self._path(repeat.name), repeat.position)
        if not 1 <= number <= len(entries):
            return
        del entries[number - 1]
        self._forget_problems(repeat, number)
        self._loading = True  # focus leaving a dropped entry is not an answer finished
        try:
            self.tree.drop_entries(repeat, number - 1)
        finally:
            self._loading = False
        while len(repeat.instances) < len(entries):
            self._build_entry(repeat)
        self.changed({repeat.name}, structural=True)
        self.edited.emit()
        if repeat.instances:
            self.focus_entry(repeat.instances[min(number, len(repeat.instances)) - 1])
        elif repeat.add_button is not None:
            repeat.add_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_entry(self, frame: InstanceFrame) -> None:
        chain = self.tree.focus_chain(frame.nodes) or frame.focus_chain()
        if chain:
            chain[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def _build_entry(self, repeat: RepeatSection) -> InstanceFrame:
        self._loading = True
        try:
            frame = self.tree.add_entry(repeat)
        finally:
            self._loading = False
        frame.relabel(self.definition, self.language)
        for node in self.tree.walk(frame.nodes):
            self._relabel(node)
            self._built.append(node)
        repeat.show_count()
        self._structural = True
        return frame

    def _forget_problems(self, repeat: RepeatSection, number: int) -> None:
        """Problems shown in entries from ``number`` on no longer name the same entry."""
        depth = len(repeat.position)
        self.shown_problems = {
            (name, position)
            for name, position in self.shown_problems
            if not (
                repeat.name in self._path(name)
                and position[:depth] == repeat.position
                and len(position) > depth
                and position[depth] >= number
            )
        }

    def _sync_counts(self, names: Iterable[str]) -> set[str]:
        """Give each shown counted repeat as many entries as its count says."""
        changed: set[str] = set()
        for name in names:
            for node in list(self.tree.nodes(name)):
                if isinstance(node, RepeatSection) and node.counted and self._sync_count(node):
                    changed.add(name)
        return changed

    def _sync_count(self, repeat: RepeatSection) -> bool:
        if not self.state.is_relevant(repeat.name, repeat.position):
            return False
        expected = self.state.repeat_count(repeat.name, repeat.position)
        if expected is None:
            return False
        expected = min(expected, MAX_SHOWN_ENTRIES)
        entries = entries_at(self.answers, repeat.name, self._path(repeat.name), repeat.position)
        if len(entries) == expected == len(repeat.instances):
            return False
        spare = self._spare.setdefault((repeat.name, repeat.position), [])
        while len(entries) > expected:
            spare.insert(0, entries.pop())
        while len(entries) < expected:
            entries.append(
                spare.pop(0)
                if spare
                else self.logic.new_instance(repeat.name, self.answers, repeat.position)
            )
        self._loading = True
        try:
            self.tree.drop_entries(repeat, min(len(repeat.instances), len(entries)))
        finally:
            self._loading = False
        while len(repeat.instances) < len(entries):
            self._build_entry(repeat)
        repeat.show_count()
        self._structural = True
        return True

    def _prune_choices(self, names: Iterable[str]) -> set[str]:
        """Clear choices a filter no longer offers (the county changed: not that city)."""
        changed: set[str] = set()
        for name in names:
            question = self._questions.get(name)
            if question is None or question.choice_filter is None:
                continue
            for node in self.tree.nodes(name):
                if isinstance(node, QuestionBlock) and self._prune(node):
                    changed.add(name)
        return changed

    def _prune(self, block: QuestionBlock) -> bool:
        if block.widget is None or not self.state.is_relevant(block.name, block.position):
            return False
        value = self.value(block)
        if is_empty(value):
            return False
        offered = {choice.name for choice in self.state.choices(block.name, block.position)}
        if isinstance(value, list):
            kept: Any = [name for name in value if name in offered] or None
        else:
            kept = value if value in offered else None
        if kept == value:
            return False
        holder = container_at(self.answers, self._path(block.name), block.position)
        assert holder is not None
        if kept is None:
            holder.pop(block.name, None)
        else:
            holder[block.name] = kept
        if self.attempted:
            self.shown_problems.add((block.name, block.position))  # say why it is empty
        self._loading = True
        try:
            block.widget.set_offered(offered)
            block.widget.set_value(kept)
        finally:
            self._loading = False
        return True

    # -- showing -----------------------------------------------------------------------------
    def _apply(self, names: Iterable[str], *, relabel: bool) -> None:
        for name in names:
            for node in self.tree.nodes(name):
                if relabel or name in self._showing:
                    self._relabel(node)
                self._apply_node(node)

    def _relabel(self, node: QWidget) -> None:
        if isinstance(node, InstanceFrame):
            node.relabel(self.definition, self.language)
        elif isinstance(node, QuestionBlock | SectionBlock | RepeatSection):
            texts_of = self._texts_of(node.position) if node.name in self._showing else None
            node.relabel(self.definition, self.language, texts_of)

    def _texts_of(self, position: Position) -> Any:
        def value_text(name: str) -> str:
            depth = len(self._path(name))
            value = self.state.value(name, position[:depth])
            question = self._questions.get(name)
            return answer_text(question, value, self.language, self.definition)

        return lambda text: fill_references(text, value_text)

    def _apply_node(self, node: Node) -> None:
        shown = self.state.is_relevant(node.name, node.position)
        # A widget just added to a shown layout is shown later unless told now.
        told = node.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)
        if node.isHidden() == shown or not told:
            node.setVisible(shown)
        if isinstance(node, RepeatSection):
            problem = self.state.problem(node.name, node.position)
            key = (node.name, node.position)
            node.show_error(render(problem) if problem and key in self.shown_problems else "")
            return
        if not isinstance(node, QuestionBlock) or not shown:
            return
        question, widget = node.question, node.widget
        if widget is not None and question.calculation is not None:
            self._loading = True
            try:
                widget.set_value(self.state.value(node.name, node.position))
            finally:
                self._loading = False
        if widget is not None and question.choice_filter is not None:
            choices = self.state.choices(node.name, node.position)
            widget.set_offered([choice.name for choice in choices])
        node.set_required(self.state.is_required(node.name, node.position))
        self._show_problem(node)

    def _show_problem(self, block: QuestionBlock) -> None:
        key = (block.name, block.position)
        if key not in self.shown_problems:
            block.show_error("")
            return
        problem = self.problem_of(block)
        if problem is None:
            self.shown_problems.discard(key)
        block.show_error(render(problem) if problem is not None else "")

    def show_problems(self, keys: Iterable[Key]) -> None:
        """After trying to save: say every problem next to its question."""
        self.attempted = True
        self.shown_problems = set(keys)
        self._apply(self.tree.names(), relabel=False)

    def next_unanswered(self, after: QWidget | None) -> QuestionBlock | None:
        """The next shown question without an answer after the one holding ``after``
        (wrapping round): required ones first, then any."""
        blocks = [b for b in self.tree.blocks() if b.isVisibleTo(b.window())]
        start = 0
        for index, block in enumerate(blocks):
            if after is not None and (after is block or block.isAncestorOf(after)):
                start = index + 1
        ordered = blocks[start:] + blocks[:start]
        for wanted in (True, False):
            for block in ordered:
                required = self.state.is_required(block.name, block.position)
                if self.unanswered(block) and (required or not wanted):
                    return block
        return None


def _text_readers(definition: SurveyDefinition) -> dict[str, set[str]]:
    """Question name -> the items whose label or hint show its answer (``${name}``)."""
    readers: dict[str, set[str]] = {}
    for item in walk(definition.items, into_repeats=True):
        texts = [*item.label.values(), *item.hint.values()]
        for text in texts:
            for name in references(text):
                readers.setdefault(name, set()).add(item.name)
    return readers


def _typed(answers: Mapping[str, Any], leave_out: set[str]) -> dict[str, Any]:
    typed: dict[str, Any] = {}
    for name, value in answers.items():
        if name in leave_out:
            continue
        if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            typed[name] = [_typed(entry, leave_out) for entry in value]
        elif not is_empty(value):
            typed[name] = value
    return typed
