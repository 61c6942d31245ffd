"""Choosing a program from the catalog, and the tick boxes its checklists use.

The catalog is small (dozens of programs) and already loaded, so filtering
runs on each keystroke with no database work: every word typed must appear in
the program's name, code, agency or description, in any of its languages.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field import i18n
from ocpsc_field.core.labels import pick_label
from ocpsc_field.i18n import _
from ocpsc_field.store.enrollments import match_programs
from ocpsc_field.ui.multilingual import LabelText, data_lines, item_data, label_text
from ocpsc_field.ui.pages.common import TextLabel, set_text, wrapped


def program_name(program: dict[str, Any] | None) -> str:
    """A program's name in the UI language."""
    if not program or not program.get("name"):
        return _("A program not on this laptop yet")
    return pick_label(program["name"], i18n.current_language())


def _first_sentence(text: str) -> str:
    for mark in (". ", "。", "! ", "? "):
        end = text.find(mark)
        if end > 0:
            return text[: end + 1].strip()
    return text


class ProgramListModel(QAbstractListModel):
    """Programs as a list: the name in the UI language, the agency, one sentence about it."""

    ProgramRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        program = self._rows[index.row()]
        if role == self.ProgramRole:
            return program
        name, about = label_text(program.get("name")), label_text(program.get("description"))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            lines = [
                name.tagged() or program_name(program),
                program.get("agency") or "",
                _first_sentence(about.text),
            ]
            if role == Qt.ItemDataRole.AccessibleTextRole:
                shown = "\n".join(line for line in lines if line)
                return LabelText(shown, name.other_language or about.other_language).spoken()
            return data_lines(lines)
        # A name or description HQ has not translated yet is marked as such.
        return item_data(LabelText("", name.other_language or about.other_language), role)


class _SearchBox(QLineEdit):
    """Down moves from the search into the list, as in the residents search."""

    move_to_results = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.move_to_results.emit()
            return
        super().keyPressEvent(event)


class ProgramPicker(QWidget):
    """Search-as-you-type over the program catalog; ``chosen`` carries the program."""

    chosen = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Choose a program"))
        self._programs: list[dict[str, Any]] = []
        self.intro = wrapped("", self)
        self.search = _SearchBox(self)
        self.search.setAccessibleName(_("Search programs"))
        self.search.setAccessibleDescription(
            _("The list updates as you type. Press Down to move to the list, Enter to choose.")
        )
        self.search.setPlaceholderText(_("Type part of a program's name or what it helps with"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.move_to_results.connect(self._focus_list)
        self.model = ProgramListModel(self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setAccessibleName(_("Programs"))
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(self.fontMetrics().height() // 4)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.doubleClicked.connect(lambda _index: self.choose_current())
        self.empty = wrapped("", self)
        self.empty.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addWidget(self.search)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)

    def set_programs(self, programs: list[dict[str, Any]], resident_name: str) -> None:
        self._programs = programs
        set_text(
            self.intro,
            i18n.fill(
                _(
                    "Which program is {name} applying for? Programs used most on this laptop "
                    "come first."
                ),
                name=resident_name,
            ),
        )
        self._filter()

    def _filter(self) -> None:
        text = self.search.text()
        rows = [dict(program) for program in match_programs(self._programs, text)]
        self.model.set_rows(rows)
        if rows:
            self.list.setCurrentIndex(self.model.index(0, 0))
            self.empty.hide()
            self.list.show()
            return
        if self._programs:
            message = _(
                "No program matches “{text}”. Try another word, like food, health or rent."
            ).format(text=text.strip())
        else:
            message = _(
                "No programs on this laptop yet. The program catalog arrives from "
                "HQ when this laptop syncs."
            )
        set_text(self.empty, message)
        self.empty.show()
        self.list.hide()

    def _focus_list(self) -> None:
        if self.model.rowCount():
            self.list.setFocus(Qt.FocusReason.TabFocusReason)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def choose_current(self) -> None:
        index = self.list.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        if index.isValid():
            self.chosen.emit(index.data(ProgramListModel.ProgramRole))


class _ClickableLabel(TextLabel):
    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class CheckItem(QWidget):
    """A tick box with a label that wraps (long questions never clip); the label toggles it."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox(self)
        self.box.setAccessibleName(text)
        # The tick box grows with the font (Qt draws it at a fixed pixel size otherwise).
        self.box.setStyleSheet("QCheckBox::indicator { width: 1em; height: 1em; }")
        self.label = _ClickableLabel(text, self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAccessibleName(text)
        self.label.clicked.connect(self._clicked)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)

    def _clicked(self) -> None:
        self.box.toggle()
        self.box.setFocus(Qt.FocusReason.MouseFocusReason)
