"""Demo data: realistic, valid, journaled, and as encrypted as real data."""

from __future__ import annotations

from ocpsc_field.core.geo import COUNTIES
from ocpsc_field.core.records import ENVELOPE_FIELDS, Kind
from ocpsc_field.core.validation import validate
from ocpsc_field.store import journal
from ocpsc_field.store.demo import fill_demo
from tests.store.test_encryption import leaks


def test_demo_fills_every_kind_with_valid_journaled_records(opened):
    summary = fill_demo(opened, residents=400, seed=3)
    added = summary["added"]
    assert added["resident"] == 400 and added["contact_log"] == 600
    assert added["enrollment"] == 120 and added["survey_response"] == 40
    assert added["program"] >= 10 and added["resource"] >= 50 and added["survey"] == 1
    field_kinds = ("resident", "contact_log", "enrollment", "survey_response")
    assert journal.pending_count(opened.database) == sum(added[k] for k in field_kinds)
    for kind in Kind:
        for record in opened.records.iter_all(kind):
            values = {k: v for k, v in record.items() if k not in ENVELOPE_FIELDS}
            assert validate(kind, values).errors == {}, (kind, record["id"])
    codes = {program["code"] for program in opened.records.iter_all(Kind.PROGRAM)}
    assert {
        "calfresh",
        "medi_cal",
        "covered_california",
        "calassist_mortgage_fund",
        "wic",
        "calworks",
        "liheap",
        "california_lifeline",
        "calkids",
        "ca_grants_portal",
    } <= codes
    counties = {row["county"] for row in opened.records.iter_all(Kind.RESIDENT)}
    assert counties <= set(COUNTIES)


def test_demo_profile_files_hold_no_demo_name_or_phone(profile_dir, passphrase):
    from ocpsc_field.store.session import open_profile

    opened = open_profile(profile_dir, passphrase)
    fill_demo(opened, residents=200, seed=11)
    sample = opened.database.query(
        "SELECT given_name, family_name, phone, address_line FROM resident "
        "WHERE phone IS NOT NULL ORDER BY rowid LIMIT 25"
    )
    needles = set()
    for row in sample:
        needles.update(
            {
                row["family_name"] + " " + row["given_name"]
                if row["family_name"]
                else row["given_name"],
                row["phone"],
                row["phone"][2:],
                row["address_line"],
            }
        )
    needles = sorted(n for n in needles if n and len(n) >= 6)
    assert len(needles) >= 50
    assert leaks(profile_dir, needles) == []
    opened.close()
    assert leaks(profile_dir, needles) == []
