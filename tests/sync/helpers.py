"""Helpers for the sync tests: an enrolled profile, and counting records on both sides."""

from __future__ import annotations

import json
from typing import Any

from ocpsc_field.core.records import FIELD_KINDS, Kind
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.sync import enrollment
from tests.hq.harness import Server


def enroll(opened: OpenProfile, hq: Server, role: str = "cbo_staff") -> str:
    """Enroll ``opened`` with a new user of a new organization; returns the organization."""
    organization = hq.organization()
    username = hq.user(organization, role)
    enrollment.enroll(opened.database, hq.url, hq.code(username))
    return organization


_PUBLISH_UNDER_THEIR_IDS = """
import json, os
from django.utils import timezone
from ocpsc_field.hq.models import Survey
for record in json.loads(os.environ["OCPSC_TEST_SURVEYS"]):
    now = timezone.now()
    fields = {name: record[name] for name in ("form_id", "version", "title", "definition")}
    Survey.objects.get_or_create(
        id=record["id"],
        defaults=dict(fields, created_at=now, updated_at=now, created_by="hq", origin_device="hq"),
    )
"""


def publish_laptop_surveys(opened: OpenProfile, hq: Server) -> None:
    """HQ publishes the surveys the laptop holds, under the laptop's record ids. Demo data
    answers a survey the demo put on the laptop, and HQ accepts responses only to
    surveys it published, as if the laptop had received them from HQ."""
    names = ("id", "form_id", "version", "title", "definition")
    surveys = [{name: row[name] for name in names} for row in opened.records.iter_all(Kind.SURVEY)]
    done = hq.manage(
        "shell", "-c", _PUBLISH_UNDER_THEIR_IDS, OCPSC_TEST_SURVEYS=json.dumps(surveys)
    )
    assert done.returncode == 0, done.stderr


def local_counts(opened: OpenProfile) -> dict[str, int]:
    """Live records per field kind on the laptop, the way HQ's record_counts counts them."""
    return {kind.value: opened.records.count(kind) for kind in FIELD_KINDS}


def hq_counts(hq: Server, organization: str) -> dict[str, int]:
    counts: dict[str, Any] = hq.counts(organization)
    return {kind.value: counts["records"][kind.value] for kind in FIELD_KINDS}


def use_server(opened: OpenProfile, url: str) -> None:
    """Point the enrolled profile at ``url`` (a proxy in front of HQ)."""
    from ocpsc_field.store import settings

    settings.put(opened.database, enrollment.SERVER_URL, url)
