"""Surveys on this device: what can be filled in, drafts in progress, and saved responses.

Survey definitions arrive from HQ as reference data. Each published version
of a form is its own survey record (same ``form_id``, its own ``version`` and
id); the list offers the newest version of each form, and a draft keeps the
id of the version it was begun on, so it always opens with that version's
definition. A response being filled in is a draft (form ``"survey"``, target
the survey's id) that never leaves the device; completing it creates one
append-only ``SurveyResponse`` record and deletes the draft in the same
transaction, so a crash leaves either the draft or the response, never
neither and never both.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ocpsc_field.core.clock import now_iso
from ocpsc_field.core.records import Kind
from ocpsc_field.core.survey import (
    DefinitionError,
    Problem,
    Question,
    QuestionType,
    SurveyDefinition,
    clean_answers,
    is_empty,
    parse_definition,
    walk,
)
from ocpsc_field.core.survey_logic import FormLogic, response_problems
from ocpsc_field.store.db import Database
from ocpsc_field.store.drafts import Draft, DraftStore
from ocpsc_field.store.repository import RecordRepository, SaveResult
from ocpsc_field.store.session import OpenProfile

DRAFT_FORM = "survey"
RESPONSE_LIST_LIMIT = 200
# Resident fields a list needs to show a name; nothing more leaves the database.
_NAME_FIELDS = ("given_name", "family_name", "preferred_name", "preferred_language")


@dataclass(frozen=True)
class SurveyOnDevice:
    """A survey that can be filled in here, with this user's counts for it."""

    id: str
    form_id: str
    version: str
    title: dict[str, str]
    definition: SurveyDefinition | None  # None when it can't be read; see ``problems``
    problems: tuple[Problem, ...] = ()
    my_responses: int = 0
    drafts: int = 0
    # Older versions of the same form on this device (drafts begun on them still open).
    older_versions: tuple[tuple[str, str], ...] = ()  # (id, version), newest first

    @property
    def question_count(self) -> int:
        return self.definition.question_count() if self.definition else 0


@dataclass(frozen=True)
class SurveyDraft:
    """A response in progress; ``resident`` holds only the fields needed to show a name."""

    id: str
    survey_id: str
    resident_id: str | None
    language: str | None
    answers: dict[str, Any]
    updated_at: str
    resident: dict[str, Any] | None = None

    @property
    def answered(self) -> int:
        return sum(1 for value in self.answers.values() if not is_empty(value))


@dataclass(frozen=True)
class ResponseRow:
    """One saved response, as the responses list shows it."""

    id: str
    survey_id: str
    survey_title: dict[str, str]
    survey_version: str
    language: str
    completed_at: str | None
    resident_id: str | None
    resident: dict[str, Any] | None
    # "waiting" (saved here, not sent yet), "attention" (HQ refused it) or "sent".
    state: str
    reason: str | None = None


def draft_payload(
    survey_id: str, language: str, answers: Mapping[str, Any], resident_id: str | None
) -> dict[str, Any]:
    """What a survey draft holds: whatever the form has, valid or not."""
    return {
        "survey_id": survey_id,
        "language": language,
        "resident_id": resident_id,
        "answers": dict(answers),
    }


