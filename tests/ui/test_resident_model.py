"""ResidentTableModel: rows from a real search, shown as typed, in the active language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication

from ocpsc_field.core.records import Kind
from ocpsc_field.ui.models import (
    LRI,
    PDI,
    ResidentTableModel,
    display_name,
    display_phone,
    language_name,
)

Display = Qt.ItemDataRole.DisplayRole
M = ResidentTableModel

PEOPLE = [
    {
        "family_name": "Nguyễn",
        "given_name": "Thị Hương",
        "preferred_language": "vi",
        "phone": "(714) 555-0111",
        "city": "Westminster",
        "county": "Orange",
    },
    {
        "family_name": "陈",
        "given_name": "美玲",
        "preferred_language": "zh-Hans",
        "phone": "+1 415 555 0112",
        "city": "San Francisco",
        "county": "San Francisco",
    },
    {
        "family_name": "García López",
        "given_name": "José",
        "preferred_name": "Pepe",
        "preferred_language": "es",
        "city": "Fresno",
        "county": "Fresno",
    },
]


@pytest.fixture
def model(qapp, opened) -> ResidentTableModel:
    for values in PEOPLE:
        result = opened.records.create(Kind.RESIDENT, values)
        assert result.ok, result.errors
    # No DatabaseQueue exists in these tests, so reading on this thread is allowed.
    rows = opened.residents.search("", limit=10)
    table = ResidentTableModel()
    table.set_rows(list(reversed(rows)))  # oldest first: the order of PEOPLE
    return table


def cell(model: ResidentTableModel, row: int, column: int, role=Display):
    return model.data(model.index(row, column), role)


def test_counts(model):
    assert model.rowCount() == 3
    assert model.columnCount() == M.COLUMN_COUNT == 5
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no children


def test_header_names_every_column(model):
    headers = {
        column: model.headerData(column, Qt.Orientation.Horizontal, Display)
        for column in range(model.columnCount())
    }
    assert headers == {
        M.COL_NAME: "Name",
        M.COL_LANGUAGE: "Preferred language",
        M.COL_PHONE: "Phone",
        M.COL_CITY: "City",
        M.COL_COUNTY: "County",
    }
    assert model.headerData(0, Qt.Orientation.Vertical, Display) is None
    assert (
        model.headerData(M.COL_NAME, Qt.Orientation.Horizontal, Qt.ItemDataRole.AccessibleTextRole)
        == "Name"
    )


def test_rows_show_the_essentials(model):
    assert [cell(model, 0, column) for column in range(5)] == [
        "Nguyễn Thị Hương",
        "Vietnamese",
        "(714) 555-0111",
        "Westminster",
        "Orange",
    ]
    assert [cell(model, 1, column) for column in range(5)] == [
        "陈美玲",
        "Simplified Chinese",
        "(415) 555-0112",
        "San Francisco",
        "San Francisco",
    ]
    assert [cell(model, 2, column) for column in range(5)] == [
        "José García López (Pepe)",
        "Spanish",
        "",
        "Fresno",
        "Fresno",
    ]


def test_custom_roles(model, opened):
    resident_id = cell(model, 0, M.COL_NAME, M.ResidentIdRole)
    assert opened.records.get(Kind.RESIDENT, resident_id)["family_name"] == "Nguyễn"
    row = cell(model, 0, M.COL_CITY, M.RowRole)
    assert row["given_name"] == "Thị Hương"
    assert cell(model, 0, M.COL_LANGUAGE, Qt.ItemDataRole.ToolTipRole) == "vi"


def test_invalid_indexes_have_no_data(model):
    assert model.data(QModelIndex()) is None
    assert cell(model, 0, M.COL_NAME, Qt.ItemDataRole.DecorationRole) is None


def test_set_rows_resets(model, qtbot):
    with qtbot.waitSignal(model.modelReset):
        model.set_rows([])
    assert model.rowCount() == 0


def test_names_are_kept_exactly_as_typed():
    assert (
        display_name(
            {"given_name": "mARÍA josé", "family_name": "de la O", "preferred_language": "es"}
        )
        == "mARÍA josé de la O"
    )
    assert (
        display_name({"given_name": "민준", "family_name": "김", "preferred_language": "ko"})
        == "김민준"
    )
    assert (
        display_name({"given_name": "Min", "family_name": "Sun", "preferred_language": "zh-Hans"})
        == "Sun Min"
    )
    assert (
        display_name({"given_name": "زهرا", "family_name": "محمدی", "preferred_language": "fa"})
        == "زهرا محمدی"
    )
    assert (
        display_name({"given_name": "Aram", "family_name": None, "preferred_language": "hy"})
        == "Aram"
    )


def test_language_names_fall_back_to_the_tag():
    assert language_name("vi") == "Vietnamese"
    assert language_name("zh-Hant") == "Traditional Chinese"
    assert language_name("es-MX") == "Mexican Spanish"
    assert language_name("hmn") == "Hmong"
    assert language_name("x-unknown") == "x-unknown"
    assert language_name(None) == ""


def test_phones_read_as_people_write_them(qapp):
    assert display_phone("+19165550123") == "(916) 555-0123"
    assert display_phone("+525512345678") == "+525512345678"
    assert display_phone(None) == ""
    QGuiApplication.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    try:
        # Isolated left-to-right, so the digits keep their order in an RTL table.
        assert display_phone("+19165550123") == LRI + "(916) 555-0123" + PDI
    finally:
        QGuiApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
