"""Language tags (BCP 47) for residents' languages and the app's own UI.

Residents' languages drive who is sent to knock on which door and which
materials are printed, so they are stored as standard tags rather than free
text: "Chinese" does not say whether someone reads Traditional or Simplified
characters, "zh-Hant" does. Only the syntax is checked here; checking against
the IANA registry would need a data file (I/O), and the pickers offer known
tags anyway.
"""

from __future__ import annotations

import re

# RFC 5646, section 2.1, written out as one pattern. ``re.ASCII`` keeps
# ``\d`` from matching other scripts' digits.
_ALPHANUM = r"[a-z0-9]"
_LANGUAGE = r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})"
_SCRIPT = r"[a-z]{4}"
_REGION = r"(?:[a-z]{2}|[0-9]{3})"
_VARIANT = rf"(?:{_ALPHANUM}{{5,8}}|[0-9]{_ALPHANUM}{{3}})"
_EXTENSION = rf"(?:[0-9a-wyz](?:-{_ALPHANUM}{{2,8}})+)"
_PRIVATEUSE = rf"(?:x(?:-{_ALPHANUM}{{1,8}})+)"
_LANGTAG = (
    rf"{_LANGUAGE}(?:-{_SCRIPT})?(?:-{_REGION})?(?:-{_VARIANT})*"
    rf"(?:-{_EXTENSION})*(?:-{_PRIVATEUSE})?"
)
_TAG_RE = re.compile(rf"(?:{_LANGTAG}|{_PRIVATEUSE})", re.ASCII | re.IGNORECASE)

# Grandfathered tags (RFC 5646, section 2.2.8) do not follow the grammar above
# but are still well-formed.
_GRANDFATHERED = frozenset(
    {
        # irregular
        "en-gb-oed",
        "i-ami",
        "i-bnn",
        "i-default",
        "i-enochian",
        "i-hak",
        "i-klingon",
        "i-lux",
        "i-mingo",
        "i-navajo",
        "i-pwn",
        "i-tao",
        "i-tay",
        "i-tsu",
        "sgn-be-fr",
        "sgn-be-nl",
        "sgn-ch-de",
        # regular
        "art-lojban",
        "cel-gaulish",
        "no-bok",
        "no-nyn",
        "zh-guoyu",
        "zh-hakka",
        "zh-min",
        "zh-min-nan",
        "zh-xiang",
    }
)


def is_bcp47(tag: str) -> bool:
    """True if ``tag`` is a well-formed BCP 47 language tag (any letter case).

    Well-formed is about syntax only: "xx-Zzzz" passes although no such
    language is registered, and so does "english", because RFC 5646 reserves
    five- to eight-letter language subtags for future registration; "zh_Hant"
    and "en-" do not.
    """
    if not isinstance(tag, str) or not tag.isascii():
        return False
    return tag.lower() in _GRANDFATHERED or _TAG_RE.fullmatch(tag) is not None


def canonical_tag(tag: str) -> str:
    """The tag with the casing RFC 5646 recommends, so equal tags compare equal.

    Language and everything after a singleton are lower case, a four-letter
    script is title case, a two-letter region upper case: "zh-hant-tw" becomes
    "zh-Hant-TW". Underscores (as in POSIX and Qt locale names) are taken as
    hyphens. Input that is not a tag is returned trimmed and otherwise as is,
    so calling this is always safe and always idempotent.
    """
    if not isinstance(tag, str):
        return ""
    text = tag.strip().replace("_", "-")
    if not text.isascii():
        return text
    subtags = text.split("-")
    if len(subtags[0]) == 1:
        # Private-use ("x-...") and "i-" tags are all lower case.
        return text.lower()
    out: list[str] = []
    after_singleton = False
    for index, subtag in enumerate(subtags):
        lowered = subtag.lower()
        if index == 0 or after_singleton:
            out.append(lowered)
        elif len(subtag) == 1:
            after_singleton = True
            out.append(lowered)
        elif len(subtag) == 2 and subtag.isalpha():
            out.append(subtag.upper())
        elif len(subtag) == 4 and subtag.isalpha():
            out.append(lowered.title())
        else:
            out.append(lowered)
    return "-".join(out)


# The languages the app's interface is translated into, in the order the
# language menu lists them (by number of California speakers, roughly).
APP_LANGUAGES: tuple[str, ...] = (
    "en",
    "es",
    "zh-Hans",
    "zh-Hant",
    "vi",
    "tl",
    "ko",
    "hy",
    "fa",
    "ar",
    "ru",
    "pa",
    "km",
    "hmn",
    "ja",
    "lo",
    "ium",  # Iu Mien
    "th",
    "uk",
    "hi",
)

# Languages outreach teams commonly meet, for pickers and demo data: the UI
# languages first, then others, including Indigenous languages of Mexico and
# Central America and Pacific Island languages that state language-access
# lists often miss.
COMMON_LANGUAGES: tuple[str, ...] = APP_LANGUAGES + (
    "zh",  # Chinese, when the written form is unknown
    "yue",  # Cantonese
    "nan",  # Min Nan (Taiwanese, Hokkien, Teochew)
    "hak",  # Hakka
    "mix",  # Mixtec
    "zap",  # Zapotec
    "trs",  # Chicahuaxtla Triqui
    "yua",  # Yucatec Maya
    "mam",  # Mam
    "quc",  # K'iche'
    "kjb",  # Q'anjob'al
    "pt",
    "fr",
    "ht",  # Haitian Creole
    "ti",  # Tigrinya
    "am",  # Amharic
    "so",  # Somali
    "sw",  # Swahili
    "ps",  # Pashto
    "prs",  # Dari
    "ur",
    "bn",
    "gu",
    "te",
    "ta",
    "ml",
    "ne",
    "my",  # Burmese
    "id",
    "ilo",  # Ilocano
    "ceb",  # Cebuano
    "sm",  # Samoan
    "to",  # Tongan
    "fj",  # Fijian
    "chk",  # Chuukese
    "mh",  # Marshallese
    "he",
    "tr",
    "pl",
    "ro",
    "de",
    "it",
    "el",
    "ase",  # American Sign Language
)
