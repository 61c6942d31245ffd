"""A full sync of a demo profile: HQ ends up with exactly the records the laptop holds."""

from __future__ import annotations

from ocpsc_field.core.records import Kind
from ocpsc_field.store import journal
from ocpsc_field.store.demo import fill_demo
from ocpsc_field.sync.engine import run_sync
from tests.hq.harness import Server
from tests.sync.helpers import enroll, hq_counts, local_counts


def test_a_demo_profile_syncs_completely_and_a_second_sync_sends_nothing(
    sqlite_server: Server, opened
):
    organization = enroll(opened, sqlite_server)
    fill_demo(opened, residents=300, seed=3)
    waiting = journal.pending_count(opened.database)
    assert waiting > 300

    result = run_sync(opened, batch_bytes=8 * 1024)

    assert result.acknowledged == waiting
    assert result.exchanges > 2  # sized by bytes: several batches
    assert result.pending == result.quarantined == 0
    assert journal.pending_count(opened.database) == 0
    assert hq_counts(sqlite_server, organization) == local_counts(opened)
    assert local_counts(opened)[Kind.RESIDENT.value] == 300

    again = run_sync(opened)
    assert again.acknowledged == 0
    assert hq_counts(sqlite_server, organization) == local_counts(opened)


def test_a_second_laptop_of_the_organization_receives_residents_and_enrollments(
    sqlite_server: Server, opened, tmp_path, passphrase
):
    from ocpsc_field.store.session import init_profile, open_profile
    from ocpsc_field.sync import enrollment

    organization = enroll(opened, sqlite_server)
    fill_demo(opened, residents=60, seed=21)
    assert run_sync(opened).pending == 0
    resident = next(iter(opened.records.iter_all(Kind.RESIDENT)))
    assert opened.records.update(Kind.RESIDENT, resident["id"], {"city": "Visalia"}).ok
    assert run_sync(opened).pending == 0

    folder = tmp_path / "colleague"
    init_profile(folder, passphrase, user="colleague")
    with open_profile(folder, passphrase) as colleague:
        code = sqlite_server.code(sqlite_server.user(organization, "cbo_staff"))
        enrollment.enroll(colleague.database, sqlite_server.url, code)
        result = run_sync(colleague, page_size=25)  # several pages per stream

        assert result.downloaded >= 60
        assert journal.pending_count(colleague.database) == 0  # downloads are not journaled
        mine = local_counts(colleague)
        theirs = local_counts(opened)
        assert mine["resident"] == theirs["resident"] == 60
        assert mine["enrollment"] == theirs["enrollment"]
        assert colleague.records.get(Kind.RESIDENT, resident["id"])["city"] == "Visalia"
        assert mine["contact_log"] == 0  # conversations stay on the laptop that logged them
