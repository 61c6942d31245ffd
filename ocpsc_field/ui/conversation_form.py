"""Log a conversation: one screen, keyboard only, done in under 30 seconds at a door.

Typical use: Ctrl+N, type part of a name and Enter, Alt+D (door), Alt+R
(reached), Enter. Everything typed is saved as a draft half a second after
typing pauses, so a crash or a dead battery loses nothing; saving the record
and deleting its draft are one transaction. Conversations are never edited
once saved: a correction is a new record pointing to the original.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field import i18n
from ocpsc_field.core.clock import now_iso
from ocpsc_field.core.ids import new_id
from ocpsc_field.core.records import Kind
from ocpsc_field.core.validation import validate
from ocpsc_field.i18n import _, ngettext, render
from ocpsc_field.store import conversations as convo
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.ui.conversation_fields import FIELD_KEYS, ConversationFields
from ocpsc_field.ui.conversation_parts import default_materials, local_time_text
from ocpsc_field.ui.models import display_name, format_number
from ocpsc_field.ui.pages.common import heading, set_text, wrapped
from ocpsc_field.ui.tasks import DatabaseQueue
from ocpsc_field.ui.widgets.form_parts import MessageBar

AUTOSAVE_MS = 500
MATERIAL_CHIPS = 6


class ConversationForm(QWidget):
    """The conversation form. ``saved`` carries the stored record; ``closed`` means Esc."""

    saved = Signal(dict)
    closed = Signal()
    draft_saved = Signal(str)

    def __init__(
        self, queue: DatabaseQueue, opened: OpenProfile, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._queue = queue
        self._opened = opened
        self._saving = False
        self.dirty = False
        self.draft_id: str | None = None
        self._started_at: str | None = None
        self._corrects: dict[str, Any] | None = None
        self._asking = False  # a question is on the notice bar; Esc answers "keep logging"
        self.setAccessibleName(_("Log a conversation"))
        self._build()
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.write_draft)
        self.fields.changed.connect(self._changed)
        self.fields.submit.connect(self.save)

    # -- building ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = heading(_("Log a conversation"), self)
        self.correction_note = wrapped("", self)
        self.correction_note.hide()
        self.notice = MessageBar(self)
        self.fields = ConversationFields(self._queue, self._opened, self)
        # The fields most used from outside (tests, screenshots, the page) by their names.
        fields = self.fields
        self.picker, self.channel, self.outcome = fields.picker, fields.channel, fields.outcome
        self.language, self.programs, self.notes = fields.language, fields.programs, fields.notes
        self.materials, self.material_input = fields.materials, fields.material_input
        self.referrals, self.consent, self.follow_up = (
            fields.referrals,
            fields.consent,
            fields.follow_up,
        )
        self.errors = fields.errors

        self.result = MessageBar(self)
        self.save_button = QPushButton(_("Save (Enter)"), self)
        self.save_button.setAccessibleName(_("Save the conversation"))
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(_("Close (Esc)"), self)
        self.close_button.setAccessibleName(_("Close the form"))
        self.close_button.clicked.connect(self.cancel)
        font = self.save_button.font()
        font.setBold(True)
        self.save_button.setFont(font)
        for button in (self.save_button, self.close_button):
            button.setAutoDefault(True)
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons.addWidget(self.result, 1)
        buttons.addStretch(0)

        # The fields scroll (at 200% they are taller than the window); Save stays in view.
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.fields)
        self.scroll.setAccessibleName(_("Conversation details"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.correction_note)
        layout.addWidget(self.notice)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        # The form's own new width: the scroll area's viewport may not be resized yet.
        margins = self.layout().contentsMargins()
        scrollbar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self.fields.arrange(event.size().width() - margins.left() - margins.right() - scrollbar)

    # -- opening ----------------------------------------------------------------------------
    def open_new(self, resident_id: str | None = None) -> None:
        """Start logging (Ctrl+N): the unfinished draft if there is one, else a fresh form."""
        if self.dirty:
            self.picker.setFocus(Qt.FocusReason.ShortcutFocusReason)  # already logging one
            return

        def resident(opened: OpenProfile) -> dict[str, Any]:
            if resident_id is None:
                return {}
            return {"resident": convo.resident_row(opened.database, resident_id)}

        self._load(resident)

    def open_correction(self, record_id: str) -> None:
        """Log a correction of a saved conversation, prefilled from it."""
        if self.dirty:
            self._keep_current()
            return

        def original(opened: OpenProfile) -> dict[str, Any]:
            record = opened.records.get(Kind.CONTACT_LOG, record_id)
            resident = record["resident_id"] and convo.resident_row(
                opened.database, record["resident_id"]
            )
            referrals = convo.resources_by_id(opened.database, record["referrals"] or [])
            return {"original": record, "resident": resident, "referral_rows": referrals}

        self._load(original, check_draft=False)

    def _keep_current(self) -> None:
        self.result.show_message(
            _("Finish or close the conversation you are logging first. Nothing was lost."),
            "notice",
        )
        self.picker.setFocus(Qt.FocusReason.OtherFocusReason)

    def _load(self, extra: Any, *, check_draft: bool = True) -> None:
        opened = self._opened
        user = opened.actor.user

        def job() -> dict[str, Any]:
            return {
                "programs": convo.programs_by_use(opened.database, user),
                "materials": convo.materials_by_use(opened.database, user, limit=MATERIAL_CHIPS),
                "language": convo.last_language(opened.database, user),
                "draft": opened.drafts.latest(convo.DRAFT_FORM) if check_draft else None,
                **extra(opened),
            }

        self._queue.run(job, success=self._loaded, owner=self)

    def _loaded(self, context: dict[str, Any]) -> None:
        self.programs.set_programs(context["programs"], i18n.current_language())
        materials = context["materials"] or default_materials()
        self.fields.suggested_materials = materials[:MATERIAL_CHIPS]
        self.reset(keep_choices=True)  # the channel of the last door is the likeliest
        self.language.set_language(context["language"] or i18n.current_language())
        draft = context.get("draft")
        if draft is not None:
            self.restore(draft.payload, draft.id)
            self._show_restored(draft.updated_at)
        elif context.get("original"):
            self._prefill_correction(context)
        elif context.get("resident"):
            # Chosen for the user (a follow-up on the Today page): not typed, so no draft yet.
            self.fields.loading = True
            try:
                self.picker.set_resident(context["resident"])
                self.language.set_language(context["resident"].get("preferred_language"))
            finally:
                self.fields.loading = False
        self.picker.refresh_suggestions()
        self.picker.setFocus(Qt.FocusReason.OtherFocusReason)

    def _prefill_correction(self, context: dict[str, Any]) -> None:
        original = context["original"]
        resident = context.get("resident")
        payload = {
            "picker": {"resident": resident, "anonymous": bool(original["anonymous_household"])},
            "channel": original["channel"],
            "outcome": original["outcome"],
            "language": original["language"],
            "programs": original["programs_discussed"] or [],
            "materials": original["materials_left"] or [],
            "referrals": context["referral_rows"],
            "misinformation_category": original["misinformation_category"],
            "misinformation_note": original["misinformation_note"],
            "consent_follow_up": bool(original["consent_follow_up"]),
            "follow_up_date": original["follow_up_date"],
            "notes": original["notes"],
            "corrects": {"id": original["id"], "occurred_at": original["occurred_at"]},
            "started_at": original["occurred_at"],
        }
        self.restore(payload, None)

    # -- the draft --------------------------------------------------------------------------
    def payload(self) -> dict[str, Any]:
        """Everything on the form, valid or not, for the draft."""
        return {
            "version": 1,
            "started_at": self._started_at,
            "corrects": self._corrects,
            **self.fields.payload(),
        }

    def restore(self, payload: dict[str, Any], draft_id: str | None) -> None:
        """Put a draft (or a record being corrected) back on the form."""
        self.fields.restore(payload)
        self._set_corrects(payload.get("corrects"))
        self._started_at = payload.get("started_at")
        self.draft_id = draft_id
        self.dirty = draft_id is not None

    def _show_restored(self, updated_at: str) -> None:
        when = local_time_text(updated_at)
        self.notice.show_message(
            _("Restored the conversation you were logging at {time}.").format(time=when),
            "notice",
            [(_("Discard draft"), lambda: self._ask_discard(when))],
        )

    def _ask_discard(self, when: str) -> None:
        resident = self.picker.resident
        if resident:
            text = _(
                "Discard the conversation with {resident} that you started at {time}? "
                "Everything typed in it will be lost."
            ).format(resident=display_name(resident), time=when)
        else:
            text = _(
                "Discard the conversation you started at {time}? Everything typed in it "
                "will be lost."
            ).format(time=when)
        self._asking = True
        self.notice.show_message(
            text,
            "notice",
            [(_("Discard it"), self.discard), (_("Keep it"), self._keep_logging)],
            focus=1,
        )

    def _changed(self) -> None:
        if self._saving:
            return
        if not self.dirty:
            self.dirty = True
            self.draft_id = self.draft_id or new_id()
            self._started_at = self._started_at or now_iso()
            self.result.clear()
        self._autosave.start()

    def write_draft(self) -> None:
        """Save what is typed as the draft now (the autosave timer calls this)."""
        self._autosave.stop()
        if not self.dirty or self.draft_id is None:
            return
        drafts, payload, draft_id = self._opened.drafts, self.payload(), self.draft_id
        target = (self._corrects or {}).get("id")
        self._queue.run(
            lambda: drafts.save(convo.DRAFT_FORM, payload, draft_id=draft_id, target_id=target),
            success=self.draft_saved.emit,
            owner=self,
        )

    def discard(self) -> None:
        """Throw the draft away (asked first) and start a fresh conversation."""
        self._autosave.stop()
        draft_id, drafts = self.draft_id, self._opened.drafts
        if draft_id is not None:
            self._queue.run(lambda: drafts.discard(draft_id), owner=self)
        self.reset(keep_choices=False)
        self._asking = False
        self.notice.clear()
        self.picker.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- saving -----------------------------------------------------------------------------
    def record_data(self) -> dict[str, Any]:
        corrects = self._corrects or {}
        return {
            # A correction describes the same conversation, at the same time.
            "occurred_at": corrects.get("occurred_at") or self._started_at or now_iso(),
            **self.fields.record_data(),
            "corrects_id": corrects.get("id"),
        }

    def save(self) -> None:
        """Check, then store the record and drop its draft in one transaction."""
        if self._saving:
            return  # a second Enter while the first save runs must not log it twice
        data = self.record_data()
        checked = validate(Kind.CONTACT_LOG, data)
        if not checked.ok:
            self.show_errors(checked.errors)
            return
        self.show_errors({})
        self._autosave.stop()
        self._saving = True
        opened, draft_id = self._opened, self.draft_id
        self._queue.run(
            lambda: convo.save_conversation(
                opened.database, opened.records, opened.drafts, data, draft_id=draft_id
            ),
            success=self._saved,
            failure=self._save_failed,
            owner=self,
        )

    def _saved(self, result: Any) -> None:
        self._saving = False
        if not result.ok:
            self.show_errors(result.errors)
            return
        self.reset(keep_choices=True)
        self.notice.clear()
        self.result.show_message(
            _("Conversation saved on this laptop. It will be sent to HQ with the next sync."),
            "success",
        )
        self.picker.refresh_suggestions()
        self.picker.setFocus(Qt.FocusReason.OtherFocusReason)
        self._refresh_choices()
        self.saved.emit(result.record)

    def _refresh_choices(self) -> None:
        """After a save, the programs and materials just used move up the lists."""
        database, user = self._opened.database, self._opened.actor.user

        def job() -> tuple[list[dict[str, Any]], list[str]]:
            return (
                convo.programs_by_use(database, user),
                convo.materials_by_use(database, user, limit=MATERIAL_CHIPS),
            )

        def show(choices: tuple[list[dict[str, Any]], list[str]]) -> None:
            if self.dirty:
                return  # the next conversation has begun: never move what is being ticked
            self.programs.set_programs(choices[0], i18n.current_language())
            self.fields.suggested_materials = choices[1] or default_materials()
            self.materials.reset(self.fields.suggested_materials)

        self._queue.run(job, success=show, owner=self)

    def _save_failed(self, error: BaseException) -> None:
        self._saving = False
        self.write_draft()
        self.result.show_message(
            _(
                "The conversation could not be saved. What you typed is kept as a draft on "
                "this laptop; try again, or restart the app if this keeps happening."
            ),
            "error",
        )

    def show_errors(self, errors: dict[str, Any]) -> None:
        """Each message under its field; a count, and any others, by the Save button."""
        first = self.fields.show_errors(errors)
        if not errors:
            self.result.clear()
            return
        shown = set(FIELD_KEYS) | {"anonymous_household"}
        others = [render(message) for key, message in errors.items() if key not in shown]
        count = len(errors)
        summary = ngettext(
            "Not saved yet: {count} field needs attention. Nothing you typed was lost.",
            "Not saved yet: {count} fields need attention. Nothing you typed was lost.",
            count,
        ).format(count=format_number(count))
        self.result.show_message(" ".join([summary, *others]), "error")
        if first is not None:
            self.fields.focus_field(first)

    def reset(self, *, keep_choices: bool) -> None:
        """A blank form for the next door; the channel and language stay when asked."""
        self.fields.reset(keep_choices=keep_choices)
        self._set_corrects(None)
        self.dirty = False
        self.draft_id = None
        self._started_at = None

    # -- small reactions --------------------------------------------------------------------
    def _set_corrects(self, corrects: dict[str, Any] | None) -> None:
        self._corrects = corrects
        if corrects:
            set_text(self.title, _("Log a correction"))
            set_text(
                self.correction_note,
                _(
                    "This corrects the conversation of {time}. The original stays as it was; "
                    "HQ receives both and uses the correction."
                ).format(time=local_time_text(corrects["occurred_at"])),
            )
        else:
            set_text(self.title, _("Log a conversation"))
        self.correction_note.setVisible(bool(corrects))

    def _keep_logging(self) -> None:
        self._asking = False
        self.notice.clear()
        self.picker.setFocus(Qt.FocusReason.OtherFocusReason)

    def cancel(self) -> None:
        """Esc: close at once when nothing was typed; otherwise ask what to do with it."""
        if not self.dirty:
            self.closed.emit()
            return
        self._asking = True
        self.notice.show_message(
            _(
                "Stop logging this conversation? What you typed is kept as a draft unless you "
                "discard it."
            ),  # fmt: skip
            "notice",
            [
                (_("Keep logging"), self._keep_logging),
                (_("Close and keep the draft"), self._close_keeping_draft),
                (_("Discard what I typed"), self._discard_and_close),
            ],
            focus=0,
        )

    def _close_keeping_draft(self) -> None:
        self.write_draft()
        self._asking = False
        self.notice.clear()
        self.closed.emit()

    def _discard_and_close(self) -> None:
        self.discard()
        self.closed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save()
            return
        if event.key() == Qt.Key.Key_Escape:
            if self._asking:
                self._keep_logging()  # Esc on a question: back to the form, nothing lost
            else:
                self.cancel()
            return
        super().keyPressEvent(event)
