"""The bundle endpoints over raw HTTP: who may call them, and what a bad upload gets back."""

from __future__ import annotations

import base64

import requests

from ocpsc_field.sync import bundle_format
from ocpsc_field.sync.bundle_keys import HqKeySet, new_signing_pair, to_text
from ocpsc_field.sync.protocol import BUNDLE_RECEIPTS_PATH, BUNDLES_PATH, encode_body
from tests.hq.harness import ROOT, Device, Server


def post(device: Device, path: str, body: dict, token: str | None = None) -> requests.Response:
    return device.session.post(
        device.server.url + path,
        data=encode_body(body),
        headers={
            "Authorization": f"Bearer {token if token is not None else device.token}",
            "Content-Encoding": "gzip",
            "Content-Type": "application/json",
        },
        timeout=60,
    )


def upload(device: Device, data: bytes, token: str | None = None) -> requests.Response:
    body = {"protocol": 1, "bundle": base64.b64encode(data).decode("ascii")}
    return post(device, BUNDLES_PATH, body, token)


def test_enrollment_and_exchanges_hand_out_hqs_bundle_keys(sqlite_server: Server):
    device = sqlite_server.device()
    keys = HqKeySet.from_json(device.enrolled["bundle_keys"])
    assert keys is not None and keys.active_key.key_id == keys.active
    answer = device.exchange()
    assert HqKeySet.from_json(answer["bundle_keys"]) == keys
    assert "device_key_registered" not in answer  # only answered when a key was sent


def test_a_device_registers_its_key_once_by_sync_and_cannot_replace_it(sqlite_server: Server):
    device = sqlite_server.device()  # enrolled by an app that sent no key
    first, second = new_signing_pair(), new_signing_pair()
    body = {"protocol": 1, "device_id": device.id, "device_key": to_text(first.public)}
    assert device.post(body).json()["device_key_registered"] is True
    assert device.post(body).json()["device_key_registered"] is True
    replaced = {**body, "device_key": to_text(second.public)}
    assert device.post(replaced).json()["device_key_registered"] is False


def test_bad_uploads_are_refused_with_a_reason(sqlite_server: Server):
    relay = sqlite_server.device(role="coordinator")
    assert upload(relay, b"whatever", token="not-a-token").status_code == 401
    refused = post(relay, BUNDLES_PATH, {"protocol": 1, "bundle": "@@not base64@@"})
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "bad_request"
    for data, code in [
        (b"hello", bundle_format.NOT_A_BUNDLE),
        (b"OCPSC-BUNDLE 1\n\x00\x00", bundle_format.TRUNCATED),
        (b"OCPSC-BUNDLE 7\n", bundle_format.UNSUPPORTED),
    ]:
        answer = upload(relay, data)
        assert answer.status_code == 400, answer.text
        assert answer.json()["error"]["code"] == code
        assert answer.json()["error"]["message"]
    old = post(relay, BUNDLES_PATH, {"protocol": 99, "bundle": ""})
    assert old.json()["error"]["code"] == "protocol_unsupported"


def test_only_coordinators_and_hq_admins_get_receipts_files(sqlite_server: Server):
    organization = sqlite_server.organization()
    canvasser = sqlite_server.device(organization, role="canvasser")
    coordinator = sqlite_server.device(organization, role="coordinator")
    refused = post(canvasser, BUNDLE_RECEIPTS_PATH, {"protocol": 1})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    answer = post(coordinator, BUNDLE_RECEIPTS_PATH, {"protocol": 1, "days": 7})
    assert answer.status_code == 200 and answer.json()["devices"] == []
    assert base64.b64decode(answer.json()["file"]).startswith(b"OCPSC-RECEIPTS 1\n")
    bad = post(coordinator, BUNDLE_RECEIPTS_PATH, {"protocol": 1, "days": 0})
    assert bad.status_code == 400


def test_the_openapi_document_describes_the_bundle_endpoints_and_codes():
    document = (ROOT / "docs" / "openapi.yaml").read_text(encoding="utf-8")
    for path in (BUNDLES_PATH, BUNDLE_RECEIPTS_PATH):
        assert f"\n  {path}:\n" in document
    codes = [value for name, value in vars(bundle_format).items() if name.isupper()]
    for code in [code for code in codes if isinstance(code, str) and code.startswith("bundle_")]:
        assert code in document, code
