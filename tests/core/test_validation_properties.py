"""Properties of validation that must hold for any input, not just the examples."""

from __future__ import annotations

import json
import string
from datetime import UTC, date, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ocpsc_field.core.clock import parse_iso_utc
from ocpsc_field.core.languages import COMMON_LANGUAGES, canonical_tag, is_bcp47
from ocpsc_field.core.records import SCHEMAS, Kind, field_names
from ocpsc_field.core.text import Message
from ocpsc_field.core.validation import normalize_phone, validate

TODAY = date(2024, 6, 1)

# --- names in any script ----------------------------------------------------------

# Letters people's names are written in, plus the combining marks Vietnamese
# is often typed with, and the joiners Persian and Indic scripts need.
_SCRIPTS = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),  # Arabic
    st.characters(min_codepoint=0x0531, max_codepoint=0x058A),  # Armenian
    st.characters(min_codepoint=0x1780, max_codepoint=0x17FF),  # Khmer
    st.characters(min_codepoint=0x0A00, max_codepoint=0x0A7F),  # Gurmukhi
    st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),  # Hangul
    st.characters(min_codepoint=0x0300, max_codepoint=0x0323),  # combining marks
    st.sampled_from("ăâđêôơưàảãáạằẳẵắặầẩẫấậ"),  # Vietnamese, precomposed
    st.sampled_from(string.ascii_letters + " '-.\u200c\u200d\u00a0"),
)
names = st.text(alphabet=_SCRIPTS, min_size=1, max_size=100).filter(lambda s: s.strip())


@given(names)
def test_any_name_round_trips_exactly(name: str) -> None:
    result = validate(Kind.RESIDENT, {"given_name": name, "preferred_language": "en"}, today=TODAY)
    assert result.ok, {k: str(m) for k, m in result.errors.items()}
    assert result.values["given_name"] == name.strip()


@given(st.text(alphabet=st.one_of(_SCRIPTS, st.just("\n")), min_size=1, max_size=2000))
def test_any_note_round_trips_exactly(note: str) -> None:
    result = validate(
        Kind.RESIDENT,
        {"given_name": "Ana", "preferred_language": "en", "notes": note},
        today=TODAY,
    )
    assert result.ok
    assert result.values["notes"] == (note.strip() or None)


# --- phone numbers ----------------------------------------------------------------


@st.composite
def nanp_numbers(draw: st.DrawFn) -> str:
    """Ten digits with a valid area code and exchange (NXX, not N11)."""
    parts = []
    for _ in range(2):
        first = draw(st.sampled_from("23456789"))
        rest = draw(
            st.text(alphabet=string.digits, min_size=2, max_size=2).filter(lambda s: s != "11")
        )
        parts.append(first + rest)
    line = draw(st.text(alphabet=string.digits, min_size=4, max_size=4))
    return parts[0] + parts[1] + line


_FORMATS = (
    "{a}{e}{l}",
    "({a}) {e}-{l}",
    "({a}){e}-{l}",
    "{a}-{e}-{l}",
    "{a}.{e}.{l}",
    "{a} {e} {l}",
    "1{a}{e}{l}",
    "1-{a}-{e}-{l}",
    "1 ({a}) {e}-{l}",
    "+1{a}{e}{l}",
    "+1 {a} {e} {l}",
    "+1 ({a}) {e}-{l}",
    "+1-{a}-{e}-{l}",
    "  {a}/{e}-{l}  ",
)


@given(nanp_numbers(), st.sampled_from(_FORMATS))
def test_nanp_numbers_normalize_to_e164_in_any_format(digits: str, fmt: str) -> None:
    typed = fmt.format(a=digits[:3], e=digits[3:6], l=digits[6:])
    normalized = normalize_phone(typed)
    assert normalized == "+1" + digits
    assert normalize_phone(normalized) == normalized


@given(
    st.sampled_from("23456789"),
    st.text(alphabet=string.digits, min_size=7, max_size=14),
)
def test_international_numbers_keep_their_digits(first: str, rest: str) -> None:
    digits = first + rest
    normalized = normalize_phone("+" + digits)
    assert normalized == "+" + digits
    assert normalize_phone(normalized) == normalized


@given(st.text(max_size=40))
def test_normalize_phone_is_idempotent_on_anything(text: str) -> None:
    normalized = normalize_phone(text)
    if normalized is not None:
        assert normalized.startswith("+") and normalized[1:].isdigit()
        assert normalize_phone(normalized) == normalized


# --- junk never raises ------------------------------------------------------------

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=30),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, UTC])),
    st.uuids(),
    st.binary(max_size=8),
    st.complex_numbers(),
    st.sampled_from(["", " ", "2024-02-30", "95814", "(916) 555-0123", "zh-hant", "true"]),
)
_json_ish = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.tuples(children, children),
        st.dictionaries(st.text(max_size=8), children, max_size=4),
    ),
    max_leaves=12,
)
_all_field_names = sorted({name for kind in Kind for name in field_names(kind)})
_keys = st.one_of(st.sampled_from(_all_field_names), st.text(max_size=12))


