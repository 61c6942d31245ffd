"""The ``type`` column of an XLSForm survey sheet: what each row is.

Supported: ``text``, ``integer``, ``decimal``, ``date``, ``time``,
``select_one LIST`` and ``select_multiple LIST`` (each may end in
``or_other``), ``note``, ``acknowledge``, ``calculate``, ``begin group`` /
``end group`` and ``begin repeat`` / ``end repeat`` (with spaces or
underscores), and the metadata the form records itself: ``start``, ``end``,
``today``, ``deviceid`` and ``username``. Everything else is refused with
the reason: other metadata either does not exist on a laptop (``phonenumber``,
``simserial``, ``subscriberid``) or records more than a survey should
(``audit``, ``background-audio``, ``start-geopoint``, ``email``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ocpsc_field.core.survey_model import QuestionType
from ocpsc_field.core.text import N_, Message

BEGIN_GROUP = "begin group"
END_GROUP = "end group"
BEGIN_REPEAT = "begin repeat"
END_REPEAT = "end repeat"

_QUESTIONS: dict[str, QuestionType] = {
    "text": QuestionType.TEXT,
    "string": QuestionType.TEXT,
    "integer": QuestionType.INTEGER,
    "int": QuestionType.INTEGER,
    "decimal": QuestionType.DECIMAL,
    "date": QuestionType.DATE,
    "time": QuestionType.TIME,
    "note": QuestionType.NOTE,
    "acknowledge": QuestionType.ACKNOWLEDGE,
    "trigger": QuestionType.ACKNOWLEDGE,
    "calculate": QuestionType.CALCULATE,
    "start": QuestionType.START,
    "end": QuestionType.END,
    "today": QuestionType.TODAY,
    "deviceid": QuestionType.DEVICEID,
    "imei": QuestionType.DEVICEID,
    "username": QuestionType.USERNAME,
}
_SELECTS: dict[str, QuestionType] = {
    "select_one": QuestionType.SELECT_ONE,
    "select one": QuestionType.SELECT_ONE,
    "select1": QuestionType.SELECT_ONE,
    "select_multiple": QuestionType.SELECT_MULTIPLE,
    "select multiple": QuestionType.SELECT_MULTIPLE,
    "select all that apply": QuestionType.SELECT_MULTIPLE,
}
_CONTROL = {
    "begin group": BEGIN_GROUP,
    "begin_group": BEGIN_GROUP,
    "end group": END_GROUP,
    "end_group": END_GROUP,
    "begin repeat": BEGIN_REPEAT,
    "begin_repeat": BEGIN_REPEAT,
    "end repeat": END_REPEAT,
    "end_repeat": END_REPEAT,
}

_MEDIA = N_("“{type}” questions (photos, sound, video, files, signatures) are not supported.")
_LOCATION = N_("“{type}” questions (locations and maps) are not supported.")
_FROM_FILE = N_(
    "“{type}” (choices from a separate file) is not supported: put the choices in the "
    "choices sheet and use select_one or select_multiple."
)
_NOT_ON_LAPTOP = N_("“{type}” is phone metadata that a laptop does not have.")
_RECORDS_TOO_MUCH = N_(
    "“{type}” records more than the answers (timings, sound or place) and is not supported."
)
_OTHER = N_("“{type}” questions are not supported.")
_DATETIME = N_("“{type}” questions are not supported: ask for a date and a time separately.")
_UNKNOWN = N_("“{type}” is not an XLSForm question type.")
_MATRIX = N_(
    "“{type}” (a KoboToolbox question matrix) is not supported: ask each row as a "
    "question of its own."
)
_HIDDEN = N_(
    "“{type}” questions are not supported: to record a fixed value, use a calculate row "
    "with the value in quotes as its calculation, like 'P-17'."
)
_NEEDS_LIST = N_("Name the list of choices after {type}, like “{type} yes_no”.")
_BAD_SELECT = N_("Write a select type as “{type} LIST” or “{type} LIST or_other”.")

_REFUSED: dict[str, str] = {
    **dict.fromkeys(
        ("image", "photo", "audio", "video", "file", "barcode", "signature", "drawing"), _MEDIA
    ),
    **dict.fromkeys(("geopoint", "geotrace", "geoshape", "osm"), _LOCATION),
    **dict.fromkeys(
        (
            "select_one_from_file",
            "select_multiple_from_file",
            "select one from file",
            "select multiple from file",
            "select_one_external",
            "select one external",
            "csv-external",
            "xml-external",
        ),
        _FROM_FILE,
    ),
    **dict.fromkeys(("phonenumber", "simserial", "subscriberid"), _NOT_ON_LAPTOP),
    **dict.fromkeys(("audit", "background-audio", "start-geopoint", "email"), _RECORDS_TOO_MUCH),
    **dict.fromkeys(("range", "rank", "begin table", "end table"), _OTHER),
    **dict.fromkeys(("begin_kobomatrix", "end_kobomatrix", "begin kobomatrix"), _MATRIX),
    "end kobomatrix": _MATRIX,
    "hidden": _HIDDEN,
    **dict.fromkeys(("datetime", "datetime-local"), _DATETIME),
}


@dataclass(frozen=True)
class RowType:
    """What a survey row is: a question (``question``), a group or repeat boundary
    (``control``), or refused (``refusal``)."""

    question: QuestionType | None = None
    control: str | None = None
    list_name: str | None = None
    or_other: bool = False
    refusal: Message | None = None


def read_type(text: str) -> RowType:
    """The meaning of a ``type`` cell (already known to be non-empty)."""
    words = text.split()
    spelled = " ".join(words)
    lowered = spelled.lower()
    if lowered in _CONTROL:
        return RowType(control=_CONTROL[lowered])
    if lowered in _QUESTIONS:
        return RowType(question=_QUESTIONS[lowered])
    if lowered in _REFUSED:
        return RowType(refusal=Message(_REFUSED[lowered], {"type": spelled}))
    for prefix in sorted(_REFUSED, key=len, reverse=True):
        if lowered.startswith(prefix + " "):
            return RowType(refusal=Message(_REFUSED[prefix], {"type": prefix}))
    for prefix in sorted(_SELECTS, key=len, reverse=True):
        if lowered == prefix or lowered.startswith(prefix + " "):
            return _select(_SELECTS[prefix], spelled[len(prefix) :].split())
    return RowType(refusal=Message(_UNKNOWN, {"type": spelled}))


def _select(kind: QuestionType, rest: list[str]) -> RowType:
    name = kind.value
    if not rest:
        return RowType(refusal=Message(_NEEDS_LIST, {"type": name}))
    or_other = len(rest) >= 2 and "_".join(rest[1:]).lower() == "or_other"
    if len(rest) != 1 and not or_other:
        return RowType(refusal=Message(_BAD_SELECT, {"type": name}))
    return RowType(question=kind, list_name=rest[0], or_other=or_other)
