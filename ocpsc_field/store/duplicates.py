"""Likely duplicates of a resident about to be registered.

The same family is often registered twice: once at the door, once at the
community center, spelled a little differently each time ("Jose Garcia" and
"José García", given and family names swapped, a typo). A duplicate splits a
person's history and can mean two applications for one household, so before
a new resident is saved the form shows the residents who are probably the
same person and lets the user pick one instead.

"Probably the same person" needs two signals: a similar name (accents, letter
case, word order and a typo or two don't matter) and the same birth date or
the same phone number. A common name alone is not enough: there are many
María Hernándezes in Los Angeles County.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ocpsc_field.core.records import Kind
from ocpsc_field.core.validation import normalize_phone, validate
from ocpsc_field.store.db import Database, digits, fold

# Names at least this similar (0 to 1) count as the same name.
NAME_THRESHOLD = 0.8
CANDIDATE_LIMIT = 200
COLUMNS = (
    "id, given_name, family_name, preferred_name, preferred_language, birth_date, phone, "
    "city, county, address_line, created_at"
)


@dataclass(frozen=True)
class LikelyDuplicate:
    resident: dict[str, Any]
    name_similarity: float
    same_birth_date: bool
    same_phone: bool


def _edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and
    swaps of two neighbouring letters ("Garcai" for "Garcia") each cost one."""
    if a == b:
        return 0
    rows = [list(range(len(b) + 1))]
    for i, char_a in enumerate(a, start=1):
        row = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def _similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return 1.0 - _edit_distance(a, b) / max(len(a), len(b))


def _words(names: Sequence[str | None]) -> list[str]:
    return [word for name in names for word in fold(name).replace("-", " ").split() if word]


def name_similarity(first: Mapping[str, Any], second: Mapping[str, Any]) -> float:
    """How alike two residents' names are, from 0 to 1, whatever their order.

    Each word of the shorter name is paired with the most similar unused word
    of the other, and the score is the share of letters that agree, as in a
    Dice coefficient, so a missing second family name lowers it a little
    ("José García" and "José García López": 0.8) and a different name a lot.
    Names written without spaces (many Chinese and Korean names) are also
    compared whole, in both orders.
    """
    a = _words([first.get("given_name"), first.get("family_name")])
    b = _words([second.get("given_name"), second.get("family_name")])
    if not a or not b:
        return 0.0
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    unused = list(long)
    agreeing = 0.0
    for word in sorted(short, key=len, reverse=True):
        best = max(unused, key=lambda other: _similarity(word, other))
        agreeing += _similarity(word, best) * max(len(word), len(best))
        unused.remove(best)
    letters = sum(map(len, a)) + sum(map(len, b))
    by_words = 2 * agreeing / letters
    whole = max(_similarity("".join(a), "".join(b)), _similarity("".join(a), "".join(b[::-1])))
    return max(by_words, whole)


def likely_duplicates(
    database: Database,
    candidate: Mapping[str, Any],
    *,
    exclude_id: str | None = None,
    limit: int = 5,
) -> list[LikelyDuplicate]:
    """Live residents who are probably the person in ``candidate`` (raw form values).

    Residents with the same phone are found through the trigram index, those
    with the same birth date by their birth date; only they have their names
    compared. The birth date has no index yet (schema v3), so that look-up
    reads every resident: about 0.2 s at 200,000 residents, once per new
    resident, on the database thread.
    """
    checked = validate(Kind.RESIDENT, candidate, partial=True).values
    phone = normalize_phone(str(candidate.get("phone") or "")) if candidate.get("phone") else None
    birth_date = checked.get("birth_date")
    if phone is None and birth_date is None:
        return []
    rows: dict[str, dict[str, Any]] = {}
    if phone is not None:
        # The index holds the phone's digits; "1" + the area code and number for US phones.
        wanted = '"' + digits(phone) + '"'
        for row in database.query(
            f"SELECT {COLUMNS} FROM resident WHERE rowid IN (SELECT rowid FROM resident_search "
            "WHERE resident_search MATCH ?) AND phone = ? AND deleted = 0 LIMIT ?",
            ("phone : " + wanted, phone, CANDIDATE_LIMIT),
        ):
            rows[row["id"]] = row
    if birth_date is not None:
        for row in database.query(
            f"SELECT {COLUMNS} FROM resident WHERE birth_date = ? AND deleted = 0 LIMIT ?",
            (birth_date, CANDIDATE_LIMIT),
        ):
            rows[row["id"]] = row
    found: list[LikelyDuplicate] = []
    for resident_id, row in rows.items():
        if resident_id == exclude_id:
            continue
        score = name_similarity(candidate, row)
        if score < NAME_THRESHOLD:
            continue
        found.append(
            LikelyDuplicate(
                resident=row,
                name_similarity=score,
                same_birth_date=birth_date is not None and row["birth_date"] == birth_date,
                same_phone=phone is not None and row["phone"] == phone,
            )
        )
    found.sort(
        key=lambda item: (item.same_birth_date + item.same_phone, item.name_similarity),
        reverse=True,
    )
    return found[:limit]
