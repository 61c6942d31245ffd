"""A laptop with no connection sends its records to HQ through a coordinator, and back.

Real parts throughout: SQLCipher profiles, a real ``ocpsc-hq`` process, and
the in-repo proxy cutting the coordinator's link to HQ.
"""

from __future__ import annotations

import pytest

from ocpsc_field.store import journal, relay
from ocpsc_field.sync import bundle, bundle_relay
from ocpsc_field.sync.proxy import Faults, Proxy
from tests.hq.harness import Server
from tests.store.test_encryption import leaks
from tests.sync.bundle_support import (
    add_residents,
    enroll_in,
    found_in,
    go_offline,
    laptop,
)
from tests.sync.helpers import hq_counts, local_counts, use_server


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCPSC_SYNC_RETRY_BASE", "0.02")


def test_bundle_round_trip_through_a_cutting_link(hq: Server, opened, tmp_path, _profile_template):
    organization = hq.organization()
    enroll_in(opened, hq, organization)
    go_offline(opened)
    needles = add_residents(opened, 25)
    waiting = journal.pending_count(opened.database)
    assert waiting == 50

    usb = tmp_path / "usb"
    usb.mkdir()
    made = bundle.export_bundle(opened.database, usb)
    assert made.path.parent == usb and made.header.record_count == waiting
    assert made.remaining == 0
    assert journal.pending_count(opened.database) == waiting  # exported ops stay pending
    assert found_in(made.path.read_bytes(), needles) == []
    assert list(usb.iterdir()) == [made.path]  # no temporary file left behind

    with laptop(_profile_template, tmp_path / "coordinator") as coordinator:
        enroll_in(coordinator, hq, organization, role="coordinator")
        collected = bundle_relay.collect(coordinator.database, [made.path, made.path])
        assert [item.new for item in collected] == [True, False]  # stored once
        assert collected[0].header.record_count == waiting
        assert relay.counts(coordinator.database)[relay.QUEUED] == 1

        # The first two uploads are cut mid-request, the next answer is cut mid-response:
        # HQ applies the bundle once and the relay still ends with HQ's full report.
        faults = Faults(cut_request_after=3000, cuts=2)
        with Proxy(("127.0.0.1", hq.port), faults) as proxy:
            use_server(coordinator, proxy.url)
            result = bundle_relay.upload(bundle_relay.direct(coordinator))
            assert proxy.cut == 2
        assert result.left == 0 and result.refused == []
        [(bundle_id, answer)] = result.uploaded
        assert answer["report"]["applied"] == waiting
        assert answer["report"]["duplicate"] == answer["report"]["rejected"] == 0
        stored = relay.get(coordinator.database, bundle_id)
        assert stored.state == relay.UPLOADED and stored.report["report"]["applied"] == waiting
        assert relay.data_of(coordinator.database, bundle_id) is None  # bytes dropped
        assert hq_counts(hq, organization) == local_counts(opened)

        use_server(coordinator, hq.url)
        receipts = bundle_relay.download_receipts(
            bundle_relay.direct(coordinator), tmp_path / "receipts.ocpsc-receipts"
        )
        [device] = receipts.devices
        assert device["receipts"] == waiting and device["missing_ops"] == 0
        assert found_in(receipts.path.read_bytes(), needles) == []
        coordinator.close()
        assert leaks(tmp_path / "coordinator", needles) == []

    done = bundle.apply_receipts_file(opened.database, opened.records, receipts.path)
    assert (done.cleared, done.quarantined, done.pending) == (waiting, 0, 0)
    assert journal.pending_count(opened.database) == 0
    assert hq_counts(hq, organization) == local_counts(opened)


def test_an_answer_lost_on_the_way_back_is_answered_again_from_hqs_report(
    sqlite_server: Server, opened, tmp_path, _profile_template
):
    hq = sqlite_server
    organization = hq.organization()
    enroll_in(opened, hq, organization)
    go_offline(opened)
    add_residents(opened, 5)
    made = bundle.export_bundle(opened.database, tmp_path / "one.ocpsc-bundle")
    with laptop(_profile_template, tmp_path / "coordinator") as coordinator:
        enroll_in(coordinator, hq, organization, role="coordinator")
        bundle_relay.collect(coordinator.database, [made.path])
        with Proxy(("127.0.0.1", hq.port), Faults(cut_response_after=280, cuts=1)) as proxy:
            use_server(coordinator, proxy.url)
            result = bundle_relay.upload(bundle_relay.direct(coordinator))
            assert proxy.cut == 1
        [(_bundle_id, answer)] = result.uploaded
        assert answer["replay"] is True  # HQ had applied it before the answer was lost
        assert answer["this_upload"] == {"applied": 0, "duplicate": 10, "rejected": 0}
        assert answer["report"]["applied"] == 10  # the report is of the first time
    assert hq_counts(hq, organization) == local_counts(opened)
