"""The validation engine: every record is checked here, whatever its source.

Forms, spreadsheet imports, demo data and records arriving from sync all pass
through ``validate``, so a rule is enforced once and the same everywhere. The
engine reads the declarative ``records.SCHEMAS``; only the few rules that
relate two fields are written by hand, at the bottom of this module.

Bad input is normal here (people mistype, spreadsheets are messy), so nothing
raises: every problem becomes a translatable ``Message`` on the field it is
about, one per field, the first one found. Messages never repeat the value
that was typed, because values are often personal information and messages
end up in logs and import reports.
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

from ocpsc_field.core.clock import iso_utc, parse_iso_utc
from ocpsc_field.core.geo import CA_ZIP_MAX, CA_ZIP_MIN, is_california_zip, normalize_county
from ocpsc_field.core.languages import canonical_tag, is_bcp47
from ocpsc_field.core.records import (
    ENROLLMENT_TRANSITIONS,
    ENVELOPE_FIELDS,
    SCHEMAS,
    FieldSpec,
    FieldType,
    Kind,
)
from ocpsc_field.core.text import N_, Message, Nn_

# Errors about the record as a whole (not a mapping, unknown kind) go here.
RECORD_KEY = "_record"


@dataclass(frozen=True)
class Validation:
    """The outcome of validating one record.

    ``values`` holds the normalized value of each field that was checked:
    None where the field is empty or its value could not be read. A value that
    reads fine but breaks a rule relating fields (a consent date in the
    future) is kept, so a form can show it next to the error. ``errors`` maps
    a field name to the first problem found with it.
    """

    values: dict[str, Any]
    errors: dict[str, Message]

    @property
    def ok(self) -> bool:
        return not self.errors


class _Invalid(Exception):
    """Internal control flow: a field check found a problem. Never escapes."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.msgid)
        self.message = message


# --- messages ---------------------------------------------------------------

