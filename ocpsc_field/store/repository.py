"""Reading and writing records: validated, revisioned, journaled, never half-written.

Each write validates first and changes nothing when the input is bad. The
record row and its journal op are written in one transaction. Deletes are
tombstones: a record is never removed from the device, so an unsynced record
can never be lost by a delete.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ocpsc_field.core import hlc
from ocpsc_field.core.clock import now_iso
from ocpsc_field.core.ids import new_id
from ocpsc_field.core.records import (
    APPEND_ONLY_KINDS,
    ENVELOPE_FIELDS,
    JSON_TYPES,
    FieldType,
    Kind,
    fields_of,
)
from ocpsc_field.core.text import N_, Message
from ocpsc_field.core.validation import check_transition, validate
from ocpsc_field.store import journal, settings
from ocpsc_field.store.db import Database
from ocpsc_field.store.errors import RecordNotFound, RecordRejected, StaleRecord


@dataclass(frozen=True)
class Actor:
    """Who is writing, and on which device: stamped on every record and op."""

    user: str
    device: str


@dataclass
class SaveResult:
    """The outcome of a write: the stored record, or per-field messages and no change."""

    record: dict[str, Any] | None = None
    errors: dict[str, Message] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.record is not None and not self.errors


def to_row(kind: Kind, values: Mapping[str, Any]) -> dict[str, Any]:
    """Convert validated values to SQLite column values."""
    types = {spec.name: spec.type for spec in fields_of(kind)}
    row: dict[str, Any] = {}
    for name, value in values.items():
        kind_of = types.get(name)
        if value is None:
            row[name] = None
        elif kind_of in JSON_TYPES:
            row[name] = json.dumps(value, ensure_ascii=False, sort_keys=True)
        elif kind_of is FieldType.BOOLEAN:
            row[name] = 1 if value else 0
        else:
            row[name] = value
    return row


def from_row(kind: Kind, row: Mapping[str, Any]) -> dict[str, Any]:
    """Convert a stored row back to record values."""
    types = {spec.name: spec.type for spec in fields_of(kind)}
    record: dict[str, Any] = {}
    for name, value in row.items():
        kind_of = types.get(name)
        if value is None:
            record[name] = None
        elif kind_of in JSON_TYPES:
            record[name] = json.loads(value)
        elif kind_of is FieldType.BOOLEAN or name == "deleted":
            record[name] = bool(value)
        else:
            record[name] = value
    return record


class Clock:
    """The device's hybrid logical clock, persisted in settings."""

    KEY = "hlc_last"

    def __init__(self, database: Database, device: str) -> None:
        self._database = database
        self._device = device

    def next(self) -> str:
        return self.next_many(1)[0]

    def next_many(self, count: int) -> list[str]:
        """``count`` increasing timestamps; must run inside the writing transaction."""
        stored = settings.get(self._database, self.KEY)
        last = hlc.Timestamp.parse(stored) if stored else None
        now_ms = int(time.time() * 1000)
        stamps = []
        for _ in range(count):
            last = hlc.tick(last, now_ms, self._device)
            stamps.append(str(last))
        self._database.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (self.KEY, stamps[-1]),
        )
        return stamps


