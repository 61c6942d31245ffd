"""Export my records: the records this user created, to an Excel workbook or CSV files.

An export is the one place personal information leaves the encrypted store,
so the dialog says so plainly before anything is written, asks before it
replaces a file, and a stopped export leaves no file behind. The writing
runs on the database queue with progress; ``store.export`` writes each file
under a temporary name and renames it into place.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field.core.records import Kind
from ocpsc_field.i18n import _, ngettext
from ocpsc_field.store import export
from ocpsc_field.store.repository import RecordRepository
from ocpsc_field.ui.import_steps import bold, button_row
from ocpsc_field.ui.models import format_number
from ocpsc_field.ui.pages.common import heading, set_text, wrapped
from ocpsc_field.ui.tasks import DatabaseQueue, Task, safe_traceback

log = logging.getLogger(__name__)
DIALOG_WIDTH_CHARS = 72
EXPORT_KINDS = (Kind.RESIDENT, Kind.CONTACT_LOG, Kind.ENROLLMENT, Kind.SURVEY_RESPONSE)


class ExportStopped(Exception):
    """Raised inside the export job when the user presses Stop."""


def kind_label(kind: Kind, count: int | None = None) -> str:
    labels = {
        Kind.RESIDENT: _("&Residents"),
        Kind.CONTACT_LOG: _("&Conversations"),
        Kind.ENROLLMENT: _("E&nrollments"),
        Kind.SURVEY_RESPONSE: _("Survey res&ponses"),
    }
    if count is None:
        return labels[kind]
    return _("{kind} ({count})").format(kind=labels[kind], count=format_number(count))


def export_targets(out: Path, fmt: str, kinds: list[Kind]) -> list[Path]:
    """The files ``export.export`` writes for these choices."""
    if fmt == "xlsx" or (len(kinds) == 1 and out.suffix.lower() == ".csv"):
        return [out]
    return [out / f"{kind.value}.csv" for kind in kinds]


def _stamp(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def _write(
    records: RecordRepository,
    user: str,
    out: Path,
    fmt: str,
    kinds: list[Kind],
    replace: bool,
    should_stop: Callable[[], bool],
    report: Callable[..., None],
) -> dict[str, Any]:
    """The export job: runs on the database queue, never touches a widget."""
    targets = export_targets(out, fmt, kinds)
    existing = [path for path in targets if path.exists()]
    if existing and not replace:
        return {"existing": existing}
    totals = {kind: export.count_records(records, kind, created_by=user) for kind in kinds}
    total = max(1, sum(totals.values()))
    finished: dict[Kind, int] = {}
    before = {path: _stamp(path) for path in targets}

    def progress(kind: Kind, count: int) -> None:
        if should_stop():
            raise ExportStopped()
        finished[kind] = count
        report(sum(finished.values()), total)

    try:
        written = export.export(
            records, out, fmt=fmt, kinds=kinds, created_by=user, progress=progress
        )
    except ExportStopped:
        # Files finished before Stop are removed too: a stopped export leaves no PII behind.
        for path in targets:
            if _stamp(path) not in (None, before[path]):
                path.unlink()
        raise
    return {"written": written}


class ExportDialog(QDialog):
    """Choose kinds, format and destination; then write the file on the queue."""

    exported = Signal(list)

    def __init__(
        self,
        records: RecordRepository,
        user: str,
        queue: DatabaseQueue,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._records = records
        self._user = user
        self._queue = queue
        self._stop = threading.Event()
        self._task: Task | None = None
        self._confirmed_replace: tuple[Path, str, tuple[Kind, ...]] | None = None
        self.setWindowTitle(_("Export my records"))
        self.setAccessibleName(_("Export my records"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * DIALOG_WIDTH_CHARS)
        # Tick boxes and round buttons grow with the font (Qt draws them at a fixed size).
        self.setStyleSheet(
            "QCheckBox::indicator, QRadioButton::indicator { width: 1em; height: 1em; }"
        )
        self._build()
        self._format_changed()
        self._load_counts()

    # -- building ------------------------------------------------------------------
    def _build(self) -> None:
        intro = wrapped(
            _(
                "Writes the records you created on this laptop, signed as {user}, to a file "
                "for your own reports. Records other people created are left out."
            ).format(user=self._user),
            self,
        )
        kinds_box = QGroupBox(_("Records to export"), self)
        kinds_layout = QGridLayout(kinds_box)
        self.kind_boxes: dict[Kind, QCheckBox] = {}
        for position, kind in enumerate(EXPORT_KINDS):
            box = QCheckBox(kind_label(kind), kinds_box)
            box.setChecked(True)
            box.setAccessibleName(kind_label(kind).replace("&", ""))
            box.toggled.connect(self._format_changed)
            self.kind_boxes[kind] = box
            # Two columns, filled row by row, so Tab order is reading order.
            kinds_layout.addWidget(box, position // 2, position % 2)
        format_box = QGroupBox(_("Format"), self)
        format_layout = QVBoxLayout(format_box)
        self.xlsx_button = QRadioButton(_("E&xcel workbook (.xlsx), one sheet for each kind"))
        self.csv_button = QRadioButton(_("CS&V files, one for each kind, in a folder"))
        self.format_group = QButtonGroup(self)
        for button in (self.xlsx_button, self.csv_button):
            button.setAccessibleName(button.text().replace("&", ""))
            self.format_group.addButton(button)
            format_layout.addWidget(button)
        self.xlsx_button.setChecked(True)
        self.format_group.buttonToggled.connect(lambda *_args: self._format_changed())
        self.path_edit = QLineEdit(self)
        self.path_edit.setAccessibleName(_("Save to"))
        self.path_edit.setText(str(self._default_destination()))
        self.path_edit.textEdited.connect(lambda _text: self._forget_replace())
        path_label = QLabel(_("Save &to:"), self)
        path_label.setBuddy(self.path_edit)
        self.browse_button = QPushButton(_("Ch&oose…"), self)
        self.browse_button.setAccessibleName(_("Choose where to save"))
        self.browse_button.clicked.connect(self.browse)
        path_row = QHBoxLayout()
        path_row.addWidget(path_label)
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.warning = bold(
            wrapped(
                _(
                    "⚠ The file will hold personal information about residents, unencrypted. "
                    "Anyone who gets a copy can read it. Save it only where your organization "
                    "allows, never on a shared computer, and delete it when you no longer need it."
                ),
                self,
            )
        )
        self.problem = bold(wrapped("", self, name=_("Problem")))
        self.problem.hide()
        self.result = wrapped("", self)
        self.result.hide()
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setAccessibleName(_("Export progress"))
        self.stop_button = QPushButton(_("&Stop"), self)
        self.stop_button.setAccessibleName(_("Stop"))
        self.stop_button.clicked.connect(self.stop)
        self.progress_row = QWidget(self)
        progress_layout = QHBoxLayout(self.progress_row)
        progress_layout.setContentsMargins(0, 0, 0, 0)
        progress_layout.addWidget(self.progress_bar, 1)
        progress_layout.addWidget(self.stop_button)
        self.progress_row.hide()
        self.close_button = QPushButton(_("C&lose"), self)
        self.close_button.setAccessibleName(_("Close"))
        self.close_button.clicked.connect(self.reject)
        self.export_button = QPushButton(_("&Export"), self)
        self.export_button.setAccessibleName(_("Export"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(heading(_("Export my records"), body))
        for widget in (intro, kinds_box, format_box):
            column.addWidget(widget)
        column.addLayout(path_row)
        for widget in (self.warning, self.problem, self.result, self.progress_row):
            column.addWidget(widget)
        column.addStretch(1)
        # At large font sizes on a small screen the choices scroll; the buttons stay in view.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        scroll.setWidget(body)
        scroll.setAccessibleName(_("Export choices"))
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(button_row(self.close_button, self.export_button))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.kind_boxes[EXPORT_KINDS[0]].setFocus()

    @staticmethod
    def _default_destination() -> Path:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = _("my-records-{date}").format(date=date.today().isoformat())
        return Path(folder or Path.home()) / f"{name}.xlsx"

    # -- choices -------------------------------------------------------------------
    def chosen_kinds(self) -> list[Kind]:
        return [kind for kind, box in self.kind_boxes.items() if box.isChecked()]

    def chosen_format(self) -> str:
        return "xlsx" if self.xlsx_button.isChecked() else "csv"

    def _format_changed(self) -> None:
        """Keep the destination's ending in step: a workbook, one CSV, or a folder."""
        self._forget_replace()
        kinds = self.chosen_kinds()
        one_csv = self.chosen_format() == "csv" and len(kinds) == 1
        text = _("CS&V file (.csv)") if one_csv else _("CS&V files, one for each kind, in a folder")
        self.csv_button.setText(text)
        self.csv_button.setAccessibleName(text.replace("&", ""))
        current = self.path_edit.text().strip()
        if not current:
            return
        path = Path(current)
        base = path.with_suffix("") if path.suffix.lower() in (".xlsx", ".csv") else path
        if self.chosen_format() == "xlsx":
            path = base.with_suffix(".xlsx")
        elif one_csv:
            path = base.with_suffix(".csv")
        else:
            path = base
        self.path_edit.setText(str(path))

    def _forget_replace(self) -> None:
        self._confirmed_replace = None
        self.export_button.setText(_("&Export"))
        self.export_button.setAccessibleName(_("Export"))

    def browse(self) -> None:
        current = self.path_edit.text().strip()
        if self.chosen_format() == "csv" and len(self.chosen_kinds()) != 1:
            chosen = QFileDialog.getExistingDirectory(self, _("Choose a folder"), current)
        else:
            pattern = "*.xlsx" if self.chosen_format() == "xlsx" else "*.csv"
            chosen, _filter = QFileDialog.getSaveFileName(
                self, _("Save my records as"), current, pattern
            )
        if chosen:
            self.path_edit.setText(chosen)
            self._format_changed()

    def _load_counts(self) -> None:
        records, user = self._records, self._user

        def job() -> dict[Kind, int]:
            return {k: export.count_records(records, k, created_by=user) for k in EXPORT_KINDS}

        self._queue.run(job, success=self._show_counts, owner=self)

    def _show_counts(self, counts: dict[Kind, int]) -> None:
        for kind, box in self.kind_boxes.items():
            box.setText(kind_label(kind, counts.get(kind, 0)))
            box.setAccessibleName(box.text().replace("&", ""))

    # -- exporting -----------------------------------------------------------------
    def _show_problem(self, text: str) -> None:
        set_text(self.problem, text)
        self.problem.show()

    def start_export(self) -> None:
        kinds = self.chosen_kinds()
        text = self.path_edit.text().strip()
        self.problem.hide()
        self.result.hide()
        if not kinds:
            self._show_problem(_("Choose at least one kind of record to export."))
            return
        if not text:
            self._show_problem(_("Choose where to save the file."))
            self.path_edit.setFocus()
            return
        out, fmt = Path(text).expanduser(), self.chosen_format()
        replace = self._confirmed_replace == (out, fmt, tuple(kinds))
        records, user, should_stop = self._records, self._user, self._stop.is_set
        self._stop.clear()
        self.progress_bar.setRange(0, 0)
        self.progress_row.show()
        self.export_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self._task = self._queue.run(
            lambda report: _write(records, user, out, fmt, kinds, replace, should_stop, report),
            success=lambda result: self._finished(result, out, fmt, kinds),
            failure=self._failed,
            progress=self._progress,
            owner=self,
        )

    def _progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)

    def _done(self) -> None:
        self._task = None
        self.progress_row.hide()
        self.export_button.setEnabled(True)

    def _finished(self, result: dict[str, Any], out: Path, fmt: str, kinds: list[Kind]) -> None:
        self._done()
        if "existing" in result:
            names = "\n".join(str(path) for path in result["existing"])
            self._show_problem(
                ngettext(
                    "This file already exists and would be replaced:\n{files}\n"
                    "Press Replace and export to replace it, or choose another place to save to.",
                    "These files already exist and would be replaced:\n{files}\n"
                    "Press Replace and export to replace them, or choose another place to save "
                    "to.",
                    len(result["existing"]),
                ).format(files=names)
            )
            self._confirmed_replace = (out, fmt, tuple(kinds))
            self.export_button.setText(_("Replace an&d export"))
            self.export_button.setAccessibleName(_("Replace and export"))
            return
        written: list[tuple[Path, int]] = result["written"]
        count = sum(number for _path, number in written)
        set_text(
            self.result,
            ngettext(
                "Exported {count} record to “{path}”.",
                "Exported {count} records to “{path}”.",
                count,
            ).format(count=format_number(count), path=out),
        )
        self.result.show()
        self._forget_replace()
        self.close_button.setFocus()
        self.exported.emit(written)

    def _failed(self, error: BaseException) -> None:
        self._done()
        if isinstance(error, ExportStopped):
            self._show_problem(_("Stopped. No file was written."))
        elif isinstance(error, OSError):
            self._show_problem(
                _(
                    "The file could not be written: {reason}. Check that the folder exists, "
                    "that you may write there, and that the file is not open in another program."
                ).format(reason=error.strerror or type(error).__name__)
            )
        else:
            log.error("export failed:\n%s", safe_traceback(error))
            self._show_problem(
                _("The export failed and no file was written. Try again, or tell your coordinator.")
            )

    def stop(self) -> None:
        if self._task is not None:
            self._stop.set()
            self.stop_button.setEnabled(False)

    def reject(self) -> None:
        """Esc and Close stop a running export first."""
        if self._task is not None:
            self.stop()
            return
        super().reject()
