"""Profiles: a folder holding one SQLCipher database and the public facts needed to open it.

``profile.json`` holds no personal information: the database file's name and
the KDF parameters with their random salt. The key is derived from the user's
passphrase with scrypt, which is memory-hard, so guessing passphrases on a
stolen laptop costs 64 MiB of memory per guess.

Changing the passphrase writes a fresh copy of the database under a new
name, then swaps ``profile.json`` to point at it in one atomic rename. A crash
at any moment leaves either the old pair or the new pair, never a database
whose key nobody knows.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ocpsc_field.core.text import N_, Message, Nn_
from ocpsc_field.store import db as dbmod
from ocpsc_field.store.errors import (
    ProfileDamaged,
    ProfileExists,
    ProfileNotFound,
    StoreError,
    WrongPassphrase,
)

META_FILE = "profile.json"
FORMAT = 1
MIN_PASSPHRASE_LENGTH = 8


@dataclass(frozen=True)
class KdfParams:
    """scrypt parameters; stored per profile so they can be raised later."""

    salt: str  # base64
    n: int = 2**16
    r: int = 8
    p: int = 1
    name: str = "scrypt"

    @classmethod
    def fresh(cls) -> KdfParams:
        return cls(salt=base64.b64encode(secrets.token_bytes(16)).decode("ascii"))

    def derive(self, passphrase: str) -> bytes:
        if self.name != "scrypt":
            raise ProfileDamaged(Message(N_("This profile uses an unknown key format.")))
        return hashlib.scrypt(
            passphrase.encode("utf-8"),
            salt=base64.b64decode(self.salt),
            n=self.n,
            r=self.r,
            p=self.p,
            maxmem=256 * 1024 * 1024,
            dklen=32,
        )


def check_new_passphrase(passphrase: str) -> Message | None:
    """Why a new passphrase is not acceptable, or None."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        return Message.counted(
            Nn_(
                "Choose a passphrase of at least {count} character.",
                "Choose a passphrase of at least {count} characters.",
            ),
            {"count": MIN_PASSPHRASE_LENGTH},
        )
    return None


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_json_atomically(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


@dataclass(frozen=True)
class ProfileMeta:
    database: str
    kdf: KdfParams
    format: int = FORMAT

    @classmethod
    def read(cls, folder: Path) -> ProfileMeta:
        path = folder / META_FILE
        if not path.exists():
            raise ProfileNotFound(
                Message(
                    N_("There is no profile in {folder}. Create one with 'init' first."),
                    {"folder": str(folder)},
                )
            )
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError("format")
            return cls(database=data["database"], kdf=KdfParams(**data["kdf"]), format=FORMAT)
        except (ValueError, KeyError, TypeError):
            raise ProfileDamaged(
                Message(
                    N_("The profile settings file {file} is damaged or from a newer version."),
                    {"file": str(path)},
                )
            ) from None

    def write(self, folder: Path) -> None:
        _write_json_atomically(
            folder / META_FILE,
            {"format": self.format, "database": self.database, "kdf": asdict(self.kdf)},
        )


def _remove_database_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = path.with_name(path.name + suffix)
        if candidate.exists():
            candidate.unlink()


def _remove_strays(folder: Path, keep: str) -> None:
    """Delete database copies left by an interrupted passphrase change."""
    for candidate in folder.glob("field-*.db"):
        if candidate.name != keep:
            _remove_database_files(candidate)
    leftover = folder / (META_FILE + ".tmp")
    if leftover.exists():
        leftover.unlink()


def create(folder: Path, passphrase: str) -> None:
    """Create an empty profile folder with a new encrypted database (no schema yet)."""
    problem = check_new_passphrase(passphrase)
    if problem is not None:
        raise StoreError(problem)
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / META_FILE).exists():
        raise ProfileExists(
            Message(N_("A profile already exists in {folder}."), {"folder": str(folder)})
        )
    os.chmod(folder, 0o700)
    meta = ProfileMeta(database="field-1.db", kdf=KdfParams.fresh())
    raw = dbmod.connect(folder / meta.database, meta.kdf.derive(passphrase))
    raw.close()
    meta.write(folder)


def open_database(folder: Path, passphrase: str) -> dbmod.Database:
    """Unlock the profile's database; raises WrongPassphrase without changing anything."""
    meta = ProfileMeta.read(folder)
    path = folder / meta.database
    if not path.exists():
        raise ProfileDamaged(
            Message(N_("The profile's database file {file} is missing."), {"file": str(path)})
        )
    raw = dbmod.connect(path, meta.kdf.derive(passphrase))
    _remove_strays(folder, keep=meta.database)
    return dbmod.Database(raw)


def passphrase_opens(folder: Path, passphrase: str) -> bool:
    """Check a passphrase against the profile without opening it (for unlocking the app)."""
    meta = ProfileMeta.read(folder)
    return dbmod.key_opens(folder / meta.database, meta.kdf.derive(passphrase))


def change_passphrase(folder: Path, old: str, new: str) -> None:
    """Re-key a closed profile: copy under the new key, then swap atomically."""
    problem = check_new_passphrase(new)
    if problem is not None:
        raise StoreError(problem)
    database = open_database(folder, old)
    try:
        _rekey(folder, database, new, keep_open=False)
    finally:
        database.close()


def change_passphrase_open(folder: Path, database: dbmod.Database, old: str, new: str) -> None:
    """Re-key the profile the app has open, and carry on with the same ``Database``.

    Run it on the thread that owns the database. Every repository holds the same
    ``Database`` object, so switching its connection to the re-keyed copy is
    enough for the whole app to keep working.
    """
    problem = check_new_passphrase(new)
    if problem is not None:
        raise StoreError(problem)
    if not passphrase_opens(folder, old):
        raise WrongPassphrase(
            Message(N_("The current passphrase is not correct. Nothing was changed."))
        )
    _rekey(folder, database, new, keep_open=True)


def _rekey(folder: Path, database: dbmod.Database, new: str, *, keep_open: bool) -> None:
    meta = ProfileMeta.read(folder)
    generation = int(meta.database.removeprefix("field-").removesuffix(".db")) + 1
    new_meta = ProfileMeta(database=f"field-{generation}.db", kdf=KdfParams.fresh())
    new_path = folder / new_meta.database
    _remove_database_files(new_path)
    new_key = new_meta.kdf.derive(new)
    try:
        version = database.scalar("PRAGMA user_version")
        database.execute(
            f"ATTACH DATABASE ? AS rekeyed KEY {dbmod._hex_key(new_key)}", (str(new_path),)
        )
        database.execute("SELECT sqlcipher_export('rekeyed')")
        database.execute(f"PRAGMA rekeyed.user_version = {int(version)}")
        database.execute("DETACH DATABASE rekeyed")
        # Prove the copy opens with the new key before the old one is given up.
        check = dbmod.connect(new_path, new_key)
        check.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except BaseException:
        _remove_database_files(new_path)
        raise
    if keep_open:
        database.replace_connection(check)
    else:
        check.close()
        database.close()
    _fsync_file(new_path)
    new_meta.write(folder)
    _remove_database_files(folder / meta.database)
