"""HQ checks each survey response on arrival against the survey version it names.

A response to a survey HQ never published, a withdrawn version or the wrong
version, or a complete response whose answers fail the form's own checks, is
rejected alone with a reason naming the field or question; the rest of the
batch is applied.
"""

from __future__ import annotations

from pathlib import Path

from ocpsc_field.core.ids import new_id
from ocpsc_field.sync.protocol import ExchangeRequest
from tests.hq.harness import Device, Server, states
from tests.hq.survey_forms import new_form_id, response, write_form
from tests.hq.test_admin import PASSWORD, AdminSession
from tests.hq.test_ingest_queries import _statements
from tests.hq.test_survey_export import FAMILY, SINGLE, _csv
from tests.hq.test_survey_publish import publish, published_id

V1_SINGLE = {key: value for key, value in SINGLE.items() if key != "phone_ok"}


def _publish(hq: Server, folder: Path, *versions: str) -> tuple[str, list[str]]:
    form_id = new_form_id()
    ids = [published_id(publish(hq, write_form(folder, form_id, v))) for v in versions]
    return form_id, ids


def _stored(hq: Server, device: Device) -> int:
    return hq.counts(device.organization)["records"]["survey_response"]


def _receipts(device: Device, *fields: dict) -> list[dict]:
    answer = device.exchange([device.create("survey_response", values) for values in fields])
    return answer["receipts"]


def test_bad_responses_are_rejected_with_their_reason_and_the_rest_applied(
    hq: Server, tmp_path: Path
):
    form_id, [v1] = _publish(hq, tmp_path, "1")
    device = hq.device(role="canvasser")
    older_child = {**FAMILY["children"][0], "child_age": 17}
    cases = [
        response(v1, "1", FAMILY),
        response(new_id(), "1", FAMILY),  # no such survey
        response(v1, "2", FAMILY),  # version 2 was never published
        response(v1, "1", {**V1_SINGLE, "respondent": ""}),  # required and shown
        response(
            v1, "1", {**FAMILY, "children": [older_child, {"child_name": "A", "child_age": 30}]}
        ),
        response(v1, "1", {**FAMILY, "programs": ["calfresh", "lottery"]}),  # not a choice
        response(v1, "1", {**FAMILY, "children": FAMILY["children"][:1]}),  # 1 entry, 2 asked for
        response(v1, "1", {**FAMILY, "has_children": "maybe"}),
        response(v1, "1", {"respondent": "Ana"}, status="draft"),  # drafts: answers not judged
        response(v1, "1", V1_SINGLE),
    ]

    receipts = _receipts(device, *cases)

    assert [r["state"] for r in receipts] == ["applied"] + ["rejected"] * 7 + ["applied"] * 2
    rejected = receipts[1:8]
    assert {r["reason"] for r in rejected} == {"invalid"}
    assert list(rejected[0]["errors"]) == ["survey_id"]
    assert rejected[0]["errors"]["survey_id"]["msgid"].startswith("HQ has not published the survey")
    assert list(rejected[1]["errors"]) == ["survey_version"]
    assert rejected[1]["errors"]["survey_version"]["params"] == {
        "sent": "2",
        "form_id": form_id,
        "version": "1",
    }
    assert f"version 2 of the survey {form_id}" in rejected[1]["message"]
    question_keys = [list(r["errors"]) for r in rejected[2:]]
    assert question_keys == [
        ["respondent"],
        ["children[2]/child_age"],
        ["programs"],
        ["children"],
        ["has_children"],
    ]
    for receipt, [key] in zip(rejected[2:], question_keys, strict=True):
        assert key in receipt["message"]
        assert receipt["errors"][key]["msgid"] and receipt["errors"][key]["text"]
    assert _stored(hq, device) == 3


