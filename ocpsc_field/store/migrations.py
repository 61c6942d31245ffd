"""Numbered, forward-only schema migrations, each applied in one transaction.

A migration is frozen once released: it spells out its own columns rather
than reading ``core.records``, so replaying version 1 in a year still builds
version 1. ``tests/store/test_migrations.py`` keeps a fixture database of each
released version and migrates it to the current one with its data intact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ocpsc_field.core.text import N_, Message
from ocpsc_field.store.db import Database
from ocpsc_field.store.errors import ProfileDamaged

ENVELOPE = {
    "id": str,
    "created_at": str,
    "updated_at": str,
    "created_by": str,
    "origin_device": str,
    "rev": int,
    "deleted": int,
}


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Database], None]


def _record_table(
    database: Database,
    name: str,
    columns: dict[str, type],
    foreign_keys: tuple[tuple[str, str, str], ...] = (),
) -> None:
    database.utils[name].create(
        {**ENVELOPE, **columns},
        pk="id",
        not_null={"created_at", "updated_at", "origin_device", "rev", "deleted"},
        defaults={"rev": 1, "deleted": 0},
        foreign_keys=foreign_keys,
    )
    database.execute(f"CREATE INDEX idx_{name}_updated ON {name}(updated_at)")


def _v1_records_and_journal(database: Database) -> None:
    database.utils["settings"].create({"key": str, "value": str}, pk="key")
    _record_table(database, "organization", {"name": str, "counties": str, "languages": str})
    _record_table(
        database,
        "program",
        {
            "code": str,
            "name": str,
            "description": str,
            "agency": str,
            "url": str,
            "eligibility": str,
            "required_documents": str,
            "active": int,
        },
    )
    _record_table(
        database,
        "survey",
        {
            "form_id": str,
            "version": str,
            "title": str,
            "definition": str,
        },
    )
    _record_table(
        database,
        "resource",
        {
            "name": str,
            "category": str,
            "services": str,
            "county": str,
            "address_line": str,
            "city": str,
            "zip": str,
            "phone": str,
            "url": str,
            "languages": str,
            "hours": str,
            "description": str,
        },
    )
    _record_table(
        database,
        "resident",
        {
            "given_name": str,
            "family_name": str,
            "preferred_name": str,
            "birth_date": str,
            "preferred_language": str,
            "other_languages": str,
            "phone": str,
            "email": str,
            "address_line": str,
            "city": str,
            "zip": str,
            "county": str,
            "household_size": int,
            "consent_contact": int,
            "consent_data_sharing": int,
            "consent_date": str,
            "organization_id": str,
            "notes": str,
        },
    )
    _record_table(
        database,
        "contact_log",
        {
            "occurred_at": str,
            "resident_id": str,
            "anonymous_household": int,
            "channel": str,
            "language": str,
            "outcome": str,
            "programs_discussed": str,
            "materials_left": str,
            "referrals": str,
            "misinformation_category": str,
            "misinformation_note": str,
            "consent_follow_up": int,
            "follow_up_date": str,
            "notes": str,
            "corrects_id": str,
        },
        foreign_keys=(("resident_id", "resident", "id"),),
    )
    _record_table(
        database,
        "enrollment",
        {
            "resident_id": str,
            "program_id": str,
            "status": str,
            "started_on": str,
            "submitted_on": str,
            "decided_on": str,
            "reference_number": str,
            "eligibility_answers": str,
            "documents": str,
            "notes": str,
        },
        foreign_keys=(("resident_id", "resident", "id"),),
    )
    _record_table(
        database,
        "survey_response",
        {
            "survey_id": str,
            "survey_version": str,
            "status": str,
            "language": str,
            "answers": str,
            "resident_id": str,
            "completed_at": str,
        },
        foreign_keys=(("resident_id", "resident", "id"),),
    )
    for table, column in (
        ("contact_log", "resident_id"),
        ("contact_log", "occurred_at"),
        ("contact_log", "follow_up_date"),
        ("enrollment", "resident_id"),
        ("survey_response", "resident_id"),
        ("resident", "county"),
    ):
        database.execute(f"CREATE INDEX idx_{table}_{column} ON {table}({column})")
    # The change journal (outbox). op_id is contiguous per device: AUTOINCREMENT never
    # reuses a number, and a rolled-back write rolls its number back with it.
    database.execute(
        """
        CREATE TABLE journal (
            op_id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
            rev INTEGER NOT NULL,
            fields TEXT NOT NULL,
            hlc TEXT NOT NULL,
            created_at TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'quarantined')),
            reason TEXT
        )
        """
    )
    database.execute("CREATE INDEX idx_journal_record ON journal(kind, record_id)")


def _v2_resident_search(database: Database) -> None:
    # Trigram full-text index over folded names, phone digits and address, so a
    # search matches any part of a name in any script. Contentless: the text it
    # indexes lives only in the (encrypted) resident table.
    database.execute(
        """
        CREATE VIRTUAL TABLE resident_search USING fts5(
            name, phone, address,
            tokenize = 'trigram', content = '', contentless_delete = 1
        )
        """
    )
    name_expr = (
        "ocpsc_fold(coalesce(NEW.given_name, '') || ' ' || coalesce(NEW.family_name, '')"
        " || ' ' || coalesce(NEW.preferred_name, '') || ' ' || coalesce(NEW.family_name, '')"
        " || coalesce(NEW.given_name, ''))"
    )
    address_expr = (
        "ocpsc_fold(coalesce(NEW.address_line, '') || ' ' || coalesce(NEW.city, '')"
        " || ' ' || coalesce(NEW.zip, ''))"
    )
    insert = (
        f"INSERT INTO resident_search(rowid, name, phone, address) SELECT NEW.rowid, "
        f"{name_expr}, ocpsc_digits(NEW.phone), {address_expr} WHERE NEW.deleted = 0;"
    )
    database.execute(
        f"CREATE TRIGGER resident_search_ai AFTER INSERT ON resident BEGIN {insert} END"
    )
    database.execute(
        "CREATE TRIGGER resident_search_au AFTER UPDATE ON resident BEGIN "
        f"DELETE FROM resident_search WHERE rowid = OLD.rowid; {insert} END"
    )
    database.execute(
        "CREATE TRIGGER resident_search_ad AFTER DELETE ON resident BEGIN "
        "DELETE FROM resident_search WHERE rowid = OLD.rowid; END"
    )
    database.execute(
        "INSERT INTO resident_search(rowid, name, phone, address) SELECT rowid, "
        + name_expr.replace("NEW.", "")
        + ", ocpsc_digits(phone), "
        + address_expr.replace("NEW.", "")
        + " FROM resident WHERE deleted = 0"
    )
    # Short queries (one or two characters, common for Chinese and Korean names)
    # are below the trigram size; these indexes serve them as prefix look-ups.
    database.execute("CREATE INDEX idx_resident_family_fold ON resident(ocpsc_fold(family_name))")
    database.execute("CREATE INDEX idx_resident_given_fold ON resident(ocpsc_fold(given_name))")


def _v3_drafts_and_list_indexes(database: Database) -> None:
    # Drafts of forms being filled in (conversations, surveys, residents). They stay
    # on this device, are never journaled, and survive a crash or an idle lock.
    database.execute(
        """
        CREATE TABLE draft (
            id TEXT PRIMARY KEY,
            form TEXT NOT NULL,
            target_id TEXT,
            payload TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    database.execute("CREATE INDEX idx_draft_form ON draft(form, updated_at)")
    # The lists sort and filter on these.
    database.execute(
        "CREATE INDEX idx_resident_family_nocase ON resident(family_name COLLATE NOCASE)"
    )
    database.execute("CREATE INDEX idx_resident_language ON resident(preferred_language)")
    database.execute(
        "CREATE INDEX idx_contact_log_author_time ON contact_log(created_by, occurred_at)"
    )
    database.execute("CREATE INDEX idx_enrollment_program ON enrollment(program_id, status)")


def _v4_filter_indexes(database: Database) -> None:
    # Duplicate checks look residents up by birth date; the list's "follow-up due"
    # and program filters start from conversations and enrollments of live records.
    database.execute("CREATE INDEX idx_resident_birth_date ON resident(birth_date)")
    database.execute(
        "CREATE INDEX idx_contact_log_follow_up ON contact_log"
        "(resident_id, occurred_at, follow_up_date) WHERE deleted = 0"
    )
    database.execute(
        "CREATE INDEX idx_enrollment_program_resident ON enrollment"
        "(program_id, resident_id) WHERE deleted = 0"
    )
    database.execute(
        "CREATE INDEX idx_resident_county_name ON resident"
        "(county, family_name COLLATE NOCASE, given_name COLLATE NOCASE)"
    )
    database.execute(
        "CREATE INDEX idx_resident_language_name ON resident"
        "(preferred_language, family_name COLLATE NOCASE, given_name COLLATE NOCASE)"
    )


def _v5_relay_bundles(database: Database) -> None:
    # Bundles a coordinator collected from other laptops, kept sealed until HQ has them.
    database.execute(
        """
        CREATE TABLE relay_bundle (
            id TEXT PRIMARY KEY,
            sender_device TEXT NOT NULL,
            sender_user TEXT NOT NULL,
            op_id_from INTEGER NOT NULL,
            op_id_to INTEGER NOT NULL,
            record_count INTEGER NOT NULL,
            made_at TEXT NOT NULL,
            hq_key_id TEXT NOT NULL,
            size INTEGER NOT NULL,
            data BLOB,
            state TEXT NOT NULL DEFAULT 'queued',
            collected_at TEXT NOT NULL,
            uploaded_at TEXT,
            report TEXT,
            problem TEXT
        )
        """
    )
    database.execute("CREATE INDEX idx_relay_bundle_state ON relay_bundle(state, collected_at)")


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "record tables, settings and the change journal", _v1_records_and_journal),
    Migration(2, "resident search index (trigram, any script)", _v2_resident_search),
    Migration(3, "drafts, and indexes for list filters", _v3_drafts_and_list_indexes),
    Migration(4, "indexes for duplicate checks and list filters", _v4_filter_indexes),
    Migration(5, "bundles collected for HQ by a coordinator", _v5_relay_bundles),
)
LATEST = MIGRATIONS[-1].version


def current_version(database: Database) -> int:
    return int(database.scalar("PRAGMA user_version"))


def migrate(database: Database, target: int = LATEST) -> list[int]:
    """Apply each pending migration in its own transaction; return the versions applied."""
    version = current_version(database)
    if version > LATEST:
        raise ProfileDamaged(
            Message(
                N_(
                    "This profile was written by a newer version of OCPSC Field "
                    "(schema {found}; this version knows {known}). Update the app to open it."
                ),
                {"found": version, "known": LATEST},
            )
        )
    applied = []
    for migration in MIGRATIONS:
        if version < migration.version <= target:
            with database.transaction():
                migration.apply(database)
                database.execute(f"PRAGMA user_version = {migration.version}")
            applied.append(migration.version)
    return applied
