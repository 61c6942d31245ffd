"""No plaintext personal information on disk, anywhere in the profile folder."""

from __future__ import annotations

import secrets
from pathlib import Path

from ocpsc_field.core.records import Kind
from ocpsc_field.store.session import open_profile


def encodings(text: str) -> list[bytes]:
    return [text.encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be")]


def leaks(folder: Path, needles: list[str]) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for needle in needles:
            if any(form in data for form in encodings(needle)):
                found.append(f"{needle!r} in {path.name}")
    return found


def test_resident_name_and_phone_never_reach_disk_in_plaintext(profile_dir: Path, passphrase: str):
    token = secrets.token_hex(6)
    given = f"Zyxqvb{token}"
    family = f"Ակոբ{token}"
    line = f"{secrets.randbelow(10**4):04d}"
    phone_typed = f"(916) 555-{line[:2]}{line[2:]}"
    opened = open_profile(profile_dir, passphrase)
    saved = opened.records.create(
        Kind.RESIDENT,
        {
            "given_name": given,
            "family_name": family,
            "preferred_language": "hy",
            "phone": phone_typed,
            "address_line": f"{token} Calle Esperanza",
        },
    )
    assert saved.ok
    saved_log = opened.records.create(
        Kind.CONTACT_LOG,
        {
            "occurred_at": "2026-11-20T18:00:00Z",
            "resident_id": saved.record["id"],
            "channel": "door",
            "language": "hy",
            "outcome": "reached",
            "notes": f"Spoke with {given} about CalFresh",
        },
    )
    assert saved_log.ok
    needles = [given, family, f"+1916555{line}", f"916555{line}", f"{token} Calle Esperanza", token]
    # While open: the WAL holds the new pages.
    assert any(path.name.endswith("-wal") for path in profile_dir.iterdir())
    assert leaks(profile_dir, needles) == []
    # Search, update and delete exercise the index and the journal too.
    assert opened.residents.search(given[:8])
    opened.records.update(Kind.RESIDENT, saved.record["id"], {"city": "Fresno"})
    assert leaks(profile_dir, needles) == []
    opened.close()
    assert leaks(profile_dir, needles) == []


def test_the_scan_would_find_a_plaintext_copy(profile_dir: Path):
    """Guard the guard: the same scan flags a file that does hold the name."""
    (profile_dir / "notes.txt").write_text("Zyxqvb1234 +19165550199", encoding="utf-8")
    assert leaks(profile_dir, ["Zyxqvb1234", "+19165550199"]) == [
        "'Zyxqvb1234' in notes.txt",
        "'+19165550199' in notes.txt",
    ]
