"""Users, devices and enrollment codes in the admin.

Actions: issue an enrollment code (shown once, in the confirmation message),
revoke a device, ask a device to wipe itself at its next contact.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from ocpsc_field.hq.admin.scoping import OrganizationScoped, ReadOnly
from ocpsc_field.hq.enrollment import issue_code, request_wipe, revoke
from ocpsc_field.hq.models import Device, EnrollmentCode, Profile
from ocpsc_field.hq.roles import apply_role, profile_of, sees_every_organization

User = get_user_model()


def _issue_codes(request: HttpRequest, users: list[Any]) -> None:
    for user in users:
        if profile_of(user) is None or not user.is_active:
            messages.error(request, f"{user.get_username()} has no organization and role.")
            continue
        code = issue_code(user, by=request.user)
        messages.success(
            request,
            format_html(
                "Enrollment code for {}: <strong class='enrollment-code'>{}</strong> "
                "(one use; shown only now)",
                user.get_username(),
                code,
            ),
        )


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    verbose_name_plural = "organization and role"


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class HqUserAdmin(UserAdmin):
    inlines = [ProfileInline]
    actions = ["issue_enrollment_code"]
    list_display = ("username", "organization", "role", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "hq_profile__role", "hq_profile__organization")

    @admin.display(description="organization")
    def organization(self, user: Any) -> str:
        profile = profile_of(user)
        return str(profile.organization) if profile else ""

    @admin.display(description="role")
    def role(self, user: Any) -> str:
        profile = profile_of(user)
        return profile.role if profile else ""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ("is_superuser", "is_staff", "groups", "user_permissions", "last_login")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        users = super().get_queryset(request)
        if sees_every_organization(request.user):
            return users
        profile = profile_of(request.user)
        if profile is None:
            return users.none()
        return users.filter(hq_profile__organization=profile.organization)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        profile = profile_of(form.instance)
        if profile is not None:
            apply_role(form.instance, profile.role)

    @admin.action(description="Issue an enrollment code", permissions=["view"])
    def issue_enrollment_code(self, request: HttpRequest, queryset: QuerySet) -> None:
        _issue_codes(request, list(queryset))


@admin.register(Device)
class DeviceAdmin(OrganizationScoped):
    list_display = (
        "id",
        "name",
        "user",
        "organization",
        "last_seen",
        "backlog",
        "missing",
        "revoked",
        "wipe_requested",
    )
    list_filter = ("organization", "revoked", "wipe_requested")
    search_fields = ["id", "name", "user__username"]
    actions = ["revoke_devices", "request_wipes", "issue_enrollment_code"]
    fields = (
        "id",
        "name",
        "user",
        "organization",
        "local_id",
        "enrolled_at",
        "last_seen",
        "revoked",
        "revoked_at",
        "wipe_requested",
        "wipe_sent_at",
        "first_op_id",
        "contiguous_through",
        "last_op_id",
        "gaps",
        "backlog",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # devices enroll themselves with a code

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # receipts and the change log point at devices: revoke instead

    @admin.display(description="ops never arrived")
    def missing(self, device: Device) -> str:
        if not device.gaps:
            return "none"
        return ", ".join(f"{first}–{last}" for first, last in device.gaps)

    @admin.action(description="Revoke the selected devices", permissions=["change"])
    def revoke_devices(self, request: HttpRequest, queryset: QuerySet) -> None:
        for device in queryset:
            revoke(device, by=request.user)
        messages.success(request, f"Revoked {queryset.count()} devices.")

    @admin.action(
        description="Erase the selected devices' data at next contact", permissions=["change"]
    )
    def request_wipes(self, request: HttpRequest, queryset: QuerySet) -> None:
        for device in queryset:
            request_wipe(device, by=request.user)
        messages.success(request, f"{queryset.count()} devices will erase their data.")

    @admin.action(
        description="Issue an enrollment code for the device's user", permissions=["change"]
    )
    def issue_enrollment_code(self, request: HttpRequest, queryset: QuerySet) -> None:
        _issue_codes(request, list({device.user for device in queryset.select_related("user")}))


@admin.register(EnrollmentCode)
class EnrollmentCodeAdmin(ReadOnly):
    list_display = ("user", "created_at", "expires_at", "used_at", "device")
    list_filter = ("used_at",)
    exclude = ("code_hash",)
