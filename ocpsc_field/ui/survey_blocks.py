"""How a survey's items look in the form: a block per question, a section per group.

A block shows the question's label (marked when required), its hint, the
input from ``survey_widgets`` and, under it, the message when the answer is
not right; the input's accessible name and description follow all of them,
so a screen reader says the question, the hint and the problem. Texts come
from the survey in the respondent's language; the app's own words ("required")
stay in the UI language.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from ocpsc_field.core.survey import Group, GroupKind, Question, SurveyDefinition
from ocpsc_field.i18n import _
from ocpsc_field.ui.models import language_name
from ocpsc_field.ui.pages.common import TextLabel, scaled_font, set_text, wrapped
from ocpsc_field.ui.survey_widgets import AnswerWidget
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


class QuestionBlock(QFrame):
    """One question: its label, hint, input, and the message when its answer is not right."""

    def __init__(
        self, question: Question, widget: AnswerWidget | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.question = question
        self.widget = widget
        self.label = TextLabel("", self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setFont(scaled_font(self.label, 1.0, bold=widget is not None))
        self.hint = wrapped("", self)
        self.hint.setStyleSheet(HINT_STYLE)
        self.error = ErrorLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.hint)
        if widget is not None:
            self.label.setBuddy(widget.focus_target())
            layout.addWidget(widget)
        layout.addWidget(self.error)

    def relabel(self, definition: SurveyDefinition, language: str) -> None:
        question = self.question
        text = definition.text(question.label, language)
        shown = text
        if question.required and not question.read_only:
            shown = _("{question} (required)").format(question=text)
        set_text(self.label, shown)
        hint = definition.text(question.hint, language)
        set_text(self.hint, hint)
        self.hint.setVisible(bool(hint))
        if self.widget is not None:
            self.widget.relabel(language, definition.default_language)
            self._name_widget()

    def show_error(self, text: str) -> None:
        self.error.show_message(text)
        self._name_widget()

    def _name_widget(self) -> None:
        if self.widget is None:
            return
        parts = [self.error.text(), self.hint.text()]
        self.widget.set_names(self.label.text(), " ".join(part for part in parts if part))


class SectionBlock(QFrame):
    """A group's title and hint above its questions; a repeat says it can't be filled yet."""

    def __init__(self, group: Group, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = group
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = TextLabel("", self)
        self.title.setWordWrap(True)
        self.title.setFont(scaled_font(self.title, 1.3, bold=True))
        self.hint = wrapped("", self)
        self.hint.setStyleSheet(HINT_STYLE)
        self.body = QVBoxLayout()
        self.body.setSpacing(self.fontMetrics().height())
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addLayout(self.body)
        if group.kind is GroupKind.REPEAT:
            self.body.addWidget(
                wrapped(
                    _(
                        "This part of the survey is answered once for each person or item. "
                        "This version of the app can't fill it in yet; the rest of the survey "
                        "can be saved without it."
                    ),
                    self,
                )
            )

    def relabel(self, definition: SurveyDefinition, language: str) -> None:
        set_text(self.title, definition.text(self.group.label, language))
        self.setAccessibleName(self.title.text())
        hint = definition.text(self.group.hint, language)
        set_text(self.hint, hint)
        self.hint.setVisible(bool(hint))
