"""Enroll this device: HQ's address and the one-time code from the coordinator.

The code is exchanged for a device token on a worker thread (the network
never runs on the database thread or the GUI thread); the token is then saved
inside the encrypted profile through the database queue. A refused code is
explained next to the code field, and what was typed stays in the fields.
"""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field.i18n import _
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.sync import enrollment
from ocpsc_field.sync.protocol import Enrolled, EnrollRequest
from ocpsc_field.ui.pages.common import set_text, wrapped
from ocpsc_field.ui.tasks import DatabaseQueue


class EnrollDialog(QDialog):
    """Window-modal; emits ``enrolled`` once the token is stored in the profile."""

    enrolled = Signal(object)  # Enrolled
    _answered = Signal(object, object)  # Enrolled or None, error message or None

    def __init__(
        self,
        queue: DatabaseQueue,
        opened: OpenProfile,
        parent: QWidget | None = None,
        server_url: str = "",
    ) -> None:
        super().__init__(parent)
        self._queue = queue
        self._opened = opened
        self._server_url = ""
        self.setWindowTitle(_("Enroll this device"))
        self.setAccessibleName(self.windowTitle())
        intro = wrapped(
            _(
                "Your coordinator gives you HQ's address and a one-time enrollment code. "
                "The code works once and expires after a few days."
            ),
            self,
        )
        self.server = QLineEdit(server_url, self)
        self.server.setAccessibleName(_("HQ address"))
        self.server.setPlaceholderText("https://hq.example.org")
        self.code = QLineEdit(self)
        self.code.setAccessibleName(_("Enrollment code"))
        self.code.setPlaceholderText("K7QXM-2HD9P-WNC4R")
        self.message = wrapped("", self)
        self.message.setStyleSheet("color: palette(highlight);")
        self.message.hide()
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(_("HQ address:"), self.server)
        form.addRow(_("Enrollment code:"), self.code)
        self.buttons = QDialogButtonBox(self)
        self.enroll_button = self.buttons.addButton(
            _("Enroll"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.enroll_button.setAccessibleName(_("Enroll"))
        self.enroll_button.setDefault(True)
        cancel = self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAccessibleName(_("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self._answered.connect(self._on_answer)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.server, self.code)
        self.setTabOrder(self.code, self.enroll_button)
        (self.code if server_url else self.server).setFocus()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Tall enough for the wrapped sentences at this width, whatever the font size."""
        width = max(self.width(), self.minimumWidth())
        layout = self.layout()
        height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
        self.resize(width, max(height, layout.totalSizeHint().height()))

    def _say(self, text: str) -> None:
        set_text(self.message, text)
        self.message.setVisible(bool(text))
        if self.isVisible():
            self._fit()

    def _busy(self, busy: bool) -> None:
        for widget in (self.server, self.code, self.enroll_button):
            widget.setEnabled(not busy)

    def submit(self) -> None:
        try:
            self._server_url = enrollment.check_input(self.server.text(), self.code.text())
        except enrollment.EnrollmentFailed as failed:
            self._say(str(failed))
            (self.server if failed.code == "bad_url" else self.code).setFocus()
            return
        self._busy(True)
        self._say(_("Contacting HQ…"))
        code = self.code.text()
        self._queue.run(
            lambda: enrollment.prepare(self._opened.database, code),
            success=self._ask_hq,
            failure=lambda error: self._on_answer(None, str(error)),
            owner=self,
        )

    def _ask_hq(self, request: EnrollRequest) -> None:
        url = self._server_url

        def work() -> None:
            try:
                answer, problem = enrollment.request(url, request), None
            except enrollment.EnrollmentFailed as failed:
                answer, problem = None, str(failed)
            if shiboken6.isValid(self):
                self._answered.emit(answer, problem)

        threading.Thread(target=work, name="ocpsc-enroll", daemon=True).start()

    def _on_answer(self, answer: Enrolled | None, problem: str | None) -> None:
        if answer is None:
            self._busy(False)
            self._say(problem or _("HQ refused the enrollment. Ask your coordinator."))
            self.code.setFocus()
            self.code.selectAll()
            return
        url = self._server_url
        self._queue.run(
            lambda: enrollment.save(self._opened.database, url, answer),
            success=lambda _none: self._saved(answer),
            failure=lambda error: self._on_answer(None, str(error)),
            owner=self,
        )

    def _saved(self, answer: Enrolled) -> None:
        self._say("")
        self.enrolled.emit(answer)
        self.accept()
