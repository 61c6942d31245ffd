"""Turning XLSForm language names ("English (en)", "Español", "中文 (zh-Hant)") into tags.

XLSForm puts the language in the column header: ``label::English (en)``.
Tools write it differently: KoboToolbox and ODK add the code in brackets,
hand-made forms often give only the name ("label::Spanish") or only a code
("label::es"). The app stores BCP 47 tags, so a name without a code is looked
up in the table below; a name it does not know is refused rather than
guessed, because a wrong tag would show a respondent the wrong language.
"""

from __future__ import annotations

import re
import unicodedata

from ocpsc_field.core.languages import canonical_tag, is_bcp47

# Names as written in XLSForms (English names and the languages' own names),
# compared without case, accents or extra spaces.
_NAMES: dict[str, str] = {
    "english": "en",
    "spanish": "es",
    "espanol": "es",
    "castellano": "es",
    "chinese": "zh",
    "中文": "zh",
    "chinese simplified": "zh-Hans",
    "simplified chinese": "zh-Hans",
    "chinese (simplified)": "zh-Hans",
    "简体中文": "zh-Hans",
    "chinese traditional": "zh-Hant",
    "traditional chinese": "zh-Hant",
    "chinese (traditional)": "zh-Hant",
    "繁體中文": "zh-Hant",
    "mandarin": "cmn",
    "cantonese": "yue",
    "粵語": "yue",
    "vietnamese": "vi",
    "tieng viet": "vi",
    "tagalog": "tl",
    "filipino": "fil",
    "korean": "ko",
    "한국어": "ko",
    "russian": "ru",
    "русский": "ru",
    "ukrainian": "uk",
    "arabic": "ar",
    "العربية": "ar",
    "farsi": "fa",
    "persian": "fa",
    "فارسی": "fa",
    "dari": "prs",
    "pashto": "ps",
    "armenian": "hy",
    "հայերեն": "hy",
    "japanese": "ja",
    "日本語": "ja",
    "hmong": "hmn",
    "punjabi": "pa",
    "hindi": "hi",
    "urdu": "ur",
    "bengali": "bn",
    "gujarati": "gu",
    "tamil": "ta",
    "telugu": "te",
    "khmer": "km",
    "cambodian": "km",
    "lao": "lo",
    "thai": "th",
    "burmese": "my",
    "mien": "ium",
    "portuguese": "pt",
    "portugues": "pt",
    "french": "fr",
    "francais": "fr",
    "german": "de",
    "deutsch": "de",
    "italian": "it",
    "polish": "pl",
    "haitian creole": "ht",
    "samoan": "sm",
    "tongan": "to",
    "ilocano": "ilo",
    "somali": "so",
    "swahili": "sw",
    "amharic": "am",
    "tigrinya": "ti",
    "turkish": "tr",
    "hebrew": "he",
    "greek": "el",
    "nepali": "ne",
    "indonesian": "id",
    "malay": "ms",
    "mixtec": "mix",
    "mixteco": "mix",
    "zapotec": "zap",
    "zapoteco": "zap",
    "triqui": "trs",
    "mam": "mam",
    "k'iche'": "quc",
    "kiche": "quc",
    "q'anjob'al": "kjb",
    # Names seen in forms written for ODK and KoboToolbox elsewhere in the world.
    "kiswahili": "sw",
    "hausa": "ha",
    "yoruba": "yo",
    "igbo": "ig",
    "oromo": "om",
    "afaan oromoo": "om",
    "kinyarwanda": "rw",
    "kirundi": "rn",
    "luganda": "lg",
    "chichewa": "ny",
    "nyanja": "ny",
    "shona": "sn",
    "zulu": "zu",
    "xhosa": "xh",
    "afrikaans": "af",
    "lingala": "ln",
    "wolof": "wo",
    "malagasy": "mg",
    "bangla": "bn",
    "sinhala": "si",
    "marathi": "mr",
    "kannada": "kn",
    "malayalam": "ml",
    "odia": "or",
    "dutch": "nl",
    "nederlands": "nl",
    "romanian": "ro",
    "kurdish": "ku",
    "sorani": "ckb",
    "kurmanji": "kmr",
    "tetum": "tet",
    "tok pisin": "tpi",
    "bislama": "bi",
    "fijian": "fj",
    "marshallese": "mh",
    "chuukese": "chk",
    "quechua": "qu",
    "aymara": "ay",
    "guarani": "gn",
    "kreyol": "ht",
    "kreyol ayisyen": "ht",
    "hmong daw": "mww",
    "white hmong": "mww",
}

_WITH_CODE = re.compile(r"^(?P<name>.*?)\s*\(\s*(?P<code>[^()]+?)\s*\)\s*$")
# A code alone: a two- or three-letter language, then optional subtags ("zh-Hant", "es_MX").
_CODE_ALONE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")


def _key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.replace("’", "'").split())


_BY_KEY = {_key(name): tag for name, tag in _NAMES.items()}


def _code(text: str) -> str | None:
    tag = canonical_tag(text.replace("_", "-"))
    return tag if _CODE_ALONE.fullmatch(text) and is_bcp47(tag) else None


def language_tag(text: str) -> str | None:
    """The BCP 47 tag an XLSForm language name stands for, or None if unknown.

    "English (en)" -> "en", "中文 (zh-Hant)" -> "zh-Hant", "Español" -> "es",
    "es" -> "es"; "Klingon" -> None.
    """
    text = text.strip()
    if not text:
        return None
    match = _WITH_CODE.match(text)
    if match:
        coded = _code(match.group("code"))
        if coded is not None:
            return coded
        # "Chinese (Traditional)": the brackets hold part of the name.
        return _BY_KEY.get(_key(text))
    return _BY_KEY.get(_key(text)) or _code(text)
