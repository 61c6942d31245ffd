"""Name pools for synthetic demo residents, by community.

California's outreach teams meet people of every background, so demo data
should too: names in their own scripts (Han, Hangul, Armenian, Perso-Arabic,
Arabic, Gurmukhi, Khmer, Cyrillic, kana/kanji) as well as romanized, with full
Vietnamese diacritics, and with the preferred languages such communities
commonly ask for. Every name is a common, ordinary name; none stands for a
real person.

Each name is a pair ``(as written, romanization)``. The romanization gives
ASCII e-mail addresses and the "romanized" styles, which show the same pools
the way many people write their names on U.S. forms.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

Pair = tuple[str, str]

# Letters that Unicode does not decompose into a base letter plus accents.
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "ß": "ss", "ł": "l", "æ": "ae"})


def ascii_fold(text: str) -> str:
    """Drop accents and marks: "Nguyễn" -> "Nguyen", "Núñez" -> "Nunez"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(spec: str) -> tuple[str, ...]:
    """Items of a "|"-separated list."""
    return tuple(item.strip() for item in spec.split("|"))


def latin(spec: str) -> tuple[Pair, ...]:
    """Pairs for "|"-separated names already in Latin script."""
    return tuple((name, ascii_fold(name)) for name in words(spec))


def pairs(spec: str) -> tuple[Pair, ...]:
    """Pairs from "written=Roman" items separated by "|"."""
    out = []
    for item in words(spec):
        written, roman = item.split("=")
        out.append((written.strip(), roman.strip()))
    return tuple(out)


@dataclass(frozen=True)
class NameStyle:
    """One way a community's names are written, with the languages it prefers."""

    weight: float
    languages: tuple[tuple[str, float], ...]
    families: tuple[Pair, ...]
    given_female: tuple[Pair, ...]
    given_male: tuple[Pair, ...]
    # Gendered family names (Russian -ov/-ova, Sikh Kaur/Singh), used with ``gendered_share``.
    families_female: tuple[Pair, ...] = ()
    families_male: tuple[Pair, ...] = ()
    gendered_share: float = 0.0
    romanized: bool = False  # write the romanization rather than the original script
    double_family: float = 0.0  # share with two family names ("García López")
    second_languages: tuple[str, ...] = ("en",)
    nicknames: tuple[Pair, ...] = ()  # (given name, usual short name)
    adopted_female: tuple[str, ...] = ()  # everyday names some people go by
    adopted_male: tuple[str, ...] = ()


@dataclass(frozen=True)
class Community:
    key: str
    label: str
    weight: float  # rough statewide share, before county adjustments
    styles: tuple[NameStyle, ...]


# --- Latino communities -------------------------------------------------------

_MX_FAMILIES = latin(
    "García|Hernández|López|Martínez|González|Rodríguez|Pérez|Sánchez|Ramírez"
    "|Flores|Torres|Rivera|Gómez|Díaz|Cruz|Morales|Reyes|Gutiérrez|Ortiz|Castillo"
    "|Chávez|Ramos|Mendoza|Ruiz|Álvarez|Jiménez|Vásquez|Romero|Herrera|Medina"
    "|Aguilar|Contreras|Guzmán|Salazar|Navarro|Delgado|Ibarra|Zúñiga|Núñez"
    "|Villalobos|De la Cruz"
)
_MX_FEMALE = latin(
    "María Guadalupe|María de Jesús|Ana María|Rosa|Juana|Verónica|Leticia|Alejandra"
    "|Gabriela|Yesenia|Daniela|Lucía|Sofía|Marisol|Esperanza|Dulce María|Margarita"
    "|Araceli|Elvira|Consuelo|Rocío|Ximena|Itzel|Citlali"
)
_MX_MALE = latin(
    "José Luis|Juan Carlos|Jesús|Miguel Ángel|Francisco|Luis|Carlos|Alejandro|Jorge"
    "|Ricardo|Óscar|Fernando|Édgar|Salvador|Javier|Raúl|Ernesto|Guillermo|Ignacio"
    "|Roberto|Arturo|Rigoberto|Cuauhtémoc|Emiliano"
)
_MX_NICKNAMES = pairs(
    "María Guadalupe=Lupe|Jesús=Chuy|Francisco=Pancho|Guillermo=Memo|Ignacio=Nacho"
    "|Roberto=Beto|Alejandra=Ale|Consuelo=Chelo|Salvador=Chava|José Luis=Pepe"
    "|María de Jesús=Chuyita|Margarita=Magui"
)
_US_FEMALE = latin(
    "Jennifer|Jessica|Ashley|Stephanie|Vanessa|Michelle|Jacqueline|Brianna|Natalie"
    "|Crystal|Melissa|Andrea|Diana|Angelica"
)
_US_MALE = latin(
    "Daniel|Anthony|Christopher|Kevin|Jonathan|Andrew|Brian|Adrian|Joshua|David|Steven|Eric|Isaac"
)

