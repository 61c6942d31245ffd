"""Exchanges with a real HQ: apply, resend, reorder, reject, scope, merge, revoke, wipe."""

from __future__ import annotations

from ocpsc_field.core.ids import new_id
from ocpsc_field.sync.protocol import ExchangeResponse
from tests.hq import records
from tests.hq.harness import Server, states
from tests.hq.survey_forms import new_form_id, response, write_form
from tests.hq.test_survey_publish import publish, published_id


def test_a_batch_is_applied_and_its_records_counted(hq: Server):
    device = hq.device()
    person = device.create("resident", records.resident())
    ops = [
        person,
        device.create("contact_log", records.contact_log(person.record_id)),
        device.create("contact_log", records.contact_log()),
        device.create("enrollment", records.enrollment(person.record_id, new_id())),
    ]
    answer = device.exchange(ops)
    assert states(answer) == ["applied"] * 4
    ExchangeResponse.from_json(answer)  # the documented shape
    counts = hq.counts(device.organization)["records"]
    assert counts == {"resident": 1, "contact_log": 2, "enrollment": 1, "survey_response": 0}


def test_a_resent_batch_is_duplicate_and_creates_nothing_twice(hq: Server):
    device = hq.device()
    ops = [device.create("resident", records.resident()) for _ in range(3)]
    assert states(device.exchange(ops)) == ["applied"] * 3
    assert states(device.exchange(ops)) == ["duplicate"] * 3
    # An overlapping resend: the old ops are duplicates, the new one applies.
    more = [*ops[1:], device.create("resident", records.resident())]
    assert states(device.exchange(more)) == ["duplicate", "duplicate", "applied"]
    assert hq.counts(device.organization)["records"]["resident"] == 4


def test_a_bad_op_is_rejected_with_reasons_and_does_not_block_the_rest(hq: Server):
    device = hq.device()
    good = device.create("resident", records.resident())
    bad = device.create("resident", records.resident(given_name="", zip="10001"))
    after = device.create("contact_log", records.contact_log(good.record_id))
    reference = device.create("program", {"code": "x", "name": {"en": "X"}})
    edit = device.update("contact_log", after.record_id, {"notes": "changed"})
    answer = device.exchange([good, bad, after, reference, edit])
    assert states(answer) == ["applied", "rejected", "applied", "rejected", "rejected"]
    rejected = answer["receipts"][1]
    assert rejected["reason"] == "invalid"
    assert set(rejected["errors"]) == {"given_name", "zip"}
    assert rejected["errors"]["zip"]["msgid"].startswith("This is not a California ZIP code")
    assert answer["receipts"][3]["reason"] == "reference_data"
    assert answer["receipts"][4]["reason"] == "append_only"
    assert hq.counts(device.organization)["records"]["resident"] == 1


def test_a_value_the_database_refuses_is_rejected_alone(hq: Server, tmp_path):
    device = hq.device()
    survey_id = published_id(publish(hq, write_form(tmp_path, new_form_id())))
    answers = {"has_children": "no", "children_total": 0}
    # A draft's answers are not checked against its form, so the NUL reaches the database.
    nul = {**answers, "respondent": "nul \u0000 here"}
    odd = device.create("survey_response", response(survey_id, "1", nul, status="draft"))
    fine = device.create(
        "survey_response", response(survey_id, "1", {**answers, "respondent": "Ana"})
    )
    answer = device.exchange([odd, fine])
    if hq.backend == "postgresql":  # jsonb cannot hold NUL; SQLite stores it
        assert answer["receipts"][0]["reason"] == "malformed"
    assert states(answer)[1] == "applied"
    assert states(device.exchange([odd, fine]))[1] == "duplicate"


def test_a_rejected_op_fixed_and_resent_under_its_op_id_applies(hq: Server):
    device = hq.device()
    bad = device.create("resident", records.resident(preferred_language="Spanish"))
    assert states(device.exchange([bad])) == ["rejected"]
    fixed = type(bad)(**{**bad.to_json(), "fields": records.resident()})
    assert states(device.exchange([fixed])) == ["applied"]
    assert states(device.exchange([fixed])) == ["duplicate"]
    assert hq.counts(device.organization)["records"]["resident"] == 1


