"""One call to write the audit log, so every action is recorded the same way."""

from __future__ import annotations

from typing import Any

from ocpsc_field.hq.models import AuditEntry


def audit(
    action: str,
    *,
    user: Any = None,
    device: Any = None,
    organization: Any = None,
    kind: str = "",
    record_id: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record ``action``. ``organization`` is an Organization or its id; ``detail``
    must never hold personal information about residents."""
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    organization_id = getattr(organization, "pk", organization)
    return AuditEntry.objects.create(
        action=action,
        user=user,
        device=device,
        organization_id=organization_id,
        kind=kind,
        record_id=record_id,
        detail=detail or {},
    )
