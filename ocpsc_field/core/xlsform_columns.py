"""The columns an XLSForm may have, and what this app does with each.

A form either works fully or is refused, so every column with something in it
is either understood, knowingly ignored, or refused with its name. Ignored,
because they change nothing about what is asked or recorded:

- any column whose header starts with ``$`` (KoboToolbox bookkeeping such as
  ``$kuid``, ``$autoname``, ``$autovalue``, ``$given_name``, ``$prev``);
- ``guidance_hint`` (text for printed forms), ``rows`` (the height of a text box),
  SurveyCTO's ``publishable`` (whether the server may publish an answer);
- in settings: ``style``, ``instance_name``, ``submission_url``, ``auto_send``,
  ``auto_delete``, ``allow_choice_duplicates`` (duplicates are refused anyway),
  ``name``, ``clean_text_values``, ``namespaces``;
- a column that is empty in every row, whatever its header.

Headers are read without regard to case or extra spaces, and the spellings
pyxform also accepts (``relevance``, ``readonly``, ``constraint message``,
``jr:count``, ``caption``, ``value``, ``id_string``, ...) mean the same column.
SurveyCTO writes a column's language after a single colon (``label:spanish``,
``constraint message:english``, ``media:image``); that means the same as ``::``.
SurveyCTO's ``disabled`` column leaves a row out of the form (``xlsform_table``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ocpsc_field.core.text import N_, Message
from ocpsc_field.core.xlsform_languages import language_tag

SURVEY_COLUMNS = frozenset(
    {
        "type",
        "name",
        "label",
        "hint",
        "required",
        "required_message",
        "constraint",
        "constraint_message",
        "relevant",
        "default",
        "choice_filter",
        "repeat_count",
        "read_only",
        "calculation",
        "appearance",
        "disabled",
    }
)
CHOICES_COLUMNS = frozenset({"list_name", "name", "label"})
SETTINGS_COLUMNS = frozenset({"form_title", "form_id", "version", "default_language"})
TRANSLATABLE = frozenset({"label", "hint", "required_message", "constraint_message"})

_ALIASES = {
    "relevance": "relevant",
    "readonly": "read_only",
    "calculate": "calculation",
    "constraining_message": "constraint_message",
    "jr:constraintmsg": "constraint_message",
    "requiredmsg": "required_message",
    "jr:requiredmsg": "required_message",
    "jr:count": "repeat_count",
    "count": "repeat_count",
    "caption": "label",
    "value": "name",
    "id_string": "form_id",
    "set_form_id": "form_id",
    "set_form_title": "form_title",
    "title": "form_title",
}
_IGNORED = {
    "survey": frozenset({"guidance_hint", "rows", "publishable"}),
    "choices": frozenset(),
    "settings": frozenset(
        {
            "style",
            "instance_name",
            "submission_url",
            "auto_send",
            "auto_delete",
            "allow_choice_duplicates",
            "name",
            "clean_text_values",
            "namespaces",
        }
    ),
}
_TRANSLATABLE_IGNORED = frozenset({"guidance_hint"})
_MEDIA = frozenset({"media", "image", "big-image", "audio", "video"})
_XFORM_PREFIXES = frozenset({"body", "bind", "instance"})

UNKNOWN_COLUMN = N_("“{column}” is not an XLSForm column this app supports. Remove the column.")
MEDIA_COLUMN = N_(
    "Pictures, sound and video in forms are not supported. Remove the column “{column}”."
)
PARAMETERS_COLUMN = N_(
    "The parameters column is not supported: no question type this app supports takes "
    "parameters, and choices are never shown in random order (randomize)."
)
XFORM_ATTRIBUTE_COLUMN = N_(
    "“{column}” sets an ODK option directly (body::, bind::, instance:: columns); this "
    "app does not support it. Remove the column."
)
TRIGGER_COLUMN = N_(
    "The trigger column (recalculating when another answer changes) is not supported."
)
PUBLIC_KEY_COLUMN = N_(
    "Encrypting responses to a public key is not supported: responses are kept "
    "encrypted on the laptop and sent to HQ over an encrypted connection."
)
UNKNOWN_LANGUAGE = N_(
    "“{language}” is not a language this app recognizes. Write it as the language's "
    "name and code, like English (en), Español (es) or 中文 (zh-Hant)."
)
SAME_COLUMN_TWICE = N_("This column is the same as column “{other}”; keep one of them.")


@dataclass(frozen=True)
class Column:
    """One header of a sheet: what it means (``key``) and, for text, in which language.

    ``key`` is None for a column that is ignored; ``refusal`` says why a column
    is refused (it only matters if some row has something in it).
    """

    index: int
    header: str
    key: str | None
    language: str | None = None  # a tag; None for the default language
    refusal: Message | None = None


def _base(text: str) -> str:
    base = "_".join(text.strip().lower().split())
    return _ALIASES.get(base, base)


def _refusal(base: str, header: str, sheet: str) -> Message | None:
    if base in _MEDIA or base.split(":")[0] in _MEDIA:
        return Message(MEDIA_COLUMN, {"column": header})
    if sheet == "survey" and base == "parameters":
        return Message(PARAMETERS_COLUMN)
    if sheet == "survey" and base == "trigger":
        return Message(TRIGGER_COLUMN)
    if sheet == "settings" and base == "public_key":
        return Message(PUBLIC_KEY_COLUMN)
    if base in _XFORM_PREFIXES:
        return Message(XFORM_ATTRIBUTE_COLUMN, {"column": header.strip()})
    return None


def _split(header: str, sheet: str) -> list[str]:
    """The header's name and language: ``label::Español (es)``, or SurveyCTO's
    ``label:spanish`` when the part before the colon is a translatable or media
    column (so ``jr:constraintMsg`` stays one name)."""
    if "::" in header or ":" not in header:
        return [part.strip() for part in header.split("::")]
    name, _colon, language = header.rpartition(":")
    base = _base(name)
    if sheet != "settings" and base in _MEDIA:
        return [name.strip(), language.strip()]
    if sheet != "settings" and (base in TRANSLATABLE or base in _TRANSLATABLE_IGNORED):
        # A language this app does not know is then refused as such, by name.
        return [name.strip(), language.strip()]
    return [header.strip()]


def read_column(index: int, header: str, sheet: str) -> Column:
    """What the header ``header`` of ``sheet`` ("survey", "choices", "settings") means."""
    parts = _split(header, sheet)
    base = _base(parts[0])
    if not header.strip() or header.strip().startswith("$"):
        return Column(index, header, None)
    refusal = _refusal(base, header, sheet)
    if refusal is not None:
        return Column(index, header, "", refusal=refusal)
    translatable = TRANSLATABLE if sheet != "settings" else frozenset()
    if sheet == "choices":
        translatable = frozenset({"label"})
    if len(parts) == 2 and (base in translatable or base in _TRANSLATABLE_IGNORED):
        tag = language_tag(parts[1])
        if tag is None:
            return Column(
                index, header, "", refusal=Message(UNKNOWN_LANGUAGE, {"language": parts[1]})
            )
        return Column(index, header, None if base in _TRANSLATABLE_IGNORED else base, tag)
    if len(parts) == 1 and base in _IGNORED[sheet]:
        return Column(index, header, None)
    known = {"survey": SURVEY_COLUMNS, "choices": CHOICES_COLUMNS, "settings": SETTINGS_COLUMNS}
    if len(parts) == 1 and base in known[sheet]:
        return Column(index, header, base)
    if sheet == "choices" and len(parts) == 1:
        # Any other column of the choices sheet is data for choice filters.
        return Column(index, header, "column:" + header.strip())
    return Column(index, header, "", refusal=Message(UNKNOWN_COLUMN, {"column": header.strip()}))
