"""Enrolling a profile with HQ, from the command line, and the messages when it cannot be."""

from __future__ import annotations

import time

import pytest

from ocpsc_field import cli
from ocpsc_field.store.session import open_profile
from ocpsc_field.sync import enrollment
from tests.hq.harness import Server


@pytest.fixture
def run(profile_dir, passphrase, monkeypatch, capsys):
    monkeypatch.setenv("OCPSC_PASSPHRASE", passphrase)

    def invoke(*args: str) -> tuple[int, str, str]:
        code = cli.main(["--profile", str(profile_dir), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return invoke


def test_enroll_keeps_the_token_only_inside_the_encrypted_profile(
    sqlite_server: Server, run, profile_dir, passphrase
):
    organization = sqlite_server.organization()
    username = sqlite_server.user(organization, "canvasser")
    code = sqlite_server.code(username)

    exit_code, out, err = run("enroll", "--server", sqlite_server.url, "--code", code.lower())

    assert exit_code == 0, err
    assert username in out and organization in out
    with open_profile(profile_dir, passphrase) as opened:
        found = enrollment.enrolled(opened.database)
        token = enrollment.token(opened.database)
    assert found is not None and found.server_url == sqlite_server.url
    assert found.role == "canvasser" and found.organization_name == organization
    assert "resident" in found.streams and "enrollment" not in found.streams
    assert token and len(token) >= 43
    for path in profile_dir.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path

    again, _out, err = run("enroll", "--server", sqlite_server.url, "--code", code)
    assert again == 1
    assert "already used" in err


def test_an_unknown_code_says_so(sqlite_server: Server, run, profile_dir, passphrase):
    exit_code, _out, err = run(
        "enroll", "--server", sqlite_server.url, "--code", "AAAAA-BBBBB-CCCCC"
    )
    assert exit_code == 1
    assert "does not know this enrollment code" in err
    with open_profile(profile_dir, passphrase) as opened:
        assert enrollment.enrolled(opened.database) is None


def test_an_expired_code_says_so(sqlite_server: Server, run):
    username = sqlite_server.user(sqlite_server.organization())
    code = sqlite_server.code(username, "--hours", "0.0002")
    time.sleep(1.0)
    exit_code, _out, err = run("enroll", "--server", sqlite_server.url, "--code", code)
    assert exit_code == 1
    assert "expired" in err


def test_an_address_that_is_not_hq_says_so(run, monkeypatch):
    monkeypatch.setenv("OCPSC_SYNC_RETRY_BASE", "0.01")
    exit_code, _out, err = run("enroll", "--server", "http://127.0.0.1:9", "--code", "X")
    assert exit_code == 1
    assert "could not be reached" in err
    exit_code, _out, err = run("enroll", "--server", "hq.example.org", "--code", "X")
    assert exit_code == 1
    assert "http://" in err
