"""Survey definitions: one versioned JSON format, its parser, and the checks on answers.

HQ publishes a survey as a ``Kind.SURVEY`` record whose ``definition`` is the
JSON described here; the form renderer walks it and ``validate_answers``
decides whether a response can be saved. A later importer turns XLSForm
spreadsheets into this same format, so the format already has a place for
what XLSForm adds: ``relevant``, ``constraint`` and ``calculation``
expressions are parsed and kept as text but not evaluated yet (a question
with ``relevant`` is always shown), and a group of kind ``repeat`` holds a
list of instances.

Shape (format_version 1)::

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

Answers are one flat mapping from question name to value (names are unique
in a form): text and dates as strings (dates ISO), integers and decimals as
JSON numbers, ``select_one`` and ``yes_no`` as a choice name,
``select_multiple`` as a list of choice names, and a repeat as a list of
such mappings. Problems are translatable ``Message``s; nothing here raises
on bad answers, and a bad definition raises one ``DefinitionError`` listing
every problem with the path of the item it is about.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ocpsc_field.core.languages import canonical_tag, is_bcp47
from ocpsc_field.core.survey_answers import (
    RESPONSE_KEY,
    answer_problem,
    clean_answers,
    is_empty,
    validate_answers,
)
from ocpsc_field.core.survey_model import (
    FORMAT_VERSION,
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
from ocpsc_field.core.text import N_, Message

__all__ = [
    "FORMAT_VERSION",
    "RESPONSE_KEY",
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

EXPRESSION_MAX_LENGTH = 2_000


# --- problems with a definition -------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One problem with a definition, at ``path`` ("people/people_has.choices[2].label")."""

    path: str
    message: Message

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else str(self.message)


