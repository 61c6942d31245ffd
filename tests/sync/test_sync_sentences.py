"""How a sync is going and how it ended: one count per sentence, each in its plural form."""

from __future__ import annotations

import gettext

import pytest

from ocpsc_field import i18n
from ocpsc_field.sync.sync_text import finished_text, progress_text


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setattr(i18n, "_translation", gettext.NullTranslations())
    monkeypatch.setattr(i18n, "_language", "en")


def test_progress_counts_what_was_sent_and_received_separately():
    assert progress_text(0, 1, 0) == "Sent 0 of 1 record. Received 0 records."
    assert progress_text(3, 12, 1) == "Sent 3 of 12 records. Received 1 record."


def test_a_finished_sync_says_each_count_in_its_own_sentence():
    assert finished_text(1, 0, nothing_waiting=True) == (
        "Sync finished: 1 record sent. 0 records received. Nothing is waiting."
    )
    assert finished_text(5, 1) == "Sync finished: 5 records sent. 1 record received."
    assert finished_text(1500, 2, number="{:,}".format) == (
        "Sync finished: 1,500 records sent. 2 records received."
    )
