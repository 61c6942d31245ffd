"""Conversation queries on a real encrypted profile: my lists, follow-ups, counts, sync state."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from ocpsc_field.core.records import OUTCOMES, Kind
from ocpsc_field.store import conversations as convo
from ocpsc_field.store import journal
from ocpsc_field.store.reference_data import load_programs, load_resources
from ocpsc_field.store.repository import Actor, RecordRepository

PACIFIC = ZoneInfo("America/Los_Angeles")


def resident(opened, given: str, family: str, language: str = "es") -> str:
    result = opened.records.create(
        Kind.RESIDENT,
        {"given_name": given, "family_name": family, "preferred_language": language},
    )
    assert result.ok, result.errors
    return result.record["id"]


def log(records: RecordRepository, occurred_at: str, resident_id: str | None = None, **fields):
    data = {
        "occurred_at": occurred_at,
        "resident_id": resident_id,
        "anonymous_household": resident_id is None,
        "channel": "door",
        "language": "es",
        "outcome": "reached",
        **fields,
    }
    result = records.create(Kind.CONTACT_LOG, data)
    assert result.ok, result.errors
    return result.record


@pytest.fixture
def other(opened) -> RecordRepository:
    """A second canvasser writing on the same laptop."""
    return RecordRepository(opened.database, Actor(user="someone-else", device="device-2"))


def test_local_day_bounds_follow_the_zone_and_daylight_time():
    # 1 July: Pacific daylight time is UTC-7.
    assert convo.local_day_bounds(date(2025, 7, 1), date(2025, 7, 1), PACIFIC) == (
        "2025-07-01T07:00:00.000Z",
        "2025-07-02T07:00:00.000Z",
    )
    # The week of the November change spans a 169-hour week.
    start, end = convo.local_day_bounds(date(2025, 10, 27), date(2025, 11, 2), PACIFIC)
    assert (start, end) == ("2025-10-27T07:00:00.000Z", "2025-11-03T08:00:00.000Z")
    assert convo.week_start(date(2025, 11, 2)) == date(2025, 10, 27)


def test_my_conversations_newest_first_with_names_and_filters(opened, other):
    maria = resident(opened, "María Guadalupe", "Hernández")
    # 17:30 in California on 1 July is already 2 July in UTC: it still counts as 1 July.
    evening = log(
        opened.records,
        "2025-07-02T00:30:00Z",
        maria,
        outcome="follow_up",
        follow_up_date="2025-07-08",
    )
    morning = log(opened.records, "2025-07-01T16:00:00Z", outcome="not_home")
    log(opened.records, "2025-06-30T18:00:00Z", maria)
    log(other, "2025-07-01T17:00:00Z", maria)  # someone else's: never in my lists

    day = convo.local_day_bounds(date(2025, 7, 1), date(2025, 7, 1), PACIFIC)
    rows = convo.conversations(opened.database, "tester", start=day[0], end=day[1])
    assert [row["id"] for row in rows] == [evening["id"], morning["id"]]
    first = rows[0]
    assert (first["given_name"], first["family_name"]) == ("María Guadalupe", "Hernández")
    assert first["programs_discussed"] == []
    assert rows[1]["anonymous_household"] is True and rows[1]["given_name"] is None
    assert convo.count_conversations(opened.database, "tester", start=day[0], end=day[1]) == 2

    not_home = convo.conversations(opened.database, "tester", outcome="not_home")
    assert [row["id"] for row in not_home] == [morning["id"]]
    assert convo.count_conversations(opened.database, "tester") == 3


def test_pages_continue_after_the_last_row_shown(opened):
    made = [log(opened.records, f"2025-07-01T1{n}:00:00Z")["id"] for n in range(5)]
    first = convo.conversations(opened.database, "tester", limit=2)
    last = first[-1]
    rest = convo.conversations(
        opened.database, "tester", before=(last["occurred_at"], last["id"]), limit=10
    )
    assert [row["id"] for row in first + rest] == list(reversed(made))


def test_sync_state_in_the_list_and_per_record(opened):
    saved = log(opened.records, "2025-07-01T16:00:00Z")
    sent = log(opened.records, "2025-07-01T17:00:00Z")
    refused = log(opened.records, "2025-07-01T18:00:00Z")
    with opened.database.transaction():
        # What sync does once HQ acknowledges an op, and when HQ rejects one.
        opened.database.execute("DELETE FROM journal WHERE record_id = ?", (sent["id"],))
        opened.database.execute(
            "UPDATE journal SET state = 'quarantined', reason = ? WHERE record_id = ?",
            ("HQ does not know this resident", refused["id"]),
        )
    states = {
        row["id"]: (row["sync_state"], row["attention_reason"])
        for row in convo.conversations(opened.database, "tester")
    }
    assert states == {
        saved["id"]: (convo.SAVED, None),
        sent["id"]: (convo.SENT, None),
        refused["id"]: (convo.ATTENTION, "HQ does not know this resident"),
    }
    assert convo.sync_state(opened.database, saved["id"]) == (convo.SAVED, None)
    assert convo.sync_state(opened.database, sent["id"]) == (convo.SENT, None)
    assert convo.sync_state(opened.database, refused["id"]) == (
        convo.ATTENTION,
        "HQ does not know this resident",
    )


def test_follow_ups_due_today_and_overdue_until_done(opened, other):
    ana = resident(opened, "Ana", "Ruiz")
    bao = resident(opened, "Quốc Bảo", "Nguyễn", "vi")
    chen = resident(opened, "美玲", "陈", "zh-Hans")
    dara = resident(opened, "Sophea", "Sun", "km")
    overdue = log(
        opened.records,
        "2025-06-20T17:00:00Z",
        ana,
        outcome="follow_up",
        follow_up_date="2025-06-27",
    )
    due_today = log(
        opened.records,
        "2025-06-25T17:00:00Z",
        bao,
        outcome="reached",
        consent_follow_up=True,
        follow_up_date="2025-07-01",
    )
    log(
        opened.records,
        "2025-06-25T18:00:00Z",
        chen,
        outcome="follow_up",
        follow_up_date="2025-07-09",
    )  # not due yet
    done = log(
        opened.records,
        "2025-06-20T18:00:00Z",
        dara,
        outcome="follow_up",
        follow_up_date="2025-06-25",
    )
    log(other, "2025-06-26T18:00:00Z", dara)  # a colleague called back: done
    wrong = log(
        opened.records,
        "2025-06-21T18:00:00Z",
        chen,
        outcome="follow_up",
        follow_up_date="2025-06-22",
    )
    log(opened.records, wrong["occurred_at"], chen, outcome="reached", corrects_id=wrong["id"])

    due = convo.follow_ups_due(opened.database, "tester", date(2025, 7, 1))
    assert [row["id"] for row in due] == [overdue["id"], due_today["id"]]
    assert due[0]["given_name"] == "Ana" and due[0]["follow_up_date"] == "2025-06-27"
    assert due[1]["consent_follow_up"] is True
    assert done["id"] not in [row["id"] for row in due]


def test_outcome_counts_include_zeros(opened):
    for outcome in ("reached", "reached", "not_home"):
        log(opened.records, "2025-07-01T17:00:00Z", outcome=outcome)
    log(opened.records, "2025-06-01T17:00:00Z", outcome="moved")
    start, end = convo.local_day_bounds(date(2025, 7, 1), date(2025, 7, 1), PACIFIC)
    counts = convo.outcome_counts(opened.database, "tester", start, end)
    assert counts == {**dict.fromkeys(OUTCOMES, 0), "reached": 2, "not_home": 1}


def test_suggestions_come_from_my_own_history(opened, other):
    for program in load_programs():
        opened.records.put_reference(Kind.PROGRAM, program)
    by_code = {row["code"]: row["id"] for row in opened.records.iter_all(Kind.PROGRAM)}
    ana = resident(opened, "Ana", "Ruiz")
    bao = resident(opened, "Quốc Bảo", "Nguyễn", "vi")
    log(
        opened.records,
        "2025-07-01T16:00:00Z",
        ana,
        language="es",
        programs_discussed=[by_code["wic"]],
        materials_left=["Door hanger"],
    )
    log(
        opened.records,
        "2025-07-01T18:00:00Z",
        bao,
        language="vi",
        programs_discussed=[by_code["wic"], by_code["medi_cal"]],
        materials_left=["CalFresh flyer", "Door hanger"],
    )
    log(
        other,
        "2025-07-01T19:00:00Z",
        ana,
        language="ko",
        programs_discussed=[by_code["calfresh"]] * 1,
        materials_left=["Other flyer"],
    )

    programs = convo.programs_by_use(opened.database, "tester")
    assert [row["code"] for row in programs[:2]] == ["wic", "medi_cal"]
    assert programs[0]["uses"] == 2 and programs[2]["uses"] == 0
    assert programs[0]["name"]["en"]
    assert len(programs) == len(load_programs())
    assert convo.materials_by_use(opened.database, "tester") == ["Door hanger", "CalFresh flyer"]
    assert convo.last_language(opened.database, "tester") == "vi"
    assert convo.last_language(opened.database, "nobody") is None

    start, end = convo.local_day_bounds(date(2025, 7, 1), date(2025, 7, 1), PACIFIC)
    seen = convo.residents_seen(opened.database, "tester", start, end)
    assert [row["id"] for row in seen] == [bao, ana]
    assert convo.resident_row(opened.database, ana)["given_name"] == "Ana"


def test_referrals_found_by_name_service_and_county(opened):
    for item in load_resources():
        opened.records.put_reference(Kind.RESOURCE, item)
    by_name = convo.find_referrals(opened.database, "boyle heights pantry")
    assert [row["name"]["en"] for row in by_name] == ["Boyle Heights Community Food Pantry"]
    by_service = convo.find_referrals(opened.database, "produce", limit=100)
    assert by_service and all(
        any("produce" in service.lower() for service in row["services"]) for row in by_service
    )
    in_county = convo.find_referrals(opened.database, "Fresno", limit=100)
    assert in_county and {row["county"] for row in in_county} == {"Fresno"}
    food_in_la = convo.find_referrals(opened.database, "food los angeles", limit=100)
    assert food_in_la and {row["county"] for row in food_in_la} == {"Los Angeles"}
    assert convo.find_referrals(opened.database, "  ") == []
    ids = [row["id"] for row in in_county[:2]]
    assert [row["id"] for row in convo.resources_by_id(opened.database, ids[::-1])] == ids[::-1]


def test_saving_writes_the_record_and_drops_the_draft_together(opened):
    maria = resident(opened, "María", "Hernández")
    draft_id = opened.drafts.save("conversation", {"notes": "Habló de CalFresh"})
    bad = convo.save_conversation(
        opened.database,
        opened.records,
        opened.drafts,
        {
            "occurred_at": "2025-07-01T17:00:00Z",
            "resident_id": maria,
            "channel": "door",
            "language": "es",
            "outcome": "follow_up",
        },
        draft_id=draft_id,
    )
    assert bad.errors.keys() == {"follow_up_date"}
    assert opened.drafts.get(draft_id) is not None  # bad input keeps the typed work
    assert opened.records.count(Kind.CONTACT_LOG) == 0

    good = convo.save_conversation(
        opened.database,
        opened.records,
        opened.drafts,
        {
            "occurred_at": "2025-07-01T17:00:00Z",
            "resident_id": maria,
            "channel": "door",
            "language": "es",
            "outcome": "reached",
            "notes": "Habló de CalFresh",
        },
        draft_id=draft_id,
    )
    assert good.ok
    assert opened.drafts.get(draft_id) is None
    ops = journal.ops_for(opened.database, "contact_log", good.record["id"])
    assert [op.op for op in ops] == ["create"]
    assert ops[0].fields["notes"] == "Habló de CalFresh"
