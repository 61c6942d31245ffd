"""The signed receipts file for a coordinator's team, and what each device still owes.

For every device of the team that sent a bundle in the last ``days``, the file
holds HQ's receipt for each op id in the range its bundles covered: applied,
or rejected with the reason. The coordinator carries it back; each laptop
checks HQ's signature and clears what HQ has (``sync.bundle``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Max, Min
from django.utils import timezone

from ocpsc_field.core.clock import iso_utc
from ocpsc_field.hq import bundle_keys
from ocpsc_field.hq.models import BundleReport
from ocpsc_field.hq.models import Receipt as ReceiptRow
from ocpsc_field.sync import bundle_receipts
from ocpsc_field.sync.protocol import APPLIED, REJECTED, Receipt

DEFAULT_DAYS = 60
MAX_DAYS = 366


class NoSigningKey(Exception):
    """HQ cannot unseal any of its receipts keys (its secret key changed): rotate them."""


def team_receipts(
    organization_id: str | None, *, days: int = DEFAULT_DAYS, device_ids: list[str] | None = None
) -> tuple[bytes, list[dict[str, Any]], str]:
    """The signed file, a summary row per device, and when it was issued.

    ``organization_id`` None means every organization (HQ admins).
    """
    since = timezone.now() - timedelta(days=max(1, min(days, MAX_DAYS)))
    reports = BundleReport.objects.filter(received_at__gte=since)
    if organization_id is not None:
        reports = reports.filter(organization_id=organization_id)
    if device_ids:
        reports = reports.filter(device_id__in=device_ids)
    ranges = (
        reports.values("device_id")
        .annotate(low=Min("op_id_from"), high=Max("op_id_to"), bundles=Count("id"))
        .order_by("device_id")
    )
    devices: list[tuple[str, list[Receipt]]] = []
    summary: list[dict[str, Any]] = []
    for row in ranges:
        rows = ReceiptRow.objects.filter(
            device_id=row["device_id"], op_id__gte=row["low"], op_id__lte=row["high"]
        ).order_by("op_id")
        receipts = [
            Receipt(
                item.op_id,
                APPLIED if item.state == ReceiptRow.State.APPLIED else REJECTED,
                item.reason or None,
                item.message or None,
            )
            for item in rows.only("op_id", "state", "reason", "message")
        ]
        devices.append((row["device_id"], receipts))
        summary.append({"device_id": row["device_id"], "bundles": row["bundles"]})
    _describe(summary)
    issued_at = iso_utc(timezone.now())
    payload = bundle_receipts.payload_json(issued_at, devices)
    for entry, (_device_id, receipts) in zip(summary, devices, strict=True):
        entry["receipts"] = len(receipts)
        entry["rejected"] = sum(1 for item in receipts if item.state == REJECTED)
    signers = bundle_keys.receipt_signers()
    if not signers:
        raise NoSigningKey()
    signed = bundle_receipts.sign(payload, signers)
    return signed, summary, issued_at


def _describe(summary: list[dict[str, Any]]) -> None:
    """Add what the coordinator needs to see per device: who, last contact, what is missing."""
    from ocpsc_field.hq.models import Device

    found = Device.objects.select_related("user").in_bulk([row["device_id"] for row in summary])
    for row in summary:
        device = found.get(row["device_id"])
        if device is None:
            continue
        row.update(
            {
                "name": device.name,
                "user": device.user.get_username(),
                "last_seen": iso_utc(device.last_seen) if device.last_seen else None,
                "last_op_id": device.last_op_id,
                "contiguous_through": device.contiguous_through,
                "gaps": device.gaps,
                "missing_ops": device.missing_ops,
                "backlog": device.backlog,
            }
        )
