"""HQ's bundle keys: made on first need, rotated by command, private halves sealed at rest.

The private keys are sealed with AES-256-GCM under a key derived (HKDF-SHA256)
from HQ's secret key, with the key id as associated data, so a database dump
alone opens no bundle. Changing ``OCPSC_HQ_SECRET_KEY`` therefore makes the
stored bundle keys unusable: rotate them afterwards (``rotate_bundle_key``);
laptops pick the new public key up on their next sync, and records in
bundles that can no longer be opened are still waiting on their laptops.
"""

from __future__ import annotations

import base64
import binascii
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from ocpsc_field.hq.audit import audit
from ocpsc_field.hq.models import BundleKey, Device, DeviceBundleKey
from ocpsc_field.sync.bundle_keys import (
    HqKey,
    HqKeySet,
    from_text,
    new_encryption_pair,
    new_signing_pair,
    to_text,
)

_WRAP_INFO = b"ocpsc-hq bundle private keys v1"


def _wrapping_key() -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_WRAP_INFO).derive(
        settings.SECRET_KEY.encode("utf-8")
    )


def _seal(private: bytes, key_id: str) -> str:
    nonce = os.urandom(12)
    return (
        to_text(nonce)
        + ":"
        + base64.b64encode(
            AESGCM(_wrapping_key()).encrypt(nonce, private, key_id.encode("ascii"))
        ).decode("ascii")
    )


def _unseal(sealed: str, key_id: str) -> bytes | None:
    """The private key, or None when HQ's secret key changed since it was sealed."""
    nonce_text, _, body = sealed.partition(":")
    nonce = from_text(nonce_text, 12)
    try:
        ciphertext = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        return None
    if nonce is None:
        return None
    try:
        return AESGCM(_wrapping_key()).decrypt(nonce, ciphertext, key_id.encode("ascii"))
    except InvalidTag:
        return None


def _create(active: bool) -> BundleKey:
    encryption = new_encryption_pair()
    signing = new_signing_pair()
    return BundleKey.objects.create(
        key_id=encryption.id,
        public_key=to_text(encryption.public),
        private_key=_seal(encryption.private, encryption.id),
        signing_key_id=signing.id,
        signing_public_key=to_text(signing.public),
        signing_private_key=_seal(signing.private, signing.id),
        active=active,
    )


def active_key() -> BundleKey:
    """The key new bundles are sealed to; made on first need (one, even under a race)."""
    found = BundleKey.objects.filter(active=True).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            made = _create(active=True)
    except IntegrityError:  # another worker made it first
        return BundleKey.objects.get(active=True)
    audit("bundle_key_created", detail={"key_id": made.key_id})
    return made


def rotate(*, retire: bool = False, by: object = None) -> tuple[BundleKey, list[str]]:
    """Make a new active key. Older keys still open bundles unless ``retire`` retires them."""
    with transaction.atomic():
        old = list(BundleKey.objects.select_for_update().filter(retired_at__isnull=True))
        BundleKey.objects.filter(active=True).update(active=False)
        made = _create(active=True)
        retired = []
        if retire:
            retired = [key.key_id for key in old]
            BundleKey.objects.filter(key_id__in=retired).update(retired_at=timezone.now())
        audit(
            "bundle_key_rotated",
            user=by,
            detail={"key_id": made.key_id, "retired": retired},
        )
    return made, retired


def valid_keys() -> list[BundleKey]:
    """The keys not retired, the active one first (made now if there is none)."""
    keys = list(
        BundleKey.objects.filter(retired_at__isnull=True).order_by("-active", "-created_at")
    )
    if not keys or not keys[0].active:
        active_key()
        return valid_keys()
    return keys


def public_key_set() -> HqKeySet:
    """What devices keep: every valid public key, and which one is active."""
    keys = valid_keys()
    return HqKeySet(
        active=next(key.key_id for key in keys if key.active),
        keys=tuple(
            HqKey(
                key.key_id,
                from_text(key.public_key) or b"",
                key.signing_key_id,
                from_text(key.signing_public_key) or b"",
            )
            for key in keys
        ),
    )


def opening_key(key_id: str) -> tuple[bytes, bytes] | None:
    """(private, public) of a valid key named ``key_id``, or None if HQ cannot use it."""
    key = BundleKey.objects.filter(key_id=key_id, retired_at__isnull=True).first()
    if key is None:
        return None
    private = _unseal(key.private_key, key.key_id)
    public = from_text(key.public_key)
    if private is None or public is None:
        return None
    return private, public


def receipt_signers() -> list[tuple[str, bytes]]:
    """(signing key id, private key) of every valid key HQ can still unseal."""
    signers = []
    for key in valid_keys():
        private = _unseal(key.signing_private_key, key.signing_key_id)
        if private is not None:
            signers.append((key.signing_key_id, private))
    return signers


def register_device_key(device: Device, text: str | None) -> bool | None:
    """Keep the key a device sent if it has none yet; whether HQ holds exactly that key.

    None when the device sent no key. A device cannot replace a registered key
    by sync: that takes a new enrollment.
    """
    if not text:
        return None
    if from_text(text) is None:
        return False
    stored = DeviceBundleKey.objects.filter(device=device).first()
    if stored is None:
        try:
            with transaction.atomic():
                DeviceBundleKey.objects.create(device=device, public_key=text)
        except IntegrityError:
            stored = DeviceBundleKey.objects.filter(device=device).first()
            return stored is not None and stored.public_key == text
        return True
    return stored.public_key == text


def device_public_key(device_id: str) -> bytes | None:
    stored = DeviceBundleKey.objects.filter(device_id=device_id).first()
    return from_text(stored.public_key) if stored else None
