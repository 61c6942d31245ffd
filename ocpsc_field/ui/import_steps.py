"""The import dialog's steps other than the column step, and its progress strip.

Each step only lays out its widgets and shows what it is given; the dialog
(``import_dialog``) runs the jobs and moves between steps.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field.i18n import _, ngettext, sentences
from ocpsc_field.store.importer import (
    CHECKING,
    SAVING,
    WRITING,
    CheckedFile,
    PreviousImport,
)
from ocpsc_field.ui.formats import format_day
from ocpsc_field.ui.import_models import ProblemListModel
from ocpsc_field.ui.models import format_number
from ocpsc_field.ui.pages.common import heading, set_text, wrapped


def bold(label: QLabel) -> QLabel:
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def problem_label(parent: QWidget) -> QLabel:
    """A bold line for what went wrong, hidden until there is something to say."""
    label = bold(wrapped("", parent))
    label.setAccessibleDescription(_("Problem"))
    label.hide()
    return label


def show_problem(label: QLabel, text: str) -> None:
    """Show ``text``; a screen reader reads the message itself, described as a problem."""
    set_text(label, text)
    label.show()


def button(text: str, parent: QWidget) -> QPushButton:
    """A push button whose accessible name is its text without the mnemonic."""
    push = QPushButton(text, parent)
    push.setAccessibleName(text.replace("&", "").replace("…", ""))
    return push


def button_row(*buttons: QPushButton) -> QHBoxLayout:
    """Buttons at the trailing edge, in reading (and Tab) order."""
    row = QHBoxLayout()
    row.addStretch(1)
    for push in buttons:
        row.addWidget(push)
    return row


class ChooseStep(QWidget):
    """Step 1: which file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Choose a file"))
        self.path_edit = QLineEdit(self)
        self.path_edit.setAccessibleName(_("File to import"))
        self.path_edit.setPlaceholderText(_("The path of a .csv or .xlsx file"))
        file_label = QLabel(_("&File:"), self)
        file_label.setBuddy(self.path_edit)
        self.browse_button = button(_("C&hoose a file…"), self)
        self.error = problem_label(self)
        self.open_button = button(_("&Next: match the columns"), self)
        self.cancel_button = button(_("Cancel"), self)
        row = QHBoxLayout()
        row.addWidget(file_label)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        intro = _(
            "Choose a CSV or Excel file with one resident per row and the column names in "
            "the first row. Next you match its columns to resident fields and every row is "
            "checked. Nothing is saved until you choose what to import."
        )
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Import residents"), self))
        layout.addWidget(wrapped(intro, self))
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(button_row(self.cancel_button, self.open_button))


