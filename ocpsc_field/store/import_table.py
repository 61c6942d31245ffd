"""Reading spreadsheets as partners send them: any CSV dialect, or an Excel workbook.

CSV files come from every version of Excel and Google Sheets: UTF-8 with or
without a byte-order mark, UTF-16, or the Windows code page; separated by
commas, or by semicolons where Excel runs in a European locale. The encoding
and delimiter are detected, never asked, and reported so the user can see
what was assumed. Rows are numbered as the spreadsheet shows them (the header
is row 1) and streamed, so a file of any size is read without holding it.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ocpsc_field.core.text import N_, Message
from ocpsc_field.store.errors import StoreError

ENCODING_LABELS: Mapping[str, str] = {
    "utf-8": N_("UTF-8"),
    "utf-8-sig": N_("UTF-8 with a byte-order mark"),
    "utf-16": N_("UTF-16"),
    "cp1252": N_("Windows-1252 (Western European)"),
}
DELIMITER_LABELS: Mapping[str, str] = {
    ",": N_("commas"),
    ";": N_("semicolons"),
    "\t": N_("tabs"),
    "|": N_("vertical bars"),
}
_NO_ROWS = Message(
    N_("This file is empty. Choose a file with a header row and residents below it.")
)
_OLD_EXCEL = Message(
    N_(
        "This is an Excel 97–2003 file (.xls), which can't be read. Open it in Excel or "
        "LibreOffice, save it as an Excel workbook (.xlsx) or CSV UTF-8, and import that file."
    )
)
_NOT_SPREADSHEET = Message(
    N_(
        "This file could not be read as a spreadsheet. It may be damaged, protected with a "
        "password, or in another format. Save it from your spreadsheet program as an Excel "
        "workbook (.xlsx) or CSV UTF-8 and import that file."
    )
)
_UNKNOWN_ENCODING = Message(
    N_(
        "The text in this file is in an encoding the app does not recognise. Save it from "
        "your spreadsheet program as CSV UTF-8 and import that file."
    )
)
_CANT_OPEN = N_("The file could not be opened: {reason}. Check that it exists and is not open.")
_BAD_ROW = N_("Row {row} of the file could not be read ({reason}). Fix it and try again.")


class ImportFileError(StoreError):
    """The file can't be read; nothing was imported."""


@dataclass(frozen=True)
class SourceRow:
    """One row of the file: its number as the spreadsheet shows it, and its cells."""

    number: int
    cells: tuple[Any, ...]
    fraction: float | None = None  # how far into the file this row is, roughly


@dataclass(frozen=True)
class Table:
    """An opened spreadsheet: where it is, how it was read, and its header.

    ``rows()`` reads the file again each time it is called, so a preview and
    the full check never hold the whole file in memory.
    """

    path: Path
    format: str  # "csv" or "xlsx"
    header: tuple[str, ...]
    header_row: int
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheet_count: int = 1
    skip_lines: int = 0  # an Excel "sep=;" line before the header

    def rows(self) -> Iterator[SourceRow]:
        """The data rows below the header, blank rows left out (their numbers are kept)."""
        source = self._csv_records() if self.format == "csv" else self._xlsx_records()
        with contextlib.closing(source):
            for number, cells, fraction in source:
                if number <= self.header_row or _blank(cells):
                    continue
                yield SourceRow(number, cells, fraction)

    def preview(self, limit: int = 20) -> list[SourceRow]:
        rows = self.rows()
        with contextlib.closing(rows):
            return [row for _, row in zip(range(limit), rows, strict=False)]

    def _csv_records(self) -> Iterator[tuple[int, tuple[Any, ...], float | None]]:
        assert self.encoding is not None and self.delimiter is not None
        total = max(1, self.path.stat().st_size)
        try:
            with self.path.open(encoding=self.encoding, newline="") as handle:
                for _ in range(self.skip_lines):
                    handle.readline()
                reader = csv.reader(handle, delimiter=self.delimiter)
                number = 0
                fraction = 0.0
                while True:
                    try:
                        record = next(reader)
                    except StopIteration:
                        return
                    except csv.Error as error:
                        message = Message(_BAD_ROW, {"row": number + 1, "reason": str(error)})
                        raise ImportFileError(message) from None
                    number += 1
                    if number % 128 == 0:
                        fraction = min(1.0, handle.buffer.tell() / total)
                    yield number, tuple(record), fraction
        except UnicodeDecodeError:
            raise ImportFileError(_UNKNOWN_ENCODING) from None
        except OSError as error:
            raise cant_open(error) from None

    def _xlsx_records(self) -> Iterator[tuple[int, tuple[Any, ...], float | None]]:
        workbook = _load_workbook(self.path)
        try:
            sheet = _first_sheet(workbook)
            estimate = sheet.max_row if isinstance(sheet.max_row, int) else 0
            # Some programs write a wrong "used range"; reading every cell is always right.
            sheet.reset_dimensions()
            for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), 1):
                fraction = min(1.0, number / estimate) if estimate > 1 else None
                yield number, tuple(values), fraction
        except ImportFileError:
            raise
        except Exception:  # openpyxl raises many kinds of errors on a damaged file
            raise ImportFileError(_NOT_SPREADSHEET) from None
        finally:
            workbook.close()


