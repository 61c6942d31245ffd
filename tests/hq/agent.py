"""A helper process for the HQ tests: runs HQ's management commands without a new process each.

Starting ``ocpsc-hq manage`` costs about a second (Python, Django, the
migration check). Tests that only need an organization, a user and a code
send one JSON line per command to this process instead; it runs the very same
management commands through ``call_command`` against the same database as
the server under test. Tests of the commands themselves use the real CLI.

Requests, one JSON object per line:
  {"command": NAME, "args": [...]}   -> {"ok": bool, "stdout": str, "error": str}
  {"hold_counter": true}             -> takes the sequence counter in an open transaction
  {"release_counter": true}          -> commits it
  {"hold_claim": true}               -> claims a sequence number and takes it in an open
                                        transaction; {"release_counter": true} commits it
  {"abandon_claim": true}            -> claims a number, then its session ends without
                                        giving it up (a killed worker)
  {"take_cleared_claim": true}       -> claims a number, clears the claim as readers clear
                                        abandoned ones, then tries to write with it
"""

from __future__ import annotations

import io
import json
import os
import sys
import threading


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "ocpsc_field.hq.settings"
    import django

    django.setup()
    from ocpsc_field.hq.cli import migrate_if_needed

    migrate_if_needed()
    release = threading.Event()
    holder: threading.Thread | None = None
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("hold_counter"):
            held = threading.Event()
            release.clear()
            holder = threading.Thread(target=_hold_counter, args=(held, release), daemon=True)
            holder.start()
            held.wait(30)
            reply = {"ok": held.is_set()}
        elif request.get("hold_claim"):
            held = threading.Event()
            release.clear()
            claimed: list[int] = []
            holder = threading.Thread(
                target=_hold_claim, args=(held, release, claimed), daemon=True
            )
            holder.start()
            held.wait(30)
            reply = {"ok": held.is_set(), "first": claimed[0] if claimed else None}
        elif request.get("abandon_claim"):
            claimed = []
            thread = threading.Thread(target=_abandon_claim, args=(claimed,), daemon=True)
            thread.start()
            thread.join(30)
            reply = {"ok": bool(claimed), "first": claimed[0] if claimed else None}
        elif request.get("take_cleared_claim"):
            reply = _take_cleared_claim()
        elif request.get("release_counter"):
            release.set()
            if holder is not None:
                holder.join(30)
            reply = {"ok": True}
        else:
            reply = _run(request["command"], request.get("args", []))
        print(json.dumps(reply), flush=True)


def _run(name: str, args: list[str]) -> dict[str, object]:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(name, *args, stdout=out, stderr=err)
    except CommandError as error:
        return {"ok": False, "stdout": out.getvalue(), "error": str(error)}
    return {"ok": True, "stdout": out.getvalue(), "error": err.getvalue()}


def _hold_counter(held: threading.Event, release: threading.Event) -> None:
    """A writer that has taken its sequence number and not yet committed."""
    from django.db import connection, transaction

    from ocpsc_field.hq import sequence

    with transaction.atomic():
        sequence.allocate(1)
        held.set()
        release.wait(60)
    connection.close()


def _hold_claim(held: threading.Event, release: threading.Event, claimed: list[int]) -> None:
    """A device exchange on PostgreSQL that has claimed its number and not yet committed."""
    from django.db import connection, transaction

    from ocpsc_field.hq import sequence

    with sequence.claimed(1) as claim, transaction.atomic():
        claimed.append(sequence.take(claim, 1))
        held.set()
        release.wait(60)
    connection.close()


def _take_cleared_claim() -> dict[str, object]:
    """A writer whose claim was cleared before it committed must not use the numbers."""
    from django.db import OperationalError, transaction

    from ocpsc_field.hq import sequence
    from ocpsc_field.hq.models import SequenceClaim

    try:
        with sequence.claimed(1) as claim:
            SequenceClaim.objects.filter(first=claim.first).delete()
            with transaction.atomic():
                sequence.take(claim, 1)
    except OperationalError as refused:
        left = SequenceClaim.objects.filter(first=claim.first).exists()
        return {"ok": True, "refused": str(refused), "claim_left": left}
    return {"ok": True, "refused": None}


_NEVER_LEFT: list[object] = []


def _abandon_claim(claimed: list[int]) -> None:
    """A worker killed after claiming: the claim stays, its session is gone."""
    from django.db import connection

    from ocpsc_field.hq import sequence

    block = sequence.claimed(1)
    _NEVER_LEFT.append(block)  # kept, so the claim is not given up when it is collected
    claimed.append(block.__enter__().first)
    connection.close()


if __name__ == "__main__":
    main()
