"""The survey sheet of an XLSForm, row by row, into format-version-2 items.

``begin group``/``begin repeat`` rows open a section that the matching
``end`` row closes; every other row is one question. Expressions are only
collected here (``ExpressionCell``): whether a ``${name}`` exists can only be
known once every row has been read, so ``xlsform_checks`` looks at them after.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from ocpsc_field.core.expressions import ExpressionError, parse
from ocpsc_field.core.survey_answers import answer_problem
from ocpsc_field.core.survey_model import (
    METADATA_TYPES,
    OTHER_CHOICE,
    OTHER_SUFFIX,
    SELECT_TYPES,
    Choice,
    Question,
    QuestionType,
)
from ocpsc_field.core.text import N_, Message
from ocpsc_field.core.xlsform_choices import ChoiceList
from ocpsc_field.core.xlsform_columns import SURVEY_COLUMNS
from ocpsc_field.core.xlsform_labels import LabelReader
from ocpsc_field.core.xlsform_other import other_choice_label, other_question_label
from ocpsc_field.core.xlsform_problems import ProblemList
from ocpsc_field.core.xlsform_table import Row, Table
from ocpsc_field.core.xlsform_types import (
    BEGIN_GROUP,
    BEGIN_REPEAT,
    END_GROUP,
    END_REPEAT,
    read_type,
)
from ocpsc_field.core.xlsform_values import (
    BAD_DEFAULT,
    appearance_problem,
    fixed_default,
    looks_dynamic,
    read_flag,
)

NAME_RE = re.compile(r"[^\W\d][\w.-]{0,99}")
_TEXT_REFERENCE = re.compile(r"\$\{[^}]*\}")

NO_TYPE = N_("This row has no type: say what kind of question it is.")
NO_NAME = N_("This row needs a name: it is the key its answer is stored under.")
BAD_NAME = N_(
    "“{name}” is not a valid name: start with a letter or _, and use only letters, "
    "digits, _, - and ."
)
DUPLICATE_NAME = N_("The name “{name}” is already used on row {row}.")
TAKEN_BY_OTHER = N_(
    "The name “{name}” is taken by the “specify other” question of row {row} (or_other)."
)
NOT_FOR_ROW = N_("A {type} row can't have a value in this column.")
NO_LIST = N_("There is no list named “{list}” in the choices sheet.")
NO_CHOICES_SHEET = N_("This form has select questions but no choices sheet.")
NEEDS_CALCULATION = N_("A calculate row needs a calculation.")
END_WITHOUT_BEGIN = N_("This “{type}” has no matching “{begin}” above it.")
END_MISMATCH = N_("This “{type}” closes the “{begin}” of row {row}; close that one first.")
NOT_CLOSED = N_("This “{type}” is never closed: add an “{end}” row after its last question.")
EMPTY_SECTION = N_("This “{type}” has no questions in it.")
OTHER_ALREADY = N_(
    "The list “{list}” already has a choice named “other”, so or_other can't add one."
)
OTHER_WITH_FILTER = N_("or_other can't be used with a choice_filter.")
READ_ONLY_FLAG = N_("Write yes or no here: read_only can't be a condition.")
ANSWER_IN_MESSAGE = N_(
    "Messages are shown as written, so this one can't show an answer (“{reference}”). "
    "Write it without the reference."
)
_MESSAGES = frozenset({"required_message", "constraint_message"})

_ALL_QUESTION = set(SURVEY_COLUMNS - {"choice_filter", "repeat_count"})
_ALLOWED: dict[str, set[str]] = {
    BEGIN_GROUP: {"type", "name", "label", "hint", "relevant", "appearance"},
    BEGIN_REPEAT: {"type", "name", "label", "hint", "relevant", "appearance", "repeat_count"},
    QuestionType.NOTE: {"type", "name", "label", "hint", "relevant", "appearance", "read_only"},
    QuestionType.CALCULATE: {"type", "name", "label", "hint", "relevant", "calculation"},
    "metadata": {"type", "name", "label", "hint"},
    "select": _ALL_QUESTION | {"choice_filter"},
    "question": _ALL_QUESTION,
}
_FLAGS = frozenset({"required", "read_only"})
_EXPRESSION_KEYS = ("relevant", "constraint", "calculation", "choice_filter", "repeat_count")


@dataclass(frozen=True)
class ExpressionCell:
    """An expression to check once all names are known."""

    where: str  # the item's name
    key: str  # its field in the definition
    column: str  # the header it came from
    row: int
    text: str
    list_name: str | None = None  # for a choice filter: the list whose columns it reads
    offset: int = 0  # where ``text`` starts in the cell (a ${name} inside a label)


@dataclass
class _Section:
    control: str
    row: int
    item: dict[str, Any]
    children: list[dict[str, Any]] = field(default_factory=list)


class SurveyReader:
    """Reads the survey sheet; ``items`` is the definition's item list when no problem
    was found. ``rows`` maps each item name to its row, for later problems."""

    def __init__(
        self,
        table: Table,
        lists: dict[str, ChoiceList],
        labels: LabelReader,
        problems: ProblemList,
        *,
        has_choices_sheet: bool,
    ) -> None:
        self.table = table
        self.lists = lists
        self.labels = labels
        self.problems = problems
        self.has_choices_sheet = has_choices_sheet
        self.rows: dict[str, int] = {}
        self.generated: dict[str, int] = {}  # "<name>_other" -> the select's row
        self.expressions: list[ExpressionCell] = []
        self.stack: list[_Section] = []
        self.items: list[dict[str, Any]] = []

    def add(self, message: Message, row: int | None, key: str | None = None) -> None:
        column = self.table.header(key) if key else None
        self.problems.add(message, self.table.sheet, row, column)

    def read(self) -> list[dict[str, Any]]:
        for row in self.table.rows:
            self.row(row)
        while self.stack:
            section = self.stack.pop()
            end = END_GROUP if section.control == BEGIN_GROUP else END_REPEAT
            self.add(
                Message(NOT_CLOSED, {"type": section.control, "end": end}), section.row, "type"
            )
        return self.items

    def place(self, item: dict[str, Any]) -> None:
        (self.stack[-1].children if self.stack else self.items).append(item)

    def row(self, row: Row) -> None:
        text = row.get("type")
        if not text:
            self.add(Message(NO_TYPE), row.number, "type")
            return
        kind = read_type(text)
        if kind.refusal is not None:
            self.add(kind.refusal, row.number, "type")
            return
        if kind.control in (END_GROUP, END_REPEAT):
            self.end(row, kind.control)
            return
        allowed = self.allowed(kind.control, kind.question)
        misplaced = [
            key
            for key in (*row.cells, *row.texts)
            # "required: false" on a note or group says nothing: exports write it everywhere.
            if key not in allowed and not (key in _FLAGS and read_flag(row.cells[key]) is False)
        ]
        for key in misplaced:
            self.add(Message(NOT_FOR_ROW, {"type": text}), row.number, key)
        if misplaced:
            # Reported once; the rest of the row is read as if they were not there.
            row = Row(
                row.number,
                {key: value for key, value in row.cells.items() if key in allowed},
                {key: value for key, value in row.texts.items() if key in allowed},
            )
        name = self.name(row)
        self.text_references(row, name)
        if kind.control is not None:
            item = self.section_item(row, kind.control, name)
            self.stack.append(_Section(kind.control, row.number, item))
            return
        assert kind.question is not None
        self.question(row, kind.question, name, kind.list_name, kind.or_other)

    def text_references(self, row: Row, name: str) -> None:
        """``${name}`` in a label or hint shows that answer: it must exist too. Messages
        are shown as written, so one there is refused."""
        for key, texts in row.texts.items():
            for language, text in texts.items():
                for found in _TEXT_REFERENCE.finditer(text):
                    column = self.table.text_header(key, language)
                    if key in _MESSAGES:
                        message = Message(ANSWER_IN_MESSAGE, {"reference": found.group(0)})
                        self.problems.add(message, self.table.sheet, row.number, column)
                        break
                    cell = ExpressionCell(
                        name, key, column, row.number, found.group(0), offset=found.start()
                    )
                    self.expressions.append(cell)

    @staticmethod
    def allowed(control: str | None, question: QuestionType | None) -> set[str]:
        if control is not None:
            return _ALLOWED[control]
        if question in METADATA_TYPES:
            return _ALLOWED["metadata"]
        if question in SELECT_TYPES:
            return _ALLOWED["select"]
        return _ALLOWED.get(question or "", _ALLOWED["question"])

    def name(self, row: Row) -> str:
        name = row.get("name")
        if not name:
            self.add(Message(NO_NAME), row.number, "name")
            return ""
        if not NAME_RE.fullmatch(name):
            self.add(Message(BAD_NAME, {"name": name}), row.number, "name")
            return ""
        if name in self.generated:
            message = Message(TAKEN_BY_OTHER, {"name": name, "row": self.generated[name]})
            self.add(message, row.number, "name")
            return ""
        first = self.rows.setdefault(name, row.number)
        if first != row.number:
            self.add(Message(DUPLICATE_NAME, {"name": name, "row": first}), row.number, "name")
            return ""
        return name

    def end(self, row: Row, control: str) -> None:
        begin = BEGIN_GROUP if control == END_GROUP else BEGIN_REPEAT
        if not self.stack:
            message = Message(END_WITHOUT_BEGIN, {"type": control, "begin": begin})
            self.add(message, row.number, "type")
            return
        section = self.stack[-1]
        if section.control != begin:
            message = Message(
                END_MISMATCH, {"type": control, "begin": section.control, "row": section.row}
            )
            self.add(message, row.number, "type")
            return
        self.stack.pop()
        if not section.children:
            self.add(Message(EMPTY_SECTION, {"type": section.control}), section.row, "type")
        section.item["children"] = section.children
        self.place(section.item)

    def common(self, row: Row, name: str) -> dict[str, Any]:
        """Fields every item may have: name, label, hint, relevant, appearance."""
        item: dict[str, Any] = {"name": name}
        hint = self.labels.texts(row, "hint")
        if hint:
            item["hint"] = hint
        appearance = row.get("appearance")
        if appearance:
            problem = appearance_problem(appearance)
            if problem is not None:
                self.add(problem, row.number, "appearance")
            item["appearance"] = appearance
        for key in _EXPRESSION_KEYS:
            text = row.get(key)
            if text:
                item[key] = text
                self.expressions.append(
                    ExpressionCell(name, key, self.table.header(key), row.number, text)
                )
        return item

    def section_item(self, row: Row, control: str, name: str) -> dict[str, Any]:
        item: dict[str, Any] = {"type": "repeat" if control == BEGIN_REPEAT else "group"}
        item.update(self.common(row, name))
        label = self.labels.label(self.table, row, self.problems, required=False)
        if label:
            item["label"] = label
        return item

    def question(
        self,
        row: Row,
        kind: QuestionType,
        name: str,
        list_name: str | None,
        or_other: bool,
    ) -> None:
        item: dict[str, Any] = {"type": kind.value}
        item.update(self.common(row, name))
        shown = kind is not QuestionType.CALCULATE and kind not in METADATA_TYPES
        label = self.labels.label(self.table, row, self.problems, required=shown)
        if label:
            item["label"] = label
        for key in ("required_message", "constraint_message"):
            texts = self.labels.texts(row, key)
            if texts:
                item[key] = texts
        if kind is QuestionType.CALCULATE and not row.get("calculation"):
            self.add(Message(NEEDS_CALCULATION), row.number, "calculation")
        self.flags(row, item, name)
        if kind in SELECT_TYPES and list_name is not None:
            self.choices(row, item, list_name)
        if row.get("default"):
            self.default(row, item, kind)
        self.place(item)
        if or_other and "choices" in item:
            self.other(row, item, list_name or "")

    def flags(self, row: Row, item: dict[str, Any], name: str) -> None:
        required = row.get("required")
        if required:
            flag = read_flag(required)
            if flag is None:
                item["required"] = required
                cell = ExpressionCell(
                    name, "required", self.table.header("required"), row.number, required
                )
                self.expressions.append(cell)
            elif flag:
                item["required"] = True
        read_only = row.get("read_only")
        if read_only:
            flag = read_flag(read_only)
            if flag is None:
                self.add(Message(READ_ONLY_FLAG), row.number, "read_only")
            elif flag:
                item["read_only"] = True

    def choices(self, row: Row, item: dict[str, Any], list_name: str) -> None:
        found = self.lists.get(list_name)
        if found is None:
            message = NO_CHOICES_SHEET if not self.has_choices_sheet else NO_LIST
            self.add(Message(message, {"list": list_name}), row.number, "type")
            return
        item["choice_list"] = list_name
        columns: frozenset[str] = frozenset()
        if "choice_filter" in item:
            try:
                bare = parse(item["choice_filter"]).bare_names
            except ExpressionError:
                bare = frozenset()
            columns = frozenset(bare & found.columns())
            self.expressions = [
                replace(cell, list_name=list_name)
                if (cell.row, cell.key) == (row.number, "choice_filter")
                else cell
                for cell in self.expressions
            ]
        item["choices"] = found.as_json(columns)

    def default(self, row: Row, item: dict[str, Any], kind: QuestionType) -> None:
        text = row.get("default")
        question = Question(
            name=item["name"],
            type=kind,
            label={},
            choices=tuple(Choice(c["name"], {}) for c in item.get("choices", ())),
        )
        value = None if looks_dynamic(text) else fixed_default(question, text)
        problem = None if value is None else answer_problem(question, value)
        if value is not None and problem is None:
            item["default"] = value
            return
        if looks_dynamic(text):
            item["default_expression"] = text
            self.expressions.append(
                ExpressionCell(
                    item["name"],
                    "default_expression",
                    self.table.header("default"),
                    row.number,
                    text,
                )
            )
            return
        self.add(Message(BAD_DEFAULT, {"value": text, "type": kind.value}), row.number, "default")

    def other(self, row: Row, item: dict[str, Any], list_name: str) -> None:
        """``or_other``: an "other" choice, and a text question asking which."""
        if "choice_filter" in item:
            self.add(Message(OTHER_WITH_FILTER), row.number, "choice_filter")
            return
        if any(choice["name"] == OTHER_CHOICE for choice in item["choices"]):
            self.add(Message(OTHER_ALREADY, {"list": list_name}), row.number, "type")
            return
        languages, default = self.labels.languages, self.labels.default
        item["or_other"] = True
        item["choices"].append(
            {"name": OTHER_CHOICE, "label": other_choice_label(languages, default)}
        )
        name = item["name"] + OTHER_SUFFIX
        if name in self.rows:
            message = Message(TAKEN_BY_OTHER, {"name": name, "row": row.number})
            self.problems.add(message, self.table.sheet, self.rows[name], self.table.header("name"))
            return
        self.generated[name] = row.number
        self.rows[name] = row.number
        self.place(
            {
                "type": QuestionType.TEXT.value,
                "name": name,
                "label": other_question_label(languages, default),
                "relevant": f"selected(${{{item['name']}}}, '{OTHER_CHOICE}')",
            }
        )
