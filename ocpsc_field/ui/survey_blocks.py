"""How a survey's items look in the form: a block per question, a section per group.

A block shows the question's label (marked while it is required), its hint,
a note when the survey has no text in the respondent's language, the input
from ``survey_widgets`` and, under it, the message when the answer is not
right; the input's accessible name and description follow all of them,
so a screen reader says the question, the hint and the problem. Texts come
from the survey in the respondent's language; the app's own words ("required")
stay in the UI language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from ocpsc_field.core.survey import Group, Question, SurveyDefinition
from ocpsc_field.i18n import _
from ocpsc_field.ui.models import language_name
from ocpsc_field.ui.pages.common import TextLabel, scaled_font, set_text, wrapped
from ocpsc_field.ui.survey_answer import AnswerWidget
from ocpsc_field.ui.survey_text import fallback_note
from ocpsc_field.ui.widgets.form_parts import ErrorLabel

# Hints in dark grey: AA contrast on the window background, and never the only cue.
HINT_STYLE = "color: #4a4a4a;"


def language_choice_text(tag: str, definition: SurveyDefinition) -> str:
    """A survey language in the UI language, marked when its translation is a draft."""
    name = language_name(tag)
    if definition.is_draft_translation(tag):
        return _("{language} (draft translation)").format(language=name)
    return name


def pick_language(definition: SurveyDefinition, *wanted: str | None) -> str:
    """The first of ``wanted`` the survey has (same base language counts), else its default."""
    for tag in wanted:
        if not tag:
            continue
        if tag in definition.languages:
            return tag
        base = tag.split("-")[0]
        for language in definition.languages:
            if language.split("-")[0] == base:
                return language
    return definition.default_language


TextsOf = Callable[[str], str]  # fills in ${name} for the item's instance


class QuestionBlock(QFrame):
    """One question (or note) of one repeat entry: its label, hint, input, and the
    message when its answer is not right. ``position`` numbers the repeat entries
    around it ("members" entry 2 is ``(2,)``); outside repeats it is ``()``."""

    def __init__(
        self,
        question: Question,
        widget: AnswerWidget | None,
        position: tuple[int, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.question = question
        self.widget = widget
        self.position = position
        self.required = question.required and not question.read_only
        self._text = ""
        self.label = TextLabel("", self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setFont(scaled_font(self.label, 1.0, bold=widget is not None))
        self.hint = wrapped("", self)
        self.hint.setStyleSheet(HINT_STYLE)
        self.translation = wrapped("", self)
        self.translation.setStyleSheet(HINT_STYLE)
        self.translation.hide()
        self.error = ErrorLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.hint)
        layout.addWidget(self.translation)
        if widget is not None:
            self.label.setBuddy(widget.focus_target())
            layout.addWidget(widget)
        layout.addWidget(self.error)

    @property
    def name(self) -> str:
        return self.question.name

    def relabel(
        self, definition: SurveyDefinition, language: str, texts_of: TextsOf | None = None
    ) -> None:
        """Say the question in ``language``; ``texts_of`` fills in ``${name}`` answers."""
        question = self.question
        fill = texts_of or (lambda text: text)
        self._text = fill(definition.text(question.label, language))
        hint = fill(definition.text(question.hint, language))
        set_text(self.hint, hint)
        self.hint.setVisible(bool(hint))
        texts = [question.label, question.hint, *(choice.label for choice in question.choices)]
        note = fallback_note(definition, texts, language)
        set_text(self.translation, note)
        self.translation.setVisible(bool(note))
        self._show_label()
        if self.widget is not None:
            self.widget.relabel(language, definition.default_language)
            self._name_widget()

    def set_required(self, required: bool) -> None:
        """Mark the question required (its condition may hold or not as answers change)."""
        if required != self.required:
            self.required = required
            self._show_label()
            self._name_widget()

    def _show_label(self) -> None:
        shown = self._text
        if self.required and self.widget is not None:
            shown = _("{question} (required)").format(question=self._text)
        set_text(self.label, shown)

    def show_error(self, text: str) -> None:
        if text != self.error.text() or self.error.isVisible() != bool(text):
            self.error.show_message(text)
            self._name_widget()

    def _name_widget(self) -> None:
        if self.widget is None:
            return
        parts = [self.error.text(), self.hint.text(), self.translation.text()]
        self.widget.set_names(self.label.text(), " ".join(part for part in parts if part))


class SectionBlock(QFrame):
    """A group's title and hint above its questions (a group without a label only
    shares a condition, so it shows no frame)."""

    def __init__(
        self, group: Group, position: tuple[int, ...] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.group = group
        self.position = position
        self.nodes: list[QWidget] = []  # the widgets of the items inside, in order
        titled = bool(group.label)
        self.setFrameShape(QFrame.Shape.StyledPanel if titled else QFrame.Shape.NoFrame)
        self.title = TextLabel("", self)
        self.title.setWordWrap(True)
        self.title.setFont(scaled_font(self.title, 1.3, bold=True))
        self.title.setVisible(titled)
        self.hint = wrapped("", self)
        self.hint.setStyleSheet(HINT_STYLE)
        self.body = QVBoxLayout()
        self.body.setSpacing(self.fontMetrics().height())
        layout = QVBoxLayout(self)
        if not titled:
            layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        if titled:
            layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addLayout(self.body)

    @property
    def name(self) -> str:
        return self.group.name

    def relabel(
        self, definition: SurveyDefinition, language: str, texts_of: TextsOf | None = None
    ) -> None:
        show_group_texts(self, definition, language, texts_of)


def show_group_texts(
    section: SectionBlock | Any,
    definition: SurveyDefinition,
    language: str,
    texts_of: TextsOf | None,
) -> None:
    """A group's or repeat's title and hint (``section.title``, ``section.hint``) in
    ``language``, with ``${name}`` answers filled in; the section is named by its title."""
    fill = texts_of or (lambda text: text)
    set_text(section.title, fill(definition.text(section.group.label, language)))
    section.setAccessibleName(section.title.text())
    hint = fill(definition.text(section.group.hint, language))
    # A title with no text in the respondent's language says so under it, as questions do.
    note = fallback_note(definition, [section.group.label, section.group.hint], language)
    shown = "\n".join(part for part in (hint, note) if part)
    set_text(section.hint, shown)
    section.hint.setVisible(bool(shown))
