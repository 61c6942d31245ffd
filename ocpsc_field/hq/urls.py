"""HQ's URLs: the sync API under /api/v1, the health probe, the admin at /admin."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.staticfiles.views import serve as serve_static
from django.http import HttpRequest, HttpResponse
from django.urls import path, re_path
from django.views.defaults import page_not_found, server_error
from django.views.generic import RedirectView

from ocpsc_field.hq import api, bundles_api
from ocpsc_field.hq.http import refuse
from ocpsc_field.sync.protocol import ErrorCode


def _static(request: HttpRequest, path: str) -> HttpResponse:
    # The admin's CSS and scripts, served by the app so HQ needs no web server in
    # front of it; a deployment with one can serve them there instead.
    return serve_static(request, path, insecure=True)


urlpatterns = [
    path("health", api.health, name="health"),
    path("api/v1/enroll", api.enroll_device, name="enroll"),
    path("api/v1/exchange", api.exchange, name="exchange"),
    path("api/v1/devices", api.devices, name="devices"),
    path("api/v1/bundles", bundles_api.upload, name="bundles"),
    path("api/v1/bundles/receipts", bundles_api.receipts, name="bundle_receipts"),
    path("api/v1/openapi.yaml", api.openapi, name="openapi"),
    path("admin/", admin.site.urls),
    re_path(r"^static/(?P<path>.*)$", _static),
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]


def _api_path(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def handler404(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _api_path(request):
        return refuse(request, 404, ErrorCode.NOT_FOUND, "There is no such API address.")
    return page_not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    if _api_path(request):
        return refuse(
            request,
            500,
            ErrorCode.SERVER_ERROR,
            "HQ failed to process the request; nothing was changed. It has been logged.",
        )
    return server_error(request)
