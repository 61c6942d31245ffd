"""The resource directory page: filters by county and language, details for a referral."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ocpsc_field.core.records import Kind
from ocpsc_field.store.reference_data import load_resources
from ocpsc_field.ui.main_window import MainWindow
from ocpsc_field.ui.pages.resources import ResourceListModel, ResourcesPage
from ocpsc_field.ui.tasks import DatabaseQueue


@pytest.fixture
def queue(opened) -> Iterator[DatabaseQueue]:
    """Depends on ``opened`` so the worker stops before the profile is closed."""
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


@pytest.fixture
def directory(qtbot, queue, opened) -> None:
    def job() -> None:
        with opened.database.transaction():
            for resource in load_resources():
                opened.records.put_reference(Kind.RESOURCE, resource)

    on_queue(qtbot, queue, job)


def resources_page(qtbot, queue, opened) -> ResourcesPage:
    window = MainWindow(opened, queue)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, queue)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "resources"
    settle(qtbot, queue)
    page = window.pages["resources"]
    assert isinstance(page, ResourcesPage)
    return page


def shown(page: ResourcesPage) -> list[dict]:
    return [
        page.model.index(row, 0).data(ResourceListModel.ResourceRole)
        for row in range(page.model.rowCount())
    ]


def choose(qtbot, combo, text: str) -> None:
    """Pick an entry the keyboard way: focus the combo box and type the start of it."""
    combo.setFocus()
    qtbot.keyClicks(combo, text)
    assert combo.currentText() == text


def test_filter_by_county_and_language_and_see_the_details(qtbot, queue, opened, directory):
    page = resources_page(qtbot, queue, opened)
    assert page.model.rowCount() == 100  # the whole directory, up to the page size
    assert page.summary.text().startswith("Showing the first 100 resources.")
    names = [combo.accessibleName() for combo in (page.county, page.language, page.category)]
    assert names == ["County", "Language spoken", "Kind of service"]
    assert page.category.view().accessibleName() == "Kind of service"

    choose(qtbot, page.county, "Orange")
    qtbot.waitUntil(lambda: {r["county"] for r in shown(page)} == {"Orange"})
    settle(qtbot, queue)
    assert len(shown(page)) == 3
    assert page.summary.text() == "3 resources found."

    choose(qtbot, page.language, "Vietnamese")
    qtbot.waitUntil(lambda: len(shown(page)) == 2)
    settle(qtbot, queue)
    names = [r["name"]["en"] for r in shown(page)]
    assert names == ["Little Saigon Senior Services Center", "Santa Ana Tenant Legal Clinic"]
    assert all("vi" in r["languages"] for r in shown(page))

    # The first result is shown in full; Down from the search box moves into the list.
    details = page.details
    assert details.name.text() == "Little Saigon Senior Services Center"
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.list.hasFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_Down)
    assert details.name.text() == "Santa Ana Tenant Legal Clinic"
    assert details.category.text() == "Legal aid"
    values = {key: label.text() for key, label in details.values.items()}
    assert values["phone"] == "(714) 555-0118"
    assert values["city"] == "Santa Ana"
    assert values["zip"] == "92706"
    assert values["county"] == "Orange"
    assert values["hours"] == "Tue–Thu 10:00–18:00"
    assert values["languages"] == "English, Spanish, and Vietnamese"
    assert values["address_line"] and values["description"]
    assert values["services"].startswith("• ")
    assert details.values["phone"].isVisible()

    details.copy_button.click()
    copied = QApplication.clipboard().text()
    assert "Santa Ana Tenant Legal Clinic" in copied and "(714) 555-0118" in copied


def test_typing_searches_services_and_an_impossible_search_explains(
    qtbot, queue, opened, directory
):
    page = resources_page(qtbot, queue, opened)
    qtbot.keyClicks(page.search, "reentry")
    qtbot.waitUntil(lambda: 0 < page.model.rowCount() < 100)
    settle(qtbot, queue)
    assert all(
        "reentry" in (r["category"] + " ".join(r["services"]) + r["name"]["en"]).lower()
        or "reentry" in str(r["description"]).lower()
        for r in shown(page)
    )
    choose(qtbot, page.county, "Alpine")
    qtbot.waitUntil(lambda: page.empty_state.isVisible())  # no reentry services there
    settle(qtbot, queue)
    qtbot.keyClick(page.county, Qt.Key.Key_Home)  # back to "All counties"
    assert page.county.currentText() == "All counties"
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    qtbot.keyClicks(page.search, " zzqx")
    qtbot.waitUntil(lambda: page.empty_state.isVisible())
    settle(qtbot, queue)
    assert page.empty_state.title.text() == "No resources match."
    assert "Any language" in page.empty_state.body.text()
    assert page.details.resource is None


def test_an_empty_directory_says_where_it_comes_from(qtbot, queue, opened):
    page = resources_page(qtbot, queue, opened)
    assert page.empty_state.isVisible()
    assert page.empty_state.title.text() == "No resources on this laptop yet."
    assert "syncs" in page.empty_state.body.text()
    assert page.county.count() == 1  # only "All counties"
