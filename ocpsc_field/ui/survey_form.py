"""Filling in a survey: its questions with their skip logic, checks and repeats.

The questions, the answers and the logic live in ``LiveForm``
(``survey_live``); this widget adds what surrounds them: the respondent's
language (chosen from the survey's own languages; the app's words stay in
the UI language), what is left to answer with a jump to the next unanswered
question (Ctrl+J), drafts, and saving. Keys: Ctrl+S or Ctrl+Enter saves
(Enter in a field only moves on), Esc goes back keeping a draft,
Ctrl+Shift+A adds a repeat entry and Ctrl+Shift+R removes the one holding
the focus.

Typed work is never lost: every change restarts a short timer, and when
typing pauses the answers are written as a draft on the database queue. The
draft is restored when the survey is opened again for the same respondent
and keeps the version of the survey it was begun on; saving the response
deletes it in the same transaction.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
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
from ocpsc_field.core.survey import QuestionType, SurveyDefinition
from ocpsc_field.core.survey_logic import FormLogic, response_problems
from ocpsc_field.core.text import Message
from ocpsc_field.i18n import _, is_rtl, ngettext, render
from ocpsc_field.store.surveys import SurveyDraft, SurveyOnDevice, SurveyStore
from ocpsc_field.ui.conversation_parts import local_time_text
from ocpsc_field.ui.models import display_name, format_number
from ocpsc_field.ui.pages.common import heading, set_text, wrapped
from ocpsc_field.ui.rtl import point_icon
from ocpsc_field.ui.survey_blocks import (
    QuestionBlock,
    SectionBlock,
    language_choice_text,
    pick_language,
)
from ocpsc_field.ui.survey_live import LiveForm
from ocpsc_field.ui.survey_repeats import InstanceFrame, RepeatSection
from ocpsc_field.ui.survey_tree import count_answers, parse_key
from ocpsc_field.ui.tasks import DatabaseQueue
from ocpsc_field.ui.widgets.form_parts import MessageBar, field_label

DRAFT_DELAY_MS = 600
READING_WIDTH_CHARS = 90
_LOGIC: dict[str, FormLogic] = {}  # survey id -> its logic, read once per run


def logic_for(survey: SurveyOnDevice) -> FormLogic:
    """The form logic of a survey version (a version's definition never changes)."""
    assert survey.definition is not None
    found = _LOGIC.get(survey.id)
    if found is None or found.definition != survey.definition:
        found = _LOGIC[survey.id] = FormLogic(survey.definition)
    return found


def _local_now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


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
        self.logic = logic_for(survey)
        self.resident = dict(resident) if resident else None
        self.resident_id = resident_id or (self.resident or {}).get("id")
        self.draft_id = draft.id if draft is not None else new_id()
        self.has_draft = draft is not None
        self._submitting = False
        self._finished = False
        self._asking = False
        self._errors: dict[str, Message] = {}

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

        wanted = draft.language if draft is not None else None
        resident_language = (self.resident or {}).get("preferred_language")
        start = pick_language(self.definition, wanted, resident_language, i18n.current_language())
        self.language.setCurrentIndex(max(0, self.language.findData(start)))

        self.content = QWidget(self)
        self.content.setAccessibleName(_("Questions"))
        self.column = QVBoxLayout(self.content)
        self.column.setSpacing(self.fontMetrics().height())
        self.content.setMaximumWidth(self.fontMetrics().averageCharWidth() * READING_WIDTH_CHARS)
        holder = QWidget(self)
        holder_row = QHBoxLayout(holder)
        holder_row.addWidget(self.content, 1)
        holder_row.addStretch(0)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(holder)
        self.scroll.setAccessibleName(_("Questions"))

        self.remaining = wrapped("", self)
        self.next_button = QPushButton(_("Next unanswered question (Ctrl+J)"), self)
        self.next_button.setAccessibleName(_("Go to the next unanswered question"))
        self.next_button.setAutoDefault(False)
        self.next_button.clicked.connect(self.go_to_next_unanswered)
        self.draft_status = wrapped("", self)
        self.save_button = QPushButton(_("Save response (Ctrl+S)"), self)
        self.save_button.setAccessibleName(_("Save the response"))
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.submit)
        self.close_button = QPushButton(_("Back to surveys (Esc)"), self)
        self.close_button.setAccessibleName(_("Back to surveys"))
        self.close_button.setAutoDefault(False)
        point_icon(self.close_button, "back")
        self.close_button.clicked.connect(self.close_form)
        progress = QHBoxLayout()
        progress.addWidget(self.remaining, 1)
        progress.addWidget(self.next_button)
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
        layout.addLayout(progress)
        layout.addLayout(footer)

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(DRAFT_DELAY_MS)
        self._autosave.timeout.connect(self.save_draft_now)
        self._shortcut(("Ctrl+S", "Ctrl+Return", "Ctrl+Enter"), self.submit)
        self._shortcut((QKeySequence(Qt.Key.Key_Escape),), self._escape)
        self._shortcut(("Ctrl+J",), self.go_to_next_unanswered)
        self._shortcut(("Ctrl+Shift+A",), self.add_entry_here)
        self._shortcut(("Ctrl+Shift+R",), self.remove_entry_here)

        self.live: LiveForm
        answers = copy.deepcopy(draft.answers) if draft is not None else self._new_answers()
        self._build(answers)
        self.language.currentIndexChanged.connect(self._language_changed)
        if draft is not None:
            self._show_restored(draft.updated_at)

    def _shortcut(self, keys: Sequence[str | QKeySequence], slot: Callable[[], None]) -> None:
        for key in keys:
            shortcut = QShortcut(QKeySequence(key), self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # -- building ------------------------------------------------------------------------------
    def _new_answers(self) -> dict[str, Any]:
        """Defaults, and what the form records itself when it is started."""
        answers = self.logic.initial_answers()
        recorded: dict[QuestionType, Callable[[], str]] = {
            QuestionType.START: _local_now,
            QuestionType.TODAY: lambda: date.today().isoformat(),
            QuestionType.DEVICEID: lambda: self._store.device,
            QuestionType.USERNAME: lambda: self._store.user,
        }
        for question in self.definition.questions():
            make = recorded.get(question.type)
            value = make() if make is not None else None
            if value:
                answers[question.name] = value
        return answers

    def _build(self, answers: dict[str, Any]) -> None:
        """The questions for ``answers`` (a new form, a draft, or after discarding one)."""
        old = getattr(self, "live", None)
        if old is not None:
            for node in old.tree.roots:
                self.column.removeWidget(node)
                node.hide()
                node.deleteLater()
            old.deleteLater()
        while self.column.count():
            self.column.takeAt(0)  # the stretch
        self.live = LiveForm(
            self.definition, self.logic, answers, self.current_language(), self.column, self.content
        )
        self.column.addStretch(1)
        self.live.edited.connect(self._edited)
        self.live.structure_changed.connect(self._fix_tab_order)
        self.live.remaining_changed.connect(self._show_remaining)
        self._show_direction()
        self.relabel()
        self._show_remaining(self.live.state.remaining())
        self._fix_tab_order()

    @property
    def blocks(self) -> dict[str, QuestionBlock]:
        """The question blocks outside repeats, by question name."""
        return {b.name: b for b in self.live.tree.blocks() if not b.position}

    @property
    def sections(self) -> list[SectionBlock]:
        return [n for n in self.live.tree.walk() if isinstance(n, SectionBlock)]

    def block(self, name: str, position: tuple[int, ...] = ()) -> QuestionBlock | None:
        """The question ``name`` of one repeat entry (``(2,)``: the second entry)."""
        return self.live.tree.block(name, position)

    def repeat(self, name: str, position: tuple[int, ...] = ()) -> RepeatSection | None:
        return self.live.tree.repeat(name, position)

    def _respondent_text(self) -> str:
        if self.resident:
            return _("Answers from {resident}.").format(resident=display_name(self.resident))
        if self.resident_id:
            return _("Answers from a resident who is no longer on this laptop.")
        return _("Anonymous: nobody is named in this response.")

    def current_language(self) -> str:
        return str(self.language.currentData() or self.definition.default_language)

    def relabel(self) -> None:
        """Show the survey's title in the respondent's language (questions follow)."""
        language = self.current_language()
        set_text(self.title, self.definition.text(self.definition.title, language))
        self.setAccessibleName(self.title.text())

    def _show_direction(self) -> None:
        """Questions in a right-to-left language read right to left whatever the UI is."""
        if is_rtl(self.current_language()):
            self.content.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        else:
            self.content.unsetLayoutDirection()

    def _language_changed(self, _index: int) -> None:
        self.relabel()
        self._show_direction()
        self.live.set_language(self.current_language())
        self._edited()

    def _fix_tab_order(self) -> None:
        """Tab follows the order shown, entries added later included."""
        chain = [
            self.language,
            *self.notice.buttons,
            *self.live.tree.focus_chain(),
            self.next_button,
            self.save_button,
            self.close_button,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # -- what is left ----------------------------------------------------------------------------
    def _show_remaining(self, count: int) -> None:
        if count:
            text = ngettext(
                "{count} required question left.", "{count} required questions left.", count
            ).format(count=format_number(count))
        else:
            text = _("All required questions shown are answered.")
        set_text(self.remaining, text)

    def go_to_next_unanswered(self) -> None:
        """Focus the next shown question with no answer (required ones first)."""
        block = self.live.next_unanswered(QApplication.focusWidget())
        if block is None or block.widget is None:
            set_text(self.remaining, _("Every question shown has an answer."))
            self.save_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.scroll.ensureWidgetVisible(block)
        block.widget.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)

    # -- repeats ---------------------------------------------------------------------------------
    def add_entry_here(self) -> None:
        """A new entry in the repeat holding the focus, or in the next one shown."""
        repeat = _around(QApplication.focusWidget(), RepeatSection, lambda r: not r.counted)
        if repeat is None:
            repeats = [
                n
                for n in self.live.tree.walk()
                if isinstance(n, RepeatSection) and not n.counted and n.isVisibleTo(self)
            ]
            repeat = repeats[0] if repeats else None
        if repeat is not None:
            self.live.add_entry(repeat)

    def remove_entry_here(self) -> None:
        """Remove the entry holding the focus (asking first when it has answers)."""
        frame = _around(QApplication.focusWidget(), InstanceFrame, lambda f: f.remove_button)
        if frame is not None and isinstance(frame.parent(), RepeatSection):
            self.live.ask_remove(frame.parent(), frame)
            if frame.confirm.buttons:
                frame.confirm.buttons[1].setFocus(Qt.FocusReason.OtherFocusReason)

    # -- answers and drafts --------------------------------------------------------------------
    def answers(self) -> dict[str, Any]:
        """What the person has entered so far (hidden questions included), nested."""
        return self.live.typed_answers()

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
        self._fix_tab_order()

    def _ask_discard(self) -> None:
        count = count_answers(self.answers())
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
        """Delete the draft and start the form again (after asking)."""
        self._asking = False
        self._autosave.stop()
        draft_id, store = self.draft_id, self._store
        self._queue.run(lambda: store.discard_draft(draft_id), owner=self)
        self.draft_id, self.has_draft = new_id(), False
        self._errors = {}
        self._build(self._new_answers())
        set_text(self.draft_status, "")
        self.notice.show_message(_("The draft was discarded."), "notice")
        self.first_question_target().setFocus(Qt.FocusReason.OtherFocusReason)

    def _edited(self) -> None:
        if self._submitting or self._finished:
            return
        self._autosave.start()

    def save_draft_now(self) -> None:
        """Write the draft now (the autosave timer calls this when typing pauses)."""
        self._autosave.stop()
        if self._finished or not self._queue.running:
            return
        store, draft_id, survey_id = self._store, self.draft_id, self.survey.id
        language, resident_id = self.current_language(), self.resident_id
        answers = copy.deepcopy(self.live.answers)
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
        for question in self.definition.questions():
            if question.type is QuestionType.END:
                self.live.answers[question.name] = _local_now()
        answers = self.live.answers
        problems = response_problems(self.definition, answers, language, logic=self.logic)
        if problems:
            self._refused(problems)
            self.save_draft_now()
            return
        kept = self.logic.evaluate(answers, language=language).answers_to_save()
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
                survey_id, kept, language=language, resident_id=resident_id, draft_id=draft_id
            ),
            success=self._saved,
            failure=self._save_failed,
            owner=self,
        )

    def _refused(self, problems: Mapping[str, Message]) -> None:
        """Show each problem next to its question, say how many, focus the first."""
        self._errors = dict(problems)
        keys = [parse_key(key) for key in problems]
        self.live.show_problems(key for key in keys if key is not None)
        self._show_error_summary()
        self._focus_first_error()

    def _saved(self, result: Any) -> None:
        self._submitting = False
        self.save_button.setEnabled(True)
        self.content.setEnabled(True)
        if not result.ok:
            self._refused(result.errors)
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

    def _show_error_summary(self) -> None:
        count = len(self._errors)
        shown = self.live.tree.places()
        elsewhere = [
            render(message) for key, message in self._errors.items() if parse_key(key) not in shown
        ]
        text = ngettext(
            "{count} question needs attention before this response can be saved. Nothing was lost.",
            "{count} questions need attention before this response can be saved. Nothing was lost.",
            count,
        ).format(count=count)
        self._notify(" ".join([text, *elsewhere]), "error")

    def _focus_first_error(self) -> None:
        for node in self.live.tree.walk():
            if not isinstance(node, QuestionBlock | RepeatSection) or not node.isVisibleTo(self):
                continue
            if (node.name, node.position) not in self.live.shown_problems:
                continue
            if isinstance(node, QuestionBlock) and node.widget is not None:
                self.scroll.ensureWidgetVisible(node)
                node.widget.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)
                return
            if isinstance(node, RepeatSection):
                self.scroll.ensureWidgetVisible(node)
                chain = self.live.tree.focus_chain([node])
                if chain:
                    chain[0].setFocus(Qt.FocusReason.OtherFocusReason)
                return

    # -- leaving -------------------------------------------------------------------------------
    def hideEvent(self, event: Any) -> None:
        """Leaving the page or closing the window writes what is still waiting."""
        if self._autosave.isActive():
            self.save_draft_now()
        super().hideEvent(event)

    def first_question_target(self) -> QWidget:
        for widget in self.live.tree.focus_chain():
            if widget.isVisibleTo(self) and widget.isEnabled():
                return widget
        return self.save_button

    def _escape(self) -> None:
        """Esc answers an open question with its safe answer; otherwise goes back."""
        if self._asking:
            self._keep()
        elif not self.live.cancel_question():
            self.close_form()

    def close_form(self) -> None:
        """Back to the list; what was typed stays as a draft (an empty one is removed)."""
        if self._submitting:
            return
        if self._autosave.isActive():
            self.save_draft_now()
        if self.has_draft and not count_answers(self.answers()) and not self._finished:
            draft_id, store = self.draft_id, self._store
            self._queue.run(lambda: store.discard_draft(draft_id), owner=self)
            self.has_draft = False
        self._finished = True
        self.closed.emit()

    def kept_as_draft(self) -> bool:
        return self.has_draft


def _around(widget: QWidget | None, kind: type, wanted: Callable[[Any], Any]) -> Any:
    """The nearest ``kind`` holding ``widget`` for which ``wanted`` is true."""
    while widget is not None:
        if isinstance(widget, kind) and wanted(widget):
            return widget
        widget = widget.parentWidget()
    return None
