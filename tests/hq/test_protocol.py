"""The wire shapes both sides share: round trips and refusals of malformed bodies."""

from __future__ import annotations

import gzip

import pytest

from ocpsc_field.sync.protocol import (
    ExchangeRequest,
    ExchangeResponse,
    MalformedOp,
    ProtocolError,
    Receipt,
    StreamPage,
    WireOp,
    decode_body,
    encode_body,
)

OP = WireOp(3, "resident", "0190f0f0-0000-7000-8000-000000000001", "update", 2, "x", {"a": 1})


def test_a_request_survives_the_wire():
    request = ExchangeRequest("dev", [OP], cursors={"resident": 4}, pending=9)
    decoded = ExchangeRequest.from_json(decode_body(encode_body(request.to_json()), "gzip"))
    assert decoded.ops == [OP] and decoded.cursors == {"resident": 4} and decoded.pending == 9
    assert (decoded.op_id_from, decoded.op_id_to) == (3, 3)


def test_an_unreadable_op_is_rejected_alone():
    body = ExchangeRequest("dev", [OP]).to_json()
    body["batch"]["ops"].append({"op_id": 4, "op": "explode"})
    body["batch"]["op_id_to"] = 4
    decoded = ExchangeRequest.from_json(body)
    assert decoded.ops[0] == OP and isinstance(decoded.ops[1], MalformedOp)


@pytest.mark.parametrize(
    "change",
    [
        {"cursors": {"resident": -1}},
        {"cursors": {"passwords": 0}},
        {"page_size": 0},
        {"batch": {"op_id_from": 5, "op_id_to": 4, "ops": []}},
        {"batch": {"op_id_from": 1, "op_id_to": 2, "ops": [OP.to_json()]}},  # op 3 outside
        {"batch": {"op_id_from": 1, "op_id_to": 9, "ops": [{"kind": "resident"}]}},  # no op_id
    ],
)
def test_malformed_requests_are_refused(change):
    with pytest.raises(ProtocolError):
        ExchangeRequest.from_json({"protocol": 1, "device_id": "dev", **change})


def test_a_response_survives_the_wire():
    response = ExchangeResponse(
        receipts=[Receipt(1, "applied"), Receipt(2, "rejected", "invalid", "bad", {"zip": {}})],
        streams={"program": StreamPage([{"id": "p"}], 7, True)},
        instructions=[{"action": "wipe"}],
    )
    assert ExchangeResponse.from_json(response.to_json()) == response
    assert response.wipe


def test_bodies_that_are_not_gzip_json_are_refused():
    for body, encoding in ((b"{", None), (b"plain", "gzip"), (gzip.compress(b"\xff"), "gzip")):
        with pytest.raises(ProtocolError):
            decode_body(body, encoding)
    with pytest.raises(ProtocolError):
        decode_body(b"{}", "br")
