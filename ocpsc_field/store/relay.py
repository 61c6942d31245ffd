"""Bundles a coordinator collected from other laptops, queued in the encrypted profile.

The coordinator's laptop holds each bundle as the sealed bytes it was given:
it can read the header (who sent how many records, when) but not the records,
because only HQ has the key. A bundle is named by the SHA-256 of its bytes, so
collecting the same file twice stores it once. Once HQ has a bundle its bytes
are dropped and its report (applied, duplicate, rejected) is kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ocpsc_field.core.clock import now_iso
from ocpsc_field.store.db import Database

QUEUED = "queued"
UPLOADED = "uploaded"
REFUSED = "refused"  # HQ will never accept it (tampered, wrong key...); ``problem`` says why


@dataclass(frozen=True)
class RelayBundle:
    """One collected bundle, without its bytes."""

    id: str
    sender_device: str
    sender_user: str
    op_id_from: int
    op_id_to: int
    record_count: int
    made_at: str
    hq_key_id: str
    size: int
    state: str
    collected_at: str
    uploaded_at: str | None
    report: dict[str, Any] | None
    problem: str | None


_COLUMNS = (
    "id, sender_device, sender_user, op_id_from, op_id_to, record_count, made_at, hq_key_id, "
    "size, state, collected_at, uploaded_at, report, problem"
)


def _bundle(row: dict[str, Any]) -> RelayBundle:
    report = json.loads(row["report"]) if row["report"] else None
    return RelayBundle(**{**row, "report": report})


def add(database: Database, bundle_id: str, header: dict[str, Any], data: bytes) -> bool:
    """Queue a bundle; False if it was already collected (and is queued or uploaded).

    A bundle HQ refused before is queued again, in case what HQ lacked (the
    sender's key, say) has since arrived.
    """
    with database.transaction():
        state = database.scalar("SELECT state FROM relay_bundle WHERE id = ?", (bundle_id,))
        if state in (QUEUED, UPLOADED):
            return False
        if state == REFUSED:
            database.execute(
                "UPDATE relay_bundle SET state = ?, problem = NULL, data = ? WHERE id = ?",
                (QUEUED, data, bundle_id),
            )
            return True
        database.execute(
            "INSERT INTO relay_bundle (id, sender_device, sender_user, op_id_from, op_id_to, "
            "record_count, made_at, hq_key_id, size, data, state, collected_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                bundle_id,
                header["device_id"],
                header["user"],
                header["op_id_from"],
                header["op_id_to"],
                header["record_count"],
                header["created_at"],
                header["hq_key_id"],
                len(data),
                data,
                QUEUED,
                now_iso(),
            ),
        )
    return True


def get(database: Database, bundle_id: str) -> RelayBundle | None:
    rows = database.query(f"SELECT {_COLUMNS} FROM relay_bundle WHERE id = ?", (bundle_id,))
    return _bundle(rows[0]) if rows else None


def bundles(database: Database, state: str | None = None, limit: int = 500) -> list[RelayBundle]:
    """Collected bundles, newest first, optionally only those in ``state``."""
    where, params = ("WHERE state = ?", (state,)) if state else ("", ())
    rows = database.query(
        f"SELECT {_COLUMNS} FROM relay_bundle {where} ORDER BY collected_at DESC, id LIMIT ?",
        (*params, limit),
    )
    return [_bundle(row) for row in rows]


def queued_ids(database: Database) -> list[str]:
    """Bundles still to upload, oldest first."""
    return [
        row["id"]
        for row in database.query(
            "SELECT id FROM relay_bundle WHERE state = ? ORDER BY collected_at, id", (QUEUED,)
        )
    ]


def data_of(database: Database, bundle_id: str) -> bytes | None:
    value = database.scalar("SELECT data FROM relay_bundle WHERE id = ?", (bundle_id,))
    return bytes(value) if value is not None else None


def mark_uploaded(database: Database, bundle_id: str, report: dict[str, Any]) -> None:
    """HQ has the bundle: keep its report, drop its bytes."""
    with database.transaction():
        database.execute(
            "UPDATE relay_bundle SET state = ?, uploaded_at = ?, report = ?, data = NULL, "
            "problem = NULL WHERE id = ?",
            (UPLOADED, now_iso(), json.dumps(report, ensure_ascii=False), bundle_id),
        )


def mark_refused(database: Database, bundle_id: str, problem: str) -> None:
    """HQ will not take the bundle as it is; keep it and the reason for the coordinator."""
    with database.transaction():
        database.execute(
            "UPDATE relay_bundle SET state = ?, problem = ? WHERE id = ?",
            (REFUSED, problem, bundle_id),
        )


def counts(database: Database) -> dict[str, int]:
    """How many bundles are queued, uploaded and refused."""
    found = {QUEUED: 0, UPLOADED: 0, REFUSED: 0}
    for row in database.query("SELECT state, count(*) AS n FROM relay_bundle GROUP BY state"):
        found[row["state"]] = row["n"]
    return found
