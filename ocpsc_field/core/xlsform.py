"""Importing an XLSForm (``.xlsx``) as a survey definition (format version 2).

XLSForm is the spreadsheet form language of ODK, KoboToolbox, SurveyCTO and
CommCare; outreach partners already write their surveys in it. A form either
imports fully or is refused: ``read_xlsform`` returns a ``SurveyDefinition``
or raises ``XLSFormError`` listing every problem with its sheet, row and
column, so nothing is half-imported.

Sheets: ``survey`` (required), ``choices`` (when a question picks from a
list) and ``settings`` (``form_id``, ``version``, ``form_title``,
``default_language``). Any other sheet is left alone, except ``entities``
(ODK entity lists), which is refused. What each column and type means, and
which are ignored or refused, is in ``xlsform_columns``, ``xlsform_types``
and ``xlsform_values``.

Languages: ``label::Español (es)`` columns give each language; the language
of a column without one (``label``) is ``default_language`` from the
settings, or English when the form has no other language. A form without a
``version`` gets one from its content ("auto-" and a hash), so publishing a
changed form always makes a new version and re-publishing the same form does not.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ocpsc_field.core.survey_model import FORMAT_VERSION, SurveyDefinition
from ocpsc_field.core.survey_parser import DefinitionError, parse_definition
from ocpsc_field.core.text import N_, Message
from ocpsc_field.core.xlsform_checks import check_expressions
from ocpsc_field.core.xlsform_choices import read_choices
from ocpsc_field.core.xlsform_columns import UNKNOWN_LANGUAGE
from ocpsc_field.core.xlsform_labels import LabelReader
from ocpsc_field.core.xlsform_languages import language_tag
from ocpsc_field.core.xlsform_problems import (
    CHOICES,
    SETTINGS,
    SURVEY,
    ProblemList,
    XLSFormError,
    XLSFormProblem,
)
from ocpsc_field.core.xlsform_sheets import (
    MAX_ROWS,
    TOO_MANY_ROWS,
    SheetRows,
    WorkbookError,
    read_workbook,
)
from ocpsc_field.core.xlsform_survey import NAME_RE, SurveyReader
from ocpsc_field.core.xlsform_table import UNSPECIFIED, Row, Table, read_table

__all__ = ["XLSFormError", "XLSFormProblem", "read_xlsform"]

NO_SURVEY_SHEET = N_("This workbook has no sheet named “survey”, so it is not an XLSForm.")
NO_QUESTIONS = N_("The survey sheet has no questions.")
ENTITIES = N_("Entity lists (the entities sheet) are not supported.")
NO_FORM_ID = N_("The settings sheet needs a form_id: a short name for this form, like hh_survey.")
BAD_FORM_ID = N_(
    "“{value}” is not a valid form_id: start with a letter or _, and use only letters, "
    "digits, _, - and ."
)
LONG_VERSION = N_("The version is longer than {maximum} characters.")
SAY_LANGUAGE = N_(
    "This form has columns with a language and columns without one: add default_language "
    "to the settings sheet to say which language the columns without one are in."
)
NO_DEFAULT_COLUMN = N_(
    "No label column is in {language}, the default language: add one, or change default_language."
)
TWO_DEFAULT_TEXTS = N_(
    "Both “{column}” and “{other}” hold text in {language}, the default language; keep one."
)
DEFINITION_PROBLEM = N_("This form could not be turned into a survey: {path}.")

VERSION_MAX_LENGTH = 64
_TRANSLATED = ("label", "hint", "required_message", "constraint_message")


def read_xlsform(data: bytes, *, fallback_form_id: str | None = None) -> SurveyDefinition:
    """The survey in the XLSForm workbook ``data``; raises ``XLSFormError`` with every
    problem. ``fallback_form_id`` (the file's name, say) is used when the settings
    sheet has no ``form_id``."""
    try:
        sheets = read_workbook(data)
    except WorkbookError as error:
        raise XLSFormError([XLSFormProblem(error.message)]) from error
    return _Import(sheets, fallback_form_id).run()


class _Import:
    def __init__(self, sheets: list[SheetRows], fallback_form_id: str | None) -> None:
        self.sheets = {sheet.title.strip().lower(): sheet for sheet in reversed(sheets)}
        self.order = [sheet.title for sheet in sheets]
        self.fallback_form_id = fallback_form_id
        self.problems = ProblemList()

    def table(self, kind: str) -> Table | None:
        sheet = self.sheets.get(kind)
        if sheet is None:
            return None
        if sheet.too_many_rows:
            self.problems.add(Message(TOO_MANY_ROWS.msgid, {"maximum": MAX_ROWS}), sheet.title)
        return read_table(sheet, kind, self.problems)

    def run(self) -> SurveyDefinition:
        survey = self.table(SURVEY)
        if survey is None:
            raise XLSFormError([XLSFormProblem(Message(NO_SURVEY_SHEET))])
        choices = self.table(CHOICES)
        settings = self.table(SETTINGS)
        entities = self.sheets.get("entities")
        if entities is not None and len(entities.rows) > 1:
            self.problems.add(Message(ENTITIES), entities.title)
        # Settings are on the first row below the headers; row 0 stands for "no such row".
        setting = settings.rows[0] if settings and settings.rows else Row(0)
        labels = self.languages(survey, choices, settings, setting)
        empty_choices = Table(CHOICES, [], [])
        lists = read_choices(choices or empty_choices, labels, self.problems)
        reader = SurveyReader(
            survey, lists, labels, self.problems, has_choices_sheet=choices is not None
        )
        items = reader.read()
        if not items and not self.problems:
            self.problems.add(Message(NO_QUESTIONS), survey.sheet)
        check_expressions(reader.expressions, items, lists, survey.sheet, self.problems)
        top = self.settings(settings, setting, labels)
        if self.problems:
            raise XLSFormError(self.sorted_problems())
        raw = {**top, "items": items}
        if not raw["version"]:
            raw["version"] = _content_version(raw)
        try:
            return parse_definition(raw)
        except DefinitionError as error:
            # Every check above should have caught it; say where, as well as we can.
            raise XLSFormError(
                [
                    XLSFormProblem(Message(DEFINITION_PROBLEM, {"path": p.path}), survey.sheet)
                    for p in error.problems
                ]
            ) from error

    def sorted_problems(self) -> list[XLSFormProblem]:
        order = {title: index for index, title in enumerate(self.order)}

        def key(problem: XLSFormProblem) -> tuple[int, int]:
            return (order.get(problem.sheet or "", len(order)), problem.row or 0)

        return sorted(self.problems.problems, key=key)

    def languages(
        self, survey: Table, choices: Table | None, settings: Table | None, setting: Row
    ) -> LabelReader:
        """The default language and the others, from the settings and the column headers."""
        found = list(
            dict.fromkeys([*survey.languages(), *(choices.languages() if choices else [])])
        )
        named = [language for language in found if language]
        unnamed = None in found
        text = setting.get("default_language")
        if text:
            default = language_tag(text)
            if default is None:
                column = settings.header("default_language") if settings else "default_language"
                message = Message(UNKNOWN_LANGUAGE, {"language": text})
                self.problems.add(message, _title(settings), (setting.number or None), column)
                default = named[0] if named else "en"
        elif named and unnamed:
            column = survey.header("label")
            self.problems.add(Message(SAY_LANGUAGE), survey.sheet, 1, column)
            # Which texts are in the default language is unknown: nothing more to check.
            return LabelReader(named[0], tuple(named), check_default=False)
        else:
            default = named[0] if named else "en"
        languages = (default, *[language for language in named if language != default])
        check_default = self.default_has_labels(survey, choices, default, settings, setting)
        return LabelReader(default, languages, check_default)

    def default_has_labels(
        self,
        survey: Table,
        choices: Table | None,
        default: str,
        settings: Table | None,
        setting: Row,
    ) -> bool:
        """Whether some label is in ``default``; also finds rows with two default texts."""
        has_default = False
        any_label = False
        for table in [found for found in (survey, choices) if found is not None]:
            for row in table.rows:
                for key in _TRANSLATED:
                    texts = row.texts.get(key, {})
                    if key == "label" and texts:
                        any_label = True
                        has_default |= UNSPECIFIED in texts or default in texts
                    if UNSPECIFIED in texts and default in texts:
                        message = Message(
                            TWO_DEFAULT_TEXTS,
                            {
                                "column": table.header(key),
                                "other": table.header(key, default),
                                "language": default,
                            },
                        )
                        self.problems.add(message, table.sheet, row.number, table.header(key))
        if any_label and not has_default:
            column = settings.header("default_language") if settings else "default_language"
            message = Message(NO_DEFAULT_COLUMN, {"language": default})
            self.problems.add(message, _title(settings), (setting.number or None), column)
            return False
        return True

    def settings(self, settings: Table | None, setting: Row, labels: LabelReader) -> dict[str, Any]:
        """The definition's top-level fields from the settings sheet."""
        sheet = _title(settings)

        def column(key: str) -> str:
            return settings.header(key) if settings else key

        form_id = setting.get("form_id") or self.fallback_form_id or ""
        if not form_id:
            self.problems.add(Message(NO_FORM_ID), sheet, None, column("form_id"))
        elif not NAME_RE.fullmatch(form_id):
            message = Message(BAD_FORM_ID, {"value": form_id})
            self.problems.add(message, sheet, (setting.number or None), column("form_id"))
        version = setting.get("version")
        if len(version) > VERSION_MAX_LENGTH:
            message = Message(LONG_VERSION, {"maximum": VERSION_MAX_LENGTH})
            self.problems.add(message, sheet, (setting.number or None), column("version"))
        title = setting.get("form_title") or form_id
        return {
            "format_version": FORMAT_VERSION,
            "form_id": form_id,
            "version": version,
            "default_language": labels.default,
            "languages": list(labels.languages),
            "title": {labels.default: title},
        }


def _title(table: Table | None) -> str:
    return table.sheet if table is not None else SETTINGS


def _content_version(raw: dict[str, Any]) -> str:
    """A version named after the form's content: the same form, the same version."""
    digest = hashlib.sha256(json.dumps(raw, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return "auto-" + digest.hexdigest()[:12]
