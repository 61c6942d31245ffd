"""``export --mine``: only the records this profile's user created, from the command line
and through ``store.export``, with progress and a clean stop."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ocpsc_field.core.records import Kind
from ocpsc_field.store import export
from ocpsc_field.store.repository import Actor, RecordRepository

MINE = ("Thị Hương", "José")
THEIRS = ("美玲",)


def add_records(opened) -> None:
    for name in MINE:
        assert opened.records.create(
            Kind.RESIDENT, {"given_name": name, "preferred_language": "es"}
        ).ok
    colleague = RecordRepository(opened.database, Actor("other-canvasser", "device-2"))
    for name in THEIRS:
        assert colleague.create(Kind.RESIDENT, {"given_name": name, "preferred_language": "zh"}).ok


def given_names(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return sorted(row["given_name"] for row in csv.DictReader(handle))


def run_cli(*args: str, passphrase: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "OCPSC_LANG": "en", "OCPSC_PASSPHRASE": passphrase}
    return subprocess.run(
        [sys.executable, "-m", "ocpsc_field", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
    )


def test_cli_export_mine_writes_only_this_users_records(profile_dir, passphrase, tmp_path):
    from ocpsc_field.store.session import open_profile

    with open_profile(profile_dir, passphrase) as opened:
        add_records(opened)
    mine = tmp_path / "mine.csv"
    result = run_cli(
        "--profile",
        str(profile_dir),
        "export",
        "--format",
        "csv",
        "--kind",
        "resident",
        "--mine",
        "--out",
        str(mine),
        passphrase=passphrase,
    )
    assert result.returncode == 0, result.stderr
    assert f"Wrote 2 records to {mine}" in result.stdout
    assert given_names(mine) == sorted(MINE)

    everyone = tmp_path / "all.csv"
    args = ["--profile", str(profile_dir), "export", "--format", "csv", "--kind", "resident"]
    result = run_cli(*args, "--out", str(everyone), passphrase=passphrase)
    assert result.returncode == 0, result.stderr
    assert given_names(everyone) == sorted(MINE + THEIRS)

    help_text = run_cli("export", "--help", passphrase=passphrase).stdout
    assert "--mine" in help_text


def test_export_created_by_counts_and_reports_progress(opened, tmp_path):
    add_records(opened)
    assert export.count_records(opened.records, Kind.RESIDENT) == 3
    assert export.count_records(opened.records, Kind.RESIDENT, created_by="tester") == 2
    seen: list[tuple[Kind, int]] = []
    written = export.export(
        opened.records,
        tmp_path / "mine.xlsx",
        fmt="xlsx",
        kinds=[Kind.RESIDENT, Kind.CONTACT_LOG],
        created_by="tester",
        progress=lambda kind, count: seen.append((kind, count)),
    )
    assert written == [(tmp_path / "mine.xlsx", 2)]
    assert seen == [(Kind.RESIDENT, 2), (Kind.CONTACT_LOG, 0)]


class Stop(Exception):
    pass


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_export_stopped_by_progress_leaves_no_file_and_no_scratch(opened, tmp_path, fmt):
    add_records(opened)
    out = tmp_path / "out"
    out.mkdir()

    def stop(kind: Kind, count: int) -> None:
        raise Stop()

    target = out / f"mine.{fmt}"
    with pytest.raises(Stop):
        export.export(opened.records, target, fmt=fmt, kinds=[Kind.RESIDENT], progress=stop)
    assert list(out.iterdir()) == []
