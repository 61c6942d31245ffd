"""Screenshots of the real widgets on a temporary demo profile, rendered offscreen.

    python -m ocpsc_field.ui.screenshots docs/screenshots

Used to review layouts in many scripts, right-to-left and at 200% font scale
without a display. Every screen is driven the way a user would drive it: typed
passphrases, typed searches, results from the database queue.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from ocpsc_field.core.records import Kind
from ocpsc_field.i18n import match_language, set_language
from ocpsc_field.store.session import OpenProfile, init_profile, open_profile
from ocpsc_field.ui.language import start_language
from ocpsc_field.ui.main_window import MainWindow
from ocpsc_field.ui.tasks import DatabaseQueue
from ocpsc_field.ui.unlock_dialog import UnlockDialog

PASSPHRASE = "demo passphrase"
WINDOW_SIZE = (1280, 800)
TIMEOUT_S = 30.0
DEBOUNCE_WAIT_MS = 250  # longer than the search box's debounce

# Typed by hand, in many scripts, so the searches below always have someone to find
# (and the only residents when the demo generator is not available).
HAND_TYPED_RESIDENTS = [
    ("Nguyễn", "Thị Hương", "vi", "(714) 555-0111", "Westminster", "Orange"),
    ("Trần", "Văn Minh", "vi", "(408) 555-0112", "San Jose", "Santa Clara"),
    ("Nguyễn", "Quốc Bảo", "vi", "(714) 555-0131", "Garden Grove", "Orange"),
    ("陈", "美玲", "zh-Hans", "(415) 555-0113", "San Francisco", "San Francisco"),
    ("黃", "志明", "zh-Hant", "(626) 555-0114", "Alhambra", "Los Angeles"),
    ("김", "민준", "ko", "(213) 555-0115", "Los Angeles", "Los Angeles"),
    ("Հակոբյան", "Արամ", "hy", "(818) 555-0116", "Glendale", "Los Angeles"),
    ("محمدی", "زهرا", "fa", "(310) 555-0117", "Los Angeles", "Los Angeles"),
    ("الحسيني", "فاطمة", "ar", "(619) 555-0118", "El Cajon", "San Diego"),
    ("ស៊ុន", "សុភា", "km", "(562) 555-0119", "Long Beach", "Los Angeles"),
    ("García López", "José", "es", "(559) 555-0120", "Fresno", "Fresno"),
    ("Hernández", "María Guadalupe", "es", "(323) 555-0121", "Los Angeles", "Los Angeles"),
    ("Santos", "Maricel", "tl", "(650) 555-0122", "Daly City", "San Mateo"),
    ("Vang", "Pa Houa", "hmn", "(916) 555-0123", "Sacramento", "Sacramento"),
    ("ਸਿੰਘ", "ਹਰਪ੍ਰੀਤ", "pa", "(209) 555-0124", "Stockton", "San Joaquin"),
    ("Иванова", "Светлана", "ru", "(916) 555-0125", "Rancho Cordova", "Sacramento"),
    ("山田", "花子", "ja", "(310) 555-0126", "Torrance", "Los Angeles"),
    ("ትኩ", "ሰላም", "am", "(510) 555-0127", "Oakland", "Alameda"),
    ("ผลดี", "สมชาย", "th", "(818) 555-0128", "North Hollywood", "Los Angeles"),
    ("Phạm", "Thu Trang", "vi", "(619) 555-0129", "San Diego", "San Diego"),
]


SEARCHES = {"vietnamese": "nguyen", "cjk": "陈美玲", "rtl": "محمدی"}


def fill(opened: OpenProfile) -> str:
    """Demo data from the generator when it is there, plus the hand-typed residents."""
    try:
        from ocpsc_field.store.demo import fill_demo
    except ImportError:
        source = "hand-typed residents only (no demo generator)"
    else:
        fill_demo(opened, residents=300, seed=7)
        source = "demo generator and hand-typed residents"
    for family, given, language, phone, city, county in HAND_TYPED_RESIDENTS:
        result = opened.records.create(
            Kind.RESIDENT,
            {
                "family_name": family,
                "given_name": given,
                "preferred_language": language,
                "phone": phone,
                "city": city,
                "county": county,
            },
        )
        if not result.ok:
            raise SystemExit(f"hand-typed resident rejected: {sorted(result.errors)}")
    return source


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        QTest.qWait(20)


def settle(queue: DatabaseQueue) -> None:
    """Let queued database work deliver its results and the layouts catch up."""
    QTest.qWait(DEBOUNCE_WAIT_MS)
    wait_until(lambda: not queue.busy, "the database queue")
    QTest.qWait(50)


class Shooter:
    """Saves grabs of widgets and remembers what was written."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        self.saved: list[Path] = []
        outdir.mkdir(parents=True, exist_ok=True)

    def save(self, widget: QWidget, name: str) -> None:
        path = self.outdir / f"{name}.png"
        if not widget.grab().save(str(path)):
            raise SystemExit(f"could not write {path}")
        self.saved.append(path)
        print(path)


