"""Steps the survey form tests share: publish an XLSForm, open the form, press keys.

Forms come from ``tests/fixtures/xlsform`` through the XLSForm importer, and
are stored as HQ publishes them (a survey record per version). Keys are
pressed on whatever has the focus, as a person at the keyboard would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from ocpsc_field.core.records import Kind
from ocpsc_field.core.survey import definition_to_json
from ocpsc_field.core.xlsform import read_xlsform
from ocpsc_field.store.surveys import SurveyStore
from ocpsc_field.ui.pages.surveys import SurveysPage
from ocpsc_field.ui.survey_form import SurveyForm
from ocpsc_field.ui.tasks import DatabaseQueue

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "xlsform"
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
MAX_TABS = 80


def on_queue(qtbot, queue: DatabaseQueue, job) -> Any:
    outcome: dict[str, Any] = {}
    queue.run(
        job, success=lambda r: outcome.update(result=r), failure=lambda e: outcome.update(error=e)
    )
    qtbot.waitUntil(lambda: "result" in outcome or "error" in outcome)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def settle(qtbot, queue: DatabaseQueue) -> None:
    qtbot.waitUntil(lambda: not queue.busy)


def publish(qtbot, queue: DatabaseQueue, opened, file_name: str) -> str:
    """Import ``file_name`` and store it as HQ publishes a survey; returns its id."""
    definition = read_xlsform((FIXTURES / file_name).read_bytes())
    record = {
        "form_id": definition.form_id,
        "version": definition.version,
        "title": dict(definition.title),
        "definition": definition_to_json(definition),
    }
    on_queue(qtbot, queue, lambda: opened.records.put_reference(Kind.SURVEY, record))
    rows = on_queue(qtbot, queue, lambda: list(opened.records.iter_all(Kind.SURVEY)))
    return max(rows, key=lambda row: (row["created_at"], row["id"]))["id"]


def make_page(qtbot, queue: DatabaseQueue, opened) -> SurveysPage:
    page = SurveysPage(queue, opened)
    qtbot.addWidget(page)
    page.resize(1280, 900)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: len(page.cards) >= 1)
    settle(qtbot, queue)
    return page


def responses(qtbot, queue, opened) -> list[dict[str, Any]]:
    return on_queue(qtbot, queue, lambda: list(opened.records.iter_all(Kind.SURVEY_RESPONSE)))


def drafts(qtbot, queue, opened) -> list[Any]:
    return on_queue(qtbot, queue, lambda: SurveyStore.of(opened).list_drafts())


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot, button: QWidget) -> None:
    """Activate a button from the keyboard, as a user tabbing to it would."""
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(button, Qt.Key.Key_Space)


def key(qtbot, which: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(focused(), which, modifiers)


def tab_to(qtbot, target: QWidget) -> int:
    """Press Tab until ``target`` has the focus; returns how many presses it took."""
    for presses in range(1, MAX_TABS + 1):
        key(qtbot, Qt.Key.Key_Tab)
        if focused() is target:
            return presses
    raise AssertionError(f"Tab never reached {target.accessibleName()!r}")


def open_anonymously(qtbot, page: SurveysPage, card: int = 0) -> SurveyForm:
    press(qtbot, page.cards[card].anonymous_button)
    qtbot.waitUntil(lambda: page.form is not None and page.form.isVisible())
    assert page.form is not None
    return page.form


def control(form: SurveyForm, name: str, position: tuple[int, ...] = ()) -> QWidget:
    """The control that takes the focus for question ``name`` (of one repeat entry)."""
    block = form.block(name, position)
    assert block is not None and block.widget is not None, name
    return block.widget.focus_target()


def choice(form: SurveyForm, name: str, value: str, position: tuple[int, ...] = ()) -> QWidget:
    block = form.block(name, position)
    assert block is not None and block.widget is not None, name
    return block.widget.buttons[value]  # type: ignore[attr-defined]


def type_into(qtbot, form: SurveyForm, name: str, text: str, position=()) -> None:
    """Tab to a question and type, then Tab on (so the answer is finished)."""
    tab_to(qtbot, control(form, name, position))
    qtbot.keyClicks(focused(), text)


def shown(form: SurveyForm, name: str, position: tuple[int, ...] = ()) -> bool:
    block = form.block(name, position)
    return block is not None and block.isVisibleTo(form)


def error(form: SurveyForm, name: str, position: tuple[int, ...] = ()) -> str:
    block = form.block(name, position)
    assert block is not None
    return block.error.text() if block.error.isVisibleTo(form) else ""
