"""Enrollment codes and device tokens: issue, redeem, authenticate, revoke, wipe.

A code is 15 letters and digits from an alphabet without look-alikes (about
75 bits), typed on the laptop once, valid for one enrollment until it
expires. A device token is 256 random bits. HQ stores only the SHA-256 of
either, so neither can be recovered from the database.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from ocpsc_field.hq.audit import audit
from ocpsc_field.hq.models import Device, DeviceBundleKey, EnrollmentCode, Profile
from ocpsc_field.sync.bundle_keys import from_text
from ocpsc_field.sync.protocol import ErrorCode

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_LENGTH = 15
DEFAULT_CODE_HOURS = 72


class EnrollmentError(Exception):
    """An enrollment HQ refuses; ``code`` is an ``ErrorCode``, the message is for people."""

    def __init__(self, code: ErrorCode, message: str, status: int) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalize_code(text: str) -> str:
    """What people type, as issued: case, spaces and dashes do not matter."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def issue_code(user: Any, *, hours: float = DEFAULT_CODE_HOURS, by: Any = None) -> str:
    """A new one-time code for ``user``, shown once as ``XXXXX-XXXXX-XXXXX``."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    EnrollmentCode.objects.create(
        code_hash=digest(raw),
        user=user,
        expires_at=timezone.now() + timedelta(hours=hours),
    )
    profile = user.hq_profile
    audit(
        "enrollment_code_issued",
        user=by,
        organization=profile.organization_id,
        detail={"for_user": user.get_username(), "hours": hours},
    )
    return "-".join(raw[i : i + 5] for i in range(0, CODE_LENGTH, 5))


@dataclass(frozen=True)
class Enrolled:
    device: Device
    token: str


def enroll(
    code_text: str,
    *,
    name: str = "",
    local_id: str = "",
    first_op_id: int = 1,
    device_key: str = "",
) -> Enrolled:
    """Redeem a code for a new device and its token, or raise ``EnrollmentError``.

    ``device_key`` is the device's Ed25519 public key (base64) for its bundles."""
    code_hash = digest(normalize_code(code_text)) if code_text.strip() else ""
    with transaction.atomic():
        code = (
            EnrollmentCode.objects.select_for_update()
            .select_related("user")
            .filter(code_hash=code_hash)
            .first()
        )
        if code is None:
            raise EnrollmentError(
                ErrorCode.CODE_INVALID,
                "This enrollment code is not valid. Check it for typos, "
                "or ask your coordinator for a new one.",
                400,
            )
        if code.used_at is not None:
            raise EnrollmentError(
                ErrorCode.CODE_USED,
                "This enrollment code has already been used. "
                "Each code enrolls one device; ask your coordinator for a new one.",
                409,
            )
        if code.expires_at <= timezone.now():
            raise EnrollmentError(
                ErrorCode.CODE_EXPIRED,
                "This enrollment code has expired. Ask your coordinator for a new one.",
                410,
            )
        profile = Profile.objects.select_related("organization").filter(user=code.user).first()
        if profile is None or not code.user.is_active:
            raise EnrollmentError(
                ErrorCode.USER_INACTIVE,
                "The account this code was issued for is not active. Ask your coordinator.",
                403,
            )
        token = secrets.token_urlsafe(32)
        device = Device.objects.create(
            id=str(uuid.uuid4()),
            user=code.user,
            organization=profile.organization,
            name=name[:200],
            local_id=local_id[:64],
            token_hash=digest(token),
            first_op_id=first_op_id,
            contiguous_through=first_op_id - 1,
            last_op_id=first_op_id - 1,
        )
        code.used_at = timezone.now()
        code.device = device
        code.save(update_fields=["used_at", "device"])
        if from_text(device_key) is not None:
            DeviceBundleKey.objects.create(device=device, public_key=device_key)
        audit("device_enrolled", user=code.user, device=device, organization=device.organization_id)
    return Enrolled(device=device, token=token)


def device_for_token(token: str) -> Device | None:
    if not token:
        return None
    return (
        Device.objects.select_related("user", "organization", "user__hq_profile")
        .filter(token_hash=digest(token))
        .first()
    )


def revoke(device: Device, *, by: Any = None) -> None:
    if not device.revoked:
        device.revoked = True
        device.revoked_at = timezone.now()
        device.save(update_fields=["revoked", "revoked_at"])
    audit("device_revoked", user=by, device=device, organization=device.organization_id)


def request_wipe(device: Device, *, by: Any = None) -> None:
    if not device.wipe_requested:
        device.wipe_requested = True
        device.save(update_fields=["wipe_requested"])
    audit("device_wipe_requested", user=by, device=device, organization=device.organization_id)
