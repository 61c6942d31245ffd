"""Run HQ under gunicorn, in-process, with the options ``ocpsc-hq serve`` takes.

Threaded workers (gthread): a slow rural upload ties up one thread, not a
whole worker process. The master binds the port before it forks, so requests
that arrive while workers boot wait in the listen queue instead of failing.
"""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


class _HqApplication(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from ocpsc_field.hq.wsgi import application

        return application


def run(*, host: str, port: int, workers: int, threads: int, timeout: int, access_log: bool) -> int:
    """Serve until SIGTERM or SIGINT (graceful: requests in flight finish first)."""
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    options: dict[str, Any] = {
        "bind": [bind],
        "workers": max(1, workers),
        "worker_class": "gthread",
        "threads": max(1, threads),
        "timeout": timeout,
        "graceful_timeout": 30,
        "keepalive": 5,
        "proc_name": "ocpsc-hq",
        "errorlog": "-",
        "loglevel": "warning",
        "accesslog": "-" if access_log else None,
        # Bodies are limited by the app (see protocol.MAX_BODY_BYTES); headers here.
        "limit_request_field_size": 16384,
    }
    _HqApplication(options).run()
    return 0