REQUIRED = Message(N_("This field is required."))
_NOT_A_RECORD = Message(N_("This record could not be read: its fields are missing."))
_UNKNOWN_KIND = Message(N_("This kind of record is not known to the app."))
_NOT_TEXT = Message(N_("Enter text here."))
_NAME_CONTROL = Message(
    N_("Names can't contain line breaks, tabs or other invisible control characters.")
)
_TEXT_CONTROL = Message(
    N_("This text contains invisible control characters that can't be saved. Please retype it.")
)
# The length now is a label and its value, so only {maximum} needs a plural form.
_TOO_LONG = Nn_(
    "Use at most {maximum} character. Characters now: {count}.",
    "Use at most {maximum} characters. Characters now: {count}.",
)
_PHONE_FORMAT = Message(
    N_(
        "Enter a phone number with its area code, like (916) 555-0123, "
        "or an international number starting with + and the country code."
    )
)
_PHONE_NANP = Message(
    N_(
        "This is not a valid US phone number: the area code and the next three digits "
        "can't start with 0 or 1, or be like 911."
    )
)
_EMAIL = Message(N_("Enter an email address like name@example.org."))
_ZIP_FORMAT = Message(N_("Enter a 5-digit ZIP code, like 95814, or a ZIP+4, like 95814-1234."))
_ZIP_NOT_CA = Message(
    N_("This is not a California ZIP code. California ZIP codes run from {first} to {last}."),
    {"first": f"{CA_ZIP_MIN:05d}", "last": f"{CA_ZIP_MAX:05d}"},
)
_COUNTY = Message(
    N_("Choose one of California's 58 counties, like Los Angeles or Sacramento."),
)
_DATE_FORMAT = Message(N_("Enter a date as year-month-day, like 2024-03-15."))
_DATE_NOT_REAL = Message(N_("This date does not exist on the calendar."))
_DATE_WITH_TIME = Message(N_("Enter a date without a time of day."))
_BIRTH_FUTURE = Message(N_("A birth date can't be in the future."))
_BIRTH_TOO_OLD = Message.counted(
    Nn_(
        "A birth date can't be more than {years} year ago.",
        "A birth date can't be more than {years} years ago.",
    ),
    {"years": 125},
    count_param="years",
)
_DATETIME_FORMAT = Message(
    N_("Enter a date and time with a time zone, like 2024-03-15T14:30:00-07:00.")
)
_DATETIME_NO_ZONE = Message(N_("This date and time needs a time zone."))
_LANGUAGE = Message(N_("Choose a language, or enter a language tag like en, es or zh-Hant."))
_LANGUAGE_ITEM = N_("Item {position} is not a language tag like en, es or zh-Hant.")
_NOT_A_LIST = Message(N_("This field needs a list of values."))
_WHOLE_NUMBER = Message(N_("Enter a whole number."))
_NUMBER_BETWEEN = N_("Enter a number from {minimum} to {maximum}.")
_NUMBER_AT_LEAST = N_("Enter a number of at least {minimum}.")
_NUMBER_AT_MOST = N_("Enter a number of at most {maximum}.")
_BOOLEAN = Message(N_("Choose yes or no."))
_CHOICE = N_("Choose one of the options: {options}.")
_CHOICE_ITEM = N_("Item {position} is not one of the options: {options}.")
_REFERENCE = Message(N_("This is not a valid record id."))
_REFERENCE_ITEM = N_("Item {position} is not a valid record id.")
_TEXT_ITEM_TYPE = N_("Item {position} must be text.")
_TEXT_ITEM_EMPTY = N_("Item {position} is empty.")
_TEXT_ITEM_CONTROL = N_("Item {position} can't contain line breaks or control characters.")
_LABELS = Message(N_("This field needs a text for each language."))
_LABEL_KEY = Message(N_("Each text must be for a language tag like en, es or zh-Hant."))
_LABEL_EMPTY = N_("The text for {language} is empty.")
_LABEL_TWICE = N_("The language {language} is listed twice.")
_LABEL_CONTROL = N_("The text for {language} contains invisible control characters.")
_JSON = Message(N_("This value can't be saved: it is not plain structured data."))
_URL = Message(N_("Enter a web address starting with http:// or https://, like https://ca.gov."))
_UNKNOWN_FIELD = N_("This field is not part of a {kind} record.")

_CONSENT_DATE_REQUIRED = Message(N_("Enter the date the resident gave consent."))
_CONSENT_DATE_FUTURE = Message(N_("The consent date can't be in the future."))
_CHOOSE_RESIDENT = Message(
    N_("Choose a resident or mark the conversation as an anonymous household.")
)
_RESIDENT_AND_ANONYMOUS = Message(
    N_("Choose a resident or mark the conversation as an anonymous household, not both.")
)
_FOLLOW_UP_REQUIRED = Message(N_("Choose a date to follow up."))
_FOLLOW_UP_BEFORE = Message(N_("The follow-up date can't be before the conversation."))
_SUBMITTED_REQUIRED = Message(N_("Enter the date the application was submitted."))
_SUBMITTED_BEFORE_START = Message(N_("The submission date can't be before the start date."))
_DECIDED_REQUIRED = Message(N_("Enter the date of the decision."))
_DECIDED_NOT_ALLOWED = Message(
    N_("A decision date is only kept when the application was approved or denied.")
)
_DECIDED_BEFORE_START = Message(N_("The decision date can't be before the start date."))
_DECIDED_BEFORE_SUBMITTED = Message(N_("The decision date can't be before the submission date."))
_UNKNOWN_STATUS = N_("“{status}” is not an enrollment status.")
_BAD_TRANSITION = N_("An enrollment that is {old_status} can't change to {new_status}.")


def _item(template: str, position: int, **params: Any) -> Message:
    """A message about one entry of a list field; positions count from 1 as people do."""
    return Message(template, {"position": position, **params})


# --- text -------------------------------------------------------------------

