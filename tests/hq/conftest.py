"""HQ test fixtures: one real server per database backend per test session.

Each test makes its own organizations, users and devices (names are random),
so tests share a server without seeing each other's records. Core tests run
on SQLite and on PostgreSQL at 127.0.0.1:5432 in a fresh database that is
dropped afterwards; without a reachable PostgreSQL those runs are skipped
and say why.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

pytest.importorskip("django", reason="the HQ tests need the hq extra: pip install -e '.[hq]'")

from tests.hq.harness import Server  # noqa: E402

POSTGRES_ADMIN_URL = os.environ.get(
    "OCPSC_HQ_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(scope="session")
def sqlite_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = Server("sqlite", tmp_path_factory.mktemp("hq-sqlite"), None)
    try:
        yield server.start()
    finally:
        server.stop()


def _admin_connection():
    import psycopg

    try:
        return psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {error}".strip())


@pytest.fixture(scope="session")
def postgresql_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    admin = _admin_connection()
    name = f"ocpsc_hq_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    server = Server("postgresql", tmp_path_factory.mktemp("hq-postgres"), f"{base}/{name}")
    try:
        yield server.start()
    finally:
        server.stop()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def hq(request: pytest.FixtureRequest) -> Server:
    """A running HQ; tests using it run once per database backend."""
    return request.getfixturevalue(f"{request.param}_server")