def test_out_of_order_batches_merge_and_gaps_are_reported(hq: Server):
    device = hq.device(role="coordinator")
    person = device.create("resident", records.resident(city="Fresno"))
    edit = device.update("resident", person.record_id, {"city": "Merced"})
    lost = device.create("contact_log", records.contact_log(person.record_id))
    later = device.create("contact_log", records.contact_log())
    # The update (op 2) and op 4 arrive first; op 3 never does.
    assert states(device.exchange([edit, later])) == ["applied", "applied"]
    assert hq.counts(device.organization)["records"]["resident"] == 0  # no create yet
    assert states(device.exchange([person])) == ["applied"]
    mine = [row for row in device.devices().json()["devices"] if row["id"] == device.id][0]
    assert mine["gaps"] == [[lost.op_id, lost.op_id]]
    assert mine["missing_ops"] == 1
    other = hq.device(device.organization, role="cbo_staff")
    [stored] = other.pull_all("resident")
    assert stored["city"] == "Merced"  # the later edit wins although it arrived first
    assert states(device.exchange([lost])) == ["applied"]
    mine = [row for row in device.devices().json()["devices"] if row["id"] == device.id][0]
    assert mine["gaps"] == [] and mine["contiguous_through"] == later.op_id


def test_cross_organization_push_is_refused(hq: Server):
    alpha = hq.device()
    beta = hq.device()
    person = alpha.create("resident", records.resident())
    assert states(alpha.exchange([person])) == ["applied"]
    attempts = [
        beta.update("resident", person.record_id, {"given_name": "Mallory"}),
        beta.op("resident", person.record_id, "delete", {}),
        beta.create("resident", records.resident(), record_id=person.record_id),
        beta.create("contact_log", records.contact_log(person.record_id)),
        beta.create("resident", records.resident(organization_id=alpha.organization_id)),
    ]
    answer = beta.exchange(attempts)
    assert states(answer) == ["rejected"] * 5
    assert {receipt["reason"] for receipt in answer["receipts"]} == {"not_in_scope"}
    [stored] = hq.device(alpha.organization).pull_all("resident")
    assert stored["given_name"] == "Ana" and not stored["deleted"]
    assert hq.counts(beta.organization)["records"]["contact_log"] == 0


def test_cross_organization_pull_is_refused(hq: Server):
    alpha = hq.device()
    beta = hq.device()
    ops = [alpha.create("resident", records.resident()) for _ in range(3)]
    ops.append(alpha.create("enrollment", records.enrollment(ops[0].record_id, new_id())))
    assert states(alpha.exchange(ops)) == ["applied"] * 4
    assert beta.pull_all("resident") == [] and beta.pull_all("enrollment") == []
    body = {
        "protocol": 1,
        "device_id": beta.id,
        "organization_id": alpha.organization_id,
        "cursors": {"resident": 0},
    }
    refused = beta.post(body)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "out_of_scope"
    assert beta.post({**body, "device_id": alpha.id}).json()["error"]["code"] == "device_mismatch"


def test_streams_page_with_cursors_and_has_more(hq: Server):
    writer = hq.device()
    ops = [writer.create("resident", records.resident(given_name=f"N{i}")) for i in range(7)]
    assert states(writer.exchange(ops)) == ["applied"] * 7
    reader = hq.device(writer.organization)
    seen, pages = [], []
    while True:
        page = reader.exchange(streams=("resident",), page_size=3)["streams"]["resident"]
        pages.append((len(page["records"]), page["has_more"]))
        seen.extend(record["given_name"] for record in page["records"])
        if not page["has_more"]:
            break
    assert pages == [(3, True), (3, True), (1, False)]
    assert seen == [f"N{i}" for i in range(7)]
    edit = writer.update("resident", ops[2].record_id, {"given_name": "Changed"})
    assert states(writer.exchange([edit])) == ["applied"]
    page = reader.exchange(streams=("resident",))["streams"]["resident"]
    assert [record["given_name"] for record in page["records"]] == ["Changed"]
    # The writer is not sent back what it wrote itself; the other device's view is.
    assert writer.pull_all("resident") == []


