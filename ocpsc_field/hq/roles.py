"""What each role may do: which download streams its devices get, and what it may do in the admin.

Every check is made here, on the server; the app only hides what it could
not do anyway.
"""

from __future__ import annotations

from typing import Any

from ocpsc_field.hq.models import Profile, Role
from ocpsc_field.sync.protocol import ORGANIZATION_STREAMS, REFERENCE_STREAMS

# Every role discusses programs, refers residents to resources, runs surveys and
# names partner organizations, so all of them get the reference streams. A
# canvasser registers and visits residents but does not handle applications,
# so enrollments (eligibility answers, case numbers) stay off canvassers' laptops.
STREAMS_BY_ROLE: dict[str, tuple[str, ...]] = {
    Role.CANVASSER: (*REFERENCE_STREAMS, "resident"),
    Role.CBO_STAFF: (*REFERENCE_STREAMS, *ORGANIZATION_STREAMS),
    Role.COORDINATOR: (*REFERENCE_STREAMS, *ORGANIZATION_STREAMS),
    Role.HQ_ADMIN: (*REFERENCE_STREAMS, *ORGANIZATION_STREAMS),
}

# Roles that may see their team's devices and use the admin.
STAFF_ROLES = (Role.COORDINATOR, Role.HQ_ADMIN)

_FIELD_RECORDS = ("resident", "contactlog", "enrollment", "surveyresponse")
_REFERENCE = ("program", "survey", "resource", "organization")
# Django permissions per staff role, as (app, action, model).
_GROUP_PERMISSIONS: dict[str, list[tuple[str, str, str]]] = {
    Role.COORDINATOR: [
        *(("hq", "view", model) for model in _FIELD_RECORDS),
        *(("hq", "view", model) for model in _REFERENCE),
        ("hq", "view", "device"),
        ("hq", "change", "device"),
        ("hq", "view", "conflict"),
        ("hq", "change", "conflict"),
        ("hq", "view", "bundlereport"),
    ],
    Role.HQ_ADMIN: [
        *(("hq", "view", model) for model in _FIELD_RECORDS),
        *(
            ("hq", action, model)
            for model in _REFERENCE
            for action in ("view", "add", "change", "delete")
        ),
        *(("hq", action, "device") for action in ("view", "change")),
        *(("hq", action, "conflict") for action in ("view", "change")),
        *(("hq", "view", model) for model in ("auditentry", "changelog", "receipt")),
        *(("hq", "view", model) for model in ("enrollmentcode", "profile")),
        *(("hq", "view", model) for model in ("bundlereport", "bundlekey")),
        *(("auth", action, "user") for action in ("view", "add", "change")),
    ],
}


def sync_role_groups(sender: Any = None, **kwargs: Any) -> None:
    """Keep one auth group per staff role with exactly its permissions (after every migrate)."""
    from django.contrib.auth.models import Group, Permission

    for role, wanted in _GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        permissions = [
            permission
            for app, action, model in wanted
            for permission in Permission.objects.filter(
                content_type__app_label=app, codename=f"{action}_{model}"
            )
        ]
        group.permissions.set(permissions)


def apply_role(user: Any, role: str) -> None:
    """Give ``user`` the admin access of ``role``: staff roles can log in to the admin."""
    from django.contrib.auth.models import Group

    user.is_staff = role in STAFF_ROLES or user.is_superuser
    user.save(update_fields=["is_staff"])
    user.groups.set(Group.objects.filter(name=role))


def profile_of(user: Any) -> Profile | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.hq_profile
    except Profile.DoesNotExist:
        return None


def sees_every_organization(user: Any) -> bool:
    """Superusers and HQ admins work across organizations; coordinators see only their own."""
    if getattr(user, "is_superuser", False):
        return True
    profile = profile_of(user)
    return profile is not None and profile.role == Role.HQ_ADMIN
