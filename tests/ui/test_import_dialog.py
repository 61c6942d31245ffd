"""The import dialog driven with keys and clicks on a real profile: open a file, match
columns, read the bad rows by number, import the good ones (or nothing), stop half way.

What the store holds is read through the same DatabaseQueue the dialog uses.
"""

from __future__ import annotations

import csv
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from ocpsc_field.core.records import Kind
from ocpsc_field.store import journal
from ocpsc_field.ui.import_dialog import ImportDialog
from ocpsc_field.ui.main_window import MainWindow
from ocpsc_field.ui.tasks import DatabaseQueue

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "import"


@pytest.fixture
def queue(opened) -> Iterator[DatabaseQueue]:
    """Depends on ``opened`` so the worker stops before the profile is closed."""
    database_queue = DatabaseQueue()
    yield database_queue
    database_queue.shutdown()


def settle(qtbot, queue: DatabaseQueue) -> None:
    qtbot.waitUntil(lambda: not queue.busy, timeout=20_000)


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


def stored(qtbot, queue, opened) -> dict[str, dict[str, Any]]:
    """Every resident in the store, by given name (read on the database queue)."""
    rows = on_queue(qtbot, queue, lambda: list(opened.records.iter_all(Kind.RESIDENT)))
    return {row["given_name"]: row for row in rows}


