"""Sync tests run against the same real ``ocpsc-hq serve`` the HQ tests use (tests/hq)."""

from __future__ import annotations

import pytest

pytest.importorskip("django", reason="the sync tests need the hq extra: pip install -e '.[hq]'")

from tests.hq.conftest import hq, postgresql_server, sqlite_server  # noqa: E402, F401


@pytest.fixture
def queue(opened):
    """The app's database thread for the profile ``opened``; shut down after the test."""
    from ocpsc_field.ui.tasks import DatabaseQueue

    database_queue = DatabaseQueue()
    yield database_queue
    database_queue.shutdown()
