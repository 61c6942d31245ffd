"""Export my records, driven with keys and clicks: only this user's records, CSV or
Excel, a plain warning, asking before replacing a file, and Stop leaving no file."""

from __future__ import annotations

import csv
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from ocpsc_field.core.records import Kind
from ocpsc_field.store.repository import Actor, RecordRepository
from ocpsc_field.ui.export_dialog import ExportDialog
from ocpsc_field.ui.main_window import MainWindow
from ocpsc_field.ui.tasks import DatabaseQueue
from tests.ui.mnemonics import assert_unique_mnemonics

MINE = [
    {"given_name": "Thị Hương", "family_name": "Nguyễn", "preferred_language": "vi"},
    {"given_name": "José", "family_name": "García López", "preferred_language": "es"},
]
THEIRS = [{"given_name": "美玲", "family_name": "陈", "preferred_language": "zh-Hans"}]


@pytest.fixture
def queue(opened) -> Iterator[DatabaseQueue]:
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


@pytest.fixture
def records(qtbot, queue, opened) -> None:
    """Two residents and a conversation by this user, one resident by a colleague."""

    def job() -> None:
        resident = opened.records.create(Kind.RESIDENT, MINE[0]).record
        opened.records.create(Kind.RESIDENT, MINE[1])
        opened.records.create(
            Kind.CONTACT_LOG,
            {
                "occurred_at": "2025-03-01T18:30:00Z",
                "resident_id": resident["id"],
                "channel": "door",
                "language": "vi",
                "outcome": "reached",
            },
        )
        colleague = RecordRepository(opened.database, Actor("other-canvasser", "device-2"))
        colleague.create(Kind.RESIDENT, THEIRS[0])

    on_queue(qtbot, queue, job)


def make_dialog(qtbot, queue, opened) -> ExportDialog:
    dialog = ExportDialog(opened.records, opened.actor.user, queue)
    qtbot.addWidget(dialog)
    dialog.resize(1000, 760)
    dialog.show()
    qtbot.waitExposed(dialog)
    settle(qtbot, queue)
    return dialog


def toggle(qtbot, box) -> None:
    """Tick or untick a box with the keyboard."""
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)


def set_destination(qtbot, dialog: ExportDialog, path: Path) -> None:
    dialog.path_edit.setFocus()
    dialog.path_edit.selectAll()
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(dialog.path_edit, str(path))


def export_and_wait(qtbot, queue, dialog: ExportDialog) -> None:
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog._task is None)
    settle(qtbot, queue)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_export_my_residents_to_one_csv_file(qtbot, queue, opened, records, tmp_path):
    dialog = make_dialog(qtbot, queue, opened)
    boxes = dialog.kind_boxes
    assert boxes[Kind.RESIDENT].text() == "&Residents (2)"  # the colleague's is not counted
    assert boxes[Kind.CONTACT_LOG].text() == "&Conversations (1)"
    assert "personal information about residents, unencrypted" in dialog.warning.text()
    assert dialog.warning.isVisible()

    for kind in (Kind.CONTACT_LOG, Kind.ENROLLMENT, Kind.SURVEY_RESPONSE):
        toggle(qtbot, boxes[kind])
    assert dialog.chosen_kinds() == [Kind.RESIDENT]
    qtbot.mouseClick(dialog.csv_button, Qt.MouseButton.LeftButton)
    assert dialog.csv_button.text() == "CS&V file (.csv)"
    assert dialog.path_edit.text().endswith(".csv")
    target = tmp_path / "mine.csv"
    set_destination(qtbot, dialog, target)
    export_and_wait(qtbot, queue, dialog)

    assert dialog.result.text() == f"Exported 2 records to “{target}”."
    rows = read_csv(target)
    assert sorted(row["given_name"] for row in rows) == ["José", "Thị Hương"]
    assert {row["created_by"] for row in rows} == {"tester"}


def test_export_all_my_kinds_to_a_workbook(qtbot, queue, opened, records, tmp_path):
    dialog = make_dialog(qtbot, queue, opened)
    assert dialog.xlsx_button.isChecked()
    target = tmp_path / "mine.xlsx"
    set_destination(qtbot, dialog, target)
    export_and_wait(qtbot, queue, dialog)
    assert dialog.result.text() == f"Exported 3 records to “{target}”."
    book = load_workbook(target, read_only=True)
    try:
        assert book.sheetnames == ["resident", "contact_log", "enrollment", "survey_response"]
        residents = list(book["resident"].iter_rows(values_only=True))
        header = residents[0]
        names = sorted(row[header.index("given_name")] for row in residents[1:])
        assert names == ["José", "Thị Hương"]
        assert len(list(book["contact_log"].iter_rows())) == 2
    finally:
        book.close()
    assert [path.name for path in tmp_path.glob(".*")] == []  # no scratch file left beside it


