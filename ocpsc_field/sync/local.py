"""The store steps of a sync: read the outbox, and apply one exchange's answer atomically.

Every function here takes the profile's :class:`Database` and does no network
I/O, so the app can run them on its database thread while the network runs on
another. :func:`apply_exchange` stores all of one exchange's results in ONE
local transaction: if the laptop dies halfway, nothing of it is kept, and the
next sync sends the same ops (same op ids) again, which HQ answers
``duplicate``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ocpsc_field.core import hlc
from ocpsc_field.core.clock import now_iso
from ocpsc_field.core.records import ENVELOPE_FIELDS, REFERENCE_KINDS, Kind, fields_of
from ocpsc_field.core.text import Message
from ocpsc_field.i18n import _, render
from ocpsc_field.store import settings
from ocpsc_field.store.db import Database
from ocpsc_field.store.errors import StoreError
from ocpsc_field.store.repository import Clock, RecordRepository, to_row
from ocpsc_field.sync import enrollment as keys
from ocpsc_field.sync.protocol import (
    APPLIED,
    DUPLICATE,
    MAX_OPS_PER_BATCH,
    REJECTED,
    ExchangeResponse,
    WireOp,
)

HELD = "sync.held"  # downloaded records waiting for the record they point to


@dataclass(frozen=True)
class Outbox:
    """Pending ops after a given op id (quarantined ones are not resent automatically)."""

    ops: list[WireOp]
    more: int  # pending ops after the last one returned


@dataclass(frozen=True)
class Applied:
    """What one exchange changed on this laptop."""

    acknowledged: int
    duplicates: int
    rejected: int
    downloaded: int
    cursors: dict[str, int]


def read_outbox(database: Database, *, after: int = 0, limit: int = MAX_OPS_PER_BATCH) -> Outbox:
    rows = database.query(
        "SELECT op_id, kind, record_id, op, rev, hlc, fields, created_at FROM journal "
        "WHERE state = 'pending' AND op_id > ? ORDER BY op_id LIMIT ?",
        (after, limit),
    )
    ops = [
        WireOp(
            op_id=row["op_id"],
            kind=row["kind"],
            record_id=row["record_id"],
            op=row["op"],
            rev=row["rev"],
            hlc=row["hlc"],
            fields=json.loads(row["fields"]),
            at=row["created_at"],
        )
        for row in rows
    ]
    last = ops[-1].op_id if ops else after
    more = database.scalar(
        "SELECT count(*) FROM journal WHERE state = 'pending' AND op_id > ?", (last,)
    )
    return Outbox(ops, int(more))


def cursors(database: Database, streams: Sequence[str]) -> dict[str, int]:
    return {name: int(settings.get(database, keys.CURSOR_PREFIX + name) or 0) for name in streams}


def pending_by_kind(database: Database) -> dict[str, dict[str, int]]:
    """``{kind: {"pending": n, "quarantined": n}}`` for the ops waiting in the journal."""
    counts: dict[str, dict[str, int]] = {}
    for row in database.query(
        "SELECT kind, state, count(*) AS n FROM journal GROUP BY kind, state ORDER BY kind"
    ):
        counts.setdefault(row["kind"], {"pending": 0, "quarantined": 0})[row["state"]] = row["n"]
    return counts


def quarantined(database: Database, limit: int = 200) -> list[dict[str, Any]]:
    """The ops HQ refused, oldest first, with the reason kept for each."""
    return database.query(
        "SELECT op_id, kind, record_id, op, reason, created_at FROM journal "
        "WHERE state = 'quarantined' ORDER BY op_id LIMIT ?",
        (limit,),
    )


def error_message(error: Mapping[str, Any]) -> Message:
    """A field error from a receipt as a message (counted when HQ sent a plural form)."""
    params = dict(error.get("params") or {})
    plural = error.get("msgid_plural")
    if isinstance(plural, str):
        count_param = str(error.get("count_param") or "count")
        return Message(error["msgid"], params, plural=plural, count_param=count_param)
    return Message(error["msgid"], params)


def reason_text(reason: str | None, message: str | None, errors: Mapping[str, Any] | None) -> str:
    """A readable reason for a refused op, per field in the user's language when HQ said so."""
    if errors:
        parts = []
        for name, error in sorted(errors.items()):
            if isinstance(error, Mapping) and isinstance(error.get("msgid"), str):
                try:
                    text = render(error_message(error))
                except (KeyError, IndexError, ValueError, TypeError):
                    text = str(error.get("text") or error["msgid"])
            else:
                text = str(error)
            parts.append(_("{field}: {problem}").format(field=name, problem=text))
        return " ".join(parts)
    return message or reason or _("HQ did not accept it.")


