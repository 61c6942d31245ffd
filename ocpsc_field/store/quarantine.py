"""Quarantined journal ops: list them with their record, and send a fixed one again.

HQ keeps a rejected op's id open: the device may fix the op and resend it under
the same ``op_id`` (docs/sync-protocol.md, "Receipts and idempotency"). After
the user fixed the record, :func:`resend` refreshes the quarantined op's fields
from the record as it is now, checks them with the app's validation, and puts
the op back to ``pending`` so the next sync sends it again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ocpsc_field.core.records import APPEND_ONLY_KINDS, ENVELOPE_FIELDS, Kind, fields_of
from ocpsc_field.core.text import N_, Message
from ocpsc_field.core.validation import validate
from ocpsc_field.store import journal
from ocpsc_field.store.db import Database
from ocpsc_field.store.repository import RecordRepository

GONE = Message(N_("This change is no longer waiting to be sent."))
NOT_QUARANTINED = Message(N_("This change was not refused by HQ, so it is already waiting."))
UNKNOWN_KIND = Message(N_("This kind of record is not known to the app."))


@dataclass(frozen=True)
class Quarantined:
    """One op HQ refused, with the record it belongs to (None if it is no longer here)."""

    op: journal.JournalOp
    record: dict[str, Any] | None

    @property
    def editable(self) -> bool:
        """Whether the user can fix the record itself (conversations are append-only)."""
        try:
            kind = Kind(self.op.kind)
        except ValueError:
            return False
        return self.record is not None and kind not in APPEND_ONLY_KINDS


@dataclass(frozen=True)
class Resent:
    """The outcome of :func:`resend`: ``errors`` empty means the op waits to be sent again."""

    op_id: int
    errors: dict[str, Message]

    @property
    def ok(self) -> bool:
        return not self.errors


def quarantined(
    database: Database, repository: RecordRepository, *, limit: int = 200
) -> list[Quarantined]:
    """The refused ops, oldest first, each with its record as stored now."""
    rows = database.query(
        "SELECT * FROM journal WHERE state = 'quarantined' ORDER BY op_id LIMIT ?", (limit,)
    )
    found = []
    for row in rows:
        op = journal.JournalOp(**{**row, "fields": json.loads(row["fields"])})
        found.append(Quarantined(op, _record(repository, op)))
    return found


def resend(database: Database, repository: RecordRepository, op_id: int) -> Resent:
    """Refresh a quarantined op from its record and queue it again, in one transaction.

    A create takes the whole record; an update takes the record's current value
    of each field it carried; a delete is queued as it was. If the values still
    fail validation the op stays quarantined and the problems are returned.
    """
    with database.transaction():
        rows = database.query("SELECT * FROM journal WHERE op_id = ?", (op_id,))
        if not rows:
            return Resent(op_id, {"_op": GONE})
        op = journal.JournalOp(**{**rows[0], "fields": json.loads(rows[0]["fields"])})
        if op.state != "quarantined":
            return Resent(op_id, {"_op": NOT_QUARANTINED})
        try:
            kind = Kind(op.kind)
        except ValueError:
            return Resent(op_id, {"_op": UNKNOWN_KIND})
        fields = op.fields
        record = _record(repository, op)
        if record is not None and op.op in ("create", "update"):
            names = [spec.name for spec in fields_of(kind)]
            if op.op == "create":
                data = {name: record.get(name) for name in names}
                checked = validate(kind, data)
            else:
                data = {name: record.get(name) for name in names if name in op.fields}
                checked = validate(kind, data, partial=True, current=record)
            if not checked.ok:
                return Resent(op_id, dict(checked.errors))
            fields = {
                name: value for name, value in checked.values.items() if name not in ENVELOPE_FIELDS
            }
        database.execute(
            "UPDATE journal SET state = 'pending', reason = NULL, fields = ? WHERE op_id = ?",
            (json.dumps(fields, ensure_ascii=False, sort_keys=True), op_id),
        )
    return Resent(op_id, {})


def _record(repository: RecordRepository, op: journal.JournalOp) -> dict[str, Any] | None:
    try:
        kind = Kind(op.kind)
    except ValueError:
        return None
    rows = repository.database.query(f"SELECT 1 FROM {kind.value} WHERE id = ?", (op.record_id,))
    if not rows:
        return None
    return repository.get(kind, op.record_id, include_deleted=True)