def test_an_existing_file_is_replaced_only_after_asking(qtbot, queue, opened, records, tmp_path):
    target = tmp_path / "mine.xlsx"
    target.write_bytes(b"an older export")
    dialog = make_dialog(qtbot, queue, opened)
    set_destination(qtbot, dialog, target)
    export_and_wait(qtbot, queue, dialog)
    assert dialog.problem.isVisible()
    assert "already exists and would be replaced" in dialog.problem.text()
    assert target.read_bytes() == b"an older export"
    assert dialog.export_button.text() == "Replace an&d export"
    assert_unique_mnemonics(dialog)

    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result.isVisible())
    settle(qtbot, queue)
    assert target.read_bytes().startswith(b"PK")
    assert dialog.export_button.text() == "&Export"


def test_every_mnemonic_of_the_dialog_is_its_own(qtbot, queue, opened, records):
    dialog = make_dialog(qtbot, queue, opened)
    assert_unique_mnemonics(dialog)
    assert dialog.kind_boxes[Kind.ENROLLMENT].text().startswith("E&nrollments")
    assert (dialog.stop_button.text(), dialog.close_button.text()) == ("&Stop", "C&lose")


def test_existing_files_in_a_folder_are_named_and_the_way_out_said_once(
    qtbot, queue, opened, records, tmp_path
):
    folder = tmp_path / "out"
    folder.mkdir()
    for name in ("resident.csv", "contact_log.csv"):
        (folder / name).write_text("older", encoding="utf-8")
    dialog = make_dialog(qtbot, queue, opened)
    dialog.csv_button.setChecked(True)
    set_destination(qtbot, dialog, folder)
    export_and_wait(qtbot, queue, dialog)
    assert dialog.problem.text().startswith("These files already exist and would be replaced:")
    assert dialog.problem.text().endswith(
        "Press Replace and export to replace them, or choose another place to save to."
    )
    assert (folder / "resident.csv").read_text(encoding="utf-8") == "older"


def test_csv_files_for_several_kinds_go_in_a_folder(qtbot, queue, opened, records, tmp_path):
    dialog = make_dialog(qtbot, queue, opened)
    qtbot.mouseClick(dialog.csv_button, Qt.MouseButton.LeftButton)
    assert dialog.path_edit.text().endswith("my-records-" + dialog.path_edit.text()[-10:])
    folder = tmp_path / "my records"
    set_destination(qtbot, dialog, folder)
    export_and_wait(qtbot, queue, dialog)
    assert sorted(path.name for path in folder.iterdir()) == [
        "contact_log.csv",
        "enrollment.csv",
        "resident.csv",
        "survey_response.csv",
    ]
    assert len(read_csv(folder / "resident.csv")) == 2


def test_stop_leaves_no_file(qtbot, queue, opened, records, tmp_path):
    dialog = make_dialog(qtbot, queue, opened)
    folder = tmp_path / "out"
    set_destination(qtbot, dialog, folder / "mine.xlsx")
    # Hold the queue so Stop is pressed before the export starts, whatever the timing.
    release = threading.Event()
    queue.run(lambda: release.wait(10))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: dialog._task is None)
    settle(qtbot, queue)
    assert dialog.problem.text() == "Stopped. No file was written."
    assert list(folder.iterdir()) == []  # no export, no scratch file


def test_nothing_chosen_is_explained_inline(qtbot, queue, opened, records, tmp_path):
    dialog = make_dialog(qtbot, queue, opened)
    for box in dialog.kind_boxes.values():
        toggle(qtbot, box)
    set_destination(qtbot, dialog, tmp_path / "out" / "mine.xlsx")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.text() == "Choose at least one kind of record to export."
    settle(qtbot, queue)
    assert not (tmp_path / "out").exists()


def test_ctrl_e_opens_the_export_from_the_main_window(qtbot, queue, opened, records):
    window = MainWindow(opened, queue)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, queue)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.export_dialog
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    settle(qtbot, queue)
    assert dialog.kind_boxes[Kind.RESIDENT].text() == "&Residents (2)"
    qtbot.waitUntil(dialog.kind_boxes[Kind.RESIDENT].hasFocus)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
