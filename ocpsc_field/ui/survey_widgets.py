"""One input widget per survey question type, behind a small registry.

The form renderer asks ``answer_widget(question)`` for each question and only
talks to the ``AnswerWidget`` interface (value, set_value, relabel, edited),
so a new question type, or skip logic that hides and shows questions, plugs
in here without the form learning anything new: ``register`` a factory. Times
and acknowledgements live in ``survey_inputs``.

Every choice is a row of an indicator and a wrapping label, so long answers
in Vietnamese or at 200% font scale wrap instead of clipping; clicking the
label chooses too. Numbers are read in the UI locale ("1.234,5" in Spanish)
and text that is not a number yet is kept as typed, so the check on submit
can say what is wrong instead of silently dropping it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from typing import Any

from PySide6.QtCore import QLocale, QObject, Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field.core.survey import Question, QuestionType, label_for
from ocpsc_field.i18n import _
from ocpsc_field.ui.pages.common import TextLabel, set_text, wrapped
from ocpsc_field.ui.survey_answer import AnswerWidget, EditorAnswer, ShortLineAnswer
from ocpsc_field.ui.survey_inputs import AcknowledgeAnswer, TimeAnswer
from ocpsc_field.ui.widgets.form_parts import OptionalDateEdit, ui_qlocale

__all__ = ["AnswerWidget", "answer_widget", "register"]

# More choices than this, or appearance "minimal", and select_one becomes a drop-down.
LIST_LIMIT = 12
# More choices than this and select_multiple uses two columns.
COLUMN_LIMIT = 6
NUMBER_WIDTH_CHARS = 18
INDICATOR_STYLE = "QRadioButton::indicator, QCheckBox::indicator { width: 1.25em; height: 1.25em; }"


# --- text and numbers ------------------------------------------------------------------------


class TextAnswer(EditorAnswer):
    """One line, or several with appearance "multiline" (Tab still moves on)."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.multiline = question.appearance == "multiline"
        self.editor: QLineEdit | QPlainTextEdit
        if self.multiline:
            editor = QPlainTextEdit(self)
            editor.setTabChangesFocus(True)
            editor.setMinimumHeight(editor.fontMetrics().lineSpacing() * 4)
            editor.textChanged.connect(self._changed)
            self.editor = editor
        else:
            line = QLineEdit(self)
            line.textEdited.connect(self._changed)
            line.returnPressed.connect(lambda: line.focusNextChild())
            self.editor = line
        self.editor.setReadOnly(question.read_only)
        self.commit_on_focus_out(self.editor)
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor)

    def _changed(self, *_args: Any) -> None:
        if not self._loading:
            self.edited.emit()

    def value(self) -> Any:
        editor = self.editor
        text = editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()
        return text if text.strip() else None

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            text = "" if value is None else str(value)
            if isinstance(self.editor, QPlainTextEdit):
                self.editor.setPlainText(text)
            else:
                self.editor.setText(text)
        finally:
            self._loading = False


