"""``revoke_device DEVICE_ID``: the device is refused from its next contact on."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ocpsc_field.hq.enrollment import revoke
from ocpsc_field.hq.management.lookup import device_with_id


class Command(BaseCommand):
    help = "Revoke a device: HQ refuses it from now on."
    requires_system_checks: list[str] = []  # a script's command should start fast

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("device_id")

    def handle(self, *args: Any, **options: Any) -> None:
        device = device_with_id(options["device_id"])
        revoke(device)
        self.stdout.write(
            f"Revoked device {device.pk} ({device.user.username}, {device.organization})"
        )
