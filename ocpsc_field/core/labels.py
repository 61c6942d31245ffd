"""Choosing which text of a multilingual label to show.

HQ publishes program names, eligibility questions and resource descriptions as
``{language tag: text}``, usually with English and Spanish and sometimes with
many more. Every screen must pick the same text for the same UI language, so
the rule lives here once:

1. the exact tag ("zh-Hant-TW"), then each shorter form of it ("zh-Hant", "zh");
2. another text in the same base language ("zh-Hans" for a "zh" UI), so a
   reader of one script at least gets their language;
3. English, which HQ always publishes;
4. whatever text comes first, so a label is never blank when any text exists.

Tags compare without regard to letter case or "_" versus "-".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _normal(tag: str) -> str:
    return tag.replace("_", "-").strip().lower()


def _texts(labels: Mapping[str, Any] | None) -> dict[str, tuple[str, str]]:
    """Normalized tag -> (tag as published, text), keeping only non-empty texts."""
    if not isinstance(labels, Mapping):
        return {}
    found: dict[str, tuple[str, str]] = {}
    for tag, text in labels.items():
        if isinstance(tag, str) and isinstance(text, str) and text.strip():
            found.setdefault(_normal(tag), (tag, text))
    return found


def label_tag(labels: Mapping[str, Any] | None, language: str) -> str | None:
    """The tag of the text ``pick_label`` shows for ``language``, or None if there is none.

    Screens use it to mark a text's language for screen readers, and to say
    when a text is shown in another language than the one asked for.
    """
    texts = _texts(labels)
    if not texts:
        return None
    wanted = _normal(language or "")
    parts = [part for part in wanted.split("-") if part]
    for end in range(len(parts), 0, -1):
        candidate = "-".join(parts[:end])
        if candidate in texts:
            return texts[candidate][0]
    if parts:
        for tag, (original, _text) in texts.items():
            if tag.split("-")[0] == parts[0]:
                return original
    for tag, (original, _text) in texts.items():
        if tag == "en" or tag.startswith("en-"):
            return original
    return next(iter(texts.values()))[0]


def other_language_tag(labels: Mapping[str, Any] | None, language: str) -> str | None:
    """The tag of the text shown for ``language`` when it is in another language, else None.

    Screens mark such a text ("not translated into Arabic: shown in English")
    rather than pass it off as a translation. Scripts of one language count as
    that language: a Simplified Chinese text for a Traditional reader is not marked.
    """
    tag = label_tag(labels, language)
    if tag is None or _base(tag) == _base(language or ""):
        return None
    return tag


def _base(tag: str) -> str:
    return _normal(tag).split("-")[0]


def pick_label(labels: Mapping[str, Any] | None, language: str, default: str = "") -> str:
    """The text of ``labels`` to show to someone reading ``language``.

    Returns ``default`` when there is no text at all (a missing description).
    """
    tag = label_tag(labels, language)
    if tag is None or labels is None:
        return default
    return str(labels[tag])
