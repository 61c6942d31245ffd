"""The sync wire format, shared by the field app and HQ.

One exchange is one round trip: the request carries a batch of journal ops
and the device's cursor for each download stream; the response carries a
receipt per op, a page of each stream with its new cursor, and instructions
for the device. Bodies are gzip-compressed JSON. ``docs/sync-protocol.md``
explains the rules; this module holds only the shapes both sides must agree
on, with no I/O beyond gzip, so ``ocpsc_field.hq`` can import it without the
store.
"""

from __future__ import annotations

import gzip
import json
import zlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

PROTOCOL_VERSION = 1
SUPPORTED_VERSIONS = (1,)

ENROLL_PATH = "/api/v1/enroll"
EXCHANGE_PATH = "/api/v1/exchange"
DEVICES_PATH = "/api/v1/devices"
BUNDLES_PATH = "/api/v1/bundles"
BUNDLE_RECEIPTS_PATH = "/api/v1/bundles/receipts"
HEALTH_PATH = "/health"

OPS = ("create", "update", "delete")
APPLIED, DUPLICATE, REJECTED = "applied", "duplicate", "rejected"
RECEIPT_STATES = (APPLIED, DUPLICATE, REJECTED)

# Download streams, named after the record kind they carry.
REFERENCE_STREAMS = ("program", "survey", "resource", "organization")
ORGANIZATION_STREAMS = ("resident", "enrollment")
STREAMS = REFERENCE_STREAMS + ORGANIZATION_STREAMS

MAX_OPS_PER_BATCH = 5000
DEFAULT_PAGE_SIZE = 500
MAX_PAGE_SIZE = 2000
MAX_BODY_BYTES = 16 * 1024 * 1024  # compressed, as sent
MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024
MAX_NUMBER = 2**53  # op ids, revs and cursors: exact in JSON everywhere
MAX_HLC_LENGTH = 96


class Reason(StrEnum):
    """Why an op was rejected. The device quarantines the op with this reason."""

    INVALID = "invalid"  # a field fails validation; ``errors`` says which and why
    MALFORMED = "malformed"  # the op itself cannot be read (missing key, bad op, bad hlc)
    UNKNOWN_KIND = "unknown_kind"
    REFERENCE_DATA = "reference_data"  # programs, surveys, ... are published by HQ only
    APPEND_ONLY = "append_only"  # conversations cannot be edited, only corrected
    NOT_IN_SCOPE = "not_in_scope"  # the record belongs to another organization


class ErrorCode(StrEnum):
    """Why a whole request was refused (the ``error.code`` of a 4xx/5xx answer)."""

    BAD_REQUEST = "bad_request"
    PROTOCOL_UNSUPPORTED = "protocol_unsupported"
    BATCH_TOO_LARGE = "batch_too_large"
    UNAUTHORIZED = "unauthorized"  # no token, or a token HQ does not know
    DEVICE_REVOKED = "device_revoked"
    DEVICE_MISMATCH = "device_mismatch"  # the body names another device than the token
    USER_INACTIVE = "user_inactive"
    OUT_OF_SCOPE = "out_of_scope"  # the request names another organization
    FORBIDDEN = "forbidden"
    CODE_INVALID = "enrollment_code_invalid"
    CODE_EXPIRED = "enrollment_code_expired"
    CODE_USED = "enrollment_code_used"
    NOT_FOUND = "not_found"
    SERVER_BUSY = "server_busy"
    SERVER_ERROR = "server_error"


class Instruction(StrEnum):
    WIPE = "wipe"  # erase the local profile once the response is processed


class ProtocolError(ValueError):
    """A body that does not have the shape of this protocol; the message says where."""


