"""The small endpoints: health, the OpenAPI document, the coordinator's device list."""

from __future__ import annotations

import re

import requests

from ocpsc_field.sync.protocol import ErrorCode, Reason
from tests.hq import records
from tests.hq.harness import ROOT, Server


def test_health_and_the_openapi_document(sqlite_server: Server):
    hq = sqlite_server
    health = requests.get(hq.url + "/health", timeout=10)
    assert health.status_code == 200 and health.json() == {"status": "ok", "protocol": 1}
    served = requests.get(hq.url + "/api/v1/openapi.yaml", timeout=10)
    document = (ROOT / "docs" / "openapi.yaml").read_text(encoding="utf-8")
    assert served.status_code == 200 and served.text == document
    for path in ("/health:", "/api/v1/enroll:", "/api/v1/exchange:", "/api/v1/devices:"):
        assert f"\n  {path}\n" in document
    for code in [*ErrorCode, *Reason]:
        assert re.search(rf"\b{code.value}\b", document), code
    missing = requests.get(hq.url + "/api/v1/nothing", timeout=10)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    wrong = requests.get(hq.url + "/api/v1/exchange", timeout=10)
    assert wrong.status_code == 405 and wrong.headers["Allow"] == "POST"
    assert "Use POST" in wrong.json()["error"]["message"]


def test_large_answers_are_compressed_when_the_client_accepts_it(sqlite_server: Server):
    writer = sqlite_server.device()
    writer.exchange([writer.create("resident", records.resident()) for _ in range(10)])
    reader = sqlite_server.device(writer.organization)
    answer = reader.post({"protocol": 1, "device_id": reader.id, "cursors": {"resident": 0}})
    assert answer.headers["Content-Encoding"] == "gzip"
    assert len(answer.json()["streams"]["resident"]["records"]) == 10


def test_coordinators_see_their_teams_devices_with_gaps_and_staleness(hq: Server):
    coordinator = hq.device(role="coordinator")
    teammate = hq.device(coordinator.organization, role="canvasser")
    stranger = hq.device(role="coordinator")
    teammate.next_op_id = 5  # ops 1-4 never arrive
    teammate.exchange([teammate.create("contact_log", {"bad": "op"})], streams=())
    response = coordinator.session.get(
        hq.url + "/api/v1/devices?stale_days=3",
        headers={"Authorization": f"Bearer {coordinator.token}"},
        timeout=30,
    )
    rows = {row["id"]: row for row in response.json()["devices"]}
    assert set(rows) == {coordinator.id, teammate.id}  # not the other organization's
    assert rows[teammate.id]["gaps"] == [[1, 4]] and rows[teammate.id]["missing_ops"] == 4
    assert rows[teammate.id]["stale"] is False and rows[teammate.id]["role"] == "canvasser"
    assert stranger.id not in rows
    refused = teammate.devices()
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
