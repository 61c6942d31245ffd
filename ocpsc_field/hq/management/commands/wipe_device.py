"""``wipe_device DEVICE_ID``: the device erases its local data at its next contact."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ocpsc_field.hq.enrollment import request_wipe
from ocpsc_field.hq.management.lookup import device_with_id


class Command(BaseCommand):
    help = "Ask a device to erase its local data at its next contact."
    requires_system_checks: list[str] = []  # a script's command should start fast

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("device_id")

    def handle(self, *args: Any, **options: Any) -> None:
        device = device_with_id(options["device_id"])
        request_wipe(device)
        self.stdout.write(
            f"Device {device.pk} ({device.user.username}) will erase its data at its next contact"
        )
