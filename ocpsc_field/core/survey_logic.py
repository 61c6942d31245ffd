"""The form logic of a survey: skip logic, calculations, checks, choice filters, repeats.

``FormLogic(definition)`` reads a definition's expressions once; ``evaluate``
then gives a ``FormState`` for a set of answers: which items are shown, the
calculated values, which required questions are unanswered, which answers
break their constraint, the choices a filtered question offers, how many
instances a counted repeat has and what is left to answer. The renderer calls
it as answers change (``FormLogic.dependents`` says what a change can
affect); ``response_problems`` is the one check made when a response is saved.

Rules, as in ODK:

* a hidden (non-relevant) group hides everything in it; a hidden question's
  answer is not kept, and expressions read it as unanswered;
* calculations are computed in dependency order; a circle of calculations or
  conditions is a problem of the form (``definition_problems``) and its items
  are then computed in form order, never looping;
* a constraint is checked only on a shown, answered question, with ``.`` its
  answer; a required question needs an answer only while it is shown;
* a calculation's value is stored as text, or as a number when it is one;
  true/false become "true"/"false" (ODK's text); NaN and Infinity (from
  unanswered inputs or a division by zero) store no value.

An expression that fails when evaluated (it should have been refused on
import) shows its item, computes no value, and is reported as a problem of
the item so the response is not saved with a check skipped.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ocpsc_field.core.expressions import EvalContext, Expression, ExpressionError, to_number
from ocpsc_field.core.survey_answers import REQUIRED, is_empty, validate_answers
from ocpsc_field.core.survey_dependencies import DependencyGraph
from ocpsc_field.core.survey_logic_items import (
    CompiledItem,
    compile_items,
    item_key,
    stored_value,
)
from ocpsc_field.core.survey_model import (
    Choice,
    Group,
    GroupKind,
    Labels,
    Question,
    SurveyDefinition,
    label_for,
)
from ocpsc_field.core.text import N_, Message

__all__ = [
    "FormLogic",
    "FormState",
    "Position",
    "definition_problems",
    "item_key",
    "response_problems",
]

Position = tuple[int, ...]
MAX_REPEAT_COUNT = 1_000

CONSTRAINT_FAILED = Message(N_("This answer is not accepted for this question. Check it."))
CHOICE_FILTERED = Message(N_("Choose only from the options listed."))
REPEAT_COUNT_DIFFERS = N_(
    "Entries in this section: {found}. An earlier answer asks for {expected}."
)
CIRCLE = N_(
    "The calculations and conditions of these items depend on each other in a circle: {names}."
)


class FormLogic:
    """A definition's logic, read once and evaluated for any answers."""

    def __init__(self, definition: SurveyDefinition) -> None:
        self.definition = definition
        self.repeat_path = definition.repeat_paths()
        self.items, self.problems = compile_items(definition, self.repeat_path)
        names = list(self.items)
        self.form_index = {name: index for index, name in enumerate(names)}
        self.graph = DependencyGraph(
            names,
            {name: item.value_inputs for name, item in self.items.items()},
            {name: item.check_inputs for name, item in self.items.items()},
        )
        self.order, self.circles = self.graph.order()
        for circle in self.circles:
            message = Message(CIRCLE, {"names": ", ".join(circle)})
            self.problems.append((circle[0], message))

    def dependents(self, name: str) -> frozenset[str]:
        """The items whose shown state, value or checks can change when ``name`` does
        (in any instance of a repeat). Adding or removing an entry of a repeat is a
        change of the repeat's own name."""
        return self.graph.dependents(name)

    def evaluate(
        self,
        answers: Mapping[str, Any],
        *,
        language: str | None = None,
        today: date | None = None,
        now: datetime | None = None,
    ) -> FormState:
        """The logic for ``answers`` (left unchanged); messages of the survey's own are
        in ``language``; ``today``/``now`` stand for the clock when given."""
        state = FormState(self, _copy_answers(answers), language, today, now)
        state.compute_values()
        state.compute_checks()
        return state

    def initial_answers(
        self, *, today: date | None = None, now: datetime | None = None
    ) -> dict[str, Any]:
        """The answers of a new response: each question's default, outside repeats."""
        answers: dict[str, Any] = {}
        self._defaults(answers, (), (), today, now, answers)
        return answers

    def new_instance(
        self,
        repeat: str,
        answers: Mapping[str, Any],
        position: Position = (),
        *,
        today: date | None = None,
        now: datetime | None = None,
    ) -> dict[str, Any]:
        """The answers of a new instance of ``repeat`` (at ``position`` of the repeats
        around it): its questions' defaults; repeats inside it start empty."""
        instance: dict[str, Any] = {}
        path = (*self.repeat_path.get(repeat, ()), repeat)
        # Defaults may read the answers around; the new instance is one past the last.
        count = len(_instances_at(answers, self.repeat_path.get(repeat, ()), position, repeat))
        self._defaults(instance, path, (*position, count + 1), today, now, answers)
        return instance

    def _defaults(
        self,
        target: dict[str, Any],
        path: tuple[str, ...],
        position: Position,
        today: date | None,
        now: datetime | None,
        answers: Mapping[str, Any],
    ) -> None:
        for name, item in self.items.items():
            if self.repeat_path.get(name, ()) != path or not isinstance(item.item, Question):
                continue
            value = item.item.default
            if item.default_expression is not None:
                context = EvalContext(
                    answers, self.repeat_path, name, position, today=today, now=now
                )
                try:
                    value = stored_value(item.item, item.default_expression.evaluate(context))
                except ExpressionError:
                    value = None
            if not is_empty(value):
                target[name] = value


