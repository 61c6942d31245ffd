"""Tables and texts for synthetic demo data: places, notes, misinformation, survey answers.

Kept apart from ``demo_data`` so the generator stays readable. Everything is
invented; organization names are built from generic words so that none
names a real organization.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

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

# Typed answers to the text questions of the "Stronger Together" survey
# (resources/surveys), by question name or by the end of it ("people_detail"
# -> "detail"), in the languages people answer in.
SURVEY_TEXT_ANSWERS: Mapping[str, Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "respondent_role": {
            "en": words("Executive director|Program manager|Outreach coordinator|Volunteer lead"),
            "es": words("Directora ejecutiva|Gerente de programas|Coordinador de alcance"),
            "vi": words("Giám đốc điều hành|Điều phối viên chương trình"),
            "zh-Hans": words("执行主任|项目经理|外展协调员"),
        },
        "detail": {
            "en": words(
                "Our promotoras know every family on their routes, but we lose them when the"
                " grant ends.|We share a kitchen with the church on weekends; a weekday space"
                " would double our meals.|Two laptops for eleven staff; the hotspot drops in the"
                " foothills.|Funders ask for numbers we collect on paper and type in at night."
                "|The clinic refers families to us, and we send them back for Medi-Cal help."
            ),
            "es": words(
                "Nuestras promotoras conocen a cada familia de su ruta, pero las perdemos cuando"
                " termina la subvención.|Compartimos la cocina con la iglesia los fines de semana."
                "|Tenemos dos laptops para once personas.|Los financiadores piden datos que"
                " anotamos en papel."
            ),
            "vi": words(
                "Tình nguyện viên của chúng tôi nói được tiếng Việt và tiếng Anh.|Chúng tôi cần"
                " thêm chỗ để tổ chức lớp học buổi tối."
            ),
            "zh-Hans": words("我们的志愿者会说粤语和普通话。|我们需要一个周末可以使用的活动场地。"),
        },
        "other": {
            "en": words("A community garden|Legal clinic volunteers|A food truck|Radio airtime"),
            "es": words("Un huerto comunitario|Voluntarios de clínica legal|Tiempo en la radio"),
            "vi": words("Một khu vườn cộng đồng|Thời lượng phát thanh"),
            "zh-Hans": words("社区菜园|电台节目时段"),
        },
        "languages_other": {
            "en": words("Triqui|Tongan|Ilocano|Amharic"),
            "es": words("Triqui|Purépecha|K'iche'"),
        },
        "final_comments": {
            "en": words(
                "We would welcome a partner with storage space near the freeway.|Please share"
                " the map with the county so they see the gaps we see."
            ),
            "es": words(
                "Nos gustaría encontrar un aliado con bodega cerca de la autopista.|Compartan el"
                " mapa con el condado, por favor."
            ),
        },
    }
)
