"""Open a bundle a coordinator brought in, and apply its ops exactly as a sync would.

Checks run cheapest and least revealing first: the file's shape, the sending
device, who may upload for it, the device's signature, HQ's key; only then is
anything decrypted. The ops go through ``ingest.apply_batch``, the very path of
a sync exchange, so receipts, scope, gaps and conflicts are the same, and
``(device, op_id)`` idempotency makes a replayed bundle, or one whose ops also
came by sync, yield ``duplicate`` receipts and never a second record.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ocpsc_field.core.clock import iso_utc
from ocpsc_field.hq import bundle_keys, ingest
from ocpsc_field.hq.audit import audit
from ocpsc_field.hq.models import BundleReport, Device, Role
from ocpsc_field.hq.roles import profile_of, sees_every_organization
from ocpsc_field.sync import bundle_format
from ocpsc_field.sync.bundle_format import BundleError, BundleHeader
from ocpsc_field.sync.protocol import (
    APPLIED,
    DUPLICATE,
    MAX_OPS_PER_BATCH,
    REJECTED,
    ExchangeRequest,
    Receipt,
)


class BundleRefused(Exception):
    """HQ will not apply this bundle; ``code`` is stable, the message (English) says why."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


@dataclass(frozen=True)
class Received:
    """One upload's outcome: the bundle's report (as first applied) and this upload's counts."""

    report: BundleReport
    header: BundleHeader
    replay: bool
    applied: int
    duplicate: int
    rejected: int

    def to_json(self) -> dict[str, Any]:
        return {
            "bundle_id": self.report.bundle_id,
            "replay": self.replay,
            "header": self.header.to_json(),
            "report": report_json(self.report),
            "this_upload": {
                "applied": self.applied,
                "duplicate": self.duplicate,
                "rejected": self.rejected,
            },
        }


def report_json(report: BundleReport) -> dict[str, Any]:
    return {
        "bundle_id": report.bundle_id,
        "device_id": report.device_id,
        "sender": report.sender,
        "op_id_from": report.op_id_from,
        "op_id_to": report.op_id_to,
        "record_count": report.record_count,
        "applied": report.applied,
        "duplicate": report.duplicate,
        "rejected": report.rejected,
        "rejected_ops": report.rejected_ops,
        "received_at": iso_utc(report.received_at),
        "uploads": report.uploads,
    }


def _refused(problem: BundleError, status: int = 400) -> BundleRefused:
    return BundleRefused(problem.code, str(problem), status)


def may_upload_for(user: Any, sender: Device) -> bool:
    """HQ admins for anyone; coordinators and field staff only for their own organization."""
    if sees_every_organization(user):
        return True
    profile = profile_of(user)
    return profile is not None and profile.organization_id == sender.organization_id


def may_download_receipts(user: Any) -> bool:
    profile = profile_of(user)
    return sees_every_organization(user) or (
        profile is not None and profile.role == Role.COORDINATOR
    )


def receive(data: bytes, *, relay: Device | None = None, user: Any = None) -> Received:
    """Check, open and apply one bundle uploaded by ``relay`` (a device) or ``user`` (admin).

    A refusal is written to the audit log (the code only) before it is raised.
    """
    try:
        return _receive(data, relay=relay, user=user)
    except BundleRefused as refused:
        audit(
            "bundle_refused",
            user=user,
            device=relay,
            organization=_organization_of(relay, user),
            detail={"code": refused.code, "bundle_id": hashlib.sha256(data).hexdigest()},
        )
        raise


def _organization_of(relay: Device | None, user: Any) -> str | None:
    if relay is not None:
        return relay.organization_id
    profile = profile_of(user)
    return profile.organization_id if profile is not None else None


