"""A repeated section of a survey: one entry per person or item, added and removed.

A ``RepeatSection`` holds the entries of one repeat ("Household member 1",
"Household member 2", …). When the survey fixes how many entries there are
(``repeat_count``, often an earlier answer) the form adds and removes them
itself and there are no buttons; otherwise the person adds one with the
button below the entries (Ctrl+Shift+A) and removes one with the button in
its title row (Ctrl+Shift+R from inside it). Removing an entry that holds
answers asks first, naming how many answers would be lost; the safe answer
("Keep it") has the focus.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ocpsc_field.core.survey import Group, SurveyDefinition
from ocpsc_field.i18n import _, ngettext
from ocpsc_field.ui.models import format_number
from ocpsc_field.ui.pages.common import TextLabel, scaled_font, set_text, wrapped
from ocpsc_field.ui.survey_blocks import HINT_STYLE, TextsOf, show_group_texts
from ocpsc_field.ui.survey_text import position_label
from ocpsc_field.ui.widgets.form_parts import ErrorLabel, MessageBar


class InstanceFrame(QFrame):
    """One entry of a repeat: its numbered title, Remove, and its questions.
    ``position`` includes its own number (the second entry of "members" is ``(2,)``)."""

    remove_requested = Signal()

    def __init__(
        self, group: Group, position: tuple[int, ...], removable: bool, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.group = group
        self.position = position
        self.nodes: list[QWidget] = []  # the widgets of the items inside, in order
        self._title_text = ""
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = TextLabel("", self)
        self.title.setWordWrap(True)
        self.title.setFont(scaled_font(self.title, 1.15, bold=True))
        self.remove_button: QPushButton | None = None
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        if removable:
            self.remove_button = QPushButton("", self)
            self.remove_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            self.remove_button.setAutoDefault(False)
            self.remove_button.clicked.connect(self.remove_requested)
            header.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        self.confirm = MessageBar(self)
        self.body = QVBoxLayout()
        self.body.setSpacing(self.fontMetrics().height())
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.confirm)
        layout.addLayout(self.body)

    @property
    def name(self) -> str:
        return self.group.name

    @property
    def number(self) -> int:
        return self.position[-1]

    def relabel(self, definition: SurveyDefinition, language: str) -> None:
        self._title_text = position_label(definition, self.group.label, language, self.number)
        set_text(self.title, self._title_text)
        self.setAccessibleName(self._title_text)
        if self.remove_button is not None:
            self.remove_button.setText(_("Remove this entry"))
            self.remove_button.setAccessibleName(_("Remove {entry}").format(entry=self._title_text))
            self.remove_button.setAccessibleDescription(_("Shortcut: Ctrl+Shift+R"))

    def ask_remove(
        self, answers: int, remove: Callable[[], None], keep: Callable[[], None]
    ) -> None:
        """Ask before removing an entry that holds answers; "Keep it" has the focus."""
        text = ngettext(
            "Remove {entry}? Its {count} answer will be lost.",
            "Remove {entry}? Its {count} answers will be lost.",
            answers,
        ).format(entry=self._title_text, count=format_number(answers))
        self.confirm.show_message(
            text, "notice", [(_("Remove it"), remove), (_("Keep it"), keep)], focus=1
        )

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = []
        if self.remove_button is not None:
            chain.append(self.remove_button)
        chain.extend(self.confirm.buttons)
        return chain


class RepeatSection(QFrame):
    """The entries of one repeat at one place in the form (``position`` is that of the
    entries around it), with Add when the person decides how many there are."""

    add_requested = Signal()

    def __init__(
        self, group: Group, position: tuple[int, ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.group = group
        self.position = position
        self.counted = group.repeat_count is not None
        self.instances: list[InstanceFrame] = []
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = TextLabel("", self)
        self.title.setWordWrap(True)
        self.title.setFont(scaled_font(self.title, 1.3, bold=True))
        self.hint = wrapped("", self)
        self.hint.setStyleSheet(HINT_STYLE)
        self.empty = wrapped("", self)
        self.empty.setStyleSheet(HINT_STYLE)
        self.error = ErrorLabel(self)
        self.body = QVBoxLayout()
        self.body.setSpacing(self.fontMetrics().height())
        self.add_button: QPushButton | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addLayout(self.body)
        layout.addWidget(self.empty)
        if not self.counted:
            self.add_button = QPushButton("", self)
            self.add_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            self.add_button.setAutoDefault(False)
            self.add_button.clicked.connect(self.add_requested)
            row = QHBoxLayout()
            row.addWidget(self.add_button)
            row.addStretch(1)
            layout.addLayout(row)
        self._section = ""

    @property
    def name(self) -> str:
        return self.group.name

    def relabel(
        self, definition: SurveyDefinition, language: str, texts_of: TextsOf | None = None
    ) -> None:
        show_group_texts(self, definition, language, texts_of)
        self._section = self.title.text()
        if self.add_button is not None:
            self.add_button.setText(_("Add an entry (Ctrl+Shift+A)"))
            self.add_button.setAccessibleName(
                _("Add an entry to {section}").format(section=self._section)
                if self._section
                else _("Add an entry")
            )
        for frame in self.instances:
            frame.relabel(definition, language)
        self.show_count()

    def show_count(self) -> None:
        """Say when there are no entries, and how to add one."""
        if self.instances:
            self.empty.hide()
            return
        if self.counted:
            text = _("No entries: an earlier answer says how many there are.")
        else:
            text = _("No entries yet. Add one for each person or item this part asks about.")
        set_text(self.empty, text)
        self.empty.show()

    def show_error(self, text: str) -> None:
        self.error.show_message(text)

    def focus_chain(self) -> list[QWidget]:
        return [self.add_button] if self.add_button is not None else []