class SurveyStore:
    """The surveys part of one profile, for one user."""

    def __init__(
        self,
        database: Database,
        records: RecordRepository,
        drafts: DraftStore,
        user: str,
        device: str = "",
    ) -> None:
        self._database = database
        self._records = records
        self._drafts = drafts
        self._user = user
        self.user = user  # what a survey's "username" question records
        self.device = device  # what a survey's "deviceid" question records

    @classmethod
    def of(cls, opened: OpenProfile) -> SurveyStore:
        actor = opened.actor
        return cls(opened.database, opened.records, opened.drafts, actor.user, actor.device)

    # -- surveys -----------------------------------------------------------------------
    def list_surveys(self) -> list[SurveyOnDevice]:
        """The newest version of each form on this device, by form id; each names the
        older versions still here. Newest means published last (ids are time-ordered
        and HQ gives each published version a new one); the version text is free-form
        ("2026.1", "7", "auto-…") so it is not compared."""
        mine = {
            row["survey_id"]: int(row["count"])
            for row in self._database.query(
                "SELECT survey_id, count(*) AS count FROM survey_response "
                "WHERE deleted = 0 AND created_by = ? GROUP BY survey_id",
                (self._user,),
            )
        }
        drafts: dict[str, int] = {}
        for draft in self._drafts.list(DRAFT_FORM):
            if draft.target_id:
                drafts[draft.target_id] = drafts.get(draft.target_id, 0) + 1
        by_form: dict[str, list[dict[str, Any]]] = {}
        for record in self._records.iter_all(Kind.SURVEY):
            by_form.setdefault(record["form_id"], []).append(record)
        withdrawn = self._withdrawn_with_drafts(set(drafts), by_form)
        surveys = []
        for form_id in sorted(by_form):
            versions = sorted(by_form[form_id], key=_published_order, reverse=True)
            record, older = versions[0], [*versions[1:], *withdrawn.get(form_id, [])]
            definition, problems = _parse(record.get("definition"))
            ids = [record["id"], *(r["id"] for r in older)]
            surveys.append(
                SurveyOnDevice(
                    id=record["id"],
                    form_id=record["form_id"],
                    version=record["version"],
                    title=dict(record.get("title") or {}),
                    definition=definition,
                    problems=problems,
                    my_responses=sum(mine.get(i, 0) for i in ids),
                    drafts=sum(drafts.get(i, 0) for i in ids),
                    older_versions=tuple((r["id"], r["version"]) for r in older),
                )
            )
        return surveys

    def _withdrawn_with_drafts(
        self, draft_targets: set[str], live: Mapping[str, Any]
    ) -> dict[str, list[dict[str, Any]]]:
        """Versions HQ has withdrawn that drafts here were begun on, by form id, for the
        forms still offered: those drafts stay listed and can be finished."""
        found: dict[str, list[dict[str, Any]]] = {}
        wanted = sorted(draft_targets)
        if not wanted:
            return found
        marks = ", ".join("?" for _ in wanted)
        rows = self._database.query(
            f"SELECT id, form_id, version FROM survey WHERE deleted = 1 AND id IN ({marks})",
            tuple(wanted),
        )
        for row in rows:
            if row["form_id"] in live:
                found.setdefault(row["form_id"], []).append(dict(row))
        return found

    def get_survey(self, survey_id: str) -> SurveyOnDevice:
        """One survey version, withdrawn ones too (a draft begun on one still opens);
        raises ``RecordNotFound`` when it is not on this device."""
        record = self._records.get(Kind.SURVEY, survey_id, include_deleted=True)
        definition, problems = _parse(record.get("definition"))
        return SurveyOnDevice(
            id=record["id"],
            form_id=record["form_id"],
            version=record["version"],
            title=dict(record.get("title") or {}),
            definition=definition,
            problems=problems,
        )

    # -- responses ---------------------------------------------------------------------
    def save_response(
        self,
        survey_id: str,
        answers: Mapping[str, Any],
        *,
        language: str,
        resident_id: str | None = None,
        draft_id: str | None = None,
    ) -> SaveResult:
        """Check the answers against the survey and its logic, then store the completed
        response and discard its draft in one transaction. Only what the form shows is
        kept (hidden questions' answers are dropped, calculations filled in, as ODK
        does). On a problem nothing changes and the errors are keyed by question name
        ("members[2]/age" inside repeats), or by record field."""
        survey = self.get_survey(survey_id)
        if survey.definition is None:
            return SaveResult(errors={"definition": survey.problems[0].message})
        logic = FormLogic(survey.definition)
        cleaned = clean_nested(survey.definition, answers)
        errors = response_problems(survey.definition, cleaned, language, logic=logic)
        if errors:
            return SaveResult(errors=errors)
        kept = logic.evaluate(cleaned, language=language).answers_to_save()
        values = {
            "survey_id": survey.id,
            "survey_version": survey.version,
            "status": "complete",
            "language": language,
            "answers": kept,
            "resident_id": resident_id,
            "completed_at": now_iso(),
        }
        with self._database.transaction():
            result = self._records.create(Kind.SURVEY_RESPONSE, values)
            if result.ok and draft_id is not None:
                self._drafts.discard(draft_id)
        return result

    def list_responses(
        self, survey_id: str | None = None, *, limit: int = RESPONSE_LIST_LIMIT
    ) -> list[ResponseRow]:
        """Responses on this device, most recently completed first, with whether each
        has reached HQ."""
        where = "r.deleted = 0"
        params: list[Any] = []
        if survey_id is not None:
            where += " AND r.survey_id = ?"
            params.append(survey_id)
        names = ", ".join(f"res.{name} AS resident_{name}" for name in _NAME_FIELDS)
        rows = self._database.query(
            f"SELECT r.id, r.survey_id, r.survey_version, r.language, r.completed_at, "
            f"r.resident_id, s.title AS survey_title, {names}, "
            "(SELECT j.state FROM journal j WHERE j.kind = 'survey_response' "
            " AND j.record_id = r.id ORDER BY j.state = 'quarantined' DESC LIMIT 1) AS state, "
            "(SELECT j.reason FROM journal j WHERE j.kind = 'survey_response' "
            " AND j.record_id = r.id AND j.state = 'quarantined' LIMIT 1) AS reason "
            "FROM survey_response r LEFT JOIN survey s ON s.id = r.survey_id "
            "LEFT JOIN resident res ON res.id = r.resident_id "
            f"WHERE {where} ORDER BY r.completed_at DESC, r.rowid DESC LIMIT ?",
            (*params, limit),
        )
        return [_response_row(row) for row in rows]

    # -- drafts ------------------------------------------------------------------------
    def save_draft(
        self,
        draft_id: str,
        survey_id: str,
        *,
        language: str,
        answers: Mapping[str, Any],
        resident_id: str | None,
    ) -> str:
        """Create or overwrite a draft under an id the form chose, so saves queued one
        after another always land on the same draft."""
        payload = draft_payload(survey_id, language, answers, resident_id)
        return self._drafts.save(DRAFT_FORM, payload, draft_id=draft_id, target_id=survey_id)

    def list_drafts(self, survey_id: str | None = None) -> list[SurveyDraft]:
        """This user's survey drafts, most recently edited first."""
        drafts = [
            _survey_draft(draft)
            for draft in self._drafts.list(DRAFT_FORM)
            if survey_id is None or draft.target_id == survey_id
        ]
        residents = self._residents({d.resident_id for d in drafts if d.resident_id})
        return [replace(d, resident=residents.get(d.resident_id or "")) for d in drafts]

    def find_draft(self, survey_id: str, resident_id: str | None) -> SurveyDraft | None:
        """The latest draft of this survey for this resident (or for no resident)."""
        for draft in self.list_drafts(survey_id):
            if draft.resident_id == resident_id:
                return draft
        return None

    def discard_draft(self, draft_id: str) -> None:
        self._drafts.discard(draft_id)

    def _residents(self, ids: set[str]) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        rows = self._database.query(
            f"SELECT id, {', '.join(_NAME_FIELDS)} FROM resident WHERE id IN ({marks})",
            tuple(ids),
        )
        return {row.pop("id"): row for row in rows}


