"""One resident's story: conversations, enrollments and survey responses, newest first.

Each entry carries its date, what the list needs to say in one line (codes and
names, not sentences: the UI words them in the user's language) and where it
stands with HQ, read from the journal: ops still in the journal are saved on
this device and waiting to be sent; a quarantined op needs attention; no op
means HQ has it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ocpsc_field.core.records import Kind
from ocpsc_field.store.db import Database


class SyncState(StrEnum):
    SAVED = "saved"  # saved on this device, waiting to be sent
    SENT = "sent"  # HQ has it (nothing left in the journal)
    ATTENTION = "attention"  # HQ refused a change; quarantined with a reason


@dataclass(frozen=True)
class Standing:
    """Where one record stands with HQ."""

    state: SyncState
    reason: str | None = None


@dataclass(frozen=True)
class TimelineEntry:
    kind: Kind
    record_id: str
    when: str  # ISO date or UTC timestamp, what the entry is dated by
    details: Mapping[str, Any] = field(default_factory=dict)
    standing: Standing = Standing(SyncState.SENT)


def standings(database: Database, kind: Kind, record_ids: Iterable[str]) -> dict[str, Standing]:
    """The sync state of each record; records with no op in the journal are sent."""
    ids = list(dict.fromkeys(record_ids))
    found = {record_id: Standing(SyncState.SENT) for record_id in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = database.query(
            "SELECT record_id, state, reason FROM journal WHERE kind = ? AND record_id IN "
            f"({', '.join('?' for _ in chunk)}) ORDER BY op_id",
            (kind.value, *chunk),
        )
        for row in rows:
            current = found[row["record_id"]]
            if current.state is SyncState.ATTENTION:
                continue
            if row["state"] == "quarantined":
                found[row["record_id"]] = Standing(SyncState.ATTENTION, row["reason"])
            else:
                found[row["record_id"]] = Standing(SyncState.SAVED)
    return found


def _labels(raw: Any) -> dict[str, str]:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return {}
    return dict(raw) if isinstance(raw, Mapping) else {}


def _list(raw: Any) -> list[str]:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return []
    return [str(item) for item in raw] if isinstance(raw, list) else []


def resident_timeline(database: Database, resident_id: str) -> list[TimelineEntry]:
    """Everything recorded about the resident, newest first (one query per kind)."""
    programs = {
        row["id"]: _labels(row["name"])
        for row in database.query("SELECT id, name FROM program WHERE deleted = 0")
    }
    entries: list[tuple[str, str, TimelineEntry]] = []
    conversations = database.query(
        "SELECT id, occurred_at, channel, language, outcome, programs_discussed, "
        "follow_up_date, corrects_id, created_at FROM contact_log "
        "WHERE resident_id = ? AND deleted = 0",
        (resident_id,),
    )
    enrollments = database.query(
        "SELECT id, program_id, status, started_on, submitted_on, decided_on, created_at "
        "FROM enrollment WHERE resident_id = ? AND deleted = 0",
        (resident_id,),
    )
    responses = database.query(
        "SELECT r.id, r.status, r.language, r.completed_at, r.created_at, s.title "
        "FROM survey_response r LEFT JOIN survey s ON s.id = r.survey_id "
        "WHERE r.resident_id = ? AND r.deleted = 0",
        (resident_id,),
    )
    states = {
        Kind.CONTACT_LOG: standings(database, Kind.CONTACT_LOG, (r["id"] for r in conversations)),
        Kind.ENROLLMENT: standings(database, Kind.ENROLLMENT, (r["id"] for r in enrollments)),
        Kind.SURVEY_RESPONSE: standings(
            database, Kind.SURVEY_RESPONSE, (r["id"] for r in responses)
        ),
    }
    for row in conversations:
        details = {
            "channel": row["channel"],
            "language": row["language"],
            "outcome": row["outcome"],
            "programs": [programs.get(p, {}) for p in _list(row["programs_discussed"])],
            "follow_up_date": row["follow_up_date"],
            "is_correction": row["corrects_id"] is not None,
        }
        entry = TimelineEntry(
            Kind.CONTACT_LOG,
            row["id"],
            row["occurred_at"],
            details,
            states[Kind.CONTACT_LOG][row["id"]],
        )
        entries.append((row["occurred_at"], row["created_at"], entry))
    for row in enrollments:
        # Dated by its latest step, so a decision moves the application to the top.
        when = row["decided_on"] or row["submitted_on"] or row["started_on"]
        details = {
            "program": programs.get(row["program_id"], {}),
            "status": row["status"],
            "started_on": row["started_on"],
        }
        entry = TimelineEntry(
            Kind.ENROLLMENT, row["id"], when, details, states[Kind.ENROLLMENT][row["id"]]
        )
        entries.append((when, row["created_at"], entry))
    for row in responses:
        when = row["completed_at"] or row["created_at"]
        details = {
            "survey": _labels(row["title"]),
            "status": row["status"],
            "language": row["language"],
        }
        entry = TimelineEntry(
            Kind.SURVEY_RESPONSE, row["id"], when, details, states[Kind.SURVEY_RESPONSE][row["id"]]
        )
        entries.append((when, row["created_at"], entry))
    # ISO dates and timestamps sort as text; a bare date sorts before times on that day.
    entries.sort(key=lambda item: (item[0] or "", item[1] or ""), reverse=True)
    return [entry for _when, _created, entry in entries]


def resident_standing(database: Database, resident_id: str) -> Standing:
    """Where the resident's own record stands with HQ."""
    return standings(database, Kind.RESIDENT, [resident_id])[resident_id]
