"""Field records in the admin: read-only lists with filters, search by id, CSV export.

Records come only from devices; HQ staff look, filter and export. Personal
fields are not shown in the lists, only on a record's own page.
"""

from __future__ import annotations

from django.contrib import admin

from ocpsc_field.hq.admin.scoping import OrganizationScoped, ReadOnly, export_csv
from ocpsc_field.hq.models import ContactLog, Enrollment, Resident, SurveyResponse


class FieldRecordAdmin(OrganizationScoped, ReadOnly):
    organization_field = "owner"
    actions = [export_csv]
    search_fields = ["id"]
    list_per_page = 100
    date_hierarchy = "created_at"
    exclude = ["clocks"]


@admin.register(Resident)
class ResidentAdmin(FieldRecordAdmin):
    list_display = ("id", "owner", "preferred_language", "county", "zip", "created_at", "deleted")
    list_filter = ("owner", "deleted", "county", "preferred_language", "consent_contact")


@admin.register(ContactLog)
class ContactLogAdmin(FieldRecordAdmin):
    list_display = ("id", "owner", "occurred_at", "channel", "language", "outcome", "deleted")
    list_filter = ("owner", "deleted", "channel", "outcome", "language", "misinformation_category")


@admin.register(Enrollment)
class EnrollmentAdmin(FieldRecordAdmin):
    list_display = ("id", "owner", "program_id", "status", "started_on", "decided_on", "deleted")
    list_filter = ("owner", "deleted", "status")


@admin.register(SurveyResponse)
class SurveyResponseAdmin(FieldRecordAdmin):
    list_display = ("id", "owner", "survey_id", "survey_version", "status", "language")
    list_filter = ("owner", "deleted", "status", "language", "survey_version")
