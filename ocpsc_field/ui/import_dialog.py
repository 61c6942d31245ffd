"""Import residents from a CSV or Excel file: choose, match columns, check, save once.

Four steps in one dialog (``import_steps``, ``import_mapping``). Every step
that reads the file or the store runs on the database queue with progress
and a Stop button; the dialog only shows results. Nothing is saved until the
user picks what to import on the check step, and then everything is saved in
one transaction: stopping, or a crash, leaves nothing of the file in the store.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QStackedWidget, QVBoxLayout, QWidget

from ocpsc_field.i18n import _, ngettext, render
from ocpsc_field.store.errors import StoreError
from ocpsc_field.store.importer import (
    CheckedFile,
    ImportOutcome,
    PreviousImport,
    Problem,
    Table,
    check_file,
    commit,
    guess_mapping,
    previous_import,
    read_table,
    write_rows_to_fix,
)
from ocpsc_field.store.repository import RecordRepository
from ocpsc_field.ui.import_mapping import MappingStep
from ocpsc_field.ui.import_models import field_label
from ocpsc_field.ui.import_steps import (
    CheckStep,
    ChooseStep,
    DoneStep,
    ProgressStrip,
    show_problem,
)
from ocpsc_field.ui.models import format_number
from ocpsc_field.ui.tasks import DatabaseQueue, Task, safe_traceback

log = logging.getLogger(__name__)
PREVIEW_ROWS = 20
DIALOG_WIDTH_CHARS = 60
# The first size, as a share of the main window: the preview needs room.
SHARE_OF_WINDOW = 0.92

Job = Callable[[Callable[..., None]], Any]


def rows_to_fix_path(source: Path) -> Path:
    """A new file beside ``source``: "residents - rows to fix.csv", "(2)" if that exists."""
    name = _("{name} - rows to fix").format(name=source.stem)
    for attempt in range(1, 1000):
        numbered = name if attempt == 1 else f"{name} ({attempt})"
        target = source.with_name(f"{numbered}.csv")
        if not target.exists():
            return target
    raise FileExistsError(source)


class ImportDialog(QDialog):
    """The import, step by step; ``imported`` says how many residents were saved."""

    imported = Signal(int)

    def __init__(
        self, records: RecordRepository, queue: DatabaseQueue, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._records = records
        self._queue = queue
        self._stop = threading.Event()
        self._task: Task | None = None
        self._error_label: QLabel | None = None
        self.table: Table | None = None
        self.checked: CheckedFile | None = None
        self.outcome: ImportOutcome | None = None
        self.fix_file: Path | None = None
        self.setWindowTitle(_("Import residents"))
        self.setAccessibleName(_("Import residents"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * DIALOG_WIDTH_CHARS)

        self.choose = ChooseStep(self)
        self.choose.path_edit.returnPressed.connect(self.open_file)
        self.choose.browse_button.clicked.connect(self.browse)
        self.choose.open_button.clicked.connect(self.open_file)
        self.choose.cancel_button.clicked.connect(self.reject)
        self.mapping = MappingStep(self)
        self.mapping.check_button.clicked.connect(self.check_rows)
        self.mapping.back_button.clicked.connect(lambda: self._show_step(self.choose))
        self.check = CheckStep(self)
        self.check.back_button.clicked.connect(lambda: self._show_step(self.mapping))
        self.check.save_fix_button.clicked.connect(self.save_rows_to_fix)
        self.check.import_nothing_button.clicked.connect(self.import_nothing)
        self.check.import_button.clicked.connect(self.import_rows)
        self.summary_step = DoneStep(self)
        self.summary_step.fix_button.clicked.connect(self.save_rows_to_fix)
        self.summary_step.close_button.clicked.connect(self.accept)
        self.progress = ProgressStrip(self)
        self.progress.stop_button.clicked.connect(self.stop)

        self.steps = QStackedWidget(self)
        self.steps.setAccessibleName(_("Import steps"))
        for step in (self.choose, self.mapping, self.check, self.summary_step):
            self.steps.addWidget(step)
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps, 1)
        layout.addWidget(self.progress)
        self._show_step(self.choose)
        if parent is not None:
            size = parent.window().size()
            self.resize(
                round(size.width() * SHARE_OF_WINDOW), round(size.height() * SHARE_OF_WINDOW)
            )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._focus_step()

    # -- running jobs --------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._task is not None

    def _start(
        self, job: Job, success: Callable[[Any], None], text: str, error_label: QLabel
    ) -> None:
        self._stop.clear()
        self._error_label = error_label
        error_label.hide()
        self.steps.setEnabled(False)
        self.progress.start(text)

        def done(result: Any) -> None:
            self._finish()
            success(result)

        self._task = self._queue.run(
            job, success=done, failure=self._failed, progress=self._progress, owner=self
        )

    def _finish(self) -> None:
        self._task = None
        self.progress.hide()
        self.steps.setEnabled(True)

    def _failed(self, error: BaseException) -> None:
        self._finish()
        if isinstance(error, StoreError):
            text = render(error.message)
        elif isinstance(error, OSError):
            text = _("The file could not be written: {reason}").format(
                reason=error.strerror or type(error).__name__
            )
        else:
            log.error("import step failed:\n%s", safe_traceback(error))
            text = _(
                "Something went wrong and nothing was imported. Try again; if it happens "
                "again, tell your coordinator."
            )
        show_problem(self._error_label or self.choose.error, text)
        self._focus_step()

    def _progress(self, stage: str, rows: int, fraction: float | None) -> None:
        if not self._stop.is_set():
            self.progress.report(stage, rows, fraction)

    def stop(self) -> None:
        """Stop the running step; whatever it did is undone."""
        if self.busy:
            self._stop.set()
            self.progress.stopping()

    def reject(self) -> None:
        """Esc and Close stop a running step first; the dialog stays to say what happened."""
        if self.busy:
            self.stop()
            return
        super().reject()

    # -- steps ---------------------------------------------------------------------
    def _show_step(self, step: QWidget) -> None:
        self.steps.setCurrentWidget(step)
        defaults = {
            self.choose: self.choose.open_button,
            self.mapping: self.mapping.check_button,
            self.check: self.check.import_button,
            self.summary_step: self.summary_step.close_button,
        }
        for page, button in defaults.items():
            button.setDefault(page is step)
        self._focus_step()

    def _focus_step(self) -> None:
        step = self.steps.currentWidget()
        if step is self.choose:
            self.choose.path_edit.setFocus()
        elif step is self.mapping:
            self.mapping.focus_first()
        elif step is self.check:
            visible = self.check.import_button.isVisibleTo(self.check)
            (self.check.import_button if visible else self.check.back_button).setFocus()
        else:
            self.summary_step.close_button.setFocus()

    def browse(self) -> None:
        start = self.choose.path_edit.text().strip() or str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose a file to import"),
            start,
            _("Spreadsheets (*.csv *.xlsx *.txt *.tsv);;All files (*)"),
        )
        if path:
            self.choose.path_edit.setText(path)
            self.open_file()

    def open_file(self) -> None:
        text = self.choose.path_edit.text().strip()
        if not text:
            show_problem(
                self.choose.error, _("Type the path of a CSV or Excel file, or choose one.")
            )
            return
        path = Path(text).expanduser()

        def job(report: Callable[..., None]) -> tuple[Table, list[Any], dict[str, int]]:
            table = read_table(path)
            return table, table.preview(PREVIEW_ROWS), guess_mapping(table.header)

        self._start(job, self._file_opened, _("Reading the file…"), self.choose.error)

    def _file_opened(self, result: tuple[Table, list[Any], dict[str, int]]) -> None:
        self.table, preview, mapping = result
        self.mapping.set_table(self.table, preview, mapping)
        self._show_step(self.mapping)

    def check_rows(self) -> None:
        if self.table is None or not self.mapping.ready():
            return
        table, options = self.table, self.mapping.options()
        database, should_stop = self._records.database, self._stop.is_set

        def job(report: Callable[..., None]) -> tuple[CheckedFile, PreviousImport | None]:
            checked = check_file(table, options, progress=report, should_stop=should_stop)
            return checked, previous_import(database, checked.digest)

        self._start(job, self._rows_checked, _("Checking every row…"), self.mapping.error)

    def _rows_checked(self, result: tuple[CheckedFile, PreviousImport | None]) -> None:
        self.checked, previous = result
        self.fix_file = None
        self.check.show_checked(self.checked, previous)
        self._show_step(self.check)

    def import_rows(self) -> None:
        checked = self.checked
        if checked is None or not checked.good_count:
            return
        records, should_stop = self._records, self._stop.is_set
        good_only = checked.bad_count > 0

        def job(report: Callable[..., None]) -> ImportOutcome:
            return commit(
                records, checked, good_rows_only=good_only, progress=report, should_stop=should_stop
            )

        self._start(job, self._imported, _("Saving the residents…"), self.check.error)

    def _imported(self, outcome: ImportOutcome) -> None:
        self.outcome = outcome
        name = self.checked.table.path.name if self.checked else ""
        paragraphs = [
            ngettext(
                "{count} resident from “{file}” is saved on this laptop. It will be sent to HQ "
                "at the next sync.",
                "{count} residents from “{file}” are saved on this laptop. They will be sent to "
                "HQ at the next sync.",
                outcome.imported,
            ).format(count=format_number(outcome.imported), file=name)
        ]
        if outcome.left_out:
            paragraphs.append(
                ngettext(
                    "{count} row was not imported. Fix it in a rows-to-fix file and import "
                    "that file; do not import “{file}” again, or its good rows are added twice.",
                    "{count} rows were not imported. Fix them in a rows-to-fix file and import "
                    "that file; do not import “{file}” again, or its good rows are added twice.",
                    outcome.left_out,
                ).format(count=format_number(outcome.left_out), file=name)
            )
        # Paragraphs of whole sentences: the break between them is no language's own.
        self._show_done(_("Import finished"), "\n\n".join(paragraphs))
        self.imported.emit(outcome.imported)

    def import_nothing(self) -> None:
        text = _(
            "Fix the rows in your file, or save the rows to fix and correct them there, "
            "then import the file again. Every row is checked again then."
        )
        self._show_done(_("Nothing was imported"), text)

    def _show_done(self, title: str, text: str) -> None:
        bad = self.checked.bad_count if self.checked else 0
        can_save = bool(bad) and self.fix_file is None
        fix_text = self.check.fix_saved.text() if self.fix_file is not None else ""
        self.summary_step.show_result(title, text, can_save_fix=can_save, fix_text=fix_text)
        self._show_step(self.summary_step)

    def save_rows_to_fix(self) -> None:
        checked = self.checked
        if checked is None or not checked.bad_count:
            return
        row_heading, what_heading = _("Row"), _("What to fix")

        def describe(problem: Problem) -> str:
            return _("{field}: {problem}").format(
                field=field_label(problem.field), problem=render(problem.message)
            )

        def job(report: Callable[..., None]) -> tuple[Path, int]:
            target = rows_to_fix_path(checked.table.path)
            count = write_rows_to_fix(
                checked,
                target,
                row_heading=row_heading,
                problems_heading=what_heading,
                describe=describe,
            )
            return target, count

        step = self.check if self.steps.currentWidget() is self.check else self.summary_step
        self._start(job, self._fix_saved, _("Saving the rows to fix…"), step.error)

    def _fix_saved(self, result: tuple[Path, int]) -> None:
        self.fix_file, count = result
        text = ngettext(
            "Saved {count} row to fix to “{path}”, with what to fix in it. Like your file, "
            "it holds personal information unencrypted: delete it once the row is imported.",
            "Saved {count} rows to fix to “{path}”, with what to fix in each. Like your file, "
            "it holds personal information unencrypted: delete it once the rows are imported.",
            count,
        ).format(count=format_number(count), path=self.fix_file)
        for label in (self.check.fix_saved, self.summary_step.fix_saved):
            label.setText(text)
            label.setAccessibleName(text)
            label.show()
        self.summary_step.fix_button.hide()
        self.check.save_fix_button.setEnabled(False)
        self._focus_step()
