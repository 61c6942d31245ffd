"""The words of the bundle screens: whole sentences, counted in the right number."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from ocpsc_field.store.relay import QUEUED, REFUSED, UPLOADED, RelayBundle
from ocpsc_field.sync.bundle_relay import Collected, UploadResult
from ocpsc_field.sync.team import TeamDevice
from ocpsc_field.ui.bundle_models import change_numbers
from ocpsc_field.ui.bundle_texts import collected_text, counts_text, uploaded_text
from ocpsc_field.ui.pages.bundles_report import bundle_report_text, outstanding_text


def relayed(state: str, report=None, problem=None) -> RelayBundle:  # type: ignore[no-untyped-def]
    return RelayBundle(
        id="b" * 64,
        sender_device="0b6f2a9c-5d1e-7a40-9f3b-2c8d4e6a1b7f",
        sender_user="maria",
        op_id_from=1,
        op_id_to=48,
        record_count=48,
        made_at="2026-11-20T18:00:00Z",
        hq_key_id="0123456789abcdef",
        size=9000,
        state=state,
        collected_at="2026-11-21T09:00:00Z",
        uploaded_at="2026-11-21T10:00:00Z" if state == UPLOADED else None,
        report=report,
        problem=problem,
    )


def test_counts_and_outcomes_are_whole_sentences_in_the_right_number():
    assert counts_text({}).startswith("No bundles collected yet.")
    assert counts_text({QUEUED: 1, UPLOADED: 0, REFUSED: 0}) == (
        "1 bundle collected \u2014 waiting to upload: 1 \u00b7 uploaded: 0 \u00b7 refused by HQ: 0"
    )
    assert counts_text({QUEUED: 1, UPLOADED: 1200, REFUSED: 2}).startswith(
        "1,203 bundles collected"
    )
    assert uploaded_text(UploadResult()) == "Uploaded 0 bundles to HQ."
    result = UploadResult(uploaded=[("a", {})], refused=["b", "c"], left=1)
    assert uploaded_text(result).splitlines() == [
        "Uploaded 1 bundle to HQ.",
        "HQ refused 2 bundles: the batch report below says why.",
        "1 bundle is still waiting to upload.",
    ]
    assert change_numbers(7, 7) == "7" and change_numbers(1, 1500) == "1\u20131,500"


def test_collecting_says_what_was_new_what_was_known_and_what_was_not_a_bundle(tmp_path):
    folder = tmp_path / "usb"
    assert collected_text([], folder) == (
        f"No bundle files (ending in .ocpsc-bundle) were found in {folder}. Choose the folder "
        "the laptop saved them in, or choose \u201cCollect bundle files\u201d to pick them."
    )
    header = object()  # only whether there is one matters here
    found = [
        Collected(Path("a.ocpsc-bundle"), "a", header, 10, new=True),  # type: ignore[arg-type]
        Collected(Path("b.ocpsc-bundle"), "b", header, 10, new=False),  # type: ignore[arg-type]
        Collected(Path("notes.txt"), problem="This file is not an OCPSC Field bundle."),
    ]
    assert collected_text(found, folder).splitlines() == [
        "Collected 1 new bundle.",
        "1 bundle had been collected before; it is listed once.",
        "notes.txt: This file is not an OCPSC Field bundle.",
    ]


def test_the_batch_report_gives_hqs_counts_reasons_and_refusals():
    assert bundle_report_text(relayed(QUEUED)) == ""
    answer = {
        "replay": True,
        "this_upload": {"applied": 0, "duplicate": 48, "rejected": 0},
        "report": {
            "applied": 46,
            "duplicate": 1,
            "rejected": 1,
            "rejected_ops": [{"op_id": 17, "reason": "invalid", "message": "phone: Too short."}],
        },
    }
    lines = bundle_report_text(relayed(UPLOADED, report=answer)).splitlines()
    assert lines[0] == (
        "maria (laptop 0b6f2a9c), change numbers 1\u201348 \u2014 applied: 46 \u00b7 "
        "already at HQ: 1 \u00b7 not accepted: 1"
    )
    assert lines[1] == "HQ had this bundle already: uploading it again added nothing."
    assert lines[2] == "Change 17 not accepted: phone: Too short."
    refused = bundle_report_text(relayed(REFUSED, problem="bundle_tampered")).splitlines()
    assert refused[0] == "maria (laptop 0b6f2a9c), change numbers 1\u201348: refused by HQ."
    assert refused[1].startswith("This bundle was changed after it was made")


def team_laptop(**overrides) -> TeamDevice:  # type: ignore[no-untyped-def]
    values = {
        "id": "d" * 36,
        "name": "Fresno van",
        "user": "luis",
        "role": "canvasser",
        "organization": "org",
        "last_seen": None,
        "enrolled_at": None,
        "backlog": 3,
        "gaps": (),
        "missing_ops": 0,
        "stale": False,
        "revoked": False,
    }
    return TeamDevice(**{**values, **overrides})


def test_what_a_team_laptop_still_owes_hq_is_two_whole_sentences():
    now = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
    never = outstanding_text(team_laptop(gaps=((7, 7), (9, 12))), now)
    assert never == (
        "luis on \u201cFresno van\u201d (never synced): 3 changes waiting. "
        "These changes never arrived: 7 and 9\u201312."
    )
    seen = outstanding_text(team_laptop(last_seen=now - timedelta(days=2), backlog=0), now)
    assert seen == (
        "luis on \u201cFresno van\u201d (last contact 2 days ago): Nothing waiting. "
        "No gaps: every change arrived."
    )