# C0 and C1 control characters, plus lone surrogates, which cannot be encoded
# as UTF-8 and so cannot be stored. Everything else, in any script, is kept.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _text(spec: FieldSpec, raw: Any, today: date) -> str | None:
    """Free text, kept as typed: a note can hold line breaks and tabs."""
    if not isinstance(raw, str):
        raise _Invalid(_NOT_TEXT)
    text = raw.strip()
    if _CONTROL_MULTILINE.search(text):
        raise _Invalid(_TEXT_CONTROL)
    return text or None


def _name(spec: FieldSpec, raw: Any, today: date) -> str | None:
    """A name exactly as the person writes it.

    No Unicode normalization and no case changes: the resident's own spelling,
    in their own script, is what goes on letters and applications.
    """
    if not isinstance(raw, str):
        raise _Invalid(_NOT_TEXT)
    text = raw.strip()
    if _CONTROL.search(text):
        raise _Invalid(_NAME_CONTROL)
    return text or None


# --- phone ------------------------------------------------------------------

_PHONE_SEPARATORS = frozenset(" ().-/\u00a0\u2010\u2011\u2012\u2013\u2014\u2212")


def _ascii_digits(text: str) -> str:
    """Map digits of any script to ASCII: phones typed on an Arabic or Persian
    keyboard come in as ٩١٦ or ۹۱۶ and are still the same number."""
    out: list[str] = []
    for ch in text:
        digit = unicodedata.decimal(ch, None) if not ch.isascii() else None
        out.append(str(digit) if digit is not None else ch)
    return "".join(out)


def _nanp_ok(ten: str) -> bool:
    """Area code and exchange are NXX, with N 2–9, and not an N11 service code."""
    area, exchange = ten[:3], ten[3:6]
    return all(part[0] not in "01" and part[1:] != "11" for part in (area, exchange))


def _phone(text: str) -> str | Message:
    """The E.164 form of ``text``, or the reason it is not a phone number."""
    body = _ascii_digits(text.strip())
    plus = body.startswith("+")
    if plus:
        body = body[1:]
    if any(not (ch.isascii() and ch.isdigit()) and ch not in _PHONE_SEPARATORS for ch in body):
        return _PHONE_FORMAT
    digits = "".join(ch for ch in body if ch.isdigit())
    if not plus and digits.startswith("011"):
        # The US international dialing prefix means the same as a leading +.
        plus, digits = True, digits[3:]
    if plus and not digits.startswith("1"):
        if 8 <= len(digits) <= 15 and digits[0] != "0":
            return "+" + digits
        return _PHONE_FORMAT
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    elif plus or len(digits) != 10:
        return _PHONE_FORMAT
    if not _nanp_ok(digits):
        return _PHONE_NANP
    return "+1" + digits


def normalize_phone(text: str) -> str | None:
    """The E.164 form of a US or international phone number, or None if it is not one.

    Duplicate detection and click-to-call need one spelling per number, so
    "(916) 555-0123" and "+1 916 555 0123" both become "+19165550123".
    """
    if not isinstance(text, str):
        return None
    result = _phone(text)
    return result if isinstance(result, str) else None


def _phone_field(spec: FieldSpec, raw: Any, today: date) -> str:
    if isinstance(raw, int) and not isinstance(raw, bool):
        # Spreadsheets turn phone columns into numbers.
        raw = str(raw)
    if not isinstance(raw, str):
        raise _Invalid(_PHONE_FORMAT)
    result = _phone(raw)
    if isinstance(result, Message):
        raise _Invalid(result)
    return result


# --- email ------------------------------------------------------------------

_LOCAL_FORBIDDEN = frozenset('"(),:;<>[\\]@')
_TLD_ASCII = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}", re.ASCII | re.IGNORECASE)


def _label_ok(label: str) -> bool:
    if not 1 <= len(label) <= 63 or label[0] == "-" or label[-1] == "-":
        return False
    return all(
        ch == "-" or (ch.isascii() and ch.isalnum()) or (ord(ch) > 127 and ch.isalnum())
        for ch in label
    )


