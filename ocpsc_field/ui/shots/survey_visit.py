"""A household visit survey with logic, for the survey screenshots.

Format version 2, as the XLSForm importer writes it: a titled group, a roster
the person adds people to, constraints with their messages, a question shown
only for children, a note showing an answer, in English, Spanish, Chinese
and Arabic (the Arabic constraint message is left out, so the form shows the
English one and says so).
"""

from __future__ import annotations

from typing import Any


def _texts(en: str, es: str, zh: str, ar: str) -> dict[str, str]:
    return {"en": en, "es": es, "zh-Hant": zh, "ar": ar}


_YES_NO = [
    {"name": "yes", "label": _texts("Yes", "Sí", "是", "نعم")},
    {"name": "no", "label": _texts("No", "No", "否", "لا")},
]

DEFINITION: dict[str, Any] = {
    "format_version": 2,
    "form_id": "household_visit",
    "version": "2026.3",
    "default_language": "en",
    "languages": ["en", "es", "zh-Hant", "ar"],
    "title": _texts("Household visit", "Visita al hogar", "家訪", "زيارة منزلية"),
    "items": [
        {"type": "start", "name": "started_at"},
        {
            "type": "text",
            "name": "visitor_name",
            "label": _texts("Your first name", "Su nombre", "您的名字", "اسمك الأول"),
            "hint": {"en": "As you like to be called.", "es": "Como le gusta que le llamen."},
            "required": True,
        },
        {
            "type": "group",
            "name": "home",
            "label": _texts("Your home", "Su hogar", "您的家", "منزلك"),
            "children": [
                {
                    "type": "select_one",
                    "name": "county",
                    "label": _texts("County", "Condado", "縣", "المقاطعة"),
                    "required": True,
                    "choices": [
                        {"name": "orange", "label": _texts("Orange", "Orange", "橙縣", "أورانج")},
                        {
                            "name": "fresno",
                            "label": _texts("Fresno", "Fresno", "佛雷斯諾", "فريسنو"),
                        },
                    ],
                },
                {
                    "type": "integer",
                    "name": "bedrooms",
                    "label": _texts("Bedrooms", "Dormitorios", "臥室數目", "غرف النوم"),
                    "constraint": ". >= 0 and . <= 12",
                    "constraint_message": {
                        "en": "From 0 to 12 bedrooms.",
                        "es": "De 0 a 12 dormitorios.",
                        "zh-Hant": "臥室數目須為 0 至 12。",
                    },
                },
            ],
        },
        {
            "type": "repeat",
            "name": "people",
            "label": _texts("Person", "Persona", "人員", "شخص"),
            "hint": _texts(
                "Everyone who lives in the home.",
                "Todas las personas que viven en el hogar.",
                "所有住在家中的人。",
                "كل من يعيش في المنزل.",
            ),
            "children": [
                {
                    "type": "text",
                    "name": "person_name",
                    "label": _texts("Name", "Nombre", "姓名", "الاسم"),
                    "required": True,
                },
                {
                    "type": "integer",
                    "name": "person_age",
                    "label": _texts("Age", "Edad", "年齡", "العمر"),
                    "required": True,
                    "constraint": ". >= 0 and . < 120",
                    "constraint_message": {
                        "en": "An age from 0 to 119.",
                        "es": "Una edad de 0 a 119.",
                        "zh-Hant": "年齡須為 0 至 119。",
                    },
                },
                {
                    "type": "select_one",
                    "name": "in_school",
                    "label": _texts(
                        "Goes to school?", "¿Va a la escuela?", "有上學嗎？", "هل يذهب إلى المدرسة؟"
                    ),
                    "relevant": "${person_age} < 18",
                    "choices": _YES_NO,
                },
                {
                    "type": "calculate",
                    "name": "is_child",
                    "calculation": "if(${person_age} < 18, 1, 0)",
                },
            ],
        },
        {"type": "calculate", "name": "child_count", "calculation": "sum(${is_child})"},
        {
            "type": "note",
            "name": "summary",
            "label": _texts(
                "${visitor_name}: ${child_count} children in the home.",
                "${visitor_name}: ${child_count} menores en el hogar.",
                "${visitor_name}：家中有 ${child_count} 名兒童。",
                "${visitor_name}: ${child_count} أطفال في المنزل.",
            ),
        },
        {
            "type": "time",
            "name": "best_time",
            "label": _texts(
                "Best time to call back", "Mejor hora para llamar", "方便回電的時間", "أفضل وقت"
            ),
        },
        {
            "type": "acknowledge",
            "name": "consent",
            "label": _texts(
                "I agree to share these answers with the program.",
                "Acepto compartir estas respuestas con el programa.",
                "我同意與計劃分享這些答案。",
                "أوافق على مشاركة هذه الإجابات مع البرنامج.",
            ),
            "required": True,
        },
    ],
}

# As HQ publishes it: a survey record of this version.
VISIT_SURVEY: dict[str, Any] = {
    "form_id": DEFINITION["form_id"],
    "version": DEFINITION["version"],
    "title": DEFINITION["title"],
    "definition": DEFINITION,
}
