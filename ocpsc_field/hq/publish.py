"""Changes made at HQ itself: reference data from the admin or commands, conflict reversals.

They go through the same bookkeeping as device changes (a sequence number,
per-field clocks, a change-log row) so they reach devices on the download
streams, and win: HQ's clock is moved past every clock the record holds.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from ocpsc_field.core import hlc
from ocpsc_field.core.ids import new_id
from ocpsc_field.core.records import REFERENCE_KINDS, Kind
from ocpsc_field.core.text import Message
from ocpsc_field.core.validation import validate
from ocpsc_field.hq import sequence
from ocpsc_field.hq.audit import audit
from ocpsc_field.hq.ingest import HQ_DEVICE
from ocpsc_field.hq.models import RECORD_MODELS, ChangeLog
from ocpsc_field.hq.values import field_values, latest_hlc, to_column


class InvalidRecord(Exception):
    """HQ staff entered values the validation engine refuses; ``errors`` per field."""

    def __init__(self, errors: Mapping[str, Message]) -> None:
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))
        self.errors = dict(errors)


def hq_clock(clocks: Mapping[str, Any]) -> str:
    """An HLC time for an HQ edit, later than every clock the record already has."""
    now_ms = int(time.time() * 1000)
    latest = latest_hlc(dict(clocks))
    if not latest:
        return str(hlc.tick(None, now_ms, HQ_DEVICE))
    return str(hlc.receive(None, hlc.Timestamp.parse(latest), now_ms, HQ_DEVICE))


def validated(kind: Kind, values: Mapping[str, Any], *, partial: bool) -> dict[str, Any]:
    checked = validate(kind, values, partial=partial)
    if not checked.ok:
        raise InvalidRecord(checked.errors)
    return checked.values


def write(
    kind: Kind,
    record_id: str | None,
    changes: Mapping[str, Any],
    *,
    user: Any = None,
    action: str,
    deleted: bool | None = None,
    new_id_as: str | None = None,
) -> models.Model:
    """Set ``changes`` (validated wire values) on a record, creating it when
    ``record_id`` is None (reference kinds only), and publish the change.

    A created record gets a new id, or ``new_id_as`` when the record's id is
    fixed elsewhere (the bundled surveys every laptop already holds)."""
    model = RECORD_MODELS[kind]
    now = timezone.now()
    with transaction.atomic():
        row = None
        if record_id is not None:
            row = model.objects.select_for_update().get(pk=record_id)
        if row is None:
            if kind not in REFERENCE_KINDS:
                raise ValueError("HQ creates only reference records")
            row = model(
                id=new_id_as or new_id(),
                created_at=now,
                created_by=_who(user),
                origin_device=HQ_DEVICE,
            )
        current = field_values(kind, row) if row.clocks else {}
        changed = {name: value for name, value in changes.items() if current.get(name) != value}
        if deleted is not None and deleted != row.deleted:
            changed["deleted"] = deleted
        if not changed and row.clocks:
            return row
        stamp = hq_clock(row.clocks)
        seq = sequence.allocate(1)
        clocks = dict(row.clocks)
        for name, value in changed.items():
            if name == "deleted":
                row.deleted = bool(value)
            else:
                setattr(row, name, to_column(kind, name, value))
            clocks[name] = [stamp, seq, HQ_DEVICE]
        row.clocks = clocks
        row.rev = row.rev + 1 if record_id is not None else 1
        row.updated_at = now
        row.seq = seq
        if kind not in REFERENCE_KINDS:
            row.echo_device = None
        row.save()
        organization = row.pk if kind is Kind.ORGANIZATION else getattr(row, "owner_id", None)
        ChangeLog.objects.create(
            seq=seq,
            kind=kind.value,
            record_id=row.pk,
            op="delete" if changed.get("deleted") else "update" if record_id else "create",
            organization_id=organization,
            user=user if getattr(user, "is_authenticated", False) else None,
            hlc=stamp,
        )
        audit(
            action,
            user=user,
            organization=organization,
            kind=kind.value,
            record_id=row.pk,
            detail={"fields": sorted(changed)},
        )
    return row


def _who(user: Any) -> str:
    if user is not None and getattr(user, "is_authenticated", False):
        return str(user.get_username())
    return "hq"