def is_valid_email(text: str) -> bool:
    """A practical check that ``text`` can receive mail; not the full RFC 5322.

    Quoted local parts and IP-literal domains are legal but never appear in
    real outreach data, while typos like "name@gmail" or "name@@x.org" do.
    Non-ASCII addresses (internationalized mail) are allowed.
    """
    if not isinstance(text, str) or len(text) > 254 or text.count("@") != 1:
        return False
    local, domain = text.split("@")
    if not local or len(local.encode("utf-8", "surrogatepass")) > 64:
        return False
    if local[0] == "." or local[-1] == "." or ".." in local:
        return False
    if any(ch in _LOCAL_FORBIDDEN or ch.isspace() or _CONTROL.match(ch) for ch in local):
        return False
    labels = domain.split(".")
    if len(labels) < 2 or len(domain) > 253 or not all(_label_ok(label) for label in labels):
        return False
    tld = labels[-1]
    if tld.isascii():
        return _TLD_ASCII.fullmatch(tld) is not None
    return len(tld) >= 2 and tld.isalpha()


def _email(spec: FieldSpec, raw: Any, today: date) -> str:
    if not isinstance(raw, str):
        raise _Invalid(_EMAIL)
    text = raw.strip()
    if not is_valid_email(text):
        raise _Invalid(_EMAIL)
    local, domain = text.split("@")
    # Domains are case-insensitive; the local part, strictly speaking, is not.
    return f"{local}@{domain.lower()}"


# --- places -----------------------------------------------------------------

_ZIP_RE = re.compile(r"(\d{5})(?:\s*-?\s*(\d{4}))?", re.ASCII)


def _zip(spec: FieldSpec, raw: Any, today: date) -> str:
    if isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw <= 99999:
        raw = f"{raw:05d}"
    if not isinstance(raw, str):
        raise _Invalid(_ZIP_FORMAT)
    match = _ZIP_RE.fullmatch(raw.strip())
    if match is None:
        raise _Invalid(_ZIP_FORMAT)
    zip5, plus4 = match.group(1), match.group(2)
    if not is_california_zip(zip5):
        raise _Invalid(_ZIP_NOT_CA)
    return f"{zip5}-{plus4}" if plus4 else zip5


def _county(spec: FieldSpec, raw: Any, today: date) -> str:
    county = normalize_county(raw) if isinstance(raw, str) else None
    if county is None:
        raise _Invalid(_COUNTY)
    return county


# --- dates and times --------------------------------------------------------

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}.*", re.ASCII | re.DOTALL)


