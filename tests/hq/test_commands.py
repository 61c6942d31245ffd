"""The management commands HQ's IT staff script against, through the real ``ocpsc-hq`` CLI."""

from __future__ import annotations

import json
import uuid

from tests.hq.harness import Device, Server


def _name(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:6]}"


def test_organizations_users_and_codes(hq: Server):
    organization = _name("Valley CBO")
    made = hq.manage("create_organization", organization)
    assert made.returncode == 0, made.stderr
    again = hq.manage("create_organization", organization)
    assert again.returncode != 0 and "already exists" in again.stderr
    assert "Traceback" not in again.stderr

    username = f"maria-{uuid.uuid4().hex[:6]}"
    user = hq.manage("create_user", username, "--org", organization, "--role", "coordinator")
    assert user.returncode == 0, user.stderr
    code = hq.manage("issue_enrollment_code", username)
    assert code.returncode == 0, code.stderr
    last_line = code.stdout.strip().splitlines()[-1]
    Device.enroll(hq, last_line, organization)  # the last line is the code itself

    counts = hq.manage("record_counts", "--org", organization)
    assert json.loads(counts.stdout)["organizations"] == {
        organization: {"resident": 0, "contact_log": 0, "enrollment": 0, "survey_response": 0}
    }


def test_commands_explain_what_is_wrong(sqlite_server: Server):
    hq = sqlite_server
    cases = [
        (("create_user", "x", "--org", "No Such Org", "--role", "canvasser"), "no organization"),
        (("create_user", "x", "--org", "Any", "--role", "boss"), "invalid choice"),
        (("issue_enrollment_code", "nobody-here"), "no user named"),
        (("revoke_device", "no-such-device"), "no device"),
        (("wipe_device", "no-such-device"), "no device"),
        (("record_counts", "--org", "No Such Org"), "no organization"),
    ]
    for args, expected in cases:
        result = hq.manage(*args)
        assert result.returncode != 0, args
        assert expected in result.stderr.lower(), (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_duplicate_users_are_refused(sqlite_server: Server):
    hq = sqlite_server
    organization = hq.organization()
    username = hq.user(organization)
    result = hq.manage("create_user", username, "--org", organization, "--role", "canvasser")
    assert result.returncode != 0 and "already exists" in result.stderr


def test_revoke_and_wipe_by_device_id(sqlite_server: Server):
    hq = sqlite_server
    device = hq.device()
    assert hq.manage("wipe_device", device.id).returncode == 0
    assert device.exchange()["instructions"][0]["action"] == "wipe"
    revoked = hq.manage("revoke_device", device.id)
    assert revoked.returncode == 0 and device.id in revoked.stdout
    refused = device.exchange(expect=403)
    assert refused["error"]["code"] == "device_revoked"
    assert refused["error"]["instructions"][0]["action"] == "wipe"  # still told to wipe


def test_record_counts_per_kind_and_organization(sqlite_server: Server):
    hq = sqlite_server
    result = hq.manage("record_counts")
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)
    assert set(counts["records"]) == {
        "resident",
        "contact_log",
        "enrollment",
        "survey_response",
        "program",
        "survey",
        "resource",
        "organization",
    }
    assert counts["records"]["organization"] == len(counts["organizations"])


def test_migrations_are_current_and_data_dir_is_honoured(sqlite_server: Server, tmp_path):
    hq = sqlite_server
    check = hq.manage("makemigrations", "hq", "--check", "--dry-run")
    assert check.returncode == 0, check.stdout + check.stderr
    elsewhere = hq.manage("record_counts", "--data-dir", str(tmp_path))
    assert elsewhere.returncode == 0, elsewhere.stderr
    assert json.loads(elsewhere.stdout)["organizations"] == {}  # a fresh, migrated database
    assert (tmp_path / "hq.sqlite3").exists()
