"""The survey admin's own pages: publishing an uploaded XLSForm, and downloading exports.

Upload: HQ staff with the right to add surveys pick an ``.xlsx``; the page
either lists every problem (sheet, row, column, character, problem) and
publishes nothing, or publishes the form and goes to the new survey.
"Only check" runs every check and publishes nothing.

Export: anyone who may view survey responses downloads every version's
responses as CSV (a zip with one file per repeat when the form has repeats)
or Excel. A coordinator's file holds only their organization's responses.
"""

from __future__ import annotations

import tempfile
import zipfile
from typing import IO, Any

from django import forms
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseForbidden
from django.template import engines
from django.utils import timezone

from ocpsc_field.core.xlsform_sheets import MAX_FILE_BYTES
from ocpsc_field.hq import surveys
from ocpsc_field.hq.audit import audit
from ocpsc_field.hq.roles import profile_of, sees_every_organization
from ocpsc_field.hq.surveys_export import NoSuchSurvey, SurveyExport, csv_names

_SPOOL_BYTES = 16 * 1024 * 1024  # exports larger than this are spooled to a temporary file
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

UPLOAD_PAGE = """{% extends "admin/base_site.html" %}
{% block content %}
<p>Choose an XLSForm (<code>.xlsx</code>) with a <code>survey</code> sheet, and
<code>choices</code> and <code>settings</code> sheets as needed. The form's
<code>version</code> setting names the version: publishing a new version keeps the old
ones, so drafts and responses begun on them stay valid. Every laptop receives the survey
on its next sync.</p>
{% if problems %}
<h2 id="problems">{{ problems|length }} problem{{ problems|length|pluralize }}: nothing
was published</h2>
<table class="survey-problems" aria-labelledby="problems">
<thead><tr><th scope="col">Sheet</th><th scope="col">Row</th><th scope="col">Column</th>
<th scope="col">Character</th><th scope="col">Problem</th></tr></thead>
<tbody>{% for problem in problems %}<tr>
<td>{{ problem.sheet|default:"" }}</td><td>{{ problem.row|default:"" }}</td>
<td>{{ problem.column|default:"" }}</td><td>{{ problem.position|default:"" }}</td>
<td>{{ problem.message }}</td></tr>{% endfor %}</tbody>
</table>
{% endif %}
{% if checked %}<p class="survey-checked">{{ checked }}</p>{% endif %}
<form method="post" enctype="multipart/form-data">{% csrf_token %}
{{ form.as_p }}
<input type="submit" value="Publish" class="default">
</form>
{% endblock %}
"""


class UploadForm(forms.Form):
    xlsform = forms.FileField(label="XLSForm file (.xlsx)")
    check_only = forms.BooleanField(label="Only check the form (publish nothing)", required=False)


def upload_page(
    request: HttpRequest, context: dict[str, Any]
) -> tuple[surveys.Published | None, HttpResponse | None]:
    """Handle the upload form: the published survey, or the page to show again."""
    form = UploadForm(request.POST or None, request.FILES or None)
    problems: list[dict[str, Any]] = []
    checked = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["xlsform"]
        check_only = form.cleaned_data["check_only"]
        if upload.size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // 2**20
            form.add_error("xlsform", f"This file is larger than {limit} MB; no form is.")
        else:
            try:
                done = surveys.publish_form(
                    upload.read(), upload.name, user=request.user, dry_run=check_only
                )
            except surveys.PublishRefused as refused:
                problems = [_problem_row(problem) for problem in refused.problems]
            else:
                if not check_only:
                    return done, None
                checked = _checked_text(done)
    page = engines["django"].from_string(UPLOAD_PAGE)
    values = {**context, "form": form, "problems": problems, "checked": checked}
    return None, HttpResponse(page.render(values, request))


def announce(request: HttpRequest, done: surveys.Published) -> None:
    where = f"form {done.form_id} version {done.version}"
    if done.outcome == surveys.UNCHANGED:
        messages.info(request, f"{where.capitalize()} was already published; nothing changed.")
    else:
        messages.success(request, f"Published {where}. Every laptop receives it on its next sync.")


def _checked_text(done: surveys.Published) -> str:
    where = f"form {done.form_id} version {done.version}"
    if done.outcome == surveys.UNCHANGED:
        return f"The form is fine, and {where} is already published with this content."
    return f"The form is fine: publishing it would create {where}. Nothing was published."


def _problem_row(problem: Any) -> dict[str, Any]:
    return {
        "sheet": problem.sheet,
        "row": problem.row,
        "column": problem.column,
        "position": problem.position,
        "message": problem.message.render(),
    }


# --- export -----------------------------------------------------------------------------


def export_response(request: HttpRequest, form_id: str, format_: str) -> HttpResponse:
    """The download of every version's responses, limited to the viewer's organization."""
    if not request.user.has_perm("hq.view_surveyresponse"):
        return HttpResponseForbidden("You may not view survey responses.")
    organization_id = None
    if not sees_every_organization(request.user):
        profile = profile_of(request.user)
        if profile is None:
            return HttpResponseForbidden("Your account belongs to no organization.")
        organization_id = profile.organization_id
    try:
        export = SurveyExport(form_id, organization_id)
    except NoSuchSurvey:
        return HttpResponse("No such survey.", status=404, content_type="text/plain")
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    stem = f"{export.form_id}-{stamp}"
    if format_ == "xlsx":
        body = _spool()
        export.write_xlsx(body)
        name, content_type = f"{stem}.xlsx", _XLSX
    elif len(export.sheets) == 1:
        body = _spool()
        export.write_csv({None: body})
        name, content_type = f"{stem}.csv", "text/csv; charset=utf-8"
    else:
        body = _zipped_csv(export, stem)
        name, content_type = f"{stem}-csv.zip", "application/zip"
    audit(
        "survey_exported",
        user=request.user,
        organization=organization_id,
        kind="survey_response",
        detail={"form_id": export.form_id, "format": format_, "count": export.written},
    )
    body.seek(0)
    response = FileResponse(body, as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "no-store"
    return response


def _spool() -> IO[bytes]:
    return tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115 - the response closes it


def _zipped_csv(export: SurveyExport, stem: str) -> IO[bytes]:
    names = csv_names(export.form_id, export.sheets, stem)
    parts = {key: _spool() for key in names}
    try:
        export.write_csv(parts)
        body = _spool()
        with zipfile.ZipFile(body, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for key, name in names.items():
                parts[key].seek(0)
                with archive.open(name, "w") as entry:
                    while chunk := parts[key].read(1024 * 1024):
                        entry.write(chunk)
        return body
    finally:
        for part in parts.values():
            part.close()


def forbidden() -> HttpResponse:
    return HttpResponseForbidden("You may not publish surveys.")
