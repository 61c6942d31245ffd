"""Profiles: creating, unlocking, refusing a wrong passphrase, changing it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from ocpsc_field.core.records import Kind
from ocpsc_field.store import profile
from ocpsc_field.store.errors import ProfileExists, ProfileNotFound, StoreError, WrongPassphrase
from ocpsc_field.store.session import init_profile, open_profile


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def resident(name: str = "Ana", phone: str = "916-555-0142") -> dict:
    return {"given_name": name, "family_name": "Reyes", "preferred_language": "es", "phone": phone}


def test_new_profile_holds_one_database_and_public_metadata(tmp_path: Path, passphrase: str):
    folder = tmp_path / "p"
    init_profile(folder, passphrase)
    names = sorted(path.name for path in folder.iterdir())
    assert names == ["field-1.db", "profile.json"]
    meta = profile.ProfileMeta.read(folder)
    assert meta.kdf.name == "scrypt" and meta.kdf.n >= 2**15
    # The salt is random per profile.
    other = tmp_path / "q"
    init_profile(other, passphrase)
    assert profile.ProfileMeta.read(other).kdf.salt != meta.kdf.salt


def test_wrong_passphrase_is_refused_and_changes_nothing(profile_dir: Path, passphrase: str):
    with open_profile(profile_dir, passphrase) as opened:
        assert opened.records.create(Kind.RESIDENT, resident()).ok
    before = snapshot(profile_dir)
    with pytest.raises(WrongPassphrase) as caught:
        open_profile(profile_dir, "not the passphrase")
    assert "passphrase is not correct" in str(caught.value)
    assert snapshot(profile_dir) == before
    with open_profile(profile_dir, passphrase) as opened:
        assert opened.records.count(Kind.RESIDENT) == 1


def test_wrong_passphrase_with_a_live_wal_changes_nothing(profile_dir: Path, passphrase: str):
    opened = open_profile(profile_dir, passphrase)
    opened.records.create(Kind.RESIDENT, resident())
    # Leave the WAL un-checkpointed, as after a crash, then try a wrong passphrase.
    before = snapshot(profile_dir)
    assert any(name.endswith("-wal") for name in before)
    with pytest.raises(WrongPassphrase):
        open_profile(profile_dir, "wrong wrong wrong")
    # The -shm file is SQLite's shared-memory lock table: every reader, even a
    # refused one, takes a read mark there. It holds no records, so only the
    # database, its WAL and the settings file must be byte-identical.
    after = snapshot(profile_dir)
    for name in ("field-1.db", "field-1.db-wal", "profile.json"):
        assert after[name] == before[name]
    assert set(after) == set(before)
    opened.close()


def test_missing_profile_and_existing_profile_errors(
    tmp_path: Path, profile_dir: Path, passphrase: str
):
    with pytest.raises(ProfileNotFound) as caught:
        open_profile(tmp_path / "nowhere", passphrase)
    assert "init" in str(caught.value)
    with pytest.raises(ProfileExists):
        init_profile(profile_dir, passphrase)


def test_short_passphrase_is_refused(tmp_path: Path):
    with pytest.raises(StoreError) as caught:
        init_profile(tmp_path / "p", "short")
    assert "at least 8 characters" in str(caught.value)
    assert not (tmp_path / "p" / "profile.json").exists()


def test_change_passphrase_keeps_every_record(profile_dir: Path, passphrase: str):
    with open_profile(profile_dir, passphrase) as opened:
        for index in range(25):
            assert opened.records.create(Kind.RESIDENT, resident(f"Nguyễn {index}")).ok
        before = opened.status()
    profile.change_passphrase(profile_dir, passphrase, "a brand new passphrase")
    with pytest.raises(WrongPassphrase):
        open_profile(profile_dir, passphrase)
    with open_profile(profile_dir, "a brand new passphrase") as opened:
        after = opened.status()
        assert after["records"] == before["records"]
        assert after["unsynced_journal_entries"] == before["unsynced_journal_entries"]
        assert after["schema_version"] == before["schema_version"]
        assert len(opened.residents.search("nguyen 17")) == 1
    assert sorted(p.name for p in profile_dir.iterdir()) == ["field-2.db", "profile.json"]


def test_change_passphrase_with_wrong_old_passphrase_changes_nothing(profile_dir: Path):
    before = snapshot(profile_dir)
    with pytest.raises(WrongPassphrase):
        profile.change_passphrase(profile_dir, "not the passphrase", "another good one")
    assert snapshot(profile_dir) == before


def test_interrupted_passphrase_change_leaves_the_old_profile_working(
    profile_dir: Path, passphrase: str
):
    with open_profile(profile_dir, passphrase) as opened:
        opened.records.create(Kind.RESIDENT, resident())
    # A crash after the copy was written but before profile.json was swapped.
    (profile_dir / "field-2.db").write_bytes(b"\0" * 4096)
    (profile_dir / "profile.json.tmp").write_text("{}")
    with open_profile(profile_dir, passphrase) as opened:
        assert opened.records.count(Kind.RESIDENT) == 1
    assert not (profile_dir / "field-2.db").exists()
    assert not (profile_dir / "profile.json.tmp").exists()


def test_passphrase_check_for_the_lock_screen(profile_dir: Path, passphrase: str):
    before = snapshot(profile_dir)
    assert profile.passphrase_opens(profile_dir, passphrase)
    assert not profile.passphrase_opens(profile_dir, "wrong passphrase here")
    assert snapshot(profile_dir) == before


def test_change_passphrase_while_open_keeps_working(profile_dir: Path, passphrase: str):
    opened = open_profile(profile_dir, passphrase)
    assert opened.records.create(Kind.RESIDENT, resident("Before")).ok
    with pytest.raises(WrongPassphrase):
        profile.change_passphrase_open(profile_dir, opened.database, "not it at all", "new one!")
    profile.change_passphrase_open(profile_dir, opened.database, passphrase, "the new passphrase")
    # The same objects keep working on the re-keyed database.
    assert opened.records.create(Kind.RESIDENT, resident("After")).ok
    assert opened.records.count(Kind.RESIDENT) == 2
    assert len(opened.residents.search("after")) == 1
    opened.close()
    assert sorted(p.name for p in profile_dir.iterdir()) == ["field-2.db", "profile.json"]
    with pytest.raises(WrongPassphrase):
        open_profile(profile_dir, passphrase)
    with open_profile(profile_dir, "the new passphrase") as reopened:
        assert reopened.records.count(Kind.RESIDENT) == 2
