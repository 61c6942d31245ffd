"""The sync API: health, enroll, exchange, the team's devices, and the OpenAPI document.

Every refusal is JSON ``{"error": {"code", "message"}}`` with a message a
person can act on; the code is stable for the app to translate. Bodies may be
gzip-compressed both ways. See ``docs/sync-protocol.md``.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, OperationalError, connection
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from ocpsc_field.core.clock import iso_utc
from ocpsc_field.hq import bundle_keys, ingest, streams
from ocpsc_field.hq.devices import device_rows, visible_devices
from ocpsc_field.hq.enrollment import EnrollmentError, device_for_token, enroll
from ocpsc_field.hq.http import bearer_token, json_response, only, read_json, refuse
from ocpsc_field.hq.models import Conflict, Device, Role
from ocpsc_field.hq.roles import profile_of, sees_every_organization
from ocpsc_field.sync.protocol import (
    MAX_BODY_BYTES,
    PROTOCOL_VERSION,
    SUPPORTED_VERSIONS,
    ErrorCode,
    ExchangeRequest,
    ExchangeResponse,
    Instruction,
    ProtocolError,
)

OPENAPI_FILE = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
RETRY_AFTER_SECONDS = "5"

_NOT_ENROLLED = (
    "HQ does not recognize this device. Enroll it again with a new code from your coordinator."
)
_REVOKED = (
    "HQ has revoked this device's access, so it can no longer sync. "
    "Talk to your coordinator; records not yet sent are still on this laptop."
)
_WIPE = "HQ asked for this device's local data to be erased."


@only("GET")
def health(request: HttpRequest) -> HttpResponse:
    """200 once the database answers: the probe the app uses before it syncs."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT value FROM hq_sequencecounter")
            cursor.fetchall()
    except DatabaseError:
        return refuse(request, 503, ErrorCode.SERVER_BUSY, "HQ's database is not reachable.")
    return json_response(request, {"status": "ok", "protocol": PROTOCOL_VERSION})


class TooLarge(Exception):
    """The body is over HQ's limit; the client should send smaller batches."""


def _body(request: HttpRequest) -> object:
    try:
        return read_json(request)
    except RequestDataTooBig:
        raise TooLarge() from None


def _too_large(request: HttpRequest) -> HttpResponse:
    return refuse(
        request,
        413,
        ErrorCode.BATCH_TOO_LARGE,
        f"The request is larger than HQ accepts ({MAX_BODY_BYTES // (1024 * 1024)} MB); "
        "send smaller batches.",
    )


@csrf_exempt
@only("POST")
def enroll_device(request: HttpRequest) -> HttpResponse:
    try:
        data = _body(request)
        if not isinstance(data, dict) or not isinstance(data.get("code"), str):
            raise ProtocolError("missing 'code'")
        first_op_id = data.get("first_op_id", 1)
        if type(first_op_id) is not int or first_op_id < 1:
            raise ProtocolError("'first_op_id' must be a whole number of at least 1")
    except ProtocolError as problem:
        return refuse(request, 400, ErrorCode.BAD_REQUEST, f"The request is not valid: {problem}.")
    except TooLarge:
        return _too_large(request)
    try:
        enrolled = enroll(
            data["code"],
            name=str(data.get("device_name") or ""),
            local_id=str(data.get("local_device_id") or ""),
            first_op_id=first_op_id,
            device_key=str(data.get("device_key") or ""),
        )
    except EnrollmentError as refused:
        return refuse(request, refused.status, refused.code, str(refused))
    device = enrolled.device
    profile = device.user.hq_profile
    return json_response(
        request,
        {
            "protocol": PROTOCOL_VERSION,
            "device_id": device.id,
            "device_token": enrolled.token,
            "user": {"username": device.user.get_username(), "role": profile.role},
            "organization": {"id": device.organization_id, "name": device.organization.name},
            "streams": list(streams.allowed_streams(profile.role)),
            "server_time": iso_utc(timezone.now()),
            "bundle_keys": bundle_keys.public_key_set().to_json(),
        },
        status=201,
    )


def _wipe_instruction(device: Device) -> list[dict[str, str]]:
    if not device.wipe_requested:
        return []
    Device.objects.filter(pk=device.pk, wipe_sent_at__isnull=True).update(
        wipe_sent_at=timezone.now()
    )
    return [{"action": Instruction.WIPE.value, "message": _WIPE}]


