"""The residents page on a real profile: filters, sorting, lazy paging, delete and undo,
export. Every database call goes through the window's DatabaseQueue."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ocpsc_field.core.records import Kind
from ocpsc_field.ui.main_window import MainWindow
from ocpsc_field.ui.models import ResidentTableModel
from ocpsc_field.ui.tasks import DatabaseQueue

M = ResidentTableModel
TODAY = date.today()
PEOPLE = [
    ("García López", "José", "es", "Fresno", "(559) 555-0113"),
    ("Garcia", "Ana", "es", "Los Angeles", "(323) 555-0114"),
    ("Nguyễn", "Thị Hương", "vi", "Orange", "(714) 555-0111"),
    ("Adams", "Zoe", "en", "Los Angeles", None),
    ("Vang", "Pa Houa", "hmn", "Sacramento", "(916) 555-0123"),
    ("Kim", "Min-jun", "ko", "Los Angeles", "(213) 555-0115"),
]


@pytest.fixture
def queue(opened) -> Iterator[DatabaseQueue]:
    database_queue = DatabaseQueue()
    yield database_queue
    database_queue.shutdown()


def settle(qtbot, queue: DatabaseQueue) -> None:
    qtbot.waitUntil(lambda: not queue.busy)


def on_queue(qtbot, queue: DatabaseQueue, job) -> Any:
    outcome: dict[str, Any] = {}
    queue.run(
        job,
        success=lambda result: outcome.update(result=result),
        failure=lambda error: outcome.update(error=error),
    )
    qtbot.waitUntil(lambda: "result" in outcome or "error" in outcome)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def add_people(qtbot, queue, opened) -> dict[str, str]:
    def job() -> dict[str, str]:
        ids = {}
        for family, given, language, county, phone in PEOPLE:
            values = {
                "family_name": family,
                "given_name": given,
                "preferred_language": language,
                "county": county,
            }
            if phone:
                values["phone"] = phone
            result = opened.records.create(Kind.RESIDENT, values)
            assert result.ok, result.errors
            ids[given] = result.record["id"]
        return ids

    return on_queue(qtbot, queue, job)


def make_window(qtbot, queue, opened) -> MainWindow:
    window = MainWindow(opened, queue)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, queue)
    window.show_page("residents")
    settle(qtbot, queue)
    return window


def shown_names(page) -> list[str]:
    return [page.model.index(row, M.COL_NAME).data() for row in range(page.model.rowCount())]


def wait_for_listing(qtbot, queue, page) -> None:
    qtbot.waitUntil(lambda: not page.model.loading)
    settle(qtbot, queue)


def click_header(qtbot, page, column: int) -> None:
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def test_filters_narrow_the_list_and_say_how_many(qtbot, queue, opened):
    add_people(qtbot, queue, opened)
    window = make_window(qtbot, queue, opened)
    page = window.residents_page
    assert page.summary.text() == "6 residents on this laptop."
    assert len(shown_names(page)) == 6

    # County by keyboard: Alt+C moves to it, typing picks the county.
    qtbot.keyClick(page, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert page.filters.county.hasFocus()
    qtbot.keyClicks(page.filters.county, "Los Angeles")
    wait_for_listing(qtbot, queue, page)
    assert page.filters.county.currentData() == "Los Angeles"
    assert sorted(shown_names(page)) == ["Ana Garcia", "Kim Min-jun", "Zoe Adams"]
    assert page.summary.text() == "3 residents match."
    assert page.filters.clear_button.isEnabled()

    # The language filter offers the languages on this laptop, by name.
    languages = [page.filters.language.itemText(i) for i in range(page.filters.language.count())]
    assert "Spanish" in languages and "Hmong" in languages
    page.filters.language.setFocus()
    qtbot.keyClicks(page.filters.language, "Spanish")
    wait_for_listing(qtbot, queue, page)
    assert shown_names(page) == ["Ana Garcia"]
    assert page.summary.text() == "1 resident matches."

    # Typing narrows further; nothing left shows an empty state that says why.
    qtbot.keyClicks(page.search, "zzqx")
    qtbot.waitUntil(lambda: page.empty.isVisible())
    assert page.empty.title.text() == "No residents match “zzqx” with these filters."

    qtbot.mouseClick(page.filters.clear_button, Qt.MouseButton.LeftButton)
    wait_for_listing(qtbot, queue, page)
    assert page.empty.title.text() == "No residents match “zzqx”."
    page.search.clear()
    wait_for_listing(qtbot, queue, page)
    qtbot.waitUntil(lambda: len(shown_names(page)) == 6)


def test_follow_up_and_program_filters(qtbot, queue, opened):
    ids = add_people(qtbot, queue, opened)

    def job() -> None:
        opened.records.put_reference(
            Kind.PROGRAM, {"code": "calfresh", "name": {"en": "CalFresh", "es": "CalFresh"}}
        )
        program = next(opened.records.iter_all(Kind.PROGRAM))["id"]
        for given in ("José", "Zoe"):
            result = opened.records.create(
                Kind.ENROLLMENT,
                {
                    "resident_id": ids[given],
                    "program_id": program,
                    "status": "started",
                    "started_on": TODAY.isoformat(),
                },
            )
            assert result.ok, result.errors
        result = opened.records.create(
            Kind.CONTACT_LOG,
            {
                "occurred_at": f"{(TODAY - timedelta(days=5)).isoformat()}T18:00:00Z",
                "resident_id": ids["Pa Houa"],
                "channel": "door",
                "language": "hmn",
                "outcome": "follow_up",
                "follow_up_date": (TODAY - timedelta(days=1)).isoformat(),
            },
        )
        assert result.ok, result.errors

    on_queue(qtbot, queue, job)
    window = make_window(qtbot, queue, opened)
    page = window.residents_page
    qtbot.waitUntil(lambda: page.filters.program.count() == 2)
    page.filters.program.setFocus()
    qtbot.keyClicks(page.filters.program, "CalFresh")
    wait_for_listing(qtbot, queue, page)
    assert sorted(shown_names(page)) == ["José García López", "Zoe Adams"]

    qtbot.mouseClick(page.filters.clear_button, Qt.MouseButton.LeftButton)
    page.filters.follow_up.setFocus()
    qtbot.keyClick(page.filters.follow_up, Qt.Key.Key_Space)
    assert page.filters.follow_up.isChecked()
    wait_for_listing(qtbot, queue, page)
    assert shown_names(page) == ["Pa Houa Vang"]


def test_sorting_through_the_header_and_the_sort_choice(qtbot, queue, opened):
    add_people(qtbot, queue, opened)
    window = make_window(qtbot, queue, opened)
    page = window.residents_page
    assert shown_names(page)[0] == "Kim Min-jun"  # newest first
    click_header(qtbot, page, M.COL_NAME)
    wait_for_listing(qtbot, queue, page)
    # Family name A to Z (Kim is shown family name first, as Korean names are said).
    assert shown_names(page) == [
        "Zoe Adams",
        "Ana Garcia",
        "José García López",
        "Kim Min-jun",
        "Nguyễn Thị Hương",
        "Pa Houa Vang",
    ]
    header = page.table.horizontalHeader()
    assert header.isSortIndicatorShown()
    assert header.sortIndicatorSection() == M.COL_NAME
    assert page.filters.sort.currentText() == "Name"

    click_header(qtbot, page, M.COL_NAME)  # again: Z to A
    wait_for_listing(qtbot, queue, page)
    assert shown_names(page)[0] == "Pa Houa Vang"
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    click_header(qtbot, page, M.COL_COUNTY)
    wait_for_listing(qtbot, queue, page)
    counties = [page.model.index(r, M.COL_COUNTY).data() for r in range(page.model.rowCount())]
    assert counties == sorted(counties)
    assert [page.model.index(r, M.COL_NAME).data() for r in range(1, 4)] == [
        "Zoe Adams",
        "Ana Garcia",
        "Kim Min-jun",
    ]

    click_header(qtbot, page, M.COL_PHONE)  # not a sort the list offers: nothing changes
    settle(qtbot, queue)
    assert page.model.query.sort.value == "county"

    qtbot.keyClick(page, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClicks(page.filters.sort, "Newest")
    wait_for_listing(qtbot, queue, page)
    assert shown_names(page)[0] == "Kim Min-jun"
    assert not header.isSortIndicatorShown()


def test_the_list_loads_pages_as_it_scrolls(qtbot, queue, opened):
    def job() -> None:
        items = [
            {
                "given_name": f"Person{number:04d}",
                "family_name": "Lazy",
                "preferred_language": "en",
            }
            for number in range(1000)
        ]
        assert all(result.ok for result in opened.records.create_many(Kind.RESIDENT, items))

    on_queue(qtbot, queue, job)
    window = make_window(qtbot, queue, opened)
    page = window.residents_page
    assert page.model.rowCount() == 200
    assert page.summary.text() == "1,000 residents on this laptop."
    assert page.model.canFetchMore()

    page.table.setFocus()
    for expected in (400, 600, 800, 1000):
        qtbot.keyClick(page.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda expected=expected: page.model.rowCount() == expected)
    settle(qtbot, queue)
    qtbot.keyClick(page.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, queue)
    assert page.model.rowCount() == 1000
    names = shown_names(page)
    assert len(set(names)) == 1000
    assert names[0] == "Person0999 Lazy" and names[-1] == "Person0000 Lazy"  # newest first


def test_delete_from_the_list_and_undo(qtbot, queue, opened):
    ids = add_people(qtbot, queue, opened)
    window = make_window(qtbot, queue, opened)
    page = window.residents_page
    qtbot.keyClicks(page.search, "vang")
    qtbot.waitUntil(lambda: shown_names(page) == ["Pa Houa Vang"])
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: page.message.isVisible())
    assert page.message.label.text().startswith("Pa Houa Vang was deleted.")
    wait_for_listing(qtbot, queue, page)
    assert page.empty.isVisible()
    assert on_queue(qtbot, queue, lambda: opened.records.count(Kind.RESIDENT)) == 5

    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.message.label.text() == "Pa Houa Vang is back in the list.")
    wait_for_listing(qtbot, queue, page)
    assert shown_names(page) == ["Pa Houa Vang"]
    record = on_queue(qtbot, queue, lambda: opened.records.get(Kind.RESIDENT, ids["Pa Houa"]))
    assert record["deleted"] is False


def test_enter_opens_the_resident(qtbot, queue, opened):
    ids = add_people(qtbot, queue, opened)
    window = make_window(qtbot, queue, opened)
    page = window.residents_page
    qtbot.keyClicks(page.search, "nguyen")
    qtbot.waitUntil(lambda: shown_names(page) == ["Nguyễn Thị Hương"])
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    with qtbot.waitSignal(window.resident_activated) as opened_signal:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened_signal.args == [ids["Thị Hương"]]
    detail = window.resident_window
    qtbot.waitUntil(lambda: detail.resident is not None)
    assert detail.heading.text() == "Nguyễn Thị Hương"
    settle(qtbot, queue)
    detail.reject()


def test_export_the_filtered_list(qtbot, queue, opened, tmp_path):
    add_people(qtbot, queue, opened)
    window = make_window(qtbot, queue, opened)
    page = window.residents_page
    page.filters.county.setFocus()
    qtbot.keyClicks(page.filters.county, "Los Angeles")
    wait_for_listing(qtbot, queue, page)
    click_header(qtbot, page, M.COL_NAME)
    wait_for_listing(qtbot, queue, page)

    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    warning = page.export.warning
    assert isinstance(warning, QMessageBox) and warning.isVisible()
    assert warning.text() == "Export 3 residents to a file?"
    assert "not encrypted" in warning.informativeText()
    choose = next(b for b in warning.buttons() if b.text() == "&Choose a file…")
    qtbot.mouseClick(choose, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.export.file_dialog is not None)
    dialog = page.export.file_dialog
    target = tmp_path / "la.csv"
    dialog.selectFile(str(target))
    dialog.accept()
    qtbot.waitUntil(lambda: "exported" in page.message.label.text())
    assert page.message.label.text().startswith("3 residents exported to")
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["family_name"], row["given_name"]) for row in rows] == [
        ("Adams", "Zoe"),
        ("Garcia", "Ana"),
        ("Kim", "Min-jun"),
    ]
    assert rows[1]["phone"] == "+13235550114"


def test_every_control_is_named_and_the_page_follows_rtl(qtbot, queue, opened):
    add_people(qtbot, queue, opened)
    QApplication.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    try:
        window = make_window(qtbot, queue, opened)
        page = window.residents_page
        assert page.filters.isRightToLeft()
        unnamed = [
            f"{type(widget).__name__} in {type(widget.parent()).__name__}"
            for widget in page.findChildren(QWidget)
            if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and not widget.accessibleName()
        ]
        assert unnamed == []
    finally:
        QApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
