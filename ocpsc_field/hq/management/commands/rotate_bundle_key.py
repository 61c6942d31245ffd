"""``rotate_bundle_key [--retire-old] [--list]``: a new key pair for offline bundles.

Laptops seal new bundles to the new key from their next sync on. Older keys
keep opening bundles already made with them, unless ``--retire-old`` retires
them (when a key may have leaked): bundles sealed to a retired key are then
refused, and their records stay on the laptops until a sync or a new bundle.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ocpsc_field.hq import bundle_keys
from ocpsc_field.hq.models import BundleKey


class Command(BaseCommand):
    help = "Make a new active key pair for offline bundles (older keys still open old bundles)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--retire-old",
            action="store_true",
            help="stop accepting bundles sealed to the older keys",
        )
        parser.add_argument(
            "--list", action="store_true", help="only list the keys, change nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["list"]:
            made, retired = bundle_keys.rotate(retire=options["retire_old"])
            self.stdout.write(f"New active bundle key {made.key_id}.")
            if retired:
                self.stdout.write(f"Retired: {', '.join(retired)}.")
        for key in BundleKey.objects.order_by("-created_at"):
            state = "active" if key.active else ("retired" if key.retired_at else "valid")
            self.stdout.write(f"{key.key_id}  {state:8}  made {key.created_at:%Y-%m-%d %H:%M} UTC")