def _parse_date(raw: Any) -> date:
    if isinstance(raw, datetime):
        # Spreadsheet readers hand over dates as midnight datetimes.
        if raw.tzinfo is None and raw.time() == time(0):
            return raw.date()
        raise _Invalid(_DATE_WITH_TIME)
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        # fromisoformat alone would also take "20240315" and week dates.
        if _ISO_DATE.fullmatch(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                raise _Invalid(_DATE_NOT_REAL) from None
    raise _Invalid(_DATE_FORMAT)


def _date(spec: FieldSpec, raw: Any, today: date) -> str:
    return _parse_date(raw).isoformat()


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def _birth_date(spec: FieldSpec, raw: Any, today: date) -> str:
    born = _parse_date(raw)
    if born > today:
        raise _Invalid(_BIRTH_FUTURE)
    if today.year > 125 and born < _years_before(today, 125):
        raise _Invalid(_BIRTH_TOO_OLD)
    return born.isoformat()


def _parse_datetime(raw: Any) -> datetime:
    if isinstance(raw, datetime):
        moment = raw
    else:
        text = raw.strip() if isinstance(raw, str) else ""
        if not _ISO_DATETIME.fullmatch(text):
            raise _Invalid(_DATETIME_FORMAT)
        if text[-1] in "zZ":
            text = text[:-1] + "+00:00"
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise _Invalid(_DATETIME_FORMAT) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise _Invalid(_DATETIME_NO_ZONE)
    return moment


def _datetime(spec: FieldSpec, raw: Any, today: date) -> str:
    moment = _parse_datetime(raw)
    try:
        return iso_utc(moment)
    except (OverflowError, ValueError):  # year 1 or 9999 pushed out of range by the offset
        raise _Invalid(_DATETIME_FORMAT) from None


# --- languages --------------------------------------------------------------


def _tag(raw: Any) -> str | None:
    """The canonical tag, or None.

    Besides being well-formed, the primary language subtag must be two or
    three letters (or a one-letter "x-"/"i-" prefix): longer ones are only
    reserved, none is registered, and in imports they are almost always a
    language name typed where a tag belongs ("Spanish", "english").
    """
    if not isinstance(raw, str):
        return None
    tag = canonical_tag(raw)
    if not is_bcp47(tag) or len(tag.split("-", 1)[0]) > 3:
        return None
    return tag


def _language(spec: FieldSpec, raw: Any, today: date) -> str:
    tag = _tag(raw)
    if tag is None:
        raise _Invalid(_LANGUAGE)
    return tag


def _as_list(raw: Any) -> list[Any]:
    if not isinstance(raw, list | tuple):
        raise _Invalid(_NOT_A_LIST)
    return list(raw)


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _languages(spec: FieldSpec, raw: Any, today: date) -> list[str]:
    tags: list[str] = []
    for position, item in enumerate(_as_list(raw), start=1):
        tag = _tag(item)
        if tag is None:
            raise _Invalid(_item(_LANGUAGE_ITEM, position))
        tags.append(tag)
    return _dedupe(tags)


# --- numbers, flags, choices ------------------------------------------------

# Eighteen digits is far beyond any count we keep and well inside int limits.
_INTEGER = re.compile(r"[+-]?\d{1,18}", re.ASCII)


def _integer(spec: FieldSpec, raw: Any, today: date) -> int:
    if isinstance(raw, bool):
        raise _Invalid(_WHOLE_NUMBER)
    if isinstance(raw, int):
        number = raw
    elif isinstance(raw, float) and raw.is_integer():
        number = int(raw)
    elif isinstance(raw, str) and _INTEGER.fullmatch(raw.strip()):
        number = int(raw.strip())
    else:
        raise _Invalid(_WHOLE_NUMBER)
    low, high = spec.minimum, spec.maximum
    too_low = low is not None and number < low
    too_high = high is not None and number > high
    if too_low or too_high:
        if low is not None and high is not None:
            raise _Invalid(Message(_NUMBER_BETWEEN, {"minimum": low, "maximum": high}))
        if low is not None:
            raise _Invalid(Message(_NUMBER_AT_LEAST, {"minimum": low}))
        raise _Invalid(Message(_NUMBER_AT_MOST, {"maximum": high}))
    return number


_TRUE = frozenset({"true", "yes", "y", "1"})
_FALSE = frozenset({"false", "no", "n", "0"})


def _boolean(spec: FieldSpec, raw: Any, today: date) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return raw == 1
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise _Invalid(_BOOLEAN)


def _options(spec: FieldSpec) -> str:
    return ", ".join(spec.choices)


def _choice(spec: FieldSpec, raw: Any, today: date) -> str:
    if isinstance(raw, str) and raw.strip() in spec.choices:
        return raw.strip()
    raise _Invalid(Message(_CHOICE, {"options": _options(spec)}))


def _choices(spec: FieldSpec, raw: Any, today: date) -> list[str]:
    picked: list[str] = []
    for position, item in enumerate(_as_list(raw), start=1):
        if not (isinstance(item, str) and item.strip() in spec.choices):
            raise _Invalid(_item(_CHOICE_ITEM, position, options=_options(spec)))
        picked.append(item.strip())
    return _dedupe(picked)


# --- references -------------------------------------------------------------

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.ASCII)


