"""``list_conflicts [--org NAME] [--open]``: conflicts as JSON, for review outside the admin."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ocpsc_field.hq.management.lookup import organization_named
from ocpsc_field.hq.models import Conflict


class Command(BaseCommand):
    help = "Print conflicts as JSON, newest first."
    requires_system_checks: list[str] = []  # a script's command should start fast

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", help="only this organization's conflicts")
        parser.add_argument("--open", action="store_true", help="only those not yet reviewed")

    def handle(self, *args: Any, **options: Any) -> None:
        conflicts = Conflict.objects.all()
        if options["org"]:
            conflicts = conflicts.filter(organization=organization_named(options["org"]))
        if options["open"]:
            conflicts = conflicts.filter(resolved_at__isnull=True)
        rows = [
            {
                "id": conflict.pk,
                "kind": conflict.kind,
                "record_id": conflict.record_id,
                "field": conflict.field,
                "losing_value": conflict.losing_value,
                "winning_value": conflict.winning_value,
                "losing_hlc": conflict.losing_hlc,
                "winning_hlc": conflict.winning_hlc,
                "losing_device": conflict.losing_device_id,
                "winning_device": conflict.winning_device_id,
                "reversed": conflict.reversed,
                "resolved_at": conflict.resolved_at.isoformat() if conflict.resolved_at else None,
            }
            for conflict in conflicts
        ]
        self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
