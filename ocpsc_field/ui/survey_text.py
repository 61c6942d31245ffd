"""A survey's own texts as the form shows them, in the respondent's language.

Survey texts come from the definition, not the catalog: the respondent's
language can differ from the interface language. A text missing in that
language falls back to the survey's default language, and the form says so
rather than pass it off as a translation. A ``${name}`` inside a label or
hint shows that question's current answer (choices by their label), as ODK
forms expect. Repeat entries are numbered in the survey's words
("Household member 2").
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from ocpsc_field.core.labels import label_tag
from ocpsc_field.core.survey import Labels, Question, QuestionType, SurveyDefinition, label_for
from ocpsc_field.i18n import _
from ocpsc_field.ui.models import format_number, language_name

REFERENCE = re.compile(r"\$\{([^}]*)\}")


def _base(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()


def is_fallback(labels: Labels, language: str) -> bool:
    """Whether ``labels`` has text but none in ``language`` (so another is shown)."""
    tag = label_tag(labels, language)
    return tag is not None and _base(tag) != _base(language)


def references(text: str) -> set[str]:
    """The question names a text shows with ``${name}``."""
    return {found.strip() for found in REFERENCE.findall(text)}


def fill_references(text: str, value_of: Callable[[str], str]) -> str:
    """``text`` with each ``${name}`` replaced by ``value_of(name)``."""
    if "${" not in text:
        return text
    return REFERENCE.sub(lambda found: value_of(found.group(1).strip()), text)


def answer_text(
    question: Question | None, value: Any, language: str, definition: SurveyDefinition
) -> str:
    """An answer as a label shows it: choices by their label, numbers as they are."""
    if value is None:
        return ""
    if question is not None and question.choices:
        labels = {choice.name: choice.label for choice in question.choices}
        if question.type is QuestionType.SELECT_MULTIPLE:
            names = value if isinstance(value, list) else str(value).split()
        else:
            names = [str(value)]
        shown = [definition.text(labels[n], language) if n in labels else str(n) for n in names]
        return ", ".join(shown)
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return f"{value:.10g}"
    if isinstance(value, list):
        return ", ".join(str(part) for part in value)
    return str(value)


def fallback_note(definition: SurveyDefinition, texts: list[Labels], language: str) -> str:
    """Says which texts are shown in another language, or "" when all are translated."""
    if _base(language) == _base(definition.default_language):
        return ""
    if not any(is_fallback(labels, language) for labels in texts if labels):
        return ""
    return _("Not translated into {language}: shown in {default}.").format(
        language=language_name(language), default=language_name(definition.default_language)
    )


def position_label(definition: SurveyDefinition, labels: Labels, language: str, number: int) -> str:
    """ "Household member 2": a repeat entry named by the survey's label and its number."""
    section = label_for(labels, language, definition.default_language)
    if not section:
        return _("Entry {number}").format(number=format_number(number))
    # Translators: a numbered entry of a repeated survey section, like "Household member 2".
    return _("{section} {number}").format(section=section, number=format_number(number))
