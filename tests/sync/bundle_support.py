"""Helpers for the bundle tests: field laptops with residents, and a coordinator's laptop."""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ocpsc_field.core.records import Kind
from ocpsc_field.store.session import OpenProfile, open_profile
from ocpsc_field.sync import enrollment
from tests.conftest import PASSPHRASE
from tests.hq.harness import Server
from tests.sync.helpers import use_server


@contextmanager
def laptop(template: Path, folder: Path) -> Iterator[OpenProfile]:
    """Another profile (a copy of the session's template), open for the test."""
    shutil.copytree(template, folder)
    with open_profile(folder, PASSPHRASE) as opened:
        yield opened


def enroll_in(opened: OpenProfile, hq: Server, organization: str, role: str = "cbo_staff") -> str:
    """Enroll ``opened`` for a new user of ``organization``; returns the username."""
    username = hq.user(organization, role)
    enrollment.enroll(opened.database, hq.url, hq.code(username))
    return username


def go_offline(opened: OpenProfile) -> None:
    """Point the laptop at a port nothing listens on: no connection at all."""
    from tests.hq.harness import free_port

    use_server(opened, f"http://127.0.0.1:{free_port()}")


def add_residents(opened: OpenProfile, count: int) -> list[str]:
    """``count`` residents with a conversation each; returns the names and phones typed."""
    token = secrets.token_hex(4)
    needles = []
    for index in range(count):
        given = f"Xochitl{token}{index}"
        family = f"Նազարյան{token}{index}"
        line = f"{(index * 37 + 1000) % 10000:04d}"
        saved = opened.records.create(
            Kind.RESIDENT,
            {
                "given_name": given,
                "family_name": family,
                "preferred_language": "hy",
                "phone": f"(559) 555-{line}",
                "county": "Fresno",
            },
        )
        assert saved.ok, saved
        logged = opened.records.create(
            Kind.CONTACT_LOG,
            {
                "occurred_at": "2026-11-20T18:00:00Z",
                "resident_id": saved.record["id"],
                "channel": "door",
                "language": "hy",
                "outcome": "reached",
                "notes": f"Talked with {given} about CalFresh",
            },
        )
        assert logged.ok, logged
        needles += [given, family, f"+1559555{line}", f"559555{line}"]
    return needles


def encodings(text: str) -> list[bytes]:
    return [text.encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be")]


def found_in(data: bytes, needles: list[str]) -> list[str]:
    return [needle for needle in needles if any(form in data for form in encodings(needle))]
