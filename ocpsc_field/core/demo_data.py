"""Synthetic California demo data: organizations, residents, conversations, enrollments, surveys.

Demos, screenshots and load tests need data that looks like the field: people
of many communities in all 58 counties, writing their names in their own
scripts, conversations at the door and on the phone, applications moving
through their lifecycle. Everything here is invented and deterministic for a
seed: phone numbers use the 555-01xx range reserved for fiction, e-mail goes
to the example.* domains, and no name stands for a real person.

Generators return plain dicts with exactly the fields of ``records.SCHEMAS``;
the store adds ids and the envelope. No Qt, no I/O: the program and resource
catalogs are read by ``store.reference_data`` and passed in.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from types import MappingProxyType
from typing import Any, TypeVar

from ocpsc_field.core import demo_names_asia as asia
from ocpsc_field.core import demo_text as txt
from ocpsc_field.core.clock import iso_utc
from ocpsc_field.core.demo_names import (
    ARABIC,
    ARMENIAN,
    BLACK,
    CENTRAL_AMERICAN,
    EAST_AFRICAN,
    MEXICAN,
    MEXICAN_INDIGENOUS,
    PERSIAN,
    SLAVIC,
    WHITE,
    Community,
    NameStyle,
    Pair,
    ascii_fold,
    words,
)
from ocpsc_field.core.geo import COUNTY_PLACES
from ocpsc_field.core.records import Kind, empty_record
from ocpsc_field.core.survey import (
    Question,
    QuestionType,
    SurveyDefinition,
    clean_answers,
    parse_definition,
)

T = TypeVar("T")

COMMUNITIES: tuple[Community, ...] = (
    MEXICAN,
    CENTRAL_AMERICAN,
    MEXICAN_INDIGENOUS,
    WHITE,
    BLACK,
    EAST_AFRICAN,
    asia.CHINESE,
    asia.VIETNAMESE,
    asia.FILIPINO,
    asia.KOREAN,
    asia.JAPANESE,
    asia.SOUTH_ASIAN,
    asia.PUNJABI,
    ARMENIAN,
    PERSIAN,
    ARABIC,
    asia.HMONG,
    asia.KHMER,
    asia.LAO,
    asia.MIEN,
    SLAVIC,
)
BY_KEY: Mapping[str, Community] = MappingProxyType({c.key: c for c in COMMUNITIES})
# The languages survey responses are given in, and how often.
_RESPONSE_LANGUAGES: tuple[tuple[str, float], ...] = (
    ("en", 55),
    ("es", 40),
    ("vi", 2),
    ("zh-Hans", 3),
)

# Where communities are concentrated: multipliers on the statewide weights.
_RURAL = "white:1.6 mexican:0.5 black:0.2 chinese:0.2 filipino:0.3"
_ADJUSTMENTS = {
    "Los Angeles": "armenian:6 korean:3 persian:5 khmer:4 black:1.6 mexican:1.3"
    " central_american:2.5 chinese:1.3 japanese:1.8 arabic:1.2 white:0.6 mexican_indigenous:2",
    "Orange": "vietnamese:6 korean:2.5 persian:2 arabic:2 black:0.3",
    "San Diego": "filipino:1.8 arabic:3 east_african:3 black:0.9 vietnamese:1.2"
    " mexican_indigenous:1.5",
    "Santa Clara": "vietnamese:5 chinese:3 south_asian:5 filipino:1.5 black:0.4 punjabi:2"
    " persian:1.5 white:0.7",
    "Alameda": "chinese:3 south_asian:3 black:1.7 filipino:1.3 mien:6 persian:2"
    " central_american:1.5 east_african:2 white:0.7",
    "San Francisco": "chinese:5 filipino:1.5 central_american:1.8 black:0.7 slavic:2 japanese:1.5",
    "San Mateo": "filipino:3 chinese:3 central_american:1.2",
    "Sacramento": "hmong:5 slavic:8 mien:6 south_asian:2 punjabi:2 black:1.4 vietnamese:1.2"
    " lao:2 chinese:1.2",
    "Placer": "slavic:4 white:1.3",
    "Fresno": "hmong:12 punjabi:4 lao:4 khmer:2 mexican:1.6 armenian:3 white:0.8"
    " mexican_indigenous:5 mien:3",
    "Merced": "hmong:10 lao:3 mexican:1.6 punjabi:2",
    "San Joaquin": "khmer:6 filipino:1.5 punjabi:4 hmong:3 mexican:1.3 lao:2",
    "Stanislaus": "mexican:1.4 punjabi:2 arabic:2",
    "Sutter": "punjabi:20 mexican:1.2",
    "Yuba": "hmong:4 punjabi:4",
    "Butte": "hmong:3",
    "Kern": "mexican:1.6 punjabi:3 filipino:1.2 mexican_indigenous:3",
    "Tulare": "mexican:2 mexican_indigenous:4 hmong:2 filipino:0.5",
    "Kings": "mexican:1.6",
    "Madera": "mexican:1.8 mexican_indigenous:4",
    "Imperial": "mexican:2.4 white:0.4 punjabi:1",
    "Monterey": "mexican:1.8 mexican_indigenous:8 filipino:1.2",
    "Santa Cruz": "mexican:1.3 mexican_indigenous:4",
    "Ventura": "mexican:1.4 mexican_indigenous:8",
    "Santa Barbara": "mexican:1.4 mexican_indigenous:6",
    "San Bernardino": "mexican:1.5 black:1.4",
    "Riverside": "mexican:1.5 mexican_indigenous:3",
    "Solano": "filipino:3 black:2",
    "Contra Costa": "black:1.3 filipino:1.2 lao:4 mien:2 south_asian:2",
    "Colusa": "mexican:1.8 white:0.8",
    "Glenn": "mexican:1.3 hmong:2",
    "Humboldt": "white:1.3 hmong:1.5",
}
for _county in words(
    "Alpine|Amador|Calaveras|Del Norte|El Dorado|Inyo|Lassen|Mariposa|Modoc|Nevada|Plumas"
    "|Shasta|Sierra|Siskiyou|Tehama|Trinity|Tuolumne"
):
    _ADJUSTMENTS[_county] = _RURAL


def _factors(spec: str) -> Mapping[str, float]:
    out: dict[str, float] = {}
    for item in spec.split():
        key, factor = item.split(":")
        if key not in BY_KEY:
            raise ValueError(f"unknown community {key!r}")
        out[key] = float(factor)
    return MappingProxyType(out)


COUNTY_ADJUSTMENTS: Mapping[str, Mapping[str, float]] = MappingProxyType(
    {county: _factors(spec) for county, spec in _ADJUSTMENTS.items()}
)


def _weights(spec: str) -> tuple[tuple[str, float], ...]:
    """Weighted options from "option:weight ..." text."""
    return tuple((item.split(":")[0], float(item.split(":")[1])) for item in spec.split())


_AGE_BANDS = _weights("18-24:10 25-34:18 35-44:18 45-54:16 55-64:15 65-74:13 75-84:7 85-95:3")
_HOUSEHOLD_WEIGHTS = (14, 24, 18, 18, 12, 7, 4, 2, 1)
_LARGER_HOUSEHOLDS = frozenset(words("mexican|central_american|mexican_indigenous|hmong|mien"))
_OUTCOMES_BY_CHANNEL: Mapping[str, tuple[tuple[str, float], ...]] = MappingProxyType(
    {
        "door": _weights("reached:40 not_home:40 refused:7 moved:3 follow_up:10"),
        "phone": _weights("reached:50 not_home:30 refused:8 moved:2 follow_up:10"),
        "event": _weights("reached:82 follow_up:18"),
        "walk_in": _weights("reached:78 follow_up:22"),
        "text": _weights("reached:60 not_home:25 refused:5 follow_up:10"),
    }
)
_CHANNEL_WEIGHTS = _weights("door:45 phone:20 event:15 walk_in:10 text:10")
_STATUS_WEIGHTS = _weights("started:20 submitted:25 approved:35 denied:10 withdrawn:10")
_REFERENCE_PREFIXES = {
    "calfresh": "CF",
    "medi_cal": "MC",
    "covered_california": "CC",
    "calworks": "CW",
    "wic": "WIC",
    "liheap": "LIH",
    "california_lifeline": "LL",
    "calkids": "CK",
}


def pacific_offset(day: date) -> timedelta:
    """California's UTC offset on ``day``: daylight time from the second Sunday
    in March to the first Sunday in November (good enough for daytime hours,
    and needs no time zone database, which Windows lacks)."""
    march = date(day.year, 3, 8)
    dst_start = march + timedelta(days=(6 - march.weekday()) % 7)
    november = date(day.year, 11, 1)
    dst_end = november + timedelta(days=(6 - november.weekday()) % 7)
    return timedelta(hours=-7 if dst_start <= day < dst_end else -8)


def pacific_to_utc(day: date, hour: int, minute: int, second: int = 0) -> datetime:
    """The UTC moment of a wall-clock time in California."""
    local = datetime(day.year, day.month, day.day, hour, minute, second)
    return (local - pacific_offset(day)).replace(tzinfo=UTC)


def _items(value: Any) -> list[dict[str, Any]]:
    """A program's checklist, whether given as a list or as stored JSON text."""
    if isinstance(value, str):
        value = json.loads(value)
    if not isinstance(value, list):
        return []
    return [dict(item) for item in value if isinstance(item, Mapping) and "id" in item]


