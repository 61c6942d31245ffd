"""Screenshots of the residents list, a resident's page, and the resident form.

    shoot(shooter, opened, queue)

Driven as a user would: filters chosen by keyboard, a header clicked, a resident
opened from the list, the form typed with mistakes, a likely duplicate typed.
Each screen is shot at 1280x800, at 200% font scale and right-to-left. Nothing
is saved: the forms are closed and their drafts discarded afterwards.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from ocpsc_field.store.resident_list import ResidentSort
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.ui.main_window import MainWindow
from ocpsc_field.ui.models import ResidentTableModel
from ocpsc_field.ui.resident_detail import ResidentDetail
from ocpsc_field.ui.resident_form import ResidentForm
from ocpsc_field.ui.screenshots import (
    WINDOW_SIZE,
    Shooter,
    main_window,
    settle,
    type_text,
    wait_until,
)
from ocpsc_field.ui.screenshots import variant as _variant
from ocpsc_field.ui.tasks import DatabaseQueue

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _busiest_resident(opened: OpenProfile, queue: DatabaseQueue) -> str:
    """The resident with the most conversations, enrollments and surveys."""
    found: dict[str, Any] = {}

    def job() -> str:
        return str(
            opened.database.scalar(
                "SELECT resident_id FROM (SELECT resident_id FROM contact_log UNION ALL "
                "SELECT resident_id FROM enrollment UNION ALL SELECT resident_id FROM "
                "survey_response) WHERE resident_id IS NOT NULL GROUP BY resident_id "
                "ORDER BY count(*) DESC LIMIT 1"
            )
        )

    queue.run(job, success=lambda resident_id: found.update(id=resident_id))
    wait_until(lambda: "id" in found, "the busiest resident")
    return str(found["id"])


def _show(dialog: QWidget, queue: DatabaseQueue) -> None:
    dialog.resize(*WINDOW_SIZE)
    settle(queue)


def _list(shooter: Shooter, window: MainWindow, queue: DatabaseQueue, suffix: str) -> None:
    window.show_page("residents")
    settle(queue)
    page = window.residents_page
    page.filters.county.setFocus()
    QTest.keyClicks(page.filters.county, "Los Angeles")
    settle(queue)
    header = page.table.horizontalHeader()
    column = ResidentTableModel.COL_NAME
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    settle(queue)
    page.search.setFocus()
    type_text(page.search, "ma")
    settle(queue)
    shooter.save(window, f"residents-list-filters{suffix}")
    page.search.clear()
    page.filters.clear()
    settle(queue)
    page.filters.set_sort(ResidentSort.NEWEST)
    page.run_search()
    settle(queue)


def _detail(
    shooter: Shooter, window: MainWindow, queue: DatabaseQueue, resident_id: str, suffix: str
) -> None:
    window.open_resident(resident_id)
    detail = window.resident_window
    assert isinstance(detail, ResidentDetail)
    wait_until(lambda: detail.resident is not None, "the resident")
    _show(detail, queue)
    # Tab moves into the timeline; at large sizes the page scrolls down to it.
    detail.timeline_table.setFocus()
    bar = detail.scroll_area.verticalScrollBar()
    bar.setValue(bar.maximum())
    settle(queue)
    shooter.save(detail, f"residents-detail-timeline{suffix}")
    detail.reject()
    settle(queue)


def _new_form(window: MainWindow, queue: DatabaseQueue) -> ResidentForm:
    window.activateWindow()
    wait_until(window.isActiveWindow, "the main window to be active")
    QTest.keyClick(window, Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)
    form = window.resident_window
    assert isinstance(form, ResidentForm)
    wait_until(lambda: form.ready, "the resident form")
    _show(form, queue)
    return form


def _close_form(form: ResidentForm, queue: DatabaseQueue) -> None:
    form.discard_and_close()  # the screenshots leave no draft behind
    settle(queue)


def _form_errors(shooter: Shooter, window: MainWindow, queue: DatabaseQueue, suffix: str) -> None:
    form = _new_form(window, queue)
    inputs = form.fields.inputs
    type_text(inputs["family_name"], "Hernández")
    QTest.keyClick(form, Qt.Key.Key_B, ALT)
    QTest.keyClicks(inputs["birth_date"], "1980-02-30")
    QTest.keyClick(form, Qt.Key.Key_P, ALT)
    QTest.keyClicks(inputs["phone"], "555-0123")
    QTest.keyClick(form, Qt.Key.Key_Z, ALT)
    QTest.keyClicks(inputs["zip"], "10001")
    QTest.keyClick(form, Qt.Key.Key_S, CTRL)
    settle(queue)
    shooter.save(form, f"residents-form-errors{suffix}")
    _close_form(form, queue)


def _duplicates(shooter: Shooter, window: MainWindow, queue: DatabaseQueue, suffix: str) -> None:
    form = _new_form(window, queue)
    inputs = form.fields.inputs
    type_text(inputs["given_name"], "Jose")
    type_text(inputs["family_name"], "Garcia")
    QTest.keyClick(form, Qt.Key.Key_L, ALT)
    QTest.keyClicks(inputs["preferred_language"], "Spanish")
    QTest.keyClick(form, Qt.Key.Key_P, ALT)
    QTest.keyClicks(inputs["phone"], "559 555 0120")
    QTest.keyClick(inputs["phone"], Qt.Key.Key_Return)
    wait_until(lambda: form.duplicates is not None, "the duplicate warning")
    warning = form.duplicates
    assert warning is not None
    warning.resize(WINDOW_SIZE[0], warning.height())
    settle(queue)
    shooter.save(warning, f"residents-duplicate-warning{suffix}")
    warning.reject()
    settle(queue)
    _close_form(form, queue)


def shoot(shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue) -> None:
    resident_id = _busiest_resident(opened, queue)
    for name in ("", "200pct", "rtl"):
        with _variant(name) as suffix:
            window = main_window(opened, queue)
            _list(shooter, window, queue, suffix)
            _detail(shooter, window, queue, resident_id, suffix)
            _form_errors(shooter, window, queue, suffix)
            _duplicates(shooter, window, queue, suffix)
            window.close()
            window.deleteLater()
            settle(queue)
