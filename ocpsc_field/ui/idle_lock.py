"""Locking the app after idle time, and unlocking it exactly where the user was.

Locking covers every open window (the main window and any dialog, even a
modal one in the middle of a form) with an opaque panel, so no resident's
details stay on screen, and swallows keyboard shortcuts. Nothing is closed
or reset: the forms keep what was typed and their drafts keep saving, so
unlocking returns to the same page, the same field, the same text.

The passphrase is checked against the profile on the database queue (the
key derivation is deliberately slow); the key itself is never kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field.i18n import _
from ocpsc_field.ui.pages.common import heading, wrapped
from ocpsc_field.ui.tasks import DatabaseQueue

DEFAULT_IDLE_MINUTES = 5
SETTING_KEY = "idle_lock_minutes"

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.InputMethod,
    }
)


class IdleWatcher(QObject):
    """Emits ``idle`` after a stretch of no keyboard, mouse or touch input."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self.set_timeout_ms(timeout_ms)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_timeout_ms(self, timeout_ms: int) -> None:
        """0 turns locking off."""
        self._timeout_ms = max(0, timeout_ms)
        self.restart()

    def restart(self) -> None:
        self._timer.stop()
        if self._timeout_ms:
            self._timer.start(self._timeout_ms)

    def pause(self) -> None:
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in _ACTIVITY and self._timer.isActive():
            self._timer.start(self._timeout_ms)
        return False

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class LockPanel(QWidget):
    """An opaque cover over one window; the one on the active window asks for the passphrase."""

    submitted = Signal(str)

    def __init__(self, window: QWidget, *, with_form: bool, user: str) -> None:
        super().__init__(window)
        self.setObjectName("lockPanel")
        self.setAutoFillBackground(True)
        self.setAccessibleName(_("OCPSC Field is locked"))
        self.passphrase: QLineEdit | None = None
        self.error: QLabel | None = None
        self.unlock_button: QPushButton | None = None
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(
            heading(_("OCPSC Field is locked"), self), 0, Qt.AlignmentFlag.AlignHCenter
        )
        if with_form:
            self._build_form(layout, user)
        layout.addStretch(2)
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()

    def _build_form(self, layout: QVBoxLayout, user: str) -> None:
        explain = wrapped(
            _(
                "It locked itself after a period of no use, to protect residents' information. "
                "Everything you were doing is kept. Type the profile passphrase to continue, "
                "{user}."
            ).format(user=user),
            self,
        )
        explain.setMaximumWidth(560)
        layout.addWidget(explain, 0, Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.passphrase.setMinimumWidth(320)
        self.passphrase.returnPressed.connect(self._submit)
        self.unlock_button = QPushButton(_("&Unlock"), self)
        self.unlock_button.setAccessibleName(_("Unlock"))
        self.unlock_button.clicked.connect(self._submit)
        row.addStretch(1)
        row.addWidget(self.passphrase)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.error = wrapped("", self, name=_("Unlock message"))
        self.error.setMaximumWidth(560)
        self.error.hide()
        layout.addWidget(self.error, 0, Qt.AlignmentFlag.AlignHCenter)

    def _submit(self) -> None:
        if self.passphrase is not None and self.passphrase.text():
            self.submitted.emit(self.passphrase.text())

    def set_busy(self, busy: bool) -> None:
        for widget in (self.passphrase, self.unlock_button):
            if widget is not None:
                widget.setEnabled(not busy)

    def show_error(self, text: str) -> None:
        if self.error is not None and self.passphrase is not None:
            self.error.setText(text)
            self.error.show()
            self.passphrase.selectAll()
            self.passphrase.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
            self.raise_()
        return False


class AppLock(QObject):
    """Locks every window on idle (or Ctrl+L) and unlocks with the profile passphrase."""

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        queue: DatabaseQueue,
        check_passphrase: Callable[[str], bool],
        *,
        main_window: QWidget,
        user: str,
        timeout_ms: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._queue = queue
        self._check = check_passphrase
        self._main_window = main_window
        self._user = user
        self._panels: list[LockPanel] = []
        self._focus: QWidget | None = None
        self.watcher = IdleWatcher(timeout_ms, self)
        self.watcher.idle.connect(self.lock)

    @property
    def is_locked(self) -> bool:
        return bool(self._panels)

    @property
    def form_panel(self) -> LockPanel | None:
        return next((panel for panel in self._panels if panel.passphrase is not None), None)

    def lock(self) -> None:
        if self.is_locked:
            return
        self.watcher.pause()
        self._focus = QApplication.focusWidget()
        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()]
        active = QApplication.activeModalWidget() or self._main_window
        if active not in windows:
            windows.append(active)
        for window in windows:
            panel = LockPanel(window, with_form=window is active, user=self._user)
            panel.submitted.connect(self._try_unlock)
            self._panels.append(panel)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        form = self.form_panel
        if form is not None and form.passphrase is not None:
            form.passphrase.setFocus()
        self.locked.emit()

    def _try_unlock(self, passphrase: str) -> None:
        form = self.form_panel
        if form is None:
            return
        form.set_busy(True)
        self._queue.run(
            lambda: self._check(passphrase),
            success=self._checked,
            failure=lambda _error: self._checked(False),
            owner=form,
        )

    def _checked(self, ok: bool) -> None:
        form = self.form_panel
        if form is None:
            return
        form.set_busy(False)
        if not ok:
            form.show_error(
                _("That passphrase is not correct. Check the keyboard language and Caps Lock.")
            )
            return
        self.unlock()

    def unlock(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        for panel in self._panels:
            panel.hide()
            panel.deleteLater()
        self._panels = []
        if self._focus is not None:
            self._focus.setFocus()
        self._focus = None
        self.watcher.restart()
        self.unlocked.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """While locked, only the lock panel's own widgets get keys and shortcuts."""
        kind = event.type()
        if kind in (QEvent.Type.Shortcut, QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            inside = isinstance(watched, QWidget) and any(
                panel.isAncestorOf(watched) or panel is watched for panel in self._panels
            )
            if kind == QEvent.Type.Shortcut or not inside:
                return True
        return False

    def stop(self) -> None:
        self.watcher.stop()


def lock_shortcut() -> QKeySequence:
    return QKeySequence("Ctrl+L")


def minutes_to_ms(minutes: Any) -> int:
    try:
        return max(0, int(minutes)) * 60_000
    except (TypeError, ValueError):
        return DEFAULT_IDLE_MINUTES * 60_000
