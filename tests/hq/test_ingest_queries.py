"""An exchange costs the same few SQL statements whether it carries 4 ops or 400."""

from __future__ import annotations

import json
import subprocess
import sys

from ocpsc_field.sync.protocol import ExchangeRequest
from tests.hq import records
from tests.hq.harness import ROOT, Device, Server, states


def _mixed_batch(device: Device, residents: list[str], size: int, city: str) -> ExchangeRequest:
    """Half edits of stored residents, half new conversations."""
    ops = []
    for index in range(size // 2):
        resident = residents[index % len(residents)]
        ops.append(device.update("resident", resident, {"city": city}))
        ops.append(device.create("contact_log", records.contact_log(resident)))
    return ExchangeRequest(device.id, ops)


def _statements(hq: Server, requests: list[ExchangeRequest]) -> list[dict]:
    lines = "".join(json.dumps(request.to_json()) + "\n" for request in requests)
    done = subprocess.run(
        [sys.executable, "-m", "tests.hq.count_queries"],
        cwd=ROOT,
        env=hq.env,
        input=lines,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_statements_per_exchange_do_not_grow_with_the_batch(hq: Server):
    device = hq.device()
    creates = [device.create("resident", records.resident(given_name=f"R{i}")) for i in range(200)]
    assert set(states(device.exchange(creates))) == {"applied"}
    residents = [op.record_id for op in creates]

    small = _mixed_batch(device, residents, 4, "Fresno")
    large = _mixed_batch(device, residents, 400, "Merced")
    answers = _statements(hq, [small, large])

    assert [set(answer["states"]) for answer in answers] == [{"applied"}, {"applied"}]
    assert [len(answer["states"]) for answer in answers] == [4, 400]
    assert answers[0]["statements"] == answers[1]["statements"]
    # Claim numbers, lock, look up, write one statement per table, commit: a fixed handful.
    assert answers[1]["statements"] <= 16, [answer["statements"] for answer in answers]
    counts = hq.counts(device.organization)["records"]
    assert (counts["resident"], counts["contact_log"]) == (200, 202)
    # What was written is what a device downloads.
    pulled = {r["id"]: r for r in hq.device(device.organization).pull_all("resident")}
    assert {pulled[resident]["city"] for resident in residents} == {"Merced"}