def shoot_unlock(
    shooter: Shooter,
    queue: DatabaseQueue,
    folder: Path,
    suffix: str = "",
) -> OpenProfile:
    dialog = UnlockDialog(folder, queue)
    dialog.show()
    settle(queue)
    shooter.save(dialog, f"unlock{suffix}")
    QTest.keyClicks(dialog.passphrase, "not the passphrase")
    QTest.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: dialog.error.isVisible(), "the wrong-passphrase message")
    settle(queue)
    shooter.save(dialog, f"unlock-wrong-passphrase{suffix}")
    dialog.passphrase.clear()
    QTest.keyClicks(dialog.passphrase, PASSPHRASE)
    QTest.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    wait_until(lambda: dialog.opened is not None, "the profile to open")
    opened = dialog.opened
    assert opened is not None
    dialog.close()
    dialog.deleteLater()
    return opened


def shoot_create(shooter: Shooter, queue: DatabaseQueue, folder: Path) -> None:
    dialog = UnlockDialog(folder, queue)
    dialog.show()
    QTest.keyClicks(dialog.passphrase, "short")
    QTest.keyClicks(dialog.repeat, "short")
    QTest.keyClick(dialog.repeat, Qt.Key.Key_Return)
    settle(queue)
    shooter.save(dialog, "create-profile-too-short")
    dialog.close()
    dialog.deleteLater()


