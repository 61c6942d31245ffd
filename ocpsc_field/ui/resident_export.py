"""Export the residents list as shown (searched, filtered, sorted) to CSV or Excel.

The file leaves the encrypted profile, so the user is told first, in plain
words, that it holds personal information unencrypted. The export runs on the
database queue with its progress in the message bar, and can be stopped; a
stopped or failed export leaves no file behind.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ocpsc_field.i18n import _, ngettext
from ocpsc_field.store.export import export_residents
from ocpsc_field.store.repository import RecordRepository
from ocpsc_field.store.resident_list import ResidentList, ResidentListQuery
from ocpsc_field.ui.models import format_number
from ocpsc_field.ui.tasks import DatabaseQueue
from ocpsc_field.ui.widgets.form_parts import MessageBar


class ExportStopped(Exception):
    """The user stopped the export; raised inside the job to unwind it."""


class ResidentExport(QObject):
    """The steps of one export: the warning, the file, the writing."""

    def __init__(
        self,
        queue: DatabaseQueue,
        records: RecordRepository,
        listing: ResidentList,
        message: MessageBar,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._queue = queue
        self._records = records
        self._listing = listing
        self._message = message
        self._parent = parent
        self._query = ResidentListQuery()
        self._count = 0
        self._stop = threading.Event()
        self.warning: QMessageBox | None = None
        self.file_dialog: QFileDialog | None = None
        self.running = False

    def start(self, query: ResidentListQuery, count: int) -> None:
        """Say what the file will hold, then ask where to save it."""
        if self.running:
            return
        self._query, self._count = query, count
        box = QMessageBox(self._parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Export residents"))
        box.setText(
            ngettext(
                "Export {count} resident to a file?", "Export {count} residents to a file?", count
            ).format(count=format_number(count))
        )
        box.setInformativeText(
            _(
                "The file will hold their names, phone numbers, addresses and other personal "
                "information, and it is not encrypted: anyone who can open the file can read "
                "it. Save it only where your organization allows, and delete it when you no "
                "longer need it."
            )
        )
        choose = box.addButton(_("&Choose a file…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(choose)
        box.setAccessibleName(_("Export residents"))
        box.finished.connect(lambda _result: self._warned(box.clickedButton() is choose))
        self.warning = box
        box.open()

    def _warned(self, go_on: bool) -> None:
        self.warning = None
        if not go_on:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = _("residents-{date}").format(date=date.today().isoformat())
        dialog = QFileDialog(self._parent, _("Export residents"), str(Path(folder) / name))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setNameFilters([_("Spreadsheet (CSV) (*.csv)"), _("Excel workbook (*.xlsx)")])
        dialog.setDefaultSuffix("csv")
        dialog.filterSelected.connect(
            lambda chosen: dialog.setDefaultSuffix("xlsx" if "xlsx" in chosen else "csv")
        )
        dialog.fileSelected.connect(self.write)
        self.file_dialog = dialog
        dialog.open()

    def write(self, path: str) -> None:
        """Write the listing to ``path`` (CSV unless it ends in .xlsx)."""
        self.file_dialog = None
        if not path:
            return
        target = Path(path)
        fmt = "xlsx" if target.suffix.lower() == ".xlsx" else "csv"
        records, listing, query, stop = self._records, self._listing, self._query, self._stop
        stop.clear()
        self.running = True

        def job(report: Any) -> int:
            def progress(done: int) -> None:
                if stop.is_set():
                    raise ExportStopped
                report(done)

            return export_residents(
                records, listing.iter_ids(query), target, fmt=fmt, progress=progress
            )

        self._progress(0)
        self._queue.run(
            job,
            progress=self._progress,
            success=lambda count: self._done(target, count),
            failure=self._failed,
            owner=self,
        )

    def stop(self) -> None:
        self._stop.set()

    def _progress(self, done: int) -> None:
        self._message.show_message(
            _("Exporting residents: {done} of {total}…").format(
                done=format_number(done), total=format_number(self._count)
            ),
            "notice",
            [(_("&Stop"), self.stop)],
        )

    def _done(self, target: Path, count: int) -> None:
        self.running = False
        self._message.show_message(
            ngettext(
                "{count} resident exported to {file}. The file is not encrypted.",
                "{count} residents exported to {file}. The file is not encrypted.",
                count,
            ).format(count=format_number(count), file=str(target)),
            "success",
            [(_("Dismiss"), self._message.clear)],
        )

    def _failed(self, error: BaseException) -> None:
        self.running = False
        if isinstance(error, ExportStopped):
            text = _("Export stopped. No file was written.")
        elif isinstance(error, OSError):
            text = _(
                "The file could not be written: {reason}. Choose another folder, or check "
                "that the disk is not full."
            ).format(reason=error.strerror or str(error))
        else:
            text = _("The export did not finish, and no file was written. Please try again.")
        self._message.show_message(text, "error", [(_("Dismiss"), self._message.clear)])
