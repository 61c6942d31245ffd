"""Exports to CSV and Excel for coordinators' reports.

An export is the one place personal information leaves the encrypted store,
at the user's explicit request. Files are written beside their destination
under a temporary name and renamed into place, so a failed export never
leaves a half-written file, and cells that a spreadsheet would run as a
formula are neutralised.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from ocpsc_field.core.records import ENVELOPE_FIELDS, FieldType, Kind, fields_of
from ocpsc_field.store.repository import RecordRepository, from_row

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def columns(kind: Kind) -> list[str]:
    return [*ENVELOPE_FIELDS, *(spec.name for spec in fields_of(kind))]


def cell(value: Any, type_: FieldType | None) -> Any:
    """One value as a spreadsheet cell: lists joined, structures as JSON, formulas defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if type_ in (
        FieldType.LANGUAGES,
        FieldType.TEXT_LIST,
        FieldType.CHOICES,
        FieldType.REFERENCES,
    ) and isinstance(value, list):
        value = "; ".join(str(item) for item in value)
    elif isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    # A phone number in E.164 is data, not a formula; anything else is quoted.
    is_phone = type_ is FieldType.PHONE and isinstance(value, str) and value[1:].isdigit()
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not is_phone:
        return "'" + value
    return value


# Called with the kind and how many of its records are written so far; may raise to stop.
ExportProgress = Callable[[Kind, int], None]


def rows(
    records: RecordRepository,
    kind: Kind,
    *,
    created_by: str | None = None,
    progress: ExportProgress | None = None,
) -> Iterator[list[Any]]:
    """The cells of each live record of ``kind``; only ``created_by``'s when given."""
    types = {spec.name: spec.type for spec in fields_of(kind)}
    names = columns(kind)
    count = 0
    for record in records.iter_all(kind):
        if created_by is not None and record.get("created_by") != created_by:
            continue
        yield [cell(record.get(name), types.get(name)) for name in names]
        count += 1
        if progress is not None and count % 100 == 0:
            progress(kind, count)
    if progress is not None:
        progress(kind, count)


def count_records(records: RecordRepository, kind: Kind, *, created_by: str | None = None) -> int:
    """How many live records of ``kind`` an export would write."""
    if created_by is None:
        return records.count(kind)
    sql = f"SELECT count(*) FROM {kind.value} WHERE deleted = 0 AND created_by = ?"
    return int(records.database.scalar(sql, (created_by,)))


def _atomic_target(path: Path) -> tuple[int, Path]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    return fd, Path(tmp)


def _write_csv(path: Path, header: list[str], body: Iterable[list[Any]]) -> int:
    fd, tmp = _atomic_target(path)
    count = 0
    try:
        # UTF-8 with a byte-order mark, so Excel shows every script correctly.
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in body:
                writer.writerow(row)
                count += 1
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count


@contextmanager
def _spill_beside(path: Path) -> Iterator[None]:
    """Keep openpyxl's scratch files next to the export, never in a shared /tmp.

    Write-only workbooks stream each sheet through a temporary file; left in
    the system temp folder after a crash they would be plaintext PII where
    nobody looks. Beside the export they sit where the user chose to put it.
    """
    previous = tempfile.tempdir
    # A folder of its own, removed afterwards, so a stopped export leaves no scratch file.
    scratch = tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".scratch", dir=path.parent)
    tempfile.tempdir = scratch
    try:
        yield
    finally:
        tempfile.tempdir = previous
        shutil.rmtree(scratch, ignore_errors=True)


def _write_xlsx(
    path: Path, records: RecordRepository, kinds: list[Kind], **options: Any
) -> list[int]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with _spill_beside(path):
        return _build_xlsx(path, records, kinds, **options)


