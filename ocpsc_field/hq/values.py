"""Field values between their wire form (what ``core.validation`` returns) and HQ's columns.

The wire form is what devices store and compare, so merge decisions are made
on wire values and converting back must give exactly what came in: dates as
``YYYY-MM-DD``, times as ``core.clock.iso_utc`` text.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import models

from ocpsc_field.core.clock import iso_utc, parse_iso_utc
from ocpsc_field.core.records import SCHEMAS, FieldType, Kind

_TYPES: dict[Kind, dict[str, FieldType]] = {
    kind: {spec.name: spec.type for spec in specs} for kind, specs in SCHEMAS.items()
}


def to_column(kind: Kind, name: str, value: Any) -> Any:
    """A validated wire value as the model attribute holds it."""
    if value is None:
        return None
    field_type = _TYPES[kind].get(name)
    if field_type in (FieldType.DATE, FieldType.BIRTH_DATE):
        return date.fromisoformat(value)
    if field_type is FieldType.DATETIME:
        return parse_iso_utc(value)
    return value


def to_wire(value: Any) -> Any:
    """A model attribute as it travels and as devices store it."""
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def field_values(kind: Kind, row: models.Model) -> dict[str, Any]:
    """The schema fields of ``row`` in wire form."""
    return {name: to_wire(getattr(row, name)) for name in _TYPES[kind]}


def latest_hlc(clocks: dict[str, Any]) -> str:
    """The latest field clock of a record: a device advances its own clock past it."""
    return max((clock[0] for clock in clocks.values()), default="")


def wire_record(kind: Kind, row: models.Model) -> dict[str, Any]:
    """A record as download streams carry it: the envelope, every field, and ``hlc``."""
    return {
        "id": row.id,
        "created_at": iso_utc(row.created_at),
        "updated_at": iso_utc(row.updated_at),
        "created_by": row.created_by,
        "origin_device": row.origin_device,
        "rev": row.rev,
        "deleted": row.deleted,
        **field_values(kind, row),
        "hlc": latest_hlc(row.clocks),
    }
