"""The headless commands, run as real processes the way scripts and support use them."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PASSPHRASE = "cli test passphrase"


def run(
    *args: str,
    passphrase: str | None = PASSPHRASE,
    env: dict | None = None,
    stdin: str | None = None,
) -> subprocess.CompletedProcess:
    environment = {**os.environ, "OCPSC_LANG": "en", **(env or {})}
    environment.pop("OCPSC_PASSPHRASE", None)
    if passphrase is not None:
        environment["OCPSC_PASSPHRASE"] = passphrase
    return subprocess.run(
        [sys.executable, "-m", "ocpsc_field", *args],
        capture_output=True,
        text=True,
        env=environment,
        input=stdin,
        timeout=600,
    )


@pytest.fixture(scope="module")
def demo_profile(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "profile"
    assert run("--profile", str(folder), "init").returncode == 0
    result = run("--profile", str(folder), "demo", "--residents", "300", "--quiet")
    assert result.returncode == 0, result.stderr
    return folder


def test_help_documents_every_command_and_the_passphrase_sources():
    result = run("--help", passphrase=None)
    assert result.returncode == 0
    for word in (
        "init",
        "self-check",
        "demo",
        "status",
        "export",
        "change-passphrase",
        "--profile",
        "--passphrase-file",
        "OCPSC_PASSPHRASE",
    ):
        assert word in result.stdout


def test_status_reports_counts_and_unsynced_entries(demo_profile: Path):
    result = run("--profile", str(demo_profile), "status")
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["records"]["resident"] == 300
    assert status["records"]["contact_log"] == 450
    assert status["records"]["program"] >= 10
    field_records = sum(
        status["records"][kind]
        for kind in ("resident", "contact_log", "enrollment", "survey_response")
    )
    assert status["unsynced_journal_entries"] == field_records


def test_self_check_passes_and_leaves_no_trace(demo_profile: Path):
    before = json.loads(run("--profile", str(demo_profile), "status").stdout)
    result = run("--profile", str(demo_profile), "self-check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Self-check passed." in result.stdout
    assert "Database file integrity: passed" in result.stdout.splitlines()
    assert "Leaving no trace: passed" in result.stdout.splitlines()
    after = json.loads(run("--profile", str(demo_profile), "status").stdout)
    assert after == before


def test_wrong_passphrase_exits_non_zero_with_a_clear_message(demo_profile: Path):
    result = run("--profile", str(demo_profile), "status", passphrase="not this one")
    assert result.returncode == 1
    assert "passphrase is not correct" in result.stderr
    assert "Traceback" not in result.stderr


def test_passphrase_file_and_missing_passphrase(demo_profile: Path, tmp_path: Path):
    secret = tmp_path / "secret"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    ok = run(
        "--profile", str(demo_profile), "--passphrase-file", str(secret), "status", passphrase=None
    )
    assert ok.returncode == 0, ok.stderr
    missing = run("--profile", str(demo_profile), "status", passphrase=None, stdin="")
    assert missing.returncode == 2
    assert "OCPSC_PASSPHRASE" in missing.stderr


def test_missing_profile_says_to_run_init(tmp_path: Path):
    result = run("--profile", str(tmp_path / "none"), "status")
    assert result.returncode == 1 and "init" in result.stderr


def test_export_csv_and_xlsx(demo_profile: Path, tmp_path: Path):
    from openpyxl import load_workbook

    out = tmp_path / "csv"
    result = run("--profile", str(demo_profile), "export", "--format", "csv", "--out", str(out))
    assert result.returncode == 0, result.stderr
    with open(out / "resident.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 300
    assert rows[0]["id"] and rows[0]["given_name"]
    assert all(row["phone"] == "" or row["phone"].startswith("+1") for row in rows)
    single = tmp_path / "residents.csv"
    assert (
        run(
            "--profile",
            str(demo_profile),
            "export",
            "--format",
            "csv",
            "--kind",
            "resident",
            "--out",
            str(single),
        ).returncode
        == 0
    )
    assert single.read_bytes().startswith(b"\xef\xbb\xbf")
    book = tmp_path / "all.xlsx"
    result = run("--profile", str(demo_profile), "export", "--format", "xlsx", "--out", str(book))
    assert result.returncode == 0, result.stderr
    workbook = load_workbook(book, read_only=True)
    assert "resident" in workbook.sheetnames and "contact_log" in workbook.sheetnames
    assert sum(1 for _ in workbook["resident"].iter_rows()) == 301
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith((".", "openpyxl"))]
    assert leftovers == []


def test_change_passphrase_command(tmp_path: Path):
    folder = tmp_path / "p"
    assert run("--profile", str(folder), "init").returncode == 0
    result = run(
        "--profile",
        str(folder),
        "change-passphrase",
        env={"OCPSC_NEW_PASSPHRASE": "the second passphrase"},
    )
    assert result.returncode == 0, result.stderr
    assert run("--profile", str(folder), "status").returncode == 1
    assert (
        run("--profile", str(folder), "status", passphrase="the second passphrase").returncode == 0
    )


def test_bad_demo_count_is_refused(tmp_path: Path):
    folder = tmp_path / "p"
    assert run("--profile", str(folder), "init").returncode == 0
    result = run("--profile", str(folder), "demo", "--residents", "-5")
    assert result.returncode == 2 and "--residents" in result.stderr
