"""The receipts file a coordinator carries back: HQ's answers for its team's bundled ops, signed.

Layout (lengths are 4-byte big-endian)::

    b"OCPSC-RECEIPTS 1\\n"
    len, gzip JSON payload
    1 byte: how many signatures; then per signature 16 ASCII key-id bytes + 64 bytes
    Ed25519 signature by that HQ receipts key over everything before the count byte

The payload is ``{"issued_at", "devices": [{"device_id", "receipts":
[[op_id, state, reason, message], ...]}]}``: op ids, states and reasons only,
never a field value. HQ signs with every receipts key it still holds, so a
laptop that last synced before a key rotation still finds a key it knows. A
laptop deletes its pending ops on the strength of this file, so a file that no
known HQ key signed is refused outright: a forged one would lose records.
"""

from __future__ import annotations

import gzip
import json
import struct
import zlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ocpsc_field.core.text import N_, Message
from ocpsc_field.sync.bundle_keys import KEY_ID_LENGTH
from ocpsc_field.sync.protocol import MAX_DECOMPRESSED_BYTES, MAX_NUMBER, RECEIPT_STATES, Receipt

MAGIC = b"OCPSC-RECEIPTS "
FORMAT_VERSION = 1
SIGNATURE_BYTES = 64
MAX_FILE_BYTES = 32 * 1024 * 1024
SUFFIX = ".ocpsc-receipts"

NOT_RECEIPTS = "receipts_not_a_file"
TRUNCATED = "receipts_truncated"
DAMAGED = "receipts_damaged"
UNSIGNED = "receipts_unsigned"
FORGED = "receipts_forged"

_MESSAGES = {
    NOT_RECEIPTS: N_("This file is not an OCPSC Field receipts file."),
    TRUNCATED: N_(
        "This receipts file is incomplete: it was cut short, perhaps while it was copied. "
        "Ask your coordinator to download it again. Nothing was changed."
    ),
    DAMAGED: N_(
        "This receipts file is damaged and cannot be read. Ask your coordinator to download "
        "it again. Nothing was changed."
    ),
    UNSIGNED: N_(
        "This receipts file is not signed by an HQ key this laptop knows, so it was not used "
        "and nothing was changed. Sync once with a connection, or ask your coordinator for a "
        "new file."
    ),
    FORGED: N_(
        "This receipts file was changed after HQ signed it, so it was not used and nothing "
        "was changed. Ask your coordinator to download it again."
    ),
}


class ReceiptsError(Exception):
    """A receipts file that cannot be used; ``code`` is stable, ``message`` is for people."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.message = Message(_MESSAGES[code])
        super().__init__(self.message.render())


@dataclass(frozen=True)
class DeviceReceipts:
    device_id: str
    receipts: tuple[Receipt, ...]


@dataclass(frozen=True)
class ReceiptsFile:
    issued_at: str
    devices: tuple[DeviceReceipts, ...]

    def for_device(self, device_id: str) -> DeviceReceipts | None:
        return next((item for item in self.devices if item.device_id == device_id), None)


def _magic_line() -> bytes:
    return MAGIC + str(FORMAT_VERSION).encode("ascii") + b"\n"


def payload_json(issued_at: str, devices: list[tuple[str, list[Receipt]]]) -> dict[str, Any]:
    return {
        "issued_at": issued_at,
        "devices": [
            {
                "device_id": device_id,
                "receipts": [
                    [item.op_id, item.state, item.reason or "", item.message or ""]
                    for item in receipts
                ],
            }
            for device_id, receipts in devices
        ],
    }


def sign(payload: dict[str, Any], signers: list[tuple[str, bytes]]) -> bytes:
    """The signed file for ``payload``; ``signers`` are (key id, Ed25519 private key)."""
    if not signers or len(signers) > 255:
        raise ValueError("a receipts file needs from 1 to 255 signatures")
    packed = gzip.compress(
        json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), mtime=0
    )
    signed = _magic_line() + struct.pack(">I", len(packed)) + packed
    parts = [signed, bytes([len(signers)])]
    for key_id, private in signers:
        name = key_id.encode("ascii")
        if len(name) != KEY_ID_LENGTH:
            raise ValueError("a key id is 16 characters")
        parts.append(name + Ed25519PrivateKey.from_private_bytes(private).sign(signed))
    return b"".join(parts)


def read(data: bytes, known_keys: dict[str, bytes]) -> ReceiptsFile:
    """The verified receipts; ReceiptsError unless a key in ``known_keys`` signed them."""
    if len(data) > MAX_FILE_BYTES:
        raise ReceiptsError(DAMAGED)
    line = _magic_line()
    if not data.startswith(MAGIC):
        if data and MAGIC.startswith(data[: len(MAGIC)]):
            raise ReceiptsError(TRUNCATED)
        raise ReceiptsError(NOT_RECEIPTS)
    if not data.startswith(line):
        raise ReceiptsError(DAMAGED)
    at = len(line)
    if len(data) < at + 4:
        raise ReceiptsError(TRUNCATED)
    (length,) = struct.unpack(">I", data[at : at + 4])
    at += 4
    if at + length + 1 > len(data):
        raise ReceiptsError(TRUNCATED)
    signed = data[: at + length]
    count = data[at + length]
    signatures = data[at + length + 1 :]
    size = KEY_ID_LENGTH + SIGNATURE_BYTES
    if len(signatures) < count * size:
        raise ReceiptsError(TRUNCATED)
    if len(signatures) != count * size or count == 0:
        raise ReceiptsError(DAMAGED)
    verified = False
    known_signer = False
    for index in range(count):
        chunk = signatures[index * size : (index + 1) * size]
        key = known_keys.get(chunk[:KEY_ID_LENGTH].decode("ascii", errors="replace"))
        if key is None:
            continue
        known_signer = True
        try:
            Ed25519PublicKey.from_public_bytes(key).verify(chunk[KEY_ID_LENGTH:], signed)
        except (InvalidSignature, ValueError):
            continue
        verified = True
        break
    if not verified:
        raise ReceiptsError(FORGED if known_signer else UNSIGNED)
    return _payload(data[at : at + length])


def _payload(packed: bytes) -> ReceiptsFile:
    inflater = zlib.decompressobj(wbits=31)
    try:
        data = json.loads(inflater.decompress(packed, MAX_DECOMPRESSED_BYTES).decode("utf-8"))
        devices = []
        for item in data["devices"]:
            receipts = []
            for op_id, state, reason, message in item["receipts"]:
                if type(op_id) is not int or not 0 < op_id <= MAX_NUMBER:
                    raise ValueError("op id")
                if state not in RECEIPT_STATES:
                    raise ValueError("state")
                receipts.append(Receipt(op_id, state, reason or None, message or None))
            devices.append(DeviceReceipts(str(item["device_id"]), tuple(receipts)))
        return ReceiptsFile(str(data["issued_at"]), tuple(devices))
    except (zlib.error, UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise ReceiptsError(DAMAGED) from None
