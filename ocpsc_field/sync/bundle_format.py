"""The sealed bundle file: a device's unsynced ops, encrypted to HQ and signed by the device.

Layout (all lengths are 4-byte big-endian)::

    b"OCPSC-BUNDLE 1\\n"                 magic and format version
    len, header JSON (UTF-8)              in clear: device, user, op ids, count, time,
                                          HQ key id, and the ephemeral key and nonce
    len, AES-256-GCM ciphertext + tag     of gzip JSON {"ops": [WireOp, ...]}
    64-byte Ed25519 signature             by the device, over everything before it

The header carries no personal information: whoever carries the file sees who
sent how many records and when, nothing about any resident. The AES key comes
from HKDF-SHA256 over an X25519 exchange between a fresh ephemeral key and HQ's
public key, so only HQ can open the file; the header (with the magic line) is
the cipher's associated data, so it cannot be swapped onto other contents; and
the signature lets HQ refuse a file that anyone changed, before decrypting it.
Pure functions with no I/O: HQ imports this module to open what devices seal.
"""

from __future__ import annotations

import gzip
import json
import os
import struct
import zlib
from dataclasses import asdict, dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ocpsc_field.core.text import N_, Message
from ocpsc_field.sync import bundle_keys
from ocpsc_field.sync.protocol import MAX_DECOMPRESSED_BYTES, MalformedOp, WireOp, read_op

MAGIC = b"OCPSC-BUNDLE "
FORMAT_VERSION = 1
SUPPORTED_FORMATS = (1,)
SIGNATURE_BYTES = 64
NONCE_BYTES = 12
MAX_HEADER_BYTES = 4096
MAX_BUNDLE_BYTES = 12 * 1024 * 1024  # fits one upload request once base64-encoded
HKDF_INFO = b"ocpsc-field bundle v1 aes-256-gcm"
SUFFIX = ".ocpsc-bundle"

HEADER_FIELDS = (
    "format",
    "device_id",
    "user",
    "op_id_from",
    "op_id_to",
    "record_count",
    "created_at",
    "hq_key_id",
    "ephemeral_key",
    "nonce",
)


class BundleError(Exception):
    """A bundle that cannot be used; ``code`` is stable, ``message`` is for people."""

    def __init__(self, code: str, message: Message) -> None:
        super().__init__(message.render())
        self.code = code
        self.message = message


NOT_A_BUNDLE = "not_a_bundle"
UNSUPPORTED = "bundle_unsupported"
TRUNCATED = "bundle_truncated"
DAMAGED = "bundle_damaged"
TAMPERED = "bundle_tampered"
UNKNOWN_HQ_KEY = "bundle_unknown_key"
WRONG_HQ_KEY = "bundle_wrong_key"
UNKNOWN_DEVICE = "bundle_unknown_device"
TOO_LARGE = "bundle_too_large"
OUT_OF_SCOPE = "bundle_out_of_scope"  # refused by HQ: the uploader may not act for the sender
SENDER_REVOKED = "bundle_sender_revoked"  # refused by HQ: the sending laptop was revoked

_MESSAGES = {
    NOT_A_BUNDLE: N_("This file is not an OCPSC Field bundle."),
    UNSUPPORTED: N_(
        "This bundle was made by a newer version of OCPSC Field (format {version}). "
        "Update the app to handle it."
    ),
    TRUNCATED: N_(
        "This bundle file is incomplete: it was cut short, perhaps while it was copied. "
        "Copy it again from the laptop that made it, or make a new one there."
    ),
    DAMAGED: N_(
        "This bundle file is damaged and cannot be read. Make a new one on the laptop that "
        "made it; its records are still waiting there."
    ),
    TAMPERED: N_(
        "This bundle was changed after it was made: its signature does not match, so HQ "
        "refuses it. Make a new one on the laptop that made it; its records are still "
        "waiting there."
    ),
    UNKNOWN_HQ_KEY: N_(
        "This bundle is sealed to an HQ key that HQ does not have (key {key_id}). Sync the "
        "laptop that made it once with a connection, then make a new bundle."
    ),
    WRONG_HQ_KEY: N_(
        "HQ cannot open this bundle with its key {key_id}. Sync the laptop that made it once "
        "with a connection, then make a new bundle."
    ),
    UNKNOWN_DEVICE: N_(
        "HQ does not know the laptop that made this bundle (device {device_id}), or that "
        "laptop has not registered its bundle key yet. Sync that laptop once with a "
        "connection, then make a new bundle."
    ),
    TOO_LARGE: N_("This file is larger than a bundle can be ({size} MB at most)."),
    OUT_OF_SCOPE: N_(
        "This bundle comes from a laptop of another organization; only that organization's "
        "staff or an HQ admin can upload it."
    ),
    SENDER_REVOKED: N_(
        "The laptop that made this bundle has been revoked, so HQ does not accept its records. "
        "Talk to HQ; the records are still on that laptop."
    ),
}


