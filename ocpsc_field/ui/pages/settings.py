"""Settings: the interface language, when the app locks itself, the profile passphrase,
and facts about this profile."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field.i18n import _, ngettext, render
from ocpsc_field.store import migrations, profile, settings
from ocpsc_field.store.errors import StoreError
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.ui.idle_lock import DEFAULT_IDLE_MINUTES, SETTING_KEY
from ocpsc_field.ui.language import switch_language, switcher
from ocpsc_field.ui.language_choice import LanguageBox, save_language
from ocpsc_field.ui.pages.common import heading, set_text, wrapped
from ocpsc_field.ui.tasks import DatabaseQueue

MAX_IDLE_MINUTES = 120


class MinutesBox(QSpinBox):
    """Minutes as a whole phrase ("5 minutes"), so each language places and inflects the unit."""

    def textFromValue(self, value: int) -> str:
        # Translators: the idle time before the app locks, shown in a number field.
        return ngettext("{count} minute", "{count} minutes", value).format(count=value)

    def valueFromText(self, text: str) -> int:
        digits = "".join(char for char in text if char.isdigit())
        return int(digits) if digits else self.value()

    def validate(self, text: str, position: int) -> object:
        from PySide6.QtGui import QValidator

        digits = "".join(char for char in text if char.isdigit())
        if not digits:
            return QValidator.State.Intermediate
        if self.minimum() <= int(digits) <= self.maximum():
            return QValidator.State.Acceptable
        return QValidator.State.Intermediate

    def show_in_language(self) -> None:
        """Write the current value out again in the active language."""
        self.lineEdit().setText(self.textFromValue(self.value()))


def _password_field(name: str, parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


class SettingsPage(QWidget):
    """Per-profile settings, kept inside the encrypted database."""

    idle_minutes_changed = Signal(int)

    def __init__(self, queue: DatabaseQueue, opened: OpenProfile, parent: Any = None) -> None:
        super().__init__(parent)
        self._queue = queue
        self._opened = opened
        self.setAccessibleName(_("Settings"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Settings"), self))
        layout.addWidget(self._language_group())
        layout.addWidget(self._lock_group())
        layout.addWidget(self._passphrase_group())
        layout.addWidget(self._about_group())
        layout.addStretch(1)
        self.refresh()

    # -- building ------------------------------------------------------------------
    def _language_group(self) -> QGroupBox:
        group = QGroupBox(_("Language"), self)
        form = QFormLayout(group)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        row = QHBoxLayout()
        self.language_box = LanguageBox(group)
        row.addWidget(self.language_box)
        self.language_button = QPushButton(_("&Use this language"), group)
        self.language_button.setAccessibleName(_("Use this language"))
        self.language_button.clicked.connect(self.use_chosen_language)
        row.addWidget(self.language_button)
        row.addStretch(1)
        label = QLabel(_("&Language of the app:"), group)
        label.setBuddy(self.language_box)
        form.addRow(label, row)
        self.language_note = wrapped(
            _(
                "Menus, buttons and messages change at once; nothing you have typed is lost. "
                "The language you speak with a resident is chosen in each conversation."
            ),
            group,
        )
        form.addRow(self.language_note)
        switcher().language_changed.connect(self._language_changed)
        return group

    def _lock_group(self) -> QGroupBox:
        group = QGroupBox(_("Locking"), self)
        form = QFormLayout(group)
        self.idle_minutes = MinutesBox(group)
        self.idle_minutes.setRange(1, MAX_IDLE_MINUTES)
        self.idle_minutes.setValue(DEFAULT_IDLE_MINUTES)
        self.idle_minutes.setAccessibleName(_("Lock after this many minutes of no use"))
        self.idle_minutes.lineEdit().setAccessibleName(self.idle_minutes.accessibleName())
        self.idle_minutes.editingFinished.connect(self._save_idle_minutes)
        form.addRow(_("Lock after &no use for:"), self.idle_minutes)
        self.lock_note = wrapped(
            _(
                "The app covers its windows and asks for the passphrase again. "
                "Nothing you are typing is lost. Press Ctrl+L to lock at once."
            ),
            group,
        )
        form.addRow(self.lock_note)
        return group

    def _passphrase_group(self) -> QGroupBox:
        group = QGroupBox(_("Profile passphrase"), self)
        form = QFormLayout(group)
        self.current = _password_field(_("Current passphrase"), group)
        self.new = _password_field(_("New passphrase"), group)
        self.repeat = _password_field(_("Repeat the new passphrase"), group)
        form.addRow(_("&Current passphrase:"), self.current)
        form.addRow(_("N&ew passphrase:"), self.new)
        form.addRow(_("&Repeat the new passphrase:"), self.repeat)
        row = QHBoxLayout()
        self.change_button = QPushButton(_("Change &passphrase"), group)
        self.change_button.setAccessibleName(_("Change passphrase"))
        self.change_button.clicked.connect(self.change_passphrase)
        row.addWidget(self.change_button)
        row.addStretch(1)
        form.addRow(row)
        self.passphrase_message = wrapped("", group, name=_("Passphrase message"))
        self.passphrase_message.hide()
        form.addRow(self.passphrase_message)
        return group

    def _about_group(self) -> QGroupBox:
        group = QGroupBox(_("This profile"), self)
        form = QFormLayout(group)
        self.about_labels: dict[str, QLabel] = {}
        for key, label in (
            ("user", _("Signed in as:")),
            ("folder", _("Profile folder:")),
            ("device", _("Device id:")),
            ("schema", _("Data format version:")),
        ):
            value = wrapped("", group)
            self.about_labels[key] = value
            form.addRow(label, value)
        return group

    # -- behaviour -----------------------------------------------------------------
    def refresh(self) -> None:
        opened = self._opened

        def job() -> dict[str, Any]:
            return {
                "minutes": settings.get(opened.database, SETTING_KEY),
                "schema": migrations.current_version(opened.database),
            }

        self._queue.run(job, success=self._show, owner=self)

    def _show(self, facts: dict[str, Any]) -> None:
        minutes = facts["minutes"]
        self.idle_minutes.setValue(int(minutes) if minutes else DEFAULT_IDLE_MINUTES)
        values = {
            "user": self._opened.actor.user,
            "folder": str(self._opened.folder),
            "device": self._opened.actor.device,
            "schema": str(facts["schema"]),
        }
        for key, value in values.items():
            set_text(self.about_labels[key], value)

    def use_chosen_language(self) -> None:
        """Switch every window to the chosen language now, and keep it for the next start."""
        tag = switch_language(self.language_box.chosen())
        folder = self._opened.folder
        self._queue.run(lambda: save_language(folder, tag), owner=self)

    def _language_changed(self, _tag: str) -> None:
        self.idle_minutes.show_in_language()

    def _save_idle_minutes(self) -> None:
        minutes = self.idle_minutes.value()
        database = self._opened.database
        self._queue.run(
            lambda: settings.put(database, SETTING_KEY, str(minutes)),
            success=lambda _none: self.idle_minutes_changed.emit(minutes),
            owner=self,
        )

    def change_passphrase(self) -> None:
        current, new, repeat = self.current.text(), self.new.text(), self.repeat.text()
        if new != repeat:
            self._say(_("The two new passphrases do not match. Nothing was changed."))
            self.repeat.setFocus()
            return
        problem = profile.check_new_passphrase(new)
        if problem is not None:
            self._say(render(problem))
            self.new.setFocus()
            return
        folder, database = self._opened.folder, self._opened.database
        self.change_button.setEnabled(False)
        self._say(_("Changing the passphrase…"))
        self._queue.run(
            lambda: profile.change_passphrase_open(folder, database, current, new),
            success=lambda _none: self._changed(),
            failure=self._change_failed,
            owner=self,
        )

    def _changed(self) -> None:
        self.change_button.setEnabled(True)
        for field in (self.current, self.new, self.repeat):
            field.clear()
        self._say(_("The passphrase was changed. Use the new one from now on."))

    def _change_failed(self, error: BaseException) -> None:
        self.change_button.setEnabled(True)
        if isinstance(error, StoreError):
            self._say(render(error.message))
        else:
            self._say(_("The passphrase could not be changed. Nothing was changed."))
        self.current.setFocus()
        self.current.selectAll()

    def _say(self, text: str) -> None:
        set_text(self.passphrase_message, text)
        self.passphrase_message.show()
