"""Opening a profile: unlock, migrate, and hand out the narrow parts callers need."""

from __future__ import annotations

import platform
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ocpsc_field.core.ids import new_id
from ocpsc_field.core.records import Kind
from ocpsc_field.store import journal, migrations, profile, settings
from ocpsc_field.store.db import Database
from ocpsc_field.store.drafts import DraftStore
from ocpsc_field.store.repository import Actor, RecordRepository
from ocpsc_field.store.search import ResidentSearch

CONFLICTS_OPEN = "sync.conflicts_open"  # HQ's unreviewed conflicts, as of the last exchange

DEFAULT_USER = "field-user"


@dataclass
class OpenProfile:
    """An unlocked profile. Close it to checkpoint the WAL and drop the key."""

    folder: Path
    database: Database
    actor: Actor
    records: RecordRepository
    residents: ResidentSearch
    drafts: DraftStore

    def status(self) -> dict[str, Any]:
        """Counts per record kind and unsynced journal entries, for ``status`` and the UI."""
        counts = {kind.value: self.records.count(kind) for kind in Kind}
        return {
            "profile": str(self.folder),
            "schema_version": migrations.current_version(self.database),
            "device_id": self.actor.device,
            "user": self.actor.user,
            "records": counts,
            "deleted_records": {
                kind.value: self.records.count(kind, include_deleted=True) - counts[kind.value]
                for kind in Kind
            },
            "unsynced_journal_entries": journal.pending_count(self.database),
            "quarantined_journal_entries": journal.quarantined_count(self.database),
            "pending_journal_entries": journal.pending_count(self.database)
            - journal.quarantined_count(self.database),
            "conflicts_open": _count_or_none(settings.get(self.database, CONFLICTS_OPEN)),
        }

    def close(self) -> None:
        self.database.close()

    def __enter__(self) -> OpenProfile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _count_or_none(value: str | None) -> int | None:
    """None until HQ has said how many conflicts are open."""
    return int(value) if value and value.isdigit() else None


def init_profile(
    folder: Path, passphrase: str, *, user: str = DEFAULT_USER, device_name: str | None = None
) -> None:
    """Create a profile, give this device its id, and build the current schema."""
    profile.create(folder, passphrase)
    database = profile.open_database(folder, passphrase)
    try:
        migrations.migrate(database)
        with database.transaction():
            for key, value in (
                ("device_id", new_id()),
                ("device_name", device_name or platform.node() or "field-laptop"),
                ("user", user),
            ):
                database.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (key, value))
    finally:
        database.close()


def open_profile(folder: Path, passphrase: str) -> OpenProfile:
    """Unlock a profile and bring its schema up to date."""
    database = profile.open_database(folder, passphrase)
    try:
        migrations.migrate(database)
        device = settings.get(database, "device_id") or ""
        user = settings.get(database, "user") or DEFAULT_USER
    except BaseException:
        database.close()
        raise
    actor = Actor(user=user, device=device)
    return OpenProfile(
        folder=folder,
        database=database,
        actor=actor,
        records=RecordRepository(database, actor),
        residents=ResidentSearch(database),
        drafts=DraftStore(database, actor.user),
    )