def _uuid(raw: Any) -> str | None:
    if isinstance(raw, uuid.UUID):
        return str(raw)
    if isinstance(raw, str):
        text = raw.strip().lower()
        if _UUID.fullmatch(text):
            return text
    return None


def _reference(spec: FieldSpec, raw: Any, today: date) -> str:
    ref = _uuid(raw)
    if ref is None:
        raise _Invalid(_REFERENCE)
    return ref


def _references(spec: FieldSpec, raw: Any, today: date) -> list[str]:
    refs: list[str] = []
    for position, item in enumerate(_as_list(raw), start=1):
        ref = _uuid(item)
        if ref is None:
            raise _Invalid(_item(_REFERENCE_ITEM, position))
        refs.append(ref)
    return _dedupe(refs)


# --- structured values ------------------------------------------------------


def _text_list(spec: FieldSpec, raw: Any, today: date) -> list[str]:
    texts: list[str] = []
    for position, item in enumerate(_as_list(raw), start=1):
        if not isinstance(item, str):
            raise _Invalid(_item(_TEXT_ITEM_TYPE, position))
        text = item.strip()
        if not text:
            raise _Invalid(_item(_TEXT_ITEM_EMPTY, position))
        if _CONTROL.search(text):
            raise _Invalid(_item(_TEXT_ITEM_CONTROL, position))
        texts.append(text)
    return texts


def _labels(spec: FieldSpec, raw: Any, today: date) -> dict[str, str]:
    """Reference data names in several languages, keyed by canonical tag."""
    if not isinstance(raw, Mapping):
        raise _Invalid(_LABELS)
    labels: dict[str, str] = {}
    for key, value in raw.items():
        tag = _tag(key)
        if tag is None:
            raise _Invalid(_LABEL_KEY)
        if tag in labels:
            raise _Invalid(Message(_LABEL_TWICE, {"language": tag}))
        text = value.strip() if isinstance(value, str) else ""
        if not text:
            raise _Invalid(Message(_LABEL_EMPTY, {"language": tag}))
        if _CONTROL_MULTILINE.search(text):
            raise _Invalid(Message(_LABEL_CONTROL, {"language": tag}))
        labels[tag] = text
    return labels


def _json(spec: FieldSpec, raw: Any, today: date) -> Any:
    """Any value JSON can carry, returned as JSON would give it back.

    Round-tripping makes what we return exactly what the store will read
    later: tuples become lists and number keys become strings now, not after
    a save.
    """
    try:
        return json.loads(json.dumps(raw, allow_nan=False))
    except (TypeError, ValueError, RecursionError, OverflowError):
        raise _Invalid(_JSON) from None


def _url(spec: FieldSpec, raw: Any, today: date) -> str:
    if not isinstance(raw, str):
        raise _Invalid(_URL)
    text = raw.strip()
    if any(ch.isspace() for ch in text) or _CONTROL.search(text):
        raise _Invalid(_URL)
    try:
        parts = urlsplit(text)
        host = parts.hostname
        _ = parts.port  # raises ValueError for a malformed port
    except ValueError:
        raise _Invalid(_URL) from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise _Invalid(_URL)
    if "." not in host and ":" not in host:
        # Residents can't reach "http://intranet/"; a public site has a dot.
        raise _Invalid(_URL)
    return text


_Checker = Callable[[FieldSpec, Any, date], Any]

