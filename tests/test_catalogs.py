"""Every shipped catalog is complete, parses, compiles, and keeps the source's placeholders.

A catalog that is not finished fails here: the app ships a language only
when every message is translated. Fuzzy entries count as untranslated unless
translations/README.md lists them (``fuzzy allowed: <code>``).
"""

from __future__ import annotations

import gettext
import io
import re

import pytest

from ocpsc_field import i18n
from ocpsc_field.core.languages import APP_LANGUAGES
from ocpsc_field.i18n_status import (
    REVIEW_STATUS,
    TABLE_END,
    TABLE_START,
    catalog_status,
    plural_rule,
    status_table,
)

SHIPPED = i18n.LANGUAGES[1:]
README = i18n.translations_dir() / "README.md"


def _allowed_fuzzy() -> set[str]:
    text = README.read_text(encoding="utf-8") if README.is_file() else ""
    return set(re.findall(r"fuzzy allowed: `?([\w-]+)`?", text))


@pytest.fixture(scope="module", params=SHIPPED, ids=lambda language: language.catalog)
def status(request):
    return catalog_status(request.param)


def test_the_shipped_languages_are_the_apps_languages():
    assert {language.tag for language in i18n.LANGUAGES} == set(APP_LANGUAGES)


def test_catalog_parses_and_its_placeholders_and_plurals_match(status):
    assert status.problems == []


def test_catalog_is_completely_translated(status):
    assert status.total == len(i18n.template_entries())
    untranslated = status.total - status.translated
    assert untranslated == 0, f"{status.path}: {untranslated} of {status.total} not translated"


def test_catalog_has_no_unlabelled_fuzzy_entries(status):
    if status.language.catalog in _allowed_fuzzy():
        pytest.skip("fuzzy entries are listed in translations/README.md")
    assert status.fuzzy == 0


def test_plural_rule_gives_every_form_a_use(status):
    rule = plural_rule(status.path.read_text(encoding="utf-8"))
    assert rule is not None
    nplurals, expression = rule
    choose = gettext.c2py(expression)
    assert {choose(n) for n in range(0, 1001)} == set(range(nplurals))


def test_catalog_compiles_and_reads_back(status):
    data = i18n._compiled_bytes(status.path)
    translation = gettext.GNUTranslations(io.BytesIO(data))
    assert translation.info().get("language", "").replace("-", "_") == status.language.catalog


def test_readme_table_is_up_to_date():
    text = README.read_text(encoding="utf-8")
    assert TABLE_START in text and TABLE_END in text
    table = status_table([catalog_status(language) for language in SHIPPED])
    assert table in text, "run: make i18n-status"
    assert text.count(REVIEW_STATUS) >= len(SHIPPED)
