"""Pieces every page uses: a heading, wrapped text, and the empty state.

Sizes are derived from the widget's own font, so a page at 200% font scale
grows instead of clipping.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ocpsc_field.i18n import _

# Reading width for explanatory text, in average characters.
READING_WIDTH_CHARS = 70


def scaled_font(widget: QWidget, factor: float, *, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    else:
        font.setPixelSize(round(font.pixelSize() * factor))
    font.setBold(bold)
    return font


class TextLabel(QLabel):
    """A label whose text starts at the layout's leading edge.

    Qt aligns a label by its text's own direction, so an English string that has
    no translation yet would hug the left edge of an Arabic window. Here the
    layout decides: in right-to-left layouts text starts on the right.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._follow_layout_direction()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LayoutDirectionChange:
            self._follow_layout_direction()
        super().changeEvent(event)

    def setAlignment(self, alignment: Qt.AlignmentFlag) -> None:
        super().setAlignment(alignment)
        self._follow_layout_direction()

    def _follow_layout_direction(self) -> None:
        current = self.alignment()
        horizontal = current & Qt.AlignmentFlag.AlignHorizontal_Mask
        if horizontal & (Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignJustify):
            return
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        edge = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        wanted = (
            Qt.AlignmentFlag.AlignAbsolute | edge | (current & Qt.AlignmentFlag.AlignVertical_Mask)
        )
        if wanted != current:
            QLabel.setAlignment(self, wanted)


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    """A page title: large, bold, announced by screen readers as the page name."""
    label = TextLabel(text, parent)
    label.setFont(scaled_font(label, 1.6, bold=True))
    label.setWordWrap(True)
    label.setAccessibleName(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def wrapped(text: str = "", parent: QWidget | None = None, *, name: str = "") -> QLabel:
    """A label that wraps instead of clipping; its accessible name follows its text
    unless a fixed ``name`` is given."""
    label = TextLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(name or text)
    return label


def set_text(label: QLabel, text: str) -> None:
    """Change a label's text and keep its accessible name in step."""
    label.setText(text)
    label.setAccessibleName(text)


def action_button(action: QAction, parent: QWidget | None = None) -> QPushButton:
    """A button that triggers a window action and shows its shortcut in words."""
    text = action.text().replace("…", "")
    # Portable key names ("Ctrl+N"), as the messages that mention shortcuts write them.
    shortcut = action.shortcut().toString()
    label = (
        # Translators: a button for a menu action, with its keyboard shortcut after it.
        _("{action} ({shortcut})").format(action=text, shortcut=shortcut) if shortcut else text
    )
    button = QPushButton(label, parent)
    button.setAccessibleName(action.text().replace("&", "").replace("…", ""))
    button.setAccessibleDescription(shortcut)
    button.clicked.connect(action.trigger)
    button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    return button


class EmptyState(QWidget):
    """What a screen is for, shown while it has nothing to list, with the first action."""

    def __init__(
        self, title: str, body: str, *, action: QAction | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(title)
        self.title = QLabel(title, self)
        self.title.setFont(scaled_font(self.title, 1.25, bold=True))
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.title.setAccessibleName(title)
        self.body = wrapped(body, self)
        self.body.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        column = QWidget(self)
        column.setMaximumWidth(self.fontMetrics().averageCharWidth() * READING_WIDTH_CHARS)
        inner = QVBoxLayout(column)
        inner.addWidget(self.title)
        inner.addWidget(self.body)
        self.button: QPushButton | None = None
        if action is not None:
            self.button = action_button(action, column)
            inner.addSpacing(self.fontMetrics().height())
            inner.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        column.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 8)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def set_texts(self, title: str, body: str) -> None:
        set_text(self.title, title)
        set_text(self.body, body)
        self.setAccessibleName(title)