MEXICAN = Community(
    "mexican",
    "Mexican and Mexican American",
    30.0,
    (
        NameStyle(
            0.55,
            (("es", 0.92), ("en", 0.08)),
            _MX_FAMILIES,
            _MX_FEMALE,
            _MX_MALE,
            double_family=0.35,
            nicknames=_MX_NICKNAMES,
        ),
        NameStyle(
            0.45,
            (("en", 0.8), ("es", 0.2)),
            _MX_FAMILIES,
            _US_FEMALE + _MX_FEMALE[:12],
            _US_MALE + _MX_MALE[:12],
            double_family=0.05,
            second_languages=("es",),
        ),
    ),
)

CENTRAL_AMERICAN = Community(
    "central_american",
    "Salvadoran, Guatemalan and Honduran",
    5.0,
    (
        NameStyle(
            1.0,
            (("es", 0.8), ("mam", 0.07), ("quc", 0.05), ("kjb", 0.03), ("en", 0.05)),
            latin(
                "Hernández|López|Martínez|García|Orellana|Menjívar|Portillo|Alvarado|Ayala"
                "|Quintanilla|Argueta|Chicas|Rivas|Pineda|Funes|Cabrera|Escobar|Morán|Méndez"
                "|Tzul|Cux|Ixcoy"
            ),
            latin(
                "Xiomara|Yesenia|Reina|Sulma|Marleny|Glenda|Iris|Delmy|Ingrid|Karla|Mirna"
                "|Dinora|Ana Gabriela|Rosa Elena"
            ),
            latin(
                "Wilmer|Nelson|Elmer|Wilson|José Roberto|Douglas|Edwin|Walter|Mario"
                "|Óscar Armando|Milton|Byron|Kevin|Selvin"
            ),
            double_family=0.45,
            second_languages=("es", "en"),
        ),
    ),
)

MEXICAN_INDIGENOUS = Community(
    "mexican_indigenous",
    "Mixtec, Zapotec, Triqui and Purépecha",
    0.6,
    (
        NameStyle(
            1.0,
            (("mix", 0.45), ("zap", 0.2), ("trs", 0.1), ("tsz", 0.05), ("es", 0.2)),
            latin(
                "Santiago|López|Hernández|Martínez|Cruz|Ramírez|Bautista|Vásquez|Mendoza"
                "|Jiménez|Sánchez|Pérez|Reyes|Luna|Aquino|Ventura|Ortiz|Morales|Chávez|Velasco"
            ),
            latin(
                "Juana|Eufemia|Filomena|Rufina|Teodora|Macaria|Catalina|Petrona|Modesta"
                "|Florencia|Severiana|Lorenza"
            ),
            latin(
                "Florentino|Apolinar|Cirilo|Crisanto|Leocadio|Eleuterio|Bernardino|Pascual"
                "|Gaudencio|Fidel|Isidro|Tranquilino"
            ),
            double_family=0.4,
            second_languages=("es",),
        ),
    ),
)

# --- English-speaking communities -------------------------------------------

