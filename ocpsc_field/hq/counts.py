"""Counting what HQ holds, the way a device counts what it holds.

A record counts when it is live (not deleted) and HQ has its create; a
placeholder for an update whose create has not arrived yet does not.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from ocpsc_field.core.records import FIELD_KINDS, REFERENCE_KINDS
from ocpsc_field.hq.models import RECORD_MODELS, Organization


def record_counts(organization: Organization | None = None) -> dict[str, Any]:
    """``{"records": {kind: n}, "deleted": {kind: n}, "organizations": {name: {kind: n}}}``.

    With an organization, only its field records; reference data is shared.
    """
    records: dict[str, int] = {}
    deleted: dict[str, int] = {}
    organizations = Organization.objects.all()
    if organization is not None:
        organizations = organizations.filter(pk=organization.pk)
    names = dict(organizations.values_list("pk", "name"))
    per_org = {name: {kind.value: 0 for kind in FIELD_KINDS} for name in names.values()}
    for kind in FIELD_KINDS:
        rows = RECORD_MODELS[kind].objects.filter(complete=True)
        if organization is not None:
            rows = rows.filter(owner=organization)
        records[kind.value] = rows.filter(deleted=False).count()
        deleted[kind.value] = rows.filter(deleted=True).count()
        grouped = rows.filter(deleted=False).values("owner_id").annotate(n=Count("pk"))
        for group in grouped:
            per_org[names[group["owner_id"]]][kind.value] = group["n"]
    if organization is None:
        for kind in REFERENCE_KINDS:
            rows = RECORD_MODELS[kind].objects
            records[kind.value] = rows.filter(deleted=False).count()
            deleted[kind.value] = rows.filter(deleted=True).count()
    return {"records": records, "deleted": deleted, "organizations": per_org}
