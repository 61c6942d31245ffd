"""Right to left: Arabic mirrors the window, and mixed-direction text stays readable.

Geometry is compared in the window's coordinates (``mapTo``), the way a
reader sees it: the navigation on the right of the pages, a form's label on
the right of its field. Text checks look for the Unicode isolates that keep a
Latin name or a phone number whole inside an Arabic sentence, and make sure
none of them leaves the screen (clipboard, saved values).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QLineEdit, QPushButton, QWidget

from ocpsc_field import i18n
from ocpsc_field.core.bidi import FSI, LRI, PDI, plain
from ocpsc_field.core.records import Kind
from ocpsc_field.core.text import Message
from ocpsc_field.store.reference_data import load_resources
from ocpsc_field.ui.language import start_language, switch_language
from ocpsc_field.ui.main_window import MainWindow
from ocpsc_field.ui.models import display_name
from ocpsc_field.ui.pages.residents import SearchBox
from ocpsc_field.ui.resident_fields import ResidentFields
from ocpsc_field.ui.rtl import arrow_image, follow_content, point_icon
from ocpsc_field.ui.tasks import DatabaseQueue

ISOLATE_CONTROLS = (LRI, FSI, PDI, "\u2067")


@pytest.fixture(autouse=True)
def english_afterwards(qapp) -> Iterator[None]:
    start_language("en")
    yield
    start_language("en")


@pytest.fixture
def queue(opened) -> Iterator[DatabaseQueue]:
    database_queue = DatabaseQueue()
    yield database_queue
    database_queue.shutdown()


def settle(qtbot, queue: DatabaseQueue) -> None:
    qtbot.wait(300)  # longer than the search boxes' debounce
    qtbot.waitUntil(lambda: not queue.busy, timeout=20000)


def make_window(qtbot, queue: DatabaseQueue, opened: Any) -> MainWindow:
    window = MainWindow(opened, queue)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, queue)
    return window


def left_edge(widget: QWidget, window: QWidget) -> int:
    return widget.mapTo(window, QPoint(0, 0)).x()


def right_edge(widget: QWidget, window: QWidget) -> int:
    return widget.mapTo(window, QPoint(widget.width(), 0)).x()


# -- the layout mirrors ------------------------------------------------------------------
def test_arabic_puts_the_navigation_on_the_right_of_the_pages(qtbot, queue, opened):
    start_language("ar")
    window = make_window(qtbot, queue, opened)
    assert left_edge(window.nav, window) >= right_edge(window.stack, window) - 1
    # The first section is at the top right, where an Arabic reader starts.
    first = window.nav.visualItemRect(window.nav.item(0))
    assert window.nav.viewport().mapTo(window, first.topRight()).x() > window.width() // 2


def test_english_keeps_the_navigation_on_the_left(qtbot, queue, opened):
    window = make_window(qtbot, queue, opened)
    assert right_edge(window.nav, window) <= left_edge(window.stack, window) + 1


def test_a_form_label_is_to_the_right_of_its_field_in_arabic(qtbot, queue, opened):
    start_language("ar")
    window = make_window(qtbot, queue, opened)
    window.show_page("settings")
    settle(qtbot, queue)
    field = window.pages["settings"].idle_minutes
    form = field.parentWidget().layout()
    assert isinstance(form, QFormLayout)
    label = form.labelForField(field)
    assert isinstance(label, QLabel)
    assert label.text() == i18n._("Lock after &no use for:")
    assert left_edge(label, window) >= right_edge(field, window) - 1
    assert label.mapTo(window, QPoint(0, 0)).y() <= field.mapTo(window, QPoint(0, 0)).y() + 1


def test_switching_to_arabic_at_run_time_mirrors_an_open_window(qtbot, queue, opened):
    window = make_window(qtbot, queue, opened)
    assert right_edge(window.nav, window) <= left_edge(window.stack, window) + 1
    switch_language("ar")
    settle(qtbot, queue)
    assert left_edge(window.nav, window) >= right_edge(window.stack, window) - 1
    switch_language("en")
    settle(qtbot, queue)
    assert right_edge(window.nav, window) <= left_edge(window.stack, window) + 1


# -- icons that point --------------------------------------------------------------------
def test_the_back_arrow_is_the_mirror_image_in_right_to_left():
    ltr = arrow_image("back", Qt.LayoutDirection.LeftToRight)
    rtl = arrow_image("back", Qt.LayoutDirection.RightToLeft)
    assert not ltr.isNull()
    assert rtl != ltr  # the arrow is not symmetric, so mirroring shows
    assert rtl == ltr.flipped(Qt.Orientation.Horizontal)
    # "Back" in Arabic looks like the style's own "forward" arrow in English
    # (a pixel's rounding apart), not like its "back" arrow.
    forward = arrow_image("forward", Qt.LayoutDirection.LeftToRight)
    assert differing_pixels(rtl, forward) < differing_pixels(rtl, ltr) // 2


def differing_pixels(one: Any, other: Any) -> int:
    return sum(
        one.pixelColor(x, y).alpha() != other.pixelColor(x, y).alpha()
        for x in range(one.width())
        for y in range(one.height())
    )


def test_a_back_button_turns_its_arrow_on_a_language_switch(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    button = QPushButton(i18n._("Back to surveys (Esc)"), page)
    point_icon(button, "back")
    page.show()

    def shown() -> Any:
        return button.icon().pixmap(16, 16).toImage()

    english = shown()
    switch_language("ar")
    assert button.isRightToLeft()
    assert shown() == english.flipped(Qt.Orientation.Horizontal)
    switch_language("en")
    assert shown() == english


# -- fields that hold people's data ------------------------------------------------------
def test_name_fields_take_the_direction_of_their_text_in_an_arabic_form(qtbot):
    start_language("ar")
    fields = ResidentFields()
    qtbot.addWidget(fields)
    fields.show()
    name, phone = fields.inputs["given_name"], fields.inputs["phone"]
    assert isinstance(name, QLineEdit) and isinstance(phone, QLineEdit)
    assert name.isRightToLeft()  # empty: as the form
    qtbot.keyClicks(name, "Maria (Lupe)")
    assert name.layoutDirection() == Qt.LayoutDirection.LeftToRight
    name.clear()
    assert name.isRightToLeft()
    name.setText("فاطمة")
    assert name.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert phone.layoutDirection() == Qt.LayoutDirection.LeftToRight  # always, even empty


def test_a_field_follows_its_text_as_the_user_types(qtbot):
    QApplication.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    try:
        field = QLineEdit()
        qtbot.addWidget(field)
        follow_content(field)
        qtbot.keyClicks(field, "12 ")  # digits alone have no direction of their own
        assert field.isRightToLeft()
        qtbot.keyClicks(field, "Main St")
        assert field.layoutDirection() == Qt.LayoutDirection.LeftToRight
    finally:
        QApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def test_searches_take_the_direction_of_what_is_typed(qtbot):
    start_language("fa")
    box = SearchBox()
    qtbot.addWidget(box)
    assert box.isRightToLeft()
    qtbot.keyClicks(box, "garc")
    assert box.layoutDirection() == Qt.LayoutDirection.LeftToRight
    box.setText("محمدی")
    assert box.isRightToLeft()


# -- isolates: in sentences, never in data -----------------------------------------------
def test_a_latin_name_in_an_arabic_sentence_is_isolated():
    start_language("ar")
    template = i18n._("Signed in as {user}")
    assert template != "Signed in as {user}"  # the Arabic catalog says it
    shown = i18n.fill(template, user="Maria")
    assert f"{FSI}Maria{PDI}" in shown
    assert plain(shown) == template.format(user="Maria")
    rendered = i18n.render(Message("Signed in as {user}", {"user": "Maria"}))
    assert rendered == shown
    # Counts are not text: they are left as they are.
    assert i18n.fill("{count}", count=3) == "3"


def test_left_to_right_sentences_are_left_exactly_as_they_were():
    start_language("es")
    template = i18n._("Signed in as {user}")
    assert i18n.fill(template, user="Maria") == template.format(user="Maria")
    assert i18n.render(Message("Signed in as {user}", {"user": "Maria"})) == template.format(
        user="Maria"
    )


def test_a_name_in_a_right_to_left_table_or_sentence_is_one_run():
    resident = {"given_name": "José", "family_name": "García", "preferred_name": "Pepe"}
    assert display_name(resident) == "José García (Pepe)"
    start_language("ar")
    shown = display_name(resident)
    assert shown.startswith(FSI) and shown.endswith(PDI)
    assert plain(shown) == i18n._("{name} ({preferred_name})").format(
        name="José García", preferred_name="Pepe"
    )


def test_isolates_follow_a_language_switch(qtbot):
    """A sentence built in Arabic keeps its isolate in Persian and loses it in English,
    as a screen built in each of those languages shows it."""
    start_language("ar")
    label = QLabel(i18n.fill(i18n._("Signed in as {user}"), user="Maria"))
    qtbot.addWidget(label)
    label.show()
    switch_language("fa")
    assert label.text() == i18n.fill(i18n._("Signed in as {user}"), user="Maria")
    assert f"{FSI}Maria{PDI}" in label.text()
    switch_language("en")
    assert label.text() == "Signed in as Maria"


def test_a_phone_shown_in_arabic_is_saved_without_direction_marks(qtbot):
    start_language("ar")
    fields = ResidentFields()
    qtbot.addWidget(fields)
    fields.set_values({"given_name": "Maria", "phone": "+19165550123"})
    values = fields.values()
    assert values["phone"] == "(916) 555-0123"
    assert not any(mark in str(value) for value in values.values() for mark in ISOLATE_CONTROLS)


def test_a_referral_copied_in_arabic_has_no_direction_marks(qtbot, queue, opened):
    def job() -> None:
        with opened.database.transaction():
            for resource in load_resources():
                opened.records.put_reference(Kind.RESOURCE, resource)

    queue.run(job)
    settle(qtbot, queue)
    start_language("ar")
    window = make_window(qtbot, queue, opened)
    window.show_page("resources")
    settle(qtbot, queue)
    page = window.resources_page
    with_phone = next(
        row
        for row in range(page.model.rowCount())
        if page.model.index(row, 0).data(page.model.ResourceRole).get("phone")
    )
    page.list.setCurrentIndex(page.model.index(with_phone, 0))
    details = page.details
    shown_phone = details.values["phone"].text()
    assert shown_phone.startswith(LRI) and shown_phone.endswith(PDI)  # on screen: isolated
    qtbot.mouseClick(details.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert plain(shown_phone) in copied
    assert not any(mark in copied for mark in ISOLATE_CONTROLS)