def error(code: str, **params: Any) -> BundleError:
    return BundleError(code, Message(_MESSAGES[code], params))


def knows(code: str) -> bool:
    """Whether ``code`` is one of this module's refusal codes (HQ answers with them too)."""
    return code in _MESSAGES


@dataclass(frozen=True)
class BundleHeader:
    """What anyone can read on a bundle: who sent how many records, when, sealed to what."""

    device_id: str
    user: str
    op_id_from: int
    op_id_to: int
    record_count: int
    created_at: str
    hq_key_id: str
    ephemeral_key: str
    nonce: str
    format: int = FORMAT_VERSION

    def to_bytes(self) -> bytes:
        data = {name: getattr(self, name) for name in HEADER_FIELDS}
        return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")

    @classmethod
    def from_bytes(cls, raw: bytes) -> BundleHeader:
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise error(DAMAGED) from None
        if not isinstance(data, dict):
            raise error(DAMAGED)
        if data.get("format") not in SUPPORTED_FORMATS:
            raise error(UNSUPPORTED, version=str(data.get("format")))
        values = {}
        for name in HEADER_FIELDS:
            value = data.get(name)
            wanted = int if name in ("format", "op_id_from", "op_id_to", "record_count") else str
            if type(value) is not wanted:
                raise error(DAMAGED)
            values[name] = value
        return cls(**values)

    def to_json(self) -> dict[str, Any]:
        """The fields people see (no key material)."""
        data = asdict(self)
        del data["ephemeral_key"], data["nonce"]
        return data


@dataclass(frozen=True)
class ParsedBundle:
    """A bundle split into its parts; nothing is verified yet."""

    header: BundleHeader
    signed: bytes  # everything the signature covers
    associated: bytes  # the magic line and header: the cipher's associated data
    ciphertext: bytes
    signature: bytes


def _derive_key(shared: bytes, ephemeral_public: bytes, hq_public: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=ephemeral_public + hq_public,
        info=HKDF_INFO,
    ).derive(shared)


def _magic_line() -> bytes:
    return MAGIC + str(FORMAT_VERSION).encode("ascii") + b"\n"


