"""The self-check on a real profile, and the words it uses when something fails."""

from __future__ import annotations

from ocpsc_field.store import selfcheck


def test_a_healthy_profile_passes_every_check_with_a_label_for_each(opened):
    checks = selfcheck.run(opened)
    assert [check.name for check in checks] == list(selfcheck.LABELS)
    assert all(check.ok and check.detail is None for check in checks)
    assert checks[0].label == "Database file integrity"


def test_sqlites_report_is_quoted_in_a_whole_sentence():
    message = selfcheck.integrity_problem("*** in database main ***\nPage 7: btreeInitPage() error")
    assert message.render().startswith(
        "The database file is damaged. SQLite's report, for support: "
    )
    assert message.plural is None


def test_pages_failing_the_encryption_check_are_counted_with_plural_forms():
    assert selfcheck.encryption_problem(1).render() == "1 page failed the encryption check."
    assert selfcheck.encryption_problem(3).render() == "3 pages failed the encryption check."
