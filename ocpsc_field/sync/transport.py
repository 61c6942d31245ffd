"""HTTP to HQ: one pooled ``requests`` session, gzip bodies, timeouts, and patient retries.

A request that fails on the way (connection refused or cut, a timeout, a
``502``/``503``/``504``) is sent again, byte for byte, after an exponential
backoff with full jitter; a ``Retry-After`` from HQ is honoured. Resending is
always safe: HQ applies each ``(device, op id)`` once. A refusal (any other
4xx/5xx with the protocol's error body) is not retried: it becomes
:class:`Refused` with HQ's stable error code.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from ocpsc_field.sync.protocol import HEALTH_PATH, ProtocolError, decode_body, encode_body

CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 120.0
RETRY_STATUSES = (502, 503, 504)
MAX_RETRY_AFTER = 300.0


class TransportError(Exception):
    """Talking to HQ failed; the message is English, for logs."""


class Unreachable(TransportError):
    """HQ could not be reached (or kept failing) after every attempt."""

    def __init__(self, message: str, *, timed_out: bool = False, cut: bool = False) -> None:
        super().__init__(message)
        self.timed_out = timed_out
        self.cut = cut  # HQ was reached but the exchange broke off: a smaller batch may pass


class Refused(TransportError):
    """HQ answered and refused the request; ``code`` is the protocol's stable error code."""

    def __init__(self, status: int, code: str, message: str, body: dict[str, Any]) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.body = body


def _default_base() -> float:
    """``OCPSC_SYNC_RETRY_BASE`` (seconds) shortens the waits for tests and demos."""
    try:
        return max(0.0, float(os.environ.get("OCPSC_SYNC_RETRY_BASE", "0.5")))
    except ValueError:
        return 0.5


@dataclass
class Backoff:
    """Exponential backoff with full jitter: a random wait in ``[0, base * 2**attempt]``."""

    base: float = field(default_factory=_default_base)
    cap: float = 30.0
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        ceiling = min(self.cap, self.base * (2**attempt))
        wait = self.rng.uniform(0, ceiling)
        if retry_after is not None:
            # HQ said when; add a little jitter so many laptops do not return at once.
            wait = min(retry_after, MAX_RETRY_AFTER) + self.rng.uniform(0, self.base)
        return wait


def retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` as seconds: delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


@dataclass
class Stats:
    """What went over the wire, for progress and benchmarks."""

    requests: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    retries: int = 0
    timeouts: int = 0


class Transport:
    """A connection to one HQ. Thread-safe enough for one sync at a time; close when done."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        attempts: int = 6,
        backoff: Backoff | None = None,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.attempts = max(1, attempts)
        self.backoff = backoff or Backoff()
        self.timeout = (connect_timeout, read_timeout)
        self.sleep = sleep
        self.stats = Stats()
        self.session = requests.Session()
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=2, max_retries=0)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers.update({"Accept-Encoding": "gzip", "User-Agent": "ocpsc-field"})

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- requests -------------------------------------------------------------------
    def health(self, timeout: float = 5.0) -> bool:
        """The cheap "is HQ there" probe: True when ``/health`` answers 200."""
        try:
            response = self.session.get(self.base_url + HEALTH_PATH, timeout=timeout)
        except requests.RequestException:
            return False
        return response.status_code == 200

    def post(self, path: str, data: Any, *, auth: bool = True) -> Any:
        """POST ``data`` as gzip JSON and return HQ's decoded JSON answer, retrying as needed."""
        body = encode_body(data)
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        if auth and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        problem = "no attempt was made"
        timed_out = cut = False
        for attempt in range(self.attempts):
            if attempt:
                self.stats.retries += 1
            retry_after: float | None = None
            try:
                response = self.session.post(
                    self.base_url + path, data=body, headers=headers, timeout=self.timeout
                )
                raw = response.content  # read it all here: a cut mid-body raises now
            except requests.ConnectTimeout as error:
                problem = f"could not connect: {error}"
            except requests.Timeout as error:
                self.stats.timeouts += 1
                timed_out = cut = True
                problem = f"timed out: {error}"
            except requests.RequestException as error:
                problem = f"connection failed: {error}"
                cut = cut or "Failed to establish" not in str(error)
            else:
                self.stats.requests += 1
                self.stats.bytes_sent += len(body)
                self.stats.bytes_received += len(raw)
                if response.status_code < 400:
                    return self._decode(response, raw)
                if response.status_code not in RETRY_STATUSES:
                    raise self._refusal(response, raw)
                retry_after = retry_after_seconds(response.headers.get("Retry-After"))
                problem = f"HQ answered {response.status_code}"
            if attempt + 1 < self.attempts:
                self.sleep(self.backoff.delay(attempt, retry_after))
        raise Unreachable(problem, timed_out=timed_out, cut=cut)

    @staticmethod
    def _decode(response: requests.Response, raw: bytes) -> Any:
        # requests already undid a gzip Content-Encoding when it read the body.
        try:
            return decode_body(raw, None)
        except ProtocolError as error:
            raise TransportError(f"HQ's answer could not be read: {error}") from None

    @classmethod
    def _refusal(cls, response: requests.Response, raw: bytes) -> Refused:
        try:
            body = decode_body(raw, None)
        except ProtocolError:
            body = {}
        error = body.get("error") if isinstance(body, dict) else None
        if not isinstance(error, dict):
            error = {}
        return Refused(
            response.status_code,
            str(error.get("code") or f"http_{response.status_code}"),
            str(error.get("message") or response.reason or ""),
            body if isinstance(body, dict) else {},
        )
