"""Unlock the profile with its passphrase, or create the profile when there is none.

Opening takes a noticeable moment on purpose (the key derivation is slow so
stolen laptops resist guessing) and may migrate the schema, so it runs on the
database queue while the dialog shows that it is working. A wrong passphrase
is reported inline in the user's language; nothing typed is cleared.

On the first start (no profile yet) the dialog opens with the language list
at the top: picking a language speaks the dialog in it at once, and the
choice is kept with the new profile for every later start.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field.i18n import _, is_rtl, render
from ocpsc_field.store import profile
from ocpsc_field.store.errors import StoreError
from ocpsc_field.store.session import OpenProfile, init_profile, open_profile
from ocpsc_field.ui.language import switch_language
from ocpsc_field.ui.language_choice import LanguageBox, save_language
from ocpsc_field.ui.pages.common import set_text, wrapped
from ocpsc_field.ui.tasks import DatabaseQueue, safe_traceback

log = logging.getLogger(__name__)
DIALOG_WIDTH_CHARS = 60


def profile_exists(folder: Path) -> bool:
    """Whether ``folder`` holds a profile (one small stat, fine on the GUI thread)."""
    return (folder / profile.META_FILE).is_file()


class UnlockDialog(QDialog):
    """Asks for the passphrase; on success ``opened`` holds the unlocked profile."""

    def __init__(
        self,
        profile_dir: Path,
        queue: DatabaseQueue,
        *,
        language: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.profile_dir = profile_dir
        self.opened: OpenProfile | None = None
        self.creating = not profile_exists(profile_dir)
        self._queue = queue
        self._busy = False
        if is_rtl(language):
            self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        title = _("Create a profile") if self.creating else _("Unlock OCPSC Field")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * DIALOG_WIDTH_CHARS)
        self._build()
        self.passphrase.setFocus()

    def _build(self) -> None:
        if self.creating:
            intro_text = _(
                "There is no profile on this laptop yet. Choose a passphrase to "
                "create one. It protects residents' information and cannot be "
                "recovered if it is lost, so keep it safe."
            )
        else:
            intro_text = _("Type the passphrase for this profile to unlock it.")
        self.intro = wrapped(intro_text, self)
        self.folder = wrapped(_("Profile folder: {folder}").format(folder=self.profile_dir), self)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.passphrase = self._secret_field(_("Passphrase"))
        self.repeat = self._secret_field(_("Repeat the passphrase"))
        self.show_passphrase = QCheckBox(_("&Show passphrase"), self)
        self.show_passphrase.setAccessibleName(_("Show passphrase"))
        self.show_passphrase.toggled.connect(self._show_toggled)
        # The tick box grows with the font (Qt draws it at a fixed pixel size otherwise).
        self.show_passphrase.setStyleSheet("QCheckBox::indicator { width: 1em; height: 1em; }")

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.language_box: LanguageBox | None = None
        if self.creating:
            self.language_box = LanguageBox(self)
            self.language_box.currentIndexChanged.connect(self._language_chosen)
            form.addRow(self._buddy(_("&Language:"), self.language_box), self.language_box)
        form.addRow(self._buddy(_("&Passphrase:"), self.passphrase), self.passphrase)
        if self.creating:
            form.addRow(self._buddy(_("&Repeat the passphrase:"), self.repeat), self.repeat)
        else:
            self.repeat.hide()
        form.addRow("", self.show_passphrase)

        self.error = wrapped("", self)
        self.error.setAccessibleName(_("Problem"))
        error_font = self.error.font()
        error_font.setBold(True)
        self.error.setFont(error_font)
        # The icon only repeats what the words say; colour and icon never stand alone.
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        size = self.fontMetrics().height() * 2
        self.error_icon = QLabel(self)
        self.error_icon.setPixmap(icon.pixmap(size, size))
        self.error_icon.setAccessibleName(_("Warning"))
        self.error_row = QWidget(self)
        self.error_row.setAccessibleName(_("Problem"))
        row = QHBoxLayout(self.error_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.error_icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.error, 1)
        self.error_row.hide()

        self.busy_label = wrapped(
            _("Creating the encrypted profile…") if self.creating else _("Unlocking the profile…"),
            self,
        )
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)  # indeterminate: the KDF has no progress to report
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setAccessibleName(self.busy_label.text())
        self.busy_label.hide()
        self.busy_bar.hide()

        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(
            _("Create profile") if self.creating else _("Unlock"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.ok_button.setAccessibleName(self.ok_button.text())
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(
            _("Quit"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.cancel_button.setAccessibleName(_("Quit"))
        self.cancel_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.folder)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addLayout(form)
        layout.addWidget(self.error_row)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.busy_bar)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def _secret_field(self, name: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setAccessibleName(name)
        return field

    def _buddy(self, text: str, field: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(field)
        label.setAccessibleName(text.replace("&", ""))
        return label

    def _language_chosen(self, _index: int) -> None:
        """Speak the dialog in the language just picked (typed passphrases stay)."""
        if self.language_box is not None and not self._busy:
            switch_language(self.language_box.chosen())
            self._fit_height()

    def _show_toggled(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.passphrase.setEchoMode(mode)
        self.repeat.setEchoMode(mode)

    def sizeHint(self) -> QSize:
        """Wide enough to read, and exactly as tall as the wrapped text needs."""
        hint = super().sizeHint()
        width = max(hint.width(), self.minimumWidth())
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            return QSize(width, layout.totalHeightForWidth(width))
        return QSize(width, hint.height())

    def _fit_height(self) -> None:
        """Grow (never shrink) when a message appears, so no text is clipped."""
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            needed = layout.totalHeightForWidth(self.width())
            if needed > self.height():
                self.resize(self.width(), needed)

    # -- behaviour -----------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._busy

    def show_error(self, text: str) -> None:
        """Say what went wrong, keep everything typed, and put the cursor back."""
        set_text(self.error, text)
        self.error_row.show()
        self._fit_height()
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)
        self.passphrase.selectAll()

    def submit(self) -> None:
        if self._busy:
            return
        passphrase = self.passphrase.text()
        if self.creating:
            problem = profile.check_new_passphrase(passphrase)
            if problem is not None:
                self.show_error(render(problem))
                return
            if self.repeat.text() != passphrase:
                self.show_error(
                    _("The two passphrases do not match. Type the same passphrase in both fields.")
                )
                return
        elif not passphrase:
            self.show_error(_("Type the passphrase for this profile first."))
            return
        self._set_busy(True)
        folder, creating = self.profile_dir, self.creating
        language = self.language_box.chosen() if self.language_box is not None else None

        def job() -> OpenProfile:
            if creating:
                init_profile(folder, passphrase)
                # The profile is made even if the choice cannot be kept (asked again next time).
                with contextlib.suppress(OSError):
                    if language is not None:
                        save_language(folder, language)
            return open_profile(folder, passphrase)

        self._queue.run(job, success=self._unlocked, failure=self._failed, owner=self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.passphrase, self.repeat, self.show_passphrase, self.ok_button):
            widget.setEnabled(not busy)
        if self.language_box is not None:
            self.language_box.setEnabled(not busy)
        self.busy_label.setVisible(busy)
        self.busy_bar.setVisible(busy)
        if busy:
            self.error_row.hide()
        self._fit_height()

    def _unlocked(self, opened: OpenProfile) -> None:
        self._set_busy(False)
        self.opened = opened
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, StoreError):
            self.show_error(render(error.message))
            return
        log.error("Opening the profile failed unexpectedly:\n%s", safe_traceback(error))
        self.show_error(
            _(
                "The profile could not be opened because of an unexpected problem. "
                "Nothing was changed. Restart the app; if it happens again, contact "
                "support."
            )
        )

    def reject(self) -> None:
        """Esc and Quit cancel, except while the profile is being opened (a moment)."""
        if not self._busy:
            super().reject()

    def closeEvent(self, event: Any) -> None:
        if self._busy:
            event.ignore()
            return
        super().closeEvent(event)
