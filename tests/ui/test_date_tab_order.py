"""Tab and Shift+Tab through a date that may be empty (survey dates, follow-up dates).

A filled date spends Tab on its day, month and year, each once, and then moves
on; an empty date ("No date") has no parts to visit, so Tab moves on at once.
Either way keyboard users are never held inside the date.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDateTimeEdit, QLineEdit, QVBoxLayout, QWidget

from ocpsc_field import i18n
from ocpsc_field.ui.survey_widgets import SurveyDateEdit
from ocpsc_field.ui.widgets.form_parts import OptionalDateEdit

SHIFT = Qt.KeyboardModifier.ShiftModifier
PARTS = {
    QDateTimeEdit.Section.DaySection,
    QDateTimeEdit.Section.MonthSection,
    QDateTimeEdit.Section.YearSection,
}


class Row(QWidget):
    """A field before the date and one after it, as in any form."""

    def __init__(self, date_class: type[OptionalDateEdit]) -> None:
        super().__init__()
        self.before = QLineEdit(self)
        self.before.setAccessibleName("Before")
        self.date = date_class("Date", self)
        self.date.setCalendarPopup(True)
        self.after = QLineEdit(self)
        self.after.setAccessibleName("After")
        layout = QVBoxLayout(self)
        for widget in (self.before, self.date, self.after):
            layout.addWidget(widget)


@pytest.fixture(params=[OptionalDateEdit, SurveyDateEdit])
def row(request, qtbot) -> Row:
    widget = Row(request.param)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def walk(qtbot, row: Row, *, backwards: bool) -> list[object]:
    """Press Tab (or Shift+Tab) from the field before (after) the date until the focus is
    past it; returns the date part selected at each stop inside the date."""
    start, end = (row.after, row.before) if backwards else (row.before, row.after)
    start.setFocus(Qt.FocusReason.TabFocusReason)
    stops: list[object] = []
    for _press in range(10):
        widget = QApplication.focusWidget()
        assert widget is not None
        if backwards:
            qtbot.keyClick(widget, Qt.Key.Key_Backtab, SHIFT)
        else:
            qtbot.keyClick(widget, Qt.Key.Key_Tab)
        if end.hasFocus():
            return stops
        assert row.date.hasFocus(), "Tab left the date for somewhere else"
        stops.append(row.date.currentSection())
    raise AssertionError(f"Tab stayed in the date: {stops}")


@pytest.mark.parametrize("backwards", [False, True], ids=["tab", "shift-tab"])
@pytest.mark.parametrize("right_to_left", [False, True], ids=["ltr", "rtl"])
def test_an_empty_date_lets_tab_past_at_once(qtbot, row, backwards, right_to_left):
    if right_to_left:
        row.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    assert row.date.value() is None and row.date.text() == "No date"
    assert walk(qtbot, row, backwards=backwards) == [row.date.currentSection()]
    assert row.date.value() is None  # passing through leaves it empty


@pytest.mark.parametrize("backwards", [False, True], ids=["tab", "shift-tab"])
@pytest.mark.parametrize("right_to_left", [False, True], ids=["ltr", "rtl"])
def test_a_filled_date_visits_day_month_and_year_once_then_moves_on(
    qtbot, row, backwards, right_to_left
):
    if right_to_left:
        row.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    row.date.set_value(date(2021, 3, 14))
    stops = walk(qtbot, row, backwards=backwards)
    assert len(stops) == 3 and set(stops) == PARTS
    assert row.date.value() == date(2021, 3, 14)


def test_emptying_a_date_with_delete_lets_tab_past_again(qtbot, row):
    row.date.set_value(date(2021, 3, 14))
    row.date.setFocus(Qt.FocusReason.TabFocusReason)
    row.date.lineEdit().selectAll()
    qtbot.keyClick(row.date, Qt.Key.Key_Delete)
    assert row.date.value() is None
    assert len(walk(qtbot, row, backwards=False)) == 1
    assert len(walk(qtbot, row, backwards=True)) == 1


@pytest.mark.parametrize("language", ["ar", "ja", "vi"])
def test_tab_gets_past_an_empty_date_in_other_date_formats(qtbot, language):
    i18n.set_language(language)
    try:
        widget = Row(SurveyDateEdit)
        qtbot.addWidget(widget)
        widget.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if language == "ar" else Qt.LayoutDirection.LeftToRight
        )
        widget.show()
        qtbot.waitExposed(widget)
        widget.activateWindow()
        qtbot.waitUntil(widget.isActiveWindow)
        assert walk(qtbot, widget, backwards=False) == [widget.date.currentSection()]
        widget.date.set_value(date(2021, 3, 14))
        stops = walk(qtbot, widget, backwards=True)
        assert len(stops) == 3 and set(stops) == PARTS
    finally:
        i18n.set_language("en")
