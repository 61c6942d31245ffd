"""The words partners' spreadsheets use: header names, languages, yes and no.

Kept apart from ``importer`` because it is data, and grows as files from new
partners arrive. Everything is compared folded (``fold``): case, accents and
punctuation ignored, so "Teléfono", "TELEFONO" and "teléfono #" all match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import cache

from babel import Locale, UnknownLocaleError

from ocpsc_field.core.languages import COMMON_LANGUAGES, canonical_tag, is_bcp47


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[\W_]+", " ", kept).split())


def _folded(*names: str) -> frozenset[str]:
    return frozenset(fold(name) for name in names)


# Resident field -> header names that mean it, English and Spanish first.
HEADER_ALIASES: Mapping[str, frozenset[str]] = {
    "given_name": _folded(
        "First Name",
        "First",
        "FirstName",
        "Given Name",
        "Given",
        "Given Names",
        "fname",
        "Name (First)",
        "Nombre",
        "Nombres",
        "Primer Nombre",
        "Nombre de pila",
        "Tên",
    ),
    "family_name": _folded(
        "Last Name",
        "Last",
        "LastName",
        "Surname",
        "Family Name",
        "lname",
        "Name (Last)",
        "Apellido",
        "Apellidos",
        "Primer Apellido",
        "Apellido paterno",
        "Họ",
    ),
    "preferred_name": _folded(
        "Preferred Name",
        "Nickname",
        "Goes By",
        "Known As",
        "Alias",
        "Nombre preferido",
        "Apodo",
        "Sobrenombre",
    ),
    "birth_date": _folded(
        "Date of Birth",
        "DOB",
        "Birth Date",
        "Birthdate",
        "Birthday",
        "Born",
        "Fecha de nacimiento",
        "Fecha nacimiento",
        "Nacimiento",
        "F. nacimiento",
        "Cumpleaños",
    ),
    "preferred_language": _folded(
        "Preferred Language",
        "Language",
        "Primary Language",
        "Spoken Language",
        "Lang",
        "Idioma",
        "Idioma preferido",
        "Idioma principal",
        "Lengua",
        "Lenguaje",
    ),
    "other_languages": _folded(
        "Other Languages",
        "Other Language",
        "Additional Languages",
        "Also Speaks",
        "Otros idiomas",
        "Otro idioma",
        "Idiomas adicionales",
    ),
    "phone": _folded(
        "Phone",
        "Phone Number",
        "Phone #",
        "Telephone",
        "Tel",
        "Mobile",
        "Mobile Phone",
        "Cell",
        "Cell Phone",
        "Primary Phone",
        "Teléfono",
        "Número de teléfono",
        "Tel.",
        "Celular",
        "Móvil",
        "Número celular",
    ),
    "email": _folded(
        "Email",
        "E-mail",
        "Email Address",
        "E-mail Address",
        "Correo",
        "Correo electrónico",
        "Correo electronico",
        "Email / correo",
    ),
    "address_line": _folded(
        "Address",
        "Street",
        "Street Address",
        "Address Line 1",
        "Address 1",
        "Address1",
        "Home Address",
        "Dirección",
        "Domicilio",
        "Calle",
        "Dirección de casa",
    ),
    "city": _folded("City", "Town", "City/Town", "Ciudad", "Municipio", "Pueblo"),
    "zip": _folded(
        "ZIP",
        "ZIP Code",
        "Zipcode",
        "Zip5",
        "Postal Code",
        "Postcode",
        "Código postal",
        "Codigo postal",
        "CP",
        "C.P.",
    ),
    "county": _folded("County", "County Name", "Condado"),
    "household_size": _folded(
        "Household Size",
        "Household",
        "People in Household",
        "HH Size",
        "Household Members",
        "Tamaño del hogar",
        "Personas en el hogar",
        "Miembros del hogar",
        "Número de personas",
        "Personas en casa",
    ),
    "consent_contact": _folded(
        "Consent to Contact",
        "Consent Contact",
        "OK to Contact",
        "May Contact",
        "Contact Consent",
        "Consentimiento de contacto",
        "Acepta contacto",
        "Consentimiento para contactar",
    ),
    "consent_data_sharing": _folded(
        "Consent to Share Data",
        "Consent Data Sharing",
        "Data Sharing Consent",
        "Consent to Share",
        "Data Sharing",
        "Consentimiento para compartir datos",
        "Compartir datos",
        "Acepta compartir datos",
    ),
    "consent_date": _folded(
        "Consent Date",
        "Date of Consent",
        "Date Consented",
        "Fecha de consentimiento",
        "Fecha del consentimiento",
    ),
    "notes": _folded(
        "Notes",
        "Note",
        "Comments",
        "Comment",
        "Remarks",
        "Notas",
        "Nota",
        "Comentarios",
        "Observaciones",
    ),
}
# A single column with the whole name: kept whole as the given name, nothing is lost.
FULL_NAME_ALIASES = _folded("Name", "Full Name", "Resident Name", "Client Name", "Nombre completo")

YES_NO: Mapping[str, str] = {
    **dict.fromkeys(("si", "sí", "verdadero", "x", "✓", "✔"), "yes"),
    **dict.fromkeys(("falso",), "no"),
}

# Names people write for languages that Babel's lists miss or spell otherwise.
_EXTRA_LANGUAGE_NAMES: Mapping[str, str] = {
    "mandarin": "zh",
    "mandarín": "zh",
    "chino mandarin": "zh",
    "chinese mandarin": "zh",
    "traditional chinese": "zh-Hant",
    "simplified chinese": "zh-Hans",
    "cantones": "yue",
    "filipino": "tl",
    "filipino tagalog": "tl",
    "farsi": "fa",
    "persa": "fa",
    "cambodian": "km",
    "camboyano": "km",
    "hmong": "hmn",
    "mien": "ium",
    "iu mien": "ium",
    "punjabi": "pa",
    "panjabi": "pa",
    "asl": "ase",
    "american sign language": "ase",
    "lengua de senas": "ase",
    "lenguaje de senas": "ase",
    "mixteco": "mix",
    "zapoteco": "zap",
    "triqui": "trs",
    "maya": "yua",
    "k iche": "quc",
    "quiche": "quc",
    "q anjob al": "kjb",
    "kanjobal": "kjb",
    "ingles": "en",
    "espanol": "es",
    "vietnamita": "vi",
}


@cache
def _language_names() -> dict[str, str]:
    """Folded language name -> tag, for the languages teams meet, in English, Spanish
    and each language's own name ("Spanish", "español", "Tiếng Việt", "한국어")."""
    wanted = {canonical_tag(tag) for tag in COMMON_LANGUAGES}
    names: dict[str, str] = {}
    for locale_name in ("es", "en"):  # English last: it wins a clash
        for key, name in Locale.parse(locale_name).languages.items():
            tag = canonical_tag(key)
            if tag in wanted:
                names[fold(name)] = tag
    for tag in COMMON_LANGUAGES:
        try:
            own = Locale.parse(tag, sep="-").get_display_name(tag.replace("-", "_"))
        except (UnknownLocaleError, ValueError, TypeError):
            continue
        if own:
            names.setdefault(fold(own), canonical_tag(tag))
    for name, tag in _EXTRA_LANGUAGE_NAMES.items():
        names[fold(name)] = tag
    return names


def language_tag(text: str) -> str | None:
    """A language name or tag as a tag ("Spanish", "Español", "es" -> "es"), else None."""
    if not text:
        return None
    tag = _language_names().get(fold(text))
    if tag is not None:
        return tag
    shaped = canonical_tag(text)
    if is_bcp47(shaped) and len(shaped.split("-", 1)[0]) <= 3:
        return shaped
    return None
