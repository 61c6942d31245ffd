"""One table per record kind, with exactly the fields of ``core.records.SCHEMAS``.

The models are built from the schema table rather than written out, so a
field added to a kind in core reaches HQ with one migration and nothing else
to keep in step (a test checks that the migrations are current).

Every row carries the record envelope as the device knows it, plus what only
HQ keeps:
- ``seq``: the change-log sequence number of its last change; download
  streams page through rows by it (see ``sequence`` for why that is safe);
- ``clocks``: per field, ``[hlc, seq, hq device id]`` of the write that set it,
  so field-level merge can decide which of two edits wins;
- for field kinds, the owning organization, whether HQ has seen the create
  yet (``complete``), and the device whose own state the row equals
  (``echo_device``), so a device is not sent its own records back.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from ocpsc_field.core.records import (
    FIELD_KINDS,
    JSON_TYPES,
    SCHEMAS,
    FieldSpec,
    FieldType,
    Kind,
)

# Column widths for typed short text, chosen for the longest valid value.
_WIDTHS = {
    FieldType.PHONE: 16,  # E.164: + and at most 15 digits
    FieldType.ZIP: 10,
    FieldType.COUNTY: 40,
    FieldType.REFERENCE: 36,
}
_SHORT_TEXT = frozenset(
    {FieldType.TEXT, FieldType.NAME, FieldType.EMAIL, FieldType.URL, FieldType.CHOICE}
)


def model_field(spec: FieldSpec) -> models.Field:
    """The Django column for one schema field. Every column is nullable: the
    validation engine decides what is required, and a row may be a placeholder
    for an update that arrived before its create."""
    common: dict[str, Any] = {"null": True, "blank": True}
    if spec.type in JSON_TYPES:
        return models.JSONField(**common)
    if spec.type in (FieldType.DATE, FieldType.BIRTH_DATE):
        return models.DateField(**common)
    if spec.type is FieldType.DATETIME:
        return models.DateTimeField(**common)
    if spec.type is FieldType.INTEGER:
        return models.IntegerField(**common)
    if spec.type is FieldType.BOOLEAN:
        return models.BooleanField(**common)
    if spec.type is FieldType.CHOICE:
        width = max(len(choice) for choice in spec.choices)
        return models.CharField(
            max_length=width, choices=[(c, c.replace("_", " ")) for c in spec.choices], **common
        )
    if spec.type in _WIDTHS:
        return models.CharField(
            max_length=_WIDTHS[spec.type], db_index=spec.type is FieldType.REFERENCE, **common
        )
    if spec.type in _SHORT_TEXT and spec.max_length is not None:
        return models.CharField(max_length=spec.max_length, **common)
    return models.TextField(**common)


class RecordBase(models.Model):
    """The envelope every record has, and HQ's merge bookkeeping."""

    id = models.CharField(primary_key=True, max_length=36)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    created_by = models.CharField(max_length=150)
    origin_device = models.CharField(max_length=64)
    rev = models.PositiveIntegerField(default=1)
    deleted = models.BooleanField(default=False)
    seq = models.BigIntegerField(default=0, db_index=True)
    clocks = models.JSONField(default=dict)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.id}"


class FieldRecordBase(RecordBase):
    """Records made on devices: owned by one organization, merged field by field."""

    owner = models.ForeignKey(
        "hq.Organization", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    complete = models.BooleanField(default=False)
    echo_device = models.CharField(max_length=36, null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


def _model_name(kind: Kind) -> str:
    return "".join(part.title() for part in kind.value.split("_"))


def _build(
    kind: Kind,
    base: type[models.Model],
    extra: dict[str, Any] | None = None,
    constraints: list[models.BaseConstraint] | None = None,
) -> type[models.Model]:
    attrs: dict[str, Any] = {"__module__": __name__, **(extra or {})}
    for spec in SCHEMAS[kind]:
        attrs[spec.name] = model_field(spec)
    meta: dict[str, Any] = {
        "app_label": "hq",
        "db_table": f"hq_{kind.value}",
        "verbose_name": kind.value.replace("_", " "),
        "constraints": constraints or [],
    }
    if base is FieldRecordBase:
        # The download stream of one organization reads rows in seq order.
        meta["indexes"] = [models.Index(fields=["owner", "seq"], name=f"hq_{kind.value}_stream")]
    attrs["Meta"] = type("Meta", (), meta)
    return type(_model_name(kind), (base,), attrs)


Resident = _build(Kind.RESIDENT, FieldRecordBase)
ContactLog = _build(Kind.CONTACT_LOG, FieldRecordBase)
Enrollment = _build(Kind.ENROLLMENT, FieldRecordBase)
SurveyResponse = _build(Kind.SURVEY_RESPONSE, FieldRecordBase)
Program = _build(Kind.PROGRAM, RecordBase)
Survey = _build(Kind.SURVEY, RecordBase)
Resource = _build(Kind.RESOURCE, RecordBase)
# An organization is both a reference record sent to devices and the tenant
# that owns field records, users and devices.
Organization = _build(
    Kind.ORGANIZATION,
    RecordBase,
    {"__str__": lambda self: self.name or str(self.id)},
    [models.UniqueConstraint(fields=["name"], name="hq_organization_unique_name")],
)

RECORD_MODELS: dict[Kind, type[models.Model]] = {
    Kind.RESIDENT: Resident,
    Kind.CONTACT_LOG: ContactLog,
    Kind.ENROLLMENT: Enrollment,
    Kind.SURVEY_RESPONSE: SurveyResponse,
    Kind.PROGRAM: Program,
    Kind.SURVEY: Survey,
    Kind.RESOURCE: Resource,
    Kind.ORGANIZATION: Organization,
}
assert set(FIELD_KINDS) <= set(RECORD_MODELS)
