"""Qt models for the import dialog: the live preview and the list of rows to fix.

The preview shows each value as it will be saved and shown later (phones as
(916) 555-0123, languages by name, dates in the locale's format), so a wrong
column choice is visible before anything is checked in full. A value that
will not pass is shown as typed, marked with a warning sign and its message:
colour is only a second signal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ocpsc_field.core.records import FieldType, Kind, fields_of
from ocpsc_field.core.validation import Validation
from ocpsc_field.i18n import _, render
from ocpsc_field.store.importer import FIELD_LABELS, Problem
from ocpsc_field.ui.formats import format_day, format_items
from ocpsc_field.ui.models import (
    ModelIndex,
    display_phone,
    format_number,
    language_name,
)

_TYPES = {spec.name: spec.type for spec in fields_of(Kind.RESIDENT)}
WARNING_SIGN = "⚠"
FSI, PDI = "\u2068", "\u2069"  # first-strong isolate: text keeps its own direction
# A pale amber behind problem cells; the sign and the tooltip carry the meaning.
_PROBLEM_BACKGROUND = QColor(255, 236, 179)
_PROBLEM_TEXT = QColor(0, 0, 0)


def field_label(name: str) -> str:
    return _(FIELD_LABELS[name]) if name in FIELD_LABELS else name


def display_value(name: str, value: Any) -> str:
    """A normalized resident value as the app shows it everywhere else."""
    if value is None:
        return ""
    kind = _TYPES.get(name)
    if kind is FieldType.PHONE:
        return display_phone(value)
    if kind is FieldType.LANGUAGE:
        return language_name(value)
    if kind is FieldType.LANGUAGES and isinstance(value, list):
        return format_items([language_name(tag) for tag in value])
    if kind is FieldType.BOOLEAN:
        return _("Yes") if value else _("No")
    if kind in (FieldType.DATE, FieldType.BIRTH_DATE) and isinstance(value, str):
        return format_day(value)
    if kind is FieldType.INTEGER and isinstance(value, int):
        return format_number(value)
    return str(value)


def cell_text(cell: Any) -> str:
    """A raw spreadsheet cell as the user typed it."""
    if cell is None:
        return ""
    if isinstance(cell, datetime) and cell.time() == time(0):
        cell = cell.date()
    if isinstance(cell, date | time):
        return cell.isoformat()
    return str(cell)


def problem_text(problem: Problem) -> str:
    return _("Row {row}: {field} — {problem}").format(
        row=problem.row, field=field_label(problem.field), problem=render(problem.message)
    )


class PreviewModel(QAbstractTableModel):
    """The first rows of the file, one column per chosen field, as they will be saved."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._fields: list[str] = []
        self._rows: list[tuple[int, Validation, dict[str, Any]]] = []

    def set_rows(
        self,
        fields: Sequence[str],
        rows: Sequence[tuple[int, Validation, Mapping[str, Any]]],
    ) -> None:
        """``rows``: (row number, the row checked, the raw cell of each field)."""
        self.beginResetModel()
        self._fields = list(fields)
        self._rows = [(number, checked, dict(raw)) for number, checked, raw in rows]
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._fields)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if orientation == Qt.Orientation.Horizontal:
            return field_label(self._fields[section]) if section < len(self._fields) else None
        if section < len(self._rows):
            return _("Row {row}").format(row=self._rows[section][0])
        return None

    def problem_at(self, row: int, column: int) -> str | None:
        checked = self._rows[row][1]
        message = checked.errors.get(self._fields[column])
        return render(message) if message is not None else None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        name = self._fields[index.column()]
        _number, checked, raw = self._rows[index.row()]
        problem = self.problem_at(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if problem is None:
                return display_value(name, checked.values.get(name))
            typed = cell_text(raw.get(name)).strip() or _("missing")
            return f"{WARNING_SIGN} {typed}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if problem is None:
                return display_value(name, checked.values.get(name))
            typed = cell_text(raw.get(name)).strip() or _("missing")
            return _("{value}. Problem: {problem}").format(value=typed, problem=problem)
        if role == Qt.ItemDataRole.ToolTipRole:
            return problem
        if problem is not None and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(_PROBLEM_BACKGROUND)
        if problem is not None and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(_PROBLEM_TEXT)
        return None


class ProblemListModel(QAbstractListModel):
    """Every problem found, one line each: "Row 14: Phone — …"."""

    RowNumberRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._problems: list[Problem] = []

    def set_problems(self, problems: Sequence[Problem]) -> None:
        self.beginResetModel()
        self._problems = list(problems)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._problems)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._problems):
            return None
        problem = self._problems[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            # Isolated, so the line takes its own direction: an English line in a
            # right-to-left layout keeps its full stop at the end, not the start.
            return FSI + problem_text(problem) + PDI
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return problem_text(problem)
        if role == self.RowNumberRole:
            return problem.row
        return None
