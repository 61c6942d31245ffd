"""The parsed form of a survey definition: questions, groups, choices and labels.

``core.survey`` reads the JSON format into these frozen objects; the renderer
and ``core.survey_answers`` only ever see these, never raw JSON. Kept apart
from the parser so both can import it without importing each other.

Format version 2 adds what XLSForm forms need (``core.xlsform`` produces it):
more question types, expressions for ``required`` and defaults, choice
filters with the choices' extra columns, ``or_other`` and ``repeat_count``.
Every field it adds has a default, so version 1 definitions read unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ocpsc_field.core.labels import label_tag, pick_label

FORMAT_VERSION = 2  # the newest version this app reads and writes
FORMAT_VERSIONS = (1, 2)  # every version this app reads


class QuestionType(StrEnum):
    """What kind of answer a question takes; the renderer has a widget for each shown type."""

    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    SELECT_ONE = "select_one"
    SELECT_MULTIPLE = "select_multiple"
    DATE = "date"
    YES_NO = "yes_no"  # a select_one whose choices are "yes" and "no"
    NOTE = "note"  # text shown to the interviewer; takes no answer
    # Format version 2:
    TIME = "time"  # "HH:MM" or "HH:MM:SS", local time of day
    ACKNOWLEDGE = "acknowledge"  # a box to tick; its answer is "OK"
    CALCULATE = "calculate"  # not shown; its value is its ``calculation``
    # Recorded by the form itself, never shown (XLSForm "metadata"):
    START = "start"  # when the form was opened, ISO date and time with offset
    END = "end"  # when it was completed, ISO date and time with offset
    TODAY = "today"  # the day it was filled in, ISO date
    DEVICEID = "deviceid"  # this device's id
    USERNAME = "username"  # the profile's user name


V1_QUESTION_TYPES = frozenset(
    {
        QuestionType.TEXT,
        QuestionType.INTEGER,
        QuestionType.DECIMAL,
        QuestionType.SELECT_ONE,
        QuestionType.SELECT_MULTIPLE,
        QuestionType.DATE,
        QuestionType.YES_NO,
        QuestionType.NOTE,
    }
)
METADATA_TYPES = frozenset(
    {
        QuestionType.START,
        QuestionType.END,
        QuestionType.TODAY,
        QuestionType.DEVICEID,
        QuestionType.USERNAME,
    }
)
SELECT_TYPES = frozenset({QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE})
# The name of the choice ``or_other`` adds, and the suffix of the question that follows.
OTHER_CHOICE = "other"
OTHER_SUFFIX = "_other"
ACKNOWLEDGED = "OK"


class GroupKind(StrEnum):
    GROUP = "group"  # a titled section
    REPEAT = "repeat"  # a section answered once per instance (people in a household)


class TranslationStatus(StrEnum):
    SOURCE = "source"  # the language the survey was written in
    REVIEWED = "reviewed"  # checked by a fluent reviewer
    DRAFT = "draft"  # not reviewed yet: read it with care


Labels = Mapping[str, str]


@dataclass(frozen=True)
class Choice:
    """One option of a select question. ``columns`` holds the choices sheet's other
    columns (``county`` for a list of cities), which ``choice_filter`` reads."""

    name: str
    label: Labels
    columns: Mapping[str, str] = field(default_factory=dict)

    def filter_values(self) -> dict[str, str]:
        """What a choice filter's bare names (``county``, ``name``) mean for this choice."""
        return {**self.columns, "name": self.name}


YES_NO_CHOICES: tuple[Choice, ...] = (
    Choice(
        "yes",
        {
            "en": "Yes",
            "es": "Sí",
            "vi": "Có",
            "zh-Hans": "是",
            "zh-Hant": "是",
            "tl": "Oo",
            "ko": "예",
            "ru": "Да",
            "ar": "نعم",
            "fa": "بله",
        },
    ),
    Choice(
        "no",
        {
            "en": "No",
            "es": "No",
            "vi": "Không",
            "zh-Hans": "否",
            "zh-Hant": "否",
            "tl": "Hindi",
            "ko": "아니요",
            "ru": "Нет",
            "ar": "لا",
            "fa": "خیر",
        },
    ),
)


