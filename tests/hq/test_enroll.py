"""Enrolling a device with a one-time, expiring code."""

from __future__ import annotations

import time

import requests

from ocpsc_field.sync.protocol import ENROLL_PATH
from tests.hq.harness import Device, Server


def _enroll(hq: Server, body: object) -> requests.Response:
    return requests.post(hq.url + ENROLL_PATH, json=body, timeout=30)


def test_a_valid_code_gives_a_device_id_and_token_once(hq: Server):
    organization = hq.organization()
    username = hq.user(organization, "canvasser")
    code = hq.code(username)
    typed = "  " + code.lower().replace("-", " ") + " "  # as people type it
    response = _enroll(hq, {"code": typed, "device_name": "Laptop 7", "local_device_id": "abc"})
    assert response.status_code == 201, response.text
    enrolled = response.json()
    assert enrolled["user"] == {"username": username, "role": "canvasser"}
    assert enrolled["organization"]["name"] == organization
    assert len(enrolled["device_token"]) >= 43  # 256 bits
    assert "resident" in enrolled["streams"] and "enrollment" not in enrolled["streams"]
    device = Device(hq, enrolled, organization)
    assert device.exchange()["receipts"] == []

    reused = _enroll(hq, {"code": code})
    assert reused.status_code == 409
    assert reused.json()["error"]["code"] == "enrollment_code_used"


def test_an_unknown_code_is_refused_with_a_clear_message(hq: Server):
    response = _enroll(hq, {"code": "AAAAA-BBBBB-CCCCC"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "enrollment_code_invalid"
    assert "not valid" in error["message"]


def test_an_expired_code_is_refused(hq: Server):
    username = hq.user(hq.organization())
    code = hq.code(username, "--hours", "0.0002")  # under a second
    time.sleep(1.0)
    response = _enroll(hq, {"code": code})
    assert response.status_code == 410
    assert response.json()["error"]["code"] == "enrollment_code_expired"


def test_a_malformed_enrollment_is_a_bad_request(hq: Server):
    for body in ({}, {"code": 5}, {"code": "X", "first_op_id": 0}):
        response = _enroll(hq, body)
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "bad_request"