WHITE = Community(
    "white",
    "White",
    33.0,
    (
        NameStyle(
            1.0,
            (("en", 1.0),),
            latin(
                "Smith|Johnson|Miller|Anderson|Wilson|Taylor|Moore|Clark|Lewis|Walker|Hall"
                "|Young|Allen|King|Wright|Scott|Green|Baker|Adams|Nelson|Carter|Roberts|Turner"
                "|Phillips|Campbell|Parker|Evans|Collins|Stewart|Murphy|O'Brien|Schmidt|Olson"
                "|Peterson|Sullivan|Kowalski|Russo|Silva"
            ),
            latin(
                "Emily|Sarah|Jennifer|Ashley|Linda|Karen|Megan|Heather|Susan|Barbara|Nancy"
                "|Carol|Hannah|Emma|Rebecca|Katherine"
            ),
            latin(
                "Michael|David|Robert|William|Christopher|Richard|Thomas|Brian|Kyle|Patrick"
                "|Daniel|Ryan|Dylan|Tyler|Logan|Gary"
            ),
            second_languages=("es",),
            nicknames=pairs(
                "Katherine=Katie|William=Bill|Robert=Bob|Richard=Rick|Michael=Mike|Thomas=Tom"
            ),
        ),
    ),
)

BLACK = Community(
    "black",
    "Black and African American",
    5.5,
    (
        NameStyle(
            1.0,
            (("en", 1.0),),
            latin(
                "Washington|Jackson|Johnson|Williams|Brown|Jones|Davis|Harris|Robinson|Thomas"
                "|Jefferson|Coleman|Franklin|Gaines|Hawkins|Booker|Mitchell|Banks|Freeman"
                "|Simmons"
            ),
            latin(
                "Keisha|Jasmine|Tiana|Aaliyah|Ebony|Imani|Monique|Shanice|Latoya|Destiny|Tamika"
                "|Gloria|Dorothy|Angela"
            ),
            latin(
                "Darnell|Andre|Marcus|Terrence|Malik|DeShawn|Jerome|Cedric|Xavier|Reginald"
                "|Jamal|Willie|James|Darius"
            ),
            second_languages=("es",),
        ),
    ),
)

EAST_AFRICAN = Community(
    "east_african",
    "Ethiopian, Eritrean and Somali",
    0.3,
    (
        NameStyle(
            0.6,
            (("am", 0.55), ("ti", 0.15), ("en", 0.3)),
            latin("Bekele|Tadesse|Girma|Haile|Alemu|Kebede|Negash|Tesfaye|Gebremedhin|Woldemariam"),
            latin("Tigist|Mekdes|Selam|Hiwot|Meron|Bethlehem|Saba|Almaz"),
            latin("Abebe|Dawit|Yonas|Bereket|Samuel|Henok|Tesfaye|Solomon"),
        ),
        NameStyle(
            0.4,
            (("so", 0.7), ("en", 0.3)),
            latin("Mohamed|Ali|Hassan|Abdi|Farah|Warsame|Osman|Yusuf|Ahmed|Hussein"),
            latin("Hodan|Amina|Fadumo|Sahra|Hawa|Ifrah|Ayan|Sagal"),
            latin("Abdirahman|Mohamed|Abdullahi|Omar|Liban|Guled|Mahad"),
            second_languages=("en", "ar"),
        ),
    ),
)

# --- Armenian, Middle Eastern and Eastern European communities ------------

