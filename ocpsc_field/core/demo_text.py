"""Tables and texts for synthetic demo data: places, notes, misinformation, the survey.

Kept apart from ``demo_data`` so the generator stays readable. Everything is
invented; organization names are built from generic words so that none
names a real organization.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from ocpsc_field.core.demo_names import words

# --- places -------------------------------------------------------------------

# Population in thousands (2020 census, rounded). Every county also gets a
# floor weight so that small ones (Alpine has about 1,200 people) still
# show up in a few thousand demo residents.
_POPULATION = (
    "Alameda:1682|Alpine:1.2|Amador:40|Butte:212|Calaveras:46|Colusa:22|Contra Costa:1166"
    "|Del Norte:28|El Dorado:192|Fresno:1008|Glenn:29|Humboldt:136|Imperial:180|Inyo:19"
    "|Kern:909|Kings:153|Lake:68|Lassen:33|Los Angeles:10014|Madera:157|Marin:262|Mariposa:17"
    "|Mendocino:91|Merced:281|Modoc:8.7|Mono:13|Monterey:439|Napa:138|Nevada:102|Orange:3186"
    "|Placer:404|Plumas:20|Riverside:2418|Sacramento:1585|San Benito:64|San Bernardino:2181"
    "|San Diego:3298|San Francisco:874|San Joaquin:779|San Luis Obispo:283|San Mateo:764"
    "|Santa Barbara:449|Santa Clara:1936|Santa Cruz:271|Shasta:182|Sierra:3.2|Siskiyou:44"
    "|Solano:453|Sonoma:489|Stanislaus:552|Sutter:99|Tehama:65|Trinity:16|Tulare:473"
    "|Tuolumne:55|Ventura:843|Yolo:217|Yuba:81"
)
_COUNTY_FLOOR = 120.0
COUNTY_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        county: float(pop) + _COUNTY_FLOOR
        for county, pop in (item.split(":") for item in words(_POPULATION))
    }
)


# Real area codes for each county (overlays included); a tenth of people keep
# a number from elsewhere in the state.
CA_AREA_CODES = words(
    "209|213|279|310|323|341|350|408|415|424|442|510|530|559|562|619|626|628|650|657|661"
    "|669|707|714|747|760|805|818|820|831|840|858|909|916|925|949|951"
)
_AREA_BY_COUNTY = {
    **dict.fromkeys(words("Alameda"), "510 341"),
    **dict.fromkeys(words("Contra Costa"), "925 510"),
    **dict.fromkeys(words("San Francisco|Marin"), "415 628"),
    **dict.fromkeys(words("San Mateo"), "650"),
    **dict.fromkeys(words("Santa Clara"), "408 669 650"),
    **dict.fromkeys(words("Santa Cruz|Monterey|San Benito"), "831"),
    **dict.fromkeys(words("Los Angeles"), "213 323 310 424 818 747 626 562"),
    **dict.fromkeys(words("Orange"), "714 657 949"),
    **dict.fromkeys(words("San Diego"), "619 858 760"),
    **dict.fromkeys(words("Riverside"), "951 760"),
    **dict.fromkeys(words("San Bernardino"), "909 840 760"),
    **dict.fromkeys(words("Imperial|Inyo|Mono"), "760 442"),
    **dict.fromkeys(words("Ventura|San Luis Obispo|Santa Barbara"), "805 820"),
    **dict.fromkeys(words("Kern"), "661"),
    **dict.fromkeys(words("Fresno|Tulare|Kings|Madera"), "559"),
    **dict.fromkeys(
        words("San Joaquin|Stanislaus|Merced|Mariposa|Tuolumne|Calaveras|Amador"), "209 350"
    ),
    **dict.fromkeys(words("Sacramento"), "916 279"),
    **dict.fromkeys(words("Placer|El Dorado|Yolo"), "916 530"),
    **dict.fromkeys(words("Napa|Sonoma|Solano|Lake|Mendocino|Humboldt|Del Norte"), "707"),
}
_AREA_BY_CITY = {
    "Long Beach": "562",
    "Pasadena": "626",
    "Lancaster": "661",
    "Pomona": "909",
    "Palm Springs": "760 442",
    "Indio": "760 442",
    "Victorville": "760 442",
    "Barstow": "760 442",
    "Oceanside": "760 442",
    "Escondido": "760 442",
    "Irvine": "949",
    "Ridgecrest": "760",
    "Auburn": "530",
    "Placerville": "530",
    "South Lake Tahoe": "530",
    "West Sacramento": "916 279",
    "Mountain View": "650",
}


def area_codes(county: str, city: str) -> tuple[str, ...]:
    spec = _AREA_BY_CITY.get(city) or _AREA_BY_COUNTY.get(county, "530")
    return tuple(spec.split())


# Tulare, Fresno, Madera and Kings number rural roads ("Road 124", "Avenue 416").
GRID_ROAD_COUNTIES = frozenset(words("Tulare|Fresno|Madera|Kings"))
HIGHWAY_COUNTIES = {
    "Modoc": "395",
    "Lassen": "395",
    "Inyo": "395",
    "Mono": "395",
    "Trinity": "299",
}


# Outreach regions and their counties; together they cover all 58.
REGIONS: tuple[tuple[str, list[str]], ...] = tuple(
    (region, list(words(counties)))
    for region, counties in (
        ("Los Angeles", "Los Angeles"),
        ("Inland Empire", "Riverside|San Bernardino"),
        ("San Diego and Imperial", "San Diego|Imperial"),
        ("Orange County", "Orange"),
        ("Central Valley", "Fresno|Tulare|Kings|Madera|Merced|Kern"),
        ("Northern San Joaquin Valley", "San Joaquin|Stanislaus|Merced"),
        ("Sacramento Valley", "Sacramento|Yolo|Sutter|Yuba|Placer|El Dorado"),
        ("East Bay", "Alameda|Contra Costa"),
        ("Peninsula and South Bay", "San Mateo|Santa Clara|San Francisco"),
        ("North Bay", "Marin|Sonoma|Napa|Solano"),
        ("Central Coast", "Monterey|Santa Cruz|San Benito|San Luis Obispo|Santa Barbara|Ventura"),
        ("North Coast", "Humboldt|Del Norte|Mendocino|Lake"),
        ("Far North", "Shasta|Siskiyou|Modoc|Lassen|Trinity|Tehama|Plumas|Glenn|Butte|Colusa"),
        ("Sierra", "Alpine|Amador|Calaveras|Tuolumne|Mariposa|Mono|Inyo|Nevada|Sierra"),
    )
)
ORG_FOCUS = words(
    "Community Outreach|Promotoras|Immigrant Families|Health Access|Neighbors|Rural Families"
    "|Youth and Families|Food Security|Asian and Pacific Islander Families|Black Community Health"
    "|Indigenous Migrant Families|Senior Advocates|Tenants|Farmworker Families|Language Access"
)
ORG_FORMS = words("Network|Collaborative|Coalition|Alliance|Partnership|Project|Council|Circle")
# Languages an organization with that focus works in, beyond its area's.
FOCUS_LANGUAGES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "Promotoras": ("es",),
        "Immigrant Families": words("es|zh-Hans|vi|ar|fa|ru|uk|prs"),
        "Asian and Pacific Islander Families": words("zh-Hans|zh-Hant|yue|vi|tl|ko|km|hmn|lo|to"),
        "Indigenous Migrant Families": words("mix|zap|trs|mam|quc"),
        "Farmworker Families": words("es|mix|pa|tl"),
        "Language Access": words("es|zh-Hant|vi|ko|tl|hy|fa|ar|ru|pa|km|hmn|ase"),
    }
)

STREET_NAMES = words(
    "Oak|Olive|Cedar|Maple|Walnut|Sycamore|Magnolia|Pepper Tree|Palm|Orange|Lemon|Almond|Vine"
    "|Sierra Vista|Valley View|Mission|Lincoln|Washington|Jefferson|Grant|Center|Park|Lake"
    "|Sunset|Fairview|Laurel|Juniper|Madrone|Manzanita|Redwood|San Pablo|Santa Fe|Del Rio"
    "|La Paloma|Las Flores|Alta Vista|Buena Vista|Rancho|Pacific|Cesar Chavez|1st|2nd|3rd|4th"
    "|5th|6th|7th|8th|9th|10th|12th|14th|Railroad|Orchard|Vineyard|Cypress|Eucalyptus|Poplar"
)
STREET_SUFFIXES = words("St|Ave|Blvd|Dr|Ln|Ct|Way|Rd|Pl|Cir")

RESIDENT_NOTES = words(
    "Prefers text messages.|Works night shift; call after 2 pm.|Needs an interpreter for phone"
    " calls.|Cares for an elderly parent at home.|Recently moved; mail may be delayed.|"
    "Interested in ESL classes.|Asked about help with utility bills.|Lost home in a wildfire;"
    " staying with relatives.|Grandparent raising two grandchildren.|Uses a wheelchair; ground"
    " floor entrance on the side.|Best reached on weekends.|Asked for materials in large print."
)

MATERIALS = words(
    "CalFresh flyer|Medi-Cal flyer|Covered California brochure|Know Your Rights card"
    "|Community resource guide|Utility discounts flyer (CARE/FERA)|CalEITC and YCTC flyer"
    "|988 crisis line card|Extreme heat safety checklist|Stronger Together survey card"
    "|SUN Bucks flyer|Voter registration card|Wildfire evacuation checklist"
)
# Languages materials are printed in; others get Spanish (Indigenous languages
# of Mexico and Guatemala, read by few) or English.
PRINTED = frozenset(words("en|es|zh-Hans|zh-Hant|vi|ko|tl|hy|fa|ar|ru|uk|km|pa|hmn|ja|lo|th|hi"))
_READ_SPANISH = frozenset(words("mix|zap|trs|tsz|mam|quc|kjb|yua"))


def printed_language(tag: str) -> str:
    """The language of the printed flyer someone with ``tag`` is handed."""
    if tag in PRINTED:
        return tag
    if tag == "yue":
        return "zh-Hant"
    if tag == "prs":
        return "fa"
    return "es" if tag in _READ_SPANISH else "en"


MISINFORMATION: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "immigration_status",
        (
            "Heard that enrolling in Medi-Cal affects immigration status",
            "Heard that immigration agents get the address of everyone who applies for benefits",
        ),
    ),
    (
        "public_charge",
        (
            "Believes CalFresh for U.S.-citizen children counts against the parents' green card",
            "Heard that using WIC makes someone a public charge",
        ),
    ),
    (
        "benefits_eligibility",
        (
            "Thinks CalFresh is only for families with children",
            "Believes people who have a job cannot get Medi-Cal",
            "Heard that people on SSI still cannot get CalFresh",
        ),
    ),
    (
        "vaccines",
        (
            "Heard that the flu shot gives you the flu",
            "Worried that childhood vaccines cause autism",
        ),
    ),
    ("health", ("Believes the community clinic only sees people who have insurance",)),
    (
        "elections",
        (
            "Heard that you need a photo ID to vote in California",
            "Was told mail ballots are only counted when an election is close",
        ),
    ),
    (
        "disasters",
        (
            "Heard that FEMA disaster aid has to be paid back like a loan",
            "Believes renters do not have to follow evacuation orders",
        ),
    ),
    (
        "scams",
        (
            "Got a text saying their EBT card is locked and asking for the PIN",
            "Got a call from someone claiming to be Medi-Cal, asking for a fee to keep coverage",
        ),
    ),
    ("other", ("Heard that landlords can see census answers",)),
)

CONTACT_NOTES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "reached": words(
            "Spoke with the grandmother; she will share the flyer with her daughter."
            "|Very interested in CalFresh; already has Medi-Cal."
            "|Asked about English classes for her husband."
            "|Neighbor next door also asked for materials."
            "|Wants help with a PG&E bill; referred to the utility help desk."
        ),
        "follow_up": words(
            "Bring the CalFresh application next visit."
            "|Call back after payday to go over documents."
            "|Needs the Medi-Cal renewal packet; will look for it."
            "|Asked for a Hmong-speaking canvasser next time."
        ),
        "not_home": words("Dog in the yard; use the side gate.|Lights on but no answer."),
        "refused": words("Not interested; polite.|Asked not to be contacted again."),
        "moved": words("New tenants say the family moved to Stockton.|House is vacant."),
    }
)

ENROLLMENT_NOTES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "started": words("Waiting on pay stubs.|Needs help scanning documents."),
        "submitted": words("Interview scheduled by phone.|County asked for proof of rent."),
        "approved": words("Benefits start next month.|EBT card arrived."),
        "denied": words("Over the income limit; will reapply if hours drop.|Missed interview."),
        "withdrawn": words("Family moved out of state.|Decided to wait until next year."),
    }
)

SURVEY_TITLE: Mapping[str, str] = MappingProxyType(
    {
        "en": "Stronger Together: Community Assets and Needs Survey",
        "es": "Más Fuertes Juntos: Encuesta de Recursos y Necesidades de la Comunidad",
        "zh-Hans": "携手更强：社区资源与需求调查",
        "vi": "Cùng Nhau Vững Mạnh: Khảo Sát Nguồn Lực và Nhu Cầu Cộng Đồng",
    }
)


def _choices(spec: str) -> list[dict[str, Any]]:
    """Choices from "name=English=Spanish" items separated by "|"."""
    out: list[dict[str, Any]] = []
    for item in words(spec):
        name, en, es = item.split("=")
        out.append({"name": name, "label": {"en": en, "es": es}})
    return out


def _question(name: str, kind: str, en: str, es: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, "label": {"en": en, "es": es}, **extra}


def survey_questions() -> list[dict[str, Any]]:
    """The questions of the "Stronger Together" survey, in a simple JSON form."""
    return [
        _question(
            "years_in_community",
            "select_one",
            "How long have you lived in this community?",
            "¿Cuánto tiempo ha vivido en esta comunidad?",
            required=True,
            choices=_choices(
                "under_1=Less than 1 year=Menos de 1 año|1_to_5=1 to 5 years=De 1 a 5 años"
                "|6_to_10=6 to 10 years=De 6 a 10 años|over_10=More than 10 years=Más de 10 años"
            ),
        ),
        _question(
            "community_strengths",
            "select_multiple",
            "What makes your community strong?",
            "¿Qué hace fuerte a su comunidad?",
            required=True,
            choices=_choices(
                "neighbors=Neighbors who help each other=Vecinos que se ayudan"
                "|faith=Churches, temples and mosques=Iglesias, templos y mezquitas"
                "|schools=Schools=Escuelas|parks=Parks and open space=Parques y áreas verdes"
                "|businesses=Local small businesses=Pequeños negocios locales"
                "|culture=Cultural events and traditions=Eventos culturales y tradiciones"
                "|organizations=Community organizations=Organizaciones comunitarias"
            ),
        ),
        _question(
            "top_needs",
            "select_multiple",
            "What does your household need most right now?",
            "¿Qué es lo que más necesita su hogar en este momento?",
            required=True,
            choices=_choices(
                "food=Food=Alimentos|housing=Affordable housing=Vivienda asequible"
                "|health_care=Health care=Atención médica|mental_health=Mental health support"
                "=Apoyo de salud mental|jobs=Jobs and training=Empleo y capacitación"
                "|child_care=Child care=Cuidado de niños|immigration=Immigration help"
                "=Ayuda con inmigración|transportation=Transportation=Transporte"
                "|internet=Internet access=Acceso a internet|utilities=Help with utility bills"
                "=Ayuda con facturas de servicios|disaster=Disaster preparedness"
                "=Preparación para desastres"
            ),
        ),
        _question(
            "trusted_sources",
            "select_multiple",
            "Where do you get information you trust?",
            "¿Dónde obtiene información en la que confía?",
            required=True,
            choices=_choices(
                "family=Family and friends=Familia y amistades"
                "|community_org=Community organizations=Organizaciones comunitarias"
                "|faith_leader=Faith leaders=Líderes religiosos|clinic=Clinic or doctor"
                "=Clínica o médico|school=School=Escuela|ethnic_media=Radio, TV or newspapers"
                " in my language=Radio, TV o periódicos en mi idioma|social_media=Social media"
                "=Redes sociales|government=Government websites=Sitios web del gobierno"
            ),
        ),
        _question(
            "internet_at_home",
            "select_one",
            "Do you have internet at home?",
            "¿Tiene internet en casa?",
            required=True,
            choices=_choices("yes=Yes=Sí|phone_only=Only on a phone=Solo en el teléfono|no=No=No"),
        ),
        _question(
            "food_worry",
            "select_one",
            "In the last 12 months, did you worry that food would run out before you had money"
            " to buy more?",
            "En los últimos 12 meses, ¿le preocupó que se acabara la comida antes de tener dinero"
            " para comprar más?",
            required=True,
            choices=_choices(
                "often=Often=Con frecuencia|sometimes=Sometimes=A veces|never=Never=Nunca"
            ),
        ),
        _question(
            "disaster_plan",
            "select_one",
            "Does your household have a plan for a wildfire, flood or extreme heat?",
            "¿Tiene su hogar un plan para incendios, inundaciones o calor extremo?",
            required=True,
            choices=_choices("yes=Yes=Sí|no=No=No|not_sure=Not sure=No estoy seguro"),
        ),
        _question(
            "community_connection",
            "integer",
            "From 1 to 5, how connected do you feel to your neighbors?",
            "Del 1 al 5, ¿qué tan conectado se siente con sus vecinos?",
            required=True,
            minimum=1,
            maximum=5,
        ),
        _question(
            "household_skills",
            "text",
            "What skills or talents could your household share with the community?",
            "¿Qué habilidades o talentos podría compartir su hogar con la comunidad?",
            required=False,
        ),
        _question(
            "comments",
            "text",
            "Anything else you want us to know?",
            "¿Algo más que quiera decirnos?",
            required=False,
        ),
    ]


SURVEY_TEXT_ANSWERS: Mapping[str, Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "household_skills": {
            "en": words(
                "Cooking for large groups|Bilingual; can help interpret|Carpentry and home"
                " repair|Sewing|Gardening|Childcare|Driving neighbors to appointments"
                "|Music for community events"
            ),
            "es": words(
                "Cocinar para grupos grandes|Bilingüe; puede ayudar a interpretar|Carpintería"
                " y reparaciones|Costura|Jardinería|Cuidado de niños|Llevar a vecinos a sus"
                " citas|Música para eventos de la comunidad"
            ),
        },
        "comments": {
            "en": words(
                "More evening hours at the food pantry would help.|We need more information in"
                " our language.|The bus does not come often enough.|The streetlights on our"
                " block are out."
            ),
            "es": words(
                "Ayudaría que la despensa abriera más tarde.|Necesitamos más información en"
                " nuestro idioma.|El autobús no pasa con suficiente frecuencia.|Las luces de"
                " nuestra calle no funcionan."
            ),
        },
    }
)