def apply_exchange(
    database: Database, repository: RecordRepository, response: ExchangeResponse
) -> Applied:
    """Store one exchange's receipts, pages and cursors in one transaction."""
    acknowledged = rejected = downloaded = 0
    new_cursors: dict[str, int] = {}
    with database.transaction():
        done = [r.op_id for r in response.receipts if r.state in (APPLIED, DUPLICATE)]
        for start in range(0, len(done), 500):
            chunk = done[start : start + 500]
            database.execute(
                f"DELETE FROM journal WHERE op_id IN ({', '.join('?' for _ in chunk)})", chunk
            )
        acknowledged = len(done)
        for receipt in response.receipts:
            if receipt.state == REJECTED:
                text = reason_text(receipt.reason, receipt.message, receipt.errors)
                database.execute(
                    "UPDATE journal SET state = 'quarantined', reason = ? WHERE op_id = ?",
                    (text, receipt.op_id),
                )
                rejected += 1
        latest: str | None = None
        held = json.loads(settings.get(database, HELD) or "[]")
        for name in sorted(response.streams, key=_stream_order):
            page = response.streams[name]
            for record in page.records:
                held.extend(_apply_record(database, repository, Kind(name), record))
                downloaded += 1
                stamp = record.get("hlc")
                if isinstance(stamp, str) and (latest is None or stamp > latest):
                    latest = stamp
            new_cursors[name] = page.cursor
            settings.put(database, keys.CURSOR_PREFIX + name, str(page.cursor))
        if held:
            retry, held = held, []
            for kind, record in retry:
                held.extend(_apply_record(database, repository, Kind(kind), record))
        settings.put(database, HELD, json.dumps(held, ensure_ascii=False))
        if latest:
            _receive_clock(database, repository, latest)
    duplicates = sum(1 for receipt in response.receipts if receipt.state == DUPLICATE)
    return Applied(acknowledged, duplicates, rejected, downloaded, new_cursors)


def mark_success(database: Database) -> None:
    settings.put(database, keys.LAST_SUCCESS, now_iso())


def _stream_order(name: str) -> int:
    order = ["organization", "program", "survey", "resource", "resident", "enrollment"]
    return order.index(name) if name in order else len(order)


def _apply_record(
    database: Database, repository: RecordRepository, kind: Kind, record: dict[str, Any]
) -> list[tuple[str, dict[str, Any]]]:
    """Apply one downloaded record; returns it (to hold) if what it points to is missing."""
    if kind in REFERENCE_KINDS:
        try:
            repository.put_reference(kind, {k: v for k, v in record.items() if k != "hlc"})
        except StoreError:
            return []  # HQ sent something this app version cannot read; skip, never block
        return []
    resident_id = record.get("resident_id")
    if resident_id and not database.scalar("SELECT 1 FROM resident WHERE id = ?", (resident_id,)):
        return [(kind.value, record)]
    _merge_field_record(database, kind, record)
    return []


def _merge_field_record(database: Database, kind: Kind, record: dict[str, Any]) -> None:
    """Upsert an organization record without a journal op, keeping fields with unsent edits."""
    names = {spec.name for spec in fields_of(kind)}
    local_edits: set[str] = set()
    for row in database.query(
        "SELECT fields, op FROM journal WHERE kind = ? AND record_id = ?",
        (kind.value, record["id"]),
    ):
        local_edits.update(json.loads(row["fields"]))
        if row["op"] == "delete":
            local_edits.add("deleted")
    values = {k: v for k, v in record.items() if k in names and k not in local_edits}
    row = to_row(kind, values)
    envelope = {k: record[k] for k in ENVELOPE_FIELDS if k in record and k not in local_edits}
    if "deleted" in envelope:
        envelope["deleted"] = 1 if envelope["deleted"] else 0
    row = {**envelope, **row, "id": record["id"]}
    exists = database.scalar(f"SELECT 1 FROM {kind.value} WHERE id = ?", (record["id"],))
    if exists:
        sets = [name for name in row if name != "id"]
        if sets:
            database.execute(
                f"UPDATE {kind.value} SET {', '.join(f'{n} = ?' for n in sets)} WHERE id = ?",
                (*(row[n] for n in sets), record["id"]),
            )
        return
    now = now_iso()
    row = {
        "created_at": now,
        "updated_at": now,
        "origin_device": "hq",
        "rev": 1,
        "deleted": 0,
        **row,
    }
    database.execute(
        f"INSERT INTO {kind.value} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
        tuple(row.values()),
    )


def _receive_clock(database: Database, repository: RecordRepository, remote: str) -> None:
    try:
        seen = hlc.Timestamp.parse(remote)
    except ValueError:
        return
    stored = settings.get(database, Clock.KEY)
    last = hlc.Timestamp.parse(stored) if stored else None
    advanced = hlc.receive(last, seen, int(time.time() * 1000), repository.actor.device)
    settings.put(database, Clock.KEY, str(advanced))


@dataclass(frozen=True)
class Overview:
    """What the Sync page shows, read in one store step."""

    enrolled: keys.Enrollment | None
    last_success: str | None
    pending: dict[str, dict[str, int]]
    quarantined: list[dict[str, Any]]


def overview(database: Database) -> Overview:
    return Overview(
        enrolled=keys.enrolled(database),
        last_success=settings.get(database, keys.LAST_SUCCESS),
        pending=pending_by_kind(database),
        quarantined=quarantined(database),
    )