def seal(
    ops: list[WireOp],
    *,
    device_id: str,
    user: str,
    created_at: str,
    hq_key_id: str,
    hq_public_key: bytes,
    device_private_key: bytes,
) -> bytes:
    """The sealed bundle of ``ops`` (at least one), ready to write to a file."""
    if not ops:
        raise ValueError("a bundle holds at least one op")
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = bundle_keys.raw_public(ephemeral.public_key())
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(hq_public_key))
    nonce = os.urandom(NONCE_BYTES)
    header = BundleHeader(
        device_id=device_id,
        user=user,
        op_id_from=ops[0].op_id,
        op_id_to=ops[-1].op_id,
        record_count=len(ops),
        created_at=created_at,
        hq_key_id=hq_key_id,
        ephemeral_key=bundle_keys.to_text(ephemeral_public),
        nonce=bundle_keys.to_text(nonce),
    ).to_bytes()
    associated = _magic_line() + struct.pack(">I", len(header)) + header
    payload = json.dumps(
        {"ops": [op.to_json() for op in ops]}, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    key = _derive_key(shared, ephemeral_public, hq_public_key)
    ciphertext = AESGCM(key).encrypt(nonce, gzip.compress(payload, mtime=0), associated)
    signed = associated + struct.pack(">I", len(ciphertext)) + ciphertext
    signature = Ed25519PrivateKey.from_private_bytes(device_private_key).sign(signed)
    return signed + signature


def parse(data: bytes) -> ParsedBundle:
    """Split a bundle into its parts; BundleError if it is not one, cut short or damaged."""
    if len(data) > MAX_BUNDLE_BYTES + MAX_HEADER_BYTES + 1024:
        raise error(TOO_LARGE, size=MAX_BUNDLE_BYTES // (1024 * 1024))
    line_end = data.find(b"\n", 0, 64)
    if not data.startswith(MAGIC) or line_end < 0:
        if data and MAGIC.startswith(data[: len(MAGIC)]) and len(data) < 64:
            raise error(TRUNCATED)
        raise error(NOT_A_BUNDLE)
    version = data[len(MAGIC) : line_end]
    if not version.isdigit():
        raise error(NOT_A_BUNDLE)
    if int(version) not in SUPPORTED_FORMATS:
        raise error(UNSUPPORTED, version=version.decode("ascii"))
    at = line_end + 1
    header_length, at = _length(data, at)
    if header_length > MAX_HEADER_BYTES:
        raise error(DAMAGED)
    header_raw = _take(data, at, header_length)
    at += header_length
    associated = data[:at]
    cipher_length, at = _length(data, at)
    if cipher_length > MAX_BUNDLE_BYTES:
        raise error(DAMAGED)
    ciphertext = _take(data, at, cipher_length)
    at += cipher_length
    signature = _take(data, at, SIGNATURE_BYTES)
    at += SIGNATURE_BYTES
    if at != len(data):
        raise error(DAMAGED)
    header = BundleHeader.from_bytes(header_raw)
    return ParsedBundle(header, data[: at - SIGNATURE_BYTES], associated, ciphertext, signature)


def _length(data: bytes, at: int) -> tuple[int, int]:
    raw = _take(data, at, 4)
    return struct.unpack(">I", raw)[0], at + 4


def _take(data: bytes, at: int, count: int) -> bytes:
    if at + count > len(data):
        raise error(TRUNCATED)
    return data[at : at + count]


def verify(bundle: ParsedBundle, device_public_key: bytes) -> None:
    """BundleError ``tampered`` unless the sender's key signed exactly these bytes."""
    try:
        Ed25519PublicKey.from_public_bytes(device_public_key).verify(
            bundle.signature, bundle.signed
        )
    except (InvalidSignature, ValueError):
        raise error(TAMPERED) from None


def open_ops(
    bundle: ParsedBundle, hq_private_key: bytes, hq_public_key: bytes
) -> list[WireOp | MalformedOp]:
    """Decrypt the ops (verify first). An op that cannot be read is returned as a
    ``MalformedOp`` so it is rejected on its own, as in a sync exchange."""
    header = bundle.header
    ephemeral_public = bundle_keys.from_text(header.ephemeral_key)
    nonce = bundle_keys.from_text(header.nonce, NONCE_BYTES)
    if ephemeral_public is None or nonce is None:
        raise error(DAMAGED)
    try:
        shared = X25519PrivateKey.from_private_bytes(hq_private_key).exchange(
            X25519PublicKey.from_public_bytes(ephemeral_public)
        )
        key = _derive_key(shared, ephemeral_public, hq_public_key)
        packed = AESGCM(key).decrypt(nonce, bundle.ciphertext, bundle.associated)
    except (InvalidTag, ValueError):
        raise error(WRONG_HQ_KEY, key_id=header.hq_key_id) from None
    inflater = zlib.decompressobj(wbits=31)
    try:
        raw = inflater.decompress(packed, MAX_DECOMPRESSED_BYTES)
        payload = json.loads(raw.decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, json.JSONDecodeError):
        raise error(DAMAGED) from None
    if inflater.unconsumed_tail or not isinstance(payload, dict):
        raise error(DAMAGED)
    items = payload.get("ops")
    if not isinstance(items, list) or len(items) != header.record_count:
        raise error(DAMAGED)
    try:
        ops = [read_op(item) for item in items]
    except ValueError:
        raise error(DAMAGED) from None
    ids = [op.op_id for op in ops]
    if len(set(ids)) != len(ids) or any(
        not header.op_id_from <= op_id <= header.op_id_to for op_id in ids
    ):
        raise error(DAMAGED)
    return ops
