"""Name pools for synthetic demo residents: Asian communities.

Split from ``demo_names`` only to keep modules small; see there for the format.
"""

from __future__ import annotations

from ocpsc_field.core.demo_names import Community, NameStyle, latin, pairs, words

# --- Asian and Pacific Islander communities ----------------------------------

_ZH_HANS_FAMILIES = pairs(
    "陈=Chen|李=Li|王=Wang|张=Zhang|刘=Liu|黄=Huang|林=Lin|吴=Wu|周=Zhou|杨=Yang|赵=Zhao|"
    "徐=Xu|何=He|郭=Guo|梁=Liang|马=Ma|孙=Sun|朱=Zhu"
)
_ZH_HANS_FEMALE = pairs(
    "美玲=Meiling|芳=Fang|静=Jing|丽华=Lihua|秀英=Xiuying|婷婷=Tingting|雪梅=Xuemei|"
    "海燕=Haiyan|欣怡=Xinyi|敏=Min|子涵=Zihan"
)
_ZH_HANS_MALE = pairs(
    "伟=Wei|建国=Jianguo|志强=Zhiqiang|浩然=Haoran|俊杰=Junjie|晓明=Xiaoming|国华=Guohua|"
    "文博=Wenbo|磊=Lei"
)
_YUE_FAMILIES = pairs(
    "陳=Chan|黃=Wong|李=Lee|劉=Lau|張=Cheung|楊=Yeung|何=Ho|郭=Kwok|梁=Leung|譚=Tam|鄧=Tang|"
    "吳=Ng|林=Lam|周=Chow|徐=Tsui|馮=Fung|余=Yee"
)
_YUE_FEMALE = pairs(
    "美玲=Mei Ling|詠儀=Wing Yee|淑芬=Suk Fan|敏儀=Man Yee|嘉欣=Ka Yan|麗珍=Lai Chun|慧敏=Wai Man"
)
_YUE_MALE = pairs(
    "家偉=Ka Wai|小明=Siu Ming|國華=Kwok Wah|志強=Chi Keung|偉明=Wai Ming|國強=Kwok Keung"
    "|錦華=Kam Wah"
)
_TW_FAMILIES = pairs(
    "陳=Chen|林=Lin|黃=Huang|張=Chang|李=Lee|王=Wang|吳=Wu|劉=Liu|蔡=Tsai|楊=Yang|許=Hsu|鄭=Cheng"
)
_TW_FEMALE = pairs("怡君=Yi-Chun|雅婷=Ya-Ting|淑惠=Shu-Hui|佩珊=Pei-Shan|美惠=Mei-Hui")
_TW_MALE = pairs("志明=Chih-Ming|俊宏=Chun-Hung|家豪=Chia-Hao|建宏=Chien-Hung|宗翰=Tsung-Han")
_ASIAN_AM_FEMALE = words("Amy|Jennifer|Michelle|Emily|Grace|Helen|Jenny|Linda")
_ASIAN_AM_MALE = words("Kevin|David|Jason|Eric|Kenneth|Peter|Tony|Vincent")

CHINESE = Community(
    "chinese",
    "Chinese",
    4.5,
    (
        NameStyle(
            0.3,
            (("zh-Hans", 0.88), ("en", 0.12)),
            _ZH_HANS_FAMILIES,
            _ZH_HANS_FEMALE,
            _ZH_HANS_MALE,
            adopted_female=_ASIAN_AM_FEMALE,
            adopted_male=_ASIAN_AM_MALE,
        ),
        NameStyle(
            0.2,
            (("yue", 0.65), ("zh-Hant", 0.25), ("en", 0.1)),
            _YUE_FAMILIES,
            _YUE_FEMALE,
            _YUE_MALE,
            second_languages=("en", "zh-Hant"),
            adopted_female=_ASIAN_AM_FEMALE,
            adopted_male=_ASIAN_AM_MALE,
        ),
        NameStyle(0.1, (("zh-Hant", 0.85), ("en", 0.15)), _TW_FAMILIES, _TW_FEMALE, _TW_MALE),
        NameStyle(
            0.2,
            (("en", 0.55), ("zh-Hans", 0.3), ("zh-Hant", 0.15)),
            _ZH_HANS_FAMILIES,
            _ZH_HANS_FEMALE,
            _ZH_HANS_MALE,
            romanized=True,
            adopted_female=_ASIAN_AM_FEMALE,
            adopted_male=_ASIAN_AM_MALE,
        ),
        NameStyle(
            0.2,
            (("en", 0.6), ("yue", 0.4)),
            _YUE_FAMILIES,
            _YUE_FEMALE + latin("|".join(_ASIAN_AM_FEMALE)),
            _YUE_MALE + latin("|".join(_ASIAN_AM_MALE)),
            romanized=True,
            second_languages=("yue",),
        ),
    ),
)

