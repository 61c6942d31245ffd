"""Reading a survey definition (JSON, format version 1 or 2) into ``survey_model`` objects.

The parser never stops at the first problem: it collects every one, each with
the path of the item it is about ("people/people_has.choices[2].label"), so
whoever wrote the definition can fix them all at once. ``core.survey`` is the
public face; this module is its engine.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ocpsc_field.core.languages import canonical_tag, is_bcp47
from ocpsc_field.core.survey_answers import answer_problem
from ocpsc_field.core.survey_checks import expression_problems
from ocpsc_field.core.survey_model import (
    FORMAT_VERSION,
    FORMAT_VERSIONS,
    METADATA_TYPES,
    OTHER_CHOICE,
    OTHER_SUFFIX,
    SELECT_TYPES,
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
)
from ocpsc_field.core.text import N_, Message, Nn_

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
_TOO_LONG_FIELD = Message.counted(
    Nn_("This is longer than {maximum} character.", "This is longer than {maximum} characters."),
    {"maximum": 0},
    count_param="maximum",
)
_NEEDS_VERSION_2 = Message(N_("This needs survey format version 2; this survey says version 1."))
_NOT_BOOLEAN_OR_EXPRESSION = Message(
    N_("This must be true, false, or a condition saying when an answer is needed.")
)
_RECORDED_FIELD = Message(
    N_("The form records this answer itself, so this item can't have this field.")
)
_NEEDS_CALCULATION = Message(N_("A calculate item needs a calculation."))
_ONLY_SELECTS = Message(N_("Only select questions can have this field."))
_ONLY_REPEATS = Message(N_("Only a repeat can have a repeat count."))
_OTHER_CHOICE = Message(
    N_("A question with or_other needs a choice named “{choice}” as its last choice.")
)
_OTHER_QUESTION = Message(
    N_("A question with or_other needs a text question named “{name}” right after it.")
)
_BAD_COLUMNS = Message(N_("This must map column names to text."))

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
_QUESTION_KEYS_V2 = _QUESTION_KEYS | {
    "choice_filter",
    "choice_list",
    "or_other",
    "default_expression",
}
_GROUP_KEYS = _ITEM_KEYS | {"children"}
_GROUP_KEYS_V2 = _GROUP_KEYS | {"repeat_count"}
_CHOICE_KEYS = frozenset({"name", "label"})
_CHOICE_KEYS_V2 = _CHOICE_KEYS | {"columns"}
# Items whose label may be missing in version 2: nothing shows them.
_UNLABELLED_TYPES = METADATA_TYPES | {QuestionType.CALCULATE}
# Fields an item the form records itself (metadata) can't have.
_NOT_FOR_RECORDED = (
    "required",
    "default",
    "default_expression",
    "constraint",
    "calculation",
    "choice_filter",
)
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
        self.format_version = FORMAT_VERSION
        self.or_other: list[tuple[str, Question]] = []  # (path, question) to check at the end

    def problem(self, path: str, message: Message, **params: Any) -> None:
        if params:
            message = replace(message, params={**message.params, **params})
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
        if version not in FORMAT_VERSIONS or isinstance(version, bool):
            self.problem("format_version", _FORMAT_VERSION, found=str(version))
            return None
        self.format_version = int(version)
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
        self.check_or_other(items)
        if self.problems:
            return None
        definition = SurveyDefinition(
            format_version=self.format_version,
            form_id=form_id,
            version=survey_version,
            default_language=default,
            languages=languages,
            title=title,
            description=description,
            translation_status=statuses,
            items=items,
        )
        if self.v2:
            # Version 1 kept expressions as text for later; version 2 forms are run by them.
            for path, message in expression_problems(definition):
                self.problem(path, message)
        return None if self.problems else definition

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
        if self.format_version == 1 and question_type not in V1_QUESTION_TYPES:
            self.problem(_join(path, "type"), _NEEDS_VERSION_2)
            return None
        return self.question(entry, question_type, path)

    @property
    def v2(self) -> bool:
        return self.format_version >= 2

    def group(self, raw: Mapping[str, Any], kind: GroupKind, path: str) -> Group:
        self.unknown_keys(raw, _GROUP_KEYS_V2 if self.v2 else _GROUP_KEYS, path)
        repeat_count = self.optional_text(raw, "repeat_count", path)
        if repeat_count is not None and kind is not GroupKind.REPEAT:
            self.problem(_join(path, "repeat_count"), _ONLY_REPEATS)
        return Group(
            name=self.name(raw, path),
            label=self.labels(raw, "label", path, required=not self.v2),
            hint=self.labels(raw, "hint", path),
            kind=kind,
            appearance=self.optional_text(raw, "appearance", path),
            relevant=self.optional_text(raw, "relevant", path),
            repeat_count=repeat_count,
            children=self.items(raw.get("children"), "children", path),
        )

    def required(self, raw: Mapping[str, Any], path: str) -> tuple[bool, str | None]:
        """``required`` as (always required, condition): version 2 also takes a condition."""
        value = raw.get("required", False)
        if isinstance(value, bool) or not self.v2:
            return self.flag(raw, "required", path), None
        if isinstance(value, str) and value.strip():
            return False, self.optional_text(raw, "required", path)
        self.problem(_join(path, "required"), _NOT_BOOLEAN_OR_EXPRESSION)
        return False, None

    def question(self, raw: Mapping[str, Any], kind: QuestionType, path: str) -> Question:
        self.unknown_keys(raw, _QUESTION_KEYS_V2 if self.v2 else _QUESTION_KEYS, path)
        if kind is QuestionType.NOTE:
            for key in ("required", "default", "default_expression", "constraint"):
                if key in raw:
                    self.problem(_join(path, key), _NOTE_FIELD)
        if kind in METADATA_TYPES:
            for key in _NOT_FOR_RECORDED:
                if key in raw:
                    self.problem(_join(path, key), _RECORDED_FIELD)
        if kind is QuestionType.CALCULATE and not raw.get("calculation"):
            self.problem(_join(path, "calculation"), _NEEDS_CALCULATION)
        if kind not in SELECT_TYPES:
            for key in ("choice_filter", "choice_list", "or_other"):
                if key in raw:
                    self.problem(_join(path, key), _ONLY_SELECTS)
        always, condition = self.required(raw, path)
        question = Question(
            name=self.name(raw, path),
            type=kind,
            label=self.labels(
                raw, "label", path, required=not (self.v2 and kind in _UNLABELLED_TYPES)
            ),
            hint=self.labels(raw, "hint", path),
            required=always,
            required_if=condition,
            required_message=self.labels(raw, "required_message", path),
            constraint_message=self.labels(raw, "constraint_message", path),
            choices=self.choices(raw, kind, path),
            read_only=self.flag(raw, "read_only", path),
            appearance=self.optional_text(raw, "appearance", path),
            relevant=self.optional_text(raw, "relevant", path),
            constraint=self.optional_text(raw, "constraint", path),
            calculation=self.optional_text(raw, "calculation", path),
            default_expression=self.optional_text(raw, "default_expression", path),
            choice_filter=self.optional_text(raw, "choice_filter", path),
            choice_list=self.optional_text(raw, "choice_list", path),
            or_other=self.flag(raw, "or_other", path),
        )
        if question.or_other and kind in SELECT_TYPES:
            self.or_other.append((path, question))
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
            self.unknown_keys(found, _CHOICE_KEYS_V2 if self.v2 else _CHOICE_KEYS, at)
            name = found.get("name")
            if not isinstance(name, str) or not name or any(ch.isspace() for ch in name):
                self.problem(_join(at, "name"), _BAD_CHOICE_NAME)
                continue
            if name in seen:
                self.problem(_join(at, "name"), _DUPLICATE_NAME, name=name)
            seen.add(name)
            label = self.labels(found, "label", at, required=True)
            choices.append(Choice(name, label, self.columns(found, at)))
        if kind is QuestionType.YES_NO and seen != {"yes", "no"}:
            self.problem(where, _YES_NO_CHOICES)
        return tuple(choices)

    def columns(self, raw: Mapping[str, Any], path: str) -> dict[str, str]:
        value = raw.get("columns")
        if value is None:
            return {}
        fine = isinstance(value, Mapping) and all(
            isinstance(key, str) and _NAME_RE.fullmatch(key) and isinstance(text, str)
            for key, text in value.items()
        )
        if not fine:
            self.problem(_join(path, "columns"), _BAD_COLUMNS)
            return {}
        return dict(value)

    def check_or_other(self, items: tuple[Item, ...]) -> None:
        """``or_other`` promises an "other" choice and a text question right after."""
        following: dict[str, Item | None] = {}
        _record_following(items, following)
        for path, question in self.or_other:
            choices = question.choice_names()
            if not choices or choices[-1] != OTHER_CHOICE:
                self.problem(_join(path, "choices"), _OTHER_CHOICE, choice=OTHER_CHOICE)
            wanted = question.name + OTHER_SUFFIX
            after = following.get(question.name)
            fine = isinstance(after, Question) and after.type is QuestionType.TEXT
            if not fine or after is None or after.name != wanted:
                self.problem(_join(path, "or_other"), _OTHER_QUESTION, name=wanted)


def _record_following(items: Sequence[Item], following: dict[str, Item | None]) -> None:
    """Each item's name mapped to the item right after it among its siblings."""
    for index, item in enumerate(items):
        following[item.name] = items[index + 1] if index + 1 < len(items) else None
        if isinstance(item, Group):
            _record_following(item.children, following)


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