_HY_FAMILIES = pairs(
    "Հակոբյան=Hakobyan|Սարգսյան=Sargsyan|Պետրոսյան=Petrosyan|Գրիգորյան=Grigoryan|"
    "Հովհաննիսյան=Hovhannisyan|Մկրտչյան=Mkrtchyan|Ավետիսյան=Avetisyan|Կարապետյան=Karapetyan|"
    "Խաչատրյան=Khachatryan|Ղազարյան=Ghazaryan|Մարտիրոսյան=Martirosyan|Ստեփանյան=Stepanyan"
)
_HY_FEMALE = pairs(
    "Անի=Ani|Լիլիթ=Lilit|Գայանե=Gayane|Սոնա=Sona|Հասմիկ=Hasmik|Անահիտ=Anahit|Մարիամ=Mariam|"
    "Նունե=Nune"
)
_HY_MALE = pairs(
    "Արամ=Aram|Արմեն=Armen|Նարեկ=Narek|Տիգրան=Tigran|Վարդան=Vardan|Գևորգ=Gevorg|Սևակ=Sevak"
)
ARMENIAN = Community(
    "armenian",
    "Armenian",
    0.6,
    (
        NameStyle(
            0.4,
            (("hy", 0.88), ("ru", 0.04), ("en", 0.08)),
            _HY_FAMILIES,
            _HY_FEMALE,
            _HY_MALE,
            second_languages=("ru", "en"),
        ),
        NameStyle(
            0.3,
            (("hy", 0.5), ("en", 0.42), ("ru", 0.08)),
            _HY_FAMILIES,
            _HY_FEMALE,
            _HY_MALE,
            romanized=True,
            second_languages=("hy", "ru"),
        ),
        NameStyle(  # Western Armenian families, often from Lebanon, Syria or Iran
            0.3,
            (("en", 0.5), ("hy", 0.42), ("ar", 0.04), ("fa", 0.04)),
            latin(
                "Hagopian|Sarkisian|Petrosian|Kazarian|Manoukian|Derderian|Boyajian|Karapetian"
                "|Ohanian|Avakian"
            ),
            latin("Talin|Nairi|Arpi|Maral|Lucine|Anoush|Sona"),
            latin("Hagop|Krikor|Raffi|Vahe|Ara|Sarkis|Garo"),
            second_languages=("hy", "ar"),
        ),
    ),
)

# Persian uses the Persian letters yeh (U+06CC) and keheh (U+06A9), not the Arabic ones.
_FA_FAMILIES = pairs(
    "محمدی=Mohammadi|حسینی=Hosseini|رضایی=Rezaei|احمدی=Ahmadi|کریمی=Karimi|موسوی=Mousavi|"
    "جعفری=Jafari|صادقی=Sadeghi|رحیمی=Rahimi|تهرانی=Tehrani|شریفی=Sharifi|نوری=Nouri|"
    "کاظمی=Kazemi|اکبری=Akbari"
)
_FA_FEMALE = pairs(
    "مریم=Maryam|زهرا=Zahra|فاطمه=Fatemeh|نسرین=Nasrin|شیرین=Shirin|پریسا=Parisa|لیلا=Leila|"
    "نیلوفر=Niloufar|سارا=Sara|مهسا=Mahsa|آزاده=Azadeh"
)
_FA_MALE = pairs(
    "علی=Ali|رضا=Reza|محمد=Mohammad|داریوش=Dariush|بهرام=Bahram|کوروش=Kourosh|آرش=Arash|"
    "حسین=Hossein|مهدی=Mehdi|امیر=Amir|بابک=Babak"
)
PERSIAN = Community(
    "persian",
    "Iranian and Afghan",
    0.5,
    (
        NameStyle(
            0.4, (("fa", 0.78), ("prs", 0.12), ("en", 0.1)), _FA_FAMILIES, _FA_FEMALE, _FA_MALE
        ),
        NameStyle(
            0.6,
            (("en", 0.55), ("fa", 0.45)),
            _FA_FAMILIES,
            _FA_FEMALE,
            _FA_MALE,
            romanized=True,
            second_languages=("fa",),
        ),
    ),
)

_AR_FAMILIES = pairs(
    "حداد=Haddad|خوري=Khoury|منصور=Mansour|حسن=Hassan|يوسف=Youssef|إبراهيم=Ibrahim|"
    "سليمان=Suleiman|العلي=Al-Ali|نصر=Nasr|عيسى=Issa|صالح=Saleh|عثمان=Othman"
)
_AR_FEMALE = pairs(
    "ليلى=Layla|فاطمة=Fatima|نور=Nour|مريم=Mariam|سلمى=Salma|رنا=Rana|هدى=Huda|"
    "ياسمين=Yasmin|أمل=Amal|رانيا=Rania"
)
_AR_MALE = pairs(
    "أحمد=Ahmed|محمد=Mohammed|يوسف=Youssef|عمر=Omar|خالد=Khaled|سامي=Sami|كريم=Karim|"
    "علي=Ali|طارق=Tarek|فادي=Fadi"
)
ARABIC = Community(
    "arabic",
    "Arab American and Iraqi",
    0.5,
    (
        NameStyle(0.45, (("ar", 0.9), ("en", 0.1)), _AR_FAMILIES, _AR_FEMALE, _AR_MALE),
        NameStyle(
            0.55,
            (("en", 0.5), ("ar", 0.5)),
            _AR_FAMILIES,
            _AR_FEMALE,
            _AR_MALE,
            romanized=True,
            second_languages=("ar",),
        ),
    ),
)

