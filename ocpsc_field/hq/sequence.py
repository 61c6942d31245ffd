"""Change-log sequence numbers that become visible in order, so cursors never skip a change.

The danger with a plain sequence or autoincrement: transaction A takes
seq 10, transaction B takes seq 11 and commits first, a device reads 11 and
moves its cursor to 11, then A commits 10 and that device never sees it.

HQ avoids it by handing out numbers from one counter row, bumped with
``UPDATE ... RETURNING`` as the last step before a writer's commit. On
PostgreSQL the row lock taken by that update is held until the transaction
ends, so the next writer waits at the same update until the previous one has
committed or rolled back: numbers are handed out in commit order, and any
number a reader can see has every smaller number already committed (or
abandoned for good, if its transaction rolled back; the next writer reuses
it). On SQLite a write transaction holds the database's write lock from its
start, which gives the same order. Readers never take the lock.

Writers take every other lock first (the device row, the record rows) and
the counter last, so waiting on it can never be part of a deadlock.
"""

from __future__ import annotations

from django.db import connection, transaction

COUNTER = "changes"


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


def high_water_mark() -> int:
    """The latest sequence number handed out and committed (readers: take it before paging)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM hq_sequencecounter WHERE name = %s", [COUNTER])
        row = cursor.fetchone()
    return int(row[0]) if row else 0
