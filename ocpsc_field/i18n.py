"""The one place user-facing text is translated, and the languages the app ships.

Everything that shows text imports ``_``, ``ngettext`` and ``N_`` from here.
Catalogs are gettext files in ``translations/<code>/LC_MESSAGES/ocpsc_field.po``;
Babel compiles them to ``.mo`` (``make i18n-compile``). A checkout whose ``.mo``
is missing or older than its ``.po`` still works: the ``.po`` is compiled in
memory, so a fresh clone never shows English by accident. With no catalog for a
language, or no translation for one message, the English msgid is shown, never
an empty string.

Plural rules come from each catalog's ``Plural-Forms`` header (gettext applies
them in ``ngettext``), so Arabic gets six forms and Japanese one.

``qps-ploc`` is a pseudo-locale for developers: built at run time from the
``.pot`` template, it accents every letter, wraps each message in ``⟦…⟧`` and
pads it by about 40%, keeping placeholders, ``&`` mnemonics and line breaks.
Text that shows up without the markers did not come through the catalog;
clipped text shows up as a missing ``⟧``. It is offered only when
``OCPSC_PSEUDO_LOCALE=1`` is set (or asked for by name in ``OCPSC_LANG``).

Switching language at run time is the UI's job (``ocpsc_field.ui.language``):
this module only swaps the active catalog and tells listeners.
"""

from __future__ import annotations

import dataclasses
import functools
import gettext as _gettext
import io
import math
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ocpsc_field.core import bidi
from ocpsc_field.core.text import N_, Message

DOMAIN = "ocpsc_field"
PSEUDO = "qps-ploc"
PSEUDO_FLAG = "OCPSC_PSEUDO_LOCALE"
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"
PSEUDO_GROWTH = 0.4


@dataclass(frozen=True)
class Language:
    """A UI language: its catalog folder, its names and how to format for it.

    ``tag`` is the BCP 47 tag the rest of the app compares with data labels
    ("zh-Hant"); ``catalog`` is the folder under ``translations/`` ("zh_Hant");
    ``babel_locale`` is the CLDR locale used for dates and numbers.
    """

    tag: str
    catalog: str
    endonym: str
    english_name: str
    direction: str
    babel_locale: str
    qt_catalog: str | None
    # Only where Babel cannot supply it (no CLDR data): pybabel update drops the
    # header for these languages, and gettext would then apply the English rule.
    plural_forms: str | None = None

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"


# English and California's Medi-Cal threshold languages, in that order.
# Hmong and Iu Mien have no CLDR data, so they format like US English, the
# conventions Hmong and Mien Californians read on every US form.
# ``qt_catalog``: the qtbase_<name>.qm that ships with Qt, when there is one.
LANGUAGES: tuple[Language, ...] = (
    Language("en", "en", "English", "English", "ltr", "en_US", None),
    Language("es", "es", "Español", "Spanish", "ltr", "es_US", "es"),
    Language("zh-Hans", "zh_Hans", "简体中文", "Chinese (Simplified)", "ltr", "zh_Hans", "zh_CN"),
    Language("zh-Hant", "zh_Hant", "繁體中文", "Chinese (Traditional)", "ltr", "zh_Hant", "zh_TW"),
    Language("vi", "vi", "Tiếng Việt", "Vietnamese", "ltr", "vi", None),
    Language("tl", "tl", "Tagalog", "Tagalog", "ltr", "fil", None),
    Language("ko", "ko", "한국어", "Korean", "ltr", "ko", "ko"),
    Language("hy", "hy", "Հայերեն", "Armenian", "ltr", "hy", None),
    Language("fa", "fa", "فارسی", "Persian", "rtl", "fa", "fa"),
    Language("ar", "ar", "العربية", "Arabic", "rtl", "ar", "ar"),
    Language("ru", "ru", "Русский", "Russian", "ltr", "ru", "ru"),
    Language("pa", "pa", "ਪੰਜਾਬੀ", "Punjabi", "ltr", "pa_Guru", None),
    Language("km", "km", "ខ្មែរ", "Khmer", "ltr", "km", None),
    Language("hmn", "hmn", "Hmoob", "Hmong", "ltr", "en_US", None, "nplurals=1; plural=0;"),
    Language("ja", "ja", "日本語", "Japanese", "ltr", "ja", "ja"),
    Language("lo", "lo", "ລາວ", "Lao", "ltr", "lo", None),
    Language("ium", "ium", "Iu Mienh", "Mien", "ltr", "en_US", None, "nplurals=1; plural=0;"),
    Language("th", "th", "ไทย", "Thai", "ltr", "th", None),
    Language("uk", "uk", "Українська", "Ukrainian", "ltr", "uk", "uk"),
    Language("hi", "hi", "हिन्दी", "Hindi", "ltr", "hi", None),
)
PSEUDO_LANGUAGE = Language(
    PSEUDO, PSEUDO, "⟦Ƥšéûđö⟧", "Pseudo-locale (developers)", "ltr", "en_US", None
)
ENGLISH = LANGUAGES[0]
_BY_TAG = {language.tag.lower(): language for language in (*LANGUAGES, PSEUDO_LANGUAGE)}
# Other tags people's systems use for the same catalogs.
_ALIASES = {
    "zh": "zh-Hans",
    "zh-cn": "zh-Hans",
    "zh-sg": "zh-Hans",
    "zh-my": "zh-Hans",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh-mo": "zh-Hant",
    "fil": "tl",
    "mww": "hmn",  # Hmong Daw
    "hnj": "hmn",  # Hmong Njua
    "mien": "ium",
    "pa-guru": "pa",
}
RTL_LANGUAGES = frozenset(language.tag for language in LANGUAGES if language.rtl) | {
    "he",
    "ur",
    "ps",
}

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = ENGLISH.tag  # the active language's tag
_listeners: list[Callable[[str], None]] = []


