"""Surveys in the admin: every published version, its status and responses, exports, upload.

A survey version is never edited: responses name the exact version they
were answered on, so changing one would change what those answers mean. A
changed form is published as a new version (the list's "Add" button is the
XLSForm upload page, ``survey_pages``). The list shows each version with its
status (current, superseded by a newer version, or withdrawn), how many
responses it has (a coordinator counts only their organization's) and links
to download every version's responses.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from ocpsc_field.core.records import Kind
from ocpsc_field.core.survey import DefinitionError, parse_definition
from ocpsc_field.core.survey_summary import survey_summary
from ocpsc_field.hq import surveys
from ocpsc_field.hq.admin import survey_pages
from ocpsc_field.hq.admin.reference import ReferenceAdmin
from ocpsc_field.hq.models import Survey, SurveyResponse
from ocpsc_field.hq.roles import profile_of, sees_every_organization
from ocpsc_field.hq.surveys_export import FORMATS

_STATUS_TEXT = {
    surveys.CURRENT: "current",
    surveys.SUPERSEDED: "superseded",
    surveys.WITHDRAWN: "withdrawn",
}


@admin.register(Survey)
class SurveyAdmin(ReferenceAdmin):
    kind = Kind.SURVEY
    list_display = (
        "form_id",
        "version",
        "title_text",
        "status",
        "responses",
        "published",
        "exports",
    )
    list_filter = ("deleted",)
    search_fields = ["id", "form_id", "version"]
    ordering = ("form_id", "-created_at")
    readonly_fields = (
        "id",
        "form_id",
        "version",
        "title_text",
        "status",
        "responses",
        "summary",
        "versions",
        "exports",
        "published",
        "created_by",
        "deleted",
        "seq",
        "definition_text",
    )

    # --- the list ---------------------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        newest = Survey.objects.filter(form_id=OuterRef("form_id"), deleted=False).order_by(
            "-created_at", "-id"
        )
        answered = SurveyResponse.objects.filter(
            survey_id=OuterRef("pk"), deleted=False, complete=True
        )
        scope = _organization_scope(request)
        if scope is not None:
            answered = answered.filter(owner_id=scope)
        counted = answered.order_by().values("survey_id").annotate(n=Count("id")).values("n")
        return (
            super()
            .get_queryset(request)
            .annotate(
                current_id=Subquery(newest.values("id")[:1]),
                current_version=Subquery(newest.values("version")[:1]),
                response_count=Subquery(counted),
            )
        )

    @admin.display(description="title")
    def title_text(self, survey: Survey) -> str:
        title = survey.title or {}
        definition = survey.definition if isinstance(survey.definition, dict) else {}
        default = definition.get("default_language", "en")
        return str(title.get(default) or next(iter(title.values()), ""))

    @admin.display(description="status")
    def status(self, survey: Survey) -> str:
        current = getattr(survey, "current_id", None)
        if survey.deleted:
            return _STATUS_TEXT[surveys.WITHDRAWN]
        if current is None or current == survey.pk:
            return _STATUS_TEXT[surveys.CURRENT]
        return f"superseded by version {survey.current_version}"

    @admin.display(description="published", ordering="created_at")
    def published(self, survey: Survey) -> Any:
        return survey.created_at

    @admin.display(description="responses", ordering="response_count")
    def responses(self, survey: Survey) -> int:
        return int(getattr(survey, "response_count", None) or 0)

    @admin.display(description="export every version's responses")
    def exports(self, survey: Survey) -> str:
        links = [
            (reverse("admin:hq_survey_export", args=[survey.form_id, fmt]), fmt, label)
            for fmt, label in (("csv", "CSV"), ("xlsx", "Excel"))
        ]
        return format_html_join(" · ", '<a href="{}" class="survey-export-{}">{}</a>', links)

    # --- one version --------------------------------------------------------------------

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return list(self.readonly_fields)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a published version never changes; publish a new version instead

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_staff and request.user.has_perm("hq.add_survey"))

    @admin.display(description="summary")
    def summary(self, survey: Survey) -> str:
        try:
            found = survey_summary(parse_definition(survey.definition))
        except DefinitionError:
            return "This definition cannot be read."
        rows = [
            ("languages", ", ".join(found["languages"])),
            ("questions", str(found["question_count"])),
            ("groups", ", ".join(found["groups"]) or "none"),
            ("repeats", ", ".join(found["repeats"]) or "none"),
        ]
        return format_html(
            "<table>{}</table>",
            format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows),
        )

    @admin.display(description="all versions")
    def versions(self, survey: Survey) -> str:
        every = surveys.versions(survey.form_id)
        current = surveys.current_versions([survey.form_id]).get(survey.form_id)
        rows = [
            (
                reverse("admin:hq_survey_change", args=[version.pk]),
                version.version,
                _STATUS_TEXT[surveys.version_status(version, current)],
                version.created_at.strftime("%Y-%m-%d %H:%M UTC"),
            )
            for version in reversed(every)
        ]
        return format_html(
            "<table><tr><th>version</th><th>status</th><th>published</th></tr>{}</table>",
            format_html_join(
                "", '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td></tr>', rows
            ),
        )

    @admin.display(description="definition (JSON)")
    def definition_text(self, survey: Survey) -> str:
        text = json.dumps(survey.definition, ensure_ascii=False, indent=2, sort_keys=False)
        return format_html("<pre style='white-space: pre-wrap'>{}</pre>", text)

    # --- pages --------------------------------------------------------------------------

    def get_urls(self) -> list[Any]:
        export = self.admin_site.admin_view(self.export_view)
        return [
            path(
                "export/<str:form_id>/<str:format_>/",
                export,
                name="hq_survey_export",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request: HttpRequest, form_id: str, format_: str) -> HttpResponse:
        if format_ not in FORMATS:
            return HttpResponse("Unknown format.", status=404, content_type="text/plain")
        return survey_pages.export_response(request, form_id, format_)

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        """The XLSForm upload page (the list's "Add" button)."""
        if not self.has_add_permission(request):
            return survey_pages.forbidden()
        context = {
            **self.admin_site.each_context(request),
            "title": "Publish an XLSForm survey",
            "opts": self.model._meta,
        }
        done, page = survey_pages.upload_page(request, context)
        if page is not None:
            return page
        assert done is not None and done.survey is not None
        survey_pages.announce(request, done)
        return HttpResponseRedirect(reverse("admin:hq_survey_change", args=[done.survey.pk]))


def _organization_scope(request: HttpRequest) -> str | None:
    """The organization whose responses the viewer may count (None: every one)."""
    if sees_every_organization(request.user):
        return None
    profile = profile_of(request.user)
    return profile.organization_id if profile is not None else ""