def copy_fixture(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copyfile(FIXTURES / name, target)
    return target


def make_dialog(qtbot, queue, opened) -> ImportDialog:
    dialog = ImportDialog(opened.records, queue)
    qtbot.addWidget(dialog)
    dialog.resize(1200, 760)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def open_file(qtbot, queue, dialog: ImportDialog, path: Path) -> None:
    qtbot.waitUntil(dialog.choose.path_edit.hasFocus)  # focus is on the path when the dialog opens
    qtbot.keyClicks(dialog.choose.path_edit, str(path))
    qtbot.keyClick(dialog.choose.path_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.steps.currentWidget() is dialog.mapping)
    settle(qtbot, queue)


def preview_columns(dialog: ImportDialog) -> list[str]:
    model = dialog.mapping.preview_model
    return [
        model.headerData(column, Qt.Orientation.Horizontal) for column in range(model.columnCount())
    ]


def check_all(qtbot, queue, dialog: ImportDialog) -> None:
    qtbot.mouseClick(dialog.mapping.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.steps.currentWidget() is dialog.check)
    settle(qtbot, queue)


def problem_lines(dialog: ImportDialog) -> list[str]:
    model = dialog.check.problem_model
    role = Qt.ItemDataRole.AccessibleTextRole
    return [model.index(row, 0).data(role) for row in range(model.rowCount())]


def test_map_columns_see_bad_rows_by_number_and_import_the_good_ones(
    qtbot, queue, opened, tmp_path
):
    source = copy_fixture(tmp_path, "residents_bad_rows.csv")
    dialog = make_dialog(qtbot, queue, opened)
    open_file(qtbot, queue, dialog, source)
    mapping = dialog.mapping
    assert "read as UTF-8, columns separated by commas" in mapping.file_summary.text()
    assert mapping.combos["phone"].currentText() == "C: Phone"
    assert mapping.combos["preferred_name"].currentText() == "Not in this file"
    assert "Notes" in preview_columns(dialog)

    # Leave the notes out: Home picks "Not in this file"; the preview follows at once.
    mapping.combos["notes"].setFocus()
    qtbot.keyClick(mapping.combos["notes"], Qt.Key.Key_Home)
    assert mapping.combos["notes"].currentText() == "Not in this file"
    assert "Notes" not in preview_columns(dialog)
    # The preview shows phones as people write them, with the spreadsheet's row numbers.
    model = mapping.preview_model
    phone_column = preview_columns(dialog).index("Phone")
    assert model.headerData(0, Qt.Orientation.Vertical) == "Row 2"
    assert model.index(0, phone_column).data() == "(714) 555-0111"
    assert model.index(1, phone_column).data() == "⚠ 555-0199"
    assert (
        model.index(1, phone_column)
        .data(Qt.ItemDataRole.ToolTipRole)
        .startswith("Enter a phone number")
    )

    assert dialog.mapping.date_order.accessibleName() == "Order of dates like 03/04/1980"
    check_all(qtbot, queue, dialog)
    assert dialog.check.summary.text() == (
        "4 rows are ready to import. 7 rows need fixing; the problems are listed below."
    )
    lines = problem_lines(dialog)
    assert lines[0].startswith("Row 3: Phone — Enter a phone number with its area code")
    assert "Row 5: ZIP code — This is not a California ZIP code." in lines[1]
    assert "Row 7: Given name — This field is required." in lines
    assert [line.split(":")[0] for line in lines] == [
        "Row 3",
        "Row 5",
        "Row 7",
        "Row 8",
        "Row 9",
        "Row 9",
        "Row 10",
        "Row 12",
    ]
    assert dialog.check.import_button.text() == "&Import the 4 good rows"
    assert on_queue(qtbot, queue, lambda: opened.records.count(Kind.RESIDENT)) == 0

    qtbot.mouseClick(dialog.check.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.steps.currentWidget() is dialog.summary_step)
    settle(qtbot, queue)
    assert "4 residents from “residents_bad_rows.csv” are saved" in dialog.summary_step.text.text()
    assert "7 rows were not imported" in dialog.summary_step.text.text()
    assert dialog.summary_step.text.text().split("\n\n")[0].endswith(
        "are saved on this laptop. They will be sent to HQ at the next sync."
    )
    residents = stored(qtbot, queue, opened)
    assert set(residents) == {"Thị Hương", "Guadalupe", "María", "Fatima"}
    assert residents["Guadalupe"]["notes"] is None  # the column was left out
    assert residents["Thị Hương"]["phone"] == "+17145550111"
    assert on_queue(qtbot, queue, lambda: journal.pending_count(opened.database)) == 4


def test_import_nothing_until_the_file_is_fixed_and_save_the_rows_to_fix(
    qtbot, queue, opened, tmp_path
):
    source = copy_fixture(tmp_path, "residents_bad_rows.csv")
    dialog = make_dialog(qtbot, queue, opened)
    open_file(qtbot, queue, dialog, source)
    check_all(qtbot, queue, dialog)

    qtbot.mouseClick(dialog.check.save_fix_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.fix_file is not None)
    settle(qtbot, queue)
    target = tmp_path / "residents_bad_rows - rows to fix.csv"
    assert dialog.fix_file == target
    assert str(target) in dialog.check.fix_saved.text()
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["Row", "What to fix", "First Name"]
    assert [row[0] for row in rows[1:]] == ["3", "5", "7", "8", "9", "10", "12"]
    assert rows[5][1].startswith("Birth date: This date can't be read as month/day/year.")
    assert "Household size: Enter a number from 1 to 30." in rows[5][1]

    qtbot.mouseClick(dialog.check.import_nothing_button, Qt.MouseButton.LeftButton)
    assert dialog.steps.currentWidget() is dialog.summary_step
    assert dialog.summary_step.heading.text() == "Nothing was imported"
    assert on_queue(qtbot, queue, lambda: opened.records.count(Kind.RESIDENT)) == 0
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_clean_file_imports_everything_and_warns_when_imported_again(qtbot, queue, opened):
    dialog = make_dialog(qtbot, queue, opened)
    open_file(qtbot, queue, dialog, FIXTURES / "residentes_cp1252.csv")
    assert "Windows-1252" in dialog.mapping.file_summary.text()
    check_all(qtbot, queue, dialog)
    assert not dialog.check.import_nothing_button.isVisible()
    assert not dialog.check.previous_warning.isVisible()
    assert dialog.check.import_button.text() == "&Import 3 residents"
    qtbot.keyClick(dialog.check.import_button, Qt.Key.Key_Return)  # Enter on the default button
    qtbot.waitUntil(lambda: dialog.steps.currentWidget() is dialog.summary_step)
    assert dialog.summary_step.text.text() == (
        "3 residents from “residentes_cp1252.csv” are saved on this laptop. "
        "They will be sent to HQ at the next sync."
    )
    settle(qtbot, queue)
    residents = stored(qtbot, queue, opened)
    assert residents["José Ángel"]["birth_date"] == "1980-03-15"
    assert residents["Françoise"]["family_name"] == "Dubœuf"

    again = make_dialog(qtbot, queue, opened)
    open_file(qtbot, queue, again, FIXTURES / "residentes_cp1252.csv")
    check_all(qtbot, queue, again)
    assert again.check.previous_warning.isVisible()
    assert "already imported" in again.check.previous_warning.text()
    assert "(3 residents)" in again.check.previous_warning.text()


def test_required_field_left_unmapped_blocks_the_check_and_says_why(qtbot, queue, opened):
    dialog = make_dialog(qtbot, queue, opened)
    open_file(qtbot, queue, dialog, FIXTURES / "residents_utf16_tabs.txt")
    combo = dialog.mapping.combos["given_name"]
    assert combo.hasFocus()  # the first field, ready to check
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    assert not dialog.mapping.check_button.isEnabled()
    assert dialog.mapping.missing.isVisible()
    assert "Given name" in dialog.mapping.missing.text()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # back to column A
    assert combo.currentText() == "A: Given Name"
    assert dialog.mapping.check_button.isEnabled()
    assert not dialog.mapping.missing.isVisible()


def test_a_file_that_cant_be_read_says_what_to_do_and_keeps_the_path(
    qtbot, queue, opened, tmp_path
):
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    dialog = make_dialog(qtbot, queue, opened)
    qtbot.keyClicks(dialog.choose.path_edit, str(old))
    qtbot.mouseClick(dialog.choose.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.choose.error.isVisible())
    settle(qtbot, queue)
    assert "Excel 97–2003" in dialog.choose.error.text()
    assert dialog.choose.path_edit.text() == str(old)
    assert dialog.steps.currentWidget() is dialog.choose


def hold_queue(queue: DatabaseQueue) -> threading.Event:
    """Keep the database queue busy until the event is set, so a Stop pressed now is
    pressed before the next step starts, whatever the machine's speed."""
    release = threading.Event()
    queue.run(lambda: release.wait(10))
    return release


def write_big_file(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Nombre", "Apellido", "Teléfono", "Idioma"])
        for index in range(rows):
            writer.writerow([f"Ana {index}", "Pérez", f"(559) 555-{index % 10000:04d}", "es"])
    return path


def test_stop_while_importing_leaves_nothing_imported(qtbot, queue, opened, tmp_path):
    source = write_big_file(tmp_path / "big.csv", 3000)
    dialog = make_dialog(qtbot, queue, opened)
    open_file(qtbot, queue, dialog, source)
    check_all(qtbot, queue, dialog)
    assert dialog.check.summary.text() == "3,000 rows are ready to import."

    release = hold_queue(queue)
    qtbot.mouseClick(dialog.check.import_button, Qt.MouseButton.LeftButton)
    assert dialog.busy and dialog.progress.stop_button.isVisible()
    qtbot.mouseClick(dialog.progress.stop_button, Qt.MouseButton.LeftButton)
    assert dialog.progress.text.text() == "Stopping… nothing from the file will be kept."
    release.set()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    settle(qtbot, queue)
    assert dialog.steps.currentWidget() is dialog.check
    assert dialog.check.error.isVisible()
    assert dialog.check.error.text() == "Cancelled. Nothing from the file was imported."
    assert on_queue(qtbot, queue, lambda: opened.records.count(Kind.RESIDENT)) == 0
    assert on_queue(qtbot, queue, lambda: journal.pending_count(opened.database)) == 0


def test_escape_while_checking_stops_and_the_dialog_stays_to_say_so(qtbot, queue, opened, tmp_path):
    source = write_big_file(tmp_path / "big.csv", 3000)
    dialog = make_dialog(qtbot, queue, opened)
    open_file(qtbot, queue, dialog, source)
    release = hold_queue(queue)
    qtbot.mouseClick(dialog.mapping.check_button, Qt.MouseButton.LeftButton)
    assert dialog.busy
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    release.set()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    assert dialog.isVisible()
    assert dialog.steps.currentWidget() is dialog.mapping
    assert dialog.mapping.error.text() == "Cancelled. Nothing from the file was imported."
    assert on_queue(qtbot, queue, lambda: opened.records.count(Kind.RESIDENT)) == 0


def test_ctrl_i_opens_the_import_from_the_main_window_and_the_lists_refresh(qtbot, queue, opened):
    window = MainWindow(opened, queue)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, queue)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    dialog = window.import_dialog
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()
    assert dialog.accessibleName() == "Import residents"
    open_file(qtbot, queue, dialog, FIXTURES / "residents_typed_cells.xlsx")
    assert "sheet “Residents”" in dialog.mapping.file_summary.text()
    check_all(qtbot, queue, dialog)
    qtbot.mouseClick(dialog.check.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.steps.currentWidget() is dialog.summary_step)
    qtbot.waitUntil(lambda: window.waiting_label.text() == "3 records waiting to be sent")
    settle(qtbot, queue)
    residents = stored(qtbot, queue, opened)
    assert residents["Pa Houa"]["phone"] == "+19165550123"
    assert residents["Pa Houa"]["birth_date"] == "1984-06-02"
    qtbot.mouseClick(dialog.summary_step.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_every_control_has_an_accessible_name(qtbot, queue, opened):
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit

    dialog = make_dialog(qtbot, queue, opened)
    open_file(qtbot, queue, dialog, FIXTURES / "residents_utf8_bom.csv")
    check_all(qtbot, queue, dialog)
    for kind in (QAbstractButton, QComboBox, QLineEdit):
        for widget in dialog.findChildren(kind):
            if not widget.objectName().startswith("qt_"):  # Qt's own, inside views
                assert widget.accessibleName(), widget