class NumberValidator(QValidator):
    """Lets through what can become a number in ``locale``; refuses letters at once."""

    def __init__(self, locale: QLocale, decimal: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._locale = locale
        self._decimal = decimal
        allowed = {locale.groupSeparator(), "-", "+", " ", "\u00a0", "\u202f", ","}
        if decimal:
            allowed |= {locale.decimalPoint(), "."}
        self._allowed = "".join(allowed)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if not text.strip():
            return QValidator.State.Intermediate, text, pos
        if any(not (ch.isdigit() or ch in self._allowed) for ch in text):
            return QValidator.State.Invalid, text, pos
        state = (
            QValidator.State.Acceptable
            if parse_number(text, self._locale, self._decimal) is not None
            else QValidator.State.Intermediate
        )
        return state, text, pos


def parse_number(text: str, locale: QLocale, decimal: bool) -> int | float | None:
    """``text`` read in ``locale`` (then as plain digits with a "." point), or None."""
    cleaned = text.strip().replace("\u00a0", " ").replace("\u202f", " ")
    if not cleaned:
        return None
    for reader in (locale, QLocale.c()):
        if decimal:
            number, ok = reader.toDouble(cleaned)
            if ok:
                return int(number) if number.is_integer() and "e" not in cleaned.lower() else number
        else:
            whole, ok = reader.toLongLong(cleaned)
            if ok:
                return whole
    return None


class NumberAnswer(ShortLineAnswer):
    """A whole or decimal number, typed in the UI locale's format."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        decimal = question.type is QuestionType.DECIMAL
        locale = ui_qlocale()
        validator = NumberValidator(locale, decimal)
        hints = Qt.InputMethodHint.ImhFormattedNumbersOnly
        super().__init__(question, validator, hints, NUMBER_WIDTH_CHARS, parent)
        self.decimal = decimal
        self.number_locale = locale  # the UI locale numbers are read and shown in

    def value(self) -> Any:
        text = self.editor.text()
        if not text.strip():
            return None
        number = parse_number(text, self.number_locale, self.decimal)
        # Text that is not a number yet is kept, so the check can say so.
        return text.strip() if number is None else number

    def set_value(self, value: Any) -> None:
        if value is None:
            self.editor.setText("")
        elif isinstance(value, bool) or not isinstance(value, int | float):
            self.editor.setText(str(value))
        elif isinstance(value, int):
            self.editor.setText(self.number_locale.toString(value))
        else:
            self.editor.setText(self.number_locale.toString(value, "g", 15))


# --- choices ---------------------------------------------------------------------------------


def _hidden(widget: QWidget) -> bool:
    """Hidden on purpose (not merely waiting for its window to be shown)."""
    explicit = widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)
    return widget.isHidden() and explicit


class _ClickLabel(TextLabel):
    """A choice's wrapping text; clicking it clicks its button, as a button's own text would."""

    def __init__(self, button: QAbstractButton, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.button = button
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def mouseReleaseEvent(self, event: Any) -> None:
        if self.button.isEnabled():
            self.button.setFocus(Qt.FocusReason.MouseFocusReason)
            self.button.click()
        super().mouseReleaseEvent(event)


class ChoiceRows(AnswerWidget):
    """Radio buttons (select_one, yes_no) or check boxes (select_multiple), one row each.

    Arrow keys move between the radio buttons of a question; Tab goes from box to box
    and Space ticks one.
    """

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.multiple = question.type is QuestionType.SELECT_MULTIPLE
        # Radio buttons share a group: one Tab stop, arrows move the choice. Check boxes
        # stay apart so that each is its own Tab stop, as people expect of check boxes.
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QAbstractButton] = {}
        self.labels: dict[str, _ClickLabel] = {}
        self.setStyleSheet(INDICATOR_STYLE)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        horizontal = question.type is QuestionType.YES_NO
        columns = 2 if self.multiple and len(question.choices) > COLUMN_LIMIT else 1
        for position, choice in enumerate(question.choices):
            button: QAbstractButton = QCheckBox(self) if self.multiple else QRadioButton(self)
            button.setEnabled(not question.read_only)
            if self.multiple:
                button.toggled.connect(lambda checked, b=button: self._toggled(b, checked))
            else:
                self.group.addButton(button)
            label = _ClickLabel(button, self)
            cell = QHBoxLayout()
            cell.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            cell.addWidget(label, 1)
            row, column = (0, position) if horizontal else divmod(position, columns)
            grid.addLayout(cell, row, column)
            self.buttons[choice.name] = button
            self.labels[choice.name] = label
        self.clear_button: QPushButton | None = None
        if not self.multiple and not question.read_only:
            self.clear_button = QPushButton(_("Clear the answer"), self)
            self.clear_button.setAccessibleName(_("Clear the answer"))
            self.clear_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            self.clear_button.clicked.connect(self._clear)
            self.clear_button.hide()
            grid.addWidget(self.clear_button, grid.rowCount(), 0, Qt.AlignmentFlag.AlignLeading)
        self.none_offered = wrapped(_("No options fit the answers given so far."), self)
        self.none_offered.hide()
        grid.addWidget(self.none_offered, grid.rowCount(), 0)
        self.group.buttonToggled.connect(self._toggled)
        self._loading = False
        self.relabel("en", "en")

    def relabel(self, language: str, fallback: str) -> None:
        for choice in self.question.choices:
            text = label_for(choice.label, language, fallback)
            set_text(self.labels[choice.name], text)
            self.buttons[choice.name].setAccessibleName(text)

    def set_names(self, name: str, description: str) -> None:
        super().set_names(name, description)
        for button in self.buttons.values():
            # Screen readers announce the question with the first choice they land on.
            button.setAccessibleDescription(f"{name}. {description}" if description else name)

    def set_offered(self, names: Collection[str] | None) -> None:
        for name, button in self.buttons.items():
            shown = names is None or name in names
            button.setVisible(shown)
            self.labels[name].setVisible(shown)
        nothing = names is not None and not any(name in self.buttons for name in names)
        self.none_offered.setVisible(nothing)
        self._fix_tab_stop()

    def _fix_tab_stop(self) -> None:
        """One Tab stop for the radio buttons: the chosen one, else the first shown.

        Qt keeps Tab on the button last checked; once that one is cleared or hidden by
        a filter, Tab would skip the whole question."""
        if self.multiple:
            return
        checked = self.group.checkedButton()
        shown = [button for button in self.buttons.values() if not _hidden(button)]
        stop = checked if checked in shown else next(iter(shown), None)
        for button in self.buttons.values():
            policy = button.focusPolicy()
            if button is stop:
                button.setFocusPolicy(policy | Qt.FocusPolicy.TabFocus)
            else:
                button.setFocusPolicy(Qt.FocusPolicy(policy.value & ~Qt.FocusPolicy.TabFocus.value))

    def _toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if self.clear_button is not None:
            self.clear_button.setVisible(self.group.checkedButton() is not None)
        self._fix_tab_stop()
        if not self.multiple and not checked and self.group.checkedButton() is not None:
            return  # the other half of choosing another option: one change, not two
        if not self._loading:
            self.edited.emit()
            self.committed.emit()

    def _clear(self) -> None:
        self.set_value(None)
        self.edited.emit()
        self.committed.emit()
        self.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)

    def value(self) -> Any:
        ticked = [name for name, button in self.buttons.items() if button.isChecked()]
        if self.multiple:
            return ticked or None
        return ticked[0] if ticked else None

    def set_value(self, value: Any) -> None:
        wanted = set(value) if isinstance(value, list | tuple) else {value}
        self._loading = True
        self.group.setExclusive(False)
        try:
            for name, button in self.buttons.items():
                button.setChecked(name in wanted)
        finally:
            self.group.setExclusive(True)
            self._loading = False
        if self.clear_button is not None:
            self.clear_button.setVisible(self.group.checkedButton() is not None)
        self._fix_tab_stop()

    def focus_target(self) -> QWidget:
        checked = self.group.checkedButton()
        if checked is not None:
            return checked
        shown = [button for button in self.buttons.values() if not _hidden(button)]
        return next(iter(shown or self.buttons.values()), self)

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = list(self.buttons.values())
        if self.clear_button is not None:
            chain.append(self.clear_button)
        return chain


class ChoiceList(AnswerWidget):
    """A select_one with many choices (counties): a drop-down; typing jumps to a choice."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.combo = QComboBox(self)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setEnabled(not question.read_only)
        self._offered: Collection[str] | None = None
        self._language = ("en", "en")
        self._loading = False
        self._fill()
        self.combo.currentIndexChanged.connect(self._changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addStretch(1)
        self.relabel("en", "en")

    def _fill(self) -> None:
        """The choices offered, in the respondent's language; the answer stays chosen."""
        chosen = self.combo.currentData()
        language, fallback = self._language
        self._loading = True
        try:
            self.combo.clear()
            self.combo.addItem(_("Not answered"), None)
            for choice in self.question.choices:
                if self._offered is None or choice.name in self._offered:
                    self.combo.addItem(label_for(choice.label, language, fallback), choice.name)
            self.combo.setCurrentIndex(max(0, self.combo.findData(chosen)))
        finally:
            self._loading = False

    def relabel(self, language: str, fallback: str) -> None:
        self._language = (language, fallback)
        for index in range(1, self.combo.count()):
            name = self.combo.itemData(index)
            choice = next(c for c in self.question.choices if c.name == name)
            self.combo.setItemText(index, label_for(choice.label, language, fallback))

    def set_offered(self, names: Collection[str] | None) -> None:
        offered = None if names is None else frozenset(names)
        if offered != self._offered:
            self._offered = offered
            self._fill()

    def set_names(self, name: str, description: str) -> None:
        super().set_names(name, description)
        self.combo.setAccessibleName(name)
        self.combo.setAccessibleDescription(description)
        self.combo.view().setAccessibleName(name)

    def _changed(self, _index: int) -> None:
        if not self._loading:
            self.edited.emit()
            self.committed.emit()

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value) if value is not None else 0
        if value is not None and index < 0 and value in self.question.choice_names():
            self._offered = None  # a restored answer the filter left out stays visible
            self._fill()
            index = self.combo.findData(value)
        self._loading = True
        try:
            self.combo.setCurrentIndex(max(0, index))
        finally:
            self._loading = False

    def focus_target(self) -> QWidget:
        return self.combo


# --- dates -----------------------------------------------------------------------------------


class SurveyDateEdit(OptionalDateEdit):
    """Survey dates may be long ago (a year of arrival), so "empty" sits at 1900."""

    EMPTY = OptionalDateEdit.EMPTY.addYears(-100)


class DateAnswer(AnswerWidget):
    """A date in the locale's format, with Today; Delete on the whole date empties it."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.editor = SurveyDateEdit(question.name, self)
        self.editor.setCalendarPopup(True)
        self.editor.setReadOnly(question.read_only)
        self._loading = False
        self.editor.date_changed.connect(self._changed)
        self.today = QPushButton(_("Today"), self)
        self.today.setAccessibleName(_("Set the date to today"))
        self.today.setEnabled(not question.read_only)
        self.today.clicked.connect(self._set_today)
        self.commit_on_focus_out(self.editor)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor)
        layout.addWidget(self.today)
        layout.addStretch(1)

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def _set_today(self) -> None:
        self.editor.set_value(date.today())
        self.committed.emit()

    def value(self) -> Any:
        day = self.editor.value()
        return day.isoformat() if day is not None else None

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            day = date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            day = None
        try:
            self.editor.set_value(day)
        finally:
            self._loading = False

    def set_names(self, name: str, description: str) -> None:
        super().set_names(name, description)
        self.editor.setAccessibleName(name)
        self.editor.lineEdit().setAccessibleName(name)
        self.editor.setAccessibleDescription(description)

    def focus_target(self) -> QWidget:
        return self.editor

    def focus_chain(self) -> list[QWidget]:
        return [self.editor, self.today]


# --- the registry ----------------------------------------------------------------------------

WidgetFactory = Callable[[Question, QWidget | None], AnswerWidget]


def _select_one(question: Question, parent: QWidget | None) -> AnswerWidget:
    many = len(question.choices) > LIST_LIMIT
    if many or question.appearance in ("minimal", "autocomplete"):
        return ChoiceList(question, parent)
    return ChoiceRows(question, parent)


_FACTORIES: dict[QuestionType, WidgetFactory] = {
    QuestionType.TEXT: TextAnswer,
    QuestionType.INTEGER: NumberAnswer,
    QuestionType.DECIMAL: NumberAnswer,
    QuestionType.SELECT_ONE: _select_one,
    QuestionType.YES_NO: ChoiceRows,
    QuestionType.SELECT_MULTIPLE: ChoiceRows,
    QuestionType.DATE: DateAnswer,
    QuestionType.TIME: TimeAnswer,
    QuestionType.ACKNOWLEDGE: AcknowledgeAnswer,
}


def register(kind: QuestionType, factory: WidgetFactory) -> None:
    """Use ``factory`` for questions of ``kind`` from now on (new types, other widgets)."""
    _FACTORIES[kind] = factory


def answer_widget(question: Question, parent: QWidget | None = None) -> AnswerWidget | None:
    """The input for ``question``; None for a note, which takes no answer."""
    factory = _FACTORIES.get(question.type)
    return factory(question, parent) if factory is not None else None
