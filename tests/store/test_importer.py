"""Importing residents from spreadsheets: every encoding and dialect partners send,
header guessing, bad rows with the row numbers the spreadsheet shows, and the
all-or-nothing guarantee, down to a process killed in the middle of the insert."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from ocpsc_field.core.records import Kind
from ocpsc_field.store import import_names, journal
from ocpsc_field.store.import_table import detect_encoding
from ocpsc_field.store.importer import (
    CHECKING,
    SAVING,
    WRITING,
    ImportCancelled,
    ImportFileError,
    ImportOptions,
    check_file,
    check_row,
    column_letter,
    commit,
    guess_mapping,
    previous_import,
    read_table,
    write_rows_to_fix,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "import"


def check(path: Path, **options):
    table = read_table(path)
    return check_file(table, ImportOptions(guess_mapping(table.header), **options))


def names(opened) -> set[tuple[str, str | None]]:
    return {
        (row["given_name"], row["family_name"]) for row in opened.records.iter_all(Kind.RESIDENT)
    }


# --- reading every dialect --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter", "good", "first"),
    [
        ("residents_utf8_bom.csv", "utf-8-sig", ",", 8, ("Thị Hương", "Nguyễn")),
        ("residentes_cp1252.csv", "cp1252", ",", 3, ("José Ángel", "García Peña")),
        ("residentes_semicolon.csv", "utf-8", ";", 3, ("María José", "Rodríguez de la Cruz")),
        ("residents_utf16_tabs.txt", "utf-16", "\t", 6, ("Maricel", "Santos")),
    ],
)
def test_each_encoding_and_delimiter_reads_every_name_exactly(
    name, encoding, delimiter, good, first
):
    table = read_table(FIXTURES / name)
    assert (table.encoding, table.delimiter, table.header_row) == (encoding, delimiter, 1)
    checked = check(FIXTURES / name)
    assert (checked.good_count, checked.bad_count) == (good, 0)
    assert (checked.good[0]["given_name"], checked.good[0]["family_name"]) == first


def test_multi_script_names_survive_byte_for_byte():
    checked = check(FIXTURES / "residents_utf8_bom.csv")
    given = [row["given_name"] for row in checked.good]
    assert given == ["Thị Hương", "美玲", "민준", "فاطمة", "Արամ", "José", "សុភា", "Pa Houa"]
    utf16 = check(FIXTURES / "residents_utf16_tabs.txt")
    assert [row["family_name"] for row in utf16.good][1:] == [
        "Иванова",
        "山田",
        "ผลดี",
        "ትኩ",
        "ਸਿੰਘ",
    ]


def test_values_are_normalized_as_a_typed_form_would_be():
    by_name = {row["given_name"]: row for row in check(FIXTURES / "residents_utf8_bom.csv").good}
    kim = by_name["민준"]
    assert kim["phone"] == "+12135550115"  # 213.555.0115
    assert kim["county"] == "Los Angeles"  # "Los Angeles County"
    assert kim["preferred_language"] == "ko"  # "Korean"
    assert by_name["Thị Hương"]["household_size"] == 4
    assert by_name["Thị Hương"]["address_line"] == "9852 Bolsa Ave, Apt 3"  # comma in quotes
    spanish = check(FIXTURES / "residentes_cp1252.csv").good
    assert [row["preferred_language"] for row in spanish] == ["es", "es", "fr"]
    assert spanish[0]["birth_date"] == "1980-03-15"  # 03/15/1980, month first by default
    assert spanish[1]["city"] == "Los Ángeles"


def test_semicolon_file_keeps_a_semicolon_inside_quotes():
    rows = check(FIXTURES / "residentes_semicolon.csv").good
    assert rows[2]["family_name"] == "Pérez; Soto"
    assert rows[0]["notes"] == "Llamar después de las 5, solo español"
    assert rows[1]["preferred_language"] == "mix"  # "Mixteco"


def test_excel_sep_line_is_honoured_and_the_header_is_still_row_1(tmp_path):
    path = tmp_path / "sep.csv"
    path.write_text("sep=;\r\nNombre;Idioma\r\nAna;es\r\n;es\r\n", encoding="utf-8")
    table = read_table(path)
    assert (table.delimiter, table.header, table.header_row) == (";", ("Nombre", "Idioma"), 1)
    checked = check_file(table, ImportOptions(guess_mapping(table.header)))
    assert checked.good == [{"given_name": "Ana", "preferred_language": "es"}]
    assert [(p.row, p.field) for p in checked.problems] == [(3, "given_name")]


def test_utf8_without_bom_and_with_a_late_accent_is_utf8_not_cp1252(tmp_path):
    path = tmp_path / "late.csv"
    body = "".join(f"Ana{i},es\n" for i in range(5000)) + "Zoë,es\n"
    path.write_text("Nombre,Idioma\n" + body, encoding="utf-8")
    assert detect_encoding(path) == "utf-8"
    assert check(path).good[-1]["given_name"] == "Zoë"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "Excel 97"),
        (b"", "empty"),
        ("Nombre,Idioma\nAna,es\n".encode("utf-16-le"), "encoding"),
        (b"PK\x03\x04 not really a workbook", "could not be read as a spreadsheet"),
    ],
)
def test_files_that_cant_be_read_say_what_to_do(tmp_path, content, words):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError) as raised:
        read_table(path)
    assert words in raised.value.message.render()
    assert "CSV UTF-8" in raised.value.message.render() or words == "empty"


def test_a_missing_file_is_reported_not_raised_as_a_traceback(tmp_path):
    with pytest.raises(ImportFileError) as raised:
        read_table(tmp_path / "nope.csv")
    assert "could not be opened" in raised.value.message.render()


# --- matching columns -------------------------------------------------------------


def test_guess_mapping_knows_english_and_spanish_headers_and_their_variants():
    header = [
        "Nombre",
        "APELLIDOS",
        "Teléfono #",
        "Código Postal",
        "County",
        "Idioma preferido",
        "E-mail",
        "Fecha de nacimiento",
        "Tamaño del hogar",
        "Notas",
        "Something else",
    ]
    assert guess_mapping(header) == {
        "given_name": 0,
        "family_name": 1,
        "birth_date": 7,
        "preferred_language": 5,
        "phone": 2,
        "email": 6,
        "zip": 3,
        "county": 4,
        "household_size": 8,
        "notes": 9,
    }


def test_guess_mapping_contained_names_and_a_single_name_column():
    assert guess_mapping(["Client Phone Number", "Full Name", "Language"]) == {
        "given_name": 1,
        "preferred_language": 2,
        "phone": 0,
    }
    # A real first-name column wins over "Name"; no column is used twice.
    assert guess_mapping(["Name", "First Name", "Phone", "Phone"]) == {
        "given_name": 1,
        "phone": 2,
    }
    assert guess_mapping(["Row", "What to fix"]) == {}


def test_language_names_in_many_languages_become_tags():
    for text, tag in [
        ("Spanish", "es"),
        ("español", "es"),
        ("ESPAÑOL", "es"),
        ("Tiếng Việt", "vi"),
        ("Vietnamese", "vi"),
        ("中文", "zh"),
        ("Mandarin", "zh"),
        ("Cantonese", "yue"),
        ("Farsi", "fa"),
        ("Filipino", "tl"),
        ("zh_hant", "zh-Hant"),
        ("Iu Mien", "ium"),
    ]:
        assert import_names.language_tag(text) == tag, text
    assert import_names.language_tag("Klingonese") is None


def test_column_letters_match_spreadsheets():
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 701, 702)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


# --- bad rows ---------------------------------------------------------------------


def test_bad_rows_carry_the_row_number_the_spreadsheet_shows_and_clear_messages():
    checked = check(FIXTURES / "residents_bad_rows.csv")
    assert (checked.good_count, checked.bad_count) == (4, 7)
    found = {(p.row, p.field): p.message.render() for p in checked.problems}
    assert sorted(found) == [
        (3, "phone"),
        (5, "zip"),
        (7, "given_name"),
        (8, "county"),
        (9, "birth_date"),
        (9, "household_size"),
        (10, "consent_date"),
        (12, "preferred_language"),
    ]
    assert found[(3, "phone")].startswith("Enter a phone number with its area code")
    assert "not a California ZIP code" in found[(5, "zip")]
    assert found[(7, "given_name")] == "This field is required."
    assert "month/day/year" in found[(9, "birth_date")]
    assert found[(9, "household_size")] == "Enter a number from 1 to 30."
    assert found[(10, "consent_date")] == "Enter the date the resident gave consent."
    # Row 4's notes span two lines and row 6 is blank: numbering still follows the sheet.
    assert [row.number for row in checked.bad_rows] == [3, 5, 7, 8, 9, 10, 12]
    guadalupe = next(row for row in checked.good if row["given_name"] == "Guadalupe")
    assert guadalupe["notes"].splitlines() == ["Prefers mornings", "Call after 9"]
    # "Sí" means yes.
    maria = next(row for row in checked.good if row["given_name"] == "María")
    assert (maria["consent_contact"], maria["consent_date"]) == (True, "2024-05-01")


def test_messages_never_repeat_the_value_typed():
    checked = check(FIXTURES / "residents_bad_rows.csv")
    for problem in checked.problems:
        text = problem.message.render()
        assert "555-0199" not in text and "Springfield" not in text and "Klingon" not in text


def test_day_first_dates_are_read_when_the_user_says_so():
    options = ImportOptions({"given_name": 0, "preferred_language": 1, "birth_date": 2})
    assert check_row(["Ana", "es", "04/03/1980"], options).values["birth_date"] == "1980-04-03"
    day_first = ImportOptions(options.mapping, day_first=True)
    assert check_row(["Ana", "es", "04/03/1980"], day_first).values["birth_date"] == "1980-03-04"
    wrong = check_row(["Ana", "es", "25/12/1980"], options)
    assert "month/day/year" in wrong.errors["birth_date"].render()


def test_xlsx_with_typed_cells_dates_numbers_and_booleans():
    table = read_table(FIXTURES / "residents_typed_cells.xlsx")
    assert (table.format, table.sheet, table.sheet_count) == ("xlsx", "Residents", 2)
    checked = check(FIXTURES / "residents_typed_cells.xlsx")
    assert (checked.good_count, checked.bad_count) == (3, 1)
    vang, santos, singh = checked.good
    assert vang["phone"] == "+19165550123"  # a number cell
    assert vang["zip"] == "95823"  # a number cell
    assert vang["birth_date"] == "1984-06-02"  # a date cell (midnight datetime)
    assert vang["consent_date"] == "2024-05-01"  # a date-and-time cell: the date is kept
    assert vang["household_size"] == 7  # 7.0
    assert (vang["consent_contact"], santos["consent_contact"]) == (True, False)
    assert santos["phone"] == "+16505550122"  # 16505550122, with the country code
    assert santos["birth_date"] == "1991-12-24"
    assert singh["given_name"] == "ਹਰਪ੍ਰੀਤ"
    assert [(p.row, p.field) for p in checked.problems] == [(5, "phone")]


def test_xlsx_blank_rows_keep_the_numbering(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["First Name", "Language", "DOB"])
    sheet.append(["Ana", "es", date(1980, 1, 2)])
    sheet.append([])
    sheet.append([None, "es", None])
    book.save(tmp_path / "gaps.xlsx")
    checked = check(tmp_path / "gaps.xlsx")
    assert checked.good == [
        {"given_name": "Ana", "preferred_language": "es", "birth_date": "1980-01-02"}
    ]
    assert [(p.row, p.field) for p in checked.problems] == [(4, "given_name")]


# --- saving -----------------------------------------------------------------------


def test_all_or_nothing_with_a_bad_row_saves_nothing(opened):
    checked = check(FIXTURES / "residents_bad_rows.csv")
    outcome = commit(opened.records, checked, good_rows_only=False)
    assert (outcome.imported, outcome.left_out) == (0, 11)
    assert opened.records.count(Kind.RESIDENT) == 0
    assert journal.pending_count(opened.database) == 0
    assert previous_import(opened.database, checked.digest) is None


def test_good_rows_only_saves_exactly_the_good_rows_with_journal_ops(opened):
    checked = check(FIXTURES / "residents_bad_rows.csv")
    outcome = commit(opened.records, checked, good_rows_only=True)
    assert (outcome.imported, outcome.left_out, outcome.refused) == (4, 7, ())
    assert names(opened) == {
        ("Thị Hương", "Nguyễn"),
        ("Guadalupe", "Hernández"),
        ("María", "Núñez"),
        ("Fatima", "Al-Husseini"),
    }
    assert journal.pending_count(opened.database) == 4
    assert {row["created_by"] for row in opened.records.iter_all(Kind.RESIDENT)} == {"tester"}
    mark = previous_import(opened.database, checked.digest)
    assert mark is not None and mark.count == 4


def test_a_clean_file_imports_all_rows_in_one_go(opened):
    checked = check(FIXTURES / "residents_utf8_bom.csv")
    outcome = commit(opened.records, checked, good_rows_only=False)
    assert outcome.imported == 8
    assert opened.records.count(Kind.RESIDENT) == 8
    phones = {row["phone"] for row in opened.records.iter_all(Kind.RESIDENT)}
    assert "+16195550118" in phones


def big_file(folder: Path, rows: int, *, bad_every: int = 0) -> Path:
    path = folder / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["First Name", "Last Name", "Phone", "Language", "County"])
        for index in range(rows):
            bad = bad_every and index % bad_every == 0
            phone = "555" if bad else f"(916) 555-{index % 10000:04d}"
            writer.writerow([f"Nguyễn {index}", "Trần", phone, "vi", "Sacramento"])
    return path


def test_large_files_stream_with_progress(tmp_path):
    path = big_file(tmp_path, 5000, bad_every=1000)
    seen: list[tuple[str, int, float | None]] = []
    table = read_table(path)
    checked = check_file(
        table, ImportOptions(guess_mapping(table.header)), progress=lambda *a: seen.append(a)
    )
    assert (checked.good_count, checked.bad_count) == (4995, 5)
    assert [p.row for p in checked.problems] == [2, 1002, 2002, 3002, 4002]
    counts = [count for stage, count, _fraction in seen if stage == CHECKING]
    assert counts == sorted(counts) and counts[-1] == 5000 and len(counts) > 10
    fractions = [f for _s, _c, f in seen if f is not None]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_stopping_the_check_raises_cancelled(tmp_path):
    path = big_file(tmp_path, 1000)
    table = read_table(path)
    with pytest.raises(ImportCancelled):
        check_file(table, ImportOptions(guess_mapping(table.header)), should_stop=lambda: True)


def test_stop_during_the_insert_rolls_everything_back(opened, tmp_path):
    checked = check(big_file(tmp_path, 3000))
    stages: list[str] = []

    def stop_while_inserting() -> bool:
        # WRITING is reported once the rows are validated and the INSERTs begin;
        # from then on only SQLite's progress handler asks, mid-statement.
        return WRITING in stages

    with pytest.raises(ImportCancelled):
        commit(
            opened.records,
            checked,
            good_rows_only=False,
            progress=lambda stage, *_: stages.append(stage),
            should_stop=stop_while_inserting,
        )
    assert stages[0] == SAVING and stages[-1] == WRITING
    assert opened.records.count(Kind.RESIDENT, include_deleted=True) == 0
    assert journal.pending_count(opened.database) == 0
    assert previous_import(opened.database, checked.digest) is None
    # The connection is healthy afterwards: the same import then goes through.
    assert commit(opened.records, checked, good_rows_only=False).imported == 3000
    assert opened.records.count(Kind.RESIDENT) == 3000


CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from ocpsc_field.store.session import open_profile
    from ocpsc_field.store.importer import (
        ImportOptions, check_file, commit, guess_mapping, read_table,
    )

    folder, passphrase, source = sys.argv[1:4]
    opened = open_profile(Path(folder), passphrase)
    table = read_table(Path(source))
    checked = check_file(table, ImportOptions(guess_mapping(table.header)))
    stages = []
    calls = 0

    def should_stop():
        # Once the INSERTs have begun, SQLite calls this every few thousand steps.
        global calls
        if "writing" in stages:
            calls += 1
            if calls == 20:
                print("inserting", flush=True)
                time.sleep(600)
        return False

    commit(
        opened.records,
        checked,
        good_rows_only=False,
        progress=lambda stage, *_: stages.append(stage),
        should_stop=should_stop,
    )
    print("committed", flush=True)
    """
)