@dataclass(frozen=True)
class Question:
    """One question. Expressions (``relevant``, ``constraint``, ``calculation``,
    ``required_if``, ``choice_filter``, ``default_expression``) are kept as written,
    for the survey logic engine that evaluates them.

    ``required`` is True only when the question is always required; a question
    required on a condition has ``required`` False and the condition in
    ``required_if``. ``default`` is a fixed answer, ``default_expression`` one
    computed when a form (or a repeat instance) is started, like ``today()``.
    """

    name: str
    type: QuestionType
    label: Labels
    hint: Labels = field(default_factory=dict)
    required: bool = False
    required_message: Labels = field(default_factory=dict)
    constraint_message: Labels = field(default_factory=dict)
    choices: tuple[Choice, ...] = ()
    read_only: bool = False
    default: Any = None
    appearance: str | None = None
    relevant: str | None = None
    constraint: str | None = None
    calculation: str | None = None
    required_if: str | None = None
    default_expression: str | None = None
    choice_filter: str | None = None
    choice_list: str | None = None  # the XLSForm list the choices came from
    or_other: bool = False  # choices end with "other"; "<name>_other" asks which

    @property
    def takes_answer(self) -> bool:
        """The answers hold a value for it (typed, computed or recorded); not for notes."""
        return self.type is not QuestionType.NOTE

    @property
    def is_metadata(self) -> bool:
        """Recorded by the form itself (start, end, today, deviceid, username)."""
        return self.type in METADATA_TYPES

    @property
    def is_shown(self) -> bool:
        """The renderer shows it: everything but calculations and metadata."""
        return self.type is not QuestionType.CALCULATE and not self.is_metadata

    @property
    def asks_person(self) -> bool:
        """Someone answers it: shown and takes an answer."""
        return self.is_shown and self.takes_answer

    def choice_names(self) -> tuple[str, ...]:
        return tuple(choice.name for choice in self.choices)


@dataclass(frozen=True)
class Group:
    """A titled section of questions, or a repeat answered once per instance.

    From format version 2 the label may be empty (a group used only to share a
    ``relevant``). ``repeat_count`` is an expression (often a number) fixing how
    many instances a repeat has; without it the person adds and removes them.
    """

    name: str
    label: Labels
    children: tuple[Question | Group, ...]
    kind: GroupKind = GroupKind.GROUP
    hint: Labels = field(default_factory=dict)
    appearance: str | None = None
    relevant: str | None = None
    repeat_count: str | None = None


Item = Question | Group


@dataclass(frozen=True)
class SurveyDefinition:
    format_version: int
    form_id: str
    version: str
    default_language: str
    languages: tuple[str, ...]
    title: Labels
    items: tuple[Item, ...]
    description: Labels = field(default_factory=dict)
    translation_status: Mapping[str, TranslationStatus] = field(default_factory=dict)

    def text(self, labels: Labels, language: str | None) -> str:
        """``labels`` in ``language``, falling back to this survey's default language."""
        return label_for(labels, language, self.default_language)

    def questions(self) -> Iterator[Question]:
        """Every question outside repeats, in form order."""
        for item in walk(self.items):
            if isinstance(item, Question):
                yield item

    def question_count(self) -> int:
        """Questions a person answers, repeats included: what "number of questions" means."""
        items = walk(self.items, into_repeats=True)
        return sum(1 for item in items if isinstance(item, Question) and item.asks_person)

    def repeat_paths(self) -> dict[str, tuple[str, ...]]:
        """Every item's name mapped to the names of the repeats around it, outermost
        first: what an expression's ``${name}`` means depends on it."""
        paths: dict[str, tuple[str, ...]] = {}
        _repeat_paths(self.items, (), paths)
        return paths

    def is_draft_translation(self, language: str) -> bool:
        return self.translation_status.get(language) is TranslationStatus.DRAFT


def _repeat_paths(
    items: Sequence[Item], around: tuple[str, ...], paths: dict[str, tuple[str, ...]]
) -> None:
    for item in items:
        paths[item.name] = around
        if isinstance(item, Group):
            inner = (*around, item.name) if item.kind is GroupKind.REPEAT else around
            _repeat_paths(item.children, inner, paths)


def walk(items: Sequence[Item], *, into_repeats: bool = False) -> Iterator[Item]:
    """Depth first, in form order: each group before its children."""
    for item in items:
        yield item
        if isinstance(item, Group) and (into_repeats or item.kind is GroupKind.GROUP):
            yield from walk(item.children, into_repeats=into_repeats)


# --- labels -------------------------------------------------------------------------


def label_for(labels: Labels, language: str | None, fallback: str = "en") -> str:
    """The text for ``language`` by the app's one rule (``core.labels``): its exact tag,
    shorter forms of it, another text in the same language; failing that the text in
    ``fallback`` (a survey's own default language), then English, then any text.
    """
    if language:
        tag = label_tag(labels, language)
        if tag is not None and _base(tag) == _base(language):
            return str(labels[tag])
    return pick_label(labels, fallback)


def _base(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()
