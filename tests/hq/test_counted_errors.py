"""A counted validation message crosses the wire with its plural form and shows in the
device's language with the form its count picks."""

from __future__ import annotations

import gettext
import io

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from ocpsc_field import i18n
from ocpsc_field.sync.local import error_message, reason_text
from tests.hq import records
from tests.hq.harness import Server, states

SINGULAR = "Use at most {maximum} character. Characters now: {count}."
PLURAL = "Use at most {maximum} characters. Characters now: {count}."


def test_a_too_long_name_is_rejected_with_both_english_forms(sqlite_server: Server, monkeypatch):
    device = sqlite_server.device()
    bad = device.create("resident", records.resident(given_name="x" * 101))
    answer = device.exchange([bad])
    assert states(answer) == ["rejected"]
    error = answer["receipts"][0]["errors"]["given_name"]
    assert error["msgid"] == SINGULAR
    assert error["msgid_plural"] == PLURAL
    assert error["count_param"] == "maximum"
    assert error["params"] == {"maximum": 100, "count": 101}
    assert error["text"] == "Use at most 100 characters. Characters now: 101."

    message = error_message(error)
    assert (message.plural, message.count) == (PLURAL, 100)

    catalog = Catalog(locale="uk")
    catalog.add(
        (SINGULAR, PLURAL),
        (
            "Не більше {maximum} символу. Символів зараз: {count}.",
            "Не більше {maximum} символів (мало). Символів зараз: {count}.",
            "Не більше {maximum} символів. Символів зараз: {count}.",
        ),
    )
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    monkeypatch.setattr(i18n, "_translation", gettext.GNUTranslations(buffer))
    monkeypatch.setattr(i18n, "_language", "uk")
    # Ukrainian puts 100 in the "many" form (the third).
    assert reason_text("invalid", None, {"given_name": error}) == (
        "given_name: Не більше 100 символів. Символів зараз: 101."
    )


def test_an_uncounted_error_from_an_older_hq_still_shows():
    error = {"msgid": "Enter a whole number.", "params": {}, "text": "Enter a whole number."}
    assert error_message(error).plural is None
    assert reason_text("invalid", None, {"age": error}) == "age: Enter a whole number."


def test_a_counted_error_whose_count_is_missing_shows_hqs_english_text():
    error = {"msgid": SINGULAR, "msgid_plural": PLURAL, "count_param": "maximum", "params": {}}
    error["text"] = "Use at most 100 characters. Characters now: 101."
    assert reason_text("invalid", None, {"given_name": error}) == (
        "given_name: Use at most 100 characters. Characters now: 101."
    )
