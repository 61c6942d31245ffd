"""PyInstaller entry point for the ``ocpsc-field`` bundle.

Kept outside the package so PyInstaller runs it as ``__main__`` while
``ocpsc_field`` is still imported as a normal package (relative imports and
``ocpsc_field.__main__`` are left alone).
"""

from __future__ import annotations

import multiprocessing
import sys

from ocpsc_field.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
