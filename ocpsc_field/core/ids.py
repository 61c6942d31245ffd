"""Record ids: UUIDv7, generated on the device.

UUIDv7 puts a millisecond timestamp in the high bits, so ids sort by creation
time and B-tree inserts stay local, which keeps large tables fast. Python 3.11
has no ``uuid.uuid7``; this follows RFC 9562, section 5.7, with a monotonic
counter in ``rand_a`` so that ids made within one millisecond still sort.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_counter = 0


def uuid7(now_ms: int | None = None) -> uuid.UUID:
    """Return a new UUIDv7; ids from one process are strictly increasing."""
    global _last_ms, _counter
    with _lock:
        ms = int(time.time() * 1000) if now_ms is None else now_ms
        if ms <= _last_ms:
            _counter += 1
            if _counter > 0xFFF:  # counter exhausted: borrow the next millisecond
                _last_ms += 1
                _counter = 0
            ms = _last_ms
        else:
            _last_ms = ms
            _counter = int.from_bytes(os.urandom(2), "big") & 0x3FF  # leave headroom
        rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
        value = (ms & ((1 << 48) - 1)) << 80
        value |= 0x7 << 76
        value |= (_counter & 0xFFF) << 64
        value |= 0b10 << 62
        value |= rand_b
        return uuid.UUID(int=value)


def new_id() -> str:
    """Return a new record id as its canonical string."""
    return str(uuid7())


def is_uuid7(text: str) -> bool:
    """True if ``text`` is a canonical UUID string of version 7."""
    try:
        parsed = uuid.UUID(text)
    except (ValueError, AttributeError, TypeError):
        return False
    return parsed.version == 7 and str(parsed) == text


def timestamp_ms(text: str) -> int:
    """The creation time in milliseconds encoded in a UUIDv7."""
    return uuid.UUID(text).int >> 80
