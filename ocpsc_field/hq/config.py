"""Where HQ keeps its data and which database it talks to, read from the environment.

The CLI turns its options into environment variables before Django starts, so
``serve``, ``manage`` and every gunicorn worker read one configuration the
same way. With no configuration at all HQ runs on SQLite in a per-user data
folder, so it starts with no setup step.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

DATA_DIR_ENV = "OCPSC_HQ_DATA_DIR"
DATABASE_URL_ENV = "OCPSC_HQ_DATABASE_URL"
SECRET_KEY_ENV = "OCPSC_HQ_SECRET_KEY"
ALLOWED_HOSTS_ENV = "OCPSC_HQ_ALLOWED_HOSTS"
SQLITE_NAME = "hq.sqlite3"
SECRET_KEY_FILE = "secret_key"


class ConfigError(Exception):
    """A configuration HQ cannot start with; the message says what to change."""


def data_dir() -> Path:
    """The data folder: ``OCPSC_HQ_DATA_DIR``, else the per-user data folder."""
    configured = os.environ.get(DATA_DIR_ENV)
    if configured:
        return Path(configured).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_data_dir("ocpsc-hq", "OCPSC"))


def database_settings(url: str | None, folder: Path) -> dict[str, Any]:
    """Django's ``DATABASES["default"]`` for a ``postgresql://`` URL, or SQLite in ``folder``."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(folder / SQLITE_NAME),
            "OPTIONS": {
                # Take the write lock when a transaction starts, so two workers never
                # deadlock upgrading read locks; readers keep going under WAL.
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise ConfigError(
            f"{DATABASE_URL_ENV} must start with postgresql:// (it starts with {parts.scheme}://)."
        )
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ConfigError(f"{DATABASE_URL_ENV} must name a database, like postgresql://host/hq.")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": dict(parse_qsl(parts.query)),
    }


def secret_key(folder: Path) -> str:
    """``OCPSC_HQ_SECRET_KEY``, else a random key kept in the data folder (mode 0600).

    Several app servers behind a load balancer must share one key: set the
    variable there. A single server keeps its generated key across restarts.
    """
    configured = os.environ.get(SECRET_KEY_ENV)
    if configured:
        return configured
    path = folder / SECRET_KEY_FILE
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process wrote it first: use theirs
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key)
    return key


def allowed_hosts() -> list[str]:
    """Host names HQ answers to: ``OCPSC_HQ_ALLOWED_HOSTS`` (comma separated), else any."""
    configured = os.environ.get(ALLOWED_HOSTS_ENV, "")
    hosts = [host.strip() for host in configured.split(",") if host.strip()]
    return hosts or ["*"]
