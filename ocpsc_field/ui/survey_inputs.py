"""Inputs for a time of day and for an acknowledgement.

A time is typed as hours and minutes ("14:30"), the way it is said at the
door, with no spin box to fight; text that is not a time yet is kept as
typed so the check on submit can say what is wrong. An acknowledgement is
one check box whose answer is "OK".
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QWidget

from ocpsc_field.core.survey import Question
from ocpsc_field.core.survey_model import ACKNOWLEDGED
from ocpsc_field.i18n import _
from ocpsc_field.ui.survey_answer import AnswerWidget, ShortLineAnswer

# What may be typed on the way to a time: "9", "9:", "09:3", "14:30", "14.30", "1430".
_TYPING = r"\s*\d{0,2}([:.h]?\d{0,2})?\s*"
_TIME = re.compile(r"\s*(\d{1,2})[:.h]?(\d{2})\s*")
TIME_WIDTH_CHARS = 16  # room for the placeholder


def read_time(text: str) -> str | None:
    """``text`` as "HH:MM", or None when it is not a time of day."""
    found = _TIME.fullmatch(text)
    if found is None:
        return None
    hours, minutes = int(found.group(1)), int(found.group(2))
    if hours > 23 or minutes > 59:
        return None
    return f"{hours:02d}:{minutes:02d}"


class TimeAnswer(ShortLineAnswer):
    """A time of day typed as hours:minutes; a stored "HH:MM:SS" shows as it was."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        validator = QRegularExpressionValidator(QRegularExpression(_TYPING))
        hints = Qt.InputMethodHint.ImhTime
        super().__init__(question, validator, hints, TIME_WIDTH_CHARS, parent)
        self.editor.setPlaceholderText(_("hours:minutes, like 14:30"))

    def value(self) -> Any:
        text = self.editor.text()
        if not text.strip():
            return None
        if re.fullmatch(r"\d{2}:\d{2}:\d{2}", text.strip()):
            return text.strip()
        # Text that is not a time yet is kept, so the check can say so.
        return read_time(text) or text.strip()

    def set_value(self, value: Any) -> None:
        self.editor.setText("" if value is None else str(value))


class AcknowledgeAnswer(AnswerWidget):
    """One box to tick; Space ticks it, and the answer is "OK"."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.box = QCheckBox(_("Yes, confirmed"), self)
        self.box.setEnabled(not question.read_only)
        self._loading = False
        self.box.toggled.connect(self._toggled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addStretch(1)

    def _toggled(self, _checked: bool) -> None:
        if not self._loading:
            self.edited.emit()
            self.committed.emit()

    def value(self) -> Any:
        return ACKNOWLEDGED if self.box.isChecked() else None

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            self.box.setChecked(value == ACKNOWLEDGED)
        finally:
            self._loading = False

    def set_names(self, name: str, description: str) -> None:
        super().set_names(name, description)
        self.box.setAccessibleName(name)
        self.box.setAccessibleDescription(description)

    def focus_target(self) -> QWidget:
        return self.box
