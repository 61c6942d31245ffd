"""The texts ``or_other`` adds to a form: the "Other" choice and the question after it.

XLSForm's ``or_other`` leaves these texts to the tool; pyxform writes English
everywhere. Respondents here read many languages, so the common ones get their
own words; any other language shows the default language's text, which is
English when the form has no English.
"""

from __future__ import annotations

from collections.abc import Collection

from ocpsc_field.core.labels import label_tag

_OTHER = {
    "en": "Other",
    "es": "Otro",
    "vi": "Khác",
    "zh-Hans": "其他",
    "zh-Hant": "其他",
    "zh": "其他",
    "tl": "Iba pa",
    "fil": "Iba pa",
    "ko": "기타",
    "ru": "Другое",
    "ar": "أخرى",
    "fa": "سایر",
    "hy": "Այլ",
    "ja": "その他",
    "pt": "Outro",
    "fr": "Autre",
}
_SPECIFY = {
    "en": "Specify other",
    "es": "Especifique otro",
    "vi": "Ghi rõ khác",
    "zh-Hans": "请注明其他",
    "zh-Hant": "請註明其他",
    "zh": "请注明其他",
    "tl": "Tukuyin ang iba pa",
    "fil": "Tukuyin ang iba pa",
    "ko": "기타 내용을 적어 주세요",
    "ru": "Укажите другое",
    "ar": "حدد أخرى",
    "fa": "سایر را مشخص کنید",
    "hy": "Նշեք այլը",
    "ja": "その他を具体的に",
    "pt": "Especifique outro",
    "fr": "Précisez autre",
}


def _labels(texts: dict[str, str], languages: Collection[str], default: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for language in languages:
        tag = label_tag(texts, language)
        if tag is not None and tag.split("-")[0] == language.split("-")[0]:
            out[language] = texts[tag]
    # The default language is what every other language falls back to: never leave it out.
    out.setdefault(default, texts["en"])
    return out


def other_choice_label(languages: Collection[str], default: str) -> dict[str, str]:
    """The "Other" choice's label in each of ``languages`` that has words for it."""
    return _labels(_OTHER, languages, default)


def other_question_label(languages: Collection[str], default: str) -> dict[str, str]:
    """The label of the "<name>_other" question in each of ``languages`` that has words for it."""
    return _labels(_SPECIFY, languages, default)
