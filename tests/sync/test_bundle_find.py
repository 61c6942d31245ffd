"""Finding bundle files on a coordinator's USB drive: a few levels deep, names only."""

from __future__ import annotations

import os

import pytest

from ocpsc_field.sync import bundle_find
from ocpsc_field.sync.bundle_find import find_bundle_files


def touch(path, data: bytes = b"x"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_bundles_in_the_folder_and_two_levels_below_are_found_in_path_order(tmp_path):
    drive = tmp_path / "usb"
    wanted = [
        touch(drive / "b-laptop.ocpsc-bundle"),
        touch(drive / "Site A" / "maria.OCPSC-BUNDLE"),  # a name typed in capitals
        touch(drive / "Site A" / "monday" / "jorge.ocpsc-bundle"),
    ]
    touch(drive / "Site A" / "monday" / "deeper" / "too-deep.ocpsc-bundle")
    touch(drive / "receipts.ocpsc-receipts")
    touch(drive / "notes.txt")
    touch(drive / ".b-laptop.ocpsc-bundle.1a2b3c4d.part")  # an interrupted copy
    touch(drive / ".hidden" / "old.ocpsc-bundle")
    (drive / "folder.ocpsc-bundle").mkdir()  # a folder with a bundle's name is not one

    assert find_bundle_files(drive) == sorted(wanted)


def test_an_empty_or_missing_folder_gives_no_files(tmp_path):
    assert find_bundle_files(tmp_path) == []
    assert find_bundle_files(tmp_path / "not-there") == []


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root (or Windows) reads every folder, so an unreadable one cannot be made here",
)
def test_an_unreadable_folder_is_passed_over(tmp_path):
    touch(tmp_path / "readable.ocpsc-bundle")
    locked = tmp_path / "locked"
    touch(locked / "inside.ocpsc-bundle")
    locked.chmod(0)
    try:
        assert find_bundle_files(tmp_path) == [tmp_path / "readable.ocpsc-bundle"]
    finally:
        locked.chmod(0o755)


def test_a_drive_with_very_many_bundles_lists_only_the_first_ones(tmp_path, monkeypatch):
    monkeypatch.setattr(bundle_find, "MAX_FILES", 5)
    for index in range(8):
        touch(tmp_path / f"{index}.ocpsc-bundle")
    assert [path.name for path in find_bundle_files(tmp_path)] == [
        f"{index}.ocpsc-bundle" for index in range(5)
    ]
