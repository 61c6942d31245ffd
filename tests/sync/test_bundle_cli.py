"""The headless bundle workflow, as a new user would run it from a terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocpsc_field import cli
from ocpsc_field.store import journal
from tests.hq.harness import Server
from tests.sync.bundle_support import add_residents, enroll_in, go_offline, laptop
from tests.sync.helpers import hq_counts, local_counts, use_server


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, passphrase: str) -> None:
    monkeypatch.setenv("OCPSC_SYNC_RETRY_BASE", "0.02")
    monkeypatch.setenv("OCPSC_PASSPHRASE", passphrase)


def run(capsys, folder: Path, *args: str) -> tuple[int, str, str]:
    code = cli.main(["--profile", str(folder), "bundle", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_relay_upload_and_receipts_from_the_command_line(
    sqlite_server: Server, opened, profile_dir, tmp_path, _profile_template, capsys
):
    hq = sqlite_server
    organization = hq.organization()
    enroll_in(opened, hq, organization)
    go_offline(opened)
    add_residents(opened, 4)
    coordinator_dir = tmp_path / "coordinator"
    with laptop(_profile_template, coordinator_dir) as coordinator:
        enroll_in(coordinator, hq, organization, role="coordinator")
        go_offline(coordinator)
    opened.close()
    usb = tmp_path / "usb"
    usb.mkdir()

    code, out, _err = run(capsys, profile_dir, "export", "--out", str(usb / "maria.ocpsc-bundle"))
    assert code == 0 and "Saved 8 records for a coordinator" in out
    code, out, _err = run(capsys, profile_dir, "export", "--out", str(usb / "maria.ocpsc-bundle"))
    assert code == 1  # never overwrites a bundle already on the stick

    code, out, _err = run(capsys, coordinator_dir, "relay", str(usb / "maria.ocpsc-bundle"))
    assert code == 0
    assert "Collected from " in out and "8 records" in out
    assert "HQ is not reachable now: 1 bundle is queued" in out

    from ocpsc_field.store.session import open_profile

    with open_profile(coordinator_dir, cli.os.environ["OCPSC_PASSPHRASE"]) as coordinator:
        use_server(coordinator, hq.url)  # back at the office
    code, out, err = run(capsys, coordinator_dir, "upload")
    assert code == 0 and "HQ applied 8, already had 0, refused 0" in out
    assert "Uploaded 1 of 1 bundle." in err

    code, out, _err = run(capsys, coordinator_dir, "status", "--json")
    listed = json.loads(out)
    assert listed["counts"] == {"queued": 0, "uploaded": 1, "refused": 0}
    assert listed["bundles"][0]["report"]["report"]["applied"] == 8
    code, out, _err = run(capsys, coordinator_dir, "status")
    assert code == 0 and out.startswith("Uploaded: 8 records from ")
    assert ", change numbers " in out.splitlines()[0]

    receipts = usb / "team.ocpsc-receipts"
    code, out, _err = run(capsys, coordinator_dir, "receipts-download", "--out", str(receipts))
    assert code == 0 and "Saved receipts for 1 laptop" in out
    assert out.splitlines()[-1].endswith("): 8 receipts. 0 changes never arrived.")
    code, out, _err = run(capsys, profile_dir, "receipts", str(receipts), "--json")
    assert code == 0 and json.loads(out)["cleared"] == 8

    with open_profile(profile_dir, cli.os.environ["OCPSC_PASSPHRASE"]) as device:
        assert journal.pending_count(device.database) == 0
        assert hq_counts(hq, organization) == local_counts(device)


def test_bundle_commands_explain_what_is_missing(opened, profile_dir, tmp_path, capsys):
    opened.close()
    code, _out, err = run(capsys, profile_dir, "export", "--out", str(tmp_path / "x"))
    assert code == 1 and "not enrolled with HQ" in err
    junk = tmp_path / "junk.ocpsc-bundle"
    junk.write_bytes(b"not a bundle at all")
    code, _out, err = run(capsys, profile_dir, "relay", str(junk), "--no-upload")
    assert code == 3 and "not an OCPSC Field bundle" in err
    code, out, _err = run(capsys, profile_dir, "status")
    assert code == 0 and "No bundles have been collected" in out
    code, _out, err = run(capsys, profile_dir, "receipts", str(junk))
    assert code == 1 and "not enrolled" in err
