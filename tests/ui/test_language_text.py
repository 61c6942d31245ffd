"""The language machinery without widgets: matching tags, the pseudo-locale, plural
rules from a catalog's header, broken translations, and recognising shown text."""

from __future__ import annotations

import gettext
import io
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from ocpsc_field import i18n
from ocpsc_field.i18n_status import catalog_status, restore_plural_headers
from ocpsc_field.ui.language_text import ShownText


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("zh-Hant-TW", "zh-Hant"),
        ("zh-TW", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("zh-CN", "zh-Hans"),
        ("zh", "zh-Hans"),
        ("es-MX", "es"),
        ("es_US.UTF-8", "es"),
        ("fil-PH", "tl"),
        ("pa-Guru-IN", "pa"),
        ("mww", "hmn"),
        ("AR", "ar"),
        ("en-US", "en"),
        ("pt-BR", None),
        ("pa-Arab-PK", None),
        ("", None),
    ],
)
def test_bcp47_tags_find_the_catalog_that_serves_them(tag, expected):
    found = i18n.match_language(tag)
    assert (found.tag if found else None) == expected


def test_every_language_names_itself_and_has_a_formatting_locale():
    from babel import Locale

    for language in i18n.LANGUAGES:
        assert language.endonym and language.english_name
        assert Locale.parse(language.babel_locale)
    assert {language.tag for language in i18n.LANGUAGES if language.rtl} == {"ar", "fa"}
    assert i18n.language("hmn").babel_locale == "en_US"
    assert i18n.language("tl").babel_locale == "fil"


def test_the_pseudo_locale_is_for_developers_only(monkeypatch):
    monkeypatch.delenv(i18n.PSEUDO_FLAG, raising=False)
    assert i18n.PSEUDO not in [language.tag for language in i18n.available_languages()]
    monkeypatch.setenv(i18n.PSEUDO_FLAG, "1")
    assert i18n.available_languages()[-1].tag == i18n.PSEUDO


def test_pseudo_text_accents_pads_and_keeps_what_code_needs():
    source = "Log a &conversation for {name} (%(count)s left)…\nThen <b>save</b> &amp; go"
    pseudo = i18n.pseudo_text(source)
    assert pseudo.startswith("⟦") and pseudo.endswith("⟧")
    for kept in ("&c", "{name}", "%(count)s", "\n", "<b>", "</b>", "&amp;", "…"):
        assert kept in pseudo
    assert "Log" not in pseudo and "Ĺöĝ" in pseudo
    assert 1.3 * len(source) <= len(pseudo) <= 1.5 * len(source) + 2
    assert i18n.pseudo_text(source).format is not None
    assert i18n.pseudo_text("{count} left").format(count=3).startswith("⟦3 ")


def _catalog(tmp_path: Path, locale: str | None, plural_forms: str | None, messages) -> Path:
    catalog = Catalog(locale=locale, domain=i18n.DOMAIN)
    if plural_forms is not None:
        catalog._num_plurals, catalog._plural_expr = plural_forms  # as the header states it
    for msgid, msgstr in messages:
        catalog.add(msgid, msgstr)
    folder = tmp_path / (locale or "hmn") / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / f"{i18n.DOMAIN}.po"
    with open(po, "wb") as handle:
        write_po(handle, catalog)
    return po