def test_a_response_to_a_superseded_version_still_applies(hq: Server, tmp_path: Path):
    form_id, [v1] = _publish(hq, tmp_path, "1")
    device = hq.device()
    assert states(
        device.exchange([device.create("survey_response", response(v1, "1", FAMILY))])
    ) == ["applied"]
    v2 = published_id(publish(hq, write_form(tmp_path, form_id, "2")))

    receipts = _receipts(
        device,
        response(v1, "1", V1_SINGLE),  # begun on version 1, completed after version 2
        response(v2, "2", SINGLE),
        response(v2, "2", V1_SINGLE),  # version 2 asks phone_ok, and requires it
        response(v2, "1", V1_SINGLE),
    )

    assert [r["state"] for r in receipts] == ["applied", "applied", "rejected", "rejected"]
    assert list(receipts[2]["errors"]) == ["phone_ok"]
    assert list(receipts[3]["errors"]) == ["survey_version"]
    assert _stored(hq, device) == 3


def test_a_withdrawn_version_takes_no_more_responses(sqlite_server: Server, tmp_path: Path):
    hq = sqlite_server
    form_id, [v1, v2] = _publish(hq, tmp_path, "1", "2")
    admin = AdminSession(hq, hq.staff(hq.organization(), "hq_admin", PASSWORD))
    assert admin.action("/admin/hq/survey/", "tombstone", [v1]).status_code in (200, 302)
    device = hq.device()

    receipts = _receipts(device, response(v1, "1", V1_SINGLE), response(v2, "2", SINGLE))

    assert [r["state"] for r in receipts] == ["rejected", "applied"]
    assert receipts[0]["errors"]["survey_id"]["params"] == {"form_id": form_id, "version": "1"}
    assert "withdrawn" in receipts[0]["message"]


def test_a_rejected_response_fixed_and_resent_applies(hq: Server, tmp_path: Path):
    _form_id, [v1] = _publish(hq, tmp_path, "1")
    device = hq.device()
    bad = device.create("survey_response", response(v1, "1", {**V1_SINGLE, "has_children": "yes"}))
    [receipt] = device.exchange([bad])["receipts"]
    assert receipt["state"] == "rejected"
    assert set(receipt["errors"]) == {"children_count"}  # shown now, so required

    fixed = type(bad)(**{**bad.to_json(), "fields": response(v1, "1", FAMILY)})
    assert states(device.exchange([fixed])) == ["applied"]
    assert states(device.exchange([fixed])) == ["duplicate"]
    assert _stored(hq, device) == 1


def test_an_update_is_checked_as_merged_with_the_stored_response(hq: Server, tmp_path: Path):
    form_id, [v1, v2] = _publish(hq, tmp_path, "1", "2")
    device = hq.device()
    created = device.create("survey_response", response(v1, "1", FAMILY))
    assert states(device.exchange([created])) == ["applied"]
    record = created.record_id

    to_other_version = device.update("survey_response", record, {"survey_id": v2})
    breaks_an_answer = device.update(
        "survey_response", record, {"answers": {**FAMILY, "children_count": 11}}
    )
    fixes_an_answer = device.update(
        "survey_response", record, {"answers": {**FAMILY, "respondent": "Lan"}}
    )
    answer = device.exchange([to_other_version, breaks_an_answer, fixes_an_answer])

    assert states(answer) == ["rejected", "rejected", "applied"]
    assert list(answer["receipts"][0]["errors"]) == ["survey_version"]
    assert list(answer["receipts"][1]["errors"]) == ["children_count", "children"]
    out = tmp_path / "export.csv"
    exported = hq.manage("export_survey", form_id, "--format", "csv", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    [row] = [r for r in _csv(out) if r["_response_id"] == record]
    assert (row["_form_version"], row["children_count"], row["respondent"]) == ("1", "2", "Lan")


def test_statements_per_exchange_do_not_grow_with_the_responses(hq: Server, tmp_path: Path):
    _form_id, [v1, v2] = _publish(hq, tmp_path, "1", "2")
    device = hq.device()

    def batch(size: int) -> ExchangeRequest:
        fields = [
            response(v1, "1", V1_SINGLE) if i % 2 else response(v2, "2", SINGLE)
            for i in range(size)
        ]
        fields[0] = response(v1, "1", {"respondent": ""})
        ops = [device.create("survey_response", values) for values in fields]
        return ExchangeRequest(device.id, ops)

    small, large = _statements(hq, [batch(4), batch(60)])

    assert small["states"] == ["rejected"] + ["applied"] * 3
    assert large["states"] == ["rejected"] + ["applied"] * 59
    assert small["statements"] == large["statements"]
    assert _stored(hq, device) == 62
