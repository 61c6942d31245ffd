"""Problems found in an XLSForm, each pinned to its sheet, row and column.

The person fixing a form has the spreadsheet open, so a problem names the
place the way the spreadsheet does: the sheet's name, the row number shown
at the left (the header row is 1) and the column's header. Importing either
gives a whole survey or raises ``XLSFormError`` with every problem found, so
nothing is ever half-imported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ocpsc_field.core.text import N_, Message

SURVEY = "survey"
CHOICES = "choices"
SETTINGS = "settings"


@dataclass(frozen=True)
class XLSFormProblem:
    """One problem. ``row`` and ``column`` are None when it is about a whole sheet or
    the whole file; ``position`` is the 1-based character in the cell's expression."""

    message: Message
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    position: int | None = None

    def located(self) -> Message:
        """The place and the problem in one message, as the CLI prints it:
        sheet "survey", row 12, column "constraint": ...

        The problem is a parameter, so a translator can put it where their
        language wants; ``render`` renders both, the problem first.
        """
        key = (self.sheet is not None, self.row is not None, self.column is not None)
        msgid = _WHERE.get(key)
        if msgid is None:
            return self.message
        if self.position is not None and key == (True, True, True):
            msgid = _WHERE_AT
        params = {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "position": self.position,
        }
        return Message(msgid, {**params, "problem": self.message})

    def render(self, gettext: Callable[[str], str] | None = None) -> str:
        """The located problem as text, both parts through ``gettext``."""
        located = self.located()
        if located is self.message:
            return self.message.render(gettext)
        params = {**located.params, "problem": self.message.render(gettext)}
        return Message(located.msgid, params).render(gettext)

    def as_json(self, gettext: Callable[[str], str] | None = None) -> dict[str, Any]:
        """For ``survey-check --json``."""
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "position": self.position,
            "message": self.message.render(gettext),
        }


_WHERE: dict[tuple[bool, bool, bool], str] = {
    (True, True, True): N_('sheet "{sheet}", row {row}, column "{column}": {problem}'),
    (True, True, False): N_('sheet "{sheet}", row {row}: {problem}'),
    (True, False, True): N_('sheet "{sheet}", column "{column}": {problem}'),
    (True, False, False): N_('sheet "{sheet}": {problem}'),
}
_WHERE_AT = N_('sheet "{sheet}", row {row}, column "{column}", character {position}: {problem}')


class XLSFormError(ValueError):
    """The form can't be imported; ``problems`` lists every reason, in sheet order."""

    def __init__(self, problems: Sequence[XLSFormProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(problem.render() for problem in self.problems[:5]))


@dataclass
class ProblemList:
    """Collects problems while a form is read."""

    problems: list[XLSFormProblem] = field(default_factory=list)

    def add(
        self,
        message: Message,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        position: int | None = None,
    ) -> None:
        self.problems.append(XLSFormProblem(message, sheet, row, column, position))

    def __bool__(self) -> bool:
        return bool(self.problems)
