"""Where the app's bundled resources live, from a source checkout or a PyInstaller build.

Resources (the program and resource catalogs, translations, icons) sit in
``resources/`` at the repository root. A PyInstaller bundle unpacks them
under ``sys._MEIPASS`` instead. No Qt here, so any layer may use it.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The ``resources`` directory: the bundle's when frozen, the checkout's otherwise."""
    if getattr(sys, "frozen", False):
        bundle = getattr(sys, "_MEIPASS", None)
        base = Path(bundle) if bundle else Path(sys.executable).resolve().parent
        return base / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def catalog_dir() -> Path:
    """The reference-data catalogs: ``resources/catalog``."""
    return resources_dir() / "catalog"
