"""Bundled surveys carry ids derived from form id and version, the same on every laptop
and at HQ, so a demo's responses name a survey HQ published."""

from __future__ import annotations

import json
import shutil

from ocpsc_field.bundled_surveys import bundled_survey_id, load_bundled_surveys, surveys_dir
from ocpsc_field.core.records import Kind
from ocpsc_field.core.validation import validate
from ocpsc_field.store.demo import fill_demo
from ocpsc_field.store.reference_data import load_surveys

# Pinned: a change here would orphan every response already made on the bundled survey.
STRONGER_TOGETHER_2026_1 = "f5a21199-e179-59e5-8110-0c1e8f4041e3"


def test_the_bundled_survey_id_is_fixed_by_form_id_and_version():
    [survey] = load_surveys()
    assert survey["id"] == STRONGER_TOGETHER_2026_1
    assert bundled_survey_id("stronger_together", "2026.1") == STRONGER_TOGETHER_2026_1
    assert bundled_survey_id("stronger_together", "2026.2") != STRONGER_TOGETHER_2026_1
    assert bundled_survey_id("stronger_togethe", "r\n2026.1") != STRONGER_TOGETHER_2026_1
    assert validate(Kind.SURVEY, survey).errors == {}


def test_a_new_version_of_a_bundled_file_gets_its_own_id(tmp_path):
    source = next(surveys_dir().glob("*.json"))
    raw = json.loads(source.read_text(encoding="utf-8"))
    raw["version"] = "2027.1"
    shutil.copy(source, tmp_path / "a.json")
    (tmp_path / "b.json").write_text(json.dumps(raw), encoding="utf-8")
    first, second = load_bundled_surveys(tmp_path)
    assert first["id"] == STRONGER_TOGETHER_2026_1
    assert second["id"] == bundled_survey_id("stronger_together", "2027.1")
    assert second["id"] != first["id"]


def test_a_missing_survey_folder_gives_no_surveys(tmp_path):
    assert load_bundled_surveys(tmp_path / "nowhere") == []


def test_demo_responses_answer_the_bundled_survey_under_its_fixed_id(opened):
    fill_demo(opened, residents=40, seed=4, surveys_per_resident=0.5)
    surveys = [row["id"] for row in opened.records.iter_all(Kind.SURVEY)]
    answered = {row["survey_id"] for row in opened.records.iter_all(Kind.SURVEY_RESPONSE)}
    assert surveys == [STRONGER_TOGETHER_2026_1]
    assert answered == {STRONGER_TOGETHER_2026_1}