@contextmanager
def variant(name: str) -> Iterator[str]:
    """One look: plain (""), "200pct" font, "rtl" layout, or a shipped language by its
    tag ("es", "zh-Hant", "ar": catalog, formats and direction); yields the file name
    suffix ("-zh-hant")."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    base = QFont(app.font())
    language = match_language(name) if name not in ("", "200pct", "rtl") else None
    if name not in ("", "200pct", "rtl") and (language is None or language.tag != name):
        raise ValueError(f"unknown screenshot variant: {name!r}")
    try:
        if name == "200pct":
            large = QFont(base)
            large.setPointSizeF(base.pointSizeF() * 2)
            app.setFont(large)
        elif name == "rtl":
            app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        elif language is not None:
            start_language(language.tag)
        yield f"-{name.lower()}" if name else ""
    finally:
        app.setFont(base)
        if language is not None:
            start_language("en")
        app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def main_window(opened: OpenProfile, queue: DatabaseQueue) -> MainWindow:
    window = MainWindow(opened, queue)
    window.resize(*WINDOW_SIZE)
    window.show()
    settle(queue)
    return window


def type_text(widget: QWidget, text: str) -> None:
    """Type like a user: keys for ASCII, an input-method commit for other scripts
    (how CJK, Vietnamese or Arabic text arrives from an IME or keyboard layout)."""
    for char in text:
        if char.isascii():
            QTest.keyClicks(widget, char)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def search(window: MainWindow, queue: DatabaseQueue, text: str) -> None:
    window.find_resident()
    page = window.residents_page
    page.search.clear()
    type_text(page.search, text)
    settle(queue)


def shoot_main(
    shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue, suffix: str = ""
) -> None:
    window = main_window(opened, queue)
    shooter.save(window, f"main-today{suffix}")
    search(window, queue, SEARCHES["vietnamese"])
    shooter.save(window, f"residents-search-vietnamese{suffix}")
    search(window, queue, SEARCHES["cjk"])
    shooter.save(window, f"residents-search-cjk{suffix}")
    search(window, queue, "zzqx")
    shooter.save(window, f"residents-no-match{suffix}")
    window.show_page("sync")
    settle(queue)
    shooter.save(window, f"sync{suffix}")
    window.close()
    window.deleteLater()


def shoot_rtl(shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    try:
        window = main_window(opened, queue)
        shooter.save(window, "rtl-main-today")
        search(window, queue, SEARCHES["rtl"])
        shooter.save(window, "rtl-residents")
        window.close()
        window.deleteLater()
    finally:
        app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def shoot_empty(shooter: Shooter, queue: DatabaseQueue, folder: Path, suffix: str = "") -> None:
    """A fresh profile: the empty states a new user sees."""

    def job() -> OpenProfile:
        init_profile(folder, PASSPHRASE, user="new-canvasser")
        return open_profile(folder, PASSPHRASE)

    holder: dict[str, Any] = {}
    queue.run(job, success=lambda opened: holder.update(opened=opened))
    wait_until(lambda: "opened" in holder, "the empty profile")
    empty: OpenProfile = holder["opened"]
    window = main_window(empty, queue)
    shooter.save(window, f"empty-today{suffix}")
    window.show_page("conversations")
    settle(queue)
    shooter.save(window, f"empty-conversations{suffix}")
    window.show_page("residents")
    settle(queue)
    shooter.save(window, f"empty-residents{suffix}")
    window.close()
    window.deleteLater()
    queue.run(empty.close)
    settle(queue)


# Each workflow screen's module makes its own shots (plain, 200% font and RTL).
# Import and export go last: they add residents to the demo profile.
WORKFLOW_SHOTS = (
    "conversations",
    "residents",
    "enrollments",
    "resources",
    "surveys",
    "sync",
    "sync_quarantine",
    "sync_busy",
    "team_devices",
    "bundles",
    "import_export",
    "languages",
    "pseudo",
)


def shoot_workflows(shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue) -> None:
    import importlib

    for name in WORKFLOW_SHOTS:
        module = importlib.import_module(f"ocpsc_field.ui.shots.{name}")
        module.shoot(shooter, opened, queue)
        settle(queue)


def shoot_on_demo(
    shoot: Callable[[Shooter, OpenProfile, DatabaseQueue], None],
    argv: Sequence[str] | None = None,
) -> int:
    """Only ``shoot``'s screenshots, on a fresh demo profile (quicker than every screen)."""
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    set_language("en")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    shooter = Shooter(Path(args[0] if args else "docs/screenshots"))
    with tempfile.TemporaryDirectory(prefix="ocpsc-screens-") as tmp:
        folder = Path(tmp) / "demo"
        init_profile(folder, PASSPHRASE, user="demo-canvasser")
        with open_profile(folder, PASSPHRASE) as opened:
            fill(opened)
        opened = open_profile(folder, PASSPHRASE)
        queue = DatabaseQueue()
        try:
            shoot(shooter, opened, queue)
        finally:
            queue.shutdown()
            opened.close()
    print(f"{len(shooter.saved)} screenshots in {shooter.outdir}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    outdir = Path(args[0] if args else "docs/screenshots")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    set_language("en")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("ocpsc-field")
    app.setApplicationDisplayName("OCPSC Field")
    shooter = Shooter(outdir)
    base_font = QFont(app.font())
    with tempfile.TemporaryDirectory(prefix="ocpsc-screens-") as tmp:
        folder = Path(tmp) / "demo"
        init_profile(folder, PASSPHRASE, user="demo-canvasser")
        # No worker exists yet, so the GUI thread may use the database directly.
        with open_profile(folder, PASSPHRASE) as opened:
            source = fill(opened)
        print(f"demo data: {source}")
        queue = DatabaseQueue()
        try:
            opened = shoot_unlock(shooter, queue, folder)
            shoot_create(shooter, queue, Path(tmp) / "new")
            shoot_main(shooter, opened, queue)
            shoot_rtl(shooter, opened, queue)
            shoot_empty(shooter, queue, Path(tmp) / "empty")
            shoot_workflows(shooter, opened, queue)
            large = QFont(base_font)
            large.setPointSizeF(base_font.pointSizeF() * 2)
            app.setFont(large)
            shoot_main(shooter, opened, queue, suffix="-200pct")
            shoot_empty(shooter, queue, Path(tmp) / "empty-large", suffix="-200pct")
            dialog = UnlockDialog(folder, queue)
            dialog.show()
            settle(queue)
            shooter.save(dialog, "unlock-200pct")
            dialog.close()
            app.setFont(base_font)
        finally:
            queue.shutdown()
        opened.close()
    print(f"{len(shooter.saved)} screenshots in {outdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
