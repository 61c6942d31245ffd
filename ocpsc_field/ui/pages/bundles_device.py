"""The Sync page's "No connection? Send through a coordinator" box.

"Save for a coordinator…" seals the records waiting on this laptop into a file
(on a USB drive, say) that only HQ can open; "Load receipts from a
coordinator…" applies the signed receipts file the coordinator brings back.
Saving changes nothing on the laptop: the records keep waiting until HQ's
receipts arrive, by the next sync or that file, so a lost drive loses nothing.
Both run on the database queue; the file dialogs never block the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ocpsc_field.i18n import _, ngettext, render
from ocpsc_field.store import journal
from ocpsc_field.store.db import Database
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.sync import bundle, bundle_device
from ocpsc_field.sync import enrollment as keys
from ocpsc_field.sync.bundle_format import SUFFIX as BUNDLE_SUFFIX
from ocpsc_field.sync.bundle_io import BundleFailed
from ocpsc_field.ui.bundle_chooser import (
    FileChooser,
    all_files_filter,
    bundle_filter,
    receipts_filter,
)
from ocpsc_field.ui.bundle_models import change_numbers, moment_text
from ocpsc_field.ui.models import format_number
from ocpsc_field.ui.pages.common import set_text, wrapped
from ocpsc_field.ui.pages.home import waiting_sentence
from ocpsc_field.ui.tasks import DatabaseQueue


@dataclass(frozen=True)
class Readiness:
    """Whether this laptop can save a bundle now, read in one database step."""

    enrolled: bool
    has_hq_key: bool
    pending: int  # ops waiting to be sent (quarantined ones are not bundled)
    last_export: dict[str, Any] | None
    suggested_name: str


def readiness(database: Database) -> Readiness:
    return Readiness(
        enrolled=keys.enrolled(database) is not None,
        has_hq_key=bundle_device.hq_keys(database) is not None,
        pending=journal.pending_count(database) - journal.quarantined_count(database),
        last_export=bundle.last_export(database),
        suggested_name=bundle.suggested_name(database),
    )


def why_not_text(ready: Readiness) -> str:
    """Why "Save for a coordinator…" is unavailable, or "" when it is available."""
    if not ready.enrolled:
        return _(
            "Saving for a coordinator needs this laptop to be enrolled with HQ first, so that "
            "HQ can open what it saves. Choose \u201cEnroll this device\u201d above."
        )
    if not ready.has_hq_key:
        return render(bundle.NO_HQ_KEY)
    if ready.pending == 0:
        return _("Nothing is waiting to be sent, so there is nothing to save for a coordinator.")
    return ""


def offer_text(pending: int) -> str:
    return ngettext(
        "No connection here? Save the {count} record waiting to a file, on a USB drive say, "
        "for a coordinator to take to HQ. The file is sealed: only HQ can open it.",
        "No connection here? Save the {count} records waiting to a file, on a USB drive say, "
        "for a coordinator to take to HQ. The file is sealed: only HQ can open it.",
        pending,
    ).format(count=format_number(pending))


def last_export_text(last: dict[str, Any] | None) -> str:
    if not last:
        return ""
    count = int(last.get("record_count") or 0)
    # Translators: {changes} is one number or a range, like 12 or 12–40.
    return ngettext(
        "Last saved for a coordinator {when}: {count} record (change numbers {changes}).",
        "Last saved for a coordinator {when}: {count} records (change numbers {changes}).",
        count,
    ).format(
        when=moment_text(str(last.get("at") or "")),
        count=format_number(count),
        changes=change_numbers(int(last.get("op_id_from") or 0), int(last.get("op_id_to") or 0)),
    )


def saved_text(made: bundle.Exported) -> str:
    header = made.header
    # Translators: {changes} is one number or a range, like 12 or 12–40.
    text = ngettext(
        "Saved {count} record (change numbers {changes}) in {path}. It stays waiting on this "
        "laptop until HQ's receipts come back, with the next sync or a receipts file from your "
        "coordinator.",
        "Saved {count} records (change numbers {changes}) in {path}. They stay waiting on this "
        "laptop until HQ's receipts come back, with the next sync or a receipts file from your "
        "coordinator.",
        header.record_count,
    ).format(
        count=format_number(header.record_count),
        changes=change_numbers(header.op_id_from, header.op_id_to),
        path=str(made.path),
    )
    if not made.remaining:
        return text
    more = ngettext(
        "{count} more record did not fit in this file. Choose \u201cSave for a "
        "coordinator\u201d again to save it in a second file.",
        "{count} more records did not fit in this file. Choose \u201cSave for a "
        "coordinator\u201d again to save them in a second file.",
        made.remaining,
    ).format(count=format_number(made.remaining))
    return f"{text}\n{more}"


def receipts_text(done: bundle.ReceiptsApplied) -> str:
    """What a receipts file changed, one sentence per line."""
    if not done.matched:
        return _(
            "This receipts file has nothing for this laptop, so nothing was changed. It may be "
            "for another team's laptops: ask your coordinator for your team's file."
        )
    lines = [
        ngettext(
            "HQ confirmed {count} record: it no longer waits on this laptop.",
            "HQ confirmed {count} records: they no longer wait on this laptop.",
            done.cleared,
        ).format(count=format_number(done.cleared))
    ]
    if done.quarantined:
        lines.append(
            ngettext(
                "{count} record needs attention: HQ did not accept it. See \u201cNeeds "
                "attention\u201d below.",
                "{count} records need attention: HQ did not accept them. See \u201cNeeds "
                "attention\u201d below.",
                done.quarantined,
            ).format(count=format_number(done.quarantined))
        )
    if done.not_waiting:
        lines.append(
            ngettext(
                "{count} receipt was for a record already cleared here.",
                "{count} receipts were for records already cleared here.",
                done.not_waiting,
            ).format(count=format_number(done.not_waiting))
        )
    lines.append(waiting_sentence(done.pending))
    return "\n".join(lines)


class BundleBox(QGroupBox):
    """Save the waiting records for a coordinator, and load the receipts they bring back."""

    changed = Signal()  # receipts changed what waits on this laptop

    def __init__(
        self,
        queue: DatabaseQueue | None = None,
        opened: OpenProfile | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("No connection? Send through a coordinator"), parent)
        self.setAccessibleName(self.title())
        self._queue = queue
        self._opened = opened
        self.ready: Readiness | None = None
        self.working = False
        self._after = 0  # after a bundle that could not hold everything: where the next starts
        self._folder: Path | None = None
        self.chooser = FileChooser(self)

        self.explanation = wrapped(_("Checking what could be saved for a coordinator\u2026"), self)
        self.last_saved = wrapped("", self)
        self.last_saved.hide()
        self.save_button = QPushButton(_("Save for a coordinator\u2026"), self)
        self.save_button.setAccessibleName(_("Save for a coordinator"))
        self.save_button.clicked.connect(self.save_for_coordinator)
        self.receipts_button = QPushButton(_("Load receipts from a coordinator\u2026"), self)
        self.receipts_button.setAccessibleName(_("Load receipts from a coordinator"))
        self.receipts_button.clicked.connect(self.load_receipts)
        self.outcome = wrapped("", self)
        self.outcome.hide()
        buttons = QHBoxLayout()
        for button in (self.save_button, self.receipts_button):
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            button.setEnabled(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.last_saved)
        layout.addLayout(buttons)
        layout.addWidget(self.outcome)

    # -- reading ------------------------------------------------------------------
    def refresh(self) -> None:
        if self._queue is None or self._opened is None or not self._queue.running:
            return
        database = self._opened.database
        self._queue.run(lambda: readiness(database), success=self._show, owner=self)

    def _show(self, ready: Readiness) -> None:
        if self.ready is not None and ready.pending != self.ready.pending:
            self._after = 0  # what waits changed (a sync, receipts): the next file starts over
        self.ready = ready
        why_not = why_not_text(ready)
        set_text(self.explanation, why_not or offer_text(ready.pending))
        self.save_button.setAccessibleDescription(why_not)
        self.save_button.setToolTip(why_not)
        self.receipts_button.setAccessibleDescription("" if ready.enrolled else why_not_text(ready))
        last = last_export_text(ready.last_export)
        set_text(self.last_saved, last)
        self.last_saved.setVisible(bool(last))
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self.ready
        self.save_button.setEnabled(
            ready is not None and not why_not_text(ready) and not self.working
        )
        self.receipts_button.setEnabled(ready is not None and ready.enrolled and not self.working)

    def _say(self, text: str) -> None:
        set_text(self.outcome, text)
        self.outcome.setVisible(bool(text))

    # -- saving -------------------------------------------------------------------
    def save_for_coordinator(self) -> None:
        """Ask where to save, then seal the waiting records there."""
        if not self.save_button.isEnabled() or self.ready is None:
            return
        self.chooser.save_file(
            _("Save for a coordinator"),
            self.ready.suggested_name,
            self.save_to,
            filters=(bundle_filter(), all_files_filter()),
            suffix=BUNDLE_SUFFIX,
            start=self._folder,
        )

    def save_to(self, path: Path) -> None:
        """Seal the waiting records into ``path`` (the user agreed to replace it if there)."""
        if self._queue is None or self._opened is None or self.working:
            return
        self._folder = path.parent
        database = self._opened.database
        after = self._after
        self._begin(_("Sealing the records for HQ\u2026"))
        self._queue.run(
            lambda: bundle.export_bundle(database, path, after=after, overwrite=True),
            success=self._saved,
            failure=lambda error: self._failed(
                error, _("Nothing was saved because of an error in the app. Your records are safe.")
            ),
            owner=self,
        )

    def _saved(self, made: bundle.Exported) -> None:
        self._after = made.header.op_id_to if made.remaining else 0
        self._end(saved_text(made))
        self.refresh()

    # -- receipts -----------------------------------------------------------------
    def load_receipts(self) -> None:
        if not self.receipts_button.isEnabled():
            return
        self.chooser.open_files(
            _("Load receipts from a coordinator"),
            lambda paths: self.apply_receipts(paths[0]) if paths else None,
            filters=(receipts_filter(), all_files_filter()),
            start=self._folder,
        )

    def apply_receipts(self, path: Path) -> None:
        """Apply the receipts file at ``path``; a refused file changes nothing."""
        if self._queue is None or self._opened is None or self.working:
            return
        self._folder = path.parent
        opened = self._opened
        self._begin(_("Checking HQ's signature on the receipts\u2026"))
        self._queue.run(
            lambda: bundle.apply_receipts_file(opened.database, opened.records, path),
            success=self._receipts_applied,
            failure=lambda error: self._failed(
                error,
                _(
                    "The receipts could not be used because of an error in the app. "
                    "Nothing was changed."
                ),
            ),
            owner=self,
        )

    def _receipts_applied(self, done: bundle.ReceiptsApplied) -> None:
        self._end(receipts_text(done))
        self.refresh()
        self.changed.emit()

    # -- both ---------------------------------------------------------------------
    def _begin(self, text: str) -> None:
        self.working = True
        self._update_buttons()
        self._say(text)

    def _end(self, text: str) -> None:
        self.working = False
        self._update_buttons()
        self._say(text)

    def _failed(self, error: BaseException, otherwise: str) -> None:
        self._end(str(error) if isinstance(error, BundleFailed) else otherwise)
