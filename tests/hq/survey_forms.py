"""An XLSForm for the survey publishing tests: skip logic, a counted repeat with a nested
repeat, select_multiple, a calculation, English and Spanish; version 2 adds a question.

Each test publishes it under its own form id, since tests share one HQ.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from tests.fixtures.make_xlsform_fixtures import workbook_bytes

_HEADER = (
    "type",
    "name",
    "label::English (en)",
    "label::Español (es)",
    "required",
    "relevant",
    "constraint",
    "calculation",
    "repeat_count",
)


def _row(kind: str, name: str | None, en: str | None = None, es: str | None = None, **more: Any):
    return (
        kind,
        name,
        en,
        es,
        more.get("required"),
        more.get("relevant"),
        more.get("constraint"),
        more.get("calculation"),
        more.get("repeat_count"),
    )


def home_visit(form_id: str, version: str = "1") -> dict[str, list[tuple[Any, ...]]]:
    """The form as sheets of rows; version "2" (or later) asks one more question."""
    rows = [
        _HEADER,
        _row("text", "respondent", "Your first name", "Su nombre", required="yes"),
        _row(
            "select_one yes_no",
            "has_children",
            "Do children live with you?",
            "¿Viven niños con usted?",
            required="yes",
        ),
        _row(
            "integer",
            "children_count",
            "How many?",
            "¿Cuántos?",
            required="yes",
            relevant="${has_children} = 'yes'",
            constraint=". >= 1 and . <= 10",
        ),
        _row(
            "begin repeat",
            "children",
            "Child",
            "Niño",
            relevant="${has_children} = 'yes'",
            repeat_count="${children_count}",
        ),
        _row("text", "child_name", "Child's name", "Nombre del niño", required="yes"),
        _row("integer", "child_age", "Age", "Edad", constraint=". >= 0 and . < 18"),
        _row("select_multiple needs", "child_needs", "Needs", "Necesidades"),
        _row("begin repeat", "visits", "Clinic visit", "Visita a la clínica"),
        _row("date", "visit_date", "Date of the visit", "Fecha de la visita"),
        _row("end repeat", None),
        _row("end repeat", None),
        _row(
            "calculate",
            "children_total",
            calculation="if(${has_children} = 'yes', ${children_count}, 0)",
        ),
        _row("select_multiple programs", "programs", "Programs discussed", "Programas"),
        _row("text", "notes", "Anything else?", "¿Algo más?"),
    ]
    if version != "1":
        rows.insert(
            2,
            _row(
                "select_one yes_no",
                "phone_ok",
                "May we call you?",
                "¿Podemos llamarle?",
                required="yes",
            ),
        )
    choices = [
        ("list_name", "name", "label::English (en)", "label::Español (es)"),
        ("yes_no", "yes", "Yes", "Sí"),
        ("yes_no", "no", "No", "No"),
        ("needs", "food", "Food", "Comida"),
        ("needs", "clinic", "A clinic", "Una clínica"),
        ("needs", "school", "School supplies", "Útiles escolares"),
        ("programs", "calfresh", "CalFresh", "CalFresh"),
        ("programs", "medi_cal", "Medi-Cal", "Medi-Cal"),
        ("programs", "calkids", "CalKIDS", "CalKIDS"),
    ]
    settings = [
        ("form_id", "version", "form_title", "default_language"),
        (form_id, version, "Home visit", "en"),
    ]
    return {"survey": rows, "choices": choices, "settings": settings}


def new_form_id() -> str:
    return f"home_visit_{uuid.uuid4().hex[:8]}"


def write_form(folder: Path, form_id: str, version: str = "1", **changes: Any) -> Path:
    """The form as an .xlsx file in ``folder``; ``changes`` replace whole sheets."""
    sheets = {**home_visit(form_id, version), **changes}
    path = folder / f"{form_id}-v{version}.xlsx"
    path.write_bytes(workbook_bytes(sheets))
    return path


def response(survey_id: str, version: str, answers: dict[str, Any], **more: Any) -> dict:
    """A completed response's fields, as a device sends them."""
    return {
        "survey_id": survey_id,
        "survey_version": version,
        "status": "complete",
        "language": "es",
        "answers": answers,
        "completed_at": "2026-03-05T17:20:00.000Z",
        **more,
    }
