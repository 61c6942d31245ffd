"""The pieces of the XLSForm importer: languages, cells, types, columns, values, problems,
and one small form per supported type and per column."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest

from ocpsc_field.core import xlsform_sheets
from ocpsc_field.core.survey import Group, Question, QuestionType, walk
from ocpsc_field.core.text import Message
from ocpsc_field.core.xlsform import XLSFormError, read_xlsform
from ocpsc_field.core.xlsform_columns import read_column
from ocpsc_field.core.xlsform_languages import language_tag
from ocpsc_field.core.xlsform_problems import XLSFormProblem
from ocpsc_field.core.xlsform_sheets import WorkbookError, cell_text, read_workbook
from ocpsc_field.core.xlsform_types import read_type
from ocpsc_field.core.xlsform_values import appearance_problem, read_flag
from tests.fixtures.make_xlsform_fixtures import workbook_bytes

# --- languages in column headers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("English (en)", "en"),
        ("Español (es)", "es"),
        ("中文 (zh-Hant)", "zh-Hant"),
        ("中文 (zh-hant)", "zh-Hant"),
        ("Tiếng Việt (vi)", "vi"),
        ("English(en)", "en"),
        ("Spanish (es_MX)", "es-MX"),
        ("English", "en"),
        ("english", "en"),
        (" ENGLISH ", "en"),
        ("Spanish", "es"),
        ("Español", "es"),
        ("Espanol", "es"),
        ("Vietnamese", "vi"),
        ("Tiếng Việt", "vi"),
        ("Chinese (Traditional)", "zh-Hant"),
        ("Chinese (Simplified)", "zh-Hans"),
        ("繁體中文", "zh-Hant"),
        ("Tagalog", "tl"),
        ("한국어", "ko"),
        ("Русский", "ru"),
        ("فارسی", "fa"),
        ("es", "es"),
        ("zh-Hant", "zh-Hant"),
        ("Klingon", None),
        ("Elvish (elvish)", None),
        ("", None),
    ],
)
def test_language_names_become_tags(text: str, tag: str | None) -> None:
    assert language_tag(text) == tag


# --- cells ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("  Name  ", "Name"),
        ("\xa0yes\xa0", "yes"),
        (True, "true"),
        (False, "false"),
        (2024031501, "2024031501"),
        (2024031501.0, "2024031501"),
        (2.5, "2.5"),
        (datetime(2024, 3, 15), "2024-03-15"),
        (datetime(2024, 3, 15, 9, 30), "2024-03-15T09:30:00"),
        (date(2024, 3, 15), "2024-03-15"),
        (time(14, 30), "14:30:00"),
        (timedelta(hours=26, minutes=5), "26:05:00"),
    ],
)
def test_cells_read_as_their_author_meant(value: Any, text: str) -> None:
    assert cell_text(value) == text


def test_workbooks_drop_empty_rows_and_trailing_empty_cells() -> None:
    data = workbook_bytes(
        {"survey": [("type", "name", None, None), (None, None), ("text", "a", None), ("note",)]}
    )
    (sheet,) = read_workbook(data)
    assert sheet.rows == ((1, ("type", "name")), (3, ("text", "a")), (4, ("note",)))


def test_too_large_a_file_is_refused_before_it_is_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    data = workbook_bytes({"survey": [("type", "name"), ("text", "a")]})
    monkeypatch.setattr(xlsform_sheets, "MAX_FILE_BYTES", len(data) - 1)
    with pytest.raises(WorkbookError) as caught:
        read_workbook(data)
    assert caught.value.message.msgid.startswith("This file is larger than")


def test_a_zip_that_unpacks_too_large_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 200_000)
    monkeypatch.setattr(xlsform_sheets, "MAX_UNPACKED_BYTES", 100_000)
    with pytest.raises(WorkbookError) as caught:
        read_workbook(out.getvalue())
    assert caught.value.message.msgid.startswith("This file is larger than")


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    with pytest.raises(WorkbookError) as caught:
        read_workbook(out.getvalue())
    assert caught.value.message.msgid.startswith("This file is not an Excel workbook")


def test_a_damaged_workbook_is_refused_plainly() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not really")
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(out.getvalue())
    assert [p.message.msgid for p in caught.value.problems] == [
        "This workbook is damaged and could not be read."
    ]


# --- types ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "question", "control", "list_name", "or_other"),
    [
        ("text", QuestionType.TEXT, None, None, False),
        ("string", QuestionType.TEXT, None, None, False),
        ("integer", QuestionType.INTEGER, None, None, False),
        ("int", QuestionType.INTEGER, None, None, False),
        ("decimal", QuestionType.DECIMAL, None, None, False),
        ("date", QuestionType.DATE, None, None, False),
        ("time", QuestionType.TIME, None, None, False),
        ("note", QuestionType.NOTE, None, None, False),
        ("acknowledge", QuestionType.ACKNOWLEDGE, None, None, False),
        ("trigger", QuestionType.ACKNOWLEDGE, None, None, False),
        ("calculate", QuestionType.CALCULATE, None, None, False),
        ("start", QuestionType.START, None, None, False),
        ("end", QuestionType.END, None, None, False),
        ("today", QuestionType.TODAY, None, None, False),
        ("deviceid", QuestionType.DEVICEID, None, None, False),
        ("username", QuestionType.USERNAME, None, None, False),
        ("Integer", QuestionType.INTEGER, None, None, False),
        ("select_one yes_no", QuestionType.SELECT_ONE, None, "yes_no", False),
        ("select one  yes_no", QuestionType.SELECT_ONE, None, "yes_no", False),
        ("select_multiple needs", QuestionType.SELECT_MULTIPLE, None, "needs", False),
        ("select all that apply needs", QuestionType.SELECT_MULTIPLE, None, "needs", False),
        ("select_one heard or_other", QuestionType.SELECT_ONE, None, "heard", True),
        ("select_multiple help or other", QuestionType.SELECT_MULTIPLE, None, "help", True),
        ("begin group", None, "begin group", None, False),
        ("begin_group", None, "begin group", None, False),
        ("BEGIN  GROUP", None, "begin group", None, False),
        ("end_group", None, "end group", None, False),
        ("begin repeat", None, "begin repeat", None, False),
        ("begin_repeat", None, "begin repeat", None, False),
        ("end repeat", None, "end repeat", None, False),
    ],
)
def test_supported_types(
    text: str,
    question: QuestionType | None,
    control: str | None,
    list_name: str | None,
    or_other: bool,
) -> None:
    found = read_type(text)
    assert found.refusal is None
    assert (found.question, found.control, found.list_name, found.or_other) == (
        question,
        control,
        list_name,
        or_other,
    )


@pytest.mark.parametrize(
    ("text", "msgid_start"),
    [
        ("geopoint", "“{type}” questions (locations and maps)"),
        ("geotrace", "“{type}” questions (locations and maps)"),
        ("geoshape", "“{type}” questions (locations and maps)"),
        ("image", "“{type}” questions (photos, sound"),
        ("audio", "“{type}” questions (photos, sound"),
        ("video", "“{type}” questions (photos, sound"),
        ("file", "“{type}” questions (photos, sound"),
        ("barcode", "“{type}” questions (photos, sound"),
        ("range", "“{type}” questions are not supported."),
        ("rank colors", "“{type}” questions are not supported."),
        ("hidden", "“{type}” questions are not supported: to record a fixed value"),
        ("begin_kobomatrix", "“{type}” (a KoboToolbox question matrix)"),
        ("select_one_from_file a.csv", "“{type}” (choices from a separate file)"),
        ("select_multiple_from_file a.csv", "“{type}” (choices from a separate file)"),
        ("select one from file a.csv", "“{type}” (choices from a separate file)"),
        ("select_one_external streets", "“{type}” (choices from a separate file)"),
        ("audit", "“{type}” records more than the answers"),
        ("background-audio", "“{type}” records more than the answers"),
        ("start-geopoint", "“{type}” records more than the answers"),
        ("email", "“{type}” records more than the answers"),
        ("phonenumber", "“{type}” is phone metadata"),
        ("simserial", "“{type}” is phone metadata"),
        ("subscriberid", "“{type}” is phone metadata"),
        ("dateTime", "“{type}” questions are not supported: ask for a date"),
        ("select_one", "Name the list of choices after {type}"),
        ("select_one a b", "Write a select type as"),
        ("texte", "“{type}” is not an XLSForm question type."),
    ],
)
def test_refused_types_say_why(text: str, msgid_start: str) -> None:
    found = read_type(text)
    assert found.refusal is not None
    assert found.refusal.msgid.startswith(msgid_start)


# --- columns -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sheet", "header", "key", "language"),
    [
        ("survey", "label", "label", None),
        ("survey", "Label::English (en)", "label", "en"),
        ("survey", "  label :: Español (es) ", "label", "es"),
        ("survey", "hint::中文 (zh-Hant)", "hint", "zh-Hant"),
        ("survey", "constraint_message::Tiếng Việt (vi)", "constraint_message", "vi"),
        ("survey", "required_message::English", "required_message", "en"),
        ("survey", "Constraint Message", "constraint_message", None),
        ("survey", "relevance", "relevant", None),
        ("survey", "readonly", "read_only", None),
        ("survey", "jr:count", "repeat_count", None),
        ("survey", "caption", "label", None),
        ("survey", "$kuid", None, None),
        ("survey", "$autoname", None, None),
        ("survey", "guidance_hint", None, None),
        ("survey", "guidance_hint::Español (es)", None, "es"),
        ("survey", "", None, None),
        ("choices", "list name", "list_name", None),
        ("choices", "value", "name", None),
        ("choices", "county", "column:county", None),
        ("choices", "$autovalue", None, None),
        ("settings", "id_string", "form_id", None),
        ("settings", "style", None, None),
        ("settings", "instance_name", None, None),
    ],
)
def test_columns_are_understood_or_ignored(
    sheet: str, header: str, key: str | None, language: str | None
) -> None:
    column = read_column(0, header, sheet)
    assert column.refusal is None
    assert (column.key, column.language) == (key, language)


@pytest.mark.parametrize(
    ("sheet", "header", "msgid_start"),
    [
        ("survey", "media::image", "Pictures, sound and video"),
        ("survey", "image", "Pictures, sound and video"),
        ("survey", "media::audio::English (en)", "Pictures, sound and video"),
        ("choices", "media::image", "Pictures, sound and video"),
        ("survey", "parameters", "The parameters column"),
        ("survey", "trigger", "The trigger column"),
        ("survey", "body::accuracyThreshold", "“{column}” sets an ODK option directly"),
        ("survey", "bind::oc:external", "“{column}” sets an ODK option directly"),
        ("survey", "required::English (en)", "“{column}” is not an XLSForm column"),
        ("survey", "label::Klingon", "“{language}” is not a language"),
        ("settings", "public_key", "Encrypting responses"),
        ("settings", "colour", "“{column}” is not an XLSForm column"),
    ],
)
def test_columns_that_are_refused(sheet: str, header: str, msgid_start: str) -> None:
    column = read_column(0, header, sheet)
    assert column.refusal is not None
    assert column.refusal.msgid.startswith(msgid_start)


# --- values --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("yes", True),
        ("Yes", True),
        ("TRUE", True),
        ("true()", True),
        ("1", True),
        ("no", False),
        ("FALSE()", False),
        ("0", False),
        ("", False),
        ("${age} > 18", None),
    ],
)
def test_flags(text: str, flag: bool | None) -> None:
    assert read_flag(text) is flag


@pytest.mark.parametrize(
    ("text", "fine"),
    [
        ("minimal", True),
        ("field-list", True),
        ("multiline", True),
        ("horizontal-compact", True),
        ("w4 minimal", True),
        ("columns-3", True),
        ("likert", True),
        ("counter", True),
        ("month-year", False),
        ("year", False),
        ("signature", False),
        ("search('streets')", False),
        ("ex:org.example.app", False),
        ("minimal   placement-map", False),
    ],
)
def test_appearances(text: str, fine: bool) -> None:
    assert (appearance_problem(text) is None) is fine


# --- problems ------------------------------------------------------------------------------------


def test_problems_render_the_place_and_the_message_through_gettext() -> None:
    problem = XLSFormProblem(Message("Bad {thing}.", {"thing": "x"}), "survey", 12, "constraint")
    assert problem.render() == 'sheet "survey", row 12, column "constraint": Bad x.'
    translations = {
        'sheet "{sheet}", row {row}, column "{column}": {problem}': (
            'hoja "{sheet}", fila {row}, columna "{column}": {problem}'
        ),
        "Bad {thing}.": "{thing} está mal.",
    }
    assert problem.render(lambda msgid: translations.get(msgid, msgid)) == (
        'hoja "survey", fila 12, columna "constraint": x está mal.'
    )


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (
            XLSFormProblem(Message("M"), "survey", 3, "relevant", 7),
            'sheet "survey", row 3, column "relevant", character 7: M',
        ),
        (XLSFormProblem(Message("M"), "choices", 4), 'sheet "choices", row 4: M'),
        (
            XLSFormProblem(Message("M"), "settings", None, "form_id"),
            'sheet "settings", column "form_id": M',
        ),
        (XLSFormProblem(Message("M"), "survey"), 'sheet "survey": M'),
        (XLSFormProblem(Message("M")), "M"),
    ],
)
def test_problem_places_with_and_without_parts(problem: XLSFormProblem, text: str) -> None:
    assert problem.render() == text


# --- one small form per type and per column ------------------------------------------------------


def one_row(header: tuple[str, ...], *rows: tuple[Any, ...]) -> dict[str, Question | Group]:
    """The items of a form with these survey rows, a yes/no list and settings."""
    label = "label::English (en)" if any("::" in column for column in header) else "label"
    form = {
        "survey": [header, *rows],
        "choices": [
            ("list_name", "name", label, "region"),
            ("yn", "yes", "Yes", "n"),
            ("yn", "no", "No", "s"),
        ],
        "settings": [("form_id", "version"), ("one", "1")],
    }
    definition = read_xlsform(workbook_bytes(form))
    return {item.name: item for item in walk(definition.items, into_repeats=True)}


@pytest.mark.parametrize(
    ("type_text", "kind"),
    [
        ("text", QuestionType.TEXT),
        ("integer", QuestionType.INTEGER),
        ("decimal", QuestionType.DECIMAL),
        ("date", QuestionType.DATE),
        ("time", QuestionType.TIME),
        ("select_one yn", QuestionType.SELECT_ONE),
        ("select_multiple yn", QuestionType.SELECT_MULTIPLE),
        ("note", QuestionType.NOTE),
        ("acknowledge", QuestionType.ACKNOWLEDGE),
        ("start", QuestionType.START),
        ("end", QuestionType.END),
        ("today", QuestionType.TODAY),
        ("deviceid", QuestionType.DEVICEID),
        ("username", QuestionType.USERNAME),
    ],
)
def test_each_type_imports(type_text: str, kind: QuestionType) -> None:
    found = one_row(("type", "name", "label"), (type_text, "q", "Question"))["q"]
    assert isinstance(found, Question) and found.type is kind
    if kind in (QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE):
        assert found.choice_names() == ("yes", "no") and found.choice_list == "yn"


def test_calculate_imports_without_a_label() -> None:
    found = one_row(("type", "name", "calculation"), ("calculate", "c", "1 + 1"))["c"]
    assert isinstance(found, Question) and found.type is QuestionType.CALCULATE
    assert found.label == {} and found.calculation == "1 + 1"


def test_groups_and_repeats_import() -> None:
    found = one_row(
        ("type", "name", "label"),
        ("begin group", "g", "Group"),
        ("begin repeat", "r", "Repeat"),
        ("text", "t", "Text"),
        ("end repeat", None, None),
        ("end group", None, None),
    )
    group, repeat = found["g"], found["r"]
    assert isinstance(group, Group) and group.kind.value == "group"
    assert isinstance(repeat, Group) and repeat.kind.value == "repeat"
    assert [child.name for child in repeat.children] == ["t"]


@pytest.mark.parametrize(
    ("column", "cell", "field", "value"),
    [
        ("hint", "Say it slowly", "hint", {"en": "Say it slowly"}),
        ("hint::Español (es)", "Despacio", "hint", {"es": "Despacio"}),
        ("required", "yes", "required", True),
        ("required", "${q0} = 'x'", "required_if", "${q0} = 'x'"),
        ("required_message", "Please", "required_message", {"en": "Please"}),
        ("required_message::Español (es)", "Por favor", "required_message", {"es": "Por favor"}),
        ("constraint", "string-length(.) < 5", "constraint", "string-length(.) < 5"),
        ("constraint_message", "Too long", "constraint_message", {"en": "Too long"}),
        ("constraint_message::Español (es)", "Largo", "constraint_message", {"es": "Largo"}),
        ("relevant", "${q0} != ''", "relevant", "${q0} != ''"),
        ("default", "hello", "default", "hello"),
        ("default", "concat(${q0}, '!')", "default_expression", "concat(${q0}, '!')"),
        ("read_only", "yes", "read_only", True),
        ("calculation", "${q0}", "calculation", "${q0}"),
        ("appearance", "multiline", "appearance", "multiline"),
        ("label::Español (es)", "Pregunta", "label", {"en": "Question", "es": "Pregunta"}),
    ],
)
def test_each_question_column_imports(column: str, cell: str, field: str, value: Any) -> None:
    # Columns with a language need the label's language said too.
    label = "label::English (en)" if "::" in column else "label"
    header = ("type", "name", label, column)
    found = one_row(header, ("text", "q0", "First", None), ("text", "q", "Question", cell))["q"]
    assert getattr(found, field) == value


def test_choice_filter_column_imports() -> None:
    found = one_row(
        ("type", "name", "label", "choice_filter"),
        ("select_one yn", "q", "Question", "region = 'n'"),
    )["q"]
    assert isinstance(found, Question) and found.choice_filter == "region = 'n'"
    assert [choice.columns for choice in found.choices] == [{"region": "n"}, {"region": "s"}]


def test_repeat_count_column_imports() -> None:
    found = one_row(
        ("type", "name", "label", "repeat_count"),
        ("integer", "n", "How many?", None),
        ("begin repeat", "r", "Each", "${n}"),
        ("text", "t", "Text", None),
        ("end repeat", None, None, None),
    )["r"]
    assert isinstance(found, Group) and found.repeat_count == "${n}"


def test_settings_columns_import() -> None:
    form = {
        "survey": [
            ("type", "name", "label::Español (es)", "label::English (en)"),
            ("text", "q", "P", "Q"),
        ],
        "settings": [
            ("form_title", "form_id", "version", "default_language"),
            ("Título", "f", 7, "Español (es)"),
        ],
    }
    definition = read_xlsform(workbook_bytes(form))
    assert (definition.form_id, definition.version) == ("f", "7")
    assert definition.default_language == "es" and definition.languages == ("es", "en")
    assert definition.title == {"es": "Título"}


def test_a_sheet_with_too_many_rows_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [("type", "name", "label"), *[("text", f"q{n}", "Q") for n in range(5)]]
    monkeypatch.setattr(xlsform_sheets, "MAX_ROWS", 3)
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(workbook_bytes({"survey": rows}), fallback_form_id="long")
    assert [(p.sheet, p.message.msgid) for p in caught.value.problems] == [
        ("survey", "This sheet has more than {maximum} rows; a form can't be this long.")
    ]
