"""The resident form, driven with the keyboard on a real profile: create, inline errors,
the duplicate warning and each of its answers, drafts, and edits that meet a newer
version of the resident."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from ocpsc_field.core.records import Kind
from ocpsc_field.ui.main_window import MainWindow
from ocpsc_field.ui.resident_detail import ResidentDetail
from ocpsc_field.ui.resident_form import DRAFT_FORM, ResidentForm
from ocpsc_field.ui.screenshots import type_text
from ocpsc_field.ui.tasks import DatabaseQueue
from tests.ui.mnemonics import assert_unique_mnemonics

JOSE = {
    "given_name": "José",
    "family_name": "García",
    "preferred_language": "es",
    "phone": "(559) 555-0113",
    "birth_date": "1980-04-23",
    "city": "Fresno",
}


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


def residents(qtbot, queue, opened) -> list[dict[str, Any]]:
    return on_queue(qtbot, queue, lambda: list(opened.records.iter_all(Kind.RESIDENT)))


def make_window(qtbot, queue, opened) -> MainWindow:
    window = MainWindow(opened, queue)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, queue)
    return window


def open_new_form(qtbot, queue, window) -> ResidentForm:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(
        window,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    form = window.resident_window
    assert isinstance(form, ResidentForm)
    qtbot.waitUntil(lambda: form.ready)
    settle(qtbot, queue)
    return form


def closed(form: ResidentForm) -> bool:
    """Closed: hidden, or already deleted (the window's forms delete themselves on close)."""
    return not shiboken6.isValid(form) or not form.isVisible()


def tab(qtbot, widget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def type_resident(qtbot, form: ResidentForm, given: str, family: str, phone: str = "") -> None:
    """Given name, Tab, family name, then the language and phone, all by keyboard."""
    inputs = form.fields.inputs
    assert inputs["given_name"].hasFocus()
    type_text(inputs["given_name"], given)
    tab(qtbot, inputs["given_name"])
    assert inputs["family_name"].hasFocus()
    type_text(inputs["family_name"], family)
    qtbot.keyClick(form, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert inputs["preferred_language"].hasFocus()
    qtbot.keyClicks(inputs["preferred_language"], "Spanish")
    if phone:
        qtbot.keyClick(form, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
        assert inputs["phone"].hasFocus()
        qtbot.keyClicks(inputs["phone"], phone)


def test_create_a_resident_with_the_keyboard(qtbot, queue, opened):
    window = make_window(qtbot, queue, opened)
    form = open_new_form(qtbot, queue, window)
    type_resident(qtbot, form, "María", "Hernández", "323-555-0121")
    inputs = form.fields.inputs
    qtbot.keyClick(form, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    assert inputs["county"].hasFocus()
    qtbot.keyClicks(inputs["county"], "Los Angeles")
    # Consent: a plain question; the date of the answer is recorded by itself.
    consent = inputs["consent_contact"]
    consent.buttons["yes"].setFocus()
    qtbot.keyClick(consent.buttons["yes"], Qt.Key.Key_Space)
    assert form.fields.consent_note.text().startswith("Answers recorded on ")
    qtbot.keyClick(inputs["phone"], Qt.Key.Key_Return)  # Enter saves

    qtbot.waitUntil(lambda: isinstance(window.resident_window, ResidentDetail))
    settle(qtbot, queue)
    stored = residents(qtbot, queue, opened)
    assert len(stored) == 1
    record = stored[0]
    assert (record["given_name"], record["family_name"]) == ("María", "Hernández")
    assert record["preferred_language"] == "es"
    assert record["phone"] == "+13235550121"
    assert record["county"] == "Los Angeles"
    assert record["consent_contact"] is True and record["consent_data_sharing"] is None
    assert record["consent_date"] == date.today().isoformat()
    assert window.resident_window.resident_id == record["id"]
    # The draft ended with the save, in the same transaction.
    assert on_queue(qtbot, queue, lambda: opened.drafts.list(DRAFT_FORM)) == []
    window.resident_window.reject()


def test_bad_input_shows_messages_next_to_fields_and_saves_nothing(qtbot, queue, opened):
    window = make_window(qtbot, queue, opened)
    form = open_new_form(qtbot, queue, window)
    inputs, errors = form.fields.inputs, form.fields.errors
    qtbot.keyClick(form, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClicks(inputs["phone"], "12345")
    qtbot.keyClick(form, Qt.Key.Key_Z, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClicks(inputs["zip"], "10001")
    qtbot.keyClick(form, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClicks(inputs["birth_date"], "1980-02-30")
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert errors["given_name"].text() == "This field is required."
    assert errors["preferred_language"].text() == "This field is required."
    assert errors["birth_date"].text() == "This date does not exist on the calendar."
    assert errors["phone"].text().startswith("Enter a phone number with its area code")
    assert errors["zip"].text().startswith("This is not a California ZIP code.")
    assert errors["email"].isHidden()
    assert inputs["given_name"].hasFocus()  # the first field with a message
    assert inputs["zip"].text() == "10001"  # what was typed stays
    settle(qtbot, queue)
    assert residents(qtbot, queue, opened) == []
    assert form.isVisible()


def create_jose(qtbot, queue, opened) -> str:
    result = on_queue(qtbot, queue, lambda: opened.records.create(Kind.RESIDENT, JOSE))
    assert result.ok, result.errors
    return result.record["id"]


def start_duplicate(qtbot, queue, window) -> ResidentForm:
    form = open_new_form(qtbot, queue, window)
    type_resident(qtbot, form, "Jose", "Garcia", "559-555-0113")
    qtbot.keyClick(form.fields.inputs["phone"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.duplicates is not None and form.duplicates.isVisible())
    return form


def test_duplicate_warning_use_existing(qtbot, queue, opened):
    jose = create_jose(qtbot, queue, opened)
    window = make_window(qtbot, queue, opened)
    form = start_duplicate(qtbot, queue, window)
    warning = form.duplicates
    assert warning.model.rowCount() == 1
    assert warning.model.index(0, 0).data() == "José García"
    assert warning.model.index(0, 4).data() == "Similar name and same phone"
    assert warning.table.hasFocus()
    qtbot.keyClick(warning.table, Qt.Key.Key_Return)  # Enter: use the selected resident

    qtbot.waitUntil(lambda: isinstance(window.resident_window, ResidentDetail))
    assert window.resident_window.resident_id == jose
    assert closed(form)
    settle(qtbot, queue)
    assert len(residents(qtbot, queue, opened)) == 1
    assert on_queue(qtbot, queue, lambda: opened.drafts.list(DRAFT_FORM)) == []
    window.resident_window.reject()


def test_duplicate_warning_create_anyway(qtbot, queue, opened):
    create_jose(qtbot, queue, opened)
    window = make_window(qtbot, queue, opened)
    form = start_duplicate(qtbot, queue, window)
    qtbot.keyClick(form.duplicates, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(window.resident_window, ResidentDetail))
    settle(qtbot, queue)
    names = sorted(r["given_name"] for r in residents(qtbot, queue, opened))
    assert names == ["Jose", "José"]
    window.resident_window.reject()


def test_duplicate_warning_back_to_the_form_keeps_everything(qtbot, queue, opened):
    create_jose(qtbot, queue, opened)
    window = make_window(qtbot, queue, opened)
    form = start_duplicate(qtbot, queue, window)
    warning = form.duplicates
    qtbot.keyClick(warning.table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not warning.isVisible())
    assert form.isVisible()
    assert form.fields.inputs["given_name"].text() == "Jose"
    assert form.fields.inputs["phone"].text() == "559-555-0113"
    assert form.save_button.isEnabled()
    settle(qtbot, queue)
    assert len(residents(qtbot, queue, opened)) == 1


def test_an_edit_that_meets_a_newer_version_keeps_what_was_typed(qtbot, queue, opened):
    jose = create_jose(qtbot, queue, opened)
    window = make_window(qtbot, queue, opened)
    form = ResidentForm(queue, opened, jose, parent=window)
    qtbot.addWidget(form)
    form.open()
    qtbot.waitUntil(lambda: form.ready)
    inputs = form.fields.inputs
    assert inputs["phone"].text() == "(559) 555-0113"  # as people write it
    # Someone else changes the resident (another field) while the form is open.
    changed = on_queue(
        qtbot, queue, lambda: opened.records.update(Kind.RESIDENT, jose, {"city": "Clovis"})
    )
    assert changed.ok

    qtbot.keyClick(form, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    inputs["family_name"].selectAll()
    type_text(inputs["family_name"], "García Pérez")
    qtbot.keyClick(inputs["family_name"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.message.isVisible() and not form.busy)
    assert form.message.label.text().startswith("This record was changed elsewhere")
    assert inputs["family_name"].text() == "García Pérez"
    assert form.isVisible()
    record = on_queue(qtbot, queue, lambda: opened.records.get(Kind.RESIDENT, jose))
    assert record["family_name"] == "García"  # nothing written

    save_over = next(b for b in form.message.buttons if "anyway" in b.text())
    assert_unique_mnemonics(form)
    qtbot.mouseClick(save_over, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.isVisible())
    record = on_queue(qtbot, queue, lambda: opened.records.get(Kind.RESIDENT, jose))
    assert record["family_name"] == "García Pérez"
    assert record["city"] == "Clovis"  # the other change stays
    assert record["rev"] == 3


def test_typing_is_kept_as_a_draft_and_comes_back(qtbot, queue, opened):
    window = make_window(qtbot, queue, opened)
    form = open_new_form(qtbot, queue, window)
    type_text(form.fields.inputs["given_name"], "Thị Hương")
    qtbot.keyClick(form.fields.inputs["given_name"], Qt.Key.Key_Escape)
    # Esc asks first; closing keeps the draft.
    assert form.isVisible() and form.message.isVisible()
    assert "kept as a draft" in form.message.label.text()
    close = next(b for b in form.message.buttons if b.text() == "Close, keep the dr&aft")
    assert_unique_mnemonics(form)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(form))
    settle(qtbot, queue)
    drafts = on_queue(qtbot, queue, lambda: opened.drafts.list(DRAFT_FORM))
    assert [draft.payload["given_name"] for draft in drafts] == ["Thị Hương"]

    again = open_new_form(qtbot, queue, window)
    assert again.fields.inputs["given_name"].text() == "Thị Hương"
    assert again.message.label.text().startswith("Restored what you typed earlier.")
    start_over = next(b for b in again.message.buttons if b.text() == "Start o&ver")
    assert_unique_mnemonics(again)
    qtbot.mouseClick(start_over, Qt.MouseButton.LeftButton)
    settle(qtbot, queue)
    assert again.fields.inputs["given_name"].text() == ""
    assert on_queue(qtbot, queue, lambda: opened.drafts.list(DRAFT_FORM)) == []
    again.reject()


def test_languages_offered_by_name(qtbot, queue, opened):
    window = make_window(qtbot, queue, opened)
    form = open_new_form(qtbot, queue, window)
    combo = form.fields.inputs["preferred_language"]
    assert isinstance(combo, QComboBox)
    names = [combo.itemText(i) for i in range(combo.count())]
    assert "Vietnamese (Tiếng Việt)" in names
    assert "Spanish (español)" in names
    assert combo.itemData(names.index("Vietnamese (Tiếng Việt)")) == "vi"
    form.reject()


def unnamed_controls(root) -> list[str]:
    from PySide6.QtWidgets import QWidget

    return [
        f"{type(widget).__name__} in {type(widget.parent()).__name__}"
        for widget in root.findChildren(QWidget)
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus
        and widget.isVisibleTo(root)
        and not widget.accessibleName()
    ]


def test_every_control_of_the_form_and_the_warning_is_named(qtbot, queue, opened):
    create_jose(qtbot, queue, opened)
    window = make_window(qtbot, queue, opened)
    form = start_duplicate(qtbot, queue, window)
    assert unnamed_controls(form) == []
    assert unnamed_controls(form.duplicates) == []
    form.duplicates.reject()
    settle(qtbot, queue)
