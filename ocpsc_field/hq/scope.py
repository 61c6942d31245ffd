"""Organization scope for incoming ops: a device writes only its own organization's records.

An op is refused when the record it names belongs to another organization,
or when it points (``resident_id``, ``corrects_id``, ``organization_id``) at
a record HQ knows to belong to another organization. A pointer to a record
HQ has not seen yet is accepted: it may arrive in a later batch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import models

from ocpsc_field.core.records import FIELD_KINDS, SCHEMAS, FieldType, Kind
from ocpsc_field.hq.checks import Prepared, Rejection
from ocpsc_field.hq.models import RECORD_MODELS
from ocpsc_field.sync.protocol import Reason

OTHER_ORGANIZATION = Rejection(
    Reason.NOT_IN_SCOPE,
    "This record belongs to another organization; this device cannot change it.",
)
POINTS_OUTSIDE = Rejection(
    Reason.NOT_IN_SCOPE,
    "This record points to a record of another organization; this device cannot link to it.",
)

# (field, kind it points to) per kind, for pointers scope applies to.
_POINTERS: dict[Kind, list[tuple[str, Kind]]] = {
    kind: [
        (spec.name, spec.references)
        for spec in SCHEMAS[kind]
        if spec.type in (FieldType.REFERENCE, FieldType.REFERENCES)
        and spec.references in (*FIELD_KINDS, Kind.ORGANIZATION)
    ]
    for kind in FIELD_KINDS
}


def _pointed(prepared: Prepared) -> Iterable[tuple[Kind, str]]:
    for name, target in _POINTERS[prepared.kind]:
        value = prepared.values.get(name)
        for ref in value if isinstance(value, list) else [value]:
            if isinstance(ref, str):
                yield target, ref


def _foreign(kind: Kind, ids: set[str], organization_id: str) -> set[str]:
    """Which of ``ids`` HQ holds as records of another organization."""
    model: type[models.Model] = RECORD_MODELS[kind]
    if kind is Kind.ORGANIZATION:
        found = model.objects.filter(pk__in=ids).exclude(pk=organization_id)
    else:
        found = model.objects.filter(pk__in=ids).exclude(owner_id=organization_id)
    return set(found.values_list("pk", flat=True))


def refusals(
    ops: Sequence[Prepared], rows: dict[tuple[Kind, str], models.Model], organization_id: str
) -> dict[int, Rejection]:
    """Rejections by op_id for ops outside ``organization_id``; ``rows`` are the stored records."""
    refused: dict[int, Rejection] = {}
    for op in ops:
        row = rows.get((op.kind, op.wire.record_id))
        if row is not None and row.owner_id != organization_id:
            refused[op.wire.op_id] = OTHER_ORGANIZATION
    wanted: dict[Kind, set[str]] = defaultdict(set)
    for op in ops:
        for kind, ref in _pointed(op):
            wanted[kind].add(ref)
    foreign = {
        (kind, ref) for kind, ids in wanted.items() for ref in _foreign(kind, ids, organization_id)
    }
    for op in ops:
        if op.wire.op_id not in refused and any(p in foreign for p in _pointed(op)):
            refused[op.wire.op_id] = POINTS_OUTSIDE
    return refused
