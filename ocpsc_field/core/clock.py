"""Time in UTC, and one place to read it, so tests and sync agree on the format."""

from __future__ import annotations

from datetime import UTC, date, datetime


def utc_now() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def iso_utc(moment: datetime) -> str:
    """Format an aware datetime as ISO 8601 in UTC with millisecond precision and 'Z'."""
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous; pass an aware datetime")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def now_iso() -> str:
    """The current UTC time as stored in records (``2026-11-21T12:00:00.000Z``)."""
    return iso_utc(utc_now())


def parse_iso_utc(text: str) -> datetime:
    """Parse a stored UTC timestamp back into an aware datetime."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"timestamp without a zone: {text!r}")
    return moment.astimezone(UTC)


def today_utc() -> date:
    """Today's date in UTC; callers that need the local date pass it explicitly."""
    return utc_now().date()
