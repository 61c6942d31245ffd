"""Change-log sequence numbers that become visible in order, so cursors never skip a change.

The danger with a plain sequence or autoincrement: transaction A takes
seq 10, transaction B takes seq 11 and commits first, a device reads 11 and
moves its cursor to 11, then A commits 10 and that device never sees it.

Readers therefore page only up to a high-water mark below which every number
is settled: its transaction committed, or it was given up for good.

Numbers come from one counter row. Two ways to take them:

- ``allocate``, inside the writing transaction: ``UPDATE ... RETURNING``
  holds the counter row's lock until commit, so the next writer waits and
  numbers are handed out in commit order. The mark is the counter's
  committed value. HQ's own edits (``publish``) work this way, and device
  exchanges on SQLite, where a write transaction holds the database's write
  lock from its start anyway. Writers take every other lock first and the
  counter last, so waiting on it is never part of a deadlock.

- ``claimed`` then ``take``, for device exchanges on PostgreSQL, where many
  run at once: holding the counter through a whole exchange would make every
  other exchange wait for it. Instead the writer claims its numbers before
  its transaction, in a short transaction of its own that bumps the counter
  and records the claim (``hq_sequenceclaim``); the claim is committed at
  once and the counter is free again. The writing transaction deletes the
  claim (``take``), so the rows and the end of the claim become visible at
  the same commit. A writer that fails gives its claim up; the numbers are
  then never used. Readers stop below the lowest open claim: the counter and
  the claims are read in one statement, so in one snapshot, and a claim that
  is committed is seen before the counter value that includes it.

A claim whose database session died (a killed worker, a lost connection)
would hold every reader back for good. Its transaction died with the
session, so its numbers will never be used: when the oldest claim is older
than ``STALE_CLAIM_SECONDS``, readers clear claims whose session is gone,
and any claim older than ``MAX_CLAIM_SECONDS`` (a connection pooler can
keep a dead writer's session alive; no exchange runs that long).

Clearing a claim is always safe: ``take`` deletes the claim in the writing
transaction and refuses to go on when it is already gone, so numbers whose
claim was cleared are never committed. At worst that exchange fails and the
device sends it again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import DatabaseError, OperationalError, connection, transaction

COUNTER = "changes"
STALE_CLAIM_SECONDS = 5
MAX_CLAIM_SECONDS = 600  # longer than any exchange: gunicorn ends requests after 120 s

_CLAIM_SQL = """
    WITH bumped AS (
        UPDATE hq_sequencecounter SET value = value + %s WHERE name = %s RETURNING value
    )
    INSERT INTO hq_sequenceclaim (first, last, backend_pid, backend_started, claimed_at)
    SELECT value - %s + 1, value, pg_backend_pid(),
           (SELECT backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()),
           clock_timestamp()
    FROM bumped
    RETURNING first
"""
_MARK_SQL = """
    SELECT counter.value, claims.first, claims.oldest < clock_timestamp() - %s * INTERVAL '1 second'
    FROM hq_sequencecounter AS counter,
         (SELECT MIN(first) AS first, MIN(claimed_at) AS oldest FROM hq_sequenceclaim) AS claims
    WHERE counter.name = %s
"""
# A session counts as alive while a backend with its pid and start time exists
# (the start time can be hidden from other database roles: then the pid decides).
_CLEAR_ABANDONED_SQL = """
    DELETE FROM hq_sequenceclaim AS claim
    WHERE claim.claimed_at < clock_timestamp() - %s * INTERVAL '1 second'
       OR NOT EXISTS (
        SELECT 1 FROM pg_stat_activity AS session
        WHERE session.pid = claim.backend_pid
          AND (session.backend_start IS NULL OR session.backend_start = claim.backend_started)
    )
"""


@dataclass(frozen=True)
class Claim:
    """Numbers ``first`` .. ``first + count - 1``, claimed and not yet written."""

    first: int
    count: int


def allocate(count: int) -> int:
    """Reserve ``count`` consecutive sequence numbers; returns the first.

    Must run inside the writer's transaction, after its other locks, and the
    transaction should commit soon after: other writers wait for it.
    """
    if count < 1:
        raise ValueError("allocate at least one sequence number")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("sequence numbers must be allocated inside the writing transaction")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE hq_sequencecounter SET value = value + %s WHERE name = %s RETURNING value",
            [count, COUNTER],
        )
        row = cursor.fetchone()
    if row is None:
        raise RuntimeError("the sequence counter row is missing; run the migrations")
    return int(row[0]) - count + 1


@contextmanager
def claimed(count: int) -> Iterator[Claim | None]:
    """Claim up to ``count`` numbers for the writing transaction(s) run in the block.

    Call outside any transaction. Each transaction in the block ends with
    ``take``; if the block fails, the claim is given up. Yields None where
    claims are not used (SQLite, or inside an enclosing transaction): ``take``
    then allocates inside the transaction instead.
    """
    if (
        count < 1
        or connection.vendor != "postgresql"
        or transaction.get_connection().in_atomic_block
    ):
        yield None
        return
    with connection.cursor() as cursor:
        cursor.execute(_CLAIM_SQL, [count, COUNTER, count])
        row = cursor.fetchone()
    if row is None:
        raise RuntimeError("the sequence counter row is missing; run the migrations")
    claim = Claim(int(row[0]), count)
    try:
        yield claim
    except BaseException:
        _give_up(claim)
        raise


def take(claim: Claim | None, count: int) -> int:
    """In the writing transaction, as its last lock: the first of ``count`` numbers to use.

    With a claim, its numbers (``count`` of them at most) and the claim ends
    when this transaction commits; call it even when ``count`` is 0, so the
    claim ends with the transaction. Without one, ``allocate``.
    """
    if claim is None:
        return allocate(count) if count else 0
    if count > claim.count:
        raise ValueError(f"{count} numbers wanted, {claim.count} claimed")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM hq_sequenceclaim WHERE first = %s", [claim.first])
        if cursor.rowcount != 1:
            # Cleared as abandoned: its numbers may already be behind readers' cursors.
            raise OperationalError("the claimed sequence numbers are no longer reserved")
    return claim.first


def _give_up(claim: Claim) -> None:
    """The block failed: the claimed numbers will never be used, so readers may pass them."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM hq_sequenceclaim WHERE first = %s", [claim.first])
    except DatabaseError:
        # Ending the session ends the claim's owner, so readers clear it.
        connection.close()


def high_water_mark() -> int:
    """The highest number below which every number is settled (readers: take it before paging)."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT value FROM hq_sequencecounter WHERE name = %s", [COUNTER])
            row = cursor.fetchone()
        return int(row[0]) if row else 0
    for attempt in range(2):
        with connection.cursor() as cursor:
            cursor.execute(_MARK_SQL, [STALE_CLAIM_SECONDS, COUNTER])
            row = cursor.fetchone()
        if row is None:
            return 0
        value, first_claimed, stale = row
        if stale and attempt == 0 and clear_abandoned_claims():
            continue
        return int(value) if first_claimed is None else min(int(value), int(first_claimed) - 1)
    raise AssertionError("unreachable")


def clear_abandoned_claims() -> int:
    """Delete claims whose database session is gone or that are too old; how many."""
    with connection.cursor() as cursor:
        cursor.execute(_CLEAR_ABANDONED_SQL, [MAX_CLAIM_SECONDS])
        return cursor.rowcount
