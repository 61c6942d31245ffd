"""Form pieces for quick, keyboard-only data entry: big choices, chips, inline messages.

Sizes come from the font, so everything grows at 200% instead of clipping,
and rows of buttons wrap (``FlowLayout``) instead of running off the edge.
Meaning is never carried by colour alone: a chosen button also shows a check
mark and a thicker border; an error is a sentence next to its field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date

from PySide6.QtCore import QDate, QEvent, QLocale, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from ocpsc_field import i18n
from ocpsc_field.i18n import _
from ocpsc_field.ui.pages.common import TextLabel, set_text, wrapped
from ocpsc_field.ui.widgets.typed_date import TypedDate

CHECK = "\u2713"
BUTTON_STYLE = """
ChoiceButton {
    padding: 0.3em 0.8em; border: 2px solid #767676; border-radius: 5px;
    background: #ffffff; color: #1b1b1b;
}
ChoiceButton:checked { background: #1d4f91; color: #ffffff; border: 3px solid #0b2e5c; }
ChoiceButton:focus { border: 3px solid #000000; }
ChoiceButton:checked:focus { border: 3px solid #f0b400; }
"""
TONES = {
    "notice": "background: #fff4ce; border: 1px solid #8a6d00; color: #1b1b1b;",
    "success": "background: #dff6dd; border: 1px solid #1e6b2a; color: #1b1b1b;",
    "error": "background: #fde7e9; border: 1px solid #a4262c; color: #1b1b1b;",
}
ERROR_COLOR = "#a4262c"


class FlowLayout(QLayout):
    """Items side by side, wrapping onto more lines when the width runs out (RTL aware)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        width = sum(item.sizeHint().width() + self._gap() for item in self._items)
        height = max((item.sizeHint().height() for item in self._items), default=0)
        margins = self.contentsMargins()
        return QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _gap(self) -> int:
        parent = self.parentWidget()
        return parent.fontMetrics().averageCharWidth() if parent is not None else 6

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        gap = self._gap()
        x, y, line_height = area.x(), area.y(), 0
        parent = self.parentWidget()
        rtl = parent is not None and parent.layoutDirection() == Qt.LayoutDirection.RightToLeft
        for item in self._items:
            if item.widget() is not None and item.widget().isHidden():
                continue
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line_height > 0:
                x, y, line_height = area.x(), y + line_height + gap // 2, 0
            if move:
                left = area.right() + 1 - (x - area.x()) - hint.width() if rtl else x
                item.setGeometry(QRect(QPoint(left, y), hint))
            x += hint.width() + gap
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + margins.bottom()


class PromptButton(QPushButton):
    """A button whose Alt+letter acts at once, without Qt's 100 ms press animation,
    so a fast "Alt+A, Enter" saves what was chosen rather than what was there before."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Shortcut and self.isEnabled():
            self.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.click()
            return True
        return super().event(event)


class ChoiceButton(PromptButton):
    """A large checkable button, chosen by its mnemonic or Space; Enter goes on to the form."""

    def __init__(self, text: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._plain = text
        self.setCheckable(True)
        self.setAutoDefault(False)
        self.setText(text)
        self.setAccessibleName(name)
        self.setStyleSheet(BUTTON_STYLE)
        self.setMinimumHeight(round(self.fontMetrics().height() * 2))
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.toggled.connect(self._show_state)

    def _show_state(self, checked: bool) -> None:
        # A check mark as well as the colour: colour never carries meaning alone.
        self.setText(f"{CHECK} {self._plain}" if checked else self._plain)

    def sizeHint(self) -> QSize:
        # Room for the check mark, so choosing never makes the button grow.
        hint = super().sizeHint()
        extra = self.fontMetrics().horizontalAdvance(f"{CHECK} ")
        return QSize(hint.width() + (0 if self.isChecked() else extra), hint.height())


class ChoiceButtons(QWidget):
    """One of several labelled choices; arrow keys move within the group, Tab leaves it."""

    changed = Signal(object)  # the chosen code, or None

    def __init__(
        self, choices: Sequence[tuple[str, str, str]], name: str, parent: QWidget | None = None
    ) -> None:
        """``choices`` are (code, text with &mnemonic, accessible name)."""
        super().__init__(parent)
        self.setAccessibleName(name)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, ChoiceButton] = {}
        layout = FlowLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for code, text, accessible in choices:
            button = ChoiceButton(text, accessible, self)
            self.group.addButton(button)
            self.buttons[code] = button
            layout.addWidget(button)
        self.group.buttonToggled.connect(self._toggled)

    def value(self) -> str | None:
        for code, button in self.buttons.items():
            if button.isChecked():
                return code
        return None

    def set_value(self, code: str | None) -> None:
        if code is None:
            self.group.setExclusive(False)
            for button in self.buttons.values():
                button.setChecked(False)
            self.group.setExclusive(True)
        elif code in self.buttons:
            self.buttons[code].setChecked(True)

    def focus(self) -> None:
        button = self.buttons.get(self.value() or "") or next(iter(self.buttons.values()))
        button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _toggled(self, button: QAbstractButton, checked: bool) -> None:
        if checked:
            self.changed.emit(self.value())
        elif self.group.checkedButton() is None:
            self.changed.emit(None)


class ChipRow(QWidget):
    """Short texts to tick quickly (materials left); more can be added as typed."""

    changed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.chips: dict[str, ChoiceButton] = {}
        self._layout = FlowLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def add(self, text: str, *, checked: bool = False) -> None:
        text = text.strip()
        if not text:
            return
        if text not in self.chips:
            # "&&" keeps an ampersand in a material's name from becoming a mnemonic.
            chip = ChoiceButton(text.replace("&", "&&"), text, self)
            chip.setMinimumHeight(round(self.fontMetrics().height() * 1.8))
            chip.toggled.connect(lambda _checked: self.changed.emit())
            self.chips[text] = chip
            self._layout.addWidget(chip)
        self.chips[text].setChecked(checked or self.chips[text].isChecked())

    def values(self) -> list[str]:
        return [text for text, chip in self.chips.items() if chip.isChecked()]

    def reset(self, suggestions: Iterable[str], checked: Iterable[str] = ()) -> None:
        for chip in self.chips.values():
            self._layout.removeWidget(chip)
            chip.deleteLater()
        self.chips = {}
        chosen = list(checked)
        for text in [*suggestions, *chosen]:
            self.add(text, checked=text in chosen)


class MessageBar(QFrame):
    """A sentence across the form (saved, restored, a question) with the buttons that answer it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = wrapped("", self)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self._buttons = QHBoxLayout()
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addLayout(self._buttons)
        self.buttons: list[QPushButton] = []
        self.hide()

    def show_message(
        self,
        text: str,
        tone: str = "notice",
        buttons: Sequence[tuple[str, Callable[[], None]]] = (),
        *,
        focus: int | None = None,
    ) -> None:
        self.setStyleSheet(f"MessageBar {{ {TONES[tone]} border-radius: 4px; }}")
        set_text(self.label, text)
        self.setAccessibleName(text)
        for button in self.buttons:
            self._buttons.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.buttons = []
        for position, (label, slot) in enumerate(buttons):
            button = QPushButton(label, self)
            button.setAccessibleName(label.replace("&", ""))
            # Enter answers the question instead of reaching the form (which would save).
            button.setAutoDefault(True)
            button.clicked.connect(slot)
            self._buttons.insertWidget(position, button)
            button.show()
            self.buttons.append(button)
        self.show()
        if focus is not None and self.buttons:
            self.buttons[focus].setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        self.hide()
        set_text(self.label, "")
        self.setAccessibleName("")


class EnterField(QLineEdit):
    """A line edit that may use Enter itself (to add or pick); otherwise Enter goes on to
    the form, which saves. ``take_enter`` returns True when it used the key."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.take_enter: Callable[[], bool] = lambda: False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain and self.take_enter():
            return
        super().keyPressEvent(event)


class ErrorLabel(TextLabel):
    """The message for one field, under it; hidden while there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet(f"color: {ERROR_COLOR}; font-weight: bold;")
        self.hide()

    def show_message(self, text: str) -> None:
        set_text(self, text)
        self.setVisible(bool(text))


def field_label(text: str, buddy: QWidget | None, parent: QWidget | None = None) -> QLabel:
    """A bold label above a field; its &mnemonic (Alt+letter) moves focus to ``buddy``."""
    label = TextLabel(text, parent)
    label.setWordWrap(True)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(text.replace("&", ""))
    if buddy is not None:
        label.setBuddy(buddy)
    return label


def name_combo(combo: QComboBox, name: str) -> None:
    """Name a combo box and its drop-down list, which screen readers reach too."""
    combo.setAccessibleName(name)
    combo.view().setAccessibleName(name)


def ui_qlocale() -> QLocale:
    return QLocale(i18n.current_language().replace("-", "_"))


class OptionalDateEdit(QDateEdit):
    """A date that may be left empty: it reads "No date" until one is chosen.

    The first arrow key press starts from today rather than from the hidden
    minimum, and Delete empties the field again. Tab and Shift+Tab visit a
    date's day, month and year once and then move on; an empty date has no
    parts to visit, so they move on at once (Qt alone keeps the focus there).

    An empty date has no parts to type into either, so a digit typed into it
    starts a typed date instead (``TypedDate``): the keys are shown as typed and
    become the date as soon as they spell a whole one, in the language's order
    or as year-month-day. Backspace takes back a key, Escape or Delete empties
    the field, and Tab, Enter or leaving the field take the date typed so far.
    """

    EMPTY = QDate(2000, 1, 1)

    date_changed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setLocale(ui_qlocale())
        pattern = self.locale().dateFormat(QLocale.FormatType.ShortFormat)
        if "yyyy" not in pattern:
            pattern = pattern.replace("yy", "yyyy")
        self.setDisplayFormat(pattern)
        self.setMinimumDate(self.EMPTY)
        self.setSpecialValueText(_("No date"))
        self.setDate(self.EMPTY)
        self.lineEdit().setAccessibleName(name)
        self._typed = TypedDate(pattern)
        self.dateChanged.connect(self._date_set)

    def value(self) -> date | None:
        chosen = self.date()
        return None if chosen == self.EMPTY else date(chosen.year(), chosen.month(), chosen.day())

    def set_value(self, day: date | None) -> None:
        if self._typed.text:
            self._show_typed("")
        self.setDate(self.EMPTY if day is None else QDate(day.year, day.month, day.day))

    def typed_text(self) -> str:
        """Keys typed into the empty field that do not (yet) make a date."""
        return self._typed.text

    def stepBy(self, steps: int) -> None:
        if self.value() is None:
            self.set_value(date.today())
            return
        super().stepBy(steps)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._typing_key(event):
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and self.value() is None:
            forward = event.key() == Qt.Key.Key_Tab and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            QWidget.focusNextPrevChild(self, forward)  # past the date edit's own part stepping
            event.accept()
            return
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.lineEdit().hasSelectedText()
            and len(self.lineEdit().selectedText()) == len(self.text())
        ):
            self.set_value(None)
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if self._typed.text:
            self._take_typed()
        super().focusOutEvent(event)

    # --- typing into an empty date ---------------------------------------------------------

    def _typing_key(self, event: QKeyEvent) -> bool:
        """Handle ``event`` as part of a typed date; False leaves it to the date edit."""
        key, text = event.key(), event.text()
        plain = not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        if not self._typed.text:
            starts = self.value() is None and not self.isReadOnly() and text.isdigit() and plain
            if not starts:
                return False
        if key == Qt.Key.Key_Backspace:
            self._show_typed(self._typed.text[:-1])
        elif key in (Qt.Key.Key_Escape, Qt.Key.Key_Delete):
            self._show_typed("")
        elif key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self._take_typed()
            forward = key == Qt.Key.Key_Tab and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            QWidget.focusNextPrevChild(self, forward)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._take_typed()
            return False  # Enter still reaches the form
        elif plain and len(text) == 1 and text.isprintable():
            if self._typed.accepts(text):
                self._show_typed(self._typed.text + text)
                if self._typed.is_whole():
                    self._take_typed()
        else:
            return False
        return True

    def _show_typed(self, text: str) -> None:
        # While the date is empty the edit shows its special text, so the keys typed
        # so far are shown there; the value stays empty until they make a date.
        self._typed.text = text
        self.setSpecialValueText(text or _("No date"))  # in the language shown now
        self.lineEdit().setCursorPosition(len(self.text()))

    def _take_typed(self) -> None:
        """Turn what was typed into the date; text that is not a date stays to be fixed."""
        day = self._typed.day()
        if day is None or not self._in_range(day):
            return
        self.set_value(day)
        self.setCurrentSectionIndex(self.sectionCount() - 1)
        self.lineEdit().setCursorPosition(len(self.text()))

    def _in_range(self, day: date) -> bool:
        chosen = QDate(day.year, day.month, day.day)
        return chosen != self.EMPTY and self.minimumDate() <= chosen <= self.maximumDate()

    def _date_set(self, _day: QDate) -> None:
        if self._typed.text and self.value() is not None:
            self._show_typed("")  # chosen from the calendar or Today while typing
        self.date_changed.emit()
