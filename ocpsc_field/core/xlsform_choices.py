"""The choices sheet of an XLSForm: named lists of choices, with their extra columns.

Each row is one choice of the list named in ``list_name``. Columns other than
``list_name``, ``name`` and ``label`` are data that a question's
``choice_filter`` can read (``county`` for a list of cities). A choice name
is what the answers store, so it must be unique in its list and, because a
``select_multiple`` answer lists names separated by spaces, hold no spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ocpsc_field.core.text import N_, Message
from ocpsc_field.core.xlsform_labels import LabelReader
from ocpsc_field.core.xlsform_problems import ProblemList
from ocpsc_field.core.xlsform_table import Row, Table

NO_LIST_NAME = N_("This choice has no list_name: name the list it belongs to.")
NO_CHOICE_NAME = N_("This choice has no name: the name is what the answers store.")
CHOICE_NAME_SPACES = N_("A choice name can't contain spaces: “{name}”.")
DUPLICATE_CHOICE = N_("The list “{list}” already has a choice named “{name}”, on row {row}.")
BAD_LIST_NAME = N_("A list name can't contain spaces: “{name}”.")
ANSWER_IN_CHOICE = N_(
    "A choice's label can't show an answer (“{reference}”): choices are shown as "
    "written. Show it in the question's label or hint instead."
)
_REFERENCE = re.compile(r"\$\{[^}]*\}")


@dataclass
class ChoiceList:
    """One list: its choices as format-version-2 JSON, and where each came from."""

    name: str
    first_row: int
    choices: list[dict[str, Any]] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    extra: list[dict[str, str]] = field(default_factory=list)  # per choice, by header

    def columns(self) -> set[str]:
        return {header for values in self.extra for header in values}

    def as_json(self, columns: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
        """The choices, each with the extra ``columns`` a choice filter reads."""
        out = []
        for choice, extra in zip(self.choices, self.extra, strict=True):
            entry = dict(choice)
            if columns:
                entry["columns"] = {name: extra.get(name, "") for name in sorted(columns)}
            out.append(entry)
        return out


def read_choices(table: Table, labels: LabelReader, problems: ProblemList) -> dict[str, ChoiceList]:
    """Every list in the choices sheet, by name; problems go to ``problems``."""
    lists: dict[str, ChoiceList] = {}
    seen: dict[tuple[str, str], int] = {}
    for row in table.rows:
        list_name = row.get("list_name")
        name = row.get("name")
        label = labels.label(table, row, problems, required=True)
        _answers_in_label(table, row, problems)
        if not list_name:
            problems.add(Message(NO_LIST_NAME), table.sheet, row.number, table.header("list_name"))
            continue
        if any(ch.isspace() for ch in list_name):
            message = Message(BAD_LIST_NAME, {"name": list_name})
            problems.add(message, table.sheet, row.number, table.header("list_name"))
            continue
        if not name:
            problems.add(Message(NO_CHOICE_NAME), table.sheet, row.number, table.header("name"))
            continue
        if any(ch.isspace() for ch in name):
            message = Message(CHOICE_NAME_SPACES, {"name": name})
            problems.add(message, table.sheet, row.number, table.header("name"))
            continue
        first = seen.setdefault((list_name, name), row.number)
        if first != row.number:
            message = Message(DUPLICATE_CHOICE, {"list": list_name, "name": name, "row": first})
            problems.add(message, table.sheet, row.number, table.header("name"))
            continue
        found = lists.setdefault(list_name, ChoiceList(list_name, row.number))
        found.choices.append({"name": name, "label": label})
        found.rows.append(row.number)
        found.extra.append(dict(row.extra))
    return lists


def _answers_in_label(table: Table, row: Row, problems: ProblemList) -> None:
    """``${name}`` in a choice's label: ODK fills it in, this app shows choices as written,
    so the form would show the reference itself; refused where it is."""
    for language, text in row.texts.get("label", {}).items():
        found = _REFERENCE.search(text)
        if found is not None:
            message = Message(ANSWER_IN_CHOICE, {"reference": found.group(0)})
            problems.add(message, table.sheet, row.number, table.text_header("label", language))