def _require(data: Any, name: str, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(data, dict) or name not in data:
        raise ProtocolError(f"missing '{name}'")
    value = data[name]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise ProtocolError(f"'{name}' has the wrong type")
    if kind is int and not 0 <= value <= MAX_NUMBER:
        raise ProtocolError(f"'{name}' is out of range")
    return value


@dataclass(frozen=True)
class EnrollRequest:
    """What a device sends to enroll: the code as typed, and what HQ shows about it.

    ``first_op_id`` is the lowest journal op id the device still has to send,
    so HQ does not report ops acknowledged under an earlier enrollment as gaps.
    """

    code: str
    device_name: str = ""
    local_device_id: str = ""
    first_op_id: int = 1
    device_key: str = ""  # the device's Ed25519 public key (base64) it signs bundles with

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "device_name": self.device_name,
            "local_device_id": self.local_device_id,
            "first_op_id": self.first_op_id,
        }
        if self.device_key:
            data["device_key"] = self.device_key
        return data


@dataclass(frozen=True)
class Enrolled:
    """HQ's answer to an enrollment. Keep the token inside the encrypted profile only."""

    device_id: str
    device_token: str
    username: str
    role: str
    organization_id: str
    organization_name: str
    streams: tuple[str, ...]
    bundle_keys: dict[str, Any] | None = None  # HQ's public bundle keys (``bundle_keys``)

    @classmethod
    def from_json(cls, data: Any) -> Enrolled:
        user = _require(data, "user", dict)
        organization = _require(data, "organization", dict)
        return cls(
            device_id=_require(data, "device_id", str),
            device_token=_require(data, "device_token", str),
            username=_require(user, "username", str),
            role=_require(user, "role", str),
            organization_id=_require(organization, "id", str),
            organization_name=_require(organization, "name", str),
            streams=tuple(_require(data, "streams", list)),
            bundle_keys=_optional_object(data.get("bundle_keys")),
        )


@dataclass(frozen=True)
class WireOp:
    """One journal op as sent to HQ. ``fields`` holds every field for a create and
    only the changed ones for an update; ``at`` is when the device wrote it."""

    op_id: int
    kind: str
    record_id: str
    op: str
    rev: int
    hlc: str
    fields: dict[str, Any] = field(default_factory=dict)
    at: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = {
            "op_id": self.op_id,
            "kind": self.kind,
            "record_id": self.record_id,
            "op": self.op,
            "rev": self.rev,
            "hlc": self.hlc,
            "fields": self.fields,
        }
        if self.at is not None:
            data["at"] = self.at
        return data

    @classmethod
    def from_json(cls, data: Any) -> WireOp:
        op = _require(data, "op", str)
        if op not in OPS:
            raise ProtocolError(f"unknown op {op!r}")
        fields = data.get("fields") or {}
        if not isinstance(fields, dict):
            raise ProtocolError("'fields' must be an object")
        at = data.get("at")
        if len(_require(data, "hlc", str)) > MAX_HLC_LENGTH:
            raise ProtocolError("'hlc' is too long")
        if _require(data, "rev", int) >= 2**31:
            raise ProtocolError("'rev' is out of range")
        return cls(
            op_id=_require(data, "op_id", int),
            kind=_require(data, "kind", str),
            record_id=_require(data, "record_id", str),
            op=op,
            rev=_require(data, "rev", int),
            hlc=_require(data, "hlc", str),
            fields=fields,
            at=at if isinstance(at, str) else None,
        )


@dataclass(frozen=True)
class MalformedOp:
    """An op in a received batch that could not be read; it is rejected on its own."""

    op_id: int
    problem: str


def read_op(data: Any) -> WireOp | MalformedOp:
    """Parse one op of a received batch. Without a readable ``op_id`` there is
    nothing to answer to, so that alone fails the whole request."""
    op_id = _require(data, "op_id", int)
    try:
        return WireOp.from_json(data)
    except ProtocolError as problem:
        return MalformedOp(op_id, str(problem))


@dataclass(frozen=True)
class Receipt:
    """HQ's answer for one op. ``message`` is English; ``errors`` maps a field to
    ``{"msgid", "params", "text"}`` so the device can show it in its language."""

    op_id: int
    state: str
    reason: str | None = None
    message: str | None = None
    errors: dict[str, dict[str, Any]] | None = None

    def __post_init__(self) -> None:
        if self.state not in RECEIPT_STATES:
            raise ValueError(f"unknown receipt state {self.state!r}")

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"op_id": self.op_id, "state": self.state}
        if self.reason is not None:
            data["reason"] = self.reason
        if self.message is not None:
            data["message"] = self.message
        if self.errors:
            data["errors"] = self.errors
        return data

    @classmethod
    def from_json(cls, data: Any) -> Receipt:
        state = _require(data, "state", str)
        if state not in RECEIPT_STATES:
            raise ProtocolError(f"unknown receipt state {state!r}")
        return cls(
            op_id=_require(data, "op_id", int),
            state=state,
            reason=data.get("reason"),
            message=data.get("message"),
            errors=data.get("errors"),
        )