@dataclass
class FormState:
    """The logic of a form for one set of answers; see ``FormLogic.evaluate``."""

    logic: FormLogic
    answers: dict[str, Any]  # with calculations filled in and hidden answers taken out
    language: str | None
    today: date | None
    now: datetime | None
    relevance: dict[tuple[str, Position], bool] = field(default_factory=dict)
    required: dict[tuple[str, Position], bool] = field(default_factory=dict)
    problems_found: dict[tuple[str, Position], Message] = field(default_factory=dict)
    missing: list[tuple[str, Position]] = field(default_factory=list)
    _choices: dict[tuple[str, Position], tuple[Choice, ...]] = field(default_factory=dict)

    # --- reading it ------------------------------------------------------------------

    def is_relevant(self, name: str, position: Position = ()) -> bool:
        """Whether the item (an instance of it, inside repeats) is shown."""
        return self.relevance.get((name, position), False)

    def is_required(self, name: str, position: Position = ()) -> bool:
        """Whether the question needs an answer now (shown, and required or its
        ``required`` condition holds)."""
        return self.required.get((name, position), False)

    def value(self, name: str, position: Position = ()) -> Any:
        """The answer, or calculated value, as it would be saved (None when none)."""
        container = _container(self.answers, self.logic.repeat_path.get(name, ()), position)
        return None if container is None else container.get(name)

    def problem(self, name: str, position: Position = ()) -> Message | None:
        """The constraint message, "needs an answer", or a broken check, for one item."""
        return self.problems_found.get((name, position))

    def remaining(self) -> int:
        """How many shown, required questions are still unanswered."""
        return len(self.missing)

    def problems(self) -> dict[str, Message]:
        """Every logic problem keyed like ``validate_answers`` ("members[2]/age")."""
        found = {
            item_key(self.logic.repeat_path, name, position): message
            for (name, position), message in self.problems_found.items()
        }
        return dict(sorted(found.items(), key=lambda pair: self._form_index(pair[0])))

    def repeat_count(self, name: str, position: Position = ()) -> int | None:
        """How many instances the repeat should have (its ``repeat_count``; None when the
        person adds them). ``position`` is that of the repeats around it."""
        compiled = self.logic.items[name]
        if compiled.repeat_count is None:
            return None
        context = self.context(name, position)
        try:
            number = compiled.repeat_count.evaluate(context)
        except ExpressionError:
            return 0
        count = _to_count(number)
        return min(count, MAX_REPEAT_COUNT)

    def choices(self, name: str, position: Position = ()) -> tuple[Choice, ...]:
        """The question's choices that pass its ``choice_filter`` here (all without one)."""
        key = (name, position)
        if key in self._choices:
            return self._choices[key]
        compiled = self.logic.items[name]
        question = compiled.item
        assert isinstance(question, Question)
        if compiled.choice_filter is None:
            found = question.choices
        else:
            found = tuple(
                choice
                for choice in question.choices
                if self._keeps(compiled.choice_filter, name, position, choice)
            )
        self._choices[key] = found
        return found

    def answers_to_save(self) -> dict[str, Any]:
        """The answers as a response keeps them: calculations in, hidden answers and
        unanswered questions out."""
        return _without_empty(self.answers)

    # --- computing it ----------------------------------------------------------------

    def context(self, name: str, position: Position, current: Any = "") -> EvalContext:
        return EvalContext(
            self.answers,
            self.logic.repeat_path,
            name,
            position,
            current=current,
            today=self.today,
            now=self.now,
        )

    def compute_values(self) -> None:
        """Relevance and calculated values, item by item in dependency order."""
        logic = self.logic
        for name in logic.order:
            compiled = logic.items[name]
            path = logic.repeat_path.get(name, ())
            for position, container in _containers(self.answers, path):
                self._compute_item(compiled, position, container)

    def _compute_item(
        self, compiled: CompiledItem, position: Position, container: dict[str, Any]
    ) -> None:
        name = compiled.item.name
        shown = all(
            self.relevance.get((parent, position[: len(self.logic.repeat_path[parent])]), True)
            for parent in compiled.parents
        )
        if shown and compiled.relevant is not None:
            shown = self._holds(compiled.relevant, name, position, container.get(name), True)
        self.relevance[(name, position)] = shown
        if isinstance(compiled.item, Group):
            if not shown and compiled.item.kind is GroupKind.REPEAT:
                container.pop(name, None)
            return
        if not shown:
            container.pop(name, None)
            return
        if compiled.calculation is not None:
            try:
                # The stored value is ".", which once() keeps.
                context = self.context(name, position, container.get(name))
                result = compiled.calculation.evaluate(context)
            except ExpressionError as error:
                self.problems_found[(name, position)] = error.message
                container.pop(name, None)
                return
            value = stored_value(compiled.item, result)
            if value is None:
                container.pop(name, None)
            else:
                container[name] = value

    def compute_checks(self) -> None:
        """Required, constraints and filtered choices, for every shown question; the
        number of entries of every shown counted repeat."""
        logic = self.logic
        for name in logic.order:
            compiled = logic.items[name]
            item = compiled.item
            if isinstance(item, Group):
                if compiled.repeat_count is not None:
                    self._check_count(name, item)
                continue
            if not item.takes_answer:
                continue
            for position, container in _containers(self.answers, logic.repeat_path[name]):
                if self.relevance.get((name, position)):
                    self._check_question(compiled, item, position, container.get(name))

    def _check_count(self, name: str, repeat: Group) -> None:
        """A counted repeat must have as many entries as its count says: the form adds
        and removes them, so a difference means answers that do not belong together."""
        for position, container in _containers(self.answers, self.logic.repeat_path[name]):
            if not self.relevance.get((name, position)) or (name, position) in self.problems_found:
                continue
            expected = self.repeat_count(name, position)
            found = len(_instances(container, name))
            if expected is not None and expected != found:
                message = Message(REPEAT_COUNT_DIFFERS, {"expected": expected, "found": found})
                self.problems_found[(name, position)] = message

    def _check_question(
        self, compiled: CompiledItem, question: Question, position: Position, value: Any
    ) -> None:
        key = (question.name, position)
        if key in self.problems_found:
            return  # its calculation failed
        if is_empty(value):
            if self._needs_answer(compiled, question, position):
                self.required[key] = True
                self.missing.append(key)
                self.problems_found[key] = (
                    _survey_message(question.required_message, self) or REQUIRED
                )
            return
        if self._needs_answer(compiled, question, position):
            self.required[key] = True
        if compiled.constraint is not None and not self._holds(
            compiled.constraint, question.name, position, value, False
        ):
            if key not in self.problems_found:
                self.problems_found[key] = (
                    _survey_message(question.constraint_message, self) or CONSTRAINT_FAILED
                )
            return
        if compiled.choice_filter is not None and not self._offered(compiled, position, value):
            self.problems_found[key] = CHOICE_FILTERED

    def _needs_answer(self, compiled: CompiledItem, question: Question, position: Position) -> bool:
        if not question.asks_person or question.read_only:
            return False
        if question.required:
            return True
        if compiled.required_if is None:
            return False
        return self._holds(compiled.required_if, question.name, position, None, False)

    def _holds(
        self,
        expression: Expression,
        name: str,
        position: Position,
        current: Any,
        when_broken: bool,
    ) -> bool:
        """The expression as a boolean; on an evaluation error the item gets the error as
        its problem and ``when_broken`` is the answer."""
        try:
            return expression.is_true(self.context(name, position, current))
        except ExpressionError as error:
            self.problems_found.setdefault((name, position), error.message)
            return when_broken

    def _offered(self, compiled: CompiledItem, position: Position, value: Any) -> bool:
        """Whether the filter offers every chosen choice (only those are tested)."""
        assert compiled.choice_filter is not None and isinstance(compiled.item, Question)
        chosen = set(value) if isinstance(value, list | tuple) else {value}
        by_name = {choice.name: choice for choice in compiled.item.choices}
        return all(
            name in by_name
            and self._keeps(compiled.choice_filter, compiled.item.name, position, by_name[name])
            for name in chosen
        )

    def _keeps(self, expression: Expression, name: str, position: Position, choice: Choice) -> bool:
        context = EvalContext(
            self.answers,
            self.logic.repeat_path,
            name,
            position,
            bare=choice.filter_values(),
            today=self.today,
            now=self.now,
        )
        try:
            return expression.is_true(context)
        except ExpressionError:
            return True  # show the choice rather than lose it

    def _form_index(self, key: str) -> int:
        name = key.rsplit("/", 1)[-1]
        return self.logic.form_index.get(name, len(self.logic.form_index))


