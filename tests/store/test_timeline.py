"""One resident's timeline: every kind of record, newest first, with its sync state."""

from __future__ import annotations

from ocpsc_field.core.records import Kind
from ocpsc_field.store.timeline import (
    Standing,
    SyncState,
    resident_standing,
    resident_timeline,
    standings,
)


def create(opened, kind: Kind, values: dict) -> str:
    result = opened.records.create(kind, values)
    assert result.ok, result.errors
    return result.record["id"]


def setup_resident(opened):
    opened.records.put_reference(
        Kind.PROGRAM, {"code": "calfresh", "name": {"en": "CalFresh", "es": "CalFresh"}}
    )
    opened.records.put_reference(
        Kind.SURVEY,
        {
            "form_id": "needs",
            "version": "1",
            "title": {"en": "Household needs"},
            "definition": {"questions": []},
        },
    )
    program = next(opened.records.iter_all(Kind.PROGRAM))["id"]
    survey = next(opened.records.iter_all(Kind.SURVEY))["id"]
    ana = {"given_name": "Ana", "family_name": "Ruiz", "preferred_language": "es"}
    resident = create(opened, Kind.RESIDENT, ana)
    other = create(opened, Kind.RESIDENT, {"given_name": "Bo", "preferred_language": "en"})
    return resident, other, program, survey


def conversation(resident: str, when: str, **extra) -> dict:
    return {
        "occurred_at": when,
        "resident_id": resident,
        "channel": "door",
        "language": "es",
        "outcome": "reached",
        **extra,
    }


def test_entries_of_every_kind_newest_first(opened):
    resident, other, program, survey = setup_resident(opened)
    first = create(opened, Kind.CONTACT_LOG, conversation(resident, "2024-03-01T17:00:00Z"))
    follow = create(
        opened,
        Kind.CONTACT_LOG,
        conversation(
            resident,
            "2024-05-02T16:00:00Z",
            outcome="follow_up",
            follow_up_date="2024-05-09",
            programs_discussed=[program],
        ),
    )
    enrollment = create(
        opened,
        Kind.ENROLLMENT,
        {
            "resident_id": resident,
            "program_id": program,
            "status": "submitted",
            "started_on": "2024-04-01",
            "submitted_on": "2024-04-20",
        },
    )
    response = create(
        opened,
        Kind.SURVEY_RESPONSE,
        {
            "survey_id": survey,
            "survey_version": "1",
            "status": "complete",
            "language": "es",
            "answers": {"size": 3},
            "resident_id": resident,
            "completed_at": "2024-06-10T20:00:00Z",
        },
    )
    gone = create(opened, Kind.CONTACT_LOG, conversation(resident, "2024-07-01T17:00:00Z"))
    opened.records.delete(Kind.CONTACT_LOG, gone)
    create(opened, Kind.CONTACT_LOG, conversation(other, "2024-08-01T17:00:00Z"))

    timeline = resident_timeline(opened.database, resident)
    assert [entry.record_id for entry in timeline] == [response, follow, enrollment, first]
    assert [entry.kind for entry in timeline] == [
        Kind.SURVEY_RESPONSE,
        Kind.CONTACT_LOG,
        Kind.ENROLLMENT,
        Kind.CONTACT_LOG,
    ]
    assert timeline[0].details["survey"] == {"en": "Household needs"}
    assert timeline[1].details["outcome"] == "follow_up"
    assert timeline[1].details["follow_up_date"] == "2024-05-09"
    assert timeline[1].details["programs"] == [{"en": "CalFresh", "es": "CalFresh"}]
    assert timeline[2].when == "2024-04-20"  # dated by its latest step
    assert timeline[2].details["status"] == "submitted"
    # Nothing has been sent yet: everything is saved on this laptop.
    assert {entry.standing.state for entry in timeline} == {SyncState.SAVED}


def test_sync_state_from_the_journal(opened):
    resident, _other, _program, _survey = setup_resident(opened)
    sent = create(opened, Kind.CONTACT_LOG, conversation(resident, "2024-03-01T17:00:00Z"))
    refused = create(opened, Kind.CONTACT_LOG, conversation(resident, "2024-03-02T17:00:00Z"))
    waiting = create(opened, Kind.CONTACT_LOG, conversation(resident, "2024-03-03T17:00:00Z"))
    with opened.database.transaction():
        # As sync does: HQ acknowledged one op and refused another.
        opened.database.execute(
            "DELETE FROM journal WHERE kind = 'contact_log' AND record_id = ?", (sent,)
        )
        opened.database.execute(
            "UPDATE journal SET state = 'quarantined', reason = ? WHERE record_id = ?",
            ("The program no longer exists.", refused),
        )
    states = standings(opened.database, Kind.CONTACT_LOG, [sent, refused, waiting])
    assert states == {
        sent: Standing(SyncState.SENT),
        refused: Standing(SyncState.ATTENTION, "The program no longer exists."),
        waiting: Standing(SyncState.SAVED),
    }
    timeline = resident_timeline(opened.database, resident)
    by_id = {entry.record_id: entry.standing for entry in timeline}
    assert by_id == states
    assert resident_standing(opened.database, resident) == Standing(SyncState.SAVED)


def test_a_resident_with_nothing_recorded_has_an_empty_timeline(opened):
    resident, _other, _program, _survey = setup_resident(opened)
    assert resident_timeline(opened.database, resident) == []