def _email_part(text: str) -> str:
    return "".join(ch for ch in ascii_fold(text).lower() if ch.isascii() and ch.isalnum())


class DemoGenerator:
    """Deterministic demo records: the same seed and ``today`` give the same data."""

    def __init__(self, seed: int = 7, today: date | None = None) -> None:
        self.seed = seed
        self.today = today if today is not None else date.today()
        self.rng = random.Random(seed)
        self._counties = tuple(txt.COUNTY_WEIGHTS)
        self._county_weights = tuple(txt.COUNTY_WEIGHTS.values())
        self._community_weights: dict[str, tuple[float, ...]] = {}
        self._org_names: set[str] = set()
        self._surveys: dict[tuple[str, str], SurveyDefinition] = {}

    # --- small helpers ----------------------------------------------------

    def _weighted(self, options: Sequence[tuple[T, float]]) -> T:
        values = [value for value, _ in options]
        weights = [weight for _, weight in options]
        return self.rng.choices(values, weights=weights)[0]

    def _chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def _days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def _daytime(self, day: date, first_hour: int = 9, last_hour: int = 18) -> str:
        hour = self.rng.randint(first_hour, last_hour)
        moment = pacific_to_utc(day, hour, self.rng.randrange(60), self.rng.randrange(60))
        return iso_utc(moment)

    def community_for(self, county: str) -> Community:
        weights = self._community_weights.get(county)
        if weights is None:
            factors = COUNTY_ADJUSTMENTS.get(county, {})
            weights = tuple(c.weight * factors.get(c.key, 1.0) for c in COMMUNITIES)
            self._community_weights[county] = weights
        return self.rng.choices(COMMUNITIES, weights=weights)[0]

    def language(self) -> str:
        """A preferred language drawn from California's mix of communities."""
        county = self.rng.choices(self._counties, weights=self._county_weights)[0]
        style = self._style(self.community_for(county))
        return self._weighted(style.languages)

    def _style(self, community: Community) -> NameStyle:
        return self._weighted([(style, style.weight) for style in community.styles])

    # --- organizations ----------------------------------------------------

    def organizations(self, n: int) -> list[dict[str, Any]]:
        """``n`` community-based organizations with generic names, counties and languages."""
        out: list[dict[str, Any]] = []
        for _ in range(n):
            region, counties = self.rng.choice(txt.REGIONS)
            for attempt in range(50):
                focus = self.rng.choice(txt.ORG_FOCUS)
                form = self.rng.choice(txt.ORG_FORMS)
                name = f"{region} {focus} {form}"
                if attempt >= 40:
                    name = f"{name} of {self.rng.choice(counties)} County"
                if name not in self._org_names:
                    break
            self._org_names.add(name)
            served = sorted(self.rng.sample(counties, self.rng.randint(1, len(counties))))
            languages = ["en"]
            focused = txt.FOCUS_LANGUAGES.get(focus, ())
            if focused:
                languages += self.rng.sample(focused, min(len(focused), self.rng.randint(1, 3)))
            for _ in range(self.rng.randint(1, 3)):
                tag = self._weighted(self._style(self.community_for(served[0])).languages)
                if tag not in languages:
                    languages.append(tag)
            if "es" not in languages and self._chance(0.8):
                languages.insert(1, "es")
            record = empty_record(Kind.ORGANIZATION)
            record.update(name=name, counties=served, languages=languages)
            out.append(record)
        return out

    # --- residents --------------------------------------------------------

    def _birth_date(self) -> date:
        low, high = self._weighted(_AGE_BANDS).split("-")
        age = self.rng.randint(int(low), int(high))
        try:
            latest = self.today.replace(year=self.today.year - age)
        except ValueError:  # 29 February
            latest = self.today.replace(year=self.today.year - age, day=28)
        return latest - timedelta(days=self.rng.randint(0, 364))

    def _address(self, county: str) -> str:
        number = self.rng.choice((self.rng.randint(100, 9999), self.rng.randint(10, 999)))
        if county in txt.GRID_ROAD_COUNTIES and self._chance(0.25):
            street = f"{self.rng.choice(('Road', 'Avenue'))} {self.rng.randint(40, 440)}"
            number = self.rng.randint(10000, 42999)
        elif county in txt.HIGHWAY_COUNTIES and self._chance(0.2):
            street = f"Highway {txt.HIGHWAY_COUNTIES[county]}"
            number = self.rng.randint(100, 99999)
        else:
            street = f"{self.rng.choice(txt.STREET_NAMES)} {self.rng.choice(txt.STREET_SUFFIXES)}"
        line = f"{number} {street}"
        roll = self.rng.random()
        if roll < 0.12:
            line += f", Apt {self.rng.randint(1, 40)}"
        elif roll < 0.18:
            line += f", Unit {self.rng.randint(1, 4)}{self.rng.choice('ABCD')}"
        elif roll < 0.22:
            line += f" #{self.rng.randint(100, 420)}"
        elif roll < 0.25:
            line += f", Spc {self.rng.randint(1, 120)}"  # a mobile home park space
        return line

    def _phone(self, county: str, city: str) -> str:
        codes = txt.CA_AREA_CODES if self._chance(0.1) else txt.area_codes(county, city)
        return f"+1{self.rng.choice(codes)}55501{self.rng.randrange(100):02d}"

    def _email(self, given: Pair, family: Pair, born: date) -> str:
        first = _email_part(given[1]) or "resident"
        last = _email_part(family[1]) or "home"
        local = self.rng.choice(
            (
                f"{first}.{last}",
                f"{first}{last}{born.year % 100:02d}",
                f"{first[0]}{last}{self.rng.randint(1, 99)}",
                f"{last}.{first}",
                f"{first}_{last}{born.year}",
            )
        )
        return f"{local}@{self.rng.choice(('example.org', 'example.com', 'example.net'))}"

    def _name(self, style: NameStyle, female: bool) -> tuple[Pair, Pair]:
        given = self.rng.choice(style.given_female if female else style.given_male)
        gendered = style.families_female if female else style.families_male
        if gendered and (not style.families or self._chance(style.gendered_share)):
            family = self.rng.choice(gendered)
        else:
            family = self.rng.choice(style.families)
            if self._chance(style.double_family):
                second = self.rng.choice(style.families)
                if second != family:
                    family = (f"{family[0]} {second[0]}", f"{family[1]} {second[1]}")
        return given, family

    def _preferred_name(self, style: NameStyle, given: str, female: bool) -> str | None:
        nicknames = dict(style.nicknames)
        if given in nicknames and self._chance(0.35):
            return nicknames[given]
        adopted = style.adopted_female if female else style.adopted_male
        if adopted and self._chance(0.2):
            return self.rng.choice(adopted)
        return None

    def _other_languages(self, style: NameStyle, preferred: str) -> list[str] | None:
        others: list[str] = []
        if preferred == "en":
            heritage = [tag for tag, _ in style.languages if tag != "en"]
            if heritage and self._chance(0.4):
                others.append(heritage[0])
        else:
            for position, tag in enumerate(style.second_languages):
                if tag != preferred and self._chance(0.5 if position == 0 else 0.15):
                    others.append(tag)
        return others or None

    def resident(self, organization_id: str | None = None) -> dict[str, Any]:
        """One resident, in a county weighted by population, with a plausible household."""
        county = self.rng.choices(self._counties, weights=self._county_weights)[0]
        places = COUNTY_PLACES[county]
        city, zip5 = self.rng.choices(places, weights=range(len(places) + 2, 2, -1))[0]
        community = self.community_for(county)
        style = self._style(community)
        female = self._chance(0.52)
        given, family = self._name(style, female)
        shown = 1 if style.romanized else 0
        preferred_language = self._weighted(style.languages)
        born = self._birth_date()

        household = self.rng.choices(range(1, 10), weights=_HOUSEHOLD_WEIGHTS)[0]
        if community.key in _LARGER_HOUSEHOLDS:
            household = min(9, household + self.rng.choice((0, 0, 1, 2)))
        consent_contact = self._chance(0.93)
        consent_sharing = self._chance(0.7 if consent_contact else 0.05)
        consent_date = None
        if consent_contact or consent_sharing:
            consent_date = self._days_ago(0, 729).isoformat()

        record = empty_record(Kind.RESIDENT)
        record.update(
            given_name=given[shown],
            family_name=family[shown],
            preferred_name=self._preferred_name(style, given[shown], female),
            birth_date=born.isoformat(),
            preferred_language=preferred_language,
            other_languages=self._other_languages(style, preferred_language),
            phone=self._phone(county, city) if self._chance(0.9) else None,
            email=self._email(given, family, born) if self._chance(0.35) else None,
            address_line=self._address(county) if self._chance(0.95) else None,
            city=city,
            zip=zip5,
            county=county,
            household_size=household,
            consent_contact=consent_contact,
            consent_data_sharing=consent_sharing,
            consent_date=consent_date,
            organization_id=organization_id,
            notes=self.rng.choice(txt.RESIDENT_NOTES) if self._chance(0.15) else None,
        )
        return record

    # --- conversations ----------------------------------------------------

    def _material(self, name: str, language: str) -> str:
        printed = txt.printed_language(language)
        return f"{name} ({printed})"

    def contact_log(
        self,
        resident_id: str | None,
        program_ids: Sequence[str] = (),
        resource_ids: Sequence[str] = (),
        *,
        language: str | None = None,
    ) -> dict[str, Any]:
        """One conversation in the last 90 days, by daylight in California.

        Pass the resident's ``language`` when known; otherwise one is drawn
        from the state's mix.
        """
        anonymous = resident_id is None
        channel = self._weighted(_CHANNEL_WEIGHTS)
        outcomes = _OUTCOMES_BY_CHANNEL[channel]
        if anonymous:  # nobody to call back: no follow-ups for anonymous households
            outcomes = tuple(item for item in outcomes if item[0] != "follow_up")
        outcome = self._weighted(outcomes)
        day = self._days_ago(1, 90)
        occurred = self._daytime(day, 9, 18 if channel in ("door", "text") else 16)
        lang = language or self.language()

        programs: list[str] = []
        materials: list[str] = []
        referrals: list[str] = []
        category = note = None
        talked = outcome in ("reached", "follow_up")
        if talked:
            if program_ids:
                count = min(len(program_ids), self._weighted(((0, 15), (1, 45), (2, 28), (3, 12))))
                programs = self.rng.sample(list(program_ids), count)
            for material in self.rng.sample(txt.MATERIALS, self.rng.randint(0, 2)):
                materials.append(self._material(material, lang))
            if resource_ids and self._chance(0.35):
                referrals = self.rng.sample(
                    list(resource_ids), min(len(resource_ids), 1 + self._chance(0.3))
                )
            if self._chance(0.08):
                category, notes = self.rng.choice(txt.MISINFORMATION)
                note = self.rng.choice(notes)
        elif outcome == "not_home" and channel == "door" and self._chance(0.7):
            materials = [self._material("Door hanger", lang)]

        follow_up_date = None
        consent_follow_up = False
        if not anonymous and (
            outcome == "follow_up" or (outcome == "reached" and self._chance(0.2))
        ):
            consent_follow_up = True
            follow_up_date = (day + timedelta(days=self.rng.randint(2, 21))).isoformat()

        record = empty_record(Kind.CONTACT_LOG)
        record.update(
            occurred_at=occurred,
            resident_id=resident_id,
            anonymous_household=anonymous,
            channel=channel,
            language=lang,
            outcome=outcome,
            programs_discussed=programs,
            materials_left=materials,
            referrals=referrals,
            misinformation_category=category,
            misinformation_note=note,
            consent_follow_up=consent_follow_up,
            follow_up_date=follow_up_date,
            notes=self.rng.choice(txt.CONTACT_NOTES[outcome]) if self._chance(0.3) else None,
        )
        return record

    # --- enrollments ------------------------------------------------------

    def _reference_number(self, code: str, submitted: date) -> str:
        prefix = _REFERENCE_PREFIXES.get(code)
        if prefix is None:  # initials of the code's words: "calassist_mortgage_fund" -> "CMF"
            parts = [part for part in code.split("_") if part[:1].isalpha()]
            prefix = "".join(part[0] for part in parts)
            if len(prefix) < 2:
                prefix = "".join(ch for ch in code if ch.isalpha())[:2] or "AP"
        return f"{prefix.upper()}-{submitted.year}-{self.rng.randint(1, 999999):06d}"

    def enrollment(self, resident_id: str, program: Mapping[str, Any]) -> dict[str, Any]:
        """One application to ``program`` (a program record with its ``id``), with
        dates that follow the lifecycle and never pass ``today``."""
        status = self._weighted(_STATUS_WEIGHTS)
        started = self._days_ago(0, 365)
        submitted = decided = None
        if status in ("submitted", "approved", "denied") or (
            status == "withdrawn" and self._chance(0.5)
        ):
            submitted = min(self.today, started + timedelta(days=self.rng.randint(0, 14)))
        if status in ("approved", "denied") and submitted is not None:
            decided = min(self.today, submitted + timedelta(days=self.rng.randint(5, 45)))

        answers: dict[str, bool] = {}
        for item in _items(program.get("eligibility")):
            answers[str(item["id"])] = status == "approved" or self._chance(0.85)
        if status == "denied" and answers and all(answers.values()):
            answers[self.rng.choice(sorted(answers))] = False
        documents: dict[str, str] = {}
        share = {"approved": 1.0, "submitted": 0.9, "denied": 0.7}.get(status, 0.55)
        for item in _items(program.get("required_documents")):
            documents[str(item["id"])] = "received" if self._chance(share) else "missing"

        record = empty_record(Kind.ENROLLMENT)
        record.update(
            resident_id=resident_id,
            program_id=program["id"],
            status=status,
            started_on=started.isoformat(),
            submitted_on=submitted.isoformat() if submitted else None,
            decided_on=decided.isoformat() if decided else None,
            reference_number=(
                self._reference_number(str(program.get("code") or "app"), submitted)
                if submitted
                else None
            ),
            eligibility_answers=answers,
            documents=documents,
            notes=self.rng.choice(txt.ENROLLMENT_NOTES[status]) if self._chance(0.25) else None,
        )
        return record

    # --- surveys ----------------------------------------------------------

    def _survey_definition(self, survey: Mapping[str, Any]) -> SurveyDefinition:
        """The parsed definition of a survey record, parsed once per survey."""
        key = (str(survey.get("id")), str(survey.get("version")))
        if key not in self._surveys:
            raw = survey.get("definition")
            self._surveys[key] = parse_definition(json.loads(raw) if isinstance(raw, str) else raw)
        return self._surveys[key]

    def _text_answer(self, name: str, language: str) -> str | None:
        if name == "organization_name":
            region, _counties = self.rng.choice(txt.REGIONS)
            focus, form = self.rng.choice(txt.ORG_FOCUS), self.rng.choice(txt.ORG_FORMS)
            return f"{region} {focus} {form}"
        pool = txt.SURVEY_TEXT_ANSWERS.get(name) or txt.SURVEY_TEXT_ANSWERS.get(
            name.rsplit("_", 1)[-1], {}
        )
        texts = pool.get(language) or pool.get("en", ())
        return self.rng.choice(texts) if texts else None

    def _survey_answer(self, question: Question, language: str) -> Any:
        kind = question.type
        names = question.choice_names()
        if kind in (QuestionType.SELECT_ONE, QuestionType.YES_NO):
            return self.rng.choice(names)
        if kind is QuestionType.SELECT_MULTIPLE:
            return self.rng.sample(names, self.rng.randint(1, min(3, len(names))))
        if kind is QuestionType.INTEGER:
            return self.rng.randint(1, 80)
        if kind is QuestionType.DECIMAL:
            return round(self.rng.uniform(20, 3000), 1)
        if kind is QuestionType.DATE:
            return self._days_ago(1, 60).isoformat()
        if kind is QuestionType.TEXT:
            return self._text_answer(question.name, language)
        return None

    def survey_response(
        self,
        survey: Mapping[str, Any],
        resident_id: str | None = None,
        *,
        language: str | None = None,
    ) -> dict[str, Any]:
        """A completed response to ``survey`` (a survey record with its ``id``) that
        passes ``validate_answers``: every required question answered, optional ones
        often skipped, and an "other" text only where "other" was ticked."""
        definition = self._survey_definition(survey)
        weights = [(tag, w) for tag, w in _RESPONSE_LANGUAGES if tag in definition.languages]
        lang = language or self._weighted(weights or [(definition.default_language, 1.0)])
        answers: dict[str, Any] = {}
        for question in definition.questions():
            if not question.takes_answer or question.read_only:
                continue
            if question.name.endswith("_other"):
                ticked = answers.get(question.name.removesuffix("_other"))
                if not (isinstance(ticked, list) and "other" in ticked):
                    continue
            elif not question.required and self._chance(0.45):
                continue  # optional questions are often skipped
            value = self._survey_answer(question, lang)
            if value is not None:
                answers[question.name] = value
        record = empty_record(Kind.SURVEY_RESPONSE)
        record.update(
            survey_id=survey["id"],
            survey_version=survey.get("version") or definition.version,
            status="complete",
            language=lang,
            answers=clean_answers(definition, answers),
            resident_id=resident_id,
            completed_at=self._daytime(self._days_ago(1, 60), 9, 19),
        )
        return record
