"""``publish_bundled_surveys``: publish the surveys that ship with the app, if missing.

HQ does this by itself after ``migrate`` and when ``ocpsc-hq serve`` starts;
the command says, per bundled survey, whether it was published now, was
already there, or is held under another id or with other content (exit 1).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ocpsc_field.hq import bundled_surveys, surveys


class Command(BaseCommand):
    help = (
        "Publish the surveys bundled with the app under their fixed ids, so responses "
        "laptops make on them are accepted. Surveys already published are left alone."
    )
    requires_system_checks: list[str] = []  # a script's command should start fast

    def handle(self, *args: Any, **options: Any) -> None:
        outcomes = bundled_surveys.publish_bundled()
        problems = 0
        for done in outcomes:
            where = f"form {done.form_id} version {done.version}"
            if done.outcome == surveys.CREATED:
                self.stdout.write(f"Published {where} as survey {done.record_id}.")
            elif done.outcome == bundled_surveys.PRESENT:
                self.stdout.write(f"Already published: {where} is survey {done.record_id}.")
            elif done.outcome == bundled_surveys.ELSEWHERE:
                problems += 1
                self.stderr.write(
                    f"{where} is published as survey {done.detail}, not under its bundled "
                    f"id {done.record_id}; responses made on the bundled copy are refused."
                )
            else:
                problems += 1
                self.stderr.write(f"{where} was not published: {done.detail}")
        if not outcomes:
            self.stdout.write("No bundled surveys found.")
        if problems:
            raise CommandError(f"{problems} bundled surveys could not be published.")
