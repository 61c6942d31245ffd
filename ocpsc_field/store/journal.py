"""The change journal (outbox): what sync reads and sends to HQ.

Every local write appends one op here inside the same transaction as the
record itself. Ops leave the journal only when HQ acknowledges them; an op HQ
rejects is quarantined with its reason and does not block the ops behind it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ocpsc_field.core.clock import now_iso
from ocpsc_field.store.db import Database


@dataclass(frozen=True)
class JournalOp:
    op_id: int
    kind: str
    record_id: str
    op: str
    rev: int
    fields: dict[str, Any]
    hlc: str
    created_at: str
    state: str
    reason: str | None


def append(
    database: Database,
    *,
    kind: str,
    record_id: str,
    op: str,
    rev: int,
    fields: dict[str, Any],
    hlc: str,
) -> int:
    """Add one op; must run inside the transaction that wrote the record."""
    if not database.raw.in_transaction:
        raise RuntimeError("journal.append must run inside the record's transaction")
    cursor = database.execute(
        "INSERT INTO journal (kind, record_id, op, rev, fields, hlc, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            kind,
            record_id,
            op,
            rev,
            json.dumps(fields, ensure_ascii=False, sort_keys=True),
            hlc,
            now_iso(),
        ),
    )
    return int(cursor.lastrowid)


def pending_count(database: Database) -> int:
    """Ops not yet acknowledged by HQ, quarantined ones included."""
    return int(database.scalar("SELECT count(*) FROM journal"))


def quarantined_count(database: Database) -> int:
    return int(database.scalar("SELECT count(*) FROM journal WHERE state = 'quarantined'"))


def ops(database: Database, *, after: int = 0, limit: int = 1000) -> list[JournalOp]:
    rows = database.query(
        "SELECT * FROM journal WHERE op_id > ? ORDER BY op_id LIMIT ?", (after, limit)
    )
    return [JournalOp(**{**row, "fields": json.loads(row["fields"])}) for row in rows]


def ops_for(database: Database, kind: str, record_id: str) -> list[JournalOp]:
    rows = database.query(
        "SELECT * FROM journal WHERE kind = ? AND record_id = ? ORDER BY op_id",
        (kind, record_id),
    )
    return [JournalOp(**{**row, "fields": json.loads(row["fields"])}) for row in rows]
