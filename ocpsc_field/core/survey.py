"""Survey definitions: one versioned JSON format, its parser, and the checks on answers.

HQ publishes a survey as a ``Kind.SURVEY`` record whose ``definition`` is the
JSON described here. It is the one thing the renderer, answer validation, the
survey logic engine and HQ read. ``core.xlsform`` turns XLSForm spreadsheets
into it. This module is the public face; the parser lives in
``core.survey_parser``, the writer in ``core.survey_json``, the objects in
``core.survey_model``.

Format version 1 (still read; the bundled surveys use it)::

    {"format_version": 1, "form_id": "stronger_together", "version": "2026.1",
     "default_language": "en", "languages": ["en", "es"],
     "translation_status": {"en": "source", "es": "draft"},
     "title": {"en": "...", "es": "..."}, "description": {...},
     "items": [
       {"type": "group", "name": "people", "label": {...}, "children": [
         {"type": "select_multiple", "name": "people_has", "label": {...},
          "hint": {...}, "required": false, "choices": [{"name": "staff", "label": {...}}]}
       ]}
     ]}

Version 1 question types: ``text``, ``integer``, ``decimal``, ``date``,
``select_one``, ``select_multiple``, ``yes_no`` and ``note``; items are those
or a ``group``/``repeat`` with ``children``. Item fields: ``name`` (unique in
the whole form), ``label`` and ``hint`` (``{language tag: text}``, or a plain
string in the default language), ``relevant``, ``appearance``; questions add
``required`` (true/false), ``required_message`` and ``constraint_message``
(per language), ``constraint``, ``calculation``, ``read_only``, ``default``
(a valid answer) and, for selects, ``choices``.

Format version 2 adds, for what XLSForm forms need::

    {"format_version": 2, ...same top-level fields...,
     "items": [
       {"type": "start", "name": "started_at"},
       {"type": "select_one", "name": "county", "label": {...}, "choice_list": "counties",
        "required": true, "choices": [{"name": "orange", "label": {...}}]},
       {"type": "select_one", "name": "city", "label": {...}, "choice_list": "cities",
        "choice_filter": "county = ${county}",
        "choices": [{"name": "irvine", "label": {...}, "columns": {"county": "orange"}}]},
       {"type": "select_multiple", "name": "needs", "label": {...}, "or_other": true,
        "choices": [..., {"name": "other", "label": {"en": "Other", ...}}]},
       {"type": "text", "name": "needs_other", "label": {...},
        "relevant": "selected(${needs}, 'other')"},
       {"type": "repeat", "name": "members", "label": {...}, "repeat_count": "${size}",
        "children": [
          {"type": "integer", "name": "age", "label": {...},
           "required": "${size} > 1", "constraint": ". >= 0 and . < 120",
           "constraint_message": {"en": "...", "es": "..."}},
          {"type": "calculate", "name": "is_adult", "calculation": "if(${age} >= 18, 1, 0)"}
        ]},
       {"type": "date", "name": "visit_date", "label": {...}, "default_expression": "today()"}
     ]}

- Question types added: ``time`` ("HH:MM" or "HH:MM:SS"), ``acknowledge``
  (answer "OK"), ``calculate`` (not shown; the value of its ``calculation``)
  and the metadata the form records itself, never shown: ``start`` and
  ``end`` (ISO date and time with its UTC offset, when the form was opened and
  completed), ``today`` (ISO date), ``deviceid`` and ``username``.
- ``required`` may be a condition (expression text) instead of true/false.
- ``default_expression``: a default computed when the form or repeat instance
  starts (``today()``); ``default`` stays a fixed answer.
- ``choice_filter`` (an expression where bare names such as ``county`` or
  ``name`` are the choice's columns), ``choice_list`` (the XLSForm list name)
  and, per choice, ``columns`` (the choices sheet's other columns, as text).
- ``or_other``: the last choice is named ``other`` and the next item is the
  text question ``<name>_other`` asking which; ``core.xlsform`` adds both.
- ``repeat_count`` on a repeat: how many instances it has.
- Labels may be left out on groups, repeats, ``calculate`` and metadata.

Answers are one flat mapping from question name to value (names are unique
in a form): text, times and dates as strings (dates ISO), integers and
decimals as JSON numbers, ``select_one`` and ``yes_no`` as a choice name,
``select_multiple`` as a list of choice names, ``acknowledge`` as "OK",
calculations as text or a number, and a repeat as a list of such mappings
(nested repeats nest). Problems are translatable ``Message``s; nothing here
raises on bad answers, and a bad definition raises one ``DefinitionError``
listing every problem with the path of the item it is about.
"""

from __future__ import annotations

from ocpsc_field.core.survey_answers import (
    RESPONSE_KEY,
    answer_problem,
    clean_answers,
    is_empty,
    validate_answers,
)
from ocpsc_field.core.survey_json import definition_to_json
from ocpsc_field.core.survey_model import (
    FORMAT_VERSION,
    FORMAT_VERSIONS,
    METADATA_TYPES,
    V1_QUESTION_TYPES,
    YES_NO_CHOICES,
    Choice,
    Group,
    GroupKind,
    Item,
    Labels,
    Question,
    QuestionType,
    SurveyDefinition,
    TranslationStatus,
    label_for,
    walk,
)
from ocpsc_field.core.survey_parser import (
    EXPRESSION_MAX_LENGTH,
    DefinitionError,
    Problem,
    definition_problems,
    parse_definition,
)

__all__ = [
    "EXPRESSION_MAX_LENGTH",
    "FORMAT_VERSION",
    "FORMAT_VERSIONS",
    "METADATA_TYPES",
    "RESPONSE_KEY",
    "V1_QUESTION_TYPES",
    "YES_NO_CHOICES",
    "Choice",
    "DefinitionError",
    "Group",
    "GroupKind",
    "Item",
    "Labels",
    "Problem",
    "Question",
    "QuestionType",
    "SurveyDefinition",
    "TranslationStatus",
    "answer_problem",
    "clean_answers",
    "definition_problems",
    "definition_to_json",
    "is_empty",
    "label_for",
    "parse_definition",
    "validate_answers",
    "walk",
]
