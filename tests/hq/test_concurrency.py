"""Races: the same batch sent at once, and a writer that has not committed yet."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from tests.hq import records
from tests.hq.harness import Device, Server, states


def test_the_same_batch_sent_at_once_is_applied_exactly_once(hq: Server):
    device = hq.device()
    ops = [device.create("resident", records.resident(given_name=f"R{i}")) for i in range(20)]
    barrier = threading.Barrier(6)

    def send(_: int) -> list[str]:
        clone = Device(hq, device.enrolled, device.organization)  # its own connection
        barrier.wait()
        return states(clone.exchange(ops))

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(send, range(6)))
    for index in range(len(ops)):
        answers = sorted(result[index] for result in results)
        assert answers == ["applied"] + ["duplicate"] * 5, (index, answers)
    assert hq.counts(device.organization)["records"]["resident"] == 20


def test_a_later_change_is_never_served_before_an_uncommitted_earlier_one(
    postgresql_server: Server,
):
    """PostgreSQL runs writers in parallel; the counter lock keeps their numbers in commit order.

    The agent plays a writer that has taken its sequence number and not yet
    committed. A second writer must wait for it (so its higher number cannot
    become visible first), while a reader goes on and is never handed a
    cursor past the number still in flight.
    """
    hq = postgresql_server
    writer = hq.device()
    reader = hq.device(writer.organization)
    reader.exchange(streams=("resident",))
    assert hq.agent.send({"hold_counter": True})["ok"]
    done = threading.Event()
    answers: list[dict] = []

    def write() -> None:
        answers.append(writer.exchange([writer.create("resident", records.resident())]))
        done.set()

    thread = threading.Thread(target=write)
    thread.start()
    try:
        assert not done.wait(1.5), "a writer overtook an uncommitted one"
        before = reader.cursors["resident"]
        page = reader.exchange(streams=("resident",))["streams"]["resident"]
        assert page["records"] == [] and page["cursor"] == before
    finally:
        hq.agent.send({"release_counter": True})
        thread.join(30)
    assert states(answers[0]) == ["applied"]
    [record] = reader.exchange(streams=("resident",))["streams"]["resident"]["records"]
    assert record["given_name"] == "Ana"