def test_streams_follow_the_role(hq: Server):
    canvasser = hq.device(role="canvasser")
    answer = canvasser.exchange(streams=("resident", "enrollment", "program", "organization"))
    assert set(answer["streams"]) == {"resident", "program", "organization"}
    assert answer["refused_streams"] == {"enrollment": "role_not_allowed"}
    names = {record["name"] for record in answer["streams"]["organization"]["records"]}
    assert canvasser.organization in names


def test_two_devices_edit_one_resident_field_by_field_with_a_conflict(hq: Server):
    first = hq.device(role="coordinator")
    second = hq.device(first.organization)
    person = first.create("resident", records.resident(city="Fresno", zip="93701"))
    assert states(first.exchange([person])) == ["applied"]
    assert len(second.pull_all("resident")) == 1
    # Both edit offline; the second device's clock is later.
    second.wall_ms = first.wall_ms + 1000
    mine = first.update("resident", person.record_id, {"city": "Merced", "phone": "9165550123"})
    theirs = second.update("resident", person.record_id, {"city": "Modesto", "household_size": 4})
    assert states(second.exchange([theirs])) == ["applied"]
    assert states(first.exchange([mine])) == ["applied"]
    [merged] = hq.device(first.organization).pull_all("resident")
    assert merged["city"] == "Modesto"  # later clock wins
    assert merged["phone"] == "+19165550123" and merged["household_size"] == 4  # clean merges
    assert merged["zip"] == "93701"
    conflicts = hq.agent.command("list_conflicts", "--org", first.organization)
    assert '"field": "city"' in conflicts and '"losing_value": "Merced"' in conflicts


def test_tombstones_win_over_edits(hq: Server):
    first = hq.device()
    second = hq.device(first.organization)
    person = first.create("resident", records.resident())
    assert states(first.exchange([person])) == ["applied"]
    second.wall_ms = first.wall_ms + 1000
    delete = first.op("resident", person.record_id, "delete", {})
    edit = second.update("resident", person.record_id, {"city": "Chico"})
    assert states(first.exchange([delete])) == ["applied"]
    assert states(second.exchange([edit])) == ["applied"]
    [stored] = hq.device(first.organization).pull_all("resident")
    assert stored["deleted"] is True and stored["city"] == "Chico"
    assert hq.counts(first.organization)["records"]["resident"] == 0


def test_a_revoked_device_is_refused_with_a_reason(hq: Server):
    device = hq.device()
    hq.agent.command("revoke_device", device.id)
    answer = device.exchange([device.create("resident", records.resident())], expect=403)
    assert answer["error"]["code"] == "device_revoked"
    assert "revoked" in answer["error"]["message"]
    assert hq.counts(device.organization)["records"]["resident"] == 0


def test_a_device_marked_for_wipe_gets_the_instruction_after_its_ops_are_saved(hq: Server):
    device = hq.device()
    hq.agent.command("wipe_device", device.id)
    answer = device.exchange([device.create("resident", records.resident())], streams=("program",))
    assert states(answer) == ["applied"]  # nothing the device still held is lost
    assert [item["action"] for item in answer["instructions"]] == ["wipe"]
    assert answer["streams"] == {} and answer["refused_streams"] == {"program": "wipe_requested"}
    assert ExchangeResponse.from_json(answer).wipe


def test_requests_hq_cannot_accept_are_refused_with_json(hq: Server):
    device = hq.device()
    unknown = device.post({"protocol": 1, "device_id": device.id}, token="not-a-token")
    assert unknown.status_code == 401 and unknown.json()["error"]["code"] == "unauthorized"
    future = device.post({"protocol": 99, "device_id": device.id})
    assert future.json()["error"]["code"] == "protocol_unsupported"
    broken = device.post({"protocol": 1, "device_id": device.id, "cursors": {"secrets": 0}})
    assert broken.status_code == 400 and "unknown streams" in broken.json()["error"]["message"]
    garbage = device.session.post(
        hq.url + "/api/v1/exchange",
        data=b"\x1f\x8bnot gzip",
        headers={"Authorization": f"Bearer {device.token}", "Content-Encoding": "gzip"},
    )
    assert garbage.status_code == 400 and garbage.json()["error"]["code"] == "bad_request"
