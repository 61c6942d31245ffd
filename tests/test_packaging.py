"""The PyInstaller spec: fast static checks, and an opt-in real build.

The real build takes about half a minute and writes ~230 MB, so it only runs
with ``OCPSC_BUILD_BUNDLE=1``; CI builds and checks the bundle separately with
``make bundle-check``.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "ocpsc_field.spec"
ENTRY = ROOT / "packaging" / "entry.py"


@pytest.fixture(scope="module")
def spec_tree() -> ast.Module:
    return ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))


def _strings_added_to(tree: ast.Module, name: str) -> set[str]:
    """Strings in the values assigned or ``+=``-ed to top-level ``name``.

    Names of top-level string constants (``HQ_PACKAGE``) count as their value.
    """
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign):
            targets = [node.target]
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            for item in ast.walk(node.value):
                if isinstance(item, ast.Name) and item.id.isupper():
                    value = _constant(tree, item.id)
                    if isinstance(value, str):
                        found.add(value)
                elif isinstance(item, ast.Constant) and isinstance(item.value, str):
                    found.add(item.value)
    assert found, f"{SPEC.name} assigns no strings to `{name}`"
    return found


def _constant(tree: ast.Module, name: str) -> object:
    """The value of a top-level ``NAME = <literal>``; ``None`` if there is none."""
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
            and isinstance(node.value, ast.Constant)
        ):
            return node.value.value
    return None


def _calls(tree: ast.Module, function: str) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == function
    ]


def _string_args(call: ast.Call) -> list[str]:
    return [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]


def _keyword(call: ast.Call, name: str) -> ast.expr:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    raise AssertionError(f"{ast.unparse(call.func)}() has no {name}= argument")


def test_spec_is_a_one_folder_build_named_ocpsc_field(spec_tree: ast.Module) -> None:
    assert _constant(spec_tree, "APP_NAME") == "ocpsc-field"
    (exe,) = _calls(spec_tree, "EXE")
    (collect,) = _calls(spec_tree, "COLLECT")
    for call in (exe, collect):
        assert ast.unparse(_keyword(call, "name")) == "APP_NAME"
    exclude_binaries = _keyword(exe, "exclude_binaries")
    assert isinstance(exclude_binaries, ast.Constant) and exclude_binaries.value is True


def test_spec_finds_the_repo_from_specpath(spec_tree: ast.Module) -> None:
    source = ast.unparse(spec_tree)
    assert "SPECPATH" in source
    assert "entry.py" in source
    assert ENTRY.is_file()


def test_spec_bundles_resources_and_translations(spec_tree: ast.Module) -> None:
    datas = _strings_added_to(spec_tree, "datas")
    assert {"resources", "translations", "babel", "sqlite-utils"} <= datas


def test_folder_datas_keeps_the_layout_and_allows_empty_folders(
    spec_tree: ast.Module, tmp_path: Path
) -> None:
    (function,) = [
        node
        for node in spec_tree.body
        if isinstance(node, ast.FunctionDef) and node.name == "folder_datas"
    ]
    namespace: dict[str, object] = {"Path": Path, "ROOT": tmp_path}
    exec(compile(ast.Module(body=[function], type_ignores=[]), str(SPEC), "exec"), namespace)
    folder_datas = namespace["folder_datas"]
    assert callable(folder_datas)

    assert folder_datas("translations") == []  # missing folder: no entries, no error
    (tmp_path / "translations").mkdir()
    assert folder_datas("translations") == []  # empty folder
    mo = tmp_path / "translations" / "es" / "LC_MESSAGES" / "ocpsc_field.mo"
    mo.parent.mkdir(parents=True)
    mo.write_bytes(b"")
    icon = tmp_path / "resources" / "icon.svg"
    icon.parent.mkdir()
    icon.write_text("<svg/>", encoding="utf-8")
    assert folder_datas("translations") == [
        (str(mo), str(Path("translations", "es", "LC_MESSAGES")))
    ]
    assert folder_datas("resources") == [(str(icon), str(Path("resources")))]


def test_spec_keeps_hq_and_dev_dependencies_out(spec_tree: ast.Module) -> None:
    excludes = _strings_added_to(spec_tree, "excludes")
    for name in ("django", "gunicorn", "psycopg", "psycopg2", "pytest", "hypothesis", "tkinter"):
        assert name in excludes, name
    assert "PySide6.QtWebEngineCore" in excludes
    assert "ocpsc_field.hq" in excludes


def test_spec_includes_the_runtime_dependencies(spec_tree: ast.Module) -> None:
    source = ast.unparse(spec_tree)
    for name in ("sqlcipher3", "sqlite_utils", "openpyxl", "platformdirs", "requests"):
        assert name in source, name
    hidden = _strings_added_to(spec_tree, "hiddenimports")
    for module in ("QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtCharts"):
        assert f"PySide6.{module}" in hidden, module
    assert "sqlcipher3" in hidden


def test_entry_script_runs_the_cli() -> None:
    tree = ast.parse(ENTRY.read_text(encoding="utf-8"))
    imports = {
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert ("ocpsc_field.cli", "main") in imports


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("OCPSC_BUILD_BUNDLE") != "1",
    reason="builds the PyInstaller bundle; set OCPSC_BUILD_BUNDLE=1 (CI: make bundle-check)",
)
def test_bundle_builds_and_passes_self_check(tmp_path: Path) -> None:
    pytest.importorskip("PyInstaller")
    dist, work = tmp_path / "dist", tmp_path / "build"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(SPEC),
        ],
        cwd=ROOT,
        check=True,
        timeout=1800,
    )
    exe = dist / "ocpsc-field" / ("ocpsc-field.exe" if sys.platform == "win32" else "ocpsc-field")
    assert exe.is_file()
    env = {
        **os.environ,
        "OCPSC_PASSPHRASE": "bundle check passphrase",
        "QT_QPA_PLATFORM": "offscreen",
        "OCPSC_LANG": "en",
    }
    profile = tmp_path / "profile"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(exe), *args], env=env, capture_output=True, text=True, timeout=300
        )

    assert run("--help").returncode == 0
    for command in ("init", "self-check", "status"):
        result = run("--profile", str(profile), command)
        assert result.returncode == 0, f"{command}: {result.stdout}\n{result.stderr}"
    assert "Self-check passed." in run("--profile", str(profile), "self-check").stdout
