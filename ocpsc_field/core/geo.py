"""California geography: counties and ZIP codes.

Outreach teams work county by county and funders report by county, so the
county is a closed list rather than free text. The places table lets demo
data and pickers offer cities whose ZIP codes really belong to the county,
which keeps generated records believable and county reports consistent.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# The 58 counties, as named by the State (without the word "County").
COUNTIES: tuple[str, ...] = (
    "Alameda",
    "Alpine",
    "Amador",
    "Butte",
    "Calaveras",
    "Colusa",
    "Contra Costa",
    "Del Norte",
    "El Dorado",
    "Fresno",
    "Glenn",
    "Humboldt",
    "Imperial",
    "Inyo",
    "Kern",
    "Kings",
    "Lake",
    "Lassen",
    "Los Angeles",
    "Madera",
    "Marin",
    "Mariposa",
    "Mendocino",
    "Merced",
    "Modoc",
    "Mono",
    "Monterey",
    "Napa",
    "Nevada",
    "Orange",
    "Placer",
    "Plumas",
    "Riverside",
    "Sacramento",
    "San Benito",
    "San Bernardino",
    "San Diego",
    "San Francisco",
    "San Joaquin",
    "San Luis Obispo",
    "San Mateo",
    "Santa Barbara",
    "Santa Clara",
    "Santa Cruz",
    "Shasta",
    "Sierra",
    "Siskiyou",
    "Solano",
    "Sonoma",
    "Stanislaus",
    "Sutter",
    "Tehama",
    "Trinity",
    "Tulare",
    "Tuolumne",
    "Ventura",
    "Yolo",
    "Yuba",
)

# USPS assigns California the 900–961 prefixes; 90001 is the lowest ZIP in use
# and 96162 (Truckee) the highest. 962–966 are military (APO/FPO Pacific) and
# 967–968 are Hawaii, so the upper bound matters.
CA_ZIP_MIN = 90001
CA_ZIP_MAX = 96162


def is_california_zip(zip5: str) -> bool:
    """True for a five-digit ZIP code in California's range.

    Only ASCII digits count: ``str.isdigit`` would accept other scripts'
    digits, which USPS never issues.
    """
    if not isinstance(zip5, str) or len(zip5) != 5 or not zip5.isascii() or not zip5.isdigit():
        return False
    return CA_ZIP_MIN <= int(zip5) <= CA_ZIP_MAX


# A few (city, ZIP) pairs per county: the city and its post office are in that
# county. Where a ZIP was known to spill well across a county line (Watsonville
# into Monterey, Truckee into Placer) another town was picked instead.
COUNTY_PLACES: Mapping[str, tuple[tuple[str, str], ...]] = MappingProxyType(
    {
        "Alameda": (
            ("Oakland", "94612"),
            ("Berkeley", "94704"),
            ("Fremont", "94536"),
            ("Hayward", "94541"),
            ("Alameda", "94501"),
        ),
        "Alpine": (("Markleeville", "96120"),),
        "Amador": (
            ("Jackson", "95642"),
            ("Sutter Creek", "95685"),
            ("Ione", "95640"),
            ("Plymouth", "95669"),
        ),
        "Butte": (
            ("Chico", "95926"),
            ("Oroville", "95965"),
            ("Paradise", "95969"),
            ("Gridley", "95948"),
        ),
        "Calaveras": (
            ("San Andreas", "95249"),
            ("Angels Camp", "95222"),
            ("Murphys", "95247"),
            ("Valley Springs", "95252"),
        ),
        "Colusa": (("Colusa", "95932"), ("Williams", "95987"), ("Arbuckle", "95912")),
        "Contra Costa": (
            ("Concord", "94520"),
            ("Richmond", "94801"),
            ("Antioch", "94509"),
            ("Walnut Creek", "94596"),
            ("Martinez", "94553"),
        ),
        "Del Norte": (("Crescent City", "95531"), ("Smith River", "95567")),
        "El Dorado": (
            ("Placerville", "95667"),
            ("South Lake Tahoe", "96150"),
            ("El Dorado Hills", "95762"),
            ("Cameron Park", "95682"),
        ),
        "Fresno": (
            ("Fresno", "93721"),
            ("Clovis", "93612"),
            ("Sanger", "93657"),
            ("Reedley", "93654"),
            ("Selma", "93662"),
        ),
        "Glenn": (("Willows", "95988"), ("Orland", "95963")),
        "Humboldt": (
            ("Eureka", "95501"),
            ("Arcata", "95521"),
            ("Fortuna", "95540"),
            ("McKinleyville", "95519"),
        ),
        "Imperial": (
            ("El Centro", "92243"),
            ("Calexico", "92231"),
            ("Brawley", "92227"),
            ("Imperial", "92251"),
        ),
        "Inyo": (
            ("Bishop", "93514"),
            ("Lone Pine", "93545"),
            ("Independence", "93526"),
            ("Big Pine", "93513"),
        ),
        "Kern": (
            ("Bakersfield", "93301"),
            ("Delano", "93215"),
            ("Ridgecrest", "93555"),
            ("Tehachapi", "93561"),
            ("Arvin", "93203"),
        ),
        "Kings": (
            ("Hanford", "93230"),
            ("Lemoore", "93245"),
            ("Corcoran", "93212"),
            ("Avenal", "93204"),
        ),
        "Lake": (
            ("Lakeport", "95453"),
            ("Clearlake", "95422"),
            ("Kelseyville", "95451"),
            ("Middletown", "95461"),
        ),
        "Lassen": (("Susanville", "96130"), ("Westwood", "96137"), ("Herlong", "96113")),
        "Los Angeles": (
            ("Los Angeles", "90012"),
            ("Long Beach", "90802"),
            ("Pasadena", "91101"),
            ("Lancaster", "93534"),
            ("Pomona", "91766"),
        ),
        "Madera": (("Madera", "93637"), ("Chowchilla", "93610"), ("Oakhurst", "93644")),
        "Marin": (
            ("San Rafael", "94901"),
            ("Novato", "94945"),
            ("Mill Valley", "94941"),
            ("Sausalito", "94965"),
        ),
        "Mariposa": (("Mariposa", "95338"), ("El Portal", "95318")),
        "Mendocino": (
            ("Ukiah", "95482"),
            ("Fort Bragg", "95437"),
            ("Willits", "95490"),
            ("Point Arena", "95468"),
        ),
        "Merced": (
            ("Merced", "95340"),
            ("Los Banos", "93635"),
            ("Atwater", "95301"),
            ("Livingston", "95334"),
        ),
        "Modoc": (("Alturas", "96101"), ("Cedarville", "96104")),
        "Mono": (
            ("Bridgeport", "93517"),
            ("Mammoth Lakes", "93546"),
            ("Lee Vining", "93541"),
        ),
        "Monterey": (
            ("Salinas", "93901"),
            ("Monterey", "93940"),
            ("Seaside", "93955"),
            ("King City", "93930"),
            ("Soledad", "93960"),
        ),
        "Napa": (
            ("Napa", "94559"),
            ("St. Helena", "94574"),
            ("Yountville", "94599"),
            ("American Canyon", "94503"),
        ),
        "Nevada": (
            ("Grass Valley", "95945"),
            ("Nevada City", "95959"),
            ("Penn Valley", "95946"),
        ),
        "Orange": (
            ("Santa Ana", "92701"),
            ("Anaheim", "92805"),
            ("Irvine", "92614"),
            ("Huntington Beach", "92648"),
            ("Fullerton", "92832"),
        ),
        "Placer": (
            ("Auburn", "95603"),
            ("Roseville", "95678"),
            ("Rocklin", "95677"),
            ("Lincoln", "95648"),
        ),
        "Plumas": (
            ("Quincy", "95971"),
            ("Portola", "96122"),
            ("Chester", "96020"),
            ("Greenville", "95947"),
        ),
        "Riverside": (
            ("Riverside", "92501"),
            ("Moreno Valley", "92553"),
            ("Palm Springs", "92262"),
            ("Indio", "92201"),
            ("Temecula", "92590"),
        ),
        "Sacramento": (
            ("Sacramento", "95814"),
            ("Elk Grove", "95624"),
            ("Citrus Heights", "95610"),
            ("Folsom", "95630"),
            ("Rancho Cordova", "95670"),
        ),
        "San Benito": (("Hollister", "95023"), ("San Juan Bautista", "95045")),
        "San Bernardino": (
            ("San Bernardino", "92401"),
            ("Ontario", "91761"),
            ("Fontana", "92335"),
            ("Victorville", "92392"),
            ("Barstow", "92311"),
        ),
        "San Diego": (
            ("San Diego", "92101"),
            ("Chula Vista", "91910"),
            ("Oceanside", "92054"),
            ("Escondido", "92025"),
            ("El Cajon", "92020"),
        ),
        "San Francisco": (
            ("San Francisco", "94102"),
            ("San Francisco", "94110"),
            ("San Francisco", "94122"),
        ),
        "San Joaquin": (
            ("Stockton", "95202"),
            ("Lodi", "95240"),
            ("Tracy", "95376"),
            ("Manteca", "95336"),
        ),
        "San Luis Obispo": (
            ("San Luis Obispo", "93401"),
            ("Paso Robles", "93446"),
            ("Atascadero", "93422"),
            ("Arroyo Grande", "93420"),
        ),
        "San Mateo": (
            ("Redwood City", "94063"),
            ("San Mateo", "94401"),
            ("Daly City", "94014"),
            ("Half Moon Bay", "94019"),
        ),
        "Santa Barbara": (
            ("Santa Barbara", "93101"),
            ("Santa Maria", "93454"),
            ("Lompoc", "93436"),
            ("Goleta", "93117"),
        ),
        "Santa Clara": (
            ("San Jose", "95112"),
            ("Santa Clara", "95050"),
            ("Sunnyvale", "94086"),
            ("Gilroy", "95020"),
            ("Mountain View", "94041"),
        ),
        "Santa Cruz": (
            ("Santa Cruz", "95060"),
            ("Aptos", "95003"),
            ("Capitola", "95010"),
            ("Scotts Valley", "95066"),
        ),
        "Shasta": (
            ("Redding", "96001"),
            ("Anderson", "96007"),
            ("Shasta Lake", "96019"),
            ("Burney", "96013"),
        ),
        "Sierra": (
            ("Downieville", "95936"),
            ("Loyalton", "96118"),
            ("Sierra City", "96125"),
        ),
        "Siskiyou": (
            ("Yreka", "96097"),
            ("Mount Shasta", "96067"),
            ("Weed", "96094"),
            ("Dunsmuir", "96025"),
        ),
        "Solano": (
            ("Fairfield", "94533"),
            ("Vallejo", "94590"),
            ("Vacaville", "95687"),
            ("Benicia", "94510"),
        ),
        "Sonoma": (
            ("Santa Rosa", "95401"),
            ("Petaluma", "94952"),
            ("Healdsburg", "95448"),
            ("Sonoma", "95476"),
            ("Rohnert Park", "94928"),
        ),
        "Stanislaus": (
            ("Modesto", "95354"),
            ("Turlock", "95380"),
            ("Ceres", "95307"),
            ("Oakdale", "95361"),
        ),
        "Sutter": (("Yuba City", "95991"), ("Live Oak", "95953")),
        "Tehama": (("Red Bluff", "96080"), ("Corning", "96021"), ("Los Molinos", "96055")),
        "Trinity": (("Weaverville", "96093"), ("Hayfork", "96041")),
        "Tulare": (
            ("Visalia", "93291"),
            ("Tulare", "93274"),
            ("Porterville", "93257"),
            ("Dinuba", "93618"),
        ),
        "Tuolumne": (("Sonora", "95370"), ("Twain Harte", "95383"), ("Groveland", "95321")),
        "Ventura": (
            ("Ventura", "93001"),
            ("Oxnard", "93030"),
            ("Thousand Oaks", "91360"),
            ("Simi Valley", "93065"),
            ("Santa Paula", "93060"),
        ),
        "Yolo": (
            ("Woodland", "95695"),
            ("Davis", "95616"),
            ("West Sacramento", "95691"),
        ),
        "Yuba": (("Marysville", "95901"), ("Wheatland", "95692")),
    }
)

_BY_FOLDED: Mapping[str, str] = {name.casefold(): name for name in COUNTIES}
_SUFFIX = " county"
_SF_PREFIX = "city and county of "


def normalize_county(text: str) -> str | None:
    """The canonical county name for what someone typed or imported, or None.

    Spreadsheets from partners write "LOS ANGELES COUNTY", "los angeles" or
    "City and County of San Francisco"; all of those mean one county, so the
    match ignores case, extra spaces and the word "County".
    """
    if not isinstance(text, str):
        return None
    folded = " ".join(text.split()).casefold()
    if folded.startswith(_SF_PREFIX):
        folded = folded.removeprefix(_SF_PREFIX)
    if folded.endswith(_SUFFIX):
        folded = folded.removesuffix(_SUFFIX).rstrip()
    return _BY_FOLDED.get(folded)
