"""When to sync on its own: a timer while online, a retry with backoff after a failure.

Pure scheduling, no Qt and no network, so every rule is testable with a made-up
clock. The app (``ui.sync_worker.AutoSync``) feeds it what happened (a sync
finished, a probe or a sync failed, the system says the network is back) and
asks it whether an attempt is due.

* After a success the next attempt is ``interval`` later (every 10 minutes).
* After the n-th failure in a row it waits ``base * 2**(n-1)`` seconds, capped
  at ``cap``, with jitter: a random wait between half of that and all of it,
  so many laptops that lost the same link do not all come back at once, yet
  the wait still grows with every failure.
* A ``Retry-After`` from HQ is honoured: never sooner than HQ asked.
* When another window or program is already syncing the profile, the round
  is skipped: the next attempt comes after the usual interval.
* "The network is back" (a hint from the system) makes an attempt due now,
  still confirmed by a cheap ``/health`` probe before anything is sent.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from enum import StrEnum

INTERVAL = 600.0  # seconds between syncs while online
FIRST_DELAY = 60.0  # the first automatic sync after the app opens
RETRY_BASE = 30.0
RETRY_CAP = 1800.0
MAX_RETRY_AFTER = 3600.0


class Why(StrEnum):
    """Why the next automatic attempt happens; the page turns it into words."""

    START = "start"  # the app opened
    PERIODIC = "periodic"  # the timer while online
    RETRY = "retry"  # the last attempt failed
    NETWORK = "network"  # the system said the network is back


def retry_delay(
    failures: int,
    *,
    base: float = RETRY_BASE,
    cap: float = RETRY_CAP,
    retry_after: float | None = None,
    rng: random.Random | None = None,
) -> float:
    """Seconds to wait after ``failures`` failures in a row (1 or more)."""
    ceiling = min(cap, base * 2 ** max(0, failures - 1))
    wait = (rng or random).uniform(ceiling / 2, ceiling)
    if retry_after is not None:
        wait = max(wait, min(max(0.0, retry_after), MAX_RETRY_AFTER))
    return wait


@dataclass
class Schedule:
    """The state of automatic sync. Times are ``time.monotonic()`` seconds."""

    now: float
    interval: float = INTERVAL
    first_delay: float = FIRST_DELAY
    base: float = RETRY_BASE
    cap: float = RETRY_CAP
    rng: random.Random = field(default_factory=random.Random)
    failures: int = 0
    last_failure: str | None = None  # a sentence for the user, from the last failed attempt
    next_at: float = 0.0
    why: Why = Why.START
    network_down: bool = False  # the system's hint; a probe still decides

    def __post_init__(self) -> None:
        self.next_at = self.now + self.first_delay

    def due(self, now: float) -> bool:
        return now >= self.next_at

    def seconds_left(self, now: float) -> float:
        return max(0.0, self.next_at - now)

    def succeeded(self, now: float) -> None:
        self.failures = 0
        self.last_failure = None
        self.network_down = False
        self.next_at = now + self.interval
        self.why = Why.PERIODIC

    def failed(self, now: float, message: str, retry_after: float | None = None) -> None:
        self.failures += 1
        self.last_failure = message
        delay = retry_delay(
            self.failures, base=self.base, cap=self.cap, retry_after=retry_after, rng=self.rng
        )
        self.next_at = now + delay
        self.why = Why.RETRY

    def skipped(self, now: float) -> None:
        """Another window or program was syncing this profile: not a failure, so no
        backoff; this round is skipped and the next comes after the usual interval."""
        self.next_at = now + self.interval
        self.why = Why.PERIODIC

    def network_changed(self, now: float, online: bool) -> None:
        """The system's hint. Back online: try now. Gone: nothing to do but note it
        (the schedule keeps running, because the hint can be wrong)."""
        was_down = self.network_down
        self.network_down = not online
        if online and (was_down or self.failures):
            self.next_at = now
            self.why = Why.NETWORK
