"""PostgreSQL: exchanges claim their sequence numbers up front and write side by side,
while readers never pass a number whose transaction is still open."""

from __future__ import annotations

import threading
import time

from ocpsc_field.hq.sequence import STALE_CLAIM_SECONDS
from tests.hq import records
from tests.hq.harness import Device, Server, states


def _writer_and_reader(hq: Server) -> tuple[Device, Device]:
    """Two devices of one organization; the reader has read the residents stream once."""
    writer = hq.device()
    reader = hq.device(writer.organization)
    reader.exchange(streams=("resident",))
    return writer, reader


def test_a_later_exchange_does_not_wait_for_an_open_claim_but_readers_do(
    postgresql_server: Server,
):
    hq = postgresql_server
    writer, reader = _writer_and_reader(hq)
    held = hq.agent.send({"hold_claim": True})
    assert held["ok"]
    answers: list[dict] = []
    done = threading.Event()

    def write() -> None:
        answers.append(writer.exchange([writer.create("resident", records.resident())]))
        done.set()

    thread = threading.Thread(target=write)
    thread.start()
    try:
        assert done.wait(30), "an exchange waited for another one's open transaction"
        assert states(answers[0]) == ["applied"]
        # The claim outlives the age at which claims are checked; its session is
        # alive, so it still holds readers back.
        time.sleep(STALE_CLAIM_SECONDS + 1)
        page = reader.exchange(streams=("resident",))["streams"]["resident"]
        assert page["records"] == []
        assert page["cursor"] == held["first"] - 1
    finally:
        hq.agent.send({"release_counter": True})
        thread.join(30)
    [record] = reader.exchange(streams=("resident",))["streams"]["resident"]["records"]
    assert record["given_name"] == "Ana"


def test_a_claim_whose_session_died_stops_holding_readers_back(postgresql_server: Server):
    hq = postgresql_server
    writer, reader = _writer_and_reader(hq)
    abandoned = hq.agent.send({"abandon_claim": True})
    assert abandoned["ok"]
    made = writer.create("resident", records.resident(given_name="Rosa"))
    assert states(writer.exchange([made])) == ["applied"]
    deadline = time.monotonic() + 60
    while True:
        page = reader.exchange(streams=("resident",))["streams"]["resident"]
        if page["records"]:
            break
        assert page["cursor"] < abandoned["first"]  # never past the claim while it stands
        assert time.monotonic() < deadline, "a claim left by a dead session was never cleared"
        time.sleep(0.5)
    assert [record["id"] for record in page["records"]] == [made.record_id]
    assert page["cursor"] > abandoned["first"]


def test_numbers_whose_claim_was_cleared_are_never_written(postgresql_server: Server):
    answer = postgresql_server.agent.send({"take_cleared_claim": True})
    assert answer["ok"]
    assert answer["refused"] == "the claimed sequence numbers are no longer reserved"
    assert answer["claim_left"] is False
