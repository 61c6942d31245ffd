"""``issue_enrollment_code USERNAME``: a one-time, expiring code, as the last line of stdout."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ocpsc_field.hq.enrollment import DEFAULT_CODE_HOURS, issue_code
from ocpsc_field.hq.management.lookup import user_named
from ocpsc_field.hq.roles import profile_of


class Command(BaseCommand):
    help = "Issue a one-time enrollment code for a user's device; the code is the last line."
    requires_system_checks: list[str] = []  # a script's command should start fast

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--hours",
            type=float,
            default=DEFAULT_CODE_HOURS,
            help=f"how long the code stays valid (default {DEFAULT_CODE_HOURS})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = user_named(options["username"])
        if profile_of(user) is None:
            raise CommandError(
                f"User {user.username!r} has no organization and role; create users with "
                "create_user."
            )
        if not user.is_active:
            raise CommandError(f"User {user.username!r} is not active.")
        if options["hours"] <= 0:
            raise CommandError("--hours must be more than 0.")
        code = issue_code(user, hours=options["hours"])
        until = timezone.now() + timezone.timedelta(hours=options["hours"])
        self.stdout.write(
            f"One-time enrollment code for {user.username!r}, valid until "
            f"{until:%Y-%m-%d %H:%M} UTC:"
        )
        self.stdout.write(code)
