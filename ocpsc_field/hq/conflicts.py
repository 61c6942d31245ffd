"""Reviewing conflicts: reverse one (the losing value wins after all) or accept the merge."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from ocpsc_field.core.records import Kind
from ocpsc_field.hq import publish
from ocpsc_field.hq.audit import audit
from ocpsc_field.hq.models import RECORD_MODELS, Conflict
from ocpsc_field.hq.values import field_values


class CannotReverse(Exception):
    """Why a conflict cannot be reversed; the message is shown to the coordinator."""


def reverse(conflict: Conflict, user: Any) -> None:
    """Put the losing value back as an HQ edit, which devices then download.

    Refused when the field has changed again since the conflict: reversing
    then would overwrite a newer edit nobody has reviewed.
    """
    kind = Kind(conflict.kind)
    with transaction.atomic():
        conflict = Conflict.objects.select_for_update().get(pk=conflict.pk)
        if conflict.reversed:
            raise CannotReverse(f"The conflict on {conflict.field} was already reversed.")
        row = RECORD_MODELS[kind].objects.select_for_update().get(pk=conflict.record_id)
        if field_values(kind, row).get(conflict.field) != conflict.winning_value:
            raise CannotReverse(
                f"The {conflict.field} of this {kind.value.replace('_', ' ')} has changed since "
                "the conflict; open the record and review the newer value instead."
            )
        publish.write(
            kind,
            conflict.record_id,
            {conflict.field: conflict.losing_value},
            user=user,
            action="conflict_reversed",
        )
        conflict.reversed = True
        conflict.resolved_by = user
        conflict.resolved_at = timezone.now()
        conflict.save(update_fields=["reversed", "resolved_by", "resolved_at"])


def accept(conflict: Conflict, user: Any) -> None:
    """Keep the merged value; the conflict is marked as reviewed."""
    if conflict.resolved_at is not None:
        return
    conflict.resolved_by = user
    conflict.resolved_at = timezone.now()
    conflict.save(update_fields=["resolved_by", "resolved_at"])
    audit(
        "conflict_accepted",
        user=user,
        organization=conflict.organization_id,
        kind=conflict.kind,
        record_id=conflict.record_id,
        detail={"field": conflict.field},
    )
