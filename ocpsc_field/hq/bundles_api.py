"""The bundle endpoints: a relay uploads a bundle, and downloads its team's receipts file.

``POST /api/v1/bundles`` takes ``{"protocol": 1, "bundle": base64}`` (a sealed
bundle is random-looking bytes, so gzip gains nothing; base64 inside the usual
gzip JSON keeps one body format and one error shape for the whole API).
``POST /api/v1/bundles/receipts`` makes a freshly signed receipts file. Both
authenticate with the relay device's token. See ``docs/sync-protocol.md``.
"""

from __future__ import annotations

import base64
import binascii

from django.core.exceptions import RequestDataTooBig
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from ocpsc_field.hq import api, bundle_receipts, bundles
from ocpsc_field.hq.http import json_response, only, read_json, refuse
from ocpsc_field.hq.models import Device
from ocpsc_field.hq.roles import sees_every_organization
from ocpsc_field.sync.protocol import (
    MAX_BODY_BYTES,
    SUPPORTED_VERSIONS,
    ErrorCode,
    ProtocolError,
    error_body,
)

_BUSY = "HQ is busy. The app will try again shortly; nothing was lost."


def _relay(request: HttpRequest) -> Device | HttpResponse:
    """The uploading device, authenticated exactly as for a sync exchange."""
    return api._authenticate(request)


def _busy(request: HttpRequest) -> HttpResponse:
    return refuse(request, 503, ErrorCode.SERVER_BUSY, _BUSY, headers={"Retry-After": "5"})


def _body(request: HttpRequest) -> dict | HttpResponse:
    try:
        data = read_json(request)
    except RequestDataTooBig:
        return refuse(
            request,
            413,
            ErrorCode.BATCH_TOO_LARGE,
            f"The request is larger than HQ accepts ({MAX_BODY_BYTES // (1024 * 1024)} MB).",
        )
    except ProtocolError as problem:
        return refuse(request, 400, ErrorCode.BAD_REQUEST, f"The request is not valid: {problem}.")
    if not isinstance(data, dict):
        return refuse(request, 400, ErrorCode.BAD_REQUEST, "The request must be a JSON object.")
    if data.get("protocol") not in SUPPORTED_VERSIONS:
        return refuse(
            request,
            400,
            ErrorCode.PROTOCOL_UNSUPPORTED,
            "This version of the app speaks a protocol HQ does not support. Update the app.",
            supported=list(SUPPORTED_VERSIONS),
        )
    return data


def bundle_refusal(request: HttpRequest, refused: bundles.BundleRefused) -> HttpResponse:
    return json_response(request, error_body(refused.code, str(refused)), status=refused.status)


@csrf_exempt
@only("POST")
def upload(request: HttpRequest) -> HttpResponse:
    relay = _relay(request)
    if isinstance(relay, HttpResponse):
        return relay
    data = _body(request)
    if isinstance(data, HttpResponse):
        return data
    try:
        raw = base64.b64decode(str(data.get("bundle", "")), validate=True)
    except (binascii.Error, ValueError):
        return refuse(request, 400, ErrorCode.BAD_REQUEST, "'bundle' must be base64.")
    try:
        received = bundles.receive(raw, relay=relay)
    except bundles.BundleRefused as refused:
        return bundle_refusal(request, refused)
    except OperationalError:
        return _busy(request)
    return json_response(request, received.to_json())


@csrf_exempt
@only("POST")
def receipts(request: HttpRequest) -> HttpResponse:
    relay = _relay(request)
    if isinstance(relay, HttpResponse):
        return relay
    data = _body(request)
    if isinstance(data, HttpResponse):
        return data
    if not bundles.may_download_receipts(relay.user):
        return refuse(
            request,
            403,
            ErrorCode.FORBIDDEN,
            "Only coordinators and HQ admins can download their team's receipts.",
        )
    days = data.get("days", bundle_receipts.DEFAULT_DAYS)
    devices = data.get("devices")
    if type(days) is not int or days < 1:
        return refuse(request, 400, ErrorCode.BAD_REQUEST, "'days' must be a whole number ≥ 1.")
    if devices is not None and not (
        isinstance(devices, list) and all(isinstance(item, str) for item in devices)
    ):
        return refuse(request, 400, ErrorCode.BAD_REQUEST, "'devices' must list device ids.")
    organization = None if sees_every_organization(relay.user) else relay.organization_id
    try:
        signed, summary, issued_at = bundle_receipts.team_receipts(
            organization, days=days, device_ids=devices
        )
    except OperationalError:
        return _busy(request)
    except bundle_receipts.NoSigningKey:
        return refuse(
            request,
            500,
            ErrorCode.SERVER_ERROR,
            "HQ cannot use its bundle keys (was its secret key changed?). An administrator "
            "must run rotate_bundle_key; nothing was changed.",
        )
    return json_response(
        request,
        {
            "issued_at": issued_at,
            "file": base64.b64encode(signed).decode("ascii"),
            "devices": summary,
        },
    )
