"""``record_counts [--org NAME]``: JSON counts of live records per kind and per organization."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ocpsc_field.hq.counts import record_counts
from ocpsc_field.hq.management.lookup import organization_named


class Command(BaseCommand):
    help = "Print record counts as JSON: per kind, and per organization for field records."
    requires_system_checks: list[str] = []  # a script's command should start fast

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", help="only this organization's records")

    def handle(self, *args: Any, **options: Any) -> None:
        organization = organization_named(options["org"]) if options["org"] else None
        counts = record_counts(organization)
        self.stdout.write(json.dumps(counts, indent=2, sort_keys=True, ensure_ascii=False))
