"""Label cells of an XLSForm row as ``{language tag: text}``, and their checks.

Shared by the survey and choices sheets: a column without a language
("label") holds the default language, and a label the form must show needs
text in the default language, since that is what every other language falls
back to.
"""

from __future__ import annotations

from dataclasses import dataclass

from ocpsc_field.core.text import N_, Message
from ocpsc_field.core.xlsform_problems import ProblemList
from ocpsc_field.core.xlsform_table import UNSPECIFIED, Row, Table

NEEDS_LABEL = N_("This row needs a label.")
NO_DEFAULT_LABEL = N_("There is no label in the default language, {language}.")


@dataclass(frozen=True)
class LabelReader:
    """Reads translatable cells in a form whose default language is ``default``.

    ``check_default`` is off when the form has no label column in the default
    language at all: that is reported once, not on every row.
    """

    default: str
    languages: tuple[str, ...] = ()
    check_default: bool = True

    def texts(self, row: Row, key: str) -> dict[str, str]:
        found = row.texts.get(key, {})
        out: dict[str, str] = {}
        if UNSPECIFIED in found:
            out[self.default] = found[UNSPECIFIED]
        for language, text in found.items():
            if language != UNSPECIFIED:
                out.setdefault(language, text)
        return out

    def label(
        self, table: Table, row: Row, problems: ProblemList, *, required: bool
    ) -> dict[str, str]:
        """The row's label; a problem if ``required`` and the default language has none."""
        labels = self.texts(row, "label")
        if required and not labels:
            problems.add(Message(NEEDS_LABEL), table.sheet, row.number, table.header("label"))
        elif required and self.check_default and self.default not in labels:
            problems.add(
                Message(NO_DEFAULT_LABEL, {"language": self.default}),
                table.sheet,
                row.number,
                table.header("label", self.default),
            )
        return labels
