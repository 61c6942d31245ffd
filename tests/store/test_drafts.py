"""Drafts survive closing the profile, stay per user, and are never journaled."""

from __future__ import annotations

from ocpsc_field.store import journal
from ocpsc_field.store.session import open_profile


def test_draft_round_trip_and_survives_reopen(profile_dir, passphrase):
    with open_profile(profile_dir, passphrase) as opened:
        draft_id = opened.drafts.save("conversation", {"notes": "Habló de CalFresh", "step": 2})
        opened.drafts.save("conversation", {"notes": "Habló de CalFresh y WIC"}, draft_id=draft_id)
        assert journal.pending_count(opened.database) == 0
    with open_profile(profile_dir, passphrase) as opened:
        latest = opened.drafts.latest("conversation")
        assert latest is not None and latest.id == draft_id
        assert latest.payload == {"notes": "Habló de CalFresh y WIC"}
        assert opened.drafts.latest("survey") is None
        opened.drafts.discard(draft_id)
        assert opened.drafts.get(draft_id) is None
