"""The keys of offline bundles: raw 32-byte keys, their ids, and their text form.

HQ has an X25519 key pair that bundles are encrypted to and an Ed25519 key pair
it signs receipts files with; every device has an Ed25519 key pair it signs its
bundles with. A key is named by its id, the first 16 hex digits of the SHA-256
of its public key, so a bundle can say which HQ key it was sealed to without
carrying the key. Keys travel and are stored as standard base64 of the raw
bytes. Pure functions over the ``cryptography`` library: HQ imports this too.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

KEY_BYTES = 32
KEY_ID_LENGTH = 16


def key_id(public_key: bytes) -> str:
    """The public key's name: first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public_key).hexdigest()[:KEY_ID_LENGTH]


def to_text(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def from_text(text: Any, length: int = KEY_BYTES) -> bytes | None:
    """The raw bytes (``length`` of them) of a key in text form, or None when it is not one."""
    if not isinstance(text, str):
        return None
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None
    return raw if len(raw) == length else None


@dataclass(frozen=True)
class KeyPair:
    """Raw private and public bytes. Never put a ``KeyPair`` in a log or an error."""

    private: bytes
    public: bytes

    def __repr__(self) -> str:
        return f"KeyPair(id={key_id(self.public)})"

    @property
    def id(self) -> str:
        return key_id(self.public)


def _raw_private(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def raw_public(key: Ed25519PublicKey | X25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def new_signing_pair() -> KeyPair:
    """A fresh Ed25519 key pair (a device's bundle signing key, or HQ's receipts key)."""
    key = Ed25519PrivateKey.generate()
    return KeyPair(_raw_private(key), raw_public(key.public_key()))


def new_encryption_pair() -> KeyPair:
    """A fresh X25519 key pair (HQ's bundle encryption key)."""
    key = X25519PrivateKey.generate()
    return KeyPair(_raw_private(key), raw_public(key.public_key()))


def signing_public(private: bytes) -> bytes:
    return raw_public(Ed25519PrivateKey.from_private_bytes(private).public_key())


@dataclass(frozen=True)
class HqKey:
    """One of HQ's public bundle keys as devices know it."""

    key_id: str
    public_key: bytes  # X25519: bundles are encrypted to it
    signing_key_id: str
    signing_public_key: bytes  # Ed25519: receipts files are signed with it

    def to_json(self) -> dict[str, str]:
        return {
            "key_id": self.key_id,
            "public_key": to_text(self.public_key),
            "signing_key_id": self.signing_key_id,
            "signing_public_key": to_text(self.signing_public_key),
        }

    @classmethod
    def from_json(cls, data: Any) -> HqKey | None:
        """The key, or None when ``data`` is not one or its ids do not match its keys."""
        if not isinstance(data, dict):
            return None
        public = from_text(data.get("public_key"))
        signing = from_text(data.get("signing_public_key"))
        if public is None or signing is None:
            return None
        if data.get("key_id") != key_id(public) or data.get("signing_key_id") != key_id(signing):
            return None
        return cls(key_id(public), public, key_id(signing), signing)


@dataclass(frozen=True)
class HqKeySet:
    """HQ's valid public bundle keys, and which one new bundles are sealed to."""

    active: str
    keys: tuple[HqKey, ...]

    def to_json(self) -> dict[str, Any]:
        return {"active": self.active, "keys": [key.to_json() for key in self.keys]}

    @classmethod
    def from_json(cls, data: Any) -> HqKeySet | None:
        """The set, or None when it is unreadable or its active key is not in it."""
        if not isinstance(data, dict) or not isinstance(data.get("keys"), list):
            return None
        keys = tuple(key for key in map(HqKey.from_json, data["keys"]) if key is not None)
        if not any(key.key_id == data.get("active") for key in keys):
            return None
        return cls(str(data["active"]), keys)

    @property
    def active_key(self) -> HqKey:
        return next(key for key in self.keys if key.key_id == self.active)

    def signing_keys(self) -> dict[str, bytes]:
        return {key.signing_key_id: key.signing_public_key for key in self.keys}
