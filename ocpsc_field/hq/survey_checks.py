"""Survey responses checked on arrival against the survey version they answer.

A response names the exact survey record it was filled in on (``survey_id``)
and that record's ``version``. HQ refuses it, with a reason the device shows
in its user's language and keeps the response quarantined for fixing, when:

- ``survey_id`` is not a survey HQ published, or that version was withdrawn.
  Surveys are reference data every role of every organization receives, so a
  published survey is in every device's scope;
- ``survey_version`` is not that record's version;
- it is complete and its answers fail the form's own checks
  (``core.survey_logic.response_problems``: types, choices, required questions
  that are shown, constraints, repeat counts), each problem keyed by question.

Superseded versions stay valid targets: laptops finish drafts begun on them.
Drafts never leave a laptop, but a draft that does arrive is only checked for
its survey and version, never for answers it may not have yet.

One query per batch reads every survey the batch names. Parsing a definition
and reading its logic costs far more than the query, so the logic is kept in
this process per survey id and ``seq``: a survey record's ``seq`` changes with
every write to it, so a kept logic always belongs to the stored definition.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import models
from django.utils import timezone

from ocpsc_field.core.clock import parse_iso_utc
from ocpsc_field.core.records import Kind
from ocpsc_field.core.survey import DefinitionError, parse_definition
from ocpsc_field.core.survey_logic import FormLogic, response_problems
from ocpsc_field.core.text import N_, Message
from ocpsc_field.hq.checks import Prepared, Rejection, _message_json
from ocpsc_field.hq.models import Survey
from ocpsc_field.hq.values import field_values
from ocpsc_field.sync.protocol import Reason

log = logging.getLogger(__name__)

NOT_PUBLISHED = N_(
    "HQ has not published the survey this response answers, so it cannot accept it. "
    "Ask your coordinator which survey to use."
)
WITHDRAWN = N_(
    "Version {version} of the survey {form_id} was withdrawn at HQ, so HQ no longer "
    "accepts responses to it. Ask your coordinator."
)
OTHER_VERSION = N_(
    "This response says it answers version {sent} of the survey {form_id}, but the "
    "survey it names is version {version}. Ask your coordinator."
)
# The fields that decide whether a response fits its survey.
_SURVEY_FIELDS = frozenset({"survey_id", "survey_version", "status", "language", "answers"})
_CACHE_SIZE = 256


@dataclass(frozen=True)
class _Version:
    """One published survey record as these checks need it."""

    form_id: str
    version: str
    withdrawn: bool
    logic: FormLogic | None  # None when the stored definition cannot be read


_logic_cache: dict[tuple[str, int], FormLogic | None] = {}
_cache_lock = threading.Lock()


def refusals(
    ops: Sequence[Prepared], rows: Mapping[tuple[Kind, str], models.Model]
) -> dict[int, Rejection]:
    """Rejections by op_id for survey responses that do not fit the survey they name;
    ``rows`` are the stored records of the batch. Each op is checked on the response as
    it would stand after it: the stored record and the batch's earlier accepted ops on
    it, then the op's own values."""
    responses = [op for op in ops if op.kind is Kind.SURVEY_RESPONSE and op.wire.op != "delete"]
    if not any(_SURVEY_FIELDS & op.values.keys() for op in responses):
        return {}
    stored = {
        op.wire.record_id: _stored_values(rows.get((Kind.SURVEY_RESPONSE, op.wire.record_id)))
        for op in responses
    }
    named = [values.get("survey_id") for values in stored.values()]
    named += [op.values.get("survey_id") for op in responses]
    surveys = _versions({str(survey_id) for survey_id in named if survey_id})
    refused: dict[int, Rejection] = {}
    for op in responses:
        values = {**stored[op.wire.record_id], **op.values}
        if not _SURVEY_FIELDS & op.values.keys():
            rejection = None
        elif not values.get("survey_id"):
            rejection = None  # an update that arrived before its create; the create is checked
        else:
            rejection = _check(values, surveys.get(str(values["survey_id"])))
        if rejection is None:
            stored[op.wire.record_id] = values
        else:
            refused[op.wire.op_id] = rejection
    return refused


def _stored_values(row: models.Model | None) -> dict[str, Any]:
    return field_values(Kind.SURVEY_RESPONSE, row) if row is not None else {}


def _versions(ids: set[str]) -> dict[str, _Version]:
    if not ids:
        return {}
    query = Survey.objects.filter(pk__in=ids).only(
        "id", "form_id", "version", "deleted", "seq", "definition"
    )
    return {
        row.pk: _Version(row.form_id, row.version, row.deleted, _logic(row.pk, row.seq, row))
        for row in query
    }


def _logic(survey_id: str, seq: int, row: Survey) -> FormLogic | None:
    key = (survey_id, seq)
    with _cache_lock:
        if key in _logic_cache:
            return _logic_cache[key]
    try:
        logic: FormLogic | None = FormLogic(parse_definition(row.definition))
    except DefinitionError:
        log.warning("survey %s: its stored definition cannot be read", survey_id)
        logic = None
    with _cache_lock:
        if len(_logic_cache) >= _CACHE_SIZE:
            _logic_cache.clear()
        _logic_cache[key] = logic
    return logic


def _check(values: Mapping[str, Any], survey: _Version | None) -> Rejection | None:
    if survey is None:
        return _field_rejection("survey_id", Message(NOT_PUBLISHED))
    if survey.withdrawn:
        params = {"form_id": survey.form_id, "version": survey.version}
        return _field_rejection("survey_id", Message(WITHDRAWN, params))
    sent = values.get("survey_version")
    if sent != survey.version:
        params = {"sent": str(sent), "form_id": survey.form_id, "version": survey.version}
        return _field_rejection("survey_version", Message(OTHER_VERSION, params))
    if values.get("status") != "complete" or survey.logic is None:
        # A definition HQ cannot read is HQ's fault, not the respondent's: keep the answers.
        return None
    problems = _answer_problems(survey.logic, values)
    if not problems:
        return None
    errors = {key: _message_json(message) for key, message in problems.items()}
    names = ", ".join(errors)
    return Rejection(
        Reason.INVALID, f"Some answers do not pass the survey's checks: {names}.", errors
    )


def _field_rejection(name: str, message: Message) -> Rejection:
    return Rejection(Reason.INVALID, message.render(), {name: _message_json(message)})


def _answer_problems(logic: FormLogic, values: Mapping[str, Any]) -> dict[str, Message]:
    """The form's own problems with the answers, judged on the day the response was
    completed. That day is the laptop's local date, which may be a day either side of
    the UTC date HQ reads, so the answers pass when they pass on any of those days."""
    moment = _completed(values.get("completed_at"))
    first: dict[str, Message] | None = None
    for today in _candidate_days(moment.date()):
        problems = response_problems(
            logic.definition,
            values.get("answers"),
            values.get("language"),
            today=today,
            now=moment,
            logic=logic,
        )
        if not problems:
            return {}
        first = first if first is not None else problems
    return first or {}


def _candidate_days(utc_day: date) -> tuple[date, ...]:
    return (utc_day, utc_day - timedelta(days=1), utc_day + timedelta(days=1))


def _completed(text: Any) -> datetime:
    if isinstance(text, str):
        try:
            return parse_iso_utc(text)
        except ValueError:
            pass
    return timezone.now()
