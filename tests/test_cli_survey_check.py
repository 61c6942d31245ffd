"""``ocpsc-field survey-check``, run as a real process on real workbooks, with no profile."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.fixtures.make_xlsform_fixtures import HERE, workbook_bytes


def run(*args: str, cwd: Path | None = None, lang: str = "en") -> subprocess.CompletedProcess:
    environment = {**os.environ, "OCPSC_LANG": lang}
    environment.pop("OCPSC_PASSPHRASE", None)
    return subprocess.run(
        [sys.executable, "-m", "ocpsc_field", "survey-check", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
    )


def test_a_good_form_prints_its_summary_and_exits_0(tmp_path: Path) -> None:
    result = run(str(HERE / "household_roster.xlsx"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary == {
        "form_id": "household_roster",
        "version": "3",
        "title": "Household roster",
        "default_language": "en",
        "languages": ["en", "es"],
        "question_count": 14,
        "questions_by_type": {
            "acknowledge": 1,
            "calculate": 4,
            "integer": 3,
            "note": 1,
            "select_one": 2,
            "start": 1,
            "text": 2,
        },
        "groups": [],
        "repeats": ["members"],
    }
    assert list(tmp_path.iterdir()) == []  # nothing written, no profile made


def test_the_summary_lists_groups_and_repeats_as_paths() -> None:
    result = run(str(HERE / "every_type.xlsx"))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["groups"] == ["extra"]
    assert summary["repeats"] == ["extra/kids"]
    nested = json.loads(run(str(HERE / "nested_groups.xlsx")).stdout)
    assert nested["groups"] == ["intake", "intake/housing", "intake/housing/shelter", "wrap_up"]
    assert nested["languages"] == ["en"] and nested["title"] == "housing_intake"


def test_stronger_together_summary_in_four_languages() -> None:
    result = run(str(HERE / "stronger_together.xlsx"))
    summary = json.loads(result.stdout)
    assert summary["languages"] == ["en", "es", "zh-Hant", "vi"]
    assert summary["questions_by_type"]["select_multiple"] == 15
    assert summary["questions_by_type"]["text"] == 22  # a name, 7 details, 14 "other"s
    assert len(summary["groups"]) == 7


def test_a_broken_form_prints_each_problem_with_its_place_and_exits_1() -> None:
    result = run(str(HERE / "broken_invalid_expressions.xlsx"))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        'sheet "survey", row 2, column "constraint", character 4: '
        "The expression ends too early: something is missing at its end.",
        'sheet "survey", row 3, column "relevant", character 8: '
        "Use a single “=” to compare two values.",
        'sheet "survey", row 4, column "calculation", character 1: '
        "“pulldata()” is not a function this app knows.",
        'sheet "survey", row 5, column "relevant", character 1: '
        "XPath paths and filters (“/”, “[”, “@”, “|”) are not supported: "
        "refer to a question as ${name}.",
    ]
    assert "4 problems found; the form was not accepted." in result.stderr
    assert "Traceback" not in result.stderr


def test_problems_as_json() -> None:
    result = run(str(HERE / "broken_duplicate_names.xlsx"), "--json")
    assert result.returncode == 1
    assert json.loads(result.stdout) == {
        "problems": [
            {
                "sheet": "survey",
                "row": 4,
                "column": "name",
                "position": None,
                "message": "The name “age” is already used on row 2.",
            },
            {
                "sheet": "survey",
                "row": 5,
                "column": "name",
                "position": None,
                "message": "The name “details” is already used on row 3.",
            },
        ]
    }


def test_a_form_without_settings_is_named_after_its_file(tmp_path: Path) -> None:
    path = tmp_path / "2024 Food pantry intake.xlsx"
    path.write_bytes(workbook_bytes({"survey": [("type", "name", "label"), ("text", "a", "A")]}))
    summary = json.loads(run(str(path)).stdout)
    assert summary["form_id"] == "_2024_Food_pantry_intake"
    assert summary["version"].startswith("auto-")


def test_files_that_are_not_forms_get_a_plain_message() -> None:
    result = run(str(HERE / "not_a_workbook.xlsx"))
    assert result.returncode == 1
    assert result.stdout.strip() == (
        "This file is not an Excel workbook (.xlsx). Save the form as .xlsx "
        "(Excel 2007 or later) and try again."
    )
    old = run(str(HERE / "old_excel.xls"))
    assert old.returncode == 1 and "old Excel file (.xls)" in old.stdout


def test_a_missing_file_gets_a_plain_message(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nowhere.xlsx"))
    assert result.returncode == 1
    assert "Could not read" in result.stdout and "nowhere.xlsx" in result.stdout
    assert "Traceback" not in result.stderr


def test_help_mentions_the_command() -> None:
    environment = {**os.environ, "OCPSC_LANG": "en"}
    result = subprocess.run(
        [sys.executable, "-m", "ocpsc_field", "--help"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
    )
    assert "survey-check" in result.stdout
