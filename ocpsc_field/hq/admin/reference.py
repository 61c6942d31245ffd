"""Reference data in the admin: the program catalog, the resource directory, organizations.

Surveys, published from XLSForms, have their own admin (``admin.surveys``).

HQ staff edit these; every save is checked by ``core.validation`` (the same
rules the app applies) and published to devices on the download streams.
A delete is a tombstone, so devices learn about it too.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from ocpsc_field.core.records import Kind, field_names
from ocpsc_field.hq import publish
from ocpsc_field.hq.admin.scoping import export_csv
from ocpsc_field.hq.models import Organization, Program, Resource
from ocpsc_field.hq.values import to_wire


class ReferenceForm(forms.ModelForm):
    """Checks the values with the validation engine and keeps its normalized values."""

    kind: Kind

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        values = {name: to_wire(cleaned.get(name)) for name in field_names(self.kind)}
        try:
            self.validated = publish.validated(self.kind, values, partial=False)
        except publish.InvalidRecord as invalid:
            for name, message in invalid.errors.items():
                self.add_error(name if name in self.fields else None, message.render())
        return cleaned


class ReferenceAdmin(admin.ModelAdmin):
    kind: Kind
    actions = [export_csv, "tombstone"]
    readonly_fields = ("id", "rev", "created_at", "updated_at", "created_by", "deleted", "seq")
    search_fields = ["id"]
    list_filter = ("deleted",)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):
        kwargs["fields"] = list(field_names(self.kind))
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(f"{self.kind.value.title()}Form", (ReferenceForm, form), {"kind": self.kind})

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [*field_names(self.kind), *(self.readonly_fields if obj else ())]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        row = publish.write(
            self.kind,
            obj.pk if change else None,
            form.validated,
            user=request.user,
            action=f"{self.kind.value}_saved",
        )
        obj.pk = row.pk
        obj.refresh_from_db()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        publish.write(self.kind, obj.pk, {}, user=request.user, action="deleted", deleted=True)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    @admin.action(
        description="Withdraw the selected records (devices remove them)", permissions=["delete"]
    )
    def tombstone(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.delete_queryset(request, queryset)
        messages.success(request, f"Withdrew {queryset.count()} records.")


@admin.register(Program)
class ProgramAdmin(ReferenceAdmin):
    kind = Kind.PROGRAM
    list_display = ("code", "agency", "active", "updated_at", "deleted")
    search_fields = ["id", "code", "agency"]


@admin.register(Resource)
class ResourceAdmin(ReferenceAdmin):
    kind = Kind.RESOURCE
    list_display = ("id", "category", "county", "city", "updated_at", "deleted")
    list_filter = ("deleted", "category", "county")


@admin.register(Organization)
class OrganizationAdmin(ReferenceAdmin):
    kind = Kind.ORGANIZATION
    list_display = ("name", "id", "updated_at", "deleted")
    search_fields = ["id", "name"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # organizations own users, devices and records: never removed
