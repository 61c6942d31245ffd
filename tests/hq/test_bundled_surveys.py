"""HQ publishes the surveys bundled with the app by itself, under the ids laptops give
them: a fresh ``ocpsc-hq serve`` lists them, devices receive them, and publishing again
(or after a coordinator withdrew one) changes nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from ocpsc_field.bundled_surveys import load_bundled_surveys
from tests.hq.harness import Server

_WITHDRAW = """
from ocpsc_field.core.records import Kind
from ocpsc_field.hq import publish
import os
publish.write(Kind.SURVEY, os.environ["SURVEY_ID"], {}, action="survey_withdrawn", deleted=True)
"""
_STATE = """
import json, os
from ocpsc_field.hq.models import Survey
row = Survey.objects.get(pk=os.environ["SURVEY_ID"])
print(json.dumps({"deleted": row.deleted, "seq": row.seq, "count": Survey.objects.count()}))
"""


@pytest.fixture
def fresh_sqlite(tmp_path: Path) -> Iterator[Server]:
    """An HQ started on an empty SQLite database, for this test alone."""
    server = Server("sqlite", tmp_path / "hq", None)
    server.data_dir.mkdir()
    try:
        yield server.start(workers=1)
    finally:
        server.stop()


def _state(hq: Server, survey_id: str) -> dict:
    done = hq.manage("shell", "-c", _STATE, SURVEY_ID=survey_id)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_fresh_hq_serves_the_bundled_surveys_under_their_fixed_ids(fresh_sqlite: Server):
    bundled = load_bundled_surveys()
    assert bundled, "the app bundles at least one survey"
    counts = json.loads(fresh_sqlite.agent.command("record_counts"))
    assert counts["records"]["survey"] == len(bundled)

    received = {record["id"]: record for record in fresh_sqlite.device().pull_all("survey")}
    for survey in bundled:
        record = received[survey["id"]]
        assert (record["form_id"], record["version"]) == (survey["form_id"], survey["version"])
        assert record["title"] == survey["title"] and not record["deleted"]


def test_publishing_the_bundled_surveys_again_changes_nothing(fresh_sqlite: Server):
    [survey] = load_bundled_surveys()
    before = _state(fresh_sqlite, survey["id"])

    again = fresh_sqlite.manage("publish_bundled_surveys")
    assert again.returncode == 0, again.stderr
    assert f"Already published: form {survey['form_id']}" in again.stdout
    assert survey["id"] in again.stdout
    assert _state(fresh_sqlite, survey["id"]) == before


def test_a_withdrawn_bundled_survey_stays_withdrawn(fresh_sqlite: Server):
    [survey] = load_bundled_surveys()
    withdrawn = fresh_sqlite.manage("shell", "-c", _WITHDRAW, SURVEY_ID=survey["id"])
    assert withdrawn.returncode == 0, withdrawn.stderr
    before = _state(fresh_sqlite, survey["id"])
    assert before["deleted"] is True

    again = fresh_sqlite.manage("publish_bundled_surveys")
    assert again.returncode == 0, again.stderr
    fresh_sqlite.stop()
    fresh_sqlite.start(workers=1)  # serving publishes the bundled surveys too
    assert _state(fresh_sqlite, survey["id"]) == before
