"""Publishing XLSForms with ``ocpsc-hq manage publish_survey``: versions, problems, devices."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from ocpsc_field.core.clock import now_iso
from ocpsc_field.core.survey import definition_to_json
from ocpsc_field.core.xlsform import read_xlsform
from tests.hq.harness import HQ, Device, Server, states
from tests.hq.survey_forms import new_form_id, write_form

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "xlsform"
_PUBLISHED = re.compile(r"Published form (\S+) version (\S+) as survey ([0-9a-f-]{36})\.")


def publish(hq: Server, path: Path, *extra: str) -> subprocess.CompletedProcess:
    return hq.manage("publish_survey", str(path), *extra)


def published_id(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stderr
    found = _PUBLISHED.search(result.stdout)
    assert found, result.stdout
    return found.group(3)


def surveys_of(device: Device, form_id: str) -> list[dict]:
    """The survey records of ``form_id`` the device's next syncs download."""
    return [record for record in device.pull_all("survey") if record["form_id"] == form_id]


def test_each_version_is_its_own_record_and_devices_receive_it(hq: Server, tmp_path: Path):
    device = hq.device(role="canvasser")
    form_id = new_form_id()
    first = write_form(tmp_path, form_id, "1")

    published = publish(hq, first)
    v1 = published_id(published)
    assert f"form {form_id} version 1" in published.stdout

    [received] = surveys_of(device, form_id)
    assert received["id"] == v1 and received["version"] == "1" and not received["deleted"]
    assert received["definition"] == definition_to_json(read_xlsform(first.read_bytes()))
    assert received["title"] == {"en": "Home visit"}

    again = publish(hq, first)
    assert again.returncode == 0, again.stderr
    assert "Already published" in again.stdout and v1 in again.stdout
    assert surveys_of(device, form_id) == []  # nothing changed, nothing to send

    second = write_form(tmp_path, form_id, "2")
    v2 = published_id(publish(hq, second))
    assert v2 != v1
    [newer] = surveys_of(device, form_id)
    assert newer["id"] == v2 and newer["version"] == "2"
    assert "phone_ok" in str(newer["definition"])

    # A fresh laptop gets both versions: drafts begun on version 1 keep working.
    colleague = hq.device(device.organization)
    versions = {record["version"]: record for record in surveys_of(colleague, form_id)}
    assert set(versions) == {"1", "2"}
    assert not versions["1"]["deleted"]


def test_a_version_means_one_form(sqlite_server: Server, tmp_path: Path):
    hq = sqlite_server
    device = hq.device()
    form_id = new_form_id()
    v1 = published_id(publish(hq, write_form(tmp_path, form_id, "1")))
    surveys_of(device, form_id)

    changed_rows = [("list_name", "name", "label::English (en)", "label::Español (es)")]
    changed_rows += [("yes_no", "yes", "Yes!", "¡Sí!"), ("yes_no", "no", "No", "No")]
    changed_rows += [("needs", "food", "Food", "Comida"), ("programs", "calfresh", "CF", "CF")]
    (tmp_path / "changed").mkdir()
    changed = write_form(tmp_path / "changed", form_id, "1", choices=changed_rows)
    refused = publish(hq, changed)

    assert refused.returncode == 1
    assert "already published with different questions" in refused.stderr
    assert "new version" in refused.stderr and "Traceback" not in refused.stderr
    assert "Published" not in refused.stdout
    assert surveys_of(device, form_id) == []
    assert publish(hq, write_form(tmp_path, form_id, "1")).stdout.count(v1) == 1


def test_problems_are_listed_with_their_place_and_nothing_is_published(
    sqlite_server: Server, tmp_path: Path
):
    hq = sqlite_server
    result = publish(hq, FIXTURES / "broken_invalid_expressions.xlsx")

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == (
        'sheet "survey", row 2, column "constraint", character 4: '
        "The expression ends too early: something is missing at its end."
    )
    assert any(line.startswith('sheet "survey", row 4, column "calculation"') for line in lines)
    assert lines[-1] == "CommandError: 4 problems found; nothing was published."

    for path, expected in [
        (FIXTURES / "not_a_workbook.xlsx", "problem found; nothing was published"),
        (tmp_path / "missing.xlsx", "Could not read"),
    ]:
        refused = publish(hq, path)
        assert refused.returncode == 1 and expected in refused.stderr, refused.stderr
        assert "Traceback" not in refused.stderr


def test_a_dry_run_checks_and_publishes_nothing(sqlite_server: Server, tmp_path: Path):
    hq = sqlite_server
    device = hq.device()
    form_id = new_form_id()
    path = write_form(tmp_path, form_id, "7")

    checked = publish(hq, path, "--dry-run")
    assert checked.returncode == 0, checked.stderr
    assert f"would create form {form_id} version 7" in checked.stdout
    assert surveys_of(device, form_id) == []
    published_id(publish(hq, path))
    assert len(surveys_of(device, form_id)) == 1


def test_publishes_at_the_same_moment_make_one_version(hq: Server, tmp_path: Path):
    device = hq.device()
    form_id = new_form_id()
    path = write_form(tmp_path, form_id, "1")
    runs = [
        subprocess.Popen(
            [HQ, "manage", "publish_survey", str(path)],
            env=hq.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]

    assert [run.returncode for run in runs] == [0, 0, 0], [err for _out, err in outputs]
    assert sum("Published form" in out for out, _err in outputs) == 1
    assert sum("Already published" in out for out, _err in outputs) == 2
    assert len(surveys_of(device, form_id)) == 1


def test_responses_to_an_older_version_are_still_accepted(hq: Server, tmp_path: Path):
    device = hq.device()
    form_id = new_form_id()
    v1 = published_id(publish(hq, write_form(tmp_path, form_id, "1")))
    published_id(publish(hq, write_form(tmp_path, form_id, "2")))

    answers = {"respondent": "Ana", "has_children": "no", "children_total": 0}
    response = device.create(
        "survey_response",
        {
            "survey_id": v1,
            "survey_version": "1",
            "status": "complete",
            "language": "es",
            "answers": answers,
            "completed_at": now_iso(),
        },
    )
    assert states(device.exchange([response])) == ["applied"]
