"""The layout of a survey export: columns over every version, repeat sheets, cells."""

from __future__ import annotations

from ocpsc_field.core.xlsform import read_xlsform
from ocpsc_field.hq.surveys_table import (
    INSTANCE_COLUMNS,
    METADATA_COLUMNS,
    OTHER_ANSWERS,
    ExportLayout,
    cell,
)
from tests.fixtures.make_xlsform_fixtures import workbook_bytes
from tests.hq.survey_forms import home_visit


def _definition(version: str, extra_row: tuple | None = None):
    sheets = home_visit("home_visit_table", version)
    if extra_row is not None:
        sheets["survey"].append(extra_row)
    return read_xlsform(workbook_bytes(sheets))


def _metadata(response_id: str, version: str = "2") -> list:
    values = dict.fromkeys(METADATA_COLUMNS)
    values.update({"_response_id": response_id, "_form_version": version, "_language": "es"})
    return list(values.values())


def test_questions_are_the_union_of_every_version_newest_order_first():
    older_only = ("integer", "old_question", "Old", "Viejo", None, None, None, None, None)
    layout = ExportLayout([_definition("2"), _definition("1", older_only)])

    main, children, visits = layout.sheets.values()
    assert main.columns() == [
        *METADATA_COLUMNS,
        "respondent",
        "phone_ok",  # only version 2 asks it; its place is version 2's
        "has_children",
        "children_count",
        "children_total",
        "programs",
        "notes",
        "old_question",  # only version 1 asked it: after the newest version's questions
    ]
    assert children.name == "children"
    assert children.columns() == [*INSTANCE_COLUMNS, "child_name", "child_age", "child_needs"]
    assert visits.columns() == [*INSTANCE_COLUMNS, "visit_date"]


def test_repeat_instances_are_keyed_to_their_response_and_parent_instance():
    layout = ExportLayout([_definition("2")])
    answers = {
        "respondent": "Ana",
        "has_children": "yes",
        "children_count": 2,
        "children": [
            {"child_name": "Luz", "child_age": 7, "child_needs": ["food", "school"]},
            {
                "child_name": "Teo",
                "visits": [{"visit_date": "2026-03-01"}, {"visit_date": "2026-04-02"}],
            },
        ],
        "programs": ["calfresh", "medi_cal"],
    }

    rows = [(sheet.name, row) for sheet, row in layout.rows(_metadata("r1"), answers)]

    assert [name for name, _row in rows] == [
        "responses",
        "children",
        "children",
        "visits",
        "visits",
    ]
    main = dict(zip(layout.sheets[None].columns(), rows[0][1], strict=True))
    assert main["_response_id"] == "r1" and main["_form_version"] == "2"
    assert main["programs"] == "calfresh medi_cal"  # choice names, space separated
    assert main["children_count"] == 2  # a number stays a number
    assert main["notes"] is None
    assert rows[1][1] == ["r1/children[1]", "r1", "", 1, "Luz", 7, "food school"]
    assert rows[2][1] == ["r1/children[2]", "r1", "", 2, "Teo", None, None]
    assert rows[3][1] == ["r1/children[2]/visits[1]", "r1", "r1/children[2]", 1, "2026-03-01"]
    assert rows[4][1] == ["r1/children[2]/visits[2]", "r1", "r1/children[2]", 2, "2026-04-02"]


def test_answers_no_version_names_are_kept_in_their_own_column():
    layout = ExportLayout([_definition("2")])
    plain = {"respondent": "Ana"}
    odd = {"respondent": "Ben", "shoe_size": 42, "children": [{"child_name": "X", "pet": "cat"}]}
    layout.observe(plain)
    assert OTHER_ANSWERS not in layout.sheets[None].columns()
    layout.observe(odd)

    main, children, visits = layout.sheets.values()
    assert main.columns()[-1] == OTHER_ANSWERS and children.columns()[-1] == OTHER_ANSWERS
    assert OTHER_ANSWERS not in visits.columns()
    rows = list(layout.rows(_metadata("r2"), odd))
    assert rows[0][1][-1] == '{"shoe_size": 42}'
    assert rows[1][1][-1] == '{"pet": "cat"}'
    assert list(layout.rows(_metadata("r3"), plain))[0][1][-1] is None


def test_cells_defuse_formulas_and_keep_numbers():
    assert cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    for text in ("+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert cell(text) == "'" + text
    assert cell(["=cmd", "b"], joined=True) == "'=cmd b"
    assert cell(-5) == -5 and cell(2.5) == 2.5
    assert cell(True) == "true"
    assert cell({"a": ["é"]}) == '{"a": ["é"]}'
    assert cell("Nguyễn 阮") == "Nguyễn 阮"
    assert cell(None) is None
