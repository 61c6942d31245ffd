"""Register a new resident, or edit one: every field, checked as the store will check it.

Nothing typed is ever lost. The form is saved as a draft while the user
types (in the encrypted profile, never sent) and comes back after a crash or
an idle lock; a message that refuses a value sits next to its field and
changes nothing else. Before a new resident is created, residents who are
probably the same person are shown first. An edit carries the revision it
started from: if someone else changed the resident meanwhile, the form says
so, keeps what was typed, and can save just the fields changed here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field.core.ids import new_id
from ocpsc_field.core.records import Kind
from ocpsc_field.core.validation import validate
from ocpsc_field.i18n import _, render
from ocpsc_field.store.duplicates import LikelyDuplicate, likely_duplicates
from ocpsc_field.store.errors import RecordNotFound, StaleRecord, StoreError
from ocpsc_field.store.repository import SaveResult
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.ui.duplicate_warning import DuplicateWarning
from ocpsc_field.ui.models import display_name
from ocpsc_field.ui.pages.common import heading
from ocpsc_field.ui.resident_fields import ResidentFields, fit_to_screen
from ocpsc_field.ui.tasks import DatabaseQueue
from ocpsc_field.ui.widgets.form_parts import MessageBar

DRAFT_FORM = "resident"
DRAFT_DELAY_MS = 600


def _stored(value: Any) -> Any:
    """An empty text or list reads as "not given", as the store keeps it."""
    return None if value in ("", []) else value


class ResidentForm(QDialog):
    """New resident (``resident_id`` None) or edit. Ctrl+S or Enter saves; Esc asks first."""

    saved = Signal(dict)  # the stored resident
    use_existing = Signal(str)  # a likely duplicate was chosen instead

    def __init__(
        self,
        queue: DatabaseQueue,
        opened: OpenProfile,
        resident_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._queue = queue
        self._opened = opened
        self.resident_id = resident_id
        self.record: dict[str, Any] | None = None  # the stored resident being edited
        self.ready = False
        self.dirty = False
        self.busy = False
        self.duplicates: DuplicateWarning | None = None
        self._draft_id: str | None = None
        self._pending_changes: dict[str, Any] = {}
        self._closing = False
        title = _("Edit resident") if resident_id else _("New resident")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.heading = heading(title, self)
        self.message = MessageBar(self)
        self.fields = ResidentFields(self)
        self.fields.edited.connect(self._edited)
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(self.fields)
        area.setAccessibleName(title)
        buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(_("&Save"), self)
        self.save_button.setAccessibleName(_("Save"))
        self.save_button.setAccessibleDescription(_("Ctrl+S"))
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.cancel_button.setAccessibleName(_("Cancel"))
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.message)
        layout.addWidget(area, 1)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        fit_to_screen(self, metrics.averageCharWidth() * 100, metrics.height() * 40)
        self.fields.setEnabled(False)
        self._load()

    # -- loading ----------------------------------------------------------------------
    def _load(self) -> None:
        opened, resident_id = self._opened, self.resident_id

        def job() -> dict[str, Any]:
            drafts = [d for d in opened.drafts.list(DRAFT_FORM) if d.target_id == resident_id]
            return {
                "record": opened.records.get(Kind.RESIDENT, resident_id) if resident_id else None,
                "draft": drafts[0] if drafts else None,
                "organizations": list(opened.records.iter_all(Kind.ORGANIZATION)),
            }

        self._queue.run(job, success=self._loaded, failure=self._load_failed, owner=self)

    def _loaded(self, loaded: dict[str, Any]) -> None:
        self.fields.set_organizations(loaded["organizations"])
        self.record = loaded["record"]
        if self.record is not None:
            self.fields.set_values(self.record)
            title = _("Edit {name}").format(name=display_name(self.record))
            self.heading.setText(title)
            self.setWindowTitle(title)
        draft = loaded["draft"]
        if draft is not None:
            self._draft_id = draft.id
            self.fields.set_values(draft.payload)
            self.dirty = True
            self.message.show_message(
                _("Restored what you typed earlier. It has not been saved yet."),
                "notice",
                [(_("Start o&ver"), self.start_over)],
            )
        self.fields.setEnabled(True)
        self.ready = True
        first = self.fields.inputs["given_name"]
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _load_failed(self, error: BaseException) -> None:
        text = (
            render(error.message)
            if isinstance(error, StoreError)
            else _("This resident could not be read. Close the form and try again.")
        )
        self.message.show_message(text, "error", [(_("Close"), self._close_now)])

    # -- drafts -----------------------------------------------------------------------
    def _edited(self) -> None:
        self.dirty = True
        self._draft_timer.start()

    def save_draft(self) -> None:
        """Keep what is typed, in the profile, until it is saved or discarded."""
        self._draft_timer.stop()
        if not self.dirty or not self._queue.running:
            return
        if self._draft_id is None:
            self._draft_id = new_id()
        drafts, draft_id, target = self._opened.drafts, self._draft_id, self.resident_id
        payload = self.fields.values()
        self._queue.run(
            lambda: drafts.save(DRAFT_FORM, payload, draft_id=draft_id, target_id=target)
        )

    def _discard_draft(self) -> None:
        self._draft_timer.stop()
        draft_id, self._draft_id = self._draft_id, None
        if draft_id is not None:
            drafts = self._opened.drafts
            self._queue.run(lambda: drafts.discard(draft_id))

    def start_over(self) -> None:
        """Drop the restored draft and show the stored resident (or an empty form)."""
        self._discard_draft()
        self.fields.set_values(self.record or {})
        self.fields.show_errors({})
        self.dirty = False
        self.message.clear()

    # -- saving -----------------------------------------------------------------------
    def save(self) -> None:
        if not self.ready or self.busy:
            return
        values = self.fields.values()
        checked = validate(Kind.RESIDENT, values)
        self.fields.show_errors(checked.errors)
        if checked.errors:
            self.message.show_message(
                _("Please check the fields marked below. Nothing was saved yet."), "error"
            )
            self.fields.focus_first_error(checked.errors)
            return
        self.message.clear()
        self._set_busy(True)
        if self.record is None:
            database = self._opened.database
            self._queue.run(
                lambda: likely_duplicates(database, values),
                success=self._checked_duplicates,
                failure=self._failed,
                owner=self,
            )
        else:
            # Only what was changed here: someone else's change to another field stays.
            changes = {
                name: value
                for name, value in checked.values.items()
                if _stored(value) != _stored(self.record.get(name))
            }
            self._update(changes, self.record["rev"])

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.save_button.setEnabled(not busy)

    def _checked_duplicates(self, found: list[LikelyDuplicate]) -> None:
        if not found:
            self._create()
            return
        warning = DuplicateWarning(found, self)
        warning.use_existing.connect(self._use_existing)
        warning.create_anyway.connect(self._create)
        warning.rejected.connect(lambda: self._set_busy(False))
        self.duplicates = warning
        warning.open()

    def _use_existing(self, resident_id: str) -> None:
        self.duplicates = None
        self._discard_draft()
        self.dirty = False
        self._set_busy(False)
        self.use_existing.emit(resident_id)
        self._close_now()

    def _create(self) -> None:
        self.duplicates = None
        values = self.fields.values()
        opened, draft_id = self._opened, self._draft_id
        self._draft_timer.stop()

        def job() -> SaveResult:
            # The resident and the end of its draft, in one transaction.
            with opened.database.transaction():
                result = opened.records.create(Kind.RESIDENT, values)
                if result.ok and draft_id is not None:
                    opened.drafts.discard(draft_id)
            return result

        self._queue.run(job, success=self._saved, failure=self._failed, owner=self)

    def _update(self, changes: dict[str, Any], expected_rev: int | None) -> None:
        if not changes:
            self._discard_draft()
            self.dirty = False
            self._set_busy(False)
            assert self.record is not None
            self.saved.emit(self.record)
            self._close_now()
            return
        opened, draft_id, resident_id = self._opened, self._draft_id, self.resident_id
        assert resident_id is not None
        self._draft_timer.stop()

        def job() -> SaveResult:
            with opened.database.transaction():
                result = opened.records.update(
                    Kind.RESIDENT, resident_id, changes, expected_rev=expected_rev
                )
                if result.ok and draft_id is not None:
                    opened.drafts.discard(draft_id)
            return result

        self._pending_changes = changes
        self._queue.run(job, success=self._saved, failure=self._failed, owner=self)

    def _saved(self, result: SaveResult) -> None:
        self._set_busy(False)
        if not result.ok:
            self.fields.show_errors(result.errors)
            self.fields.focus_first_error(result.errors)
            self.message.show_message(
                _("Please check the fields marked below. Nothing was saved yet."), "error"
            )
            return
        self._draft_id = None
        self.dirty = False
        assert result.record is not None
        self.record = result.record
        self.saved.emit(result.record)
        self._close_now()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.save_draft()
        if isinstance(error, StaleRecord):
            self.message.show_message(
                render(error.message),
                "error",
                [(_("Save my &changes anyway"), self.save_over)],
            )
        elif isinstance(error, RecordNotFound):
            self.message.show_message(
                _(
                    "This resident was deleted on this laptop while you were editing. What "
                    "you typed is kept as a draft."
                ),
                "error",
            )
        elif isinstance(error, StoreError):
            self.message.show_message(render(error.message), "error")
        else:
            self.message.show_message(
                _("Saving did not work, and nothing was changed. What you typed is still here."),
                "error",
            )

    def save_over(self) -> None:
        """After a stale save: write only the fields changed here over the newer record."""
        self.message.clear()
        self._set_busy(True)
        self._update(dict(self._pending_changes), None)

    # -- closing ----------------------------------------------------------------------
    def reject(self) -> None:
        """Esc or Cancel: ask first when something was typed and not saved."""
        if self._closing or not self.dirty:
            self._close_now(rejected=True)
            return
        self.save_draft()
        self.message.show_message(
            _(
                "Close without saving? What you typed is kept as a draft on this laptop and "
                "comes back when you open this form again."
            ),
            "notice",
            [
                (_("&Keep editing"), self.message.clear),
                (_("Close, keep the dr&aft"), lambda: self._close_now(rejected=True)),
                (_("&Discard what I typed"), self.discard_and_close),
            ],
            focus=0,
        )

    def discard_and_close(self) -> None:
        self._discard_draft()
        self.dirty = False
        self._close_now(rejected=True)

    def _close_now(self, rejected: bool = False) -> None:
        if self._draft_timer.isActive():
            self.save_draft()  # the last keys typed are kept too
        self._closing = True
        if rejected:
            super().reject()
        else:
            self.accept()
