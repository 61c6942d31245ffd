"""``create_organization NAME``: add an organization (a CBO, or HQ itself)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ocpsc_field.core.records import Kind
from ocpsc_field.hq import publish
from ocpsc_field.hq.models import Organization


class Command(BaseCommand):
    help = "Create an organization; prints its id."
    requires_system_checks: list[str] = []  # a script's command should start fast

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--county", action="append", default=[], dest="counties")
        parser.add_argument("--language", action="append", default=[], dest="languages")

    def handle(self, *args: Any, **options: Any) -> None:
        values = {
            "name": options["name"],
            "counties": options["counties"],
            "languages": options["languages"],
        }
        try:
            checked = publish.validated(Kind.ORGANIZATION, values, partial=False)
        except publish.InvalidRecord as invalid:
            raise CommandError(f"The organization cannot be created: {invalid}") from None
        if Organization.objects.filter(name=checked["name"]).exists():
            raise CommandError(f"An organization named {checked['name']!r} already exists.")
        row = publish.write(Kind.ORGANIZATION, None, checked, action="organization_created")
        self.stdout.write(f"Created organization {row.name!r} with id {row.pk}")