_VI_FAMILIES = latin(
    "Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Trương|Đinh"
)
_VI_FEMALE = latin(
    "Thị Hương|Thị Lan|Ngọc Anh|Thị Mai|Thùy Linh|Thị Thảo|Hồng Hạnh|Kim Ngọc"
    "|Thu Trang|Thị Hoa|Thanh Thủy|Bích Phương|Thị Loan|Mỹ Linh"
)
_VI_MALE = latin(
    "Văn Minh|Văn Hùng|Quốc Dũng|Anh Tuấn|Hoàng Long|Minh Quang|Văn Hải|Đức Thanh"
    "|Hữu Phúc|Đăng Khoa|Gia Bảo|Minh Đức|Văn Tâm|Quang Huy"
)
VIETNAMESE = Community(
    "vietnamese",
    "Vietnamese",
    2.2,
    (
        NameStyle(0.6, (("vi", 0.88), ("en", 0.12)), _VI_FAMILIES, _VI_FEMALE, _VI_MALE),
        NameStyle(
            0.4,
            (("en", 0.5), ("vi", 0.5)),
            _VI_FAMILIES,
            _VI_FEMALE + latin("Tina|Jenny|Lisa|Vivian"),
            _VI_MALE + latin("Danny|Tony|Kevin|Henry"),
            romanized=True,
            second_languages=("vi",),
            adopted_female=words("Tina|Jenny|Lily|Nancy"),
            adopted_male=words("Danny|Tony|Steven|Peter"),
        ),
    ),
)

FILIPINO = Community(
    "filipino",
    "Filipino",
    3.8,
    (
        NameStyle(
            1.0,
            (("en", 0.45), ("tl", 0.38), ("ilo", 0.12), ("ceb", 0.05)),
            latin(
                "Santos|Reyes|Cruz|Bautista|Garcia|Mendoza|dela Cruz|Ramos|Aquino|Villanueva"
                "|Castillo|Fernandez|Soriano|Manalo|Pascual|Dizon|Tolentino|Gonzales|Salazar"
                "|Navarro|Macaraeg|Dimaculangan|Magbanua|Agbayani|Pangilinan"
            ),
            latin(
                "Maria Cristina|Rosario|Marites|Jocelyn|Maricel|Analyn|Jennilyn|Rowena|Ligaya"
                "|Imelda|Corazon|Erlinda|Rhea|Kristine"
            ),
            latin(
                "Jose|Ricardo|Rodel|Arnel|Ramon|Mark Anthony|Jericho|Romeo|Danilo|Rogelio"
                "|Ferdinand|Emmanuel|Reynaldo|Jun Rey"
            ),
            second_languages=("tl", "en"),
            adopted_female=words("Girlie|Baby|Inday|Nene"),
            adopted_male=words("Jun|Bong|Boy|Toto"),
        ),
    ),
)

_KO_FAMILIES = pairs(
    "김=Kim|이=Lee|박=Park|최=Choi|정=Jung|강=Kang|조=Cho|윤=Yoon|장=Jang|임=Lim|한=Han|오=Oh|"
    "서=Seo|신=Shin|권=Kwon|황=Hwang|송=Song|안=Ahn"
)
_KO_FEMALE = pairs(
    "서연=Seo-yeon|수빈=Su-bin|영희=Young-hee|은지=Eun-ji|지영=Ji-young|미경=Mi-kyung|"
    "순자=Soon-ja|혜진=Hye-jin|지은=Ji-eun|민지=Min-ji|경숙=Kyung-sook|정희=Jung-hee"
)
_KO_MALE = pairs(
    "민준=Min-jun|지훈=Ji-hoon|철수=Chul-soo|현우=Hyun-woo|성민=Sung-min|정호=Jung-ho|"
    "영수=Young-soo|동현=Dong-hyun|재원=Jae-won|상철=Sang-chul|준호=Jun-ho|승민=Seung-min"
)
KOREAN = Community(
    "korean",
    "Korean",
    1.4,
    (
        NameStyle(0.55, (("ko", 0.9), ("en", 0.1)), _KO_FAMILIES, _KO_FEMALE, _KO_MALE),
        NameStyle(
            0.45,
            (("en", 0.55), ("ko", 0.45)),
            _KO_FAMILIES,
            _KO_FEMALE,
            _KO_MALE,
            romanized=True,
            second_languages=("ko",),
            adopted_female=_ASIAN_AM_FEMALE,
            adopted_male=_ASIAN_AM_MALE,
        ),
    ),
)

