"""The interface every survey input widget offers the form.

The form only ever talks to ``AnswerWidget``: read and show the answer, say
it in the respondent's language, narrow the choices a filter offers, and
list the controls Tab visits. Two signals tell the form what happened:
``edited`` on every change (skip logic and calculations follow at once) and
``committed`` when the person has finished an answer (focus left a typed
field, or a choice was made), which is when a constraint message may appear
without interrupting someone halfway through typing a number.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from ocpsc_field.core.survey import Question


class AnswerWidget(QWidget):
    """The input for one question. ``edited`` fires on every change the user makes,
    ``committed`` when they have finished giving the answer.

    No focus proxy: Tab would then stop at the widget's place among its parent's
    children as well as where the form puts its controls. The form focuses
    ``focus_target()`` and orders ``focus_chain()``."""

    edited = Signal()
    committed = Signal()

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.setAccessibleName(question.name)

    def value(self) -> Any:
        """The answer as stored (JSON), None when unanswered."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show a stored answer without emitting ``edited``."""
        raise NotImplementedError

    def relabel(self, language: str, fallback: str) -> None:
        """Show choice labels in the respondent's language."""

    def set_offered(self, names: Collection[str] | None) -> None:
        """Show only these choices (a choice filter); None shows them all."""

    def set_names(self, name: str, description: str) -> None:
        """Accessible name (the question) and description (hint, or the error)."""
        self.setAccessibleName(name)
        self.setAccessibleDescription(description)

    def focus_target(self) -> QWidget:
        """The widget that takes focus for this question (labels' buddy, errors)."""
        return self

    def focus_chain(self) -> list[QWidget]:
        """The controls Tab visits, in the order they are shown."""
        return [self.focus_target()]

    def commit_on_focus_out(self, *widgets: QWidget) -> None:
        """Emit ``committed`` when focus leaves any of ``widgets`` (typed answers)."""
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.committed.emit()
        return super().eventFilter(watched, event)


class EditorAnswer(AnswerWidget):
    """An answer typed into one editor (``self.editor``), which carries its names."""

    editor: QWidget

    def set_names(self, name: str, description: str) -> None:
        super().set_names(name, description)
        self.editor.setAccessibleName(name)
        self.editor.setAccessibleDescription(description)

    def focus_target(self) -> QWidget:
        return self.editor


class ShortLineAnswer(EditorAnswer):
    """A short typed answer (a number, a time): one line edit of ``width_chars``, a
    ``validator`` refusing what can never become an answer, Enter moving on."""

    def __init__(
        self,
        question: Question,
        validator: QValidator,
        hints: Qt.InputMethodHint,
        width_chars: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(question, parent)
        self.editor: QLineEdit = QLineEdit(self)
        validator.setParent(self.editor)
        self.editor.setValidator(validator)
        self.editor.setInputMethodHints(hints)
        self.editor.setReadOnly(question.read_only)
        self.editor.setMaximumWidth(self.editor.fontMetrics().averageCharWidth() * width_chars)
        self.editor.textEdited.connect(lambda _text: self.edited.emit())
        self.editor.returnPressed.connect(lambda: self.editor.focusNextChild())
        self.commit_on_focus_out(self.editor)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor)
        layout.addStretch(1)
