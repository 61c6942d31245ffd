"""Drafts: forms in progress, saved as the user types so nothing typed is ever lost.

A draft is a JSON payload of whatever the form holds, valid or not. It lives
in the encrypted database (never in a plain file), is not journaled and never
leaves the device. Saving the finished record and deleting its draft happen in
one transaction, so a crash can leave a draft or a record, never neither.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ocpsc_field.core.clock import now_iso
from ocpsc_field.core.ids import new_id
from ocpsc_field.store.db import Database


@dataclass(frozen=True)
class Draft:
    id: str
    form: str
    target_id: str | None
    payload: dict[str, Any]
    created_by: str
    created_at: str
    updated_at: str


class DraftStore:
    """Drafts of one user; ``form`` names the kind of form ("conversation", "survey", …)."""

    def __init__(self, database: Database, user: str) -> None:
        self._database = database
        self._user = user

    def save(
        self,
        form: str,
        payload: dict[str, Any],
        *,
        draft_id: str | None = None,
        target_id: str | None = None,
    ) -> str:
        """Create or overwrite a draft; returns its id."""
        now = now_iso()
        draft_id = draft_id or new_id()
        with self._database.transaction():
            self._database.execute(
                "INSERT INTO draft (id, form, target_id, payload, created_by, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                "payload = excluded.payload, target_id = excluded.target_id, "
                "updated_at = excluded.updated_at",
                (
                    draft_id,
                    form,
                    target_id,
                    json.dumps(payload, ensure_ascii=False),
                    self._user,
                    now,
                    now,
                ),
            )
        return draft_id

    def get(self, draft_id: str) -> Draft | None:
        rows = self._database.query("SELECT * FROM draft WHERE id = ?", (draft_id,))
        return self._from_row(rows[0]) if rows else None

    def list(self, form: str | None = None) -> list[Draft]:
        """This user's drafts, most recently edited first."""
        sql = "SELECT * FROM draft WHERE created_by = ?"
        params: list[Any] = [self._user]
        if form is not None:
            sql += " AND form = ?"
            params.append(form)
        rows = self._database.query(sql + " ORDER BY updated_at DESC", params)
        return [self._from_row(row) for row in rows]

    def latest(self, form: str) -> Draft | None:
        drafts = self.list(form)
        return drafts[0] if drafts else None

    def discard(self, draft_id: str) -> None:
        """Delete a draft; call inside the transaction that saves its record."""
        with self._database.transaction():
            self._database.execute("DELETE FROM draft WHERE id = ?", (draft_id,))

    @staticmethod
    def _from_row(row: dict[str, Any]) -> Draft:
        return Draft(**{**row, "payload": json.loads(row["payload"])})
