"""``publish_survey FILE.xlsx [--dry-run]``: publish an XLSForm as a new survey version.

On problems it prints each one with its sheet, row and column, publishes
nothing and exits 1. On success it prints the form id, the version and the
survey record's id. Publishing the same version with the same content again
changes nothing; with other content it is refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ocpsc_field.hq import surveys


class Command(BaseCommand):
    help = (
        "Publish an XLSForm (.xlsx) as a survey version; devices receive it on their next "
        "sync. Surveys go to every organization."
    )
    requires_system_checks: list[str] = []  # a script's command should start fast

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE.xlsx")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the form and say what would happen"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Could not read {path}: {error.strerror or error}.") from None
        try:
            done = surveys.publish_form(data, path.name, dry_run=options["dry_run"])
        except surveys.PublishRefused as refused:
            for problem in refused.problems:
                self.stderr.write(problem.render())
            count = len(refused.problems)
            noun = "problem" if count == 1 else "problems"
            raise CommandError(f"{count} {noun} found; nothing was published.") from None
        self.stdout.write(_report(done, dry_run=options["dry_run"]))


def _report(done: surveys.Published, *, dry_run: bool) -> str:
    where = f"form {done.form_id} version {done.version}"
    if done.outcome == surveys.UNCHANGED:
        assert done.survey is not None
        return f"Already published: {where} is survey {done.survey.pk}; nothing changed."
    if dry_run:
        return f"The form is fine: publishing would create {where}. Nothing was published."
    assert done.survey is not None
    return f"Published {where} as survey {done.survey.pk}."
