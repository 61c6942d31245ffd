"""Conflicts to review, and the sync bookkeeping (receipts, change log, audit log), read-only."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from ocpsc_field.hq import conflicts
from ocpsc_field.hq.admin.scoping import OrganizationScoped, ReadOnly, export_csv
from ocpsc_field.hq.models import AuditEntry, ChangeLog, Conflict, Receipt


@admin.register(Conflict)
class ConflictAdmin(OrganizationScoped, ReadOnly):
    list_display = (
        "created_at",
        "kind",
        "record_id",
        "field",
        "losing_value",
        "winning_value",
        "losing_device",
        "winning_device",
        "reversed",
        "resolved_at",
    )
    list_filter = ("kind", "field", "reversed", "organization")
    search_fields = ["record_id"]
    actions = ["reverse", "accept", export_csv]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return bool(request.user.has_perm("hq.change_conflict")) and obj is None

    @admin.action(description="Reverse: the losing value wins", permissions=["change"])
    def reverse(self, request: HttpRequest, queryset: QuerySet) -> None:
        done = 0
        for conflict in queryset:
            try:
                conflicts.reverse(conflict, request.user)
                done += 1
            except conflicts.CannotReverse as refused:
                messages.error(request, str(refused))
        if done:
            messages.success(
                request, f"Reversed {done} conflicts; devices get the values next sync."
            )

    @admin.action(description="Accept the merged value (mark reviewed)", permissions=["change"])
    def accept(self, request: HttpRequest, queryset: QuerySet) -> None:
        for conflict in queryset:
            conflicts.accept(conflict, request.user)
        messages.success(request, f"Marked {queryset.count()} conflicts as reviewed.")


@admin.register(Receipt)
class ReceiptAdmin(ReadOnly):
    list_display = ("device", "op_id", "state", "reason", "kind", "record_id", "received_at")
    list_filter = ("state", "reason", "kind")
    search_fields = ["device__id", "record_id"]


@admin.register(ChangeLog)
class ChangeLogAdmin(ReadOnly):
    list_display = ("seq", "at", "kind", "record_id", "op", "organization", "device", "user")
    list_filter = ("kind", "op", "organization")
    search_fields = ["record_id", "device__id"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnly):
    list_display = ("at", "action", "user", "device", "organization", "kind", "record_id")
    list_filter = ("action", "organization")
    search_fields = ["record_id", "user__username", "device__id"]
