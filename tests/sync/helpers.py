"""Helpers for the sync tests: an enrolled profile, and counting records on both sides."""

from __future__ import annotations

from typing import Any

from ocpsc_field.core.records import FIELD_KINDS
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.sync import enrollment
from tests.hq.harness import Server


def enroll(opened: OpenProfile, hq: Server, role: str = "cbo_staff") -> str:
    """Enroll ``opened`` with a new user of a new organization; returns the organization."""
    organization = hq.organization()
    username = hq.user(organization, role)
    enrollment.enroll(opened.database, hq.url, hq.code(username))
    return organization


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
