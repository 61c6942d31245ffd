"""A quick proof that a profile works end to end, leaving no trace.

It writes a resident with its journal op, reads it back, finds it by search,
tombstones it, then rolls the whole transaction back, so no test record ever
reaches HQ. It also runs SQLite's and SQLCipher's integrity checks.
"""

from __future__ import annotations

from dataclasses import dataclass

from ocpsc_field.core.records import Kind
from ocpsc_field.core.text import N_, Message, Nn_
from ocpsc_field.store import journal
from ocpsc_field.store.session import OpenProfile


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: Message | None = None

    @property
    def label(self) -> str:
        """What was checked, in English words for ``_()`` (the name is for scripts)."""
        return LABELS.get(self.name, self.name)


LABELS = {
    "integrity": N_("Database file integrity"),
    "encryption": N_("Encryption"),
    "write": N_("Saving a record"),
    "read": N_("Reading it back"),
    "search": N_("Finding it by search"),
    "journal": N_("Noting it for the next sync"),
    "delete": N_("Deleting it"),
    "rollback": N_("Leaving no trace"),
}


def integrity_problem(report: str) -> Message:
    """SQLite's own report is English and technical, so it is quoted, not translated."""
    return Message(
        N_("The database file is damaged. SQLite's report, for support: {report}"),
        {"report": report},
    )


def encryption_problem(pages: int) -> Message:
    return Message.counted(
        Nn_(
            "{count} page failed the encryption check.",
            "{count} pages failed the encryption check.",
        ),
        {"count": pages},
    )


class _Undo(Exception):
    """Raised to roll back the self-check's writes."""


def run(opened: OpenProfile) -> list[Check]:
    checks: list[Check] = []
    database = opened.database
    integrity = database.scalar("PRAGMA quick_check")
    checks.append(
        Check(
            "integrity",
            integrity == "ok",
            None if integrity == "ok" else integrity_problem(str(integrity)),
        )
    )
    cipher_problems = database.query("PRAGMA cipher_integrity_check")
    checks.append(
        Check(
            "encryption",
            not cipher_problems,
            None if not cipher_problems else encryption_problem(len(cipher_problems)),
        )
    )
    before_ops = journal.pending_count(database)
    before_residents = opened.records.count(Kind.RESIDENT, include_deleted=True)
    try:
        with database.transaction():
            saved = opened.records.create(
                Kind.RESIDENT,
                {
                    "given_name": "Self-check ✓ 自检",
                    "family_name": "Prueba",
                    "preferred_language": "en",
                    "phone": "(916) 555-0100",
                },
            )
            checks.append(Check("write", saved.ok))
            if saved.record is not None:
                record_id = saved.record["id"]
                read = opened.records.get(Kind.RESIDENT, record_id)
                checks.append(
                    Check(
                        "read",
                        read["given_name"] == "Self-check ✓ 自检"
                        and read["phone"] == "+19165550100",
                    )
                )
                found = [row["id"] for row in opened.residents.search("自检 Prueba")]
                checks.append(Check("search", record_id in found))
                checks.append(
                    Check(
                        "journal",
                        len(journal.ops_for(database, Kind.RESIDENT.value, record_id)) == 1,
                    )
                )
                opened.records.delete(Kind.RESIDENT, record_id)
                checks.append(
                    Check(
                        "delete",
                        record_id
                        not in [row["id"] for row in opened.residents.search("自检 Prueba")],
                    )
                )
            raise _Undo
    except _Undo:
        pass
    left_behind = (
        journal.pending_count(database) != before_ops
        or opened.records.count(Kind.RESIDENT, include_deleted=True) != before_residents
    )
    checks.append(Check("rollback", not left_behind))
    return checks
