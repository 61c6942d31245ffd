"""A survey from HQ to a laptop and back: publish an XLSForm, sync, answer it on the laptop,
sync, export at HQ and find exactly the answers given; then a second version is published
while a draft of the first is open, and the draft still completes on version 1.

Everything is real: an ``ocpsc-hq serve`` process and its CLI, an encrypted profile, the
sync engine over loopback. The answers go through the form logic (skip logic,
calculations, repeat counts) and the survey store, as the survey form saves them.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("django", reason="the end-to-end test needs the hq extra")

from openpyxl import load_workbook  # noqa: E402

from ocpsc_field.core.records import Kind  # noqa: E402
from ocpsc_field.core.survey_logic import FormLogic  # noqa: E402
from ocpsc_field.core.xlsform import read_xlsform  # noqa: E402
from ocpsc_field.store.surveys import SurveyStore  # noqa: E402
from ocpsc_field.sync import enrollment  # noqa: E402
from ocpsc_field.sync.engine import run_sync  # noqa: E402
from tests.hq.conftest import sqlite_server  # noqa: E402, F401
from tests.hq.harness import Server  # noqa: E402
from tests.hq.survey_forms import new_form_id, write_form  # noqa: E402
from tests.hq.test_admin import PASSWORD, AdminSession  # noqa: E402

_PUBLISHED = re.compile(r"as survey ([0-9a-f-]{36})\.")


def _publish(hq: Server, path: Path) -> str:
    result = hq.manage("publish_survey", str(path))
    assert result.returncode == 0, result.stderr
    return _PUBLISHED.search(result.stdout).group(1)


def _enroll(opened: Any, hq: Server) -> tuple[str, str]:
    """Enroll the laptop as a coordinator of a new organization: (organization, user)."""
    organization = hq.organization()
    username = hq.user(organization, "coordinator")
    enrollment.enroll(opened.database, hq.url, hq.code(username))
    return organization, username


def _synced(opened: Any) -> None:
    result = run_sync(opened)
    assert result.pending == 0 and result.quarantined == 0, result


def _complete(store: SurveyStore, survey_id: str, answers: dict, draft_id: str | None = None):
    """Check the answers with the form logic and save what the form would save."""
    survey = store.get_survey(survey_id)
    state = FormLogic(survey.definition).evaluate(answers, language="es")
    assert state.problems() == {}, state.problems()
    saved = store.save_response(
        survey_id, state.answers_to_save(), language="es", draft_id=draft_id
    )
    assert saved.ok, saved.errors
    return saved.record["id"]


def _export_csv(hq: Server, form_id: str, folder: Path) -> dict[str, list[dict[str, str]]]:
    out = folder / "export.csv"
    done = hq.manage("export_survey", form_id, "--format", "csv", "--out", str(out))
    assert done.returncode == 0, done.stderr
    sheets = {}
    for name, path in [("responses", out), *((r, folder / f"export-{r}.csv") for r in REPEATS)]:
        text = path.read_bytes().decode("utf-8-sig")
        sheets[name] = list(csv.DictReader(io.StringIO(text, newline="")))
    return sheets


def _export_xlsx(hq: Server, form_id: str, folder: Path) -> dict[str, list[dict[str, Any]]]:
    out = folder / "export.xlsx"
    done = hq.manage("export_survey", form_id, "--format", "xlsx", "--out", str(out))
    assert done.returncode == 0, done.stderr
    workbook = load_workbook(out)
    sheets = {}
    for sheet in workbook.worksheets:
        header, *rows = sheet.iter_rows(values_only=True)
        sheets[sheet.title] = [dict(zip(header, row, strict=True)) for row in rows]
    return sheets


REPEATS = ("children", "visits")
FAMILY = {
    "respondent": "Nguyễn Thị Lan",
    "has_children": "yes",
    "children_count": 2,
    "children": [
        {"child_name": "Minh", "child_age": 9, "child_needs": ["school", "food"]},
        {
            "child_name": "小美",
            "child_age": 4,
            "child_needs": ["clinic"],
            "visits": [{"visit_date": "2026-02-01"}, {"visit_date": "2026-02-20"}],
        },
    ],
    "programs": ["medi_cal", "calfresh"],
    "notes": "=1+1 vuelve el martes",
}
# "No children", yet a count typed before that answer: skip logic must drop it.
ALONE = {"respondent": "Ana", "has_children": "no", "children_count": 3, "programs": ["calkids"]}


def test_a_survey_goes_from_hq_to_the_laptop_and_its_answers_come_back(
    sqlite_server: Server,  # noqa: F811 - the fixture imported above
    opened,
    tmp_path: Path,
):
    hq = sqlite_server
    organization, username = _enroll(opened, hq)
    form_id = new_form_id()
    first = write_form(tmp_path, form_id, "1")
    v1 = _publish(hq, first)

    _synced(opened)
    store = SurveyStore.of(opened)
    [survey] = [s for s in store.list_surveys() if s.form_id == form_id]
    assert survey.id == v1 and survey.version == "1"
    assert survey.definition == read_xlsform(first.read_bytes())

    draft = store.save_draft(
        "01890000-0000-7000-8000-00000000e2e1",
        v1,
        language="es",
        answers={"respondent": "Nguyễn Thị Lan"},
        resident_id=None,
    )
    [resumed] = store.list_drafts(v1)
    family = _complete(store, v1, {**resumed.answers, **FAMILY}, draft_id=draft)
    alone = _complete(store, v1, ALONE)
    assert store.list_drafts(v1) == []
    _synced(opened)

    sheets = _export_csv(hq, form_id, tmp_path)
    rows = {row["_response_id"]: row for row in sheets["responses"]}
    assert set(rows) == {family, alone}
    expected_family = {
        "respondent": "Nguyễn Thị Lan",
        "has_children": "yes",
        "children_count": "2",
        "children_total": "2",  # calculated on the laptop
        "programs": "calfresh medi_cal",  # in the form's order
        "notes": "'=1+1 vuelve el martes",  # a formula is defused
    }
    expected_alone = {
        "respondent": "Ana",
        "has_children": "no",
        "children_count": "",  # hidden by skip logic, so not kept
        "children_total": "0",
        "programs": "calkids",
        "notes": "",
    }
    for response_id, expected in ((family, expected_family), (alone, expected_alone)):
        row = rows[response_id]
        assert {name: row[name] for name in expected} == expected
        assert row["_form_version"] == "1" and row["_language"] == "es"
        assert row["_organization"] == organization and row["_user"] == username
        stored = opened.records.get(Kind.SURVEY_RESPONSE, response_id)
        assert row["_submitted_at"] == stored["completed_at"]
    children = sheets["children"]
    assert [(c["_response_id"], c["_position"], c["child_name"]) for c in children] == [
        (family, "1", "Minh"),
        (family, "2", "小美"),
    ]
    assert [c["child_needs"] for c in children] == ["food school", "clinic"]
    assert [c["child_age"] for c in children] == ["9", "4"]
    visits = sheets["visits"]
    assert [(v["_parent_instance"], v["visit_date"]) for v in visits] == [
        (children[1]["_instance"], "2026-02-01"),
        (children[1]["_instance"], "2026-02-20"),
    ]

    workbook = _export_xlsx(hq, form_id, tmp_path)
    assert list(workbook) == ["responses", "children", "visits"]
    by_id = {row["_response_id"]: row for row in workbook["responses"]}
    assert by_id[family]["children_count"] == 2 and by_id[family]["children_total"] == 2
    assert by_id[alone]["children_count"] is None
    assert by_id[family]["notes"] == "'=1+1 vuelve el martes"
    assert [row["child_age"] for row in workbook["children"]] == [9, 4]
    assert [row["visit_date"] for row in workbook["visits"]] == ["2026-02-01", "2026-02-20"]


def test_a_draft_begun_on_version_1_completes_after_version_2_is_published(
    sqlite_server: Server,  # noqa: F811 - the fixture imported above
    opened,
    tmp_path: Path,
):
    hq = sqlite_server
    _enroll(opened, hq)
    form_id = new_form_id()
    v1 = _publish(hq, write_form(tmp_path, form_id, "1"))
    _synced(opened)
    store = SurveyStore.of(opened)
    draft = store.save_draft(
        "01890000-0000-7000-8000-00000000e2e2",
        v1,
        language="es",
        answers={"respondent": "Rosa", "has_children": "no"},
        resident_id=None,
    )

    v2 = _publish(hq, write_form(tmp_path, form_id, "2"))
    _synced(opened)
    [listed] = [s for s in store.list_surveys() if s.form_id == form_id]
    assert (listed.id, listed.version) == (v2, "2")  # new responses use version 2
    assert listed.older_versions == ((v1, "1"),)  # version 1 stays for its draft
    [waiting] = store.list_drafts()
    assert waiting.id == draft and waiting.survey_id == v1

    older = _complete(
        store, waiting.survey_id, {**waiting.answers, "programs": ["calfresh"]}, draft
    )
    newer = _complete(store, v2, {"respondent": "Iris", "phone_ok": "yes", "has_children": "no"})
    assert opened.records.get(Kind.SURVEY_RESPONSE, older)["survey_id"] == v1
    assert opened.records.get(Kind.SURVEY_RESPONSE, older)["survey_version"] == "1"
    _synced(opened)

    rows = {row["_response_id"]: row for row in _export_csv(hq, form_id, tmp_path)["responses"]}
    assert rows[older]["_form_version"] == "1" and rows[older]["phone_ok"] == ""
    assert rows[older]["respondent"] == "Rosa" and rows[older]["programs"] == "calfresh"
    assert rows[newer]["_form_version"] == "2" and rows[newer]["phone_ok"] == "yes"

    # HQ counts the older response against the exact version record it was answered on.
    admin = AdminSession(hq, hq.staff(hq.organization(), "hq_admin", PASSWORD))
    listing = admin.get(f"/admin/hq/survey/?q={form_id}").text
    for version_id, status in ((v1, "superseded by version 2"), (v2, "current")):
        row = re.search(rf'value="{version_id}".*?</tr>', listing, re.S).group(0)
        assert status in row and re.search(r'class="field-responses">1<', row)
