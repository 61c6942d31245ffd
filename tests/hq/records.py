"""Valid field values for each kind HQ receives, as a device would send them."""

from __future__ import annotations

from typing import Any


def resident(**overrides: Any) -> dict[str, Any]:
    return {"given_name": "Ana", "family_name": "López", "preferred_language": "es", **overrides}


def contact_log(resident_id: str | None = None, **overrides: Any) -> dict[str, Any]:
    who = {"resident_id": resident_id} if resident_id else {"anonymous_household": True}
    return {
        "occurred_at": "2026-01-15T18:30:00.000Z",
        "channel": "door",
        "language": "es",
        "outcome": "reached",
        **who,
        **overrides,
    }


def enrollment(resident_id: str, program_id: str, **overrides: Any) -> dict[str, Any]:
    return {
        "resident_id": resident_id,
        "program_id": program_id,
        "status": "started",
        "started_on": "2026-01-15",
        **overrides,
    }