@dataclass(frozen=True)
class ExchangeRequest:
    """A batch of ops ``op_id_from..op_id_to`` (may be empty) and the cursors to read from.

    Only the streams named in ``cursors`` are served; a fresh device sends 0.
    ``pending`` is how many ops wait on the device, for the coordinator's view.
    """

    device_id: str
    ops: list[WireOp | MalformedOp] = field(default_factory=list)
    op_id_from: int | None = None
    op_id_to: int | None = None
    cursors: dict[str, int] = field(default_factory=dict)
    page_size: int = DEFAULT_PAGE_SIZE
    pending: int | None = None
    organization_id: str | None = None
    protocol: int = PROTOCOL_VERSION
    device_key: str | None = None  # sent until HQ confirms it registered the bundle key

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "protocol": self.protocol,
            "device_id": self.device_id,
            "cursors": self.cursors,
            "page_size": self.page_size,
        }
        if self.ops:
            first = self.op_id_from if self.op_id_from is not None else self.ops[0].op_id
            last = self.op_id_to if self.op_id_to is not None else self.ops[-1].op_id
            data["batch"] = {
                "op_id_from": first,
                "op_id_to": last,
                "ops": [op.to_json() for op in self.ops if isinstance(op, WireOp)],
            }
        if self.pending is not None:
            data["pending"] = self.pending
        if self.organization_id is not None:
            data["organization_id"] = self.organization_id
        if self.device_key:
            data["device_key"] = self.device_key
        return data

    @classmethod
    def from_json(cls, data: Any) -> ExchangeRequest:
        """The request, or ProtocolError. One unreadable op becomes a ``MalformedOp``
        and is rejected on its own instead of failing the batch."""
        protocol = _require(data, "protocol", int)
        device_id = _require(data, "device_id", str)
        cursors = data.get("cursors") or {}
        if not isinstance(cursors, dict) or not all(
            isinstance(key, str) and type(value) is int and 0 <= value <= MAX_NUMBER
            for key, value in cursors.items()
        ):
            raise ProtocolError("'cursors' must map stream names to whole numbers")
        unknown = sorted(set(cursors) - set(STREAMS))
        if unknown:
            raise ProtocolError(f"unknown streams: {', '.join(unknown)}")
        page_size = data.get("page_size", DEFAULT_PAGE_SIZE)
        if type(page_size) is not int or not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ProtocolError(f"'page_size' must be from 1 to {MAX_PAGE_SIZE}")
        pending = data.get("pending")
        organization_id = data.get("organization_id")
        device_key = data.get("device_key")
        ops: list[WireOp | MalformedOp] = []
        first = last = None
        batch = data.get("batch")
        if batch is not None:
            first = _require(batch, "op_id_from", int)
            last = _require(batch, "op_id_to", int)
            raw_ops = _require(batch, "ops", list)
            if first < 1 or last < first:
                raise ProtocolError("the batch range must run upwards from op id 1 or more")
            if len(raw_ops) > MAX_OPS_PER_BATCH:
                raise ProtocolError(f"at most {MAX_OPS_PER_BATCH} ops per batch")
            ops = [read_op(item) for item in raw_ops]
            ids = [op.op_id for op in ops]
            if any(not first <= op_id <= last for op_id in ids) or len(set(ids)) != len(ids):
                raise ProtocolError("op ids must be unique and inside op_id_from..op_id_to")
        return cls(
            device_id=device_id,
            ops=ops,
            op_id_from=first,
            op_id_to=last,
            cursors=dict(cursors),
            page_size=page_size,
            pending=pending if type(pending) is int and 0 <= pending < 2**31 else None,
            organization_id=organization_id if isinstance(organization_id, str) else None,
            protocol=protocol,
            device_key=device_key if isinstance(device_key, str) else None,
        )


