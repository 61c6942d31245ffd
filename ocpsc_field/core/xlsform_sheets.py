"""Reading the sheets of an ``.xlsx`` workbook, from its bytes, as rows of text.

Core does no file-system I/O: the CLI and HQ read the file and hand over the
bytes. Every cell comes back as trimmed text, the way an XLSForm author means
it: the number 2024031501 as "2024031501" (not "2024031501.0"), a date cell
as "2024-03-15", TRUE as "true". Rows keep the number the spreadsheet shows,
so problems can point at them.

An uploaded workbook is untrusted: it is refused before openpyxl parses it
when the file, or what it unpacks to, is larger than a survey ever needs.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from ocpsc_field.core.text import N_, Message

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 20_000  # rows with something in them, per sheet
MAX_COLUMNS = 300

NOT_XLSX = Message(
    N_(
        "This file is not an Excel workbook (.xlsx). Save the form as .xlsx "
        "(Excel 2007 or later) and try again."
    )
)
OLD_XLS = Message(
    N_(
        "This is an old Excel file (.xls). Open it in a spreadsheet program and save "
        "it as .xlsx, then try again."
    )
)
TOO_BIG = Message(N_("This file is larger than {maximum} MB, too large for a survey form."))
DAMAGED = Message(N_("This workbook is damaged and could not be read."))
TOO_MANY_ROWS = Message(N_("This sheet has more than {maximum} rows; a form can't be this long."))


class WorkbookError(ValueError):
    """The bytes are not a workbook this app can read; ``message`` says why."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


@dataclass(frozen=True)
class SheetRows:
    """A sheet as text: ``rows`` are (row number, cells), empty rows left out."""

    title: str
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    too_many_rows: bool = False


def cell_text(value: Any) -> str:
    """A cell's value as the text its author typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, timedelta):
        seconds = int(value.total_seconds())
        return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return str(value).strip()


def _check_archive(data: bytes) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookError(Message(TOO_BIG.msgid, {"maximum": MAX_FILE_BYTES // 2**20}))
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise WorkbookError(OLD_XLS)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise WorkbookError(NOT_XLSX) from error
    if "xl/workbook.xml" not in names:
        raise WorkbookError(NOT_XLSX)
    if unpacked > MAX_UNPACKED_BYTES:
        raise WorkbookError(Message(TOO_BIG.msgid, {"maximum": MAX_FILE_BYTES // 2**20}))


def _rows(values: Iterable[tuple[Any, ...]]) -> tuple[list[tuple[int, tuple[str, ...]]], bool]:
    rows: list[tuple[int, tuple[str, ...]]] = []
    for number, raw in enumerate(values, start=1):
        cells = [cell_text(value) for value in raw[:MAX_COLUMNS]]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        if len(rows) >= MAX_ROWS:
            return rows, True
        rows.append((number, tuple(cells)))
    return rows, False


def read_workbook(data: bytes) -> list[SheetRows]:
    """Every sheet of the workbook in ``data``, in workbook order, as text rows.

    Raises ``WorkbookError`` if ``data`` is not a readable ``.xlsx`` workbook.
    """
    _check_archive(data)
    # openpyxl is imported here: only importing a form needs it.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise WorkbookError(DAMAGED) from error
    try:
        sheets = []
        for worksheet in workbook.worksheets:
            rows, cut = _rows(worksheet.iter_rows(values_only=True))
            sheets.append(SheetRows(str(worksheet.title), tuple(rows), cut))
        return sheets
    except WorkbookError:
        raise
    except Exception as error:  # a damaged sheet only shows when it is read
        raise WorkbookError(DAMAGED) from error
    finally:
        workbook.close()
