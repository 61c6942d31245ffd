"""Conversations (contact logs) as the field user sees them: today's, due, counted, sent or not.

Every query here is about one user's own conversations ("my conversations"),
reads times as stored (UTC ISO text, which sorts as time does) and takes local
calendar days as explicit UTC bounds, so callers decide which zone "today" is
in. The sync state of a record is read from the journal: ops still there mean
"saved on this laptop", none means "sent", a quarantined op means "needs
attention".
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from ocpsc_field.core.clock import iso_utc
from ocpsc_field.core.geo import normalize_county
from ocpsc_field.core.records import OUTCOMES, Kind
from ocpsc_field.store import resource_directory
from ocpsc_field.store.db import Database
from ocpsc_field.store.drafts import DraftStore
from ocpsc_field.store.repository import RecordRepository, SaveResult, from_row
from ocpsc_field.store.search import LIST_COLUMNS

DRAFT_FORM = "conversation"
PAGE_SIZE = 200

SAVED, SENT, ATTENTION = "saved", "sent", "attention"

_RESIDENT_COLUMNS = (
    "r.given_name, r.family_name, r.preferred_name, r.preferred_language AS resident_language"
)
_JOURNAL_STATE = (
    "(SELECT count(*) FROM journal j WHERE j.kind = 'contact_log' AND j.record_id = c.id)"
    " AS pending_ops, "
    "(SELECT count(*) FROM journal j WHERE j.kind = 'contact_log' AND j.record_id = c.id"
    " AND j.state = 'quarantined') AS quarantined_ops, "
    "(SELECT j.reason FROM journal j WHERE j.kind = 'contact_log' AND j.record_id = c.id"
    " AND j.state = 'quarantined' ORDER BY j.op_id LIMIT 1) AS attention_reason"
)


# --- days and zones -----------------------------------------------------------------------


def local_midnight(day: date, zone: tzinfo | None = None) -> datetime:
    """The start of ``day`` in ``zone``; None means this computer's zone, daylight time included."""
    if zone is None:
        return datetime.combine(day, time.min).astimezone()
    return datetime.combine(day, time.min, tzinfo=zone)


def local_day_bounds(first: date, last: date, zone: tzinfo | None = None) -> tuple[str, str]:
    """UTC bounds [start, end) of the local days ``first`` to ``last``, as stored text."""
    start = local_midnight(first, zone)
    end = local_midnight(last + timedelta(days=1), zone)
    return iso_utc(start), iso_utc(end)


def week_start(day: date) -> date:
    """The Monday of ``day``'s week (ISO weeks, as HQ's reports count them)."""
    return day - timedelta(days=day.weekday())


# --- lists ----------------------------------------------------------------------------------


