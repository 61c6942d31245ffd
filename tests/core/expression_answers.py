"""Answers and repeat paths the expression tests evaluate against: a household roster
with a nested repeat, unicode text, dates, and unanswered questions."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

TODAY = date(2024, 3, 20)
NOW = datetime(2024, 3, 20, 9, 15, tzinfo=timezone(timedelta(hours=-7)))
DAYS_2024_03_15 = float((date(2024, 3, 15) - date(1970, 1, 1)).days)

ANSWERS: dict[str, Any] = {
    "age": 34,
    "zero": 0,
    "name": "Maya",
    "empty": "",
    "none": None,
    "dec": 2.5,
    "neg": -7,
    "colors": ["red", "blue"],
    "colors_text": "red blue",
    "one": "yes",
    "num_text": "12",
    "date": "2024-03-15",
    "dt": "2024-03-15T10:30:00Z",
    "cjk": "北京市",
    "arabic": "مرحبا",
    "family": "👩\u200d👩\u200d👧",
    "county_q": "alameda",
    "household": [
        {
            "member": "Ana",
            "member_age": 40,
            "jobs": [{"job": "cook", "hours": 20}, {"job": "driver", "hours": 10}],
        },
        {"member": "Luis", "member_age": 12, "jobs": []},
        {"member": "Eva", "member_age": "", "jobs": [{"job": "tutor", "hours": 5}]},
    ],
    "visits": [],
}
REPEAT_PATH: dict[str, tuple[str, ...]] = {
    "household": (),
    "member": ("household",),
    "member_age": ("household",),
    "jobs": ("household",),
    "job": ("household", "jobs"),
    "hours": ("household", "jobs"),
    "visits": (),
    "visit_note": ("visits",),
}
