"""An open SQLCipher connection, its pragmas, and explicit transactions.

The connection runs in autocommit mode and every write happens inside
``Database.transaction()``, so a record and its journal entry commit together
or not at all. sqlite-utils wraps its own writes in ``with conn:``, which on a
plain connection would COMMIT our outer transaction half way; the
``_NestingConnection`` proxy turns those inner blocks into savepoints.
"""

from __future__ import annotations

import contextlib
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlcipher3 import dbapi2 as sqlcipher

from ocpsc_field.core.text import N_, Message
from ocpsc_field.store.errors import ProfileDamaged, WrongPassphrase

DatabaseError = sqlcipher.DatabaseError
IntegrityError = sqlcipher.IntegrityError
OperationalError = sqlcipher.OperationalError

# Letters that Unicode does not decompose into base + mark, folded for search.
_EXTRA_FOLDS = str.maketrans(
    {
        "đ": "d",
        "Đ": "d",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
    }
)


def fold(text: str | None) -> str:
    """Fold text for search: case and Latin diacritics ignored, other scripts kept."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA_FOLDS))
    kept = []
    for char in decomposed:
        # Drop combining marks only after Latin letters; marks are vowels in Indic,
        # Khmer and Lao scripts, and removing them would change the name.
        if unicodedata.combining(char) and kept and kept[-1].isascii():
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)).casefold()


def digits(text: str | None) -> str:
    return "".join(ch for ch in text or "" if ch.isdigit())


class _NestingConnection:
    """Delegate to the real connection; make ``with conn:`` nest as a savepoint."""

    def __init__(self, raw: Any) -> None:
        object.__setattr__(self, "_raw", raw)
        object.__setattr__(self, "_frames", [])

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._raw, name, value)

    def __enter__(self) -> _NestingConnection:
        if self._raw.in_transaction:
            name = f"inner_{len(self._frames)}"
            self._raw.execute(f"SAVEPOINT {name}")
            self._frames.append(name)
        else:
            self._raw.execute("BEGIN IMMEDIATE")
            self._frames.append(None)
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        name = self._frames.pop()
        if name is None:
            self._raw.execute("COMMIT" if exc_type is None else "ROLLBACK")
        elif exc_type is None:
            self._raw.execute(f"RELEASE {name}")
        else:
            self._raw.execute(f"ROLLBACK TO {name}")
            self._raw.execute(f"RELEASE {name}")


def _hex_key(key: bytes) -> str:
    if len(key) != 32:
        raise ValueError("SQLCipher raw keys are 32 bytes")
    return f"\"x'{key.hex()}'\""


def connect(path: Path, key: bytes) -> Any:
    """Open ``path`` with a raw 256-bit key and prove the key before touching anything.

    Reading ``sqlite_master`` is the first page access; with a wrong key
    SQLCipher's HMAC check fails there, before any journal recovery or pragma
    could write to the file, so a wrong passphrase leaves the profile as it was.
    """
    raw = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
    with contextlib.suppress(sqlcipher.DatabaseError):  # older builds lack the pragma
        raw.execute("PRAGMA cipher_log_level = NONE")
    raw.execute(f"PRAGMA key = {_hex_key(key)}")
    try:
        raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError as error:
        raw.close()
        if "not a database" in str(error):
            raise WrongPassphrase(
                Message(N_("The passphrase is not correct for this profile. Nothing was changed."))
            ) from None
        raise ProfileDamaged(
            Message(N_("The profile database could not be read: {reason}"), {"reason": str(error)})
        ) from None
    raw.execute("PRAGMA journal_mode = WAL")
    # FULL: a committed record survives power loss, which matters more than a millisecond.
    raw.execute("PRAGMA synchronous = FULL")
    raw.execute("PRAGMA foreign_keys = ON")
    # Sorts and temporary tables stay in memory, so nothing unencrypted spills to /tmp.
    raw.execute("PRAGMA temp_store = MEMORY")
    raw.execute("PRAGMA busy_timeout = 5000")
    raw.create_function("ocpsc_fold", 1, fold, deterministic=True)
    raw.create_function("ocpsc_digits", 1, digits, deterministic=True)
    return raw


def key_opens(path: Path, key: bytes) -> bool:
    """True if ``key`` decrypts ``path``; reads one page and writes nothing."""
    raw = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        with contextlib.suppress(sqlcipher.DatabaseError):
            raw.execute("PRAGMA cipher_log_level = NONE")
        raw.execute(f"PRAGMA key = {_hex_key(key)}")
        raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher.DatabaseError:
        return False
    finally:
        raw.close()


class Database:
    """One open profile database, with sqlite-utils on top and explicit transactions."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self._lock = threading.RLock()
        self._depth = 0
        self.utils = sqlite_utils.Database(_NestingConnection(raw))

    def execute(self, sql: str, params: Any = ()) -> Any:
        return self.raw.execute(sql, params)

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        cursor = self.raw.execute(sql, params)
        names = [column[0] for column in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def scalar(self, sql: str, params: Any = ()) -> Any:
        row = self.raw.execute(sql, params).fetchone()
        return None if row is None else row[0]

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """Run the block in one transaction (a savepoint when nested); roll back on error."""
        with self._lock:
            if self._depth == 0:
                self.raw.execute("BEGIN IMMEDIATE")
                savepoint = None
            else:
                savepoint = f"nested_{self._depth}"
                self.raw.execute(f"SAVEPOINT {savepoint}")
            self._depth += 1
            try:
                yield self
            except BaseException:
                self._depth -= 1
                if savepoint is None:
                    self.raw.execute("ROLLBACK")
                else:
                    self.raw.execute(f"ROLLBACK TO {savepoint}")
                    self.raw.execute(f"RELEASE {savepoint}")
                raise
            self._depth -= 1
            if savepoint is None:
                self.raw.execute("COMMIT")
            else:
                self.raw.execute(f"RELEASE {savepoint}")

    def replace_connection(self, raw: Any) -> None:
        """Swap in another open connection (after a re-key); the old one is closed."""
        if self._depth:
            raise RuntimeError("cannot switch connections inside a transaction")
        old = self.raw
        self.raw = raw
        self.utils = sqlite_utils.Database(_NestingConnection(raw))
        if old is not None:
            old.close()

    def close(self) -> None:
        if self.raw is not None:
            with contextlib.suppress(sqlcipher.DatabaseError):
                self.raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.raw.close()
            self.raw = None
