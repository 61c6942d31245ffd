"""Sync tests run against the same real ``ocpsc-hq serve`` the HQ tests use (tests/hq)."""

from __future__ import annotations

import pytest

pytest.importorskip("django", reason="the sync tests need the hq extra: pip install -e '.[hq]'")

from tests.hq.conftest import hq, postgresql_server, sqlite_server  # noqa: E402, F401