@dataclass(frozen=True)
class StreamPage:
    """Records of one stream with ``cursor < seq <= new cursor``; ``has_more`` means ask again.

    Each record is the flat record (envelope and fields) plus ``hlc``, the
    latest hybrid-logical-clock time of any of its fields.
    """

    records: list[dict[str, Any]]
    cursor: int
    has_more: bool

    def to_json(self) -> dict[str, Any]:
        return {"records": self.records, "cursor": self.cursor, "has_more": self.has_more}

    @classmethod
    def from_json(cls, data: Any) -> StreamPage:
        return cls(
            records=_require(data, "records", list),
            cursor=_require(data, "cursor", int),
            has_more=_require(data, "has_more", bool),
        )


@dataclass(frozen=True)
class ExchangeResponse:
    receipts: list[Receipt]
    streams: dict[str, StreamPage]
    instructions: list[dict[str, Any]] = field(default_factory=list)
    refused_streams: dict[str, str] = field(default_factory=dict)
    server_time: str = ""
    protocol: int = PROTOCOL_VERSION
    conflicts_open: int | None = None  # unreviewed conflicts in the device's organization
    bundle_keys: dict[str, Any] | None = None  # HQ's public bundle keys, for offline bundles
    device_key_registered: bool | None = None  # HQ holds the key the device sent

    def to_json(self) -> dict[str, Any]:
        answer = {
            "protocol": self.protocol,
            "server_time": self.server_time,
            "receipts": [receipt.to_json() for receipt in self.receipts],
            "streams": {name: page.to_json() for name, page in self.streams.items()},
            "refused_streams": self.refused_streams,
            "instructions": self.instructions,
        }
        if self.conflicts_open is not None:
            answer["conflicts_open"] = self.conflicts_open
        if self.bundle_keys is not None:
            answer["bundle_keys"] = self.bundle_keys
        if self.device_key_registered is not None:
            answer["device_key_registered"] = self.device_key_registered
        return answer

    @classmethod
    def from_json(cls, data: Any) -> ExchangeResponse:
        return cls(
            receipts=[Receipt.from_json(item) for item in _require(data, "receipts", list)],
            streams={
                name: StreamPage.from_json(page)
                for name, page in _require(data, "streams", dict).items()
            },
            instructions=list(data.get("instructions") or []),
            refused_streams=dict(data.get("refused_streams") or {}),
            server_time=str(data.get("server_time", "")),
            protocol=_require(data, "protocol", int),
            conflicts_open=_optional_count(data.get("conflicts_open")),
            bundle_keys=_optional_object(data.get("bundle_keys")),
            device_key_registered=_optional_bool(data.get("device_key_registered")),
        )

    @property
    def wipe(self) -> bool:
        return any(item.get("action") == Instruction.WIPE for item in self.instructions)


def _optional_count(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def _optional_bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _optional_object(value: Any) -> dict[str, Any] | None:
    return value if isinstance(value, dict) else None


def encode_body(data: Any, *, compress: bool = True) -> bytes:
    """JSON as UTF-8, gzip-compressed unless ``compress`` is False."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return gzip.compress(raw, compresslevel=6, mtime=0) if compress else raw


def decode_body(body: bytes, content_encoding: str | None) -> Any:
    """The JSON in ``body``, decompressed per ``Content-Encoding``; ProtocolError if unreadable."""
    encoding = (content_encoding or "identity").strip().lower()
    if encoding == "gzip":
        inflater = zlib.decompressobj(wbits=31)
        try:
            body = inflater.decompress(body, MAX_DECOMPRESSED_BYTES)
        except zlib.error:
            raise ProtocolError("the body is not valid gzip") from None
        if inflater.unconsumed_tail:
            raise ProtocolError("the body is too large once decompressed")
    elif encoding != "identity":
        raise ProtocolError(f"unsupported Content-Encoding {encoding!r}")
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ProtocolError("the body is not UTF-8 JSON") from None


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    """The body of every refused request: ``{"error": {"code", "message", ...}}``."""
    return {"error": {"code": code, "message": message, **extra}}
