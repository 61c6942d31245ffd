"""``ocpsc-field sync``: one full sync from a terminal, with a clear sentence at the end.

Exit codes: 0 when nothing is left to send; 1 when HQ could not be reached or
refused the sync (the records stay safe on the laptop; run it again); 3 when
everything else was sent but some records need attention (HQ refused them:
see ``status`` or the Sync page).
"""

from __future__ import annotations

import sys
from pathlib import Path

from ocpsc_field.i18n import _, ngettext
from ocpsc_field.store.profile import META_FILE
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.sync.engine import Cancelled, SyncEngine, SyncFailed, SyncProgress, direct
from ocpsc_field.sync.sync_text import finished_text, progress_text

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_NEEDS_ATTENTION = 3


def _printer(quiet: bool):  # type: ignore[no-untyped-def]
    def report(progress: SyncProgress) -> None:
        if quiet:
            return
        print(progress_text(progress.sent, progress.to_send, progress.downloaded), file=sys.stderr)

    return report


def run_sync_command(opened: OpenProfile, *, quiet: bool = False) -> tuple[int, bool]:
    """Run one full sync; returns the exit code and whether HQ asked to wipe this profile."""
    try:
        result = SyncEngine(direct(opened), progress=_printer(quiet)).run()
    except SyncFailed as failed:
        print(str(failed), file=sys.stderr)
        return EXIT_FAILED, False
    except Cancelled:
        print(_("Sync stopped. What was sent so far is recorded."), file=sys.stderr)
        return EXIT_FAILED, False
    if result.wipe and result.pending == 0:
        print(
            _("HQ asked to erase this laptop's profile. Everything was sent first; erasing now."),
            file=sys.stderr,
        )
        return EXIT_FAILED, True
    if result.quarantined:
        print(
            ngettext(
                "Sync finished, but {count} record needs attention: HQ did not accept it. "
                "Open the Sync page to see why and fix it.",
                "Sync finished, but {count} records need attention: HQ did not accept them. "
                "Open the Sync page to see why and fix them.",
                result.quarantined,
            ).format(count=result.quarantined),
            file=sys.stderr,
        )
        return EXIT_NEEDS_ATTENTION, False
    if result.pending:
        print(
            ngettext(
                "{count} record is still waiting to be sent. Run sync again.",
                "{count} records are still waiting to be sent. Run sync again.",
                result.pending,
            ).format(count=result.pending),
            file=sys.stderr,
        )
        return EXIT_FAILED, False
    print(finished_text(result.acknowledged, result.downloaded, nothing_waiting=True))
    return EXIT_OK, False


def erase_profile(folder: Path) -> None:
    """Remove the profile's database files and its key material, as HQ instructed."""
    for path in sorted(folder.glob("field-*.db*")):
        path.unlink(missing_ok=True)
    (folder / META_FILE).unlink(missing_ok=True)