class RecordRepository:
    """All record kinds, through one narrow interface."""

    def __init__(self, database: Database, actor: Actor) -> None:
        self.database = database
        self.actor = actor
        self._clock = Clock(database, actor.device)

    # -- reading -----------------------------------------------------------------
    def get(self, kind: Kind, record_id: str, *, include_deleted: bool = False) -> dict[str, Any]:
        rows = self.database.query(f"SELECT * FROM {kind.value} WHERE id = ?", (record_id,))
        if not rows or (rows[0]["deleted"] and not include_deleted):
            raise RecordNotFound(Message(N_("That record no longer exists on this device."), {}))
        return from_row(kind, rows[0])

    def count(self, kind: Kind, *, include_deleted: bool = False) -> int:
        where = "" if include_deleted else " WHERE deleted = 0"
        return int(self.database.scalar(f"SELECT count(*) FROM {kind.value}{where}"))

    def iter_all(self, kind: Kind, *, batch: int = 2000) -> Iterator[dict[str, Any]]:
        """Every live record of a kind, oldest first, read in batches."""
        last_rowid = 0
        while True:
            rows = self.database.query(
                f"SELECT rowid AS _rowid, * FROM {kind.value} WHERE rowid > ? AND deleted = 0 "
                "ORDER BY rowid LIMIT ?",
                (last_rowid, batch),
            )
            if not rows:
                return
            for row in rows:
                last_rowid = row.pop("_rowid")
                yield from_row(kind, row)

    # -- writing -----------------------------------------------------------------
    def create(self, kind: Kind, data: Mapping[str, Any]) -> SaveResult:
        """Validate and store a new record with its journal op, or change nothing."""
        checked = validate(kind, data)
        if not checked.ok:
            return SaveResult(errors=dict(checked.errors))
        row = {**self._new_envelope(), **to_row(kind, checked.values)}
        with self.database.transaction():
            self._insert(kind, row)
            journal.append(
                self.database,
                kind=kind.value,
                record_id=row["id"],
                op="create",
                rev=1,
                fields=dict(checked.values),
                hlc=self._clock.next(),
            )
        return SaveResult(record=from_row(kind, row))

    def create_many(
        self, kind: Kind, items: Sequence[Mapping[str, Any]], *, all_or_nothing: bool = True
    ) -> list[SaveResult]:
        """Validate and store many records in one transaction (imports, demo data).

        With ``all_or_nothing`` a single invalid item means nothing is written;
        otherwise the valid items go in and the invalid ones come back with their
        messages. Either way the result list lines up with ``items``.
        """
        results = []
        rows = []
        for data in items:
            checked = validate(kind, data)
            if not checked.ok:
                results.append(SaveResult(errors=dict(checked.errors)))
                continue
            row = {**self._new_envelope(), **to_row(kind, checked.values)}
            rows.append((row, checked.values))
            results.append(SaveResult(record=from_row(kind, row)))
        if all_or_nothing and len(rows) != len(items):
            return [result if result.errors else SaveResult() for result in results]
        if not rows:
            return results
        names = list(rows[0][0])
        with self.database.transaction():
            self.database.raw.executemany(
                f"INSERT INTO {kind.value} ({', '.join(names)}) "
                f"VALUES ({', '.join('?' for _ in names)})",
                [tuple(row[name] for name in names) for row, _values in rows],
            )
            stamps = self._clock.next_many(len(rows))
            for (row, values), stamp in zip(rows, stamps, strict=True):
                journal.append(
                    self.database,
                    kind=kind.value,
                    record_id=row["id"],
                    op="create",
                    rev=1,
                    fields=dict(values),
                    hlc=stamp,
                )
        return results

    def update(
        self,
        kind: Kind,
        record_id: str,
        changes: Mapping[str, Any],
        *,
        expected_rev: int | None = None,
    ) -> SaveResult:
        """Change some fields of a mutable record; only the changed fields are journaled."""
        if kind in APPEND_ONLY_KINDS:
            raise RecordRejected(
                Message(
                    N_(
                        "Conversations cannot be edited once saved. "
                        "Log a correction that points to the original instead."
                    )
                )
            )
        with self.database.transaction():
            current = self.get(kind, record_id)
            if expected_rev is not None and current["rev"] != expected_rev:
                raise StaleRecord(
                    Message(
                        N_(
                            "This record was changed elsewhere while you were editing. "
                            "Reload it to see the latest version; your edits are kept."
                        )
                    )
                )
            if kind is Kind.ENROLLMENT and isinstance(changes.get("status"), str):
                refused = check_transition(current["status"], changes["status"])
                if refused is not None:
                    return SaveResult(errors={"status": refused})
            checked = validate(kind, changes, partial=True, current=current)
            if not checked.ok:
                return SaveResult(errors=dict(checked.errors))
            changed = {
                name: value for name, value in checked.values.items() if current.get(name) != value
            }
            if not changed:
                return SaveResult(record=current)

            rev = current["rev"] + 1
            row = {**to_row(kind, changed), "rev": rev, "updated_at": now_iso()}
            assignments = ", ".join(f"{name} = ?" for name in row)
            self.database.execute(
                f"UPDATE {kind.value} SET {assignments} WHERE id = ?", (*row.values(), record_id)
            )
            journal.append(
                self.database,
                kind=kind.value,
                record_id=record_id,
                op="update",
                rev=rev,
                fields=dict(changed),
                hlc=self._clock.next(),
            )
            return SaveResult(record={**current, **from_row(kind, row)})

    def delete(self, kind: Kind, record_id: str) -> dict[str, Any]:
        """Tombstone a record. It stays on the device and its deletion is journaled."""
        with self.database.transaction():
            current = self.get(kind, record_id)
            return self._set_tombstone(kind, current, deleted=True)

    def restore(self, kind: Kind, record_id: str) -> dict[str, Any]:
        """Undo a delete: lift the tombstone. Journaled as an update of ``deleted``."""
        with self.database.transaction():
            current = self.get(kind, record_id, include_deleted=True)
            if not current["deleted"]:
                return current
            return self._set_tombstone(kind, current, deleted=False)

    def _set_tombstone(
        self, kind: Kind, current: dict[str, Any], *, deleted: bool
    ) -> dict[str, Any]:
        rev = current["rev"] + 1
        now = now_iso()
        self.database.execute(
            f"UPDATE {kind.value} SET deleted = ?, rev = ?, updated_at = ? WHERE id = ?",
            (1 if deleted else 0, rev, now, current["id"]),
        )
        journal.append(
            self.database,
            kind=kind.value,
            record_id=current["id"],
            op="delete" if deleted else "update",
            rev=rev,
            fields={} if deleted else {"deleted": False},
            hlc=self._clock.next(),
        )
        return {**current, "deleted": deleted, "rev": rev, "updated_at": now}

    def put_reference(self, kind: Kind, record: Mapping[str, Any]) -> None:
        """Store reference data as published by HQ (HQ wins; not journaled)."""
        checked = validate(kind, {k: v for k, v in record.items() if k not in ENVELOPE_FIELDS})
        if not checked.ok:
            raise RecordRejected(
                Message(
                    N_("HQ sent a {kind} record that does not pass validation."),
                    {"kind": kind.value},
                ),
                checked.errors,
            )
        now = now_iso()
        row = {
            "id": record.get("id") or new_id(),
            "created_at": record.get("created_at") or now,
            "updated_at": record.get("updated_at") or now,
            "created_by": record.get("created_by") or "hq",
            "origin_device": record.get("origin_device") or "hq",
            "rev": int(record.get("rev") or 1),
            "deleted": 1 if record.get("deleted") else 0,
            **to_row(kind, checked.values),
        }
        names = list(row)
        updates = ", ".join(f"{name} = excluded.{name}" for name in names if name != "id")
        with self.database.transaction():
            self.database.execute(
                f"INSERT INTO {kind.value} ({', '.join(names)}) "
                f"VALUES ({', '.join('?' for _ in names)}) "
                f"ON CONFLICT(id) DO UPDATE SET {updates}",
                tuple(row.values()),
            )

    # -- helpers -----------------------------------------------------------------
    def _new_envelope(self) -> dict[str, Any]:
        now = now_iso()
        return {
            "id": new_id(),
            "created_at": now,
            "updated_at": now,
            "created_by": self.actor.user,
            "origin_device": self.actor.device,
            "rev": 1,
            "deleted": 0,
        }

    def _insert(self, kind: Kind, row: Mapping[str, Any]) -> None:
        names = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self.database.execute(
            f"INSERT INTO {kind.value} ({names}) VALUES ({marks})", tuple(row.values())
        )