_RU_FAMILIES_M = pairs(
    "Иванов=Ivanov|Петров=Petrov|Смирнов=Smirnov|Кузнецов=Kuznetsov|Попов=Popov|"
    "Волков=Volkov|Соколов=Sokolov|Морозов=Morozov|Новиков=Novikov|Федоров=Fedorov"
)
_RU_FAMILIES_F = pairs(
    "Иванова=Ivanova|Петрова=Petrova|Смирнова=Smirnova|Кузнецова=Kuznetsova|Попова=Popova|"
    "Волкова=Volkova|Соколова=Sokolova|Морозова=Morozova|Новикова=Novikova|Федорова=Fedorova"
)
_RU_FEMALE = pairs(
    "Анна=Anna|Мария=Mariya|Елена=Elena|Наталья=Natalya|Ольга=Olga|Татьяна=Tatyana|"
    "Светлана=Svetlana|Ирина=Irina"
)
_RU_MALE = pairs(
    "Александр=Aleksandr|Дмитрий=Dmitriy|Сергей=Sergey|Андрей=Andrey|Николай=Nikolay|"
    "Владимир=Vladimir|Михаил=Mikhail"
)
_UK_FAMILIES = pairs(
    "Шевченко=Shevchenko|Коваленко=Kovalenko|Бондаренко=Bondarenko|Ткаченко=Tkachenko|"
    "Кравченко=Kravchenko|Мельник=Melnyk|Бойко=Boyko|Савчук=Savchuk|Лисенко=Lysenko|"
    "Павленко=Pavlenko|Романюк=Romaniuk|Ковальчук=Kovalchuk"
)
_UK_FEMALE = pairs(
    "Оксана=Oksana|Олена=Olena|Наталія=Nataliia|Тетяна=Tetiana|Ірина=Iryna|Людмила=Liudmyla|"
    "Марія=Mariia|Світлана=Svitlana|Галина=Halyna|Юлія=Yuliia"
)
_UK_MALE = pairs(
    "Олександр=Oleksandr|Андрій=Andrii|Дмитро=Dmytro|Сергій=Serhii|Віктор=Viktor|Василь=Vasyl|"
    "Юрій=Yurii|Богдан=Bohdan|Петро=Petro|Михайло=Mykhailo"
)
SLAVIC = Community(
    "slavic",
    "Ukrainian and Russian-speaking",
    0.6,
    (
        NameStyle(
            0.25,
            (("ru", 0.88), ("en", 0.12)),
            (),
            _RU_FEMALE,
            _RU_MALE,
            families_female=_RU_FAMILIES_F,
            families_male=_RU_FAMILIES_M,
            gendered_share=1.0,
            second_languages=("en", "uk"),
        ),
        NameStyle(
            0.3,
            (("uk", 0.7), ("ru", 0.22), ("en", 0.08)),
            _UK_FAMILIES,
            _UK_FEMALE,
            _UK_MALE,
            second_languages=("ru", "en"),
        ),
        NameStyle(
            0.2,
            (("ru", 0.5), ("en", 0.5)),
            (),
            _RU_FEMALE,
            _RU_MALE,
            families_female=_RU_FAMILIES_F,
            families_male=_RU_FAMILIES_M,
            gendered_share=1.0,
            romanized=True,
            second_languages=("ru",),
        ),
        NameStyle(
            0.25,
            (("uk", 0.5), ("ru", 0.15), ("en", 0.35)),
            _UK_FAMILIES,
            _UK_FEMALE,
            _UK_MALE,
            romanized=True,
            second_languages=("ru", "uk"),
        ),
    ),
)
