"""Random XLSForms never crash the importer: a form imports fully or is refused with problems."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocpsc_field.core.survey import Question, definition_to_json, parse_definition, walk
from ocpsc_field.core.xlsform import XLSFormError, read_xlsform
from tests.fixtures.make_xlsform_fixtures import workbook_bytes

TYPES = [
    "text",
    "integer",
    "decimal",
    "date",
    "time",
    "note",
    "acknowledge",
    "calculate",
    "select_one yn",
    "select_multiple yn",
    "select_one yn or_other",
    "select_one missing",
    "begin group",
    "end group",
    "begin repeat",
    "end repeat",
    "start",
    "today",
    "geopoint",
    "Begin_Group",
    "",
    "select_one",
    "bogus",
]
HEADERS = [
    "type",
    "name",
    "label",
    "label::Español (es)",
    "hint",
    "required",
    "relevant",
    "constraint",
    "constraint_message",
    "calculation",
    "default",
    "choice_filter",
    "repeat_count",
    "read_only",
    "appearance",
    "media::image",
    "$kuid",
    "label::Elvish",
]
NAMES = ["a", "b", "c", "g", "r", "a_other", "1x", "", "has space"]
EXPRESSIONS = [
    "${a} > 1",
    "${b} = 'yes'",
    ". < 5",
    "count(${r})",
    "${nope}",
    "(",
    "1 +",
    "today()",
    "selected(${a}, 'yes')",
    "position(..)",
    "${a}",
    "yes",
    "no",
    "true()",
    "3",
]
CELLS: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(EXPRESSIONS),
    st.sampled_from(NAMES),
    st.sampled_from(["minimal", "signature", "field-list"]),
    st.none(),
    st.integers(-5, 5),
    st.booleans(),
    st.just(datetime(2024, 3, 15)),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8),
)


@st.composite
def forms(draw: st.DrawFn) -> dict[str, list[tuple[Any, ...]]]:
    headers = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8, unique=True))
    if draw(st.booleans()):
        headers = [
            "type",
            "name",
            "label",
            *[h for h in headers if h not in {"type", "name", "label"}],
        ]
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        row = []
        for header in headers:
            if header == "type":
                row.append(draw(st.sampled_from(TYPES)))
            elif header == "name":
                row.append(draw(st.sampled_from(NAMES)))
            else:
                row.append(draw(CELLS))
        rows.append(tuple(row))
    form: dict[str, list[tuple[Any, ...]]] = {"survey": [tuple(headers), *rows]}
    if draw(st.booleans()):
        form["choices"] = [("list_name", "name", "label"), ("yn", "yes", "Yes"), ("yn", "no", "No")]
    if draw(st.booleans()):
        form["settings"] = [
            ("form_id", "version", "default_language"),
            ("f", draw(CELLS), draw(CELLS)),
        ]
    return form


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(forms())
def test_random_forms_import_fully_or_are_refused_with_located_problems(form: Any) -> None:
    try:
        definition = read_xlsform(workbook_bytes(form), fallback_form_id="random")
    except XLSFormError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.render()  # every problem can be shown
            assert problem.row is None or problem.row >= 1
        return
    written = json.loads(json.dumps(definition_to_json(definition)))
    assert parse_definition(written) == definition


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_are_refused_plainly(data: bytes) -> None:
    try:
        read_xlsform(data)
    except XLSFormError as error:
        assert len(error.problems) == 1 and error.problems[0].sheet is None
    else:
        raise AssertionError("random bytes imported as a form")


QUESTION_TYPES = [
    "text",
    "integer",
    "decimal",
    "date",
    "time",
    "note",
    "acknowledge",
    "select_one yn",
    "select_multiple yn",
    "select_one yn or_other",
]


@st.composite
def valid_forms(draw: st.DrawFn) -> dict[str, list[tuple[Any, ...]]]:
    """Forms written correctly: nested groups and repeats, references to earlier questions."""
    rows: list[tuple[Any, ...]] = [("type", "name", "label", "relevant", "calculation")]
    earlier: list[str] = []  # questions outside any repeat, which any row may read
    counter = iter(range(1_000))

    def section(depth: int, in_repeat: bool) -> None:
        for _ in range(draw(st.integers(1, 4))):
            name = f"q{next(counter)}"
            relevant = f"${{{draw(st.sampled_from(earlier))}}} != ''" if earlier else None
            choice = draw(st.integers(0, 9)) if depth < 2 else 9
            if choice == 0:
                rows.append(
                    ("begin group", name, draw(st.sampled_from(["G", None])), relevant, None)
                )
                section(depth + 1, in_repeat)
                rows.append(("end group", None, None, None, None))
            elif choice == 1:
                rows.append(("begin repeat", name, "R", relevant, None))
                section(depth + 1, True)
                rows.append(("end repeat", None, None, None, None))
            elif choice == 2:
                rows.append(("calculate", name, None, None, "1 + 1"))
            elif choice == 3:
                rows.append(
                    (draw(st.sampled_from(["start", "today", "username"])), name, None, None, None)
                )
            else:
                rows.append(
                    (draw(st.sampled_from(QUESTION_TYPES)), name, "Question", relevant, None)
                )
                if not in_repeat:
                    earlier.append(name)

    section(0, False)
    return {
        "survey": rows,
        "choices": [("list_name", "name", "label"), ("yn", "yes", "Yes"), ("yn", "no", "No")],
    }


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_forms())
def test_forms_written_correctly_always_import_and_round_trip(form: Any) -> None:
    definition = read_xlsform(workbook_bytes(form), fallback_form_id="valid")
    written = json.loads(json.dumps(definition_to_json(definition)))
    assert parse_definition(written) == definition
    question_rows = [
        row for row in form["survey"][1:] if not str(row[0]).startswith(("begin", "end"))
    ]
    others = sum(1 for row in question_rows if str(row[0]).endswith("or_other"))
    imported = [item for item in walk(definition.items, into_repeats=True)]
    questions = [item for item in imported if isinstance(item, Question)]
    # Every question row, plus the "specify other" question each or_other adds.
    assert len(questions) == len(question_rows) + others
