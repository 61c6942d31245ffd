"""Writing a parsed survey definition back to its JSON format.

``parse_definition(definition_to_json(d)) == d`` for every definition: HQ
publishes what the importer built, and devices read back exactly that. Fields
left at their defaults are left out, so a version 1 definition writes out as
version 1 JSON.
"""

from __future__ import annotations

from typing import Any

from ocpsc_field.core.survey_model import (
    YES_NO_CHOICES,
    Choice,
    Group,
    Item,
    SurveyDefinition,
)

_GROUP_TEXT_KEYS = ("appearance", "relevant", "repeat_count")
_QUESTION_TEXT_KEYS = (
    "default",
    "default_expression",
    "constraint",
    "calculation",
    "choice_filter",
    "choice_list",
)


def _choice_json(choice: Choice) -> dict[str, Any]:
    out: dict[str, Any] = {"name": choice.name, "label": dict(choice.label)}
    if choice.columns:
        out["columns"] = dict(choice.columns)
    return out


def _item_json(item: Item) -> dict[str, Any]:
    out: dict[str, Any] = {"type": item.kind.value if isinstance(item, Group) else item.type.value}
    out["name"] = item.name
    if item.label:
        out["label"] = dict(item.label)
    if item.hint:
        out["hint"] = dict(item.hint)
    if isinstance(item, Group):
        for key in _GROUP_TEXT_KEYS:
            if getattr(item, key) is not None:
                out[key] = getattr(item, key)
        out["children"] = [_item_json(child) for child in item.children]
        return out
    for key in ("appearance", "relevant"):
        if getattr(item, key) is not None:
            out[key] = getattr(item, key)
    if item.required:
        out["required"] = True
    elif item.required_if is not None:
        out["required"] = item.required_if
    if item.read_only:
        out["read_only"] = True
    if item.or_other:
        out["or_other"] = True
    for key in ("required_message", "constraint_message"):
        if getattr(item, key):
            out[key] = dict(getattr(item, key))
    if item.choices and item.choices != YES_NO_CHOICES:
        out["choices"] = [_choice_json(choice) for choice in item.choices]
    for key in _QUESTION_TEXT_KEYS:
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
