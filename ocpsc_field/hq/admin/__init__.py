"""The admin for HQ staff: organizations, users, devices, reference data, records, conflicts."""

from django.contrib import admin

from ocpsc_field.hq.admin import (  # noqa: F401 - registers
    bundles,
    people,
    records,
    reference,
    surveys,
    sync,
)

admin.site.site_header = "OCPSC HQ"
admin.site.site_title = "OCPSC HQ"
admin.site.index_title = "Central office"
