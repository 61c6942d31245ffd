"""The layer rules in pyproject.toml hold: ui → sync → store → core, no Qt below ui."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def lint_imports() -> subprocess.CompletedProcess:
    executable = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert executable, "import-linter is part of the dev extra"
    return subprocess.run([executable, "--no-cache"], cwd=ROOT, capture_output=True, text=True)


def test_import_contracts_are_kept():
    result = lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 5 kept, 0 broken" in result.stdout


def test_contracts_catch_a_violation(tmp_path: Path):
    """A store module importing PySide6 must break the contract (the checker is live)."""
    offender = ROOT / "ocpsc_field" / "store" / "_layer_probe.py"
    offender.write_text("import PySide6.QtCore  # noqa: F401\n", encoding="utf-8")
    try:
        result = lint_imports()
    finally:
        offender.unlink()
    assert result.returncode != 0
    assert "core and store import no PySide6 BROKEN" in result.stdout
