"""Right-to-left details that layouts do not mirror on their own.

``QApplication.setLayoutDirection`` (set from the language by
``ui.language``) mirrors every layout, form and table. Two things remain:

- **Icons that point.** A "back" arrow points to where the reader came from:
  left in English, right in Arabic. ``point_icon`` gives a button such an
  icon and turns it whenever the layout direction changes, including on a
  language switch at run time.
- **Fields holding people's data.** In an Arabic form, a field is laid out
  right to left, which scrambles a Latin name with parentheses or a phone
  number typed into it ("(916) 555-0123" shows as "555-0123 (916)").
  ``follow_content`` lets such a field take the direction of what is typed
  in it, as a web page's ``dir="auto"`` does; empty, it follows the form.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QStyle

Pointing = Literal["back", "forward"]
ICON_SIZE = 16

_RTL_CLASSES = frozenset({"R", "AL"})
_LTR_CLASSES = frozenset({"L"})


def text_direction(text: str) -> Qt.LayoutDirection | None:
    """The direction of ``text``'s first strong character (Unicode rule P2), or None."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _LTR_CLASSES:
            return Qt.LayoutDirection.LeftToRight
        if kind in _RTL_CLASSES:
            return Qt.LayoutDirection.RightToLeft
    return None


# -- icons that point ------------------------------------------------------------------
def arrow_image(pointing: Pointing, direction: Qt.LayoutDirection) -> QImage:
    """The arrow for ``pointing`` in a ``direction`` layout: the left-to-right one, mirrored
    for right to left."""
    style = QApplication.style()
    left_to_right = QStyle.StandardPixmap.SP_ArrowLeft
    if pointing == "forward":
        left_to_right = QStyle.StandardPixmap.SP_ArrowRight
    image = style.standardIcon(left_to_right).pixmap(ICON_SIZE, ICON_SIZE).toImage()
    if direction == Qt.LayoutDirection.RightToLeft:
        image = image.flipped(Qt.Orientation.Horizontal)
    return image


class _PointingIcon(QObject):
    """Keeps one button's arrow pointing the reader's way (an event filter on it)."""

    def __init__(self, button: QAbstractButton, pointing: Pointing) -> None:
        super().__init__(button)
        self.pointing: Pointing = pointing
        self._button = button
        self.apply()
        button.installEventFilter(self)

    def apply(self) -> None:
        image = arrow_image(self.pointing, self._button.layoutDirection())
        self._button.setIcon(QIcon(QPixmap.fromImage(image)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._button and event.type() == QEvent.Type.LayoutDirectionChange:
            self.apply()
        return False


def point_icon(button: QAbstractButton, pointing: Pointing) -> None:
    """Give ``button`` a back or forward arrow that mirrors with the layout."""
    _PointingIcon(button, pointing)


# -- fields holding people's data ------------------------------------------------------
class _ContentDirection(QObject):
    """Sets a line edit's direction from its text whenever the text changes."""

    def __init__(self, field: QLineEdit, fixed: Qt.LayoutDirection | None) -> None:
        super().__init__(field)
        self._field = field
        self._fixed = fixed
        field.textChanged.connect(self.apply)
        self.apply()

    def apply(self) -> None:
        wanted = self._fixed or text_direction(self._field.text())
        if wanted is None:
            self._field.unsetLayoutDirection()  # empty: as the form around it
        elif self._field.layoutDirection() != wanted or not self._field.testAttribute(
            Qt.WidgetAttribute.WA_SetLayoutDirection
        ):
            self._field.setLayoutDirection(wanted)


def follow_content(field: QLineEdit) -> None:
    """Lay ``field`` out in the direction of its own text (names, addresses, searches)."""
    _ContentDirection(field, None)


def always_left_to_right(field: QLineEdit) -> None:
    """Lay ``field`` out left to right in every language (phone numbers, ZIP codes, e-mail)."""
    _ContentDirection(field, Qt.LayoutDirection.LeftToRight)
