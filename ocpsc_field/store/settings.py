"""Per-profile settings kept inside the encrypted database."""

from __future__ import annotations

from ocpsc_field.store.db import Database


def get(database: Database, key: str, default: str | None = None) -> str | None:
    value = database.scalar("SELECT value FROM settings WHERE key = ?", (key,))
    return default if value is None else str(value)


def put(database: Database, key: str, value: str) -> None:
    with database.transaction():
        database.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
