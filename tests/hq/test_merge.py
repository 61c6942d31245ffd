"""Field-level merge rules, without a database."""

from __future__ import annotations

from ocpsc_field.hq.merge import Change, RecordState, merge

A, B = "device-a", "device-b"


def _hlc(ms: int, device: str) -> str:
    return f"{ms:013d}-0000-{device}"


def _created(**values) -> RecordState:
    state = RecordState()
    merge(state, Change("create", values, _hlc(1000, "a"), A), seq=1)
    return state


def test_fields_changed_on_one_side_merge_cleanly():
    state = _created(city="Fresno", zip="93701")
    merge(state, Change("update", {"city": "Merced"}, _hlc(2000, "a"), A), seq=2)
    outcome = merge(
        state, Change("update", {"zip": "95340"}, _hlc(1500, "b"), B, seen_through=1), 3
    )
    assert state.values == {"city": "Merced", "zip": "95340"}
    assert outcome.lost == []


def test_the_later_clock_wins_and_the_loser_is_kept():
    state = _created(city="Fresno")
    merge(state, Change("update", {"city": "Modesto"}, _hlc(3000, "b"), B, seen_through=1), 2)
    outcome = merge(state, Change("update", {"city": "Merced"}, _hlc(2000, "a"), A), seq=3)
    assert state.values["city"] == "Modesto"
    [lost] = outcome.lost
    assert (lost.losing_value, lost.winning_value) == ("Merced", "Modesto")
    assert (lost.losing_device, lost.winning_device) == (A, B)


def test_winning_over_a_value_the_device_never_saw_is_a_conflict_too():
    state = _created(city="Fresno")
    merge(state, Change("update", {"city": "Modesto"}, _hlc(2000, "b"), B, seen_through=1), 2)
    unseen = merge(state, Change("update", {"city": "Merced"}, _hlc(3000, "a"), A), seq=3)
    assert state.values["city"] == "Merced"
    assert [(x.losing_value, x.winning_value) for x in unseen.lost] == [("Modesto", "Merced")]
    informed = merge(
        state, Change("update", {"city": "Chico"}, _hlc(4000, "b"), B, seen_through=3), seq=4
    )
    assert informed.lost == []


def test_ties_go_to_the_device_id_in_the_clock():
    state = _created(city="Fresno")
    merge(state, Change("update", {"city": "Modesto"}, _hlc(2000, "b"), B, seen_through=1), 2)
    merge(state, Change("update", {"city": "Merced"}, _hlc(2000, "a"), A), seq=3)
    assert state.values["city"] == "Modesto"  # same time and counter: "b" sorts after "a"


def test_an_update_before_its_create_wins_over_the_older_create():
    state = RecordState()
    merge(state, Change("update", {"city": "Merced"}, _hlc(2000, "a"), A), seq=1)
    assert not state.complete
    merge(state, Change("create", {"city": "Fresno", "zip": "93701"}, _hlc(1000, "a"), A), 2)
    assert state.complete and state.values == {"city": "Merced", "zip": "93701"}


def test_tombstones_win_and_only_a_later_restore_lifts_them():
    state = _created(city="Fresno")
    merge(state, Change("delete", {}, _hlc(2000, "a"), A), seq=2)
    merge(state, Change("update", {"city": "Chico"}, _hlc(3000, "b"), B, seen_through=1), 3)
    assert state.deleted and state.values["city"] == "Chico"
    merge(state, Change("update", {}, _hlc(1500, "b"), B, restore=True), seq=4)
    assert state.deleted
    merge(state, Change("update", {}, _hlc(4000, "a"), A, restore=True), seq=5)
    assert not state.deleted


def test_append_only_records_never_conflict():
    state = _created(notes="first")
    outcome = merge(
        state, Change("create", {"notes": "second"}, _hlc(500, "b"), B), seq=2, append_only=True
    )
    assert outcome.lost == [] and state.values["notes"] == "first"


def test_the_echo_device_is_the_only_writer():
    state = _created(city="Fresno", zip="93701")
    assert state.echo_device == A  # A holds exactly this record: not sent back to A
    merge(state, Change("update", {"city": "Chico"}, _hlc(3000, "b"), B, seen_through=1), 2)
    assert state.echo_device is None  # a mix of both: both need it
