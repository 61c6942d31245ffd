"""Screenshots of the main screens in the pseudo-locale, to find clipped and untranslated text.

    python -m ocpsc_field.ui.shots.pseudo docs/screenshots

Under ``qps-ploc`` every catalog message is accented, about 40% longer and
wrapped in ``⟦…⟧``: a message whose closing ``⟧`` is missing was cut off by
its widget, and text without brackets never went through the catalog. The
screens of the language screenshots are shot again in it, plus the first
start (the language choice), the resident form, Settings, import, export and
the idle lock. Files are named ``language-<screen>-qps-ploc.png`` and
``pseudo-<screen>.png``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtTest import QTest

from ocpsc_field import i18n
from ocpsc_field.store import profile
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.ui.idle_lock import AppLock
from ocpsc_field.ui.screenshots import (
    PASSPHRASE,
    Shooter,
    main_window,
    settle,
    shoot_on_demo,
    type_text,
    wait_until,
)
from ocpsc_field.ui.screenshots import variant as _variant
from ocpsc_field.ui.shots.import_export import save_over
from ocpsc_field.ui.shots.languages import _shoot_language
from ocpsc_field.ui.tasks import DatabaseQueue
from ocpsc_field.ui.unlock_dialog import UnlockDialog

SCREEN = QSize(1280, 800)


def _first_start(shooter: Shooter, queue: DatabaseQueue) -> None:
    with tempfile.TemporaryDirectory(prefix="ocpsc-pseudo-") as folder:
        dialog = UnlockDialog(Path(folder) / "new", queue)
        dialog.show()
        settle(queue)
        shooter.save(dialog, "pseudo-create-profile")
        type_text(dialog.passphrase, "short")
        QTest.keyClick(dialog.passphrase, Qt.Key.Key_Return)
        wait_until(lambda: dialog.error.isVisible(), "the passphrase message")
        settle(queue)
        shooter.save(dialog, "pseudo-create-profile-problem")
        dialog.close()
        dialog.deleteLater()


def _dialogs(shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue) -> None:
    window = main_window(opened, queue)
    window.show_page("settings")
    settle(queue)
    shooter.save(window, "pseudo-settings")
    window.new_resident()
    settle(queue)
    form = window.resident_window
    assert form is not None
    form.resize(form.sizeHint().boundedTo(SCREEN - QSize(80, 60)))
    settle(queue)
    save_over(shooter, window, form, "pseudo-resident-form")
    form.close()
    window.import_residents()
    settle(queue)
    assert window.import_dialog is not None
    save_over(shooter, window, window.import_dialog, "pseudo-import")
    window.import_dialog.close()
    window.export_records()
    settle(queue)
    export = window.export_dialog
    assert export is not None
    export.resize(export.sizeHint().boundedTo(SCREEN - QSize(80, 60)))
    settle(queue)
    save_over(shooter, window, export, "pseudo-export")
    export.close()
    folder = opened.folder
    lock = AppLock(
        queue,
        lambda passphrase: profile.passphrase_opens(folder, passphrase),
        main_window=window,
        user=opened.actor.user,
        timeout_ms=60 * 60 * 1000,
        parent=window,
    )
    lock.lock()
    settle(queue)
    shooter.save(window, "pseudo-idle-lock")
    panel = lock.form_panel
    assert panel is not None
    type_text(panel.passphrase, PASSPHRASE)
    QTest.keyClick(panel.passphrase, Qt.Key.Key_Return)
    wait_until(lambda: not lock.is_locked, "the unlock")
    lock.stop()
    window.close()
    window.deleteLater()
    settle(queue)


def shoot(shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue) -> None:
    with _variant(i18n.PSEUDO) as suffix:
        _shoot_language(shooter, opened, queue, suffix)
        _dialogs(shooter, opened, queue)
        _first_start(shooter, queue)


def main(argv: list[str] | None = None) -> int:
    return shoot_on_demo(shoot, argv)


if __name__ == "__main__":
    raise SystemExit(main())
