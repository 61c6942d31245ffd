"""Offline bundles in the admin: each bundle's report, an upload page, and HQ's bundle keys.

"Add" on the bundle list is the upload page: a coordinator (for their
organization's laptops) or an HQ admin picks a bundle file, and HQ applies it
exactly as a relay's upload would. Only public key ids are shown for keys.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template import engines
from django.urls import reverse

from ocpsc_field.hq import bundles
from ocpsc_field.hq.admin.scoping import OrganizationScoped, ReadOnly
from ocpsc_field.hq.models import BundleKey, BundleReport
from ocpsc_field.sync.bundle_format import MAX_BUNDLE_BYTES

_UPLOAD_PAGE = """{% extends "admin/base_site.html" %}
{% block content %}
<p>Choose a bundle file (<code>.ocpsc-bundle</code>) that a field laptop saved. HQ checks the
laptop's signature, opens it with HQ's key and applies its records like a sync; a bundle
uploaded again only yields duplicates.</p>
<form method="post" enctype="multipart/form-data">{% csrf_token %}
{{ form.as_p }}
<input type="submit" value="Upload and apply">
</form>
{% endblock %}
"""


class UploadForm(forms.Form):
    bundle = forms.FileField(label="Bundle file")


def _rejected_summary(report: BundleReport) -> str:
    return "; ".join(
        f"op {item['op_id']}: {item.get('message') or item.get('reason')}"
        for item in report.rejected_ops[:20]
    )


@admin.register(BundleReport)
class BundleReportAdmin(OrganizationScoped, ReadOnly):
    list_display = (
        "received_at",
        "sender",
        "device",
        "record_count",
        "op_id_from",
        "op_id_to",
        "applied",
        "duplicate",
        "rejected",
        "uploads",
        "relay",
        "uploaded_by",
    )
    list_filter = ("organization",)
    search_fields = ["bundle_id", "device__id", "sender"]
    readonly_fields = ("rejected_reasons",)

    @admin.display(description="Rejected records")
    def rejected_reasons(self, report: BundleReport) -> str:
        return _rejected_summary(report) or "none"

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.has_perm("hq.view_bundlereport"))

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bundles.may_download_receipts(request.user) and request.user.is_staff

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        """The upload page (the list's "Add" button)."""
        if not self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:hq_bundlereport_changelist"))
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["bundle"]
            if upload.size > MAX_BUNDLE_BYTES + 64 * 1024:
                messages.error(request, "This file is larger than a bundle can be.")
            else:
                done = self._receive(request, upload.read())
                if done is not None:
                    return HttpResponseRedirect(
                        reverse("admin:hq_bundlereport_change", args=[done.pk])
                    )
        page = engines["django"].from_string(_UPLOAD_PAGE)
        context = {
            **self.admin_site.each_context(request),
            "title": "Upload a bundle",
            "form": form,
            "opts": self.model._meta,
        }
        return HttpResponse(page.render(context, request))

    def _receive(self, request: HttpRequest, data: bytes) -> BundleReport | None:
        try:
            received = bundles.receive(data, user=request.user)
        except bundles.BundleRefused as refused:
            messages.error(request, f"HQ refused this bundle: {refused}")
            return None
        except OperationalError:
            messages.error(request, "HQ is busy; nothing was applied. Try again shortly.")
            return None
        note = " (uploaded before)" if received.replay else ""
        messages.success(
            request,
            f"Bundle from {received.header.user}{note}: {received.applied} applied, "
            f"{received.duplicate} already at HQ, {received.rejected} refused.",
        )
        return received.report


@admin.register(BundleKey)
class BundleKeyAdmin(ReadOnly):
    list_display = ("key_id", "active", "signing_key_id", "created_at", "retired_at")
    fields = ("key_id", "public_key", "signing_key_id", "signing_public_key", "active")
    readonly_fields = fields
