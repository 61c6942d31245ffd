"""Importing residents from a spreadsheet: match columns, check every row, save once.

Each step is one function the import dialog runs on the database queue:

1. ``read_table`` (from ``import_table``) opens the file and reads its header.
2. ``guess_mapping`` matches the file's columns to resident fields, from
   English or Spanish header names.
3. ``check_file`` checks every row, in one streaming pass, with the same
   validation as a typed form; problems carry the row number the spreadsheet
   shows (the header is row 1).
4. ``commit`` saves all rows, or only the good ones, in ONE transaction:
   stopped half way, by Cancel or by a dead battery, nothing of it is kept.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from ocpsc_field.core.clock import now_iso
from ocpsc_field.core.records import FieldType, Kind, fields_of
from ocpsc_field.core.text import N_, Message
from ocpsc_field.core.validation import Validation, validate
from ocpsc_field.store import import_names, settings
from ocpsc_field.store.db import Database, OperationalError
from ocpsc_field.store.errors import StoreError
from ocpsc_field.store.import_table import (
    DELIMITER_LABELS,
    ENCODING_LABELS,
    ImportFileError,
    SourceRow,
    Table,
    cant_open,
    column_letter,
    read_table,
)
from ocpsc_field.store.repository import RecordRepository

__all__ = [
    "DELIMITER_LABELS",
    "ENCODING_LABELS",
    "CheckedFile",
    "ImportCancelled",
    "ImportFileError",
    "ImportOptions",
    "ImportOutcome",
    "Problem",
    "SourceRow",
    "Table",
    "check_file",
    "check_row",
    "column_letter",
    "commit",
    "guess_mapping",
    "previous_import",
    "read_table",
    "write_rows_to_fix",
]

# stage, rows so far, fraction of the stage done (None when unknown)
Progress = Callable[[str, int, float | None], None]
ShouldStop = Callable[[], bool]

READING, CHECKING, SAVING, WRITING = "reading", "checking", "saving", "writing"

FIELD_LABELS: Mapping[str, str] = {
    "given_name": N_("Given name"),
    "family_name": N_("Family name"),
    "preferred_name": N_("Preferred name"),
    "birth_date": N_("Birth date"),
    "preferred_language": N_("Preferred language"),
    "other_languages": N_("Other languages"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "address_line": N_("Address"),
    "city": N_("City"),
    "zip": N_("ZIP code"),
    "county": N_("County"),
    "household_size": N_("Household size"),
    "consent_contact": N_("Consent to contact"),
    "consent_data_sharing": N_("Consent to share data"),
    "consent_date": N_("Consent date"),
    "notes": N_("Notes"),
}
# Every resident field but the organization, which comes from the device, not a file.
IMPORT_FIELDS: tuple[str, ...] = tuple(FIELD_LABELS)
_SPECS = {spec.name: spec for spec in fields_of(Kind.RESIDENT)}
REQUIRED_FIELDS: tuple[str, ...] = tuple(name for name in IMPORT_FIELDS if _SPECS[name].required)

_CANCELLED = Message(N_("Cancelled. Nothing from the file was imported."))
_DATE_ORDER_MDY = Message(
    N_(
        "This date can't be read as month/day/year. If the file writes dates as "
        "day/month/year, choose that order in the column step."
    )
)
_DATE_ORDER_DMY = Message(
    N_(
        "This date can't be read as day/month/year. If the file writes dates as "
        "month/day/year, choose that order in the column step."
    )
)


class ImportCancelled(StoreError):
    """The user stopped the import; nothing was imported."""

    def __init__(self) -> None:
        super().__init__(_CANCELLED)


# --- matching columns ------------------------------------------------------------


def guess_mapping(header: Sequence[str]) -> dict[str, int]:
    """Which column holds which resident field, from the header names.

    Exact names (in English or Spanish, in their common variants) win; then a
    header that contains a name ("Client Phone #"); a bare "Name" column is
    taken as the given name only if nothing better is there. Each column and
    each field is used at most once. The user checks and changes the result.
    """
    folded = [import_names.fold(name) for name in header]
    mapping: dict[str, int] = {}
    used: set[int] = set()

    def take(field_name: str, column: int) -> None:
        mapping[field_name] = column
        used.add(column)

    for field_name, aliases in import_names.HEADER_ALIASES.items():
        for column, name in enumerate(folded):
            if column not in used and name in aliases:
                take(field_name, column)
                break
    for field_name, aliases in import_names.HEADER_ALIASES.items():
        if field_name in mapping:
            continue
        long_aliases = [alias for alias in aliases if len(alias) >= 5]
        for column, name in enumerate(folded):
            padded = f" {name} "
            if column not in used and any(f" {alias} " in padded for alias in long_aliases):
                take(field_name, column)
                break
    if "given_name" not in mapping:
        for column, name in enumerate(folded):
            if column not in used and name in import_names.FULL_NAME_ALIASES:
                take("given_name", column)
                break
    return {name: mapping[name] for name in IMPORT_FIELDS if name in mapping}


# --- checking rows ---------------------------------------------------------------


@dataclass(frozen=True)
class ImportOptions:
    """The user's choices from the column step."""

    mapping: Mapping[str, int]  # resident field -> 0-based column
    day_first: bool = False  # "03/04/1980" is 3 April, not 4 March


