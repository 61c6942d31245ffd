"""Screenshots of the resource directory.

    shoot(shooter, opened, queue)

The directory filtered to one county and a language spoken there, with a
resource's details; a typed search; and a search with no match. Each at
1280x800, at 200% font scale and right-to-left.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox

from ocpsc_field.store.session import OpenProfile
from ocpsc_field.ui.screenshots import Shooter, main_window, settle, type_text
from ocpsc_field.ui.screenshots import variant as _variant
from ocpsc_field.ui.tasks import DatabaseQueue


def _choose(combo: QComboBox, data: str | None) -> None:
    combo.setCurrentIndex(max(combo.findData(data), 0))


def shoot(shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue) -> None:
    for name in ("", "200pct", "rtl"):
        with _variant(name) as suffix:
            window = main_window(opened, queue)
            window.show_page("resources")
            settle(queue)
            page = window.resources_page
            _choose(page.county, "Los Angeles")
            settle(queue)
            _choose(page.language, "es")
            settle(queue)
            page.list.setFocus()
            QTest.keyClick(page.list, Qt.Key.Key_Down)
            settle(queue)
            shooter.save(window, f"resources-details{suffix}")

            _choose(page.county, None)
            _choose(page.language, None)
            type_text(page.search, "legal")
            settle(queue)
            shooter.save(window, f"resources-search{suffix}")

            type_text(page.search, " zzqx")
            settle(queue)
            shooter.save(window, f"resources-no-match{suffix}")
            window.close()
            window.deleteLater()
            settle(queue)
