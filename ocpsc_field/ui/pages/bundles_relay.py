"""The coordinator's "Collect bundles" section of the Sync page.

A coordinator brings in sealed bundles from laptops that have no connection
(a folder or USB drive, or chosen files), sees each one's header and where it
stands, uploads them to HQ when online, and downloads the team's receipts file
to carry back. The coordinator's laptop never opens a bundle: only HQ can.
Collecting reads files on the database queue; uploading and downloading run on
the relay worker's thread (``ui.bundle_worker``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field.i18n import _, ngettext, render
from ocpsc_field.store import relay
from ocpsc_field.store.relay import RelayBundle
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.sync import bundle_relay, team
from ocpsc_field.sync.bundle_find import find_bundle_files
from ocpsc_field.sync.bundle_receipts import SUFFIX as RECEIPTS_SUFFIX
from ocpsc_field.sync.team import Credentials
from ocpsc_field.ui.bundle_chooser import (
    FileChooser,
    all_files_filter,
    bundle_filter,
    receipts_filter,
)
from ocpsc_field.ui.bundle_models import RelayBundlesModel, size_text
from ocpsc_field.ui.bundle_texts import (
    collected_text,
    counts_text,
    receipts_saved_text,
    uploaded_text,
)
from ocpsc_field.ui.bundle_worker import RelayWorker
from ocpsc_field.ui.models import format_number
from ocpsc_field.ui.pages.bundles_report import BatchReport
from ocpsc_field.ui.pages.common import set_text, wrapped
from ocpsc_field.ui.tasks import DatabaseQueue


class RelayBox(QGroupBox):
    """Collected bundles, their upload to HQ, the team's receipts, and the batch report."""

    uploaded = Signal()  # HQ answered for some bundles: the team's figures changed

    def __init__(
        self,
        queue: DatabaseQueue | None = None,
        opened: OpenProfile | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Collect bundles"), parent)
        self.setAccessibleName(self.title())
        self._queue = queue
        self._opened = opened
        self._folder: Path | None = None
        self._order: list[str] = []  # the queued bundles, in the order they upload
        self.collecting = False
        self.working = False
        self._upload_when_listed = False  # newly collected: try to upload once they are listed
        self.chooser = FileChooser(self)
        self.worker = RelayWorker(queue, opened, self) if queue and opened else None
        if self.worker is not None:
            self.worker.started.connect(self._on_started)
            self.worker.progressed.connect(self._on_progress)
            self.worker.uploaded.connect(self._on_uploaded)
            self.worker.saved.connect(self._on_saved)
            self.worker.failed.connect(self._on_failed)
            self.destroyed.connect(self.worker.stop)

        self.intro = wrapped(
            _(
                "Bring in bundles from laptops that have no connection, then upload them to HQ. "
                "You see who sent each bundle and how many records it holds, never the "
                "records themselves: only HQ can open a bundle."
            ),
            self,
        )
        self.folder_button = self._button(
            _("Collect from a folder\u2026"), _("Collect bundles from a folder or USB drive")
        )
        self.folder_button.clicked.connect(self.collect_from_folder)
        self.files_button = self._button(_("Collect bundle files\u2026"), _("Collect bundle files"))
        self.files_button.clicked.connect(self.collect_files)
        self.upload_button = self._button(_("Upload now"), _("Upload the waiting bundles now"))
        self.upload_button.clicked.connect(self.upload_now)
        self.stop_button = self._button(_("Stop upload"), _("Stop the upload"))
        self.stop_button.clicked.connect(self.stop)
        self.receipts_button = self._button(
            _("Download receipts for my team\u2026"), _("Download receipts for my team")
        )
        self.receipts_button.clicked.connect(self.download_receipts)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(_("Upload progress"))
        self.progress.hide()
        self.collected = wrapped("", self)  # what the last collecting found
        self.collected.hide()
        self.message = wrapped("", self)  # the upload or download under way, or its outcome
        self.message.hide()
        self.summary = wrapped(counts_text({}), self)

        self.model = RelayBundlesModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Collected bundles"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setMinimumHeight(self.fontMetrics().height() * 8)
        self.table.hide()
        self.report = BatchReport(self)

        collect = QHBoxLayout()
        for button in (self.folder_button, self.files_button):
            collect.addWidget(button)
        collect.addStretch(1)
        send = QHBoxLayout()
        for button in (self.upload_button, self.stop_button, self.receipts_button):
            send.addWidget(button)
        send.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(collect)
        layout.addWidget(self.collected)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addLayout(send)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.report)
        self._update_buttons()

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(name)
        button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        return button

    # -- state ----------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """An upload or download is under way (until its outcome is shown)."""
        return self.working

    @property
    def queued(self) -> int:
        return sum(1 for item in self.model.bundles if item.state == relay.QUEUED)

    def _update_buttons(self) -> None:
        ready = self.worker is not None
        self.folder_button.setEnabled(ready and not self.collecting)
        self.files_button.setEnabled(ready and not self.collecting)
        self.upload_button.setEnabled(ready and not self.busy and self.queued > 0)
        self.stop_button.setEnabled(self.busy)
        self.receipts_button.setEnabled(ready and not self.busy)

    def _say(self, text: str) -> None:
        set_text(self.message, text)
        self.message.setVisible(bool(text))

    def _tell_collected(self, text: str) -> None:
        set_text(self.collected, text)
        self.collected.setVisible(bool(text))

    def refresh(self) -> None:
        """Re-read the collected bundles (database queue)."""
        if self._queue is None or self._opened is None or not self._queue.running:
            return
        database = self._opened.database
        self._queue.run(
            lambda: (relay.bundles(database), relay.counts(database)),
            success=lambda found: self.show_bundles(*found),
            owner=self,
        )

    def show_bundles(self, bundles: Sequence[RelayBundle], counts: dict[str, int]) -> None:
        chosen = self._chosen_id()
        self.model.set_bundles(bundles)
        set_text(self.summary, counts_text(counts))
        self.table.setVisible(bool(bundles))
        self.table.resizeRowsToContents()
        row = self.model.row_of(chosen) if chosen else -1
        if row >= 0:
            self.table.selectRow(row)
        self.report.show_bundles(bundles)
        self._update_buttons()
        if self._upload_when_listed:
            self._upload_when_listed = False
            self.upload_queued()

    def _chosen_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.bundles[rows[0].row()].id if rows else None

    # -- collecting -----------------------------------------------------------------
    def collect_from_folder(self) -> None:
        if self.folder_button.isEnabled():
            self.chooser.folder(
                _("Collect bundles from a folder or USB drive"),
                self.collect_folder,
                start=self._folder,
            )

    def collect_files(self) -> None:
        if self.files_button.isEnabled():
            self.chooser.open_files(
                _("Collect bundle files"),
                self.collect_paths,
                filters=(bundle_filter(), all_files_filter()),
                many=True,
                start=self._folder,
            )

    def collect_folder(self, folder: Path) -> None:
        """Collect every bundle file in ``folder`` and the folders just below it."""
        self._folder = folder
        self._collect(lambda: find_bundle_files(folder), folder)

    def collect_paths(self, paths: Sequence[Path]) -> None:
        if paths:
            self._folder = paths[0].parent
            chosen = list(paths)
            self._collect(lambda: chosen, None)

    def _collect(self, files: Callable[[], list[Path]], folder: Path | None) -> None:
        if self._queue is None or self._opened is None or self.collecting:
            return
        database = self._opened.database
        self.collecting = True
        self._update_buttons()
        self._tell_collected(_("Reading the bundle files\u2026"))

        def job() -> list[bundle_relay.Collected]:
            found = files()
            return bundle_relay.collect(database, found) if found else []

        self._queue.run(
            job,
            success=lambda found: self._collected(found, folder),
            failure=lambda _error: self._collected_failed(),
            owner=self,
        )

    def _collected(self, found: list[bundle_relay.Collected], folder: Path | None) -> None:
        self.collecting = False
        self._tell_collected(collected_text(found, folder))
        self._upload_when_listed = any(item.new for item in found)
        self.refresh()

    def _collected_failed(self) -> None:
        self.collecting = False
        self._tell_collected(
            _("The bundles could not be collected because of an error in the app. Try again.")
        )
        self._update_buttons()

    # -- uploading ------------------------------------------------------------------
    def upload_now(self) -> bool:
        """Upload the waiting bundles (the button); False when there is nothing to do."""
        return self._upload(probe=False)

    def upload_queued(self) -> bool:
        """Upload the waiting bundles if HQ answers (after a sync or collecting); quiet if not."""
        return self._upload(probe=True)

    def _upload(self, *, probe: bool) -> bool:
        if self.worker is None or self.busy or self.queued == 0 or self._queue is None:
            return False
        database = self._opened.database
        self._queue.run(
            lambda: team.credentials(database),
            success=lambda found: self._start_upload(found, probe),
            owner=self,
        )
        return True

    def _start_upload(self, found: Credentials | None, probe: bool) -> None:
        if found is None:
            self._say(render(bundle_relay.NOT_ENROLLED))
            return
        queued = [item for item in self.model.bundles if item.state == relay.QUEUED]
        self._order = [item.id for item in sorted(queued, key=lambda b: (b.collected_at, b.id))]
        if not self.worker.upload(found.server_url, probe=probe):
            return
        self.working = True
        self.progress.setRange(0, 0)
        self.progress.show()
        self._say(_("Checking that HQ answers before uploading\u2026") if probe else "")
        self._update_buttons()

    def _on_started(self) -> None:
        self.progress.setRange(0, max(1, len(self._order)))
        self.progress.setValue(0)
        self.model.set_uploading(self._order[0] if self._order else None)
        self._say(
            ngettext(
                "Uploading {count} bundle to HQ\u2026",
                "Uploading {count} bundles to HQ\u2026",
                len(self._order),
            ).format(count=format_number(len(self._order)))
        )

    def stop(self) -> None:
        if self.worker is not None and self.busy:
            self.worker.stop()
            self._say(_("Stopping after the bundle being uploaded\u2026"))

    def _on_progress(self, step: bundle_relay.UploadProgress) -> None:
        self.progress.setRange(0, max(1, step.total))
        self.progress.setValue(step.done)
        following = self._order[step.done] if step.done < len(self._order) else None
        self.model.set_uploading(following)
        self._say(
            ngettext(
                "Uploaded {done} of {total} bundle; {size} sent.",
                "Uploaded {done} of {total} bundles; {size} sent.",
                step.total,
            ).format(
                done=format_number(step.done),
                total=format_number(step.total),
                size=size_text(step.bytes_sent),
            )
        )
        self.refresh()

    def _on_uploaded(self, result: bundle_relay.UploadResult | None) -> None:
        self._finish()
        if result is None:
            self._say(
                _(
                    "HQ cannot be reached right now. The bundles stay queued on this laptop and "
                    "are uploaded after the next sync, or choose \u201cUpload now\u201d."
                )
            )
            return
        self._say(uploaded_text(result))
        self.uploaded.emit()
        # Bundles collected while this upload ran were not in it: they go up next.
        self._upload_when_listed = result.left > 0

    def _on_failed(self, text: str) -> None:
        self._finish()
        self._say(text)

    def _finish(self) -> None:
        self.working = False
        self.progress.hide()
        self.model.set_uploading(None)
        self._order = []
        self.refresh()
        self._update_buttons()

    # -- receipts -------------------------------------------------------------------
    def download_receipts(self) -> None:
        if not self.receipts_button.isEnabled():
            return
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
        self.chooser.save_file(
            _("Download receipts for my team"),
            f"receipts-{stamp}{RECEIPTS_SUFFIX}",
            self.download_to,
            filters=(receipts_filter(), all_files_filter()),
            suffix=RECEIPTS_SUFFIX,
            start=self._folder,
        )

    def download_to(self, path: Path) -> None:
        """Fetch the team's receipts from HQ and save them at ``path``."""
        if self.worker is None or self.busy or self._queue is None:
            return
        self._folder = path.parent
        database = self._opened.database
        self._queue.run(
            lambda: team.credentials(database),
            success=lambda found: self._start_download(found, path),
            owner=self,
        )

    def _start_download(self, found: Credentials | None, path: Path) -> None:
        if found is None:
            self._say(render(bundle_relay.NOT_ENROLLED))
            return
        if self.worker.download(found.server_url, path):
            self.working = True
            self.progress.setRange(0, 0)
            self.progress.show()
            self._say(_("Asking HQ for the team's receipts\u2026"))
            self._update_buttons()

    def _on_saved(self, saved: bundle_relay.TeamReceipts) -> None:
        self._finish()
        self._say(receipts_saved_text(saved))
        self.uploaded.emit()