_SLASH_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", re.ASCII)
_LIST_SPLIT = re.compile(r"\s*[,;/|]\s*")


def _coerce(spec_type: FieldType, raw: Any, options: ImportOptions) -> tuple[Any, Message | None]:
    """A cell as the validator expects it: what spreadsheets do to values, undone."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # Excel keeps phone numbers, ZIP codes and counts as numbers
    if isinstance(raw, datetime) and spec_type in (FieldType.DATE, FieldType.BIRTH_DATE):
        raw = raw.date()  # a date typed with a time of day; the time means nothing here
    if isinstance(raw, bool) or raw is None:
        return raw, None
    if spec_type in (FieldType.TEXT, FieldType.NAME, FieldType.EMAIL, FieldType.COUNTY):
        if isinstance(raw, datetime | date | time):
            return raw.isoformat(), None
        return (raw if isinstance(raw, str) else str(raw)), None
    if not isinstance(raw, str):
        return raw, None
    text = raw.strip()
    if spec_type is FieldType.LANGUAGE:
        return import_names.language_tag(text) or text, None
    if spec_type is FieldType.LANGUAGES:
        parts = [part for part in _LIST_SPLIT.split(text) if part]
        return [import_names.language_tag(part) or part for part in parts], None
    if spec_type is FieldType.BOOLEAN:
        return import_names.YES_NO.get(import_names.fold(text), text), None
    if spec_type in (FieldType.DATE, FieldType.BIRTH_DATE):
        match = _SLASH_DATE.fullmatch(text)
        if match is None:
            return text, None
        first, second, year = (int(part) for part in match.groups())
        day, month = (first, second) if options.day_first else (second, first)
        try:
            return date(year, month, day), None
        except ValueError:
            return None, _DATE_ORDER_DMY if options.day_first else _DATE_ORDER_MDY
    return raw, None


def check_row(cells: Sequence[Any], options: ImportOptions) -> Validation:
    """One row checked as a typed resident form would be: normalized values and problems."""
    data: dict[str, Any] = {}
    early: dict[str, Message] = {}
    for name, column in options.mapping.items():
        raw = cells[column] if 0 <= column < len(cells) else None
        value, problem = _coerce(_SPECS[name].type, raw, options)
        data[name] = value
        if problem is not None:
            early[name] = problem
    checked = validate(Kind.RESIDENT, data)
    errors = {**checked.errors, **early}
    ordered = {name: errors[name] for name in IMPORT_FIELDS if name in errors}
    ordered.update({name: msg for name, msg in errors.items() if name not in ordered})
    return Validation(values=checked.values, errors=ordered)


@dataclass(frozen=True)
class Problem:
    """One thing to fix: the row as the spreadsheet numbers it, the field, the message."""

    row: int
    field: str
    message: Message


@dataclass
class CheckedFile:
    """Every row of a file checked: the good ones ready to save, the bad ones explained."""

    table: Table
    options: ImportOptions
    digest: str
    good: list[dict[str, Any]] = field(default_factory=list)
    bad_rows: list[SourceRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def good_count(self) -> int:
        return len(self.good)

    @property
    def bad_count(self) -> int:
        return len(self.bad_rows)

    @property
    def total(self) -> int:
        return self.good_count + self.bad_count


def file_digest(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError as error:
        raise cant_open(error) from None


def check_file(
    table: Table,
    options: ImportOptions,
    *,
    progress: Progress | None = None,
    should_stop: ShouldStop | None = None,
) -> CheckedFile:
    """Read and check every row in one streaming pass; the file is not held in memory.

    Good rows keep only their normalized values (ready for the repository);
    bad rows keep their cells, so the rows to fix can be written out as they were.
    """
    checked = CheckedFile(table=table, options=options, digest=file_digest(table.path))
    if progress:
        progress(CHECKING, 0, 0.0)
    for count, row in enumerate(table.rows(), 1):
        result = check_row(row.cells, options)
        if result.ok:
            checked.good.append({k: v for k, v in result.values.items() if v is not None})
        else:
            checked.bad_rows.append(row)
            checked.problems.extend(Problem(row.number, k, m) for k, m in result.errors.items())
        if count % 200 == 0:
            if should_stop and should_stop():
                raise ImportCancelled()
            if progress:
                progress(CHECKING, count, row.fraction)
    if progress:
        progress(CHECKING, checked.total, 1.0)
    return checked


# --- saving ----------------------------------------------------------------------

_MARK_PREFIX = "import.file."


@dataclass(frozen=True)
class PreviousImport:
    """This exact file was imported before, on this device."""

    at: str  # ISO timestamp (UTC)
    count: int


def previous_import(database: Database, digest: str) -> PreviousImport | None:
    stored = settings.get(database, _MARK_PREFIX + digest)
    if not stored:
        return None
    try:
        mark = json.loads(stored)
        return PreviousImport(at=str(mark["at"]), count=int(mark["count"]))
    except (ValueError, KeyError, TypeError):
        return None


@dataclass(frozen=True)
class ImportOutcome:
    """What ``commit`` saved, and rows refused on the way (normally none)."""

    imported: int
    left_out: int
    refused: tuple[Problem, ...] = ()


class _Watched(Sequence[dict[str, Any]]):
    """The good rows as the repository reads them, with progress and a way to stop."""

    def __init__(self, items: list[dict[str, Any]], progress: Progress | None, stop: ShouldStop):
        self._items, self._progress, self._stop = items, progress, stop

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: Any) -> Any:
        return self._items[index]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        total = max(1, len(self._items))
        for index, item in enumerate(self._items):
            if index % 200 == 0:
                if self._stop():
                    raise ImportCancelled()
                if self._progress:
                    self._progress(SAVING, index, index / total)
            yield item
        if self._progress:
            self._progress(WRITING, len(self._items), None)


def commit(
    records: RecordRepository,
    checked: CheckedFile,
    *,
    good_rows_only: bool,
    progress: Progress | None = None,
    should_stop: ShouldStop | None = None,
) -> ImportOutcome:
    """Save the checked rows in one transaction, through ``create_many``.

    ``good_rows_only=False`` means all or nothing: if any row is bad, nothing is
    saved. Stopping (``should_stop`` returning True) at any point before the
    commit, even in the middle of the insert, leaves the store as it was.
    """
    if checked.bad_count and not good_rows_only:
        return ImportOutcome(imported=0, left_out=checked.total)
    stop = should_stop or (lambda: False)
    database = records.database
    stopped = threading.Event()

    def interrupt() -> int:
        # SQLite calls this every few thousand steps; non-zero aborts the statement and
        # rolls the whole transaction back. Once is enough: the rollback must run.
        if not stopped.is_set() and stop():
            stopped.set()
            return 1
        return 0

    database.raw.set_progress_handler(interrupt, 5000)
    try:
        with database.transaction():
            results = records.create_many(
                Kind.RESIDENT,
                _Watched(checked.good, progress, stop),
                all_or_nothing=not good_rows_only,
            )
            imported = sum(1 for result in results if result.ok)
            if imported:
                mark = json.dumps({"at": now_iso(), "count": imported})
                database.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (_MARK_PREFIX + checked.digest, mark),
                )
    except OperationalError:
        if stopped.is_set():
            raise ImportCancelled() from None
        raise
    finally:
        database.raw.set_progress_handler(None, 0)
    refused = tuple(
        Problem(0, name, message)
        for result in results
        if not result.ok
        for name, message in result.errors.items()
    )
    return ImportOutcome(imported=imported, left_out=checked.total - imported, refused=refused)


# --- the rows to fix -------------------------------------------------------------

_SAFE_NUMBER = re.compile(r"[+-]?[\d\s().-]+", re.ASCII)
_FORMULA_START = ("=", "+", "-", "@")


def _as_text(cell: Any) -> str:
    """A cell written back to CSV as the user typed it, never as a live formula."""
    if cell is None:
        return ""
    if isinstance(cell, datetime) and cell.time() == time(0):
        cell = cell.date()
    text = cell.isoformat() if isinstance(cell, date | time) else str(cell)
    if text.startswith(_FORMULA_START) and not _SAFE_NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_rows_to_fix(
    checked: CheckedFile,
    target: Path,
    *,
    row_heading: str,
    problems_heading: str,
    describe: Callable[[Problem], str],
) -> int:
    """Write the bad rows, as they were, with what to fix, to a CSV beside the file.

    The columns are the file's own, so the fixed rows can be imported again.
    Written under a temporary name and renamed, so it is never half there.
    """
    by_row: dict[int, list[Problem]] = {}
    for problem in checked.problems:
        by_row.setdefault(problem.row, []).append(problem)
    delimiter = checked.table.delimiter or ","
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=delimiter)
            writer.writerow([row_heading, problems_heading, *checked.table.header])
            for row in checked.bad_rows:
                what = " ".join(describe(problem) for problem in by_row.get(row.number, []))
                writer.writerow([row.number, what, *(_as_text(cell) for cell in row.cells)])
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return checked.bad_count
