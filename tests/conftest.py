"""Shared fixtures: every test gets its own profile folder; Qt runs offscreen."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OCPSC_LANG", "en")

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogs() -> None:
    """Tests run on the catalogs as they are now, even in a fresh clone (no .mo yet)."""
    from ocpsc_field.i18n import compile_catalogs

    compile_catalogs()


@pytest.fixture(scope="session")
def _profile_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One freshly initialised profile, copied for each test (the KDF is slow on purpose)."""
    from ocpsc_field.store.session import init_profile

    folder = tmp_path_factory.mktemp("template") / "profile"
    init_profile(folder, PASSPHRASE, user="tester")
    return folder


@pytest.fixture
def passphrase() -> str:
    return PASSPHRASE


@pytest.fixture
def profile_dir(tmp_path: Path, _profile_template: Path) -> Path:
    target = tmp_path / "profile"
    shutil.copytree(_profile_template, target)
    return target


@pytest.fixture
def opened(profile_dir: Path) -> Iterator:
    from ocpsc_field.store.session import open_profile

    with open_profile(profile_dir, PASSPHRASE) as profile:
        yield profile