def _conversation_row(row: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(row)
    out["programs_discussed"] = json.loads(row["programs_discussed"] or "[]")
    out["anonymous_household"] = bool(row["anonymous_household"])
    if "corrected" in out:
        out["corrected"] = bool(row["corrected"])
    if row.get("quarantined_ops"):
        out["sync_state"] = ATTENTION
    elif row.get("pending_ops"):
        out["sync_state"] = SAVED
    else:
        out["sync_state"] = SENT
    return out


def _filters(start: str | None, end: str | None, outcome: str | None) -> tuple[str, list[Any]]:
    sql, params = "", []
    if start is not None:
        sql += " AND c.occurred_at >= ?"
        params.append(start)
    if end is not None:
        sql += " AND c.occurred_at < ?"
        params.append(end)
    if outcome is not None:
        sql += " AND c.outcome = ?"
        params.append(outcome)
    return sql, params


def conversations(
    database: Database,
    user: str,
    *,
    start: str | None = None,
    end: str | None = None,
    outcome: str | None = None,
    before: tuple[str, str] | None = None,
    limit: int = PAGE_SIZE,
) -> list[dict[str, Any]]:
    """``user``'s conversations, newest first, with resident names and sync state.

    ``start``/``end`` are UTC bounds (see ``local_day_bounds``). ``before`` is
    the (occurred_at, id) of the last row already shown: the next page starts
    after it, so pages never overlap or skip when new records arrive.
    """
    filters, params = _filters(start, end, outcome)
    if before is not None:
        filters += " AND (c.occurred_at < ? OR (c.occurred_at = ? AND c.id < ?))"
        params += [before[0], before[0], before[1]]
    rows = database.query(
        "SELECT c.id, c.occurred_at, c.channel, c.outcome, c.language, c.programs_discussed, "
        "c.resident_id, c.anonymous_household, c.follow_up_date, c.corrects_id, "
        f"{_RESIDENT_COLUMNS}, {_JOURNAL_STATE}, "
        "EXISTS (SELECT 1 FROM contact_log x WHERE x.corrects_id = c.id AND x.deleted = 0)"
        " AS corrected "
        "FROM contact_log c LEFT JOIN resident r ON r.id = c.resident_id "
        f"WHERE c.deleted = 0 AND c.created_by = ?{filters} "
        "ORDER BY c.occurred_at DESC, c.id DESC LIMIT ?",
        [user, *params, limit],
    )
    return [_conversation_row(row) for row in rows]


def count_conversations(
    database: Database,
    user: str,
    *,
    start: str | None = None,
    end: str | None = None,
    outcome: str | None = None,
) -> int:
    filters, params = _filters(start, end, outcome)
    return int(
        database.scalar(
            f"SELECT count(*) FROM contact_log c WHERE c.deleted = 0 AND c.created_by = ?{filters}",
            [user, *params],
        )
    )


def outcome_counts(database: Database, user: str, start: str, end: str) -> dict[str, int]:
    """How many of ``user``'s conversations ended each way between the bounds; zeros included."""
    counts = dict.fromkeys(OUTCOMES, 0)
    rows = database.query(
        "SELECT outcome, count(*) AS n FROM contact_log WHERE deleted = 0 AND created_by = ? "
        "AND occurred_at >= ? AND occurred_at < ? GROUP BY outcome",
        (user, start, end),
    )
    for row in rows:
        counts[row["outcome"]] = int(row["n"])
    return counts


def follow_ups_due(
    database: Database, user: str, on_or_before: date, *, limit: int = 50
) -> list[dict[str, Any]]:
    """Follow-ups ``user`` booked for ``on_or_before`` or earlier that are still open.

    A follow-up is done once anyone logs a later conversation with the same
    resident; a corrected conversation is replaced by its correction.
    """
    rows = database.query(
        "SELECT c.id, c.occurred_at, c.outcome, c.resident_id, c.follow_up_date, "
        f"c.consent_follow_up, {_RESIDENT_COLUMNS}, r.phone "
        "FROM contact_log c JOIN resident r ON r.id = c.resident_id AND r.deleted = 0 "
        "WHERE c.deleted = 0 AND c.created_by = ? AND c.follow_up_date IS NOT NULL "
        "AND c.follow_up_date <= ? "
        "AND NOT EXISTS (SELECT 1 FROM contact_log x WHERE x.corrects_id = c.id AND x.deleted = 0) "
        "AND NOT EXISTS (SELECT 1 FROM contact_log later WHERE later.resident_id = c.resident_id "
        "AND later.deleted = 0 AND later.occurred_at > c.occurred_at) "
        "ORDER BY c.follow_up_date, c.occurred_at LIMIT ?",
        (user, on_or_before.isoformat(), limit),
    )
    return [{**row, "consent_follow_up": bool(row["consent_follow_up"])} for row in rows]


def sync_state(database: Database, record_id: str) -> tuple[str, str | None]:
    """Where one conversation stands: (SAVED | SENT | ATTENTION, quarantine reason)."""
    rows = database.query(
        "SELECT state, reason FROM journal WHERE kind = ? AND record_id = ? ORDER BY op_id",
        (Kind.CONTACT_LOG.value, record_id),
    )
    quarantined = [row for row in rows if row["state"] == "quarantined"]
    if quarantined:
        return ATTENTION, quarantined[0]["reason"]
    return (SAVED if rows else SENT), None


# --- what the form suggests first -----------------------------------------------------------


def residents_seen(
    database: Database, user: str, start: str, end: str, *, limit: int = 10
) -> list[dict[str, Any]]:
    """Residents ``user`` logged conversations with between the bounds, latest first."""
    columns = ", ".join("r." + name.strip() for name in LIST_COLUMNS.split(","))
    return database.query(
        f"SELECT {columns}, max(c.occurred_at) AS seen_at FROM contact_log c "
        "JOIN resident r ON r.id = c.resident_id AND r.deleted = 0 "
        "WHERE c.deleted = 0 AND c.created_by = ? AND c.occurred_at >= ? AND c.occurred_at < ? "
        "GROUP BY r.id ORDER BY seen_at DESC LIMIT ?",
        (user, start, end, limit),
    )


def resident_row(database: Database, resident_id: str) -> dict[str, Any] | None:
    """One resident with the columns lists show, or None if it is gone."""
    rows = database.query(
        f"SELECT {LIST_COLUMNS} FROM resident WHERE id = ? AND deleted = 0", (resident_id,)
    )
    return rows[0] if rows else None


def programs_by_use(database: Database, user: str) -> list[dict[str, Any]]:
    """Active programs, the ones ``user`` discusses most first; ``uses`` counts them."""
    rows = database.query(
        "SELECT p.id, p.code, p.name, coalesce(u.uses, 0) AS uses FROM program p "
        "LEFT JOIN (SELECT e.value AS program_id, count(*) AS uses FROM contact_log c, "
        "json_each(c.programs_discussed) e WHERE c.deleted = 0 AND c.created_by = ? "
        "GROUP BY e.value) u ON u.program_id = p.id "
        "WHERE p.deleted = 0 AND coalesce(p.active, 1) = 1 ORDER BY uses DESC, p.code",
        (user,),
    )
    return [{**row, "name": json.loads(row["name"] or "{}")} for row in rows]


def program_labels(database: Database) -> dict[str, dict[str, str]]:
    """Every program's names by language, inactive ones too (old records name them)."""
    rows = database.query("SELECT id, name FROM program")
    return {row["id"]: json.loads(row["name"] or "{}") for row in rows}


def materials_by_use(database: Database, user: str, *, limit: int = 8) -> list[str]:
    """The materials ``user`` leaves most often, most used first."""
    rows = database.query(
        "SELECT e.value AS material, count(*) AS uses, max(c.occurred_at) AS last_used "
        "FROM contact_log c, json_each(c.materials_left) e "
        "WHERE c.deleted = 0 AND c.created_by = ? "
        "GROUP BY e.value ORDER BY uses DESC, last_used DESC LIMIT ?",
        (user, limit),
    )
    return [str(row["material"]) for row in rows]


def last_language(database: Database, user: str) -> str | None:
    """The language of ``user``'s most recent conversation."""
    value = database.scalar(
        "SELECT language FROM contact_log WHERE deleted = 0 AND created_by = ? "
        "ORDER BY occurred_at DESC, id DESC LIMIT 1",
        (user,),
    )
    return str(value) if value else None


# --- referrals -----------------------------------------------------------------------------


def find_referrals(database: Database, text: str, *, limit: int = 12) -> list[dict[str, Any]]:
    """Resources to refer to, by name or service, and by county when the text ends with one.

    "food fresno" finds food resources in Fresno County; "Los Angeles" alone
    lists that county's resources.
    """
    words = text.split()
    for split in range(len(words)):
        county = normalize_county(" ".join(words[split:]))
        if county is not None:
            rest = " ".join(words[:split])
            found = resource_directory.search_resources(database, rest, county=county, limit=limit)
            if found:
                return found
    if not words:
        return []
    return resource_directory.search_resources(database, text, limit=limit)


def resources_by_id(database: Database, ids: Sequence[str]) -> list[dict[str, Any]]:
    """The resources with these ids, in the order given (missing ones left out)."""
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    rows = database.query(f"SELECT * FROM resource WHERE id IN ({marks})", list(ids))
    by_id = {row["id"]: from_row(Kind.RESOURCE, row) for row in rows}
    return [by_id[item] for item in ids if item in by_id]


# --- saving ---------------------------------------------------------------------------------


def save_conversation(
    database: Database,
    records: RecordRepository,
    drafts: DraftStore,
    data: Mapping[str, Any],
    *,
    draft_id: str | None = None,
) -> SaveResult:
    """Store a conversation and delete its draft in one transaction.

    Bad input changes nothing and keeps the draft; a crash in between leaves
    either the draft or the record, never neither and never both.
    """
    with database.transaction():
        result = records.create(Kind.CONTACT_LOG, data)
        if result.ok and draft_id is not None:
            drafts.discard(draft_id)
    return result