# --- answers as nested mappings --------------------------------------------------------


def _copy_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """A copy the engine may change: mappings and lists of instances are copied."""
    copied: dict[str, Any] = {}
    for name, value in answers.items():
        if isinstance(value, list) and value and all(isinstance(e, Mapping) for e in value):
            copied[name] = [_copy_answers(entry) for entry in value]
        else:
            copied[name] = value
    return copied


def _instances(container: Mapping[str, Any], repeat: str) -> list[Any]:
    value = container.get(repeat)
    if not isinstance(value, list):
        return []
    return [entry for entry in value if isinstance(entry, Mapping)]


def _containers(
    answers: dict[str, Any], path: tuple[str, ...]
) -> Iterator[tuple[Position, dict[str, Any]]]:
    """Each mapping an item on ``path`` has a value in, with its position."""
    found: list[tuple[Position, dict[str, Any]]] = [((), answers)]
    for repeat in path:
        found = [
            ((*position, number), entry)
            for position, container in found
            for number, entry in enumerate(_instances(container, repeat), start=1)
        ]
    return iter(found)


def _container(
    answers: Mapping[str, Any], path: tuple[str, ...], position: Position
) -> Mapping[str, Any] | None:
    container: Mapping[str, Any] = answers
    for repeat, number in zip(path, position, strict=False):
        entries = _instances(container, repeat)
        if not 1 <= number <= len(entries):
            return None
        container = entries[number - 1]
    return container