_CHECKERS: Mapping[FieldType, _Checker] = {
    FieldType.TEXT: _text,
    FieldType.NAME: _name,
    FieldType.PHONE: _phone_field,
    FieldType.EMAIL: _email,
    FieldType.ZIP: _zip,
    FieldType.COUNTY: _county,
    FieldType.DATE: _date,
    FieldType.BIRTH_DATE: _birth_date,
    FieldType.DATETIME: _datetime,
    FieldType.LANGUAGE: _language,
    FieldType.LANGUAGES: _languages,
    FieldType.INTEGER: _integer,
    FieldType.BOOLEAN: _boolean,
    FieldType.CHOICE: _choice,
    FieldType.CHOICES: _choices,
    FieldType.REFERENCE: _reference,
    FieldType.REFERENCES: _references,
    FieldType.TEXT_LIST: _text_list,
    FieldType.LABELS: _labels,
    FieldType.JSON: _json,
    FieldType.URL: _url,
}

# List and mapping fields where an empty container means "nothing entered".
_CONTAINER_TYPES = frozenset(
    {
        FieldType.LANGUAGES,
        FieldType.CHOICES,
        FieldType.REFERENCES,
        FieldType.TEXT_LIST,
        FieldType.LABELS,
    }
)


def _check_field(spec: FieldSpec, raw: Any, today: date) -> tuple[Any, Message | None]:
    """The normalized value of one field and its first problem, if any."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        # A blank cell in an import means "not given", whatever the type.
        value: Any = None
    else:
        try:
            value = _CHECKERS[spec.type](spec, raw, today)
        except _Invalid as invalid:
            return None, invalid.message
        if isinstance(value, str) and spec.max_length is not None and len(value) > spec.max_length:
            params = {"maximum": spec.max_length, "count": len(value)}
            return None, Message.counted(_TOO_LONG, params, count_param="maximum")
    empty = value is None or (spec.type in _CONTAINER_TYPES and not value)
    if spec.required and empty:
        return None, REQUIRED
    return value, None


# --- the engine -------------------------------------------------------------


def validate(
    kind: Kind,
    data: Mapping[str, Any],
    *,
    today: date | None = None,
    partial: bool = False,
    current: Mapping[str, Any] | None = None,
) -> Validation:
    """Check and normalize one record of ``kind``.

    ``partial=True`` is for updates: only the fields in ``data`` are checked,
    and rules that relate fields run only when ``current`` (the stored
    record) is given, over the stored record with ``data`` applied, so an
    update can't break a rule that the whole record must keep.

    Envelope fields (id, rev, ...) are ignored rather than rejected: the store
    manages them, and a stored record passed back in should validate.
    """
    try:
        kind = Kind(kind)
    except (ValueError, TypeError):
        return Validation(values={}, errors={RECORD_KEY: _UNKNOWN_KIND})
    if not isinstance(data, Mapping):
        return Validation(values={}, errors={RECORD_KEY: _NOT_A_RECORD})
    day = today if today is not None else date.today()
    specs = {spec.name: spec for spec in SCHEMAS[kind]}

    values: dict[str, Any] = {}
    errors: dict[str, Message] = {}
    for key in data:
        if key not in specs and key not in ENVELOPE_FIELDS:
            errors[str(key)] = Message(_UNKNOWN_FIELD, {"kind": kind.value.replace("_", " ")})

    checked = [name for name in specs if name in data] if partial else list(specs)
    for name in checked:
        value, error = _check_field(specs[name], data.get(name), day)
        values[name] = value
        if error is not None:
            errors[name] = error

    merged: dict[str, Any] | None = None
    if not partial:
        merged = values
    elif current is not None and isinstance(current, Mapping):
        merged = {}
        for name, spec in specs.items():
            if name in values:
                merged[name] = values[name]
            else:
                # The stored record passed validation when it was saved; if a
                # value no longer does, treat it as empty rather than blame it.
                stored, problem = _check_field(spec, current.get(name), day)
                merged[name] = stored if problem is None else None
    rules = _RULES.get(kind)
    if merged is not None and rules is not None:
        bad = frozenset(errors)
        for name, message in rules(merged, bad, day):
            errors.setdefault(name, message)
    return Validation(values=values, errors=errors)


# --- rules across fields ----------------------------------------------------

_Rule = Callable[[Mapping[str, Any], frozenset[str], date], Iterator[tuple[str, Message]]]


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def _resident_rules(
    v: Mapping[str, Any], bad: frozenset[str], today: date
) -> Iterator[tuple[str, Message]]:
    consent = _day(v.get("consent_date"))
    if consent is None:
        if v.get("consent_contact") is True or v.get("consent_data_sharing") is True:
            yield "consent_date", _CONSENT_DATE_REQUIRED
    elif consent > today:
        yield "consent_date", _CONSENT_DATE_FUTURE


def _earliest_local_date(stored: Any) -> date | None:
    """The earliest calendar date the moment falls on in any time zone.

    Times are stored in UTC, and the UI may hand them over in UTC too, so the
    resident's local date is not known here. An evening conversation in
    California is already tomorrow in UTC; comparing with the UTC date would
    reject a follow-up booked for the same evening. UTC-12 is the furthest
    west any zone goes, so that bound never rejects a legitimate date.
    """
    if not isinstance(stored, str):
        return None
    return (parse_iso_utc(stored) - timedelta(hours=12)).date()


def _contact_log_rules(
    v: Mapping[str, Any], bad: frozenset[str], today: date
) -> Iterator[tuple[str, Message]]:
    if not bad & {"resident_id", "anonymous_household"}:
        has_resident = v.get("resident_id") is not None
        anonymous = v.get("anonymous_household") is True
        if has_resident == anonymous:
            yield "resident_id", _RESIDENT_AND_ANONYMOUS if has_resident else _CHOOSE_RESIDENT
    follow_up = _day(v.get("follow_up_date"))
    if follow_up is None:
        if v.get("outcome") == "follow_up":
            yield "follow_up_date", _FOLLOW_UP_REQUIRED
    else:
        occurred = _earliest_local_date(v.get("occurred_at"))
        if occurred is not None and follow_up < occurred:
            yield "follow_up_date", _FOLLOW_UP_BEFORE


_NEEDS_SUBMITTED = ("submitted", "approved", "denied")
_DECIDED = ("approved", "denied")


def _enrollment_rules(
    v: Mapping[str, Any], bad: frozenset[str], today: date
) -> Iterator[tuple[str, Message]]:
    status = v.get("status")
    started = _day(v.get("started_on"))
    submitted = _day(v.get("submitted_on"))
    decided = _day(v.get("decided_on"))
    if submitted is None:
        if status in _NEEDS_SUBMITTED:
            yield "submitted_on", _SUBMITTED_REQUIRED
    elif started is not None and submitted < started:
        yield "submitted_on", _SUBMITTED_BEFORE_START
    if decided is None:
        if status in _DECIDED:
            yield "decided_on", _DECIDED_REQUIRED
    elif status is not None and "status" not in bad and status not in _DECIDED:
        yield "decided_on", _DECIDED_NOT_ALLOWED
    elif started is not None and decided < started:
        yield "decided_on", _DECIDED_BEFORE_START
    elif submitted is not None and decided < submitted:
        yield "decided_on", _DECIDED_BEFORE_SUBMITTED


_RULES: Mapping[Kind, _Rule] = {
    Kind.RESIDENT: _resident_rules,
    Kind.CONTACT_LOG: _contact_log_rules,
    Kind.ENROLLMENT: _enrollment_rules,
}


def check_transition(old_status: str, new_status: str) -> Message | None:
    """Why an enrollment may not move from ``old_status`` to ``new_status``, or None.

    Kept apart from ``validate`` because only the store knows the old status
    of a record; saving without a change of status is always fine.
    """
    for status in (old_status, new_status):
        if not isinstance(status, str) or status not in ENROLLMENT_TRANSITIONS:
            return Message(_UNKNOWN_STATUS, {"status": str(status)})
    if old_status == new_status or new_status in ENROLLMENT_TRANSITIONS[old_status]:
        return None
    return Message(_BAD_TRANSITION, {"old_status": old_status, "new_status": new_status})