_JA_FAMILIES = pairs(
    "佐藤=Sato|鈴木=Suzuki|高橋=Takahashi|田中=Tanaka|渡辺=Watanabe|伊藤=Ito|山本=Yamamoto|"
    "中村=Nakamura|小林=Kobayashi|加藤=Kato|吉田=Yoshida|山田=Yamada|松本=Matsumoto|井上=Inoue"
)
JAPANESE = Community(
    "japanese",
    "Japanese and Japanese American",
    0.8,
    (
        NameStyle(
            0.25,
            (("ja", 0.9), ("en", 0.1)),
            _JA_FAMILIES,
            pairs("陽子=Yoko|美咲=Misaki|直子=Naoko|恵子=Keiko|由美=Yumi|明美=Akemi|さくら=Sakura"),
            pairs("健=Ken|翔太=Shota|大輔=Daisuke|浩=Hiroshi|誠=Makoto|和夫=Kazuo|拓也=Takuya"),
        ),
        NameStyle(
            0.75,
            (("en", 0.88), ("ja", 0.12)),
            _JA_FAMILIES,
            pairs("恵子=Keiko|直子=Naoko|真理子=Mariko") + latin("Grace|Emily|Lauren|Amy"),
            pairs("健二=Kenji|浩=Hiroshi|和夫=Kazuo") + latin("Ken|Daniel|Ryan|Scott"),
            romanized=True,
            second_languages=("ja",),
        ),
    ),
)

SOUTH_ASIAN = Community(
    "south_asian",
    "Indian, Pakistani and Indo-Fijian",
    2.0,
    (
        NameStyle(
            1.0,
            (("en", 0.55), ("hi", 0.15), ("te", 0.1), ("ta", 0.08), ("gu", 0.07), ("ur", 0.05)),
            latin(
                "Patel|Sharma|Reddy|Iyer|Gupta|Rao|Shah|Kumar|Nair|Desai|Joshi|Krishnan|Mehta"
                "|Agarwal|Chaudhary|Khan|Prasad"
            ),
            latin("Priya|Ananya|Lakshmi|Deepa|Kavya|Sunita|Pooja|Neha|Meera|Divya|Aisha|Farah"),
            latin("Rahul|Venkat|Arjun|Vikram|Suresh|Rajesh|Anil|Sanjay|Ravi|Karthik|Imran|Vijay"),
            second_languages=("en", "hi"),
        ),
    ),
)

_PA_FAMILIES = pairs(
    "ਸੰਧੂ=Sandhu|ਗਿੱਲ=Gill|ਢਿੱਲੋਂ=Dhillon|ਸਿੱਧੂ=Sidhu|ਗਰੇਵਾਲ=Grewal|ਬੈਂਸ=Bains|ਮਾਨ=Mann|"
    "ਸੰਘਾ=Sangha|ਜੌਹਲ=Johal|ਬਰਾੜ=Brar|ਚਾਹਲ=Chahal|ਧਾਲੀਵਾਲ=Dhaliwal"
)
_PA_FEMALE = pairs(
    "ਹਰਪ੍ਰੀਤ=Harpreet|ਮਨਪ੍ਰੀਤ=Manpreet|ਜਸਵਿੰਦਰ=Jaswinder|ਅਮਨਦੀਪ=Amandeep|ਸਿਮਰਨ=Simran|"
    "ਪਰਮਜੀਤ=Paramjit|ਨਵਦੀਪ=Navdeep|ਗੁਰਪ੍ਰੀਤ=Gurpreet"
)
_PA_MALE = pairs(
    "ਗੁਰਪ੍ਰੀਤ=Gurpreet|ਕੁਲਦੀਪ=Kuldeep|ਬਲਜੀਤ=Baljit|ਹਰਜੀਤ=Harjit|ਸੁਖਵਿੰਦਰ=Sukhwinder|"
    "ਰਾਜਿੰਦਰ=Rajinder|ਜਸਵਿੰਦਰ=Jaswinder|ਅਮਨਦੀਪ=Amandeep"
)
PUNJABI = Community(
    "punjabi",
    "Punjabi Sikh",
    0.5,
    tuple(
        NameStyle(
            weight,
            languages,
            _PA_FAMILIES,
            _PA_FEMALE,
            _PA_MALE,
            families_female=pairs("ਕੌਰ=Kaur"),
            families_male=pairs("ਸਿੰਘ=Singh"),
            gendered_share=0.4,
            romanized=romanized,
            second_languages=("en", "hi"),
        )
        for weight, languages, romanized in (
            (0.45, (("pa", 0.9), ("en", 0.1)), False),
            (0.55, (("pa", 0.5), ("en", 0.5)), True),
        )
    ),
)

