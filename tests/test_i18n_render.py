"""``i18n.render`` shows a counted core message in the plural form of the active catalog."""

from __future__ import annotations

import gettext
import io

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from ocpsc_field import i18n
from ocpsc_field.core import bidi
from ocpsc_field.core.text import Message, Nn_

FORMS = Nn_("{count} record from {name} is waiting.", "{count} records from {name} are waiting.")


def compiled(locale: str, translations: tuple[str, ...]) -> gettext.GNUTranslations:
    """A real catalog for ``locale`` with one plural entry, compiled as pybabel does."""
    catalog = Catalog(locale=locale)
    catalog.add(FORMS, translations)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@pytest.fixture
def russian(monkeypatch):
    translation = compiled(
        "ru",
        (
            "{count} запись от {name} ждёт.",
            "{count} записи от {name} ждут.",
            "{count} записей от {name} ждут.",
        ),
    )
    monkeypatch.setattr(i18n, "_translation", translation)
    monkeypatch.setattr(i18n, "_language", "ru")


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (1, "1 запись от Ana ждёт."),
        (2, "2 записи от Ana ждут."),
        (7, "7 записей от Ana ждут."),
        (101, "101 запись от Ana ждёт."),
    ],
)
def test_render_picks_the_russian_form_for_the_count(russian, count, text):
    assert i18n.render(Message.counted(FORMS, {"count": count, "name": "Ana"})) == text


def test_render_in_english_without_a_catalog(monkeypatch):
    monkeypatch.setattr(i18n, "_translation", gettext.NullTranslations())
    monkeypatch.setattr(i18n, "_language", "en")
    one = Message.counted(FORMS, {"count": 1, "name": "Ana"})
    assert i18n.render(one) == "1 record from Ana is waiting."
    many = Message.counted(FORMS, {"count": 4, "name": "Ana"})
    assert i18n.render(many) == "4 records from Ana are waiting."


def test_render_right_to_left_isolates_text_and_keeps_the_plural(monkeypatch):
    translation = compiled(
        "ar",
        tuple(f"صيغة {index}: {{count}} من {{name}}" for index in range(6)),
    )
    monkeypatch.setattr(i18n, "_translation", translation)
    monkeypatch.setattr(i18n, "_language", "ar")
    text = i18n.render(Message.counted(FORMS, {"count": 3, "name": "Ana"}))
    # Arabic's rule gives 3 the fourth form (few); the name is isolated, the number is not.
    assert text == f"صيغة 3: 3 من {bidi.isolate('Ana')}"


def test_sentences_are_joined_as_the_language_spaces_them(monkeypatch):
    catalog = Catalog(locale="zh_Hans")
    catalog.add("{sentence} {next_sentence}", "{sentence}{next_sentence}")
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    monkeypatch.setattr(i18n, "_translation", gettext.GNUTranslations(buffer))
    monkeypatch.setattr(i18n, "_language", "zh-Hans")
    assert i18n.sentences("已发送。", "", "已接收。", "无等待。") == "已发送。已接收。无等待。"


def test_sentences_in_english_have_one_space_and_skip_empty_parts(monkeypatch):
    monkeypatch.setattr(i18n, "_translation", gettext.NullTranslations())
    assert i18n.sentences("Sent.", "", "Received.") == "Sent. Received."
    assert i18n.sentences("Only one.") == "Only one."
    assert i18n.sentences() == ""