def _build_xlsx(
    path: Path, records: RecordRepository, kinds: list[Kind], **options: Any
) -> list[int]:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    counts = []
    try:
        for kind in kinds:
            sheet = workbook.create_sheet(title=kind.value)
            sheet.append(columns(kind))
            count = 0
            for row in rows(records, kind, **options):
                sheet.append(row)
                count += 1
            counts.append(count)
    except BaseException:
        # Stopped half way: close each sheet's scratch file now, so it can be removed.
        for started in workbook.worksheets:
            with suppress(Exception):
                started.close()
        raise
    fd, tmp = _atomic_target(path)
    os.close(fd)
    try:
        workbook.save(tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return counts


def export(
    records: RecordRepository,
    out: Path,
    *,
    fmt: str,
    kinds: list[Kind],
    created_by: str | None = None,
    progress: ExportProgress | None = None,
) -> list[tuple[Path, int]]:
    """Write the live records of ``kinds``; returns (file, record count) pairs.

    ``created_by`` keeps only that user's records ("my records"). ``progress``
    may raise to stop; the destination is then left as it was.
    """
    options: dict[str, Any] = {"created_by": created_by, "progress": progress}
    if fmt == "xlsx":
        counts = _write_xlsx(out, records, kinds, **options)
        return [(out, sum(counts))]
    if fmt != "csv":
        raise ValueError(f"unknown export format {fmt!r}")
    if len(kinds) == 1 and out.suffix.lower() == ".csv":
        return [(out, _write_csv(out, columns(kinds[0]), rows(records, kinds[0], **options)))]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in kinds:
        target = out / f"{kind.value}.csv"
        body = rows(records, kind, **options)
        written.append((target, _write_csv(target, columns(kind), body)))
    return written


def resident_rows(
    records: RecordRepository,
    resident_ids: Iterable[str],
    *,
    progress: Callable[[int], None] | None = None,
    batch: int = 500,
) -> Iterator[list[Any]]:
    """The cells of the given residents, in the order given (a filtered, sorted list).

    Tombstoned residents are skipped. ``progress`` gets the count written so
    far after each batch, and may raise to stop.
    """
    types = {spec.name: spec.type for spec in fields_of(Kind.RESIDENT)}
    names = columns(Kind.RESIDENT)
    count = 0
    pending: list[str] = []

    def flush() -> Iterator[list[Any]]:
        marks = ", ".join("?" for _ in pending)
        found = {
            row["id"]: row
            for row in records.database.query(
                f"SELECT * FROM resident WHERE id IN ({marks}) AND deleted = 0", pending
            )
        }
        for resident_id in pending:
            if resident_id in found:
                record = from_row(Kind.RESIDENT, found[resident_id])
                yield [cell(record.get(name), types.get(name)) for name in names]

    for resident_id in resident_ids:
        pending.append(resident_id)
        if len(pending) >= batch:
            for row in flush():
                count += 1
                yield row
            pending = []
            if progress is not None:
                progress(count)
    if pending:
        for row in flush():
            count += 1
            yield row
    if progress is not None:
        progress(count)


def export_residents(
    records: RecordRepository,
    resident_ids: Iterable[str],
    out: Path,
    *,
    fmt: str,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the given residents (a filtered list, in its order) to one CSV or XLSX file.

    Returns how many were written. If ``progress`` raises, the destination is
    left as it was.
    """
    header = columns(Kind.RESIDENT)
    body = resident_rows(records, resident_ids, progress=progress)
    if fmt == "csv":
        return _write_csv(out, header, body)
    if fmt != "xlsx":
        raise ValueError(f"unknown export format {fmt!r}")
    from openpyxl import Workbook

    out.parent.mkdir(parents=True, exist_ok=True)
    with _spill_beside(out):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=Kind.RESIDENT.value)
        sheet.append(header)
        count = 0
        try:
            for row in body:
                sheet.append(row)
                count += 1
        except BaseException:
            with suppress(Exception):
                sheet.close()
            raise
        fd, tmp = _atomic_target(out)
        os.close(fd)
        try:
            workbook.save(tmp)
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
            os.replace(tmp, out)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    return count