class CheckStep(QWidget):
    """Step 3: the counts, every problem by row number, and the choice of what to import."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Check the rows"))
        self.summary = bold(wrapped("", self))
        self.previous_warning = bold(wrapped("", self))
        self.problem_model = ProblemListModel(self)
        self.problem_list = QListView(self)
        self.problem_list.setModel(self.problem_model)
        self.problem_list.setAccessibleName(_("Rows that need fixing"))
        self.problem_list.setWordWrap(True)
        self.problem_list.setAlternatingRowColors(True)
        self.save_fix_button = button(_("&Save the rows to fix beside the file"), self)
        self.fix_saved = wrapped("", self)
        self.choice_text = wrapped(
            _(
                "Import the good rows now and the others once they are fixed, or import "
                "nothing until the whole file is fixed. Either way nothing is half-imported."
            ),
            self,
        )
        self.error = problem_label(self)
        self.back_button = button(_("&Back"), self)
        self.import_nothing_button = button(_("Import &nothing until the file is fixed"), self)
        self.import_button = QPushButton(self)
        fix_row = QHBoxLayout()
        fix_row.addWidget(self.save_fix_button)
        fix_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Check the rows"), self))
        layout.addWidget(self.summary)
        layout.addWidget(self.previous_warning)
        layout.addWidget(self.problem_list, 1)
        layout.addLayout(fix_row)
        layout.addWidget(self.fix_saved)
        layout.addWidget(self.error)
        layout.addWidget(self.choice_text)
        layout.addLayout(
            button_row(self.back_button, self.import_nothing_button, self.import_button)
        )

    def show_checked(self, checked: CheckedFile, previous: PreviousImport | None) -> None:
        good, bad = checked.good_count, checked.bad_count
        self.problem_model.set_problems(checked.problems)
        summary = ngettext(
            "{count} row is ready to import.", "{count} rows are ready to import.", good
        ).format(count=format_number(good))
        if bad:
            summary = sentences(
                summary,
                ngettext(
                    "{count} row needs fixing; the problems are listed below.",
                    "{count} rows need fixing; the problems are listed below.",
                    bad,
                ).format(count=format_number(bad)),
            )
        set_text(self.summary, summary)
        self.previous_warning.setVisible(previous is not None)
        if previous is not None:
            set_text(self.previous_warning, previous_text(previous))
        for widget in (self.problem_list, self.save_fix_button, self.import_nothing_button):
            widget.setVisible(bad > 0)
        self.save_fix_button.setEnabled(True)
        self.fix_saved.hide()
        self.error.hide()
        self.choice_text.setVisible(bad > 0 and good > 0)
        self.import_button.setVisible(good > 0)
        if bad:
            label = ngettext(
                "&Import the {count} good row", "&Import the {count} good rows", good
            ).format(count=format_number(good))
        else:
            label = ngettext("&Import {count} resident", "&Import {count} residents", good).format(
                count=format_number(good)
            )
        self.import_button.setText(label)
        self.import_button.setAccessibleName(label.replace("&", ""))


def previous_text(previous: PreviousImport) -> str:
    return ngettext(
        "⚠ This file was already imported on {date} ({count} resident). "
        "Importing it again adds them a second time.",
        "⚠ This file was already imported on {date} ({count} residents). "
        "Importing it again adds them a second time.",
        previous.count,
    ).format(
        date=format_day(previous.at),
        count=format_number(previous.count),
    )


class DoneStep(QWidget):
    """Step 4: what was saved, what was not, and where the rows to fix are."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Import finished"))
        self.heading = heading("", self)
        self.text = wrapped("", self)
        self.fix_button = button(_("&Save the rows to fix beside the file"), self)
        self.fix_saved = wrapped("", self)
        self.error = problem_label(self)
        self.close_button = button(_("&Close"), self)
        fix_row = QHBoxLayout()
        fix_row.addWidget(self.fix_button)
        fix_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.text)
        layout.addLayout(fix_row)
        layout.addWidget(self.fix_saved)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(button_row(self.close_button))

    def show_result(self, title: str, text: str, *, can_save_fix: bool, fix_text: str) -> None:
        set_text(self.heading, title)
        set_text(self.text, text)
        self.fix_button.setVisible(can_save_fix)
        set_text(self.fix_saved, fix_text)
        self.fix_saved.setVisible(bool(fix_text))


class ProgressStrip(QWidget):
    """What the running step is doing, how far it is, and Stop."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Progress"))
        self.text = wrapped("", self)
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName(_("Progress"))
        self.bar.setTextVisible(False)
        self.stop_button = button(_("S&top"), self)
        self.stop_button.setAccessibleDescription(_("Stops and leaves nothing imported."))
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addLayout(row)
        self.hide()

    def start(self, text: str) -> None:
        set_text(self.text, text)
        self.bar.setRange(0, 0)
        self.stop_button.setEnabled(True)
        self.show()
        self.stop_button.setFocus()

    def stopping(self) -> None:
        self.stop_button.setEnabled(False)
        set_text(self.text, _("Stopping… nothing from the file will be kept."))

    def report(self, stage: str, rows: int, fraction: float | None) -> None:
        if stage == CHECKING:
            text = _("Checking every row… {count} checked so far.")
        elif stage == SAVING:
            text = _("Preparing the residents to save… {count} so far.")
        elif stage == WRITING:
            text = ngettext(
                "Saving {count} resident in one step. Stop still leaves nothing imported.",
                "Saving {count} residents in one step. Stop still leaves nothing imported.",
                rows,
            )
        else:
            text = ""
        if text:
            set_text(self.text, text.format(count=format_number(rows)))
        if fraction is None:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, 1000)
            self.bar.setValue(round(fraction * 1000))