def test_plural_forms_follow_the_catalogs_header(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    forms = ("{count} запись", "{count} записи", "{count} записей")
    _catalog(tmp_path, "ru", None, [(("{count} record", "{count} records"), forms)])
    translation = i18n.load_translations(i18n.language("ru"))
    said = {n: translation.ngettext("{count} record", "{count} records", n) for n in (1, 3, 5, 21)}
    assert said == {1: forms[0], 3: forms[1], 5: forms[2], 21: forms[0]}


def test_hmong_without_a_plural_header_uses_its_single_form(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    po = tmp_path / "hmn" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: hmn\\n"\n"Language-Team: hmn\\n"\n'
        '"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "{count} record"\nmsgid_plural "{count} records"\nmsgstr[0] "{count} daim ntawv"\n',
        encoding="utf-8",
    )
    translation = i18n.load_translations(i18n.language("hmn"))
    assert translation.ngettext("{count} record", "{count} records", 5) == "{count} daim ntawv"
    assert restore_plural_headers(tmp_path) == [po]
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in po.read_text(encoding="utf-8")
    assert catalog_status(i18n.language("hmn"), tmp_path).nplurals == 1


def test_a_translation_with_wrong_placeholders_shows_english_instead(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    _catalog(
        tmp_path,
        "es",
        None,
        [("Signed in as {user}", "Sesión de {usuario}"), ("Residents", "Residentes")],
    )
    translation = i18n.load_translations(i18n.language("es"))
    assert translation.gettext("Signed in as {user}") == "Signed in as {user}"
    assert translation.gettext("Residents") == "Residentes"
    problems = catalog_status(i18n.language("es"), tmp_path).problems
    assert any("{usuario}" in problem for problem in problems)


def test_a_missing_mo_is_compiled_from_the_po_in_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    po = _catalog(tmp_path, "vi", None, [("Residents", "Cư dân")])
    assert not po.with_suffix(".mo").exists()
    assert i18n.load_translations(i18n.language("vi")).gettext("Residents") == "Cư dân"
    assert i18n.compile_catalogs(tmp_path) == [po.with_suffix(".mo")]
    assert i18n.compile_catalogs(tmp_path) == []  # fresh now


# -- recognising shown text ---------------------------------------------------------------
ENTRIES = [
    ("Residents", None),
    ("Log a &conversation…", None),
    ("Signed in as {user}", None),
    ("{label}: {value}", None),
    ("{action} ({shortcut})", None),
    ("Hours:", None),
    ("Reached", None),
    ("{a} for {b}", None),
    ("{count} record waiting", "{count} records waiting"),
]
SPANISH = {
    "Residents": "Residentes",
    "Log a &conversation…": "Registrar una &conversación…",
    "Signed in as {user}": "Sesión iniciada como {user}",
    "{label}: {value}": "{label}: {value}",
    "{action} ({shortcut})": "{action} ({shortcut})",
    "Hours:": "Horario:",
    "Reached": "Contactado",
    "{a} for {b}": "{a} para {b}",
    ("{count} record waiting", 0): "{count} registro pendiente",
    ("{count} record waiting", 1): "{count} registros pendientes",
}


def _spanish() -> gettext.GNUTranslations:
    catalog = Catalog(locale="es", domain=i18n.DOMAIN)
    for msgid, plural in ENTRIES:
        if plural is None:
            catalog.add(msgid, SPANISH[msgid])
        else:
            catalog.add((msgid, plural), (SPANISH[(msgid, 0)], SPANISH[(msgid, 1)]))
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@pytest.fixture(scope="module")
def english_shown() -> ShownText:
    return ShownText(gettext.NullTranslations(), ENTRIES)


@pytest.mark.parametrize(
    ("shown", "said"),
    [
        ("Residents", "Residentes"),
        ("Log a &conversation…", "Registrar una &conversación…"),
        ("Log a conversation…", "Registrar una conversación…"),  # an accessible name
        ("Log a &conversation", "Registrar una &conversación"),  # an action's button
        ("Hours", "Horario"),  # a field's name from its label
        ("Signed in as María José", "Sesión iniciada como María José"),
        ("Reached: 3", "Contactado: 3"),
        ("1 record waiting", "1 registro pendiente"),
        ("12,345 records waiting", "12,345 registros pendientes"),
        ("Log a &conversation (Ctrl+N)", "Registrar una &conversación (Ctrl+N)"),
        ("Residents\nReached: 2", "Residentes\nContactado: 2"),  # lines joined by code
    ],
)
def test_shown_text_is_said_in_the_new_language(english_shown, shown, said):
    assert english_shown.in_language(shown, _spanish()) == said


@pytest.mark.parametrize(
    "data",
    [
        "Nguyễn Thị Hương",
        "Help applying for benefits and food",  # "{a} for {b}" must not rewrite prose
        "Notes: call after 5 pm",  # "{label}: {value}" with data on both sides
        "Cash Assistance Program for Immigrants (CAPI)",
        "",
    ],
)
def test_data_is_never_rewritten(english_shown, data):
    assert english_shown.in_language(data, _spanish()) is None


def test_spanish_is_recognised_on_the_way_back():
    spanish_shown = ShownText(_spanish(), ENTRIES)
    english = gettext.NullTranslations()
    assert spanish_shown.in_language("3 registros pendientes", english) == "3 records waiting"
    assert spanish_shown.in_language("Sesión iniciada como ana", english) == "Signed in as ana"
