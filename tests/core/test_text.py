"""Messages from core: a counted message picks its plural form by its count."""

from __future__ import annotations

import pytest

from ocpsc_field.core.text import N_, Message, Nn_

PAGES = Nn_("{count} page failed the check.", "{count} pages failed the check.")

RUSSIAN = {
    "{count} page failed the check.": (
        "{count} страница не прошла проверку.",
        "{count} страницы не прошли проверку.",
        "{count} страниц не прошли проверку.",
    )
}


def russian_ngettext(singular: str, plural: str, count: int) -> str:
    """Russian's three forms, as its catalog's Plural-Forms header picks them."""
    forms = RUSSIAN.get(singular)
    if forms is None:
        return singular if count == 1 else plural
    if count % 10 == 1 and count % 100 != 11:
        return forms[0]
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return forms[1]
    return forms[2]


def test_nn_marks_both_forms_and_n_one():
    assert PAGES == ("{count} page failed the check.", "{count} pages failed the check.")
    assert N_("Saved.") == "Saved."


@pytest.mark.parametrize(
    ("count", "english"),
    [
        (0, "0 pages failed the check."),
        (1, "1 page failed the check."),
        (2, "2 pages failed the check."),
    ],
)
def test_counted_message_in_english_uses_englishs_rule(count, english):
    message = Message.counted(PAGES, {"count": count})
    assert message.render() == english
    assert str(message) == english


@pytest.mark.parametrize(
    ("count", "russian"),
    [
        (1, "1 страница не прошла проверку."),
        (3, "3 страницы не прошли проверку."),
        (5, "5 страниц не прошли проверку."),
        (21, "21 страница не прошла проверку."),
        (12, "12 страниц не прошли проверку."),
    ],
)
def test_counted_message_takes_the_form_the_language_picks(count, russian):
    message = Message.counted(PAGES, {"count": count})
    assert message.render(lambda text: text, russian_ngettext) == russian


def test_the_count_can_be_another_parameter():
    forms = Nn_("Keep it under {maximum} line; it has {count}.", "Keep it under {maximum} lines.")
    message = Message.counted(forms, {"maximum": 1, "count": 4}, count_param="maximum")
    assert message.count == 1
    assert message.render() == "Keep it under 1 line; it has 4."
    assert Message.counted(forms, {"maximum": 3, "count": 4}, "maximum").render() == (
        "Keep it under 3 lines."
    )


def test_an_uncounted_message_goes_through_gettext_only():
    message = Message("Saved {name}.", {"name": "Ana"})
    assert message.count is None
    assert message.render(lambda text: "Guardado {name}.", russian_ngettext) == "Guardado Ana."


def test_a_broken_plural_translation_falls_back_to_the_english_form():
    message = Message.counted(PAGES, {"count": 5})
    assert message.render(None, lambda one, many, n: "{cuenta} páginas") == (
        "5 pages failed the check."
    )