def _authenticate(request: HttpRequest) -> Device | HttpResponse:
    device = device_for_token(bearer_token(request))
    if device is None:
        return refuse(
            request,
            401,
            ErrorCode.UNAUTHORIZED,
            _NOT_ENROLLED,
            headers={"WWW-Authenticate": 'Bearer realm="ocpsc-hq"'},
        )
    if device.revoked:
        Device.objects.filter(pk=device.pk).update(last_seen=timezone.now())
        return refuse(
            request,
            403,
            ErrorCode.DEVICE_REVOKED,
            _REVOKED,
            instructions=_wipe_instruction(device),
        )
    if not device.user.is_active or profile_of(device.user) is None:
        return refuse(
            request,
            403,
            ErrorCode.USER_INACTIVE,
            "The account this device is enrolled for is not active. Ask your coordinator.",
        )
    return device


@csrf_exempt
@only("POST")
def exchange(request: HttpRequest) -> HttpResponse:
    device = _authenticate(request)
    if isinstance(device, HttpResponse):
        return device
    try:
        data = _body(request)
        if isinstance(data, dict) and data.get("protocol") not in SUPPORTED_VERSIONS:
            return refuse(
                request,
                400,
                ErrorCode.PROTOCOL_UNSUPPORTED,
                "This version of the app speaks a sync protocol HQ does not support. "
                "Update the app.",
                supported=list(SUPPORTED_VERSIONS),
            )
        parsed = ExchangeRequest.from_json(data)
    except ProtocolError as problem:
        return refuse(request, 400, ErrorCode.BAD_REQUEST, f"The request is not valid: {problem}.")
    except TooLarge:
        return _too_large(request)
    if parsed.device_id != device.id:
        return refuse(
            request,
            403,
            ErrorCode.DEVICE_MISMATCH,
            "The request names a different device than the one its token belongs to.",
        )
    if parsed.organization_id is not None and parsed.organization_id != device.organization_id:
        return refuse(
            request,
            403,
            ErrorCode.OUT_OF_SCOPE,
            "This device belongs to another organization and cannot read or write its records.",
        )
    try:
        device, receipts = ingest.apply_batch(device.id, parsed)
    except ingest.DeviceRevoked:
        return refuse(request, 403, ErrorCode.DEVICE_REVOKED, _REVOKED)
    except OperationalError:
        return refuse(
            request,
            503,
            ErrorCode.SERVER_BUSY,
            "HQ is busy. The app will try again shortly; nothing was lost.",
            headers={"Retry-After": RETRY_AFTER_SECONDS},
        )
    instructions = _wipe_instruction(device)
    role = device.user.hq_profile.role
    allowed = streams.allowed_streams(role)
    pages = {}
    refused = {}
    for name, cursor in parsed.cursors.items():
        if instructions:
            refused[name] = "wipe_requested"
        elif name not in allowed:
            refused[name] = "role_not_allowed"
        else:
            pages[name] = streams.page(device, name, cursor, parsed.page_size)
    answer = ExchangeResponse(
        receipts=receipts,
        streams=pages,
        instructions=instructions,
        refused_streams=refused,
        server_time=iso_utc(timezone.now()),
        conflicts_open=Conflict.objects.filter(
            organization_id=device.organization_id, resolved_at__isnull=True
        ).count(),
        bundle_keys=bundle_keys.public_key_set().to_json(),
        device_key_registered=bundle_keys.register_device_key(device, parsed.device_key),
    )
    return json_response(request, answer.to_json())


@only("GET")
def devices(request: HttpRequest) -> HttpResponse:
    """The devices a coordinator (their organization's) or HQ admin (all) may see."""
    viewer = request.user if request.user.is_authenticated else None
    if viewer is None:
        device = device_for_token(bearer_token(request))
        if device is None or device.revoked or not device.user.is_active:
            return refuse(request, 401, ErrorCode.UNAUTHORIZED, _NOT_ENROLLED)
        viewer = device.user
    profile = profile_of(viewer)
    everyone = sees_every_organization(viewer)
    if not everyone and (profile is None or profile.role != Role.COORDINATOR):
        return refuse(
            request,
            403,
            ErrorCode.FORBIDDEN,
            "Only coordinators and HQ admins can see the team's devices.",
        )
    stale_days = request.GET.get("stale_days", "")
    days = int(stale_days) if stale_days.isdigit() else None
    organization = None if everyone else profile.organization_id
    rows = device_rows(visible_devices(organization), stale_days=days)
    return json_response(request, {"devices": rows, "server_time": iso_utc(timezone.now())})


@only("GET")
def openapi(request: HttpRequest) -> HttpResponse:
    if not OPENAPI_FILE.is_file():
        return refuse(request, 404, ErrorCode.NOT_FOUND, "The OpenAPI document is not installed.")
    return FileResponse(OPENAPI_FILE.open("rb"), content_type="application/yaml")
