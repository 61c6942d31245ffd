"""Which text of a multilingual label each UI language sees."""

from __future__ import annotations

import pytest

from ocpsc_field.core.labels import label_tag, other_language_tag, pick_label

CALFRESH = {
    "en": "CalFresh",
    "es": "CalFresh (ayuda con comida)",
    "zh-Hans": "CalFresh（食品援助）简",
    "zh-Hant": "CalFresh（食品援助）繁",
    "vi": "CalFresh (trợ cấp thực phẩm)",
}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", "CalFresh (ayuda con comida)"),  # exact tag
        ("zh-Hant", "CalFresh（食品援助）繁"),
        ("zh-hant", "CalFresh（食品援助）繁"),  # letter case does not matter
        ("zh_Hant", "CalFresh（食品援助）繁"),  # nor "_" for "-"
        ("zh-Hant-TW", "CalFresh（食品援助）繁"),  # a shorter form of the tag
        ("es-MX", "CalFresh (ayuda con comida)"),  # the base language
        ("zh", "CalFresh（食品援助）简"),  # another text in the same language
        ("ar", "CalFresh"),  # English when the language is missing
        ("", "CalFresh"),
    ],
)
def test_pick_label_falls_back_from_exact_to_base_to_english(language, expected):
    assert pick_label(CALFRESH, language) == expected


def test_without_english_the_first_text_is_shown():
    assert pick_label({"es": "Despensa", "vi": "Thực phẩm"}, "ko") == "Despensa"
    assert label_tag({"es": "Despensa", "vi": "Thực phẩm"}, "ko") == "es"


def test_empty_texts_are_skipped():
    labels = {"es": "  ", "en": "Food bank"}
    assert pick_label(labels, "es") == "Food bank"
    assert label_tag(labels, "es") == "en"


def test_an_english_variant_counts_as_english():
    assert pick_label({"fr": "Banque", "en-US": "Food bank"}, "ja") == "Food bank"


@pytest.mark.parametrize("labels", [None, {}, {"en": ""}, "CalFresh", ["en"]])
def test_no_text_gives_the_default(labels):
    assert pick_label(labels, "en") == ""
    assert pick_label(labels, "en", default="—") == "—"
    assert label_tag(labels, "en") is None


def test_tag_is_returned_as_published():
    assert label_tag(CALFRESH, "ZH-HANT") == "zh-Hant"


@pytest.mark.parametrize(
    ("labels", "language", "expected"),
    [
        ({"en": "CalFresh", "es": "CalFresh"}, "ar", "en"),  # shown in English: marked
        ({"en": "CalFresh", "es": "CalFresh"}, "es-MX", None),  # same language, other region
        ({"en": "Food", "zh-Hans": "食物"}, "zh-Hant", None),  # one language, another script
        ({"es": "Despensa", "vi": "Thực phẩm"}, "ko", "es"),  # no English: the first text
        ({"en": "Food bank"}, "en", None),
        ({}, "ar", None),  # nothing shown, nothing to mark
        (None, "ar", None),
    ],
)
def test_a_text_in_another_language_is_named_for_marking(labels, language, expected):
    assert other_language_tag(labels, language) == expected
