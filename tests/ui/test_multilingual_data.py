"""Program, resource and survey texts from HQ: the user's language, else marked English.

A program name HQ has not translated into the interface language is shown in
English followed by the language's name ("CalFresh · English"), and says so
in its tooltip and to screen readers; the resource details put a small tag
naming the language beside the heading.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from ocpsc_field import i18n
from ocpsc_field.core.records import Kind
from ocpsc_field.ui.language import start_language, switch_language
from ocpsc_field.ui.main_window import MainWindow
from ocpsc_field.ui.multilingual import LabelText, label_text
from ocpsc_field.ui.program_picker import ProgramListModel
from ocpsc_field.ui.tasks import DatabaseQueue

CALFRESH = {
    "id": "calfresh",
    "code": "CALFRESH",
    "agency": "CDSS",
    "name": {"en": "CalFresh", "es": "CalFresh (cupones de alimentos)"},
    "description": {"en": "Monthly money for food.", "es": "Dinero mensual para comida."},
}
NOTE = "Not translated into {language}: shown in {default}."


@pytest.fixture(autouse=True)
def english_afterwards(qapp) -> Iterator[None]:
    start_language("en")
    yield
    start_language("en")


def program_row(model: ProgramListModel, role: int) -> object:
    return model.index(0, 0).data(role)


def test_an_untranslated_program_name_is_marked_in_the_picker(qtbot):
    model = ProgramListModel()
    model.set_rows([CALFRESH])
    start_language("vi")
    tagged = i18n._("{name} · {language}").format(name="CalFresh", language="Tiếng Anh")
    assert str(program_row(model, Qt.ItemDataRole.DisplayRole)).startswith(f"{tagged}\n")
    note = i18n._(NOTE).format(language="Tiếng Việt", default="Tiếng Anh")
    assert program_row(model, Qt.ItemDataRole.ToolTipRole) == note
    assert program_row(model, Qt.ItemDataRole.AccessibleDescriptionRole) == note
    assert str(program_row(model, Qt.ItemDataRole.AccessibleTextRole)).endswith(note)


def test_a_translated_program_name_is_not_marked(qtbot):
    model = ProgramListModel()
    model.set_rows([CALFRESH])
    start_language("es")
    shown = str(program_row(model, Qt.ItemDataRole.DisplayRole))
    assert shown.startswith("CalFresh (cupones de alimentos)\n")
    assert "Dinero mensual para comida." in shown
    assert program_row(model, Qt.ItemDataRole.AccessibleDescriptionRole) is None
    assert program_row(model, Qt.ItemDataRole.ToolTipRole) is None


def test_the_mark_follows_a_language_switch(qtbot):
    names = CALFRESH["name"]
    start_language("es")
    assert label_text(names) == LabelText("CalFresh (cupones de alimentos)")
    switch_language("ar")
    shown = label_text(names)
    assert shown == LabelText("CalFresh", "en")
    assert shown.note == i18n._(NOTE).format(language="العربية", default="الإنجليزية")
    switch_language("en")
    assert label_text(names) == LabelText("CalFresh")


def test_a_survey_title_falls_back_to_the_surveys_own_language():
    start_language("ko")
    shown = label_text({"es": "Encuesta de hogar", "en": "Household survey"}, "", "es")
    assert shown == LabelText("Encuesta de hogar", "es")
    assert label_text({}, "home_visit").text == "home_visit"


def test_resource_details_tag_an_untranslated_name(qtbot, opened):
    queue = DatabaseQueue()
    try:
        resource = {
            "id": "pantry-1",
            "name": {"en": "Boyle Heights Community Food Pantry"},
            "description": {"en": "Weekly groceries.", "ko": "매주 식료품."},
            "category": "food",
            "county": "Los Angeles",
            "city": "Los Angeles",
            "phone": "+13235550100",
            "languages": ["en", "es", "ko"],
        }
        done = []
        queue.run(
            lambda: opened.records.put_reference(Kind.RESOURCE, resource),
            success=lambda _result: done.append(True),
        )
        qtbot.waitUntil(lambda: bool(done))
        start_language("ko")
        window = MainWindow(opened, queue)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        window.show_page("resources")
        page = window.resources_page
        qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=20000)
        page.list.setCurrentIndex(page.model.index(0, 0))
        details = page.details
        assert details.name.text() == "Boyle Heights Community Food Pantry"
        assert details.name_language.isVisible()
        assert details.name_language.text() == "영어"  # "English", in Korean
        note = i18n._(NOTE).format(language="한국어", default="영어")
        assert details.name_language.toolTip() == note
        assert details.name_language.accessibleName() == note
        # The description has a Korean text: shown, and not marked.
        assert details.values["description"].text() == "매주 식료품."
        assert not details.values["description"].font().italic()
        index = page.model.index(0, 0)
        shown = str(index.data(Qt.ItemDataRole.DisplayRole))
        assert shown.startswith("Boyle Heights Community Food Pantry · 영어\n")
        assert index.data(Qt.ItemDataRole.ToolTipRole) == note
    finally:
        queue.shutdown()
