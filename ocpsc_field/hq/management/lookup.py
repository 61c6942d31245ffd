"""Finding what a management command names, with a message saying what to do if it is not there."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from ocpsc_field.hq.models import Device, Organization


def organization_named(name: str) -> Organization:
    found = Organization.objects.filter(name=name).first()
    if found is None:
        raise CommandError(
            f"There is no organization named {name!r}. "
            "Check the spelling, or create it with create_organization."
        )
    return found


def user_named(username: str) -> Any:
    found = get_user_model().objects.filter(username=username).first()
    if found is None:
        raise CommandError(
            f"There is no user named {username!r}. Create it with create_user first."
        )
    return found


def device_with_id(device_id: str) -> Device:
    found = Device.objects.select_related("organization", "user").filter(pk=device_id).first()
    if found is None:
        raise CommandError(
            f"There is no device with id {device_id!r}. "
            "The ids are listed in the admin under Devices, and by GET /api/v1/devices."
        )
    return found