def test_a_process_killed_during_the_insert_leaves_nothing_imported(
    profile_dir, passphrase, tmp_path
):
    from ocpsc_field.store.session import open_profile

    source = big_file(tmp_path, 5000)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(profile_dir), passphrase, str(source)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "inserting"
        child.kill()
    finally:
        child.wait(timeout=60)
    with open_profile(profile_dir, passphrase) as opened:
        assert opened.records.count(Kind.RESIDENT, include_deleted=True) == 0
        assert journal.pending_count(opened.database) == 0
        assert opened.database.scalar("PRAGMA integrity_check") == "ok"
        # And the file can be imported afterwards.
        checked = check(source)
        assert commit(opened.records, checked, good_rows_only=False).imported == 5000


# --- the rows to fix --------------------------------------------------------------


def test_rows_to_fix_file_keeps_the_columns_and_can_be_imported_again(tmp_path):
    source = tmp_path / "residentes.csv"
    source.write_bytes((FIXTURES / "residentes_semicolon.csv").read_bytes())
    with source.open("a", encoding="utf-8", newline="") as handle:
        handle.write('=HYPERLINK("x");Soto;555;95202;San Joaquin;es;3;\r\n')
    checked = check(source)
    target = tmp_path / "fix.csv"
    count = write_rows_to_fix(
        checked,
        target,
        row_heading="Row",
        problems_heading="What to fix",
        describe=lambda p: f"{p.field}: {p.message.render()}",
    )
    assert count == 1
    text = target.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines(), delimiter=";"))
    assert rows[0] == ["Row", "What to fix", *checked.table.header]
    assert rows[1][0] == "5"
    assert rows[1][1].startswith("phone: Enter a phone number")
    assert rows[1][2] == '\'=HYPERLINK("x")'  # never a live formula
    assert rows[1][3:6] == ["Soto", "555", "95202"]
    again = read_table(target)
    mapping = guess_mapping(again.header)
    assert mapping["phone"] == 4 and 0 not in mapping.values() and 1 not in mapping.values()
    assert not list(tmp_path.glob(".*part"))
