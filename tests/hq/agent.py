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


if __name__ == "__main__":
    main()
