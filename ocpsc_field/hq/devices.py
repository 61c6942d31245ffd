"""The coordinator's view of a team's devices: last contact, backlog, gaps, staleness."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from ocpsc_field.core.clock import iso_utc
from ocpsc_field.hq.models import Device


def visible_devices(organization_id: str | None) -> QuerySet[Device]:
    """Devices of one organization, or of all of them when ``organization_id`` is None."""
    devices = Device.objects.select_related("user", "organization", "user__hq_profile")
    if organization_id is not None:
        devices = devices.filter(organization_id=organization_id)
    return devices.order_by("organization__name", "user__username", "enrolled_at")


def device_rows(
    devices: QuerySet[Device], *, stale_days: int | None = None
) -> list[dict[str, Any]]:
    """One JSON object per device; ``stale`` when it has not synced for ``stale_days``."""
    now = timezone.now()
    rows = []
    for device in devices:
        profile = getattr(device.user, "hq_profile", None)
        row = {
            "id": device.id,
            "name": device.name,
            "user": device.user.get_username(),
            "role": profile.role if profile else None,
            "organization": {"id": device.organization_id, "name": device.organization.name},
            "enrolled_at": iso_utc(device.enrolled_at),
            "last_seen": iso_utc(device.last_seen) if device.last_seen else None,
            "revoked": device.revoked,
            "wipe_requested": device.wipe_requested,
            "last_op_id": device.last_op_id,
            "contiguous_through": device.contiguous_through,
            "gaps": device.gaps,
            "missing_ops": device.missing_ops,
            "backlog": device.backlog,
        }
        if stale_days is not None:
            seen = device.last_seen or device.enrolled_at
            row["stale"] = now - seen > timedelta(days=stale_days)
        rows.append(row)
    return rows
