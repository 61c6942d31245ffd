"""Admin building blocks: organization scope, read-only lists, CSV export.

Coordinators see only their own organization's records, devices and
conflicts; HQ admins and superusers see every organization.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone

from ocpsc_field.hq.audit import audit
from ocpsc_field.hq.roles import profile_of, sees_every_organization


class OrganizationScoped(admin.ModelAdmin):
    """Limits every list and object to the viewer's organization unless they see all."""

    organization_field = "organization"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        rows = super().get_queryset(request)
        if sees_every_organization(request.user):
            return rows
        profile = profile_of(request.user)
        if profile is None:
            return rows.none()
        return rows.filter(**{f"{self.organization_field}_id": profile.organization_id})


class ReadOnly(admin.ModelAdmin):
    """A list to look at: nobody adds, edits or deletes these rows by hand."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class _Echo:
    """A file-like object csv.writer can write to, returning each line to stream."""

    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, header: list[str], rows: Iterator[list[Any]]) -> Any:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@admin.action(description="Export the selected rows as CSV", permissions=["view"])
def export_csv(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> Any:
    """Every column of the selected rows; the export itself goes to the audit log."""
    model = queryset.model
    names = [field.name for field in model._meta.concrete_fields if field.name != "clocks"]
    columns = [field.attname for field in model._meta.concrete_fields if field.name != "clocks"]
    count = queryset.count()
    audit(
        "records_exported",
        user=request.user,
        kind=model._meta.model_name,
        detail={"count": count},
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    rows = ([getattr(row, column) for column in columns] for row in queryset.iterator())
    return csv_response(f"{model._meta.model_name}-{stamp}.csv", names, rows)
