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
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ocpsc_field.core.records import ENVELOPE_FIELDS, FieldType, Kind, fields_of
from ocpsc_field.store.repository import RecordRepository

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


def rows(records: RecordRepository, kind: Kind) -> Iterator[list[Any]]:
    types = {spec.name: spec.type for spec in fields_of(kind)}
    names = columns(kind)
    for record in records.iter_all(kind):
        yield [cell(record.get(name), types.get(name)) for name in names]


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
    tempfile.tempdir = str(path.parent)
    try:
        yield
    finally:
        tempfile.tempdir = previous


def _write_xlsx(path: Path, records: RecordRepository, kinds: list[Kind]) -> list[int]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with _spill_beside(path):
        return _build_xlsx(path, records, kinds)


def _build_xlsx(path: Path, records: RecordRepository, kinds: list[Kind]) -> list[int]:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    counts = []
    for kind in kinds:
        sheet = workbook.create_sheet(title=kind.value)
        sheet.append(columns(kind))
        count = 0
        for row in rows(records, kind):
            sheet.append(row)
            count += 1
        counts.append(count)
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
    records: RecordRepository, out: Path, *, fmt: str, kinds: list[Kind]
) -> list[tuple[Path, int]]:
    """Write the live records of ``kinds``; returns (file, record count) pairs."""
    if fmt == "xlsx":
        counts = _write_xlsx(out, records, kinds)
        return [(out, sum(counts))]
    if fmt != "csv":
        raise ValueError(f"unknown export format {fmt!r}")
    if len(kinds) == 1 and out.suffix.lower() == ".csv":
        return [(out, _write_csv(out, columns(kinds[0]), rows(records, kinds[0])))]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in kinds:
        target = out / f"{kind.value}.csv"
        written.append((target, _write_csv(target, columns(kind), rows(records, kind))))
    return written
