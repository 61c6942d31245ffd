"""Exporting a survey's responses, every version in one export, as CSV or Excel.

The layout (sheets, columns, cells) is ``surveys_table``; this module reads
the responses from the database and writes them. Only completed responses
are exported (drafts stay on the laptop), withdrawn (deleted) ones are left
out, and a coordinator's export holds only their organization's responses.

Files: Excel gets one workbook with a ``responses`` sheet and a sheet per
repeat; CSV gets one file for the responses and one per repeat, UTF-8 with a
byte-order mark so Excel shows Vietnamese, Chinese or Arabic text correctly.
The database is read twice (once for answers no version names, see
``surveys_table.ExportLayout.observe``), never all held in memory.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from typing import IO, Any

from openpyxl import Workbook

from ocpsc_field.core.clock import iso_utc
from ocpsc_field.core.survey import DefinitionError, SurveyDefinition, parse_definition
from ocpsc_field.hq import surveys
from ocpsc_field.hq.models import Survey, SurveyResponse
from ocpsc_field.hq.surveys_table import ExportLayout, SheetLayout

FORMATS = ("csv", "xlsx")
_SHEET_TITLE_MAX = 31  # Excel's limit
_NOT_IN_TITLE = re.compile(r"[\[\]:*?/\\]")


class NoSuchSurvey(LookupError):
    """No version of the form id was ever published."""


class SurveyExport:
    """The responses to every version of ``form_id`` (only ``organization_id``'s when given)."""

    def __init__(self, form_id: str, organization_id: str | None = None) -> None:
        self.versions: list[Survey] = surveys.versions(form_id)
        if not self.versions:
            raise NoSuchSurvey(form_id)
        self.form_id = form_id
        self.organization_id = organization_id
        self.written = 0  # responses written by the last ``write_*``
        newest_first = [d for d in map(_definition, reversed(self.versions)) if d is not None]
        self.layout = ExportLayout(newest_first)
        for answers in self._responses().values_list("answers", flat=True).iterator():
            self.layout.observe(answers)

    def _responses(self) -> Any:
        rows = SurveyResponse.objects.filter(
            survey_id__in=[version.pk for version in self.versions],
            deleted=False,
            complete=True,
            status="complete",
        )
        if self.organization_id is not None:
            rows = rows.filter(owner_id=self.organization_id)
        return rows

    @property
    def sheets(self) -> list[SheetLayout]:
        return list(self.layout.sheets.values())

    def rows(self) -> Iterator[tuple[SheetLayout, list[Any]]]:
        """Every row of every sheet, a response's instances right after its own row."""
        responses = (
            self._responses()
            .select_related("owner")
            .order_by("completed_at", "created_at", "id")
            .iterator(chunk_size=500)
        )
        self.written = 0
        for response in responses:
            self.written += 1
            yield from self.layout.rows(_metadata(response), response.answers)

    # --- writing ------------------------------------------------------------------------

    def write_xlsx(self, out: IO[bytes]) -> None:
        """One workbook: the responses sheet, then one sheet per repeat."""
        workbook = Workbook(write_only=True)
        titles = sheet_titles(self.sheets)
        pages = {}
        for sheet in self.sheets:
            page = workbook.create_sheet(titles[sheet.repeat])
            page.append(sheet.columns())
            pages[sheet.repeat] = page
        for sheet, row in self.rows():
            pages[sheet.repeat].append(row)
        workbook.save(out)

    def write_csv(self, outs: Mapping[str | None, IO[bytes]]) -> None:
        """One CSV per sheet, into ``outs[None]`` (responses) and ``outs[repeat name]``."""
        texts = {
            key: io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
            for key, stream in outs.items()
        }
        writers = {key: csv.writer(text) for key, text in texts.items()}
        for sheet in self.sheets:
            writers[sheet.repeat].writerow(sheet.columns())
        for sheet, row in self.rows():
            writers[sheet.repeat].writerow(["" if value is None else value for value in row])
        for text in texts.values():
            text.flush()
            text.detach()  # the caller owns the stream


def csv_names(form_id: str, sheets: list[SheetLayout], stem: str | None = None) -> dict:
    """File names per sheet: ``stem.csv`` for the responses, ``stem-REPEAT.csv`` per repeat."""
    base = stem or form_id
    names: dict[str | None, str] = {}
    taken: set[str] = set()
    for sheet in sheets:
        wanted = f"{base}.csv" if sheet.repeat is None else f"{base}-{_safe(sheet.repeat)}.csv"
        name, number = wanted, 2
        while name.lower() in taken:
            name = wanted.removesuffix(".csv") + f"-{number}.csv"
            number += 1
        taken.add(name.lower())
        names[sheet.repeat] = name
    return names


def sheet_titles(sheets: list[SheetLayout]) -> dict[str | None, str]:
    """Excel sheet titles: at most 31 characters, none of []:*?/\\, unique in any case."""
    titles: dict[str | None, str] = {}
    taken: set[str] = set()
    for sheet in sheets:
        wanted = _NOT_IN_TITLE.sub("_", sheet.name)[:_SHEET_TITLE_MAX]
        title, number = wanted, 2
        while title.lower() in taken:
            suffix = f"_{number}"
            title = wanted[: _SHEET_TITLE_MAX - len(suffix)] + suffix
            number += 1
        taken.add(title.lower())
        titles[sheet.repeat] = title
    return titles


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name)


def _definition(survey: Survey) -> SurveyDefinition | None:
    try:
        return parse_definition(survey.definition)
    except DefinitionError:
        return None  # its answers still reach the export, in _other_answers


def _metadata(response: SurveyResponse) -> list[Any]:
    """The values of ``surveys_table.METADATA_COLUMNS`` for one response."""
    return [
        response.id,
        iso_utc(response.completed_at) if response.completed_at else None,
        iso_utc(response.received_at) if response.received_at else None,
        response.origin_device,
        response.created_by,
        response.owner.name,
        response.language,
        response.survey_version,
        response.resident_id,
    ]
