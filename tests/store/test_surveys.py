"""Surveys on a real encrypted profile: listing, drafts, and saving a response atomically."""

from __future__ import annotations

import json

import pytest

from ocpsc_field.core.ids import new_id
from ocpsc_field.core.records import ENVELOPE_FIELDS, Kind
from ocpsc_field.core.survey import DefinitionError
from ocpsc_field.core.validation import validate
from ocpsc_field.store import journal
from ocpsc_field.store.db import IntegrityError
from ocpsc_field.store.reference_data import load_surveys
from ocpsc_field.store.surveys import DRAFT_FORM, SurveyStore

REQUIRED_ANSWERS = {
    "organization_name": "  Fresno Mutual Aid ",
    "county": "fresno",
    "languages_served": ["mix", "es", "en"],
    "survey_date": "2026-03-15",
    "share_answers": "yes",
}


@pytest.fixture
def store(opened) -> SurveyStore:
    for survey in load_surveys():
        opened.records.put_reference(Kind.SURVEY, survey)
    return SurveyStore.of(opened)


@pytest.fixture
def survey_id(store: SurveyStore) -> str:
    return store.list_surveys()[0].id


def make_resident(opened) -> str:
    result = opened.records.create(
        Kind.RESIDENT,
        {"given_name": "Thị Hương", "family_name": "Nguyễn", "preferred_language": "vi"},
    )
    assert result.ok, result.errors
    return result.record["id"]


def test_bundled_surveys_are_valid_survey_records():
    surveys = load_surveys()
    assert [s["form_id"] for s in surveys] == ["stronger_together"]
    for survey in surveys:
        assert validate(Kind.SURVEY, survey).errors == {}
        assert survey["title"]["es"].startswith("Más Fuertes Juntos")


def test_a_broken_survey_file_is_refused_with_its_name_and_path(tmp_path):
    raw = json.loads(json.dumps(load_surveys()[0]["definition"]))
    raw["items"][0]["children"][1]["type"] = "photo"
    (tmp_path / "broken.json").write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_surveys(tmp_path)
    assert caught.value.problems[0].path == "broken.json: about/organization_name.type"


def test_list_surveys_counts_questions_responses_and_drafts(opened, store, survey_id):
    [survey] = store.list_surveys()
    assert survey.form_id == "stronger_together" and survey.version == "2026.1"
    assert survey.question_count == 45
    assert (survey.my_responses, survey.drafts) == (0, 0)

    store.save_draft(
        new_id(), survey_id, language="en", answers={"county": "fresno"}, resident_id=None
    )
    assert store.save_response(survey_id, REQUIRED_ANSWERS, language="en").ok
    [survey] = store.list_surveys()
    assert (survey.my_responses, survey.drafts) == (1, 1)


def test_saving_a_response_stores_clean_answers_and_discards_the_draft(opened, store, survey_id):
    resident_id = make_resident(opened)
    draft_id = new_id()
    store.save_draft(
        draft_id, survey_id, language="es", answers={"county": "fresno"}, resident_id=resident_id
    )
    before = journal.pending_count(opened.database)

    result = store.save_response(
        survey_id,
        {**REQUIRED_ANSWERS, "respondent_role": "", "people_has": []},
        language="es",
        resident_id=resident_id,
        draft_id=draft_id,
    )

    assert result.ok, result.errors
    record = opened.records.get(Kind.SURVEY_RESPONSE, result.record["id"])
    assert record["status"] == "complete"
    assert record["survey_id"] == survey_id and record["survey_version"] == "2026.1"
    assert record["language"] == "es" and record["resident_id"] == resident_id
    assert record["completed_at"]
    assert record["answers"] == {
        "organization_name": "Fresno Mutual Aid",
        "county": "fresno",
        "languages_served": ["en", "es", "mix"],  # in the order the form lists them
        "survey_date": "2026-03-15",
        "share_answers": "yes",
    }
    assert opened.drafts.get(draft_id) is None
    assert journal.pending_count(opened.database) == before + 1
    values = {k: v for k, v in record.items() if k not in ENVELOPE_FIELDS}
    assert validate(Kind.SURVEY_RESPONSE, values).errors == {}


def test_missing_required_answers_change_nothing(opened, store, survey_id):
    draft_id = store.save_draft(
        new_id(), survey_id, language="es", answers={"county": "fresno"}, resident_id=None
    )
    result = store.save_response(
        survey_id, {"county": "fresno", "staff_count": "doce"}, language="es", draft_id=draft_id
    )
    assert not result.ok
    assert list(result.errors) == [
        "organization_name",
        "languages_served",
        "staff_count",
        "survey_date",
        "share_answers",
    ]
    assert result.errors["organization_name"].render() == "Escriba el nombre de su organización."
    assert opened.records.count(Kind.SURVEY_RESPONSE) == 0
    assert opened.drafts.get(draft_id) is not None
    assert journal.pending_count(opened.database) == 0


