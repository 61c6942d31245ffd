"""Files of the bundle workflow: one failure type for people, and atomic writes.

A bundle or receipts file appears under its final name complete or not at
all: it is written to a temporary file in the same folder, flushed to disk,
then renamed. Only sealed or signed bytes are ever written, so the temporary
file holds nothing readable either. This matters on USB sticks pulled out
mid-copy.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from ocpsc_field.core.text import N_, Message
from ocpsc_field.i18n import render

MAX_READ_BYTES = 64 * 1024 * 1024


class BundleFailed(Exception):
    """A bundle step that did not happen; ``str()`` is for the user, ``code`` is stable.

    Whatever failed changed nothing in the profile.
    """

    def __init__(self, message: Message | str, code: str) -> None:
        super().__init__(message if isinstance(message, str) else message.msgid)
        self.message = message  # a str is already in the user's language
        self.code = code

    def __str__(self) -> str:
        return self.message if isinstance(self.message, str) else render(self.message)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def write_atomically(path: Path, data: bytes, *, overwrite: bool = False) -> None:
    """Write ``data`` to ``path`` in one step; BundleFailed if it exists (unless
    ``overwrite``) or cannot be written, leaving no partial file behind."""
    if path.exists() and not overwrite:
        raise BundleFailed(
            Message(
                N_("A file named {name} is already there. Choose another name; nothing was saved."),
                {"name": path.name},
            ),
            "file_exists",
        )
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        with open(temporary, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        _fsync_folder(path.parent)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise BundleFailed(
            Message(
                N_("Could not save {name}: {reason}. Nothing was saved."),
                {"name": path.name, "reason": _reason(error)},
            ),
            "write_failed",
        ) from None


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every system can open a folder (Windows)
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def read_file(path: Path, limit: int = MAX_READ_BYTES) -> bytes:
    """The file's bytes; BundleFailed if it cannot be read or is far too large."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise BundleFailed(
            Message(
                N_("Could not read {name}: {reason}."),
                {"name": path.name, "reason": _reason(error)},
            ),
            "read_failed",
        ) from None
    if len(data) > limit:
        raise BundleFailed(
            Message(
                N_("{name} is too large to be a bundle or receipts file."), {"name": path.name}
            ),
            "too_large",
        )
    return data
