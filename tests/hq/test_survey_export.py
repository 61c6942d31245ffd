"""``ocpsc-hq manage export_survey``: every version's responses as CSV files or one workbook."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook

from tests.hq.harness import Device, Server, states
from tests.hq.survey_forms import new_form_id, response, write_form
from tests.hq.test_survey_publish import publish, published_id

FAMILY = {
    "respondent": "Nguyễn Thị Lan",
    "has_children": "yes",
    "children_count": 2,
    "children": [
        {"child_name": '=HYPERLINK("http://evil")', "child_age": 7, "child_needs": ["food"]},
        {
            "child_name": "小明",
            "child_needs": ["clinic", "school"],
            "visits": [{"visit_date": "2026-02-01"}, {"visit_date": "2026-02-20"}],
        },
    ],
    "children_total": 2,
    "programs": ["calfresh", "calkids"],
}
SINGLE = {"respondent": "Ana", "phone_ok": "yes", "has_children": "no", "children_total": 0}


def _published_form(hq: Server, folder: Path) -> tuple[str, str, str]:
    form_id = new_form_id()
    v1 = published_id(publish(hq, write_form(folder, form_id, "1")))
    v2 = published_id(publish(hq, write_form(folder, form_id, "2")))
    return form_id, v1, v2


def _send(device: Device, *fields: dict) -> list[str]:
    ops = [device.create("survey_response", values) for values in fields]
    assert states(device.exchange(ops)) == ["applied"] * len(ops)
    return [op.record_id for op in ops]


def _csv(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # so Excel reads the file as UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_export_has_every_version_and_repeats_beside_it(hq: Server, tmp_path: Path):
    form_id, v1, v2 = _published_form(hq, tmp_path)
    device = hq.device()
    family, single = _send(device, response(v1, "1", FAMILY), response(v2, "2", SINGLE))
    [gone] = _send(device, response(v2, "2", {**SINGLE, "respondent": "Withdrawn"}))
    assert states(device.exchange([device.op("survey_response", gone, "delete", {})])) == [
        "applied"
    ]
    _send(device, response(v2, "2", {"respondent": "Unfinished"}, status="draft"))
    _send(hq.device(), response(v2, "2", {**SINGLE, "respondent": "Other organization"}))

    out = tmp_path / "report.csv"
    done = hq.manage("export_survey", form_id, "--format", "csv", "--out", str(out))

    assert done.returncode == 0, done.stderr
    assert "Exported 3 responses" in done.stdout
    responses = _csv(out)
    assert [row["respondent"] for row in responses] == [
        "Nguyễn Thị Lan",
        "Ana",
        "Other organization",
    ]
    first, second, _other = responses
    assert first["_response_id"] == family and first["_form_version"] == "1"
    assert second["_response_id"] == single and second["_form_version"] == "2"
    assert first["programs"] == "calfresh calkids" and first["children_count"] == "2"
    assert first["phone_ok"] == "" and second["phone_ok"] == "yes"  # union of the versions
    assert first["_organization"] == device.organization and first["_device"] == device.id
    assert first["_language"] == "es" and first["_submitted_at"] == "2026-03-05T17:20:00.000Z"

    children = _csv(tmp_path / "report-children.csv")
    assert [(row["_response_id"], row["_position"]) for row in children] == [
        (family, "1"),
        (family, "2"),
    ]
    assert children[0]["child_name"] == '\'=HYPERLINK("http://evil")'  # defused
    assert children[1]["child_name"] == "小明"
    assert children[1]["child_needs"] == "clinic school"
    visits = _csv(tmp_path / "report-visits.csv")
    assert [row["_parent_instance"] for row in visits] == [children[1]["_instance"]] * 2
    assert [row["visit_date"] for row in visits] == ["2026-02-01", "2026-02-20"]
    assert sorted(p.name for p in tmp_path.glob("report*")) == [
        "report-children.csv",
        "report-visits.csv",
        "report.csv",
    ]

    mine = tmp_path / "mine.csv"
    scoped = hq.manage(
        "export_survey",
        form_id,
        "--format",
        "csv",
        "--out",
        str(mine),
        "--org",
        device.organization,
    )
    assert scoped.returncode == 0, scoped.stderr
    assert [row["respondent"] for row in _csv(mine)] == ["Nguyễn Thị Lan", "Ana"]


def test_xlsx_export_has_a_sheet_per_repeat_and_typed_cells(sqlite_server: Server, tmp_path):
    hq = sqlite_server
    form_id, v1, v2 = _published_form(hq, tmp_path)
    device = hq.device()
    [family] = _send(device, response(v1, "1", FAMILY))

    out = tmp_path / "report.xlsx"
    done = hq.manage("export_survey", form_id, "--format", "xlsx", "--out", str(out))

    assert done.returncode == 0, done.stderr
    workbook = load_workbook(out)
    assert workbook.sheetnames == ["responses", "children", "visits"]
    header, row = list(workbook["responses"].iter_rows(values_only=True))
    found = dict(zip(header, row, strict=True))
    assert found["_response_id"] == family and found["respondent"] == "Nguyễn Thị Lan"
    assert found["children_count"] == 2  # a number, not text
    children = list(workbook["children"].iter_rows(values_only=True))
    assert children[1][:5] == (f"{family}/children[1]", family, None, 1, children[1][4])
    assert children[1][4] == '\'=HYPERLINK("http://evil")'
    assert [r[-1] for r in workbook["visits"].iter_rows(values_only=True)] == [
        "visit_date",
        "2026-02-01",
        "2026-02-20",
    ]


def test_export_mistakes_are_explained(sqlite_server: Server, tmp_path: Path):
    hq = sqlite_server
    unknown = hq.manage("export_survey", "no_such_form", "--format", "csv", "--out", "x.csv")
    assert unknown.returncode == 1 and "No survey with form id 'no_such_form'" in unknown.stderr
    form_id, _v1, _v2 = _published_form(hq, tmp_path)
    folder = hq.manage("export_survey", form_id, "--format", "xlsx", "--out", str(tmp_path))
    assert folder.returncode == 1 and "is a folder" in folder.stderr
    missing = tmp_path / "no" / "such" / "folder.xlsx"
    nowhere = hq.manage("export_survey", form_id, "--format", "xlsx", "--out", str(missing))
    assert nowhere.returncode == 1 and "Could not write" in nowhere.stderr
    wrong = hq.manage("export_survey", form_id, "--format", "pdf", "--out", "x.pdf")
    assert wrong.returncode != 0 and "invalid choice" in wrong.stderr
    for result in (unknown, folder, nowhere, wrong):
        assert "Traceback" not in result.stderr