def cant_open(error: OSError) -> ImportFileError:
    return ImportFileError(Message(_CANT_OPEN, {"reason": error.strerror or type(error).__name__}))


def _blank(cells: Sequence[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def column_letter(index: int) -> str:
    """Spreadsheet column letters for a 0-based index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def read_table(path: Path) -> Table:
    """Open a CSV or Excel file and read its header (the first non-blank row)."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            magic = handle.read(8)
    except OSError as error:
        raise cant_open(error) from None
    suffix = path.suffix.lower()
    if magic.startswith(b"\xd0\xcf\x11\xe0") or suffix == ".xls":
        raise ImportFileError(_OLD_EXCEL)
    if magic.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm"):
        return _read_xlsx_header(path)
    encoding = detect_encoding(path)
    delimiter, skip = _detect_delimiter(path, encoding)
    table = Table(path, "csv", (), 0, encoding=encoding, delimiter=delimiter, skip_lines=skip)
    return _with_header(table)


def _with_header(table: Table) -> Table:
    source = table._csv_records() if table.format == "csv" else table._xlsx_records()
    with contextlib.closing(source):
        for number, cells, _fraction in source:
            if not _blank(cells):
                names = [str(cell).strip() if cell is not None else "" for cell in cells]
                while names and not names[-1]:
                    names.pop()
                return replace(table, header=tuple(names), header_row=number)
    raise ImportFileError(_NO_ROWS)


def _load_workbook(path: Path) -> Any:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # openpyxl warns about workbook features it skips (data validation, styles).
            warnings.simplefilter("ignore")
            return load_workbook(path, read_only=True, data_only=True)
    except OSError as error:
        raise cant_open(error) from None
    except Exception:
        raise ImportFileError(_NOT_SPREADSHEET) from None


def _first_sheet(workbook: Any) -> Any:
    """The sheet Excel opens on, else the first one that holds cells."""
    sheets = [sheet for sheet in workbook.worksheets if hasattr(sheet, "iter_rows")]
    if not sheets:
        raise ImportFileError(_NO_ROWS)
    active = workbook.active
    return active if active in sheets else sheets[0]


def _read_xlsx_header(path: Path) -> Table:
    workbook = _load_workbook(path)
    try:
        sheet = _first_sheet(workbook)
        name, count = str(sheet.title), len(workbook.worksheets)
    finally:
        workbook.close()
    return _with_header(Table(path, "xlsx", (), 0, sheet=name, sheet_count=count))


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without a byte-order mark), else UTF-16 with one, else Windows-1252.

    The whole file is decoded once, in chunks, because a single accented
    name on row 40,000 decides between UTF-8 and Windows-1252.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
            if head.startswith(codecs.BOM_UTF8):
                return "utf-8-sig"
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return "utf-16"
            for encoding in ("utf-8", "cp1252"):
                handle.seek(0)
                if _decodes(handle, encoding):
                    return encoding
    except OSError as error:
        raise cant_open(error) from None
    raise ImportFileError(_UNKNOWN_ENCODING)


def _decodes(handle: Any, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        while chunk := handle.read(1 << 20):
            if b"\x00" in chunk:  # UTF-16 without a byte-order mark, or not text at all
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


_DELIMITERS = ",;\t|"


def _detect_delimiter(path: Path, encoding: str) -> tuple[str, int]:
    """The delimiter, and 1 if Excel's "sep=;" hint line comes before the header."""
    try:
        with path.open(encoding=encoding, newline="") as handle:
            sample = handle.read(64 * 1024)
    except (OSError, UnicodeDecodeError):
        return ",", 0
    first = sample.lstrip("\r\n").split("\n", 1)[0].rstrip("\r")
    if first.lower().startswith("sep=") and len(first) == 5:
        return first[4], 1
    counts = {char: _count_unquoted(first, char) for char in _DELIMITERS}
    whole_lines = sample[: sample.rfind("\n") + 1] or sample
    try:
        sniffed = csv.Sniffer().sniff(whole_lines, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        sniffed = ""
    if sniffed and counts.get(sniffed, 0) > 0:
        return sniffed, 0
    best = max(_DELIMITERS, key=lambda char: counts[char])
    return (best if counts[best] else ","), 0


def _count_unquoted(line: str, char: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == char and not quoted:
            count += 1
    return count
