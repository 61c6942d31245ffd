"""``export_survey FORM_ID --format csv|xlsx --out PATH [--org NAME]``: export responses.

Every version of the form goes into one export, with a ``_form_version``
column. Excel: one workbook at PATH, a sheet per repeat. CSV: PATH holds the
responses, and beside it one file per repeat named after both (``report.csv``,
``report-members.csv``). Files are
written under temporary names and renamed into place, so a failed export
leaves nothing half-written.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ocpsc_field.hq.audit import audit
from ocpsc_field.hq.management.lookup import organization_named
from ocpsc_field.hq.surveys_export import FORMATS, NoSuchSurvey, SurveyExport, csv_names


class Command(BaseCommand):
    help = "Export the responses to every version of a survey as CSV or Excel (.xlsx)."
    requires_system_checks: list[str] = []  # a script's command should start fast

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("form_id", metavar="FORM_ID")
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("--out", required=True, help="the file to write")
        parser.add_argument("--org", help="only this organization's responses")

    def handle(self, *args: Any, **options: Any) -> None:
        organization = organization_named(options["org"]) if options["org"] else None
        try:
            export = SurveyExport(options["form_id"], organization.pk if organization else None)
        except NoSuchSurvey:
            raise CommandError(
                f"No survey with form id {options['form_id']!r} was ever published. "
                "The form ids are listed in the admin under Surveys."
            ) from None
        out = Path(options["out"])
        if out.is_dir():
            raise CommandError(f"{out} is a folder; give the name of the file to write.")
        if options["format"] == "xlsx":
            targets = {None: out}
        else:
            names = csv_names(export.form_id, export.sheets, out.name.removesuffix(".csv"))
            targets = {key: out.with_name(name) for key, name in names.items()}
        try:
            _write(export, options["format"], targets)
        except OSError as error:
            raise CommandError(f"Could not write {out}: {error.strerror or error}.") from None
        count = export.written
        audit(
            "survey_exported",
            organization=organization,
            kind="survey_response",
            detail={"form_id": export.form_id, "format": options["format"], "count": count},
        )
        noun = "response" if count == 1 else "responses"
        self.stdout.write(f"Exported {count} {noun} of {export.form_id}:")
        for path in targets.values():
            self.stdout.write(f"  {path}")


def _write(export: SurveyExport, format_: str, targets: dict[str | None, Path]) -> None:
    """Write every file under a temporary name beside it, then rename them all."""
    temporary: dict[str | None, Path] = {}
    try:
        with ExitStack() as stack:
            streams: dict[str | None, IO[bytes]] = {}
            for key, target in targets.items():
                handle, name = tempfile.mkstemp(prefix=".export-", dir=target.parent)
                temporary[key] = Path(name)
                streams[key] = stack.enter_context(os.fdopen(handle, "wb"))
            if format_ == "xlsx":
                export.write_xlsx(streams[None])
            else:
                export.write_csv(streams)
        for key, target in targets.items():
            os.replace(temporary.pop(key), target)
    finally:
        for leftover in temporary.values():
            leftover.unlink(missing_ok=True)