# -- where catalogs are --------------------------------------------------------------
def translations_dir() -> Path:
    """Where catalogs live, in a checkout and in a PyInstaller bundle."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", ".")) / "translations"
    return Path(__file__).resolve().parent.parent / "translations"


def catalog_paths(catalog: str, folder: Path | None = None) -> tuple[Path, Path]:
    """The ``.po`` source and the compiled ``.mo`` of one language."""
    base = (folder or translations_dir()) / catalog / "LC_MESSAGES"
    return base / f"{DOMAIN}.po", base / f"{DOMAIN}.mo"


def template_path(folder: Path | None = None) -> Path:
    return (folder or translations_dir()) / f"{DOMAIN}.pot"


def _stale(po: Path, mo: Path) -> bool:
    return po.is_file() and (not mo.is_file() or mo.stat().st_mtime < po.stat().st_mtime)


def _compiled_bytes(po: Path) -> bytes:
    """The ``.mo`` bytes for a ``.po``, as ``pybabel compile`` writes them (fuzzy left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(po, "rb") as handle:
        catalog = read_po(handle, abort_invalid=True)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compile_catalogs(folder: Path | None = None, *, force: bool = False) -> list[Path]:
    """Compile every ``.po`` whose ``.mo`` is missing or older; returns what was written.

    For the test session and the bundle, which must never run on stale catalogs.
    A ``.po`` that does not parse raises, so a broken catalog stops the build.
    """
    written = []
    for po in sorted((folder or translations_dir()).glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = po.with_suffix(".mo")
        if force or _stale(po, mo):
            data = _compiled_bytes(po)
            # A name of its own: test sessions running side by side compile at once.
            handle, tmp = tempfile.mkstemp(dir=mo.parent, prefix=mo.name, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(tmp, mo)
            written.append(mo)
    return written


# -- languages -----------------------------------------------------------------------
def pseudo_enabled() -> bool:
    return os.environ.get(PSEUDO_FLAG, "") not in ("", "0")


def available_languages(*, include_pseudo: bool | None = None) -> list[Language]:
    """The languages a user can pick, English first; the pseudo-locale for developers."""
    languages = list(LANGUAGES)
    if pseudo_enabled() if include_pseudo is None else include_pseudo:
        languages.append(PSEUDO_LANGUAGE)
    return languages


def language(tag: str) -> Language:
    """The shipped language for ``tag`` (English if it is not one of them)."""
    return match_language(tag) or ENGLISH


def match_language(tag: str | None) -> Language | None:
    """The shipped language that best serves a BCP 47 or POSIX tag, or None.

    "zh-Hant-TW" and "zh-HK" read Traditional Chinese, "es-MX" Spanish,
    "fil-PH" the Tagalog catalog, "pt-BR" nothing (the caller falls back).
    """
    if not tag:
        return None
    cleaned = tag.split(".")[0].split("@")[0].replace("_", "-").strip().lower()
    parts = [part for part in cleaned.split("-") if part]
    if not parts:
        return None
    if parts[0] == "pa" and "arab" in parts[1:]:
        return None  # Shahmukhi readers are not served by the Gurmukhi catalog
    if parts[0] == "zh":
        traditional = {"hant", "tw", "hk", "mo"} & set(parts[1:])
        return _BY_TAG["zh-hant" if traditional else "zh-hans"]
    for length in range(len(parts), 0, -1):
        key = "-".join(parts[:length])
        key = _ALIASES.get(key, key).lower()
        if key in _BY_TAG:
            return _BY_TAG[key]
    return None


def language_from_environment() -> str:
    """The language asked for by ``OCPSC_LANG``, else the system's, as a tag."""
    for variable in ("OCPSC_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return value.split(".")[0].replace("_", "-")
    return "en"


def explicit_language() -> str | None:
    """``OCPSC_LANG`` when set: a developer's override of the saved choice."""
    return os.environ.get("OCPSC_LANG") or None


# -- the pseudo-locale -------------------------------------------------------------------
_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
# Kept exactly: {name} / {name:spec}, %(name)s, %s, &&, &x (a mnemonic), <tags>, entities.
_KEEP = re.compile(
    r"\{\{|\}\}|\{[^{}]*\}|%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr%]|%[sdif%]|&&|&\w+;|&\w|<[^<>]+>"
)


def pseudo_text(msgid: str) -> str:
    """``msgid`` accented, padded by about 40% and wrapped in ``⟦…⟧``."""
    if not msgid:
        return msgid
    pieces, position = [], 0
    for keep in _KEEP.finditer(msgid):
        pieces.append(msgid[position : keep.start()].translate(_ACCENTED))
        pieces.append(keep.group())
        position = keep.end()
    pieces.append(msgid[position:].translate(_ACCENTED))
    padding = "~" * max(1, math.ceil(len(msgid) * PSEUDO_GROWTH) - 2)
    return f"{PSEUDO_OPEN}{''.join(pieces)}{padding}{PSEUDO_CLOSE}"


class PseudoTranslations(_gettext.NullTranslations):
    """Every msgid of the template, pseudo-translated; anything else stays as it is,
    so text that never went through the extractor stands out."""

    def __init__(self, msgids: Iterable[str]) -> None:
        super().__init__()
        self._known = frozenset(msgids)

    def gettext(self, message: str) -> str:
        return pseudo_text(message) if message in self._known else message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        chosen = msgid1 if n == 1 else msgid2
        return pseudo_text(chosen) if msgid1 in self._known else chosen


@functools.lru_cache(maxsize=4)
def template_entries(folder: Path | None = None) -> tuple[tuple[str, str | None], ...]:
    """``(msgid, msgid_plural or None)`` for every message of the ``.pot``."""
    from babel.messages.pofile import read_po

    with open(template_path(folder), "rb") as handle:
        catalog = read_po(handle)
    entries = []
    for message in catalog:
        if isinstance(message.id, (tuple, list)):
            entries.append((message.id[0], message.id[1]))
        elif message.id:
            entries.append((message.id, None))
    return tuple(entries)


def template_msgids(folder: Path | None = None) -> Iterator[str]:
    """Every msgid in the ``.pot`` (both forms of a plural)."""
    for singular, plural in template_entries(folder):
        yield singular
        if plural is not None:
            yield plural


# -- placeholders ------------------------------------------------------------------------
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{[^{}]*\}|%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdif]")


def placeholders(text: str) -> list[str]:
    """The ``{name}`` and ``%(name)s`` fields of a message, sorted, for comparing."""
    return sorted(found for found in _PLACEHOLDER.findall(text) if found not in ("{{", "}}"))


def _drop_broken(translation: _gettext.GNUTranslations) -> None:
    """Forget translations whose placeholders differ from the msgid's.

    ``_("{count} left").format(count=3)`` would raise on a msgstr that spells
    ``{cuenta}``; showing English for that one message is better than a crash.
    """
    catalog = translation._catalog  # type: ignore[attr-defined]
    for key in list(catalog):
        # Plural forms are keyed (singular, index); every plural msgid in the
        # template has the same fields in both forms.
        msgid = key[0] if isinstance(key, tuple) else key
        if msgid and placeholders(catalog[key]) != placeholders(msgid):
            del catalog[key]


# -- switching -------------------------------------------------------------------------
def load_translations(chosen: Language) -> _gettext.NullTranslations:
    """The catalog for ``chosen``: the ``.mo``, else its ``.po`` compiled in memory,
    else English (``NullTranslations``)."""
    if chosen.tag == PSEUDO:
        try:
            return PseudoTranslations(template_msgids())
        except OSError:
            return _gettext.NullTranslations()
    po, mo = catalog_paths(chosen.catalog)
    # A bundle ships fresh .mo files; copying may not keep the .po older than them.
    in_bundle = getattr(sys, "frozen", False)
    try:
        if not in_bundle and _stale(po, mo) or not mo.is_file() and po.is_file():
            translation = _gettext.GNUTranslations(io.BytesIO(_compiled_bytes(po)))
        elif mo.is_file():
            with open(mo, "rb") as handle:
                translation = _gettext.GNUTranslations(handle)
        else:
            return _gettext.NullTranslations()
    except (OSError, ValueError, SyntaxError):
        return _gettext.NullTranslations()  # a damaged catalog must not stop the app
    _drop_broken(translation)
    if "plural-forms" not in translation.info() and chosen.plural_forms:
        expression = chosen.plural_forms.split("plural=", 1)[1].rstrip(";")
        translation.plural = _gettext.c2py(expression)  # type: ignore[attr-defined]
    return translation


def set_language(tag: str) -> str:
    """Switch the active catalog; returns the tag of the language now in use.

    Listeners (``add_listener``) are told after the switch, so anything that
    caches text can build it again.
    """
    global _translation, _language
    chosen = match_language(tag) or ENGLISH
    if chosen.tag == PSEUDO and not (pseudo_enabled() or tag.lower() == PSEUDO):
        chosen = ENGLISH
    _translation = load_translations(chosen)
    _language = chosen.tag
    for listener in list(_listeners):
        listener(chosen.tag)
    return chosen.tag


def add_listener(listener: Callable[[str], None]) -> None:
    """Call ``listener(tag)`` after every ``set_language``."""
    _listeners.append(listener)


def remove_listener(listener: Callable[[str], None]) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def current_language() -> str:
    """The active language's BCP 47 tag ("zh-Hant"), as data labels are keyed."""
    return _language


def active_language() -> Language:
    return language(_language)


def active_translations() -> _gettext.NullTranslations:
    """The catalog in use (the UI's retranslator reads it to recognise shown text)."""
    return _translation


def babel_locale_name(tag: str | None = None) -> str:
    """The CLDR locale for formatting in ``tag`` (default: the active language)."""
    return language(tag or _language).babel_locale


def is_rtl(tag: str | None = None) -> bool:
    tag = tag or _language
    matched = match_language(tag)
    if matched is not None:
        return matched.rtl
    return tag.replace("_", "-").split("-")[0].lower() in RTL_LANGUAGES


def _(msgid: str) -> str:
    return _translation.gettext(msgid)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a counted message that the active language's plural rule picks."""
    return _translation.ngettext(singular, plural, count)


def render(message: Message) -> str:
    """Show a core ``Message`` in the active language (in the plural form its count picks).

    In a right-to-left language each text parameter is isolated (``fill``).
    """
    if is_rtl():
        message = dataclasses.replace(message, params=bidi.isolated_values(message.params))
    return message.render(_, ngettext)


def fill(template: str, **values: Any) -> str:
    """A translated template filled with ``values``, for display.

    In a right-to-left language each text value is wrapped in a first-strong
    isolate, so a Latin name or a file name keeps its own order and its edge
    punctuation inside an Arabic or Persian sentence. Left-to-right languages
    get exactly ``template.format(**values)``. Not for file names or exports:
    isolates are characters (see ``core.bidi``).
    """
    return bidi.fill(template, is_rtl(), **values)


def sentences(*parts: str) -> str:
    """Complete sentences, each already translated, one after the other.

    For two facts that each need their own plural form: two sentences, not
    one sentence with two counts. The space between them is the language's
    own (none in Chinese or Japanese). Empty parts are left out.
    """
    shown = [part for part in parts if part]
    if not shown:
        return ""
    joined = shown[0]
    for part in shown[1:]:
        # Translators: two complete sentences, one after the other. Change only the
        # space between them, e.g. none in Chinese or Japanese.
        joined = _("{sentence} {next_sentence}").format(sentence=joined, next_sentence=part)
    return joined


__all__ = [
    "N_",
    "_",
    "ngettext",
    "render",
    "fill",
    "sentences",
    "set_language",
    "current_language",
    "is_rtl",
    "available_languages",
    "match_language",
    "Language",
]
