"""Enroll a resident in a program, or move an enrollment along its lifecycle.

Other screens open it with ``EnrollmentDialog(queue, opened, resident_id,
enrollment_id=None, parent=None)`` and listen to ``saved``.

A new enrollment starts with the program (``program_picker``); then one form
(``enrollment_form``) holds the checklists, the status with its dates and
reference number, documents and notes. While the dialog is open, everything
typed is kept as a draft on this laptop; saving writes the record and its
journal op and drops the draft in one transaction on the database queue. A
problem is shown next to its field and nothing typed is lost.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field.core.ids import new_id
from ocpsc_field.i18n import _, fill, render
from ocpsc_field.store.enrollments import (
    DRAFT_FORM,
    EnrollmentContext,
    enrollment_values,
    find_draft,
    load_enrollment_context,
    save_enrollment,
)
from ocpsc_field.store.errors import StoreError
from ocpsc_field.store.repository import SaveResult
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.ui.enrollment_form import EnrollmentEditor, format_day, status_name
from ocpsc_field.ui.models import display_name
from ocpsc_field.ui.pages.common import heading, scaled_font, set_text, wrapped
from ocpsc_field.ui.program_picker import ProgramPicker, program_name
from ocpsc_field.ui.rtl import point_icon
from ocpsc_field.ui.tasks import DatabaseQueue, safe_traceback

log = logging.getLogger(__name__)
DRAFT_DELAY_MS = 600
WIDTH_CHARS, HEIGHT_LINES = 110, 44

__all__ = ["EnrollmentDialog", "format_day", "program_name", "status_name"]


class EnrollmentDialog(QDialog):
    """Start an enrollment for ``resident_id``, or continue ``enrollment_id``."""

    saved = Signal(dict)  # the stored enrollment record

    def __init__(
        self,
        queue: DatabaseQueue,
        opened: OpenProfile,
        resident_id: str,
        enrollment_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._queue = queue
        self._opened = opened
        self.resident_id = resident_id
        self.enrollment_id = enrollment_id
        self.enrollment: dict[str, Any] | None = None
        self.program: dict[str, Any] | None = None
        self.record: dict[str, Any] | None = None  # set once saved
        self.ready = False  # True once the data has loaded
        self.dirty = False  # edited since opening or since the last save
        self._saving = False
        self._draft_id = new_id()
        self.setWindowTitle(_("Enrollment"))
        self.setAccessibleName(_("Enrollment"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 50)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self._save_draft)
        self._build()
        self._fit_to_screen()
        self._load()

    def _build(self) -> None:
        self.title = heading(_("Loading the enrollment…"), self)
        self.restored = wrapped("", self)
        self.restored.hide()
        self.loading = wrapped(_("Loading…"), self)
        self.picker = ProgramPicker(self)
        self.picker.chosen.connect(self._choose_program)
        self.editor = EnrollmentEditor()
        self.editor.changed.connect(self._changed)
        self.editor.change_program_requested.connect(lambda: self._show_page(self.picker))
        self.form_area = QScrollArea(self)
        self.form_area.setWidgetResizable(True)
        self.form_area.setFrameShape(QFrame.Shape.NoFrame)
        self.form_area.setWidget(self.editor)
        self.form_area.setAccessibleName(_("Enrollment form"))
        self.pages = QStackedWidget(self)
        self.pages.setAccessibleName(_("Enrollment"))
        for page in (self.loading, self.picker, self.form_area):
            self.pages.addWidget(page)

        self.problem = wrapped("", self, name=_("Problem"))
        self.problem.setFont(scaled_font(self.problem, 1.0, bold=True))
        self.problem.hide()
        self.buttons = QDialogButtonBox(self)
        self.next_button = self._button(
            _("Ne&xt: eligibility and status"), self.picker.choose_current
        )
        point_icon(self.next_button, "forward")
        self.save_button = self._button(_("&Save"), self.save)
        self.save_button.setAccessibleDescription(_("Ctrl+S"))
        self.cancel_button = self.buttons.addButton(
            _("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.cancel_button.setAccessibleName(_("Cancel"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.restored)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._show_page(self.loading)

    def _button(self, text: str, slot: Any) -> QPushButton:
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setAccessibleName(text.replace("&", ""))
        button.clicked.connect(slot)
        return button

    def _fit_to_screen(self) -> None:
        """Start at the preferred size, but never larger than the screen (the form scrolls)."""
        hint = self.sizeHint()
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None:
            hint = hint.boundedTo(screen.size())
        self.resize(hint)

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * WIDTH_CHARS, metrics.height() * HEIGHT_LINES)

    # -- loading -------------------------------------------------------------------
    def _load(self) -> None:
        records, drafts = self._opened.records, self._opened.drafts
        resident_id, enrollment_id = self.resident_id, self.enrollment_id
        self._queue.run(
            lambda: load_enrollment_context(records, drafts, resident_id, enrollment_id),
            success=self._loaded,
            failure=self._load_failed,
            owner=self,
        )

    def _loaded(self, context: EnrollmentContext) -> None:
        name = display_name(context.resident)
        self.enrollment = context.enrollment
        draft = context.draft.payload if context.draft is not None else None
        if context.draft is not None:
            self._draft_id = context.draft.id
        if self.enrollment is not None:
            self.program = context.program or {"id": self.enrollment["program_id"]}
            title = fill(_("{program} for {name}"), program=program_name(self.program), name=name)
            set_text(self.title, title)
            self.editor.show_enrollment(self.program, self.enrollment, can_change_program=False)
            self._show_page(self.form_area)
        else:
            set_text(self.title, _("Enroll {name} in a program").format(name=name))
            self.picker.set_programs(context.catalog, name)
            wanted = (draft or {}).get("program_id")
            chosen = next((p for p in context.catalog if p["id"] == wanted), None)
            if chosen is not None:
                self._choose_program(chosen)
            else:
                self._show_page(self.picker)
        if draft is not None and self.program is not None:
            self.editor.apply(draft)
            set_text(
                self.restored,
                _("Continuing from what you typed before. It is not saved until you press Save."),
            )
            self.restored.show()
        self.ready = True

    def _load_failed(self, error: BaseException) -> None:
        if isinstance(error, StoreError):
            set_text(self.loading, render(error.message))
        else:
            log.error("Loading an enrollment failed:\n%s", safe_traceback(error))
            set_text(
                self.loading,
                _(
                    "This enrollment could not be opened because of an unexpected problem. "
                    "Close this window and try again."
                ),
            )
        set_text(self.title, _("Enrollment"))

    def _choose_program(self, program: dict[str, Any]) -> None:
        if self.program is None or self.program["id"] != program["id"]:
            self.program = program
            self.editor.show_enrollment(program, None, can_change_program=True)
            self._changed()
        self._show_page(self.form_area)

    # -- drafts ----------------------------------------------------------------------
    def _draft_target(self) -> str:
        """Drafts of a new enrollment belong to the resident, the others to the enrollment."""
        return self.enrollment_id or self.resident_id

    def _form_values(self) -> Any:
        program_id = str((self.program or {}).get("id") or "")
        return self.editor.values(self.resident_id, program_id)

    def _changed(self) -> None:
        if not self.ready or self.program is None:
            return
        self.dirty = True
        self._draft_timer.start()

    def _save_draft(self) -> None:
        self._draft_timer.stop()
        if self.program is None:
            return
        drafts, payload = self._opened.drafts, self._form_values().to_payload()
        draft_id, target = self._draft_id, self._draft_target()
        self._queue.run(
            lambda: drafts.save(DRAFT_FORM, payload, draft_id=draft_id, target_id=target)
        )

    def _discard_drafts(self) -> None:
        drafts, target = self._opened.drafts, self._draft_target()

        def job() -> None:
            while (draft := find_draft(drafts, target)) is not None:
                drafts.discard(draft.id)

        self._queue.run(job)

    # -- saving ----------------------------------------------------------------------
    def save(self) -> None:
        """Save the form (Save, Enter or Ctrl+S); messages appear inline if it is refused."""
        if not self.ready or self._saving or self.pages.currentWidget() is not self.form_area:
            return
        self._draft_timer.stop()
        values = enrollment_values(self._form_values(), self.enrollment)
        records, drafts, target = self._opened.records, self._opened.drafts, self._draft_target()
        enrollment_id = self.enrollment_id
        rev = (self.enrollment or {}).get("rev")
        self._set_saving(True)
        self._queue.run(
            lambda: save_enrollment(
                records,
                drafts,
                values,
                enrollment_id=enrollment_id,
                expected_rev=rev,
                draft_target=target,
            ),
            success=self._saved,
            failure=self._save_failed,
            owner=self,
        )

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.save_button.setEnabled(not saving)
        if saving:
            self.problem.hide()
            self.editor.clear_errors()

    def _saved(self, result: SaveResult) -> None:
        self._set_saving(False)
        if not result.ok or result.record is None:
            self.show_errors({name: render(message) for name, message in result.errors.items()})
            return
        self.record = result.record
        self.dirty = False
        self.saved.emit(result.record)
        self.accept()

    def _save_failed(self, error: BaseException) -> None:
        self._set_saving(False)
        if isinstance(error, StoreError):
            text = render(error.message)
        else:
            log.error("Saving an enrollment failed:\n%s", safe_traceback(error))
            text = _(
                "The enrollment could not be saved because of an unexpected problem. "
                "What you typed is kept as a draft on this laptop."
            )
        self.show_errors({"_record": text})

    def show_errors(self, errors: dict[str, str]) -> None:
        """Messages under their fields, the rest above the buttons; typed values stay."""
        first, others = self.editor.show_errors(errors)
        summary = _("The enrollment was not saved. What you typed is kept; correct it and save.")
        set_text(self.problem, "\n".join([summary, *others]))
        self.problem.show()
        self._save_draft()
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            self.form_area.ensureWidgetVisible(first)

    # -- pages and closing -------------------------------------------------------------
    def _show_page(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        picking = page is self.picker
        self.next_button.setVisible(picking)
        self.save_button.setVisible(page is self.form_area)
        (self.next_button if picking else self.save_button).setDefault(True)
        if picking:
            self.picker.focus_search()
        elif page is self.form_area:
            self.editor.first_field().setFocus(Qt.FocusReason.OtherFocusReason)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window (or the app) keeps unsaved changes as a draft, without asking."""
        if self.dirty and not self._saving:
            self._save_draft()
            self.dirty = False
        super().closeEvent(event)

    def reject(self) -> None:
        """Esc or Cancel: with unsaved changes, ask whether to keep them as a draft."""
        if self._saving:
            return
        if self.dirty:
            ask = QMessageBox(self)
            ask.setIcon(QMessageBox.Icon.Question)
            ask.setWindowTitle(_("Keep what you typed?"))
            ask.setText(_("This enrollment has changes that are not saved."))
            ask.setInformativeText(
                _(
                    "Keep them as a draft to finish later, or discard them. "
                    "Discarded changes can't be recovered."
                )
            )
            keep = ask.addButton(_("&Keep as draft"), QMessageBox.ButtonRole.AcceptRole)
            discard = ask.addButton(_("&Discard changes"), QMessageBox.ButtonRole.DestructiveRole)
            ask.addButton(_("Continue &editing"), QMessageBox.ButtonRole.RejectRole)
            ask.setDefaultButton(keep)
            ask.exec()
            if ask.clickedButton() is keep:
                self._save_draft()
            elif ask.clickedButton() is discard:
                self._discard_drafts()
            else:
                return
        self._draft_timer.stop()
        super().reject()