def _receive(data: bytes, *, relay: Device | None, user: Any) -> Received:
    try:
        parsed = bundle_format.parse(data)
    except BundleError as problem:
        raise _refused(problem) from None
    header = parsed.header
    sender = Device.objects.select_related("user").filter(pk=header.device_id).first()
    if sender is None:
        raise _refused(
            bundle_format.error(bundle_format.UNKNOWN_DEVICE, device_id=header.device_id)
        )
    uploader = relay.user if relay is not None else user
    if not may_upload_for(uploader, sender):
        raise _refused(bundle_format.error(bundle_format.OUT_OF_SCOPE), 403)
    device_key = bundle_keys.device_public_key(sender.pk)
    if device_key is None:
        raise _refused(bundle_format.error(bundle_format.UNKNOWN_DEVICE, device_id=sender.pk))
    try:
        bundle_format.verify(parsed, device_key)
    except BundleError as problem:
        raise _refused(problem) from None
    opening = bundle_keys.opening_key(header.hq_key_id)
    if opening is None:
        raise _refused(bundle_format.error(bundle_format.UNKNOWN_HQ_KEY, key_id=header.hq_key_id))
    try:
        ops = bundle_format.open_ops(parsed, *opening)
    except BundleError as problem:
        raise _refused(problem) from None
    if sender.revoked:
        raise _refused(bundle_format.error(bundle_format.SENDER_REVOKED), 403)
    receipts = _apply(sender, ops)
    return _record(data, header, sender, receipts, relay=relay, user=user)


def _apply(sender: Device, ops: list) -> list[Receipt]:
    receipts: list[Receipt] = []
    for start in range(0, len(ops), MAX_OPS_PER_BATCH):
        chunk = ops[start : start + MAX_OPS_PER_BATCH]
        request = ExchangeRequest(
            sender.pk, chunk, op_id_from=chunk[0].op_id, op_id_to=chunk[-1].op_id
        )
        try:
            _device, answered = ingest.apply_batch(sender.pk, request)
        except ingest.DeviceRevoked:
            raise _refused(bundle_format.error(bundle_format.SENDER_REVOKED), 403) from None
        receipts.extend(answered)
    return receipts


def _record(
    data: bytes,
    header: BundleHeader,
    sender: Device,
    receipts: list[Receipt],
    *,
    relay: Device | None,
    user: Any,
) -> Received:
    counts = {state: sum(1 for r in receipts if r.state == state) for state in (APPLIED, DUPLICATE)}
    rejected = [
        {"op_id": r.op_id, "reason": r.reason or "", "message": r.message or ""}
        for r in receipts
        if r.state == REJECTED
    ]
    bundle_id = hashlib.sha256(data).hexdigest()
    fields = {
        "device": sender,
        "organization_id": sender.organization_id,
        "relay": relay,
        "uploaded_by": user if getattr(user, "is_authenticated", False) else None,
        "sender": header.user[:150],
        "op_id_from": header.op_id_from,
        "op_id_to": header.op_id_to,
        "record_count": header.record_count,
        "made_at": header.created_at[:40],
        "hq_key_id": header.hq_key_id,
        "size": len(data),
        "applied": counts[APPLIED],
        "duplicate": counts[DUPLICATE],
        "rejected": len(rejected),
        "rejected_ops": rejected,
    }
    replay = BundleReport.objects.filter(bundle_id=bundle_id).exists()
    if not replay:
        try:
            with transaction.atomic():
                report = BundleReport.objects.create(bundle_id=bundle_id, **fields)
        except IntegrityError:  # the same bundle, uploaded twice at once
            replay = True
    if replay:
        BundleReport.objects.filter(bundle_id=bundle_id).update(
            uploads=F("uploads") + 1, last_uploaded_at=timezone.now()
        )
        report = BundleReport.objects.get(bundle_id=bundle_id)
    audit(
        "bundle_replayed" if replay else "bundle_received",
        user=user,
        device=relay or None,
        organization=sender.organization_id,
        detail={
            "bundle_id": bundle_id,
            "sender_device": sender.pk,
            "applied": counts[APPLIED],
            "duplicate": counts[DUPLICATE],
            "rejected": len(rejected),
        },
    )
    return Received(report, header, replay, counts[APPLIED], counts[DUPLICATE], len(rejected))