def _published_order(record: Mapping[str, Any]) -> tuple[str, str]:
    return (str(record.get("created_at") or ""), str(record["id"]))


def clean_nested(definition: SurveyDefinition, answers: Mapping[str, Any]) -> dict[str, Any]:
    """``clean_answers`` at every level: inside repeat entries too (text trimmed,
    ticked choices once each in form order, unanswered questions left out)."""
    cleaned = clean_answers(definition, answers)
    inner = {
        item.name: item
        for item in walk(definition.items, into_repeats=True)
        if isinstance(item, Question)
    }
    return _clean_entries(cleaned, inner)


def _clean_entries(answers: dict[str, Any], questions: Mapping[str, Question]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, value in answers.items():
        if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            result[name] = [
                _clean_entries(_clean_level(entry, questions), questions) for entry in value
            ]
        else:
            result[name] = value
    return result


def _clean_level(entry: Mapping[str, Any], questions: Mapping[str, Question]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name, value in entry.items():
        if is_empty(value):
            continue
        question = questions.get(name)
        if question is not None and question.type is QuestionType.TEXT and isinstance(value, str):
            value = value.strip()
        elif (
            question is not None
            and question.type is QuestionType.SELECT_MULTIPLE
            and isinstance(value, list)
            and all(isinstance(choice, str) for choice in value)
        ):
            order = {choice: index for index, choice in enumerate(question.choice_names())}
            value = sorted(dict.fromkeys(value), key=lambda c: order.get(c, len(order)))
        cleaned[name] = value
    return cleaned


def _parse(raw: Any) -> tuple[SurveyDefinition | None, tuple[Problem, ...]]:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raw = None
    try:
        return parse_definition(raw), ()
    except DefinitionError as error:
        return None, error.problems


def _survey_draft(draft: Draft) -> SurveyDraft:
    payload = draft.payload
    answers = payload.get("answers")
    return SurveyDraft(
        id=draft.id,
        survey_id=str(payload.get("survey_id") or draft.target_id or ""),
        resident_id=payload.get("resident_id") or None,
        language=payload.get("language") or None,
        answers=dict(answers) if isinstance(answers, Mapping) else {},
        updated_at=draft.updated_at,
    )


def _response_row(row: Mapping[str, Any]) -> ResponseRow:
    resident = None
    if row["resident_id"] is not None and row["resident_given_name"] is not None:
        resident = {name: row[f"resident_{name}"] for name in _NAME_FIELDS}
    state = {"pending": "waiting", "quarantined": "attention"}.get(row["state"] or "", "sent")
    return ResponseRow(
        id=row["id"],
        survey_id=row["survey_id"],
        survey_title=json.loads(row["survey_title"]) if row["survey_title"] else {},
        survey_version=row["survey_version"],
        language=row["language"],
        completed_at=row["completed_at"],
        resident_id=row["resident_id"],
        resident=resident,
        state=state,
        reason=row["reason"],
    )
