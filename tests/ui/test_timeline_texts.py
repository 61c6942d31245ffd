"""Timeline lines for survey responses: one whole message per state."""

from __future__ import annotations

from ocpsc_field.core.records import Kind
from ocpsc_field.store.timeline import TimelineEntry
from ocpsc_field.ui.resident_timeline import entry_summary


def survey_entry(status: str) -> TimelineEntry:
    details = {"survey": {"en": "Household visit"}, "status": status}
    return TimelineEntry(Kind.SURVEY_RESPONSE, "r" * 36, "2026-03-01T10:00:00Z", details)


def test_a_completed_survey_and_one_not_finished_have_their_own_messages():
    assert entry_summary(survey_entry("complete")) == "Survey “Household visit”: completed"
    assert entry_summary(survey_entry("draft")) == "Survey “Household visit”: not finished"
