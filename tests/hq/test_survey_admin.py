"""Surveys in the admin: the XLSForm upload page, versions with their status, exports."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import requests
from openpyxl import load_workbook

from tests.hq.harness import Device, Server, states
from tests.hq.survey_forms import new_form_id, response, write_form
from tests.hq.test_admin import PASSWORD, AdminSession
from tests.hq.test_survey_export import FAMILY, SINGLE

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "xlsform"
UPLOAD = "/admin/hq/survey/add/"


def upload(admin: AdminSession, path: Path, **fields: str) -> requests.Response:
    token = admin.session.cookies["csrftoken"]
    with path.open("rb") as handle:
        return admin.session.post(
            admin.hq.url + UPLOAD,
            data={"csrfmiddlewaretoken": token, **fields},
            files={"xlsform": (path.name, handle, "application/octet-stream")},
            headers={"Referer": admin.hq.url + UPLOAD},
            timeout=60,
        )


def _problem_rows(page: str) -> list[list[str]]:
    table = re.search(r'<table class="survey-problems".*?</table>', page, re.S)
    assert table, "no problems table"
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(0), re.S)
    return [
        [re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in rows
        if "<td>" in row
    ]


def _survey_id(page: requests.Response) -> str:
    found = re.search(r"/admin/hq/survey/([0-9a-f-]{36})/change/", page.url)
    assert found, page.url
    return found.group(1)


def _row_of(listing: str, version_id: str) -> str:
    match = re.search(rf'value="{version_id}".*?</tr>', listing, re.S)
    assert match, version_id
    return match.group(0)


def test_an_hq_admin_publishes_versions_and_sees_problems(sqlite_server: Server, tmp_path):
    hq = sqlite_server
    admin = AdminSession(hq, hq.staff(hq.organization(), "hq_admin", PASSWORD))
    device = hq.device()
    device.pull_all("survey")

    page = admin.get(UPLOAD)
    assert page.status_code == 200 and 'name="xlsform"' in page.text

    refused = upload(admin, FIXTURES / "broken_invalid_expressions.xlsx")
    assert refused.status_code == 200 and "4 problems: nothing" in refused.text
    assert _problem_rows(refused.text)[0] == [
        "survey",
        "2",
        "constraint",
        "4",
        "The expression ends too early: something is missing at its end.",
    ]
    assert device.pull_all("survey") == []

    form_id = new_form_id()
    first = write_form(tmp_path, form_id, "1")
    checked = upload(admin, first, check_only="on")
    assert f"would create form {form_id} version 1" in checked.text
    assert device.pull_all("survey") == []

    published = upload(admin, first)
    assert published.status_code == 200 and "/change/" in published.url
    v1 = _survey_id(published)
    assert f"Published form {form_id} version 1" in published.text
    assert "children, children/visits" in published.text  # the summary's repeats
    again = upload(admin, first)
    assert _survey_id(again) == v1 and "was already published" in again.text

    v2 = _survey_id(upload(admin, write_form(tmp_path, form_id, "2")))
    assert {record["id"] for record in device.pull_all("survey")} == {v1, v2}

    listing = admin.get(f"/admin/hq/survey/?q={form_id}").text
    assert "superseded by version 2" in _row_of(listing, v1)
    assert "current" in _row_of(listing, v2)
    assert f"/admin/hq/survey/export/{form_id}/xlsx/" in listing
    version_page = admin.get(f"/admin/hq/survey/{v1}/change/").text
    assert "superseded" in version_page and f"/admin/hq/survey/{v2}/change/" in version_page

    admin.action("/admin/hq/survey/", "tombstone", [v2])
    [withdrawn] = device.pull_all("survey")
    assert withdrawn["id"] == v2 and withdrawn["deleted"] is True
    listing = admin.get(f"/admin/hq/survey/?q={form_id}").text
    assert "withdrawn" in _row_of(listing, v2) and "current" in _row_of(listing, v1)
    reused = upload(admin, write_form(tmp_path, form_id, "2"))
    assert "was published and then withdrawn" in _problem_rows(reused.text)[0][-1]


def test_uploads_need_the_csrf_token_and_the_right_to_publish(sqlite_server: Server, tmp_path):
    hq = sqlite_server
    admin = AdminSession(hq, hq.staff(hq.organization(), "hq_admin", PASSWORD))
    path = write_form(tmp_path, new_form_id(), "1")
    with path.open("rb") as handle:
        forged = admin.session.post(
            hq.url + UPLOAD, files={"xlsform": (path.name, handle)}, timeout=30
        )
    assert forged.status_code == 403

    coordinator = AdminSession(hq, hq.staff(hq.organization(), "coordinator", PASSWORD))
    assert coordinator.get(UPLOAD).status_code == 403
    assert upload(coordinator, path).status_code == 403
    anonymous = requests.get(hq.url + UPLOAD, timeout=30)
    assert "/admin/login/" in anonymous.url


def test_coordinators_count_and_export_only_their_organizations_responses(hq: Server, tmp_path):
    admin = AdminSession(hq, hq.staff(hq.organization(), "hq_admin", PASSWORD))
    form_id = new_form_id()
    v1 = _survey_id(upload(admin, write_form(tmp_path, form_id, "1")))
    v2 = _survey_id(upload(admin, write_form(tmp_path, form_id, "2")))
    ours = hq.device(role="coordinator")
    theirs = hq.device()
    _send(ours, response(v1, "1", FAMILY))
    _send(ours, response(v2, "2", SINGLE))
    _send(theirs, response(v2, "2", {**SINGLE, "respondent": "Elsewhere"}))

    coordinator = AdminSession(hq, hq.staff(ours.organization, "coordinator", PASSWORD))
    listing = coordinator.get(f"/admin/hq/survey/?q={form_id}").text
    assert re.search(r'class="field-responses">1<', _row_of(listing, v2))
    everyone = admin.get(f"/admin/hq/survey/?q={form_id}").text
    assert re.search(r'class="field-responses">2<', _row_of(everyone, v2))

    download = coordinator.get(f"/admin/hq/survey/export/{form_id}/csv/")
    assert download.status_code == 200
    assert download.headers["Content-Type"] == "application/zip"
    assert "no-store" in download.headers["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    main, children, visits = archive.namelist()
    assert main.startswith(form_id) and main.endswith(".csv")
    assert children == main.replace(".csv", "-children.csv")
    assert visits == main.replace(".csv", "-visits.csv")
    text = archive.read(main).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(row["respondent"] for row in rows) == ["Ana", "Nguyễn Thị Lan"]

    workbook = admin.get(f"/admin/hq/survey/export/{form_id}/xlsx/")
    assert workbook.status_code == 200
    sheets = load_workbook(io.BytesIO(workbook.content))
    respondents = [row[9] for row in sheets["responses"].iter_rows(min_row=2, values_only=True)]
    assert sorted(respondents) == ["Ana", "Elsewhere", "Nguyễn Thị Lan"]

    refused = coordinator.action("/admin/hq/survey/", "tombstone", [v1])
    assert refused.status_code == 200
    ours_now = [r for r in hq.device().pull_all("survey") if r["form_id"] == form_id]
    assert len(ours_now) == 2 and not any(record["deleted"] for record in ours_now)
    assert coordinator.get(f"/admin/hq/survey/export/{form_id}/pdf/").status_code == 404
    assert coordinator.get("/admin/hq/survey/export/no_such_form/csv/").status_code == 404


def _send(device: Device, fields: dict) -> None:
    assert states(device.exchange([device.create("survey_response", fields)])) == ["applied"]
