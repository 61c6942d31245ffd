"""The parsed form of a survey definition: questions, groups, choices and labels.

``core.survey`` reads the JSON format into these frozen objects; the renderer
and ``core.survey_answers`` only ever see these, never raw JSON. Kept apart
from the parser so both can import it without importing each other.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ocpsc_field.core.labels import label_tag, pick_label

FORMAT_VERSION = 1


class QuestionType(StrEnum):
    """What kind of answer a question takes; the renderer has a widget for each."""

    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    SELECT_ONE = "select_one"
    SELECT_MULTIPLE = "select_multiple"
    DATE = "date"
    YES_NO = "yes_no"  # a select_one whose choices are "yes" and "no"
    NOTE = "note"  # text shown to the interviewer; takes no answer


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
    name: str
    label: Labels


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
    """One question. Expressions (``relevant``, ``constraint``, ``calculation``) are kept
    as written for the survey engine that will evaluate them."""

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

    @property
    def takes_answer(self) -> bool:
        return self.type is not QuestionType.NOTE

    def choice_names(self) -> tuple[str, ...]:
        return tuple(choice.name for choice in self.choices)


@dataclass(frozen=True)
class Group:
    """A titled section of questions, or a repeat answered once per instance."""

    name: str
    label: Labels
    children: tuple[Question | Group, ...]
    kind: GroupKind = GroupKind.GROUP
    hint: Labels = field(default_factory=dict)
    appearance: str | None = None
    relevant: str | None = None


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
        """Questions that take an answer, repeats included: what "number of questions" means."""
        items = walk(self.items, into_repeats=True)
        return sum(1 for item in items if isinstance(item, Question) and item.takes_answer)

    def is_draft_translation(self, language: str) -> bool:
        return self.translation_status.get(language) is TranslationStatus.DRAFT


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
