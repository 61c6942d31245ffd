"""The shape of a survey export: its sheets and columns, and the rows of one response.

One export covers every version of a form, so HQ's analysts get one table:
the questions are the union over the versions (the newest version's order
first, then questions only older versions asked), and ``_form_version`` says
which version each response was answered on.

The responses sheet has one row per response: metadata columns (named with a
leading ``_``, as KoboToolbox does, so they never look like a question), then
one column per question outside repeats (groups are flattened: names are
unique in a form). Each repeat has a sheet of its own with one row per
instance, keyed to its response (``_response_id``) and its place
(``_position``, from 1); ``_instance`` names the instance and a nested
repeat's rows point at it through ``_parent_instance``.

Cells: ``select_multiple`` answers as their choice names separated by spaces
(XLSForm's own way), numbers as numbers, anything else structured as JSON,
and text that a spreadsheet would run as a formula prefixed with ``'``.
Answers no version of the form names (a device running a damaged copy) are
kept as JSON in ``_other_answers`` rather than dropped; that column appears
only when some response has such answers, found by ``observe``.

Pure Python with no Django, so it can be checked on its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ocpsc_field.core.survey import (
    Group,
    GroupKind,
    Item,
    Question,
    QuestionType,
    SurveyDefinition,
    walk,
)

RESPONSE_ID = "_response_id"
METADATA_COLUMNS = (
    RESPONSE_ID,
    "_submitted_at",
    "_received_at",
    "_device",
    "_user",
    "_organization",
    "_language",
    "_form_version",
    "_resident_id",
)
INSTANCE_COLUMNS = ("_instance", RESPONSE_ID, "_parent_instance", "_position")
OTHER_ANSWERS = "_other_answers"
RESPONSES_SHEET = "responses"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class SheetLayout:
    """One sheet: the responses (``repeat`` None) or the instances of one repeat."""

    repeat: str | None
    questions: list[str] = field(default_factory=list)
    joined: set[str] = field(default_factory=set)  # select_multiple: names joined by spaces
    has_other: bool = False

    @property
    def name(self) -> str:
        return self.repeat or RESPONSES_SHEET

    def columns(self) -> list[str]:
        keys = METADATA_COLUMNS if self.repeat is None else INSTANCE_COLUMNS
        return [*keys, *self.questions, *([OTHER_ANSWERS] if self.has_other else [])]


class ExportLayout:
    """The sheets of an export of ``definitions`` (every version of one form, newest first)."""

    def __init__(self, definitions: Sequence[SurveyDefinition]) -> None:
        self.sheets: dict[str | None, SheetLayout] = {None: SheetLayout(None)}
        for definition in definitions:
            self._add(definition.items, None)

    def _add(self, items: Sequence[Item], repeat: str | None) -> None:
        sheet = self.sheets[repeat]
        for item in walk(items):
            if isinstance(item, Group):
                if item.kind is GroupKind.REPEAT:
                    self.sheets.setdefault(item.name, SheetLayout(item.name))
                    self._add(item.children, item.name)
            elif _exported(item) and item.name not in sheet.questions:
                sheet.questions.append(item.name)
                if item.type is QuestionType.SELECT_MULTIPLE:
                    sheet.joined.add(item.name)

    @property
    def repeats(self) -> list[SheetLayout]:
        return [sheet for key, sheet in self.sheets.items() if key is not None]

    def observe(self, answers: Any) -> None:
        """Note answers no version names, so their sheets get an ``_other_answers`` column."""
        self._observe(self.sheets[None], answers)

    def _observe(self, sheet: SheetLayout, answers: Any) -> None:
        if not isinstance(answers, Mapping):
            sheet.has_other = True
            return
        known = set(sheet.questions)
        for name, value in answers.items():
            inner = self.sheets.get(name) if name is not None else None
            if inner is not None and isinstance(value, list):
                for entry in value:
                    self._observe(inner, entry)
            elif name not in known:
                sheet.has_other = True

    def rows(
        self, metadata: Sequence[Any], answers: Any
    ) -> Iterator[tuple[SheetLayout, list[Any]]]:
        """The cells of one response: its row on the responses sheet, then one row per
        repeat instance, each with its sheet. ``metadata`` follows ``METADATA_COLUMNS``."""
        main = self.sheets[None]
        yield main, [*(cell(value) for value in metadata), *self._cells(main, answers)]
        yield from self._instances(answers, str(metadata[0]), "")

    def _instances(
        self, container: Any, response_id: str, parent: str
    ) -> Iterator[tuple[SheetLayout, list[Any]]]:
        if not isinstance(container, Mapping):
            return
        for name, value in container.items():
            sheet = self.sheets.get(name) if name is not None else None
            if sheet is None or not isinstance(value, list):
                continue
            for position, entry in enumerate(value, start=1):
                key = f"{parent or response_id}/{name}[{position}]"
                keys = [key, response_id, parent, position]
                yield sheet, [*keys, *self._cells(sheet, entry)]
                yield from self._instances(entry, response_id, key)

    def _cells(self, sheet: SheetLayout, answers: Any) -> list[Any]:
        found = answers if isinstance(answers, Mapping) else {}
        cells = [cell(found.get(name), name in sheet.joined) for name in sheet.questions]
        if sheet.has_other:
            if isinstance(answers, Mapping):
                known = set(sheet.questions)
                other = {
                    str(name): value
                    for name, value in answers.items()
                    if name not in known
                    and not (self.sheets.get(name) is not None and isinstance(value, list))
                }
            else:
                other = {"": answers}
            cells.append(cell(other) if other else None)
        return cells


def _exported(question: Question) -> bool:
    """Every item that holds an answer: questions, calculations, recorded metadata."""
    return question.takes_answer


def cell(value: Any, joined: bool = False) -> Any:
    """One value as a spreadsheet cell: None when empty, numbers kept, formulas defused."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if joined and isinstance(value, list) and all(isinstance(item, str) for item in value):
        value = " ".join(value)
    elif not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value
