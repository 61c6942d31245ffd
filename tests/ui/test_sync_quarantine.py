"""The Sync page's "Needs attention" box: fix a refused record, then send it again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from ocpsc_field.core.records import Kind
from ocpsc_field.store import journal
from ocpsc_field.ui.pages.sync import SyncPage
from ocpsc_field.ui.tasks import DatabaseQueue

RESIDENT = {
    "given_name": "Rosa",
    "family_name": "Delgado",
    "preferred_language": "es",
    "zip": "93701",
}


@pytest.fixture
def queue(opened) -> Iterator[DatabaseQueue]:
    database_queue = DatabaseQueue()
    yield database_queue
    database_queue.shutdown()


def _state(opened, op_id: int) -> tuple[str, str | None]:
    row = opened.database.query("SELECT state, reason FROM journal WHERE op_id = ?", (op_id,))[0]
    return row["state"], row["reason"]


def _page(qtbot, queue, opened) -> SyncPage:
    page = SyncPage(queue, opened)
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    qtbot.waitUntil(lambda: page.quarantine.count() == 1)
    return page


def test_a_refused_resident_is_fixed_in_its_form_and_sent_again(qtbot, opened, queue):
    record = opened.records.create(Kind.RESIDENT, RESIDENT).record
    op_id = journal.ops_for(opened.database, "resident", record["id"])[0].op_id
    with opened.database.transaction():
        opened.database.execute("UPDATE resident SET zip = 'abc' WHERE id = ?", (record["id"],))
        opened.database.execute(
            "UPDATE journal SET state = 'quarantined', reason = 'zip: Enter a ZIP code.' "
            "WHERE op_id = ?",
            (op_id,),
        )
    page = _page(qtbot, queue, opened)
    box = page.attention_box
    assert box.isVisible() and "zip: Enter a ZIP code." in page.quarantine.item(0).text()
    assert page.quarantine.item(0).text().startswith("Resident saved ")
    assert box.fix_button.isVisible() and box.fix_button.isEnabled()

    qtbot.mouseClick(box.send_button, Qt.MouseButton.LeftButton)  # not fixed yet
    qtbot.waitUntil(lambda: "still needs fixing" in box.message.text())
    assert _state(opened, op_id)[0] == "quarantined"

    qtbot.mouseClick(box.fix_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.editor is not None and box.editor.fields.isEnabled())
    zip_input = box.editor.fields.inputs["zip"]
    zip_input.setFocus()
    zip_input.selectAll()
    qtbot.keyClicks(zip_input, "93702")
    qtbot.keyClick(box.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Send again" in box.message.text())

    qtbot.mouseClick(box.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.quarantine.count() == 0)
    assert not box.isVisible()
    assert _state(opened, op_id) == ("pending", None)
    op = next(op for op in journal.ops(opened.database) if op.op_id == op_id)
    assert op.fields["zip"] == "93702"
    qtbot.waitUntil(lambda: not queue.busy)


def test_a_refused_conversation_offers_send_again_only(qtbot, opened, queue):
    log = opened.records.create(
        Kind.CONTACT_LOG,
        {
            "occurred_at": "2026-03-02T10:00:00Z",
            "channel": "door",
            "outcome": "reached",
            "anonymous_household": True,
            "language": "en",
        },
    )
    assert log.ok, log.errors
    op_id = journal.ops_for(opened.database, "contact_log", log.record["id"])[0].op_id
    opened.database.execute(
        "UPDATE journal SET state = 'quarantined', reason = 'HQ had a problem.' WHERE op_id = ?",
        (op_id,),
    )
    page = _page(qtbot, queue, opened)
    box = page.attention_box
    assert not box.fix_button.isVisible()

    box.send_button.setFocus()
    qtbot.keyClick(box.send_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.quarantine.count() == 0)
    assert _state(opened, op_id) == ("pending", None)
    qtbot.waitUntil(lambda: not queue.busy)


def test_fix_opens_the_enrollment_dialog_for_a_refused_enrollment(qtbot, opened, queue):
    from ocpsc_field.store.reference_data import load_programs
    from ocpsc_field.ui.enrollment_dialog import EnrollmentDialog

    with opened.database.transaction():
        for program in load_programs():
            opened.records.put_reference(Kind.PROGRAM, program)
    program = next(iter(opened.records.iter_all(Kind.PROGRAM)))
    resident = opened.records.create(Kind.RESIDENT, RESIDENT).record
    enrollment = opened.records.create(
        Kind.ENROLLMENT,
        {
            "resident_id": resident["id"],
            "program_id": program["id"],
            "status": "started",
            "started_on": "2024-03-01",
        },
    )
    assert enrollment.ok, enrollment.errors
    op_id = journal.ops_for(opened.database, "enrollment", enrollment.record["id"])[0].op_id
    opened.database.execute(
        "UPDATE journal SET state = 'quarantined', reason = 'status: not allowed' WHERE op_id = ?",
        (op_id,),
    )
    page = _page(qtbot, queue, opened)
    box = page.attention_box

    box.fix_button.setFocus()
    qtbot.keyClick(box.fix_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(box.editor, EnrollmentDialog) and box.editor.ready)
    assert box.editor.resident_id == resident["id"]
    assert box.editor.enrollment_id == enrollment.record["id"]
    box.editor._discard_drafts()
    box.editor.dirty = False
    box.editor.reject()
    qtbot.waitUntil(lambda: not queue.busy)
    assert _state(opened, op_id)[0] == "quarantined"
