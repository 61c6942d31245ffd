"""Filling in a survey: the definition's tree rendered as sections of questions.

The form walks the definition generically: a group becomes a titled section,
a question becomes a block (label, hint, the input from ``survey_widgets``,
and its message), so new question types and skip logic plug in without
changing this file. Labels follow the respondent's language, chosen at the
top from the survey's own languages; the app's words stay in the UI language.

Typed work is never lost: every change restarts a short timer, and when
typing pauses the answers are written as a draft on the database queue. The
draft is restored when the survey is opened again for the same respondent,
and saving the response deletes it in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field import i18n
from ocpsc_field.core.clock import now_iso
from ocpsc_field.core.ids import new_id
from ocpsc_field.core.survey import (
    Group,
    GroupKind,
    Item,
    SurveyDefinition,
    clean_answers,
    is_empty,
    validate_answers,
)
from ocpsc_field.core.text import Message
from ocpsc_field.i18n import _, ngettext, render
from ocpsc_field.store.surveys import SurveyDraft, SurveyOnDevice, SurveyStore
from ocpsc_field.ui.conversation_parts import local_time_text
from ocpsc_field.ui.models import display_name
from ocpsc_field.ui.pages.common import heading, set_text, wrapped
from ocpsc_field.ui.survey_blocks import (
    QuestionBlock,
    SectionBlock,
    language_choice_text,
    pick_language,
)
from ocpsc_field.ui.survey_widgets import answer_widget
from ocpsc_field.ui.tasks import DatabaseQueue
from ocpsc_field.ui.widgets.form_parts import MessageBar, field_label

DRAFT_DELAY_MS = 600
READING_WIDTH_CHARS = 90


class SurveyForm(QWidget):
    """One response being filled in. ``submitted`` carries the saved record; ``closed``
    means back to the list (the draft, if any, is kept)."""

    submitted = Signal(dict)
    closed = Signal()

    def __init__(
        self,
        queue: DatabaseQueue,
        store: SurveyStore,
        survey: SurveyOnDevice,
        *,
        resident: Mapping[str, Any] | None = None,
        resident_id: str | None = None,
        draft: SurveyDraft | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if survey.definition is None:
            raise ValueError("a survey that can't be read has no form")
        self._queue = queue
        self._store = store
        self.survey = survey
        self.definition: SurveyDefinition = survey.definition
        self.resident = dict(resident) if resident else None
        self.resident_id = resident_id or (self.resident or {}).get("id")
        self.draft_id = draft.id if draft is not None else new_id()
        self.has_draft = draft is not None
        self._loading = False
        self._submitting = False
        self._finished = False
        self._asking = False
        self._errors: dict[str, Message] = {}
        self.sections: list[SectionBlock] = []
        self.blocks: dict[str, QuestionBlock] = {}

        self.title = heading("", self)
        self.respondent = wrapped(self._respondent_text(), self)
        self.language = QComboBox(self)
        self.language.setAccessibleName(_("Respondent's language"))
        self.language.setAccessibleDescription(_("The questions are shown in this language."))
        self.language.view().setAccessibleName(_("Respondent's language"))
        for tag in self.definition.languages:
            self.language.addItem(language_choice_text(tag, self.definition), tag)
        language_row = QHBoxLayout()
        language_row.addWidget(field_label(_("Respondent's &language"), self.language, self))
        language_row.addWidget(self.language)
        language_row.addStretch(1)
        self.notice = MessageBar(self)

        content = QWidget(self)
        content.setAccessibleName(_("Questions"))
        column = QVBoxLayout(content)
        column.setSpacing(self.fontMetrics().height())
        self._build(self.definition.items, column, content)
        column.addStretch(1)
        content.setMaximumWidth(self.fontMetrics().averageCharWidth() * READING_WIDTH_CHARS)
        holder = QWidget(self)
        holder_row = QHBoxLayout(holder)
        holder_row.addWidget(content, 1)
        holder_row.addStretch(0)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(holder)
        self.scroll.setAccessibleName(_("Questions"))
        self.content = content

        self.draft_status = wrapped("", self)
        self.save_button = QPushButton(_("Save response (Ctrl+S)"), self)
        self.save_button.setAccessibleName(_("Save the response"))
        self.save_button.clicked.connect(self.submit)
        self.close_button = QPushButton(_("Back to surveys (Esc)"), self)
        self.close_button.setAccessibleName(_("Back to surveys"))
        self.close_button.clicked.connect(self.close_form)
        footer = QHBoxLayout()
        footer.addWidget(self.draft_status, 1)
        footer.addWidget(self.save_button)
        footer.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.respondent)
        layout.addLayout(language_row)
        layout.addWidget(self.notice)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(footer)

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(DRAFT_DELAY_MS)
        self._autosave.timeout.connect(self.save_draft_now)
        for keys in ("Ctrl+S", "Ctrl+Return"):
            shortcut = QShortcut(QKeySequence(keys), self, self.submit)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._escape)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        wanted = draft.language if draft is not None else None
        resident_language = (self.resident or {}).get("preferred_language")
        start = pick_language(self.definition, wanted, resident_language, i18n.current_language())
        self.language.setCurrentIndex(max(0, self.language.findData(start)))
        self.language.currentIndexChanged.connect(self._language_changed)
        self.relabel()
        self._load(draft)

    # -- building ------------------------------------------------------------------------------
    def _build(self, items: Sequence[Item], layout: QVBoxLayout, parent: QWidget) -> None:
        for item in items:
            if isinstance(item, Group):
                section = SectionBlock(item, parent)
                self.sections.append(section)
                layout.addWidget(section)
                if item.kind is GroupKind.GROUP:
                    self._build(item.children, section.body, section)
                continue
            widget = answer_widget(item)
            block = QuestionBlock(item, widget, parent)
            self.blocks[item.name] = block
            layout.addWidget(block)
            if widget is not None:
                widget.edited.connect(lambda name=item.name: self._edited(name))

    def _respondent_text(self) -> str:
        if self.resident:
            return _("Answers from {resident}.").format(resident=display_name(self.resident))
        if self.resident_id:
            return _("Answers from a resident who is no longer on this laptop.")
        return _("Anonymous: nobody is named in this response.")

    def current_language(self) -> str:
        return str(self.language.currentData() or self.definition.default_language)

    def relabel(self) -> None:
        """Show every text of the survey in the respondent's language."""
        language = self.current_language()
        set_text(self.title, self.definition.text(self.definition.title, language))
        self.setAccessibleName(self.title.text())
        for section in self.sections:
            section.relabel(self.definition, language)
        for block in self.blocks.values():
            block.relabel(self.definition, language)

    def _language_changed(self, _index: int) -> None:
        self.relabel()
        if self._errors:
            self._errors = validate_answers(
                self.definition, self.answers(), self.current_language()
            )
            self._show_block_errors()
        self._edited(None)

    # -- answers and drafts --------------------------------------------------------------------
    def answers(self) -> dict[str, Any]:
        """What the form holds now, answered questions only."""
        answers = {}
        for name, block in self.blocks.items():
            if block.widget is not None:
                value = block.widget.value()
                if not is_empty(value):
                    answers[name] = value
        return answers

    def _load(self, draft: SurveyDraft | None) -> None:
        self._loading = True
        try:
            saved = draft.answers if draft is not None else {}
            for name, block in self.blocks.items():
                if block.widget is None:
                    continue
                value = saved.get(name, block.question.default if draft is None else None)
                block.widget.set_value(value)
        finally:
            self._loading = False
        if draft is not None:
            self._show_restored(draft.updated_at)

    def _show_restored(self, updated_at: str) -> None:
        self._notify(
            _("Restored the answers you were typing at {time}.").format(
                time=local_time_text(updated_at)
            ),
            "notice",
            [(_("Discard draft"), self._ask_discard)],
        )

    def _notify(
        self,
        text: str,
        tone: str,
        buttons: Sequence[tuple[str, Callable[[], None]]] = (),
        *,
        focus: int | None = None,
    ) -> None:
        """A message above the questions; its buttons come next in the Tab order too."""
        self.notice.show_message(text, tone, buttons, focus=focus)
        previous: QWidget = self.language
        for button in self.notice.buttons:
            QWidget.setTabOrder(previous, button)
            previous = button
        QWidget.setTabOrder(previous, self.first_question_target())

    def _ask_discard(self) -> None:
        count = len(self.answers())
        self._asking = True
        self._notify(
            ngettext(
                "Discard the {count} answer typed so far? It will be lost.",
                "Discard the {count} answers typed so far? They will be lost.",
                count,
            ).format(count=count),
            "notice",
            [(_("Discard it"), self.discard), (_("Keep it"), self._keep)],
            focus=1,
        )

    def _keep(self) -> None:
        self._asking = False
        self.notice.clear()
        self.first_question_target().setFocus(Qt.FocusReason.OtherFocusReason)

    def discard(self) -> None:
        """Delete the draft and empty the form (after asking)."""
        self._asking = False
        self._autosave.stop()
        draft_id, store = self.draft_id, self._store
        self._queue.run(lambda: store.discard_draft(draft_id), owner=self)
        self.draft_id, self.has_draft = new_id(), False
        self._errors = {}
        self._load(None)
        self._show_block_errors()
        set_text(self.draft_status, "")
        self.notice.show_message(_("The draft was discarded."), "notice")
        self.first_question_target().setFocus(Qt.FocusReason.OtherFocusReason)

    def _edited(self, name: str | None) -> None:
        if self._loading or self._submitting or self._finished:
            return
        if name is not None and name in self._errors:
            # Take a message away as soon as the answer is fixed; never add one while typing.
            current = validate_answers(self.definition, self.answers(), self.current_language())
            if name in current:
                self._errors[name] = current[name]
            else:
                del self._errors[name]
            self._show_block_errors()
        self._autosave.start()

    def save_draft_now(self) -> None:
        """Write the draft now (the autosave timer calls this when typing pauses)."""
        self._autosave.stop()
        if self._finished or not self._queue.running:
            return
        store, draft_id, survey_id = self._store, self.draft_id, self.survey.id
        language, answers, resident_id = self.current_language(), self.answers(), self.resident_id
        self.has_draft = True
        self._queue.run(
            lambda: store.save_draft(
                draft_id, survey_id, language=language, answers=answers, resident_id=resident_id
            ),
            success=self._draft_saved,
            failure=self._draft_failed,
            owner=self,
        )

    def _draft_saved(self, _draft_id: str) -> None:
        set_text(
            self.draft_status,
            _("Draft saved on this laptop at {time}.").format(time=local_time_text(now_iso())),
        )

    def _draft_failed(self, _error: BaseException) -> None:
        set_text(
            self.draft_status,
            _(
                "The draft could not be saved. Your answers are still on screen; "
                "keep this form open and try saving the response."
            ),
        )

    # -- saving --------------------------------------------------------------------------------
    def submit(self) -> None:
        """Check the answers; save the response, or show what to fix next to each question."""
        if self._submitting or self._finished:
            return
        self._autosave.stop()
        language = self.current_language()
        answers = self.answers()
        self._errors = validate_answers(
            self.definition, clean_answers(self.definition, answers), language
        )
        self._show_block_errors()
        if self._errors:
            self.save_draft_now()
            self._show_error_summary()
            self._focus_first_error()
            return
        self._submitting = True
        self.save_button.setEnabled(False)
        self.content.setEnabled(False)
        store, survey_id, draft_id, resident_id = (
            self._store,
            self.survey.id,
            self.draft_id if self.has_draft else None,
            self.resident_id,
        )
        self._queue.run(
            lambda: store.save_response(
                survey_id, answers, language=language, resident_id=resident_id, draft_id=draft_id
            ),
            success=self._saved,
            failure=self._save_failed,
            owner=self,
        )

    def _saved(self, result: Any) -> None:
        self._submitting = False
        self.save_button.setEnabled(True)
        self.content.setEnabled(True)
        if not result.ok:
            self._errors = dict(result.errors)
            self._show_block_errors()
            self._show_error_summary()
            self._focus_first_error()
            return
        self._finished = True
        self.submitted.emit(result.record)

    def _save_failed(self, _error: BaseException) -> None:
        self._submitting = False
        self.save_button.setEnabled(True)
        self.content.setEnabled(True)
        self.notice.show_message(
            _(
                "The response could not be saved. Your answers are still here and kept as a "
                "draft on this laptop. Try again; if it keeps failing, note the answers on paper."
            ),
            "error",
        )
        self.save_draft_now()

    def _show_block_errors(self) -> None:
        for name, block in self.blocks.items():
            block.show_error(render(self._errors[name]) if name in self._errors else "")

    def _show_error_summary(self) -> None:
        count = len(self._errors)
        elsewhere = [render(m) for name, m in self._errors.items() if name not in self.blocks]
        text = ngettext(
            "{count} question needs attention before this response can be saved. Nothing was lost.",
            "{count} questions need attention before this response can be saved. Nothing was lost.",
            count,
        ).format(count=count)
        self.notice.show_message(" ".join([text, *elsewhere]), "error")

    def _focus_first_error(self) -> None:
        for name, block in self.blocks.items():
            if name in self._errors and block.widget is not None:
                self.scroll.ensureWidgetVisible(block)
                block.widget.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)
                return

    # -- leaving -------------------------------------------------------------------------------
    def hideEvent(self, event: Any) -> None:
        """Leaving the page or closing the window writes what is still waiting."""
        if self._autosave.isActive():
            self.save_draft_now()
        super().hideEvent(event)

    def first_question_target(self) -> QWidget:
        for block in self.blocks.values():
            if block.widget is not None:
                return block.widget.focus_target()
        return self.save_button

    def _escape(self) -> None:
        if self._asking:
            self._keep()
        else:
            self.close_form()

    def close_form(self) -> None:
        """Back to the list; what was typed stays as a draft (an empty one is removed)."""
        if self._submitting:
            return
        if self._autosave.isActive():
            self.save_draft_now()
        if self.has_draft and not self.answers() and not self._finished:
            draft_id, store = self.draft_id, self._store
            self._queue.run(lambda: store.discard_draft(draft_id), owner=self)
            self.has_draft = False
        self._finished = True
        self.closed.emit()

    def kept_as_draft(self) -> bool:
        return self.has_draft