HMONG = Community(
    "hmong",
    "Hmong",
    0.25,
    (
        NameStyle(
            1.0,
            (("hmn", 0.55), ("en", 0.45)),
            latin("Vang|Xiong|Yang|Lee|Thao|Moua|Her|Lor|Vue|Chang|Khang|Hang|Kong|Cha|Lo"),
            latin("Mai|Pa Nhia|Youa|Bao|Kia|Nou|Chia|Ka|Mai Yer|Der|Xee|Maiv|Pa Kou|Sua"),
            latin("Tou|Pao|Chue|Neng|Koua|Kou|Fue|Cher|Meng|Va|Yeng|Ger|Tong|Lue|Chong|Nhia"),
            second_languages=("en", "hmn", "lo"),
        ),
    ),
)

_KM_FAMILIES = pairs(
    "សុខ=Sok|ចាន់=Chan|ហេង=Heng|លី=Ly|ម៉ៅ=Mao|ប៊ុន=Bun|ព្រំ=Prom|គឹម=Kim|អ៊ុំ=Um|ពេជ្រ=Pech|យិន=Yin|ឈឹម=Chhim"
)
_KM_FEMALE = pairs(
    "សុភា=Sophea|ស្រីមុំ=Srey Mom|ពិសី=Pisey|រតនា=Ratana|ស្រីល័ក្ខ=Srey Leak|ធារី=Theary|សុខា=Sokha"
)
_KM_MALE = pairs(
    "វិចិត្រ=Vichet|សុវណ្ណ=Sovann|ដារ៉ា=Dara|បូរ៉ា=Bora|សំណាង=Samnang|សុផល=Sophal|វណ្ណា=Vanna|រិទ្ធី=Rithy"
)
KHMER = Community(
    "khmer",
    "Cambodian",
    0.25,
    (
        NameStyle(0.4, (("km", 0.9), ("en", 0.1)), _KM_FAMILIES, _KM_FEMALE, _KM_MALE),
        NameStyle(
            0.6,
            (("en", 0.55), ("km", 0.45)),
            _KM_FAMILIES,
            _KM_FEMALE,
            _KM_MALE,
            romanized=True,
            second_languages=("km",),
        ),
    ),
)

LAO = Community(
    "lao",
    "Lao",
    0.2,
    (
        NameStyle(
            1.0,
            (("lo", 0.55), ("en", 0.45)),
            latin(
                "Sisavath|Phommavong|Vongphachanh|Keomany|Sayavong|Inthavong|Phanthavong"
                "|Souvannavong|Chanthavong|Khounthavong"
            ),
            latin("Manivanh|Sengdao|Chanthala|Vilay|Noy|Souksavanh|Boualy"),
            latin("Somphone|Bounmy|Khamphanh|Phonesavanh|Somsak|Thongchanh|Keo"),
            second_languages=("en", "th"),
        ),
    ),
)

MIEN = Community(
    "mien",
    "Iu Mien",
    0.07,
    (
        NameStyle(
            1.0,
            (("ium", 0.5), ("en", 0.38), ("lo", 0.08), ("th", 0.04)),
            latin("Saechao|Saefong|Saelee|Saeteurn|Saephan|Saelio|Saeyang|Chao|Fong"),
            latin("Nai|Mey|Fin|Chan|Kae|Farm|Lai"),
            latin("Kao|Fou|Ou|Sarn|Chiem|Yoon|Ching|Meuang"),
            second_languages=("en", "lo"),
        ),
    ),
)
