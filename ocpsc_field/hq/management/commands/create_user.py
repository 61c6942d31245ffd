"""``create_user USERNAME --org NAME --role ROLE``: add a field or HQ user.

Coordinators and HQ admins may also log in to the admin; their password is
taken from ``OCPSC_HQ_USER_PASSWORD`` if set (else set it later with
``changepassword``). Field users need no password: their devices enroll with
a code.
"""

from __future__ import annotations

import os
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from ocpsc_field.hq.audit import audit
from ocpsc_field.hq.management.lookup import organization_named
from ocpsc_field.hq.models import Profile, Role
from ocpsc_field.hq.roles import apply_role

PASSWORD_ENV = "OCPSC_HQ_USER_PASSWORD"


class Command(BaseCommand):
    help = "Create a user in an organization with a role."
    requires_system_checks: list[str] = []  # a script's command should start fast

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--org", required=True, help="the organization's name")
        parser.add_argument("--role", required=True, choices=[role.value for role in Role])
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"].strip()
        if not username:
            raise CommandError("The username is empty.")
        organization = organization_named(options["org"])
        users = get_user_model().objects
        if users.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} already exists.")
        with transaction.atomic():
            user = users.create_user(username=username, email=options["email"])
            password = os.environ.get(PASSWORD_ENV)
            if password:
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.save()
            Profile.objects.create(user=user, organization=organization, role=options["role"])
            apply_role(user, options["role"])
            audit(
                "user_created",
                organization=organization,
                detail={"username": username, "role": options["role"]},
            )
        self.stdout.write(f"Created user {username!r} ({options['role']}) in {organization.name!r}")