class DefinitionError(ValueError):
    """The definition can't be used; ``problems`` says where and why, all of them."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems[:5]))
        self.problems = tuple(problems)


_NOT_A_MAPPING = Message(N_("This must be a JSON object with named fields."))
_NOT_A_LIST = Message(N_("This must be a list."))
_EMPTY_LIST = Message(N_("This list is empty."))
_MISSING = Message(N_("This field is missing."))
_UNKNOWN_KEY = Message(N_("This field is not part of the survey format."))
_FORMAT_VERSION = Message(
    N_(
        "This survey uses format version {found}, but this app reads version {supported}. "
        "Update the app to fill it in."
    ),
    {"supported": FORMAT_VERSION},
)
_BAD_NAME = Message(
    N_("A name starts with a letter or _ and holds only letters, digits, _, - and .")
)
_BAD_CHOICE_NAME = Message(N_("A choice name can't be empty or contain spaces."))
_DUPLICATE_NAME = Message(N_("The name “{name}” is used more than once."))
_NOT_TEXT_FIELD = Message(N_("This must be text."))
_NOT_BOOLEAN = Message(N_("This must be true or false."))
_BAD_TAG = Message(N_("“{tag}” is not a language tag like en, es or zh-Hans."))
_LABEL_EMPTY = Message(N_("The text for {language} is empty."))
_NEEDS_DEFAULT = Message(N_("There is no text in the default language, {language}."))
_UNKNOWN_TYPE = Message(N_("“{type}” is not a question type this app knows."))
_NEEDS_CHOICES = Message(N_("A {type} question needs a list of choices."))
_NO_CHOICES = Message(N_("Only select questions have choices."))
_YES_NO_CHOICES = Message(N_("The choices of a yes/no question must be named yes and no."))
_BAD_STATUS = Message(N_("Use one of source, reviewed or draft."))
_LANGUAGE_NOT_LISTED = Message(N_("{language} is not one of the survey's languages."))
_BAD_DEFAULT = Message(N_("The default answer is not a valid answer: {reason}"))
_NOTE_FIELD = Message(N_("A note takes no answer, so it can't have this field."))
_TOO_LONG_FIELD = Message(N_("This is longer than {maximum} characters."))

_NAME_RE = re.compile(r"[^\W\d][\w.-]{0,99}")
_ITEM_KEYS = frozenset({"type", "name", "label", "hint", "relevant", "appearance"})
_QUESTION_KEYS = _ITEM_KEYS | {
    "required",
    "required_message",
    "constraint_message",
    "choices",
    "read_only",
    "default",
    "constraint",
    "calculation",
}
_GROUP_KEYS = _ITEM_KEYS | {"children"}
_TOP_KEYS = frozenset(
    {
        "format_version",
        "form_id",
        "version",
        "default_language",
        "languages",
        "translation_status",
        "title",
        "description",
        "items",
    }
)


class _Parser:
    """Reads a definition and collects every problem rather than stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.default_language = "en"
        self.names: set[str] = set()

    def problem(self, path: str, message: Message, **params: Any) -> None:
        if params:
            message = Message(message.msgid, {**message.params, **params})
        self.problems.append(Problem(path, message))

    def mapping(self, raw: Any, path: str) -> Mapping[str, Any] | None:
        if isinstance(raw, Mapping):
            return raw
        self.problem(path, _NOT_A_MAPPING)
        return None

    def unknown_keys(self, raw: Mapping[str, Any], allowed: frozenset[str], path: str) -> None:
        for key in raw:
            if key not in allowed:
                self.problem(_join(path, str(key)), _UNKNOWN_KEY)

    def text(self, raw: Mapping[str, Any], key: str, path: str, *, maximum: int = 100) -> str:
        value = raw.get(key)
        where = _join(path, key)
        if value is None:
            self.problem(where, _MISSING)
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(where, _NOT_TEXT_FIELD)
            return ""
        if len(value.strip()) > maximum:
            self.problem(where, _TOO_LONG_FIELD, maximum=maximum)
        return value.strip()

    def optional_text(self, raw: Mapping[str, Any], key: str, path: str) -> str | None:
        value = raw.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem(_join(path, key), _NOT_TEXT_FIELD)
            return None
        if len(value) > EXPRESSION_MAX_LENGTH:
            self.problem(_join(path, key), _TOO_LONG_FIELD, maximum=EXPRESSION_MAX_LENGTH)
        return value.strip() or None

    def flag(self, raw: Mapping[str, Any], key: str, path: str) -> bool:
        value = raw.get(key, False)
        if not isinstance(value, bool):
            self.problem(_join(path, key), _NOT_BOOLEAN)
            return False
        return value

    def tag(self, raw: Any, path: str) -> str | None:
        tag = canonical_tag(raw) if isinstance(raw, str) else ""
        if not tag or not is_bcp47(tag):
            self.problem(path, _BAD_TAG, tag=str(raw))
            return None
        return tag

    def labels(
        self, raw: Mapping[str, Any], key: str, path: str, *, required: bool = False
    ) -> dict[str, str]:
        where = _join(path, key)
        value = raw.get(key)
        if value is None:
            if required:
                self.problem(where, _MISSING)
            return {}
        if isinstance(value, str) and value.strip():
            # A plain string is text in the default language, as in single-language XLSForms.
            return {self.default_language: value.strip()}
        found = self.mapping(value, where)
        if found is None:
            return {}
        labels: dict[str, str] = {}
        for language, text in found.items():
            tag = self.tag(language, f"{where}.{language}")
            if tag is None:
                continue
            if not isinstance(text, str) or not text.strip():
                self.problem(f"{where}.{language}", _LABEL_EMPTY, language=tag)
                continue
            labels[tag] = text.strip()
        if required and self.default_language not in labels:
            self.problem(where, _NEEDS_DEFAULT, language=self.default_language)
        return labels

    def name(self, raw: Mapping[str, Any], path: str) -> str:
        name = raw.get("name")
        if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
            self.problem(_join(path, "name"), _MISSING if name is None else _BAD_NAME)
            return ""
        if name in self.names:
            self.problem(_join(path, "name"), _DUPLICATE_NAME, name=name)
        self.names.add(name)
        return name

    def definition(self, raw: Any) -> SurveyDefinition | None:
        top = self.mapping(raw, "")
        if top is None:
            return None
        self.unknown_keys(top, _TOP_KEYS, "")
        version = top.get("format_version")
        if version != FORMAT_VERSION or isinstance(version, bool):
            self.problem("format_version", _FORMAT_VERSION, found=str(version))
            return None
        form_id = self.text(top, "form_id", "")
        if form_id and not _NAME_RE.fullmatch(form_id):
            self.problem("form_id", _BAD_NAME)
        survey_version = self.text(top, "version", "", maximum=64)
        default = self.tag(top.get("default_language", "en"), "default_language") or "en"
        self.default_language = default
        title = self.labels(top, "title", "", required=True)
        description = self.labels(top, "description", "")
        languages = self.languages(top, title)
        statuses = self.statuses(top, languages)
        items = self.items(top.get("items"), "items", "")
        if self.problems:
            return None
        return SurveyDefinition(
            format_version=FORMAT_VERSION,
            form_id=form_id,
            version=survey_version,
            default_language=default,
            languages=languages,
            title=title,
            description=description,
            translation_status=statuses,
            items=items,
        )

    def languages(self, top: Mapping[str, Any], title: Labels) -> tuple[str, ...]:
        raw = top.get("languages")
        if raw is None:
            return tuple(dict.fromkeys([self.default_language, *title]))
        if not isinstance(raw, list):
            self.problem("languages", _NOT_A_LIST)
            return (self.default_language,)
        tags = [self.tag(item, f"languages[{index}]") for index, item in enumerate(raw)]
        found = [tag for tag in tags if tag is not None]
        if self.default_language not in found:
            self.problem("languages", _LANGUAGE_NOT_LISTED, language=self.default_language)
        return tuple(dict.fromkeys(found))

    def statuses(
        self, top: Mapping[str, Any], languages: tuple[str, ...]
    ) -> dict[str, TranslationStatus]:
        raw = top.get("translation_status")
        if raw is None:
            return {}
        found = self.mapping(raw, "translation_status")
        statuses: dict[str, TranslationStatus] = {}
        for language, value in (found or {}).items():
            where = f"translation_status.{language}"
            tag = self.tag(language, where)
            if tag is None:
                continue
            if tag not in languages:
                self.problem(where, _LANGUAGE_NOT_LISTED, language=tag)
            try:
                statuses[tag] = TranslationStatus(value)
            except ValueError:
                self.problem(where, _BAD_STATUS)
        return statuses

    def items(self, raw: Any, key: str, parent: str) -> tuple[Item, ...]:
        where = _join(parent, key)
        if raw is None:
            self.problem(where, _MISSING)
            return ()
        if not isinstance(raw, list):
            self.problem(where, _NOT_A_LIST)
            return ()
        if not raw:
            self.problem(where, _EMPTY_LIST)
        items: list[Item] = []
        for index, entry in enumerate(raw):
            name = entry.get("name") if isinstance(entry, Mapping) else None
            if isinstance(name, str) and name:
                path = f"{parent}/{name}" if parent else name
            else:
                path = f"{where}[{index}]"
            item = self.item(entry, path)
            if item is not None:
                items.append(item)
        return tuple(items)

    def item(self, raw: Any, path: str) -> Item | None:
        entry = self.mapping(raw, path)
        if entry is None:
            return None
        kind = entry.get("type")
        if kind in (GroupKind.GROUP, GroupKind.REPEAT):
            return self.group(entry, GroupKind(kind), path)
        try:
            question_type = QuestionType(kind if isinstance(kind, str) else "")
        except ValueError:
            self.problem(_join(path, "type"), _UNKNOWN_TYPE, type=str(kind))
            return None
        return self.question(entry, question_type, path)

    def group(self, raw: Mapping[str, Any], kind: GroupKind, path: str) -> Group:
        self.unknown_keys(raw, _GROUP_KEYS, path)
        return Group(
            name=self.name(raw, path),
            label=self.labels(raw, "label", path, required=True),
            hint=self.labels(raw, "hint", path),
            kind=kind,
            appearance=self.optional_text(raw, "appearance", path),
            relevant=self.optional_text(raw, "relevant", path),
            children=self.items(raw.get("children"), "children", path),
        )

    def question(self, raw: Mapping[str, Any], kind: QuestionType, path: str) -> Question:
        self.unknown_keys(raw, _QUESTION_KEYS, path)
        if kind is QuestionType.NOTE:
            for key in ("required", "default", "constraint"):
                if key in raw:
                    self.problem(_join(path, key), _NOTE_FIELD)
        question = Question(
            name=self.name(raw, path),
            type=kind,
            label=self.labels(raw, "label", path, required=True),
            hint=self.labels(raw, "hint", path),
            required=self.flag(raw, "required", path),
            required_message=self.labels(raw, "required_message", path),
            constraint_message=self.labels(raw, "constraint_message", path),
            choices=self.choices(raw, kind, path),
            read_only=self.flag(raw, "read_only", path),
            appearance=self.optional_text(raw, "appearance", path),
            relevant=self.optional_text(raw, "relevant", path),
            constraint=self.optional_text(raw, "constraint", path),
            calculation=self.optional_text(raw, "calculation", path),
        )
        default = raw.get("default")
        if default is not None and kind is not QuestionType.NOTE:
            reason = answer_problem(question, default)
            if reason is not None:
                self.problem(_join(path, "default"), _BAD_DEFAULT, reason=reason.render())
            else:
                question = replace(question, default=default)
        return question

    def choices(self, raw: Mapping[str, Any], kind: QuestionType, path: str) -> tuple[Choice, ...]:
        where = _join(path, "choices")
        value = raw.get("choices")
        selects = (QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE)
        if value is None:
            if kind in selects:
                self.problem(where, _NEEDS_CHOICES, type=kind.value)
            return YES_NO_CHOICES if kind is QuestionType.YES_NO else ()
        if kind not in (*selects, QuestionType.YES_NO):
            self.problem(where, _NO_CHOICES)
            return ()
        if not isinstance(value, list) or not value:
            self.problem(where, _NOT_A_LIST if not isinstance(value, list) else _EMPTY_LIST)
            return ()
        choices: list[Choice] = []
        seen: set[str] = set()
        for index, entry in enumerate(value):
            at = f"{where}[{index}]"
            found = self.mapping(entry, at)
            if found is None:
                continue
            self.unknown_keys(found, frozenset({"name", "label"}), at)
            name = found.get("name")
            if not isinstance(name, str) or not name or any(ch.isspace() for ch in name):
                self.problem(_join(at, "name"), _BAD_CHOICE_NAME)
                continue
            if name in seen:
                self.problem(_join(at, "name"), _DUPLICATE_NAME, name=name)
            seen.add(name)
            choices.append(Choice(name, self.labels(found, "label", at, required=True)))
        if kind is QuestionType.YES_NO and seen != {"yes", "no"}:
            self.problem(where, _YES_NO_CHOICES)
        return tuple(choices)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def parse_definition(raw: Any) -> SurveyDefinition:
    """Read a definition (as decoded from JSON); raise ``DefinitionError`` listing every
    problem, each with the path of the item it is about."""
    parser = _Parser()
    definition = parser.definition(raw)
    if definition is None:
        raise DefinitionError(parser.problems or [Problem("", _NOT_A_MAPPING)])
    return definition


