"""One XLSForm sheet as rows of named cells, with its column problems already found.

The header row (row 1) says what each column means (``xlsform_columns``);
every later row becomes a ``Row`` whose cells are looked up by meaning, and
translatable cells by language too. A refused column is reported on every
row that has something in it, and only then: forms made from templates often
carry empty ``media::image`` or ``parameters`` columns that change nothing.
A survey row whose ``disabled`` cell (SurveyCTO) says yes is left out, as
SurveyCTO leaves it out: its author kept it in the sheet but out of the form.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ocpsc_field.core.text import N_, Message
from ocpsc_field.core.xlsform_columns import SAME_COLUMN_TWICE, Column, read_column
from ocpsc_field.core.xlsform_problems import ProblemList
from ocpsc_field.core.xlsform_sheets import SheetRows
from ocpsc_field.core.xlsform_values import read_flag

NO_HEADER = N_("The first row of this sheet must hold the column names.")
DISABLED_FLAG = N_("Write yes or no here: disabled can't be a condition.")

# The language of a translatable column written without one ("label").
UNSPECIFIED = ""


@dataclass
class Row:
    """One row below the header: ``cells`` by column meaning, ``texts`` by meaning and
    language (``UNSPECIFIED`` for a column without a language)."""

    number: int
    cells: dict[str, str] = field(default_factory=dict)
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)  # choices: other columns by header

    def get(self, key: str) -> str:
        return self.cells.get(key, "")

    def is_empty(self) -> bool:
        return not (any(self.cells.values()) or self.texts or any(self.extra.values()))


@dataclass
class Table:
    """A sheet's rows and what its headers mean."""

    sheet: str
    columns: list[Column]
    rows: list[Row]

    def header(self, key: str, language: str | None = None) -> str:
        """The header of the column with meaning ``key`` (and ``language``), for problems."""
        for column in self.columns:
            if column.key == key and (language is None or column.language == language):
                return column.header.strip()
        for column in self.columns:
            if column.key == key:
                return column.header.strip()
        return key

    def text_header(self, key: str, language: str) -> str:
        """The header of the translatable column ``key`` in ``language`` (or UNSPECIFIED)."""
        wanted = language or None
        for column in self.columns:
            if column.key == key and column.language == wanted:
                return column.header.strip()
        return self.header(key)

    def languages(self) -> Iterator[str | None]:
        """The languages of translatable columns that hold text, in column order."""
        seen: set[str | None] = set()
        for column in self.columns:
            if not column.key or column.refusal is not None or column.language in seen:
                continue
            language = column.language or UNSPECIFIED
            if any(row.texts.get(column.key, {}).get(language) for row in self.rows):
                seen.add(column.language)
                yield column.language


def read_table(sheet: SheetRows, kind: str, problems: ProblemList) -> Table:
    """``sheet`` read as the XLSForm sheet ``kind``; column problems go to ``problems``."""
    if not sheet.rows or sheet.rows[0][0] != 1:
        if sheet.rows:
            problems.add(Message(NO_HEADER), sheet.title, 1)
        return Table(sheet.title, [], [])
    headers = sheet.rows[0][1]
    columns = [read_column(index, header, kind) for index, header in enumerate(headers)]
    rows: list[Row] = []
    used: dict[tuple[str, str | None], Column] = {}
    for number, cells in sheet.rows[1:]:
        row = Row(number)
        for column in columns:
            text = cells[column.index] if column.index < len(cells) else ""
            if not text or column.key is None:
                continue
            if column.refusal is not None:
                problems.add(column.refusal, sheet.title, number, column.header.strip())
                continue
            slot = (column.key, column.language)
            first = used.setdefault(slot, column)
            if first is not column:
                message = Message(SAME_COLUMN_TWICE, {"other": first.header.strip()})
                problems.add(message, sheet.title, number, column.header.strip())
                continue
            _place(row, column, text)
        if _disabled(row, sheet.title, columns, problems):
            continue
        if not row.is_empty():
            rows.append(row)
    return Table(sheet.title, columns, rows)


def _disabled(row: Row, sheet: str, columns: list[Column], problems: ProblemList) -> bool:
    """Whether ``row`` is left out by its ``disabled`` cell, which is then removed."""
    text = row.cells.pop("disabled", "")
    flag = read_flag(text)
    if flag is None:
        header = next(c.header.strip() for c in columns if c.key == "disabled")
        problems.add(Message(DISABLED_FLAG), sheet, row.number, header)
    return bool(flag)


def _place(row: Row, column: Column, text: str) -> None:
    key = column.key or ""
    if key.startswith("column:"):
        row.extra[key.removeprefix("column:")] = text
    elif column.language is not None or key in {
        "label",
        "hint",
        "required_message",
        "constraint_message",
    }:
        row.texts.setdefault(key, {})[column.language or UNSPECIFIED] = text
    else:
        row.cells[key] = text