def _instances_at(
    answers: Mapping[str, Any], path: tuple[str, ...], position: Position, repeat: str
) -> list[dict[str, Any]]:
    container = _container(answers, path, position)
    return [] if container is None else _instances(container, repeat)


def _without_empty(answers: Mapping[str, Any]) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    for name, value in answers.items():
        if isinstance(value, list) and value and all(isinstance(e, Mapping) for e in value):
            kept[name] = [_without_empty(entry) for entry in value]
        elif not is_empty(value):
            kept[name] = value
    return kept


def _to_count(value: Any) -> int:
    number = to_number(value)
    if math.isnan(number) or number <= 0:
        return 0
    if math.isinf(number):
        return MAX_REPEAT_COUNT
    return int(number)


def _survey_message(labels: Labels, state: FormState) -> Message | None:
    """A survey's own message in the respondent's language; braces are escaped so
    rendering it never tries to fill in placeholders."""
    text = label_for(labels, state.language, state.logic.definition.default_language)
    return Message(text.replace("{", "{{").replace("}", "}}")) if text else None


# --- the checks made on save -----------------------------------------------------------


def response_problems(
    definition: SurveyDefinition,
    answers: Mapping[str, Any],
    language: str | None = None,
    *,
    today: date | None = None,
    now: datetime | None = None,
    logic: FormLogic | None = None,
) -> dict[str, Message]:
    """Every problem that stops a complete response from being saved, keyed like
    ``validate_answers``: answers of the wrong type or outside the choices, and, for
    shown questions only, missing required answers, failed constraints and choices a
    filter leaves out. Answers of hidden questions are not checked (they are not kept:
    save ``FormState.answers_to_save()``)."""
    if not isinstance(answers, Mapping):
        return validate_answers(definition, answers, language)
    logic = logic or FormLogic(definition)
    state = logic.evaluate(answers, language=language, today=today, now=now)
    kept = state.answers_to_save()
    problems: dict[str, Message] = {}
    logic_problems = state.problems()
    # validate_answers knows types and choices; which unanswered question is required
    # depends on the logic, so its "needs an answer" verdicts are left to the state.
    for key, message in validate_answers(definition, kept, language).items():
        if key in logic_problems or not _answered(kept, key):
            continue
        problems[key] = message
    problems.update(logic_problems)
    return problems


def _answered(answers: Mapping[str, Any], key: str) -> bool:
    """Whether ``key`` ("members[2]/age") has a non-empty answer in ``answers``."""
    container: Any = answers
    *repeats, name = key.split("/")
    for part in repeats:
        repeat, _, number = part.partition("[")
        entries = container.get(repeat) if isinstance(container, Mapping) else None
        index = int(number.rstrip("]")) - 1 if number.rstrip("]").isdigit() else -1
        if not isinstance(entries, list) or not 0 <= index < len(entries):
            return False
        container = entries[index]
    return isinstance(container, Mapping) and not is_empty(container.get(name))


def definition_problems(definition: SurveyDefinition) -> list[tuple[str, Message]]:
    """The logic problems of a definition, each with the name of its item: expressions
    that can't be read, broken references, circles of calculations and conditions."""
    return list(FormLogic(definition).problems)
