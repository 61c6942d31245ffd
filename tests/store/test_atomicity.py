"""A record and its journal op are written together or not at all, even across a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ocpsc_field.core.records import Kind
from ocpsc_field.store import journal
from ocpsc_field.store.session import open_profile

RESIDENT = {"given_name": "Trần Thị Hương", "preferred_language": "vi", "phone": "4155550123"}


def counts(profile_dir: Path, passphrase: str) -> tuple[int, int]:
    with open_profile(profile_dir, passphrase) as opened:
        return (
            opened.records.count(Kind.RESIDENT, include_deleted=True),
            journal.pending_count(opened.database),
        )


def test_error_between_record_and_journal_writes_neither(opened, monkeypatch):
    def broken_append(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(journal, "append", broken_append)
    with pytest.raises(OSError):
        opened.records.create(Kind.RESIDENT, RESIDENT)
    assert opened.records.count(Kind.RESIDENT, include_deleted=True) == 0
    assert journal.pending_count(opened.database) == 0


CRASH_SCRIPT = textwrap.dedent(
    """
    import os, sys
    from ocpsc_field.core.records import Kind
    from ocpsc_field.store import journal, repository
    from ocpsc_field.store.session import open_profile

    folder, passphrase, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    opened = open_profile(__import__("pathlib").Path(folder), passphrase)

    def crash_between(*args, **kwargs):
        os._exit(17)  # the process dies after the record row, before its journal op

    if mode == "between":
        repository.journal.append = crash_between
        opened.records.create(Kind.RESIDENT, {RESIDENT!r})
    elif mode == "after-commit":
        opened.records.create(Kind.RESIDENT, {RESIDENT!r})
        os._exit(17)  # no close, no checkpoint: the WAL alone must carry the commit
    elif mode == "loop":
        while True:
            opened.records.create(Kind.RESIDENT, {RESIDENT!r})
            print("saved", flush=True)
    """
).replace("{RESIDENT!r}", repr(RESIDENT))


def run_child(profile_dir: Path, passphrase: str, mode: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", CRASH_SCRIPT, str(profile_dir), passphrase, mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_crash_between_record_and_journal_leaves_neither(profile_dir: Path, passphrase: str):
    child = run_child(profile_dir, passphrase, "between")
    assert child.wait(timeout=60) == 17, child.stderr.read()
    assert counts(profile_dir, passphrase) == (0, 0)


def test_crash_after_commit_keeps_both(profile_dir: Path, passphrase: str):
    child = run_child(profile_dir, passphrase, "after-commit")
    assert child.wait(timeout=60) == 17, child.stderr.read()
    assert counts(profile_dir, passphrase) == (1, 1)


def test_kill_during_a_stream_of_writes_never_splits_a_record_from_its_op(
    profile_dir: Path, passphrase: str
):
    child = run_child(profile_dir, passphrase, "loop")
    saved = 0
    deadline = time.monotonic() + 60
    while saved < 40 and time.monotonic() < deadline:
        if child.stdout.readline().startswith("saved"):
            saved += 1
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert saved >= 40
    with open_profile(profile_dir, passphrase) as opened:
        records = {row["id"] for row in opened.database.query("SELECT id FROM resident")}
        ops = opened.database.query("SELECT op_id, record_id FROM journal ORDER BY op_id")
        assert len(records) >= saved
        assert {op["record_id"] for op in ops} == records
        assert len(ops) == len(records)
        # Op ids stay contiguous: nothing was skipped by the kill.
        assert [op["op_id"] for op in ops] == list(range(1, len(ops) + 1))
