"""The conversation form driven by keys alone, on a real encrypted profile.

Every key goes to the widget that has focus, as it would from a keyboard; the
assertions read what the store holds afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ocpsc_field.core.records import Kind
from ocpsc_field.store import conversations as convo
from ocpsc_field.store import journal
from ocpsc_field.store.reference_data import load_programs
from ocpsc_field.ui.conversation_form import ConversationForm
from ocpsc_field.ui.tasks import DatabaseQueue

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SAVED = "Conversation saved on this laptop. It will be sent to HQ with the next sync."

RESIDENTS = {
    "maria": {
        "given_name": "María Guadalupe",
        "family_name": "Hernández",
        "preferred_language": "es",
        "phone": "(323) 555-0121",
    },
    "huong": {
        "given_name": "Thị Hương",
        "family_name": "Nguyễn",
        "preferred_language": "vi",
        "phone": "(714) 555-0111",
    },
    "jose": {"given_name": "José", "family_name": "García López", "preferred_language": "es"},
}


@pytest.fixture
def queue(opened) -> Iterator[DatabaseQueue]:
    """Depends on ``opened`` so the worker stops before the profile is closed."""
    database_queue = DatabaseQueue()
    yield database_queue
    database_queue.shutdown()


def settle(qtbot, queue: DatabaseQueue) -> None:
    qtbot.waitUntil(lambda: not queue.busy)


def on_queue(qtbot, queue: DatabaseQueue, job) -> Any:
    """Run ``job`` on the database queue (as the app must) and return its result."""
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
def residents(qtbot, queue, opened) -> dict[str, str]:
    def job() -> dict[str, str]:
        for program in load_programs():
            opened.records.put_reference(Kind.PROGRAM, program)
        ids = {}
        for key, values in RESIDENTS.items():
            result = opened.records.create(Kind.RESIDENT, values)
            assert result.ok, result.errors
            ids[key] = result.record["id"]
        return ids

    return on_queue(qtbot, queue, job)


@pytest.fixture
def form(qtbot, queue, opened, residents) -> ConversationForm:
    widget = ConversationForm(queue, opened)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.open_new()
    settle(qtbot, queue)
    qtbot.waitUntil(lambda: widget.picker.search.hasFocus())
    return widget


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the keyboard focus is, as a real keyboard would deliver it."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def type_here(qtbot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def contact_logs(qtbot, queue, opened) -> list[dict[str, Any]]:
    return on_queue(qtbot, queue, lambda: list(opened.records.iter_all(Kind.CONTACT_LOG)))


def choose_resident(qtbot, queue, form: ConversationForm, typed: str) -> None:
    type_here(qtbot, typed)
    settle(qtbot, queue)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.picker.resident is not None)


def test_log_a_whole_conversation_with_the_keyboard_alone(qtbot, queue, opened, form, residents):
    # The resident: part of the name, then Enter picks the highlighted match.
    type_here(qtbot, "hern")
    qtbot.waitUntil(lambda: form.picker.model.rowCount() == 1)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.picker.resident_id == residents["maria"])
    assert form.channel.isAncestorOf(QApplication.focusWidget())  # on to the channel
    assert form.language.language() == "es"  # the resident's preferred language

    # Channel and outcome by their mnemonics.
    press(qtbot, Qt.Key.Key_D, ALT)
    press(qtbot, Qt.Key.Key_R, ALT)
    assert (form.channel.value(), form.outcome.value()) == ("door", "reached")

    # A program: Alt+C to the list, type its name to jump to it, Space ticks it.
    press(qtbot, Qt.Key.Key_C, ALT)
    assert form.programs.hasFocus()
    type_here(qtbot, "Medi-")
    press(qtbot, Qt.Key.Key_Space)
    medi_cal = on_queue(
        qtbot,
        queue,
        lambda: opened.database.scalar("SELECT id FROM program WHERE code = 'medi_cal'"),
    )
    assert form.programs.checked_ids() == [medi_cal]

    # Notes, then Tab out of them and Enter saves.
    press(qtbot, Qt.Key.Key_T, ALT)
    assert form.notes.hasFocus()
    type_here(qtbot, "Wants help renewing Medi-Cal for her son.")
    press(qtbot, Qt.Key.Key_Tab)
    assert not form.notes.hasFocus()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.result.label.text() == SAVED)
    settle(qtbot, queue)

    [record] = contact_logs(qtbot, queue, opened)
    assert record["resident_id"] == residents["maria"]
    assert record["anonymous_household"] is False
    assert (record["channel"], record["outcome"], record["language"]) == ("door", "reached", "es")
    assert record["programs_discussed"] == [medi_cal]
    assert record["notes"] == "Wants help renewing Medi-Cal for her son."
    assert record["created_by"] == "tester"
    ops = on_queue(
        qtbot, queue, lambda: journal.ops_for(opened.database, "contact_log", record["id"])
    )
    assert [(op.op, op.rev, op.state) for op in ops] == [("create", 1, "pending")]
    assert ops[0].fields["resident_id"] == residents["maria"]
    assert ops[0].fields["notes"] == "Wants help renewing Medi-Cal for her son."
    # The draft went with the save, in the same transaction.
    assert on_queue(qtbot, queue, lambda: opened.drafts.latest(convo.DRAFT_FORM)) is None

    # Ready for the next door: the channel and language stay, the rest is blank.
    assert form.picker.resident is None and form.picker.search.hasFocus()
    assert (form.channel.value(), form.outcome.value()) == ("door", None)
    assert form.language.language() == "es"
    assert form.notes.toPlainText() == "" and form.programs.checked_ids() == []


def test_enter_twice_logs_the_conversation_once(qtbot, queue, opened, form):
    choose_resident(qtbot, queue, form, "garc")
    press(qtbot, Qt.Key.Key_P, ALT)
    press(qtbot, Qt.Key.Key_N, ALT)
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.result.label.text() == SAVED)
    settle(qtbot, queue)
    assert [(r["channel"], r["outcome"]) for r in contact_logs(qtbot, queue, opened)] == [
        ("phone", "not_home")
    ]


def test_quick_add_a_resident_without_leaving_the_form(qtbot, queue, opened, form):
    type_here(qtbot, "Amara Okafor")
    qtbot.waitUntil(
        lambda: (
            form.picker.summary.text()
            == "No residents match “Amara Okafor”. Press Alt+Q to add them."
        )
    )
    press(qtbot, Qt.Key.Key_Q, ALT)
    quick = form.picker.quick_add
    assert quick.isVisible() and quick.given.hasFocus()
    assert (quick.given.text(), quick.family.text()) == ("Amara", "Okafor")

    # To the phone field (given, family, language, phone) and a number too short.
    for _field in range(3):
        press(qtbot, Qt.Key.Key_Tab)
    assert quick.phone.hasFocus()
    type_here(qtbot, "555-01")
    press(qtbot, Qt.Key.Key_Return)
    assert quick.errors["phone"].isVisible()
    assert quick.errors["phone"].text().startswith("Enter a phone number with its area code")
    assert (quick.given.text(), quick.family.text(), quick.phone.text()) == (
        "Amara",
        "Okafor",
        "555-01",
    )
    settle(qtbot, queue)
    assert on_queue(qtbot, queue, lambda: opened.records.count(Kind.RESIDENT)) == 3

    quick.phone.selectAll()
    type_here(qtbot, "(916) 555-0147")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.picker.resident is not None)
    new_id = form.picker.resident_id
    stored = on_queue(qtbot, queue, lambda: opened.records.get(Kind.RESIDENT, new_id))
    assert (stored["given_name"], stored["family_name"], stored["phone"]) == (
        "Amara",
        "Okafor",
        "+19165550147",
    )
    assert stored["preferred_language"] == "en"  # the UI language, unless chosen

    press(qtbot, Qt.Key.Key_W, ALT)
    press(qtbot, Qt.Key.Key_R, ALT)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.result.label.text() == SAVED)
    settle(qtbot, queue)
    [record] = contact_logs(qtbot, queue, opened)
    assert (record["resident_id"], record["channel"]) == (new_id, "walk_in")


def test_anonymous_household(qtbot, queue, opened, form):
    press(qtbot, Qt.Key.Key_A, ALT)
    assert form.picker.anonymous and form.picker.resident_id is None
    assert "Anonymous household" in form.picker.chosen_label.text()
    press(qtbot, Qt.Key.Key_E, ALT)
    press(qtbot, Qt.Key.Key_R, ALT)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.result.label.text() == SAVED)
    settle(qtbot, queue)
    [record] = contact_logs(qtbot, queue, opened)
    assert record["anonymous_household"] is True and record["resident_id"] is None
    assert (record["channel"], record["outcome"]) == ("event", "reached")


def test_follow_up_needs_a_date_shown_inline_and_nothing_typed_is_lost(qtbot, queue, opened, form):
    choose_resident(qtbot, queue, form, "nguy")
    press(qtbot, Qt.Key.Key_D, ALT)
    press(qtbot, Qt.Key.Key_O, ALT)  # follow-up needed
    press(qtbot, Qt.Key.Key_T, ALT)
    type_here(qtbot, "Call back about CalFresh.")
    press(qtbot, Qt.Key.Key_Return, CTRL)  # Ctrl+Enter saves from the notes

    error = form.errors["follow_up_date"]
    qtbot.waitUntil(error.isVisible)
    assert error.text() == "Choose a date to follow up."
    assert form.follow_up.hasFocus()  # the field to fix has the focus
    assert form.result.label.text().startswith("Not saved yet: 1 field needs attention.")
    assert form.notes.toPlainText() == "Call back about CalFresh."
    assert (form.channel.value(), form.outcome.value()) == ("door", "follow_up")
    assert form.language.language() == "vi"
    assert not form.errors["notes"].isVisible()
    settle(qtbot, queue)
    assert contact_logs(qtbot, queue, opened) == []

    press(qtbot, Qt.Key.Key_Up)  # an empty date starts from today
    assert form.follow_up.value() == date.today()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.result.label.text() == SAVED)
    assert not error.isVisible()
    settle(qtbot, queue)
    [record] = contact_logs(qtbot, queue, opened)
    assert record["follow_up_date"] == date.today().isoformat()
    assert record["notes"] == "Call back about CalFresh."


def test_escape_asks_before_closing_over_typed_input(qtbot, queue, opened, form):
    closed: list[bool] = []
    form.closed.connect(lambda: closed.append(True))

    choose_resident(qtbot, queue, form, "hern")
    press(qtbot, Qt.Key.Key_N, ALT)
    press(qtbot, Qt.Key.Key_Escape)
    assert form.notice.isVisible()
    assert form.notice.label.text().startswith("Stop logging this conversation?")
    assert [b.text() for b in form.notice.buttons] == [
        "Keep logging",
        "Close and keep the draft",
        "Discard what I typed",
    ]
    assert form.notice.buttons[0].hasFocus()
    press(qtbot, Qt.Key.Key_Return)  # Keep logging
    assert not form.notice.isVisible() and closed == []
    assert form.picker.resident is not None and form.outcome.value() == "not_home"

    press(qtbot, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_Escape)  # Esc on the question means "keep logging" too
    assert not form.notice.isVisible() and closed == []

    press(qtbot, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_Tab)
    assert form.notice.buttons[1].hasFocus()
    press(qtbot, Qt.Key.Key_Return)  # Close and keep the draft
    assert closed == [True]
    settle(qtbot, queue)
    draft = on_queue(qtbot, queue, lambda: opened.drafts.latest(convo.DRAFT_FORM))
    assert draft is not None and draft.payload["outcome"] == "not_home"
    assert draft.payload["picker"]["resident"]["given_name"] == "María Guadalupe"
    assert contact_logs(qtbot, queue, opened) == []


def test_escape_on_an_untouched_form_closes_at_once(qtbot, queue, form):
    closed: list[bool] = []
    form.closed.connect(lambda: closed.append(True))
    press(qtbot, Qt.Key.Key_Escape)
    assert closed == [True] and not form.notice.isVisible()


def test_discarding_what_was_typed_deletes_the_draft(qtbot, queue, opened, form):
    choose_resident(qtbot, queue, form, "garc")
    press(qtbot, Qt.Key.Key_M, ALT)
    form.write_draft()
    settle(qtbot, queue)
    assert on_queue(qtbot, queue, lambda: opened.drafts.latest(convo.DRAFT_FORM)) is not None
    press(qtbot, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    assert form.notice.buttons[2].hasFocus()
    press(qtbot, Qt.Key.Key_Space)  # Discard what I typed
    settle(qtbot, queue)
    assert on_queue(qtbot, queue, lambda: opened.drafts.latest(convo.DRAFT_FORM)) is None
    assert form.picker.resident is None and form.outcome.value() is None


def test_drafts_save_as_you_type(qtbot, queue, opened, form):
    saved: list[str] = []
    form.draft_saved.connect(saved.append)
    choose_resident(qtbot, queue, form, "hern")
    press(qtbot, Qt.Key.Key_T, ALT)
    type_here(qtbot, "Prefers evening calls")
    qtbot.waitUntil(lambda: len(saved) >= 1, timeout=3000)
    settle(qtbot, queue)
    draft = on_queue(qtbot, queue, lambda: opened.drafts.latest(convo.DRAFT_FORM))
    assert draft.id == form.draft_id
    assert draft.payload["notes"] == "Prefers evening calls"
    assert draft.payload["picker"]["resident"]["family_name"] == "Hernández"
    # Drafts stay on this laptop: nothing for sync to send.
    assert on_queue(qtbot, queue, lambda: journal.pending_count(opened.database)) == len(RESIDENTS)


def test_referrals_and_materials_are_saved(qtbot, queue, opened, form):
    from ocpsc_field.store.reference_data import load_resources

    on_queue(
        qtbot,
        queue,
        lambda: [opened.records.put_reference(Kind.RESOURCE, item) for item in load_resources()],
    )
    press(qtbot, Qt.Key.Key_A, ALT)
    press(qtbot, Qt.Key.Key_D, ALT)
    press(qtbot, Qt.Key.Key_R, ALT)
    press(qtbot, Qt.Key.Key_S, ALT)  # the referral search
    assert form.referrals.search.hasFocus()
    type_here(qtbot, "boyle heights")
    press(qtbot, Qt.Key.Key_Return)  # adds the first match once the search is back
    qtbot.waitUntil(lambda: len(form.referrals.chosen) == 1)
    assert form.referrals.search.text() == ""
    form.material_input.setFocus()
    type_here(qtbot, "Know Your Rights card")
    press(qtbot, Qt.Key.Key_Return)  # adds the material, does not save
    assert "Know Your Rights card" in form.materials.values()
    assert contact_logs(qtbot, queue, opened) == []
    press(qtbot, Qt.Key.Key_Return)  # now the field is empty: Enter saves
    qtbot.waitUntil(lambda: form.result.label.text() == SAVED)
    settle(qtbot, queue)
    [record] = contact_logs(qtbot, queue, opened)
    boyle = on_queue(
        qtbot,
        queue,
        lambda: opened.database.scalar(
            "SELECT id FROM resource WHERE json_extract(name, '$.en') = ?",
            ("Boyle Heights Community Food Pantry",),
        ),
    )
    assert record["referrals"] == [boyle]
    assert record["materials_left"] == ["Know Your Rights card"]


def test_tab_passes_an_empty_follow_up_date_both_ways(qtbot, form):
    assert form.follow_up.value() is None
    form.consent.setFocus(Qt.FocusReason.TabFocusReason)
    press(qtbot, Qt.Key.Key_Tab)
    assert form.follow_up.hasFocus()
    press(qtbot, Qt.Key.Key_Tab)
    after = QApplication.focusWidget()
    assert after is not form.follow_up and after.accessibleName() == "Follow up: Tomorrow"
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert form.follow_up.hasFocus()
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert form.consent.hasFocus()
    assert form.follow_up.value() is None  # passing through chose no date
