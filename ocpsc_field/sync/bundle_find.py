"""Find the bundle files a coordinator brought in on a USB drive or left in a folder.

A coordinator chooses a folder (often the root of a USB stick); the bundles may
sit in it or in a folder or two below it (one per site, say). The search goes
only a few levels deep and looks at names only, so choosing a large drive by
mistake stays quick. Hidden files are skipped: they include the ``.part`` files
an interrupted copy leaves behind, which are never whole bundles.
"""

from __future__ import annotations

import os
from pathlib import Path

from ocpsc_field.sync.bundle_format import SUFFIX

MAX_DEPTH = 3  # the folder itself, and two levels of folders below it
MAX_FILES = 1000


def find_bundle_files(folder: Path, *, depth: int = MAX_DEPTH) -> list[Path]:
    """Bundle files (by their ``.ocpsc-bundle`` name) in ``folder`` and a few levels below,
    sorted by path; folders that cannot be read are passed over."""
    found: list[Path] = []
    _walk(folder, depth, found)
    return sorted(found)[:MAX_FILES]


def _walk(folder: Path, depth: int, found: list[Path]) -> None:
    if depth <= 0 or len(found) >= MAX_FILES:
        return
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in sorted(entries, key=lambda item: item.name):
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                _walk(Path(entry.path), depth - 1, found)
            elif entry.is_file() and entry.name.lower().endswith(SUFFIX):
                found.append(Path(entry.path))
        except OSError:
            continue
