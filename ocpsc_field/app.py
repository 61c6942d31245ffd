"""Start the desktop app: language, unlock, main window, and a clean shutdown.

Any unexpected error becomes a plain message for the user and a log entry that
holds no personal data (types and code locations, never exception messages,
which can quote residents' names).
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QEventLoop
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMessageBox

from ocpsc_field import __version__
from ocpsc_field.i18n import _, render
from ocpsc_field.store import profile, settings
from ocpsc_field.store.errors import StoreError
from ocpsc_field.store.session import OpenProfile, open_profile
from ocpsc_field.ui.idle_lock import (
    DEFAULT_IDLE_MINUTES,
    AppLock,
    lock_shortcut,
    minutes_to_ms,
)
from ocpsc_field.ui.idle_lock import SETTING_KEY as IDLE_SETTING
from ocpsc_field.ui.language import start_language
from ocpsc_field.ui.language_choice import start_language_tag
from ocpsc_field.ui.main_window import MainWindow
from ocpsc_field.ui.tasks import DatabaseQueue, safe_traceback
from ocpsc_field.ui.unlock_dialog import UnlockDialog

log = logging.getLogger("ocpsc_field")
EXIT_OK = 0
EXIT_FAILED = 1
LOG_BYTES = 1_000_000

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]


def unexpected_error_text() -> str:
    return _(
        "Something went wrong in OCPSC Field. Your saved records are safe on this laptop. "
        "If this keeps happening, restart the app and tell your coordinator what you were "
        "doing when it happened."
    )


def configure_logging() -> Path | None:
    """Log to a rotating file in the user's log folder; returns its path (None: stderr)."""
    import platformdirs

    if any(isinstance(h, logging.handlers.RotatingFileHandler) for h in log.handlers):
        return None
    folder = Path(platformdirs.user_log_dir("ocpsc-field", "OCPSC"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / "ocpsc-field.log", maxBytes=LOG_BYTES, backupCount=3, encoding="utf-8"
        )
        path: Path | None = folder / "ocpsc-field.log"
    except OSError:
        handler, path = logging.StreamHandler(), None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def tell_problem(parent: Any, text: str) -> None:
    """A problem the user must read, with a translated button (not Qt's standard "OK")."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_("OCPSC Field"))
    box.setText(text)
    box.setAccessibleName(_("OCPSC Field"))
    box.setDefaultButton(box.addButton(_("Close"), QMessageBox.ButtonRole.AcceptRole))
    box.exec()


class PlainErrorHook:
    """``sys.excepthook`` for the GUI: a plain message instead of a traceback."""

    def __init__(self) -> None:
        self._showing = False

    def __call__(
        self, exc_type: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, error, tb)
            return
        if error.__traceback__ is None and tb is not None:
            error = error.with_traceback(tb)
        log.error("Unexpected error:\n%s", safe_traceback(error))
        if self._showing or QApplication.instance() is None:
            return  # one message at a time; the log has every occurrence
        self._showing = True
        try:
            tell_problem(QApplication.activeWindow(), unexpected_error_text())
        finally:
            self._showing = False


def _application(profile_dir: Path) -> QApplication:
    """The QApplication, speaking the saved language (or OCPSC_LANG, or the system's)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("ocpsc-field")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("OCPSC")
    start_language(start_language_tag(profile_dir))  # Qt catalog, locale and direction too
    app.setApplicationDisplayName(_("OCPSC Field"))
    return app


def _open_directly(queue: DatabaseQueue, folder: Path, passphrase: str) -> OpenProfile | None:
    """Open with a passphrase given on start (environment or file), on the queue."""
    outcome: dict[str, Any] = {}
    loop = QEventLoop()
    queue.run(
        lambda: open_profile(folder, passphrase),
        success=lambda opened: outcome.update(opened=opened),
        failure=lambda error: outcome.update(error=error),
    )
    queue.idle.connect(loop.quit)
    loop.exec()
    queue.idle.disconnect(loop.quit)
    error = outcome.get("error")
    if error is None:
        return outcome.get("opened")
    if isinstance(error, StoreError):
        text = render(error.message)
    else:
        log.error("Opening the profile failed unexpectedly:\n%s", safe_traceback(error))
        text = unexpected_error_text()
    tell_problem(None, text)
    return None


def install_lock(window: QMainWindow, queue: DatabaseQueue, opened: OpenProfile) -> AppLock:
    """Lock after the profile's idle time (Settings), or at once with Ctrl+L."""
    folder = opened.folder
    app_lock = AppLock(
        queue,
        lambda passphrase: profile.passphrase_opens(folder, passphrase),
        main_window=window,
        user=opened.actor.user,
        timeout_ms=minutes_to_ms(DEFAULT_IDLE_MINUTES),
        parent=window,
    )
    queue.run(
        lambda: settings.get(opened.database, IDLE_SETTING),
        success=lambda minutes: app_lock.watcher.set_timeout_ms(
            minutes_to_ms(DEFAULT_IDLE_MINUTES if minutes is None else minutes)
        ),
    )
    settings_page = getattr(window, "pages", {}).get("settings")
    if settings_page is not None and hasattr(settings_page, "idle_minutes_changed"):
        settings_page.idle_minutes_changed.connect(
            lambda minutes: app_lock.watcher.set_timeout_ms(minutes_to_ms(minutes))
        )
    action = QAction(_("&Lock now"), window)
    action.setShortcut(lock_shortcut())
    action.triggered.connect(app_lock.lock)
    window.addAction(action)
    window.lock_action = action  # type: ignore[attr-defined]
    return app_lock


def run_gui(profile_dir: Path, passphrase: str | None = None) -> int:
    """Open the app on ``profile_dir``; returns the process exit code."""
    app = _application(profile_dir)
    configure_logging()
    previous_hook: ExceptHook = sys.excepthook
    sys.excepthook = PlainErrorHook()
    queue = DatabaseQueue()
    opened: OpenProfile | None = None
    try:
        if passphrase is not None:
            opened = _open_directly(queue, profile_dir, passphrase)
            if opened is None:
                return EXIT_FAILED
        else:
            dialog = UnlockDialog(profile_dir, queue)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.opened is None:
                return EXIT_OK
            opened = dialog.opened
        window = MainWindow(opened, queue)
        app_lock = install_lock(window, queue, opened)
        screen = app.primaryScreen().availableGeometry()
        window.resize(min(1280, screen.width()), min(800, screen.height()))
        window.show()
        code = int(app.exec())
        app_lock.stop()
        return code
    finally:
        # The worker stops first; then the GUI thread alone may close the database.
        queue.shutdown()
        if opened is not None:
            opened.close()
        sys.excepthook = previous_hook