def definition_problems(raw: Any) -> list[Problem]:
    """Every problem with a definition; empty when it can be used."""
    try:
        parse_definition(raw)
    except DefinitionError as error:
        return list(error.problems)
    return []


# --- back to JSON -----------------------------------------------------------------


def _item_json(item: Item) -> dict[str, Any]:
    out: dict[str, Any] = {"type": item.kind.value if isinstance(item, Group) else item.type.value}
    out["name"] = item.name
    out["label"] = dict(item.label)
    if item.hint:
        out["hint"] = dict(item.hint)
    for key in ("appearance", "relevant"):
        if getattr(item, key) is not None:
            out[key] = getattr(item, key)
    if isinstance(item, Group):
        out["children"] = [_item_json(child) for child in item.children]
        return out
    if item.required:
        out["required"] = True
    if item.read_only:
        out["read_only"] = True
    for key in ("required_message", "constraint_message"):
        if getattr(item, key):
            out[key] = dict(getattr(item, key))
    if item.choices and item.choices != YES_NO_CHOICES:
        out["choices"] = [{"name": c.name, "label": dict(c.label)} for c in item.choices]
    for key in ("default", "constraint", "calculation"):
        if getattr(item, key) is not None:
            out[key] = getattr(item, key)
    return out


def definition_to_json(definition: SurveyDefinition) -> dict[str, Any]:
    """The JSON form of a parsed definition; ``parse_definition`` reads it back unchanged."""
    out: dict[str, Any] = {
        "format_version": definition.format_version,
        "form_id": definition.form_id,
        "version": definition.version,
        "default_language": definition.default_language,
        "languages": list(definition.languages),
        "title": dict(definition.title),
        "items": [_item_json(item) for item in definition.items],
    }
    if definition.description:
        out["description"] = dict(definition.description)
    if definition.translation_status:
        out["translation_status"] = {
            language: status.value for language, status in definition.translation_status.items()
        }
    return out
