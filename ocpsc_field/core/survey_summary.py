"""A short description of a survey definition: what ``survey-check`` prints.

Coordinators check a form before publishing it; the summary answers the
questions they have: which form and version, in which languages, how many
questions of each type, and which groups and repeats (as paths such as
"household/members").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ocpsc_field.core.survey_model import Group, GroupKind, Item, Question, SurveyDefinition


def _sections(items: Sequence[Item], prefix: str, kind: GroupKind) -> list[str]:
    found: list[str] = []
    for item in items:
        if isinstance(item, Group):
            path = f"{prefix}{item.name}"
            if item.kind is kind:
                found.append(path)
            found += _sections(item.children, path + "/", kind)
    return found


def _questions(items: Sequence[Item]) -> list[Question]:
    found: list[Question] = []
    for item in items:
        if isinstance(item, Group):
            found += _questions(item.children)
        else:
            found.append(item)
    return found


def survey_summary(definition: SurveyDefinition) -> dict[str, Any]:
    """The summary as JSON-ready data. ``question_count`` counts every question row,
    notes, calculations and recorded metadata included, like ``questions_by_type``."""
    by_type = Counter(question.type.value for question in _questions(definition.items))
    return {
        "form_id": definition.form_id,
        "version": definition.version,
        "title": definition.text(definition.title, definition.default_language),
        "default_language": definition.default_language,
        "languages": list(definition.languages),
        "question_count": sum(by_type.values()),
        "questions_by_type": dict(sorted(by_type.items())),
        "groups": _sections(definition.items, "", GroupKind.GROUP),
        "repeats": _sections(definition.items, "", GroupKind.REPEAT),
    }