def test_response_and_draft_discard_are_one_transaction(opened, store, survey_id):
    """If the draft can't be deleted, the response is not kept either."""
    draft_id = store.save_draft(new_id(), survey_id, language="en", answers={}, resident_id=None)
    opened.database.execute(
        "CREATE TRIGGER keep_drafts BEFORE DELETE ON draft "
        "BEGIN SELECT RAISE(ABORT, 'drafts are kept'); END"
    )
    with pytest.raises(IntegrityError):
        store.save_response(survey_id, REQUIRED_ANSWERS, language="en", draft_id=draft_id)
    assert opened.records.count(Kind.SURVEY_RESPONSE) == 0
    assert journal.pending_count(opened.database) == 0
    assert opened.drafts.get(draft_id) is not None


def test_drafts_are_found_per_survey_and_resident(opened, store, survey_id):
    resident_id = make_resident(opened)
    anonymous = store.save_draft(new_id(), survey_id, language="en", answers={}, resident_id=None)
    theirs = store.save_draft(
        new_id(),
        survey_id,
        language="vi",
        answers={"organization_name": "Hội Người Việt", "people_has": []},
        resident_id=resident_id,
    )
    found = store.find_draft(survey_id, resident_id)
    assert found is not None and found.id == theirs
    assert found.language == "vi" and found.answered == 1
    assert found.resident is not None and found.resident["family_name"] == "Nguyễn"
    assert store.find_draft(survey_id, None).id == anonymous
    assert store.find_draft(new_id(), None) is None
    assert {d.id for d in store.list_drafts()} == {anonymous, theirs}
    assert all(d.form == DRAFT_FORM for d in opened.drafts.list())

    store.discard_draft(theirs)
    assert store.find_draft(survey_id, resident_id) is None


def test_saving_a_draft_twice_keeps_one_draft(store, survey_id):
    draft_id = new_id()
    store.save_draft(
        draft_id, survey_id, language="en", answers={"county": "napa"}, resident_id=None
    )
    store.save_draft(
        draft_id, survey_id, language="es", answers={"county": "yolo"}, resident_id=None
    )
    [draft] = store.list_drafts(survey_id)
    assert (draft.id, draft.language, draft.answers) == (draft_id, "es", {"county": "yolo"})


def test_responses_list_says_where_each_response_is(opened, store, survey_id):
    resident_id = make_resident(opened)
    first = store.save_response(survey_id, REQUIRED_ANSWERS, language="en").record["id"]
    second = store.save_response(
        survey_id, REQUIRED_ANSWERS, language="vi", resident_id=resident_id
    ).record["id"]
    third = store.save_response(survey_id, REQUIRED_ANSWERS, language="es").record["id"]
    with opened.database.transaction():
        opened.database.execute(
            "UPDATE journal SET state = 'quarantined', reason = 'survey retired' "
            "WHERE record_id = ?",
            (second,),
        )
        opened.database.execute("DELETE FROM journal WHERE record_id = ?", (third,))

    rows = {row.id: row for row in store.list_responses()}
    assert [row.state for row in (rows[first], rows[second], rows[third])] == [
        "waiting",
        "attention",
        "sent",
    ]
    assert rows[second].reason == "survey retired"
    assert rows[second].resident == {
        "given_name": "Thị Hương",
        "family_name": "Nguyễn",
        "preferred_name": None,
        "preferred_language": "vi",
    }
    assert rows[first].resident is None
    assert rows[first].survey_title["en"].startswith("Stronger Together")
    assert len(store.list_responses(new_id())) == 0
    assert len(store.list_responses(survey_id, limit=2)) == 2


def test_a_survey_that_cannot_be_read_is_listed_with_its_problems(opened, store):
    opened.records.put_reference(
        Kind.SURVEY,
        {
            "form_id": "future",
            "version": "9",
            "title": {"en": "Future"},
            "definition": {"format_version": 9},
        },
    )
    future = next(s for s in store.list_surveys() if s.form_id == "future")
    assert future.definition is None and future.question_count == 0
    assert future.problems[0].path == "format_version"
    result = store.save_response(future.id, {}, language="en")
    assert not result.ok and "definition" in result.errors
    assert opened.records.count(Kind.SURVEY_RESPONSE) == 0
