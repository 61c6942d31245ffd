"""``ocpsc-field survey-check FILE.xlsx``: check an XLSForm without a profile.

A coordinator runs it before asking HQ to publish a form. On success it
prints a JSON summary of the survey and exits 0; otherwise it prints every
problem with its sheet, row and column (or, with ``--json``, the same as
JSON) and exits 1. Nothing is written anywhere.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from ocpsc_field.core.survey_summary import survey_summary
from ocpsc_field.core.xlsform import XLSFormError, read_xlsform
from ocpsc_field.i18n import _, ngettext

EXIT_OK = 0
EXIT_FAILED = 1


def form_id_from_path(path: Path) -> str:
    """A form id made from the file's name, for forms whose settings have none."""
    stem = re.sub(r"[^\w.-]+", "_", path.stem).strip("_") or "form"
    return stem if not stem[0].isdigit() else "_" + stem


def run_survey_check(path: Path, *, as_json: bool = False) -> int:
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or error.__class__.__name__
        message = _("Could not read {path}: {reason}").format(path=path, reason=reason)
        _report_failure([message], [{"message": message}], as_json)
        return EXIT_FAILED
    try:
        definition = read_xlsform(data, fallback_form_id=form_id_from_path(path))
    except XLSFormError as error:
        lines = [problem.render(_) for problem in error.problems]
        entries = [problem.as_json(_) for problem in error.problems]
        _report_failure(lines, entries, as_json)
        return EXIT_FAILED
    print(json.dumps(survey_summary(definition), ensure_ascii=False, indent=2))
    return EXIT_OK


def _report_failure(lines: list[str], entries: list[dict[str, object]], as_json: bool) -> None:
    if as_json:
        print(json.dumps({"problems": entries}, ensure_ascii=False, indent=2))
        return
    for line in lines:
        print(line)
    count = len(lines)
    summary = ngettext(
        "{count} problem found; the form was not accepted.",
        "{count} problems found; the form was not accepted.",
        count,
    )
    print(summary.format(count=count), file=sys.stderr)
