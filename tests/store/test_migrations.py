"""Each released schema version migrates to the current one with its data intact."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ocpsc_field.core.records import Kind, field_names
from ocpsc_field.store import migrations
from ocpsc_field.store.session import open_profile
from tests.fixtures import make_schema_fixtures as fixtures

FIXTURES = Path(fixtures.__file__).resolve().parent


def schema_of(database) -> dict[str, str]:
    rows = database.query(
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL "
        "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'resident_search_%' ORDER BY name"
    )
    return {row["name"]: " ".join(row["sql"].split()) for row in rows}


@pytest.mark.parametrize("version", fixtures.RELEASED)
def test_fixture_migrates_to_latest_with_data_intact(tmp_path: Path, version: int):
    folder = tmp_path / "profile"
    shutil.copytree(FIXTURES / f"schema_v{version}", folder)
    with open_profile(folder, fixtures.PASSPHRASE) as opened:
        assert migrations.current_version(opened.database) == migrations.LATEST
        for expected in fixtures.V1_RESIDENTS:
            stored = opened.database.query(
                "SELECT * FROM resident WHERE id = ?", (expected["id"],)
            )[0]
            for name, value in expected.items():
                assert stored[name] == value, name
        logs = opened.database.query("SELECT id, notes FROM contact_log ORDER BY id")
        assert [log["id"] for log in logs] == [log["id"] for log in fixtures.V1_CONTACT_LOGS]
        assert opened.status()["unsynced_journal_entries"] == 5
        assert opened.actor.device == fixtures.DEVICE
        # Version 2 built the search index over rows that existed before it.
        assert [row["id"] for row in opened.residents.search("nguyen")] == [
            fixtures.V1_RESIDENTS[0]["id"]
        ]
        assert [row["id"] for row in opened.residents.search("美玲")] == [
            fixtures.V1_RESIDENTS[1]["id"]
        ]
        migrated_schema = schema_of(opened.database)
    with _fresh(tmp_path) as fresh:
        assert schema_of(fresh.database) == migrated_schema


def _fresh(tmp_path: Path):
    from ocpsc_field.store.session import init_profile

    folder = tmp_path / "fresh"
    init_profile(folder, "fresh passphrase")
    return open_profile(folder, "fresh passphrase")


def test_every_record_field_has_a_column(opened):
    for kind in Kind:
        columns = {
            row["name"]
            for row in opened.database.query(f"SELECT name FROM pragma_table_info('{kind.value}')")
        }
        missing = set(field_names(kind)) - columns
        assert not missing, f"{kind.value} lacks columns {missing}: add a migration"


def test_a_newer_schema_is_refused_without_change(profile_dir: Path, passphrase: str):
    from ocpsc_field.store.errors import ProfileDamaged

    with open_profile(profile_dir, passphrase) as opened:
        opened.database.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    with pytest.raises(ProfileDamaged) as caught:
        open_profile(profile_dir, passphrase)
    assert "newer version" in str(caught.value)


def test_a_failing_migration_rolls_back_entirely(tmp_path: Path, monkeypatch):
    folder = tmp_path / "profile"
    shutil.copytree(FIXTURES / "schema_v1", folder)

    def half_then_fail(database):
        database.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("power cut")

    monkeypatch.setattr(
        migrations,
        "MIGRATIONS",
        (migrations.MIGRATIONS[0], migrations.Migration(2, "broken", half_then_fail)),
    )
    with pytest.raises(RuntimeError):
        open_profile(folder, fixtures.PASSPHRASE)
    monkeypatch.undo()
    with open_profile(folder, fixtures.PASSPHRASE) as opened:
        assert migrations.current_version(opened.database) == migrations.LATEST
        assert (
            opened.database.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'")
            == 0
        )