def _assert_well_formed(result_errors: dict[str, Message], values: dict[str, Any]) -> None:
    for key, message in result_errors.items():
        assert isinstance(key, str)
        assert isinstance(message, Message)
        assert isinstance(message.render(), str)
    # Whatever passes is ready to be stored as JSON.
    json.dumps(values, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(list(Kind)),
    st.dictionaries(_keys, _json_ish, max_size=8),
    st.booleans(),
)
def test_validate_never_raises_on_junk(kind: Kind, data: dict[str, Any], partial: bool) -> None:
    result = validate(kind, data, today=TODAY, partial=partial)
    _assert_well_formed(result.errors, result.values)
    assert set(result.values) <= set(field_names(kind))


@settings(deadline=None)
@given(
    st.sampled_from(list(Kind)),
    st.dictionaries(_keys, _json_ish, max_size=6),
    st.dictionaries(_keys, _json_ish, max_size=6),
)
def test_partial_with_junk_current_never_raises(
    kind: Kind, data: dict[str, Any], current: dict[str, Any]
) -> None:
    result = validate(kind, data, today=TODAY, partial=True, current=current)
    _assert_well_formed(result.errors, result.values)


@given(st.sampled_from(list(Kind)), _json_ish)
def test_validate_never_raises_when_data_is_not_a_mapping(kind: Kind, data: Any) -> None:
    result = validate(kind, data, today=TODAY)
    _assert_well_formed(result.errors, result.values)


@given(st.sampled_from(list(Kind)), _json_ish)
def test_every_field_accepts_any_value_without_raising(kind: Kind, value: Any) -> None:
    data = dict.fromkeys(field_names(kind), value)
    result = validate(kind, data, today=TODAY)
    _assert_well_formed(result.errors, result.values)


# --- dates ------------------------------------------------------------------------


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_iso_dates_round_trip(day: date) -> None:
    for given_as in (day, day.isoformat()):
        result = validate(
            Kind.ENROLLMENT,
            {
                "resident_id": "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
                "program_id": "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c",
                "status": "started",
                "started_on": given_as,
            },
            today=TODAY,
        )
        assert result.ok
        assert result.values["started_on"] == day.isoformat()
        assert date.fromisoformat(result.values["started_on"]) == day


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)))
def test_utc_datetimes_round_trip(moment: datetime) -> None:
    aware = moment.replace(tzinfo=UTC, microsecond=moment.microsecond // 1000 * 1000)
    result = validate(Kind.SURVEY_RESPONSE, {"completed_at": aware}, partial=True, today=TODAY)
    assert result.ok
    stored = result.values["completed_at"]
    assert stored.endswith("Z")
    assert parse_iso_utc(stored) == aware
    again = validate(Kind.SURVEY_RESPONSE, {"completed_at": stored}, partial=True, today=TODAY)
    assert again.values["completed_at"] == stored


# --- language tags ----------------------------------------------------------------


def _cased(draw: st.DrawFn, text: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(ch.upper() if flip else ch.lower() for ch, flip in zip(text, flips, strict=True))


_alpha = string.ascii_lowercase
_alnum = string.ascii_lowercase + string.digits


@st.composite
def well_formed_tags(draw: st.DrawFn) -> str:
    """Tags built from the RFC 5646 grammar, in random case, with - or _."""
    parts = [draw(st.text(alphabet=_alpha, min_size=2, max_size=3))]
    if draw(st.booleans()):
        parts.append(draw(st.text(alphabet=_alpha, min_size=4, max_size=4)))
    if draw(st.booleans()):
        parts.append(
            draw(
                st.one_of(
                    st.text(alphabet=_alpha, min_size=2, max_size=2),
                    st.text(alphabet=string.digits, min_size=3, max_size=3),
                )
            )
        )
    parts += draw(st.lists(st.text(alphabet=_alnum, min_size=5, max_size=8), max_size=2))
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from("abu")))
        parts += draw(st.lists(st.text(alphabet=_alnum, min_size=2, max_size=8), min_size=1))
    if draw(st.booleans()):
        parts.append("x")
        parts += draw(
            st.lists(st.text(alphabet=_alnum, min_size=1, max_size=8), min_size=1, max_size=3)
        )
    separator = draw(st.sampled_from(["-", "_"]))
    return _cased(draw, separator.join(parts))


@given(well_formed_tags())
def test_canonical_tag_of_a_well_formed_tag(tag: str) -> None:
    canonical = canonical_tag(tag)
    assert is_bcp47(canonical)
    assert canonical.lower() == tag.lower().replace("_", "-")
    assert canonical_tag(canonical) == canonical


@given(st.one_of(st.text(max_size=30), st.sampled_from(COMMON_LANGUAGES)))
def test_canonical_tag_is_idempotent_on_anything(text: str) -> None:
    once = canonical_tag(text)
    assert canonical_tag(once) == once
    if is_bcp47(text):
        assert is_bcp47(once)


@given(well_formed_tags())
def test_languages_field_accepts_well_formed_tags(tag: str) -> None:
    spec = next(spec for spec in SCHEMAS[Kind.RESIDENT] if spec.name == "other_languages")
    result = validate(Kind.RESIDENT, {spec.name: [tag, tag.upper()]}, partial=True)
    assert result.ok
    assert result.values[spec.name] == [canonical_tag(tag)]
