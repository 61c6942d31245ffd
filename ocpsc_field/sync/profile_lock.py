"""One sync of a profile at a time, even across programs.

The app's automatic sync and ``ocpsc-field sync`` in a terminal can both
reach for the same profile. Two syncs at once would read the same outbox
and send the same ops twice over (HQ answers the second copy "duplicate",
but the work and the traffic are wasted), and each would store cursors and
batch sizes over the other's. So a sync holds an exclusive lock on a file in
the profile folder for as long as it runs, and a second one is turned away.

The lock is the operating system's (``flock`` on POSIX, ``msvcrt.locking``
on Windows): it is released when the holder closes the file or its process
ends, however it ends, so a crashed or killed sync never leaves the profile
locked. The lock file itself holds nothing and is left in place.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = "sync.lock"


class SyncLocked(Exception):
    """Another sync of this profile holds the lock; the caller changes nothing."""


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(descriptor: int) -> bool:
        os.lseek(descriptor, 0, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(descriptor: int) -> None:
        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(descriptor: int) -> bool:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)


@contextmanager
def sync_lock(folder: Path) -> Iterator[None]:
    """Hold this profile's sync lock for the ``with`` block, or raise ``SyncLocked`` at once."""
    descriptor = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not _try_lock(descriptor):
            raise SyncLocked(str(folder))
        try:
            yield
        finally:
            _unlock(descriptor)
    finally:
        os.close(descriptor)
