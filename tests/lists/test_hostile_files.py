"""Hostile files (issue #8, finding 8): every reader streams, stops at the row limit + 1,
caps cells, columns, nesting and XLSX expansion, and answers a clear message — never a
traceback, never unbounded memory, never a write."""

import io
import json
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vigil.lists import reading
from vigil.lists.reading import ListError, read_rows

HEADER = "id,name,birth_year\n"


def xlsx_bytes(rows) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_sheet(content: bytes, sheet_xml: bytes) -> bytes:
    """The workbook with its first sheet's XML replaced (what a hand-made bomb does)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml
            target.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED,
                            compresslevel=9)
    return out.getvalue()


def sheet_of(rows_xml: bytes) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
            b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + rows_xml
            + b"</sheetData></worksheet>")


def inline_row(*values: str) -> bytes:
    cells = b"".join(b'<c t="inlineStr"><is><t>' + v.encode() + b"</t></is></c>"
                     for v in values)
    return b"<row>" + cells + b"</row>"


def peak_bytes(function, *args) -> int:
    tracemalloc.start()
    try:
        function(*args)
    except ListError:
        pass
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def message(content: bytes, name: str) -> str:
    with pytest.raises(ListError) as info:
        read_rows(content, name, {})
    return str(info.value)


def test_an_xlsx_zip_bomb_is_refused_before_it_is_unpacked():
    # 600 KB of compressed XML expanding to hundreds of MB, like the 4.86 M-row file
    base = xlsx_bytes([["id", "name"]])
    bomb = with_sheet(base, sheet_of(inline_row("id", "name") + inline_row("1", "A") * 1_000_000))
    assert len(bomb) < 1_000_000
    text = message(bomb, "bomb.xlsx")
    assert "expands" in text and "times" in text and "refused" in text
    assert peak_bytes(read_rows, bomb, "bomb.xlsx") < 20 * 2**20


def test_an_xlsx_that_unpacks_past_the_cap_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_XLSX_UNPACKED", 10_000)
    content = xlsx_bytes([["id", "name"]] + [[str(i), f"Person {i}"] for i in range(500)])
    assert "unpacks to more than" in message(content, "big.xlsx")


@pytest.mark.parametrize("name, content", [
    ("many.csv", (HEADER + "".join(f"{i},Person {i},1980\n" for i in range(1, 5001))).encode()),
    ("many.xlsx", xlsx_bytes([["id", "name", "birth_year"]]
                             + [[i, f"Person {i}", 1980] for i in range(1, 5001)])),
    ("many.json", json.dumps([{"id": i, "name": f"Person {i}"} for i in range(1, 5001)]
                             ).encode()),
])
def test_reading_stops_at_the_row_limit_plus_one(monkeypatch, name, content):
    monkeypatch.setattr(reading, "MAX_ROWS", 100)
    converted = []
    cell = reading._cell
    monkeypatch.setattr(reading, "_cell", lambda v: converted.append(v) or cell(v))
    text = message(content, name)
    assert "more than 100 rows; the limit is 100" in text
    # the XLSX and JSON readers convert each cell they read: no row past the 101st
    if not name.endswith(".csv"):
        assert len(converted) <= 102 * 3


def test_rows_at_the_limit_are_read(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 100)
    content = (HEADER + "".join(f"{i},Person {i},1980\n" for i in range(1, 101))).encode()
    assert len(read_rows(content, "l.csv", {})) == 100


def test_blank_xlsx_rows_are_bounded_too(monkeypatch):
    monkeypatch.setattr(reading, "MAX_SHEET_ROWS", 1000)
    content = with_sheet(xlsx_bytes([["id"]]), sheet_of(
        inline_row("id", "name") + inline_row("1", "A") + b'<row r="5000"><c t="inlineStr">'
        b"<is><t>2</t></is></c></row>"))
    assert "more than 1,000 rows" in message(content, "blank.xlsx")


def test_a_declared_sheet_size_cannot_pad_every_row():
    xml = sheet_of(inline_row("id", "name")).replace(
        b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>')
    content = with_sheet(xlsx_bytes([["id"]]), xml)
    assert "16384 columns wide; the limit is 500" in message(content, "wide.xlsx")


@pytest.mark.parametrize("content, name, expected", [
    (("," * 600 + "\n").encode(), "wide.csv", "line 1: 601 columns; the limit is 500"),
    ((HEADER + "1,A,1980," + "x" * 40_000 + "\n").encode(), "long.csv",
     "line 2, column 4: a cell of 40,000 characters; the limit is 32,767"),
    ((HEADER + '1,"' + "x" * 200_000 + '",1980\n').encode(), "huge.csv", "line 2, column 2:"),
    (json.dumps([{"id": "1", "name": "A", "notes": "x" * 40_000}]).encode(), "long.json",
     "row 1, column notes: a cell of 40,000 characters"),
    (json.dumps([{str(i): i for i in range(600)}]).encode(), "keys.json",
     "row 1: more than 500 keys"),
])
def test_cells_and_columns_are_capped(content, name, expected):
    assert expected in message(content, name)


def test_a_long_cell_in_a_kept_column_is_refused_as_before():
    content = (HEADER + "1," + "A" * 1001 + ",1980\n").encode()
    assert "row 1, column name: longer than 1000 characters" in message(content, "l.csv")


DEEP = 100_000


@pytest.mark.parametrize("content, expected", [
    (b"[" * DEEP + b"]" * DEEP, "row 1: not a JSON object"),
    (b'[{"id": "1", "name": ' + b"[" * DEEP + b"]" * DEEP + b"}]",
     "row 1, column name: a nested value"),
    (b'{"meta": ' + b"[" * DEEP + b"]" * DEEP + b', "rows": []}', "nested more than 32 levels"),
    (b'{"rows": [{"id": "1", "name": "A"}], "tail": ' + b"{\"a\": " * DEEP + b"1"
     + b"}" * DEEP + b"}", "nested more than 32 levels"),
])
def test_deeply_nested_json_gets_a_message_not_a_recursion_error(content, expected):
    assert expected in message(content, "deep.json")


@pytest.mark.django_db
def test_deep_json_on_the_command_line_names_the_file(org_a, tmp_path):
    path = tmp_path / "deep.json"
    path.write_bytes(b"[" * DEEP + b"]" * DEEP)
    with pytest.raises(CommandError) as info:
        call_command("import_list", str(path), "--org", org_a.slug)
    assert str(info.value).startswith("deep.json: ") and "Nothing was imported" in str(info.value)


def test_a_parser_fault_becomes_the_usual_message(monkeypatch):
    def recursing(content):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setitem(reading._READERS, "json", recursing)
    assert message(b"[]", "l.json") == "not a readable JSON file (nested too deeply)"

    def broken(content):
        raise KeyError("sheet")

    monkeypatch.setitem(reading._READERS, "xlsx", broken)
    assert message(b"PK", "l.xlsx") == "not a readable XLSX file (KeyError)"


# --- fuzzing: any bytes, through every reader ------------------------------------------------

VALID = {
    "csv": (HEADER + "1,Алесь Бяляцкі,1962\n2,Марына Золатава,1977\n").encode(),
    "json": json.dumps([{"id": 1, "name": "Алесь Бяляцкі", "birth_year": 1962},
                        {"id": 2, "name": "Марына Золатава"}], ensure_ascii=False).encode(),
    "xlsx": xlsx_bytes([["id", "name", "birth_year"], [1, "Алесь Бяляцкі", 1962],
                        [2, "Марына Золатава", None]]),
}


@st.composite
def mutated(draw, fmt):
    """A valid file of the format with bytes flipped, cut, repeated or inserted."""
    data = bytearray(VALID[fmt])
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "cut", "repeat", "insert"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at:at + draw(st.integers(1, 64))]
        elif kind == "repeat":
            data[at:at] = data[at:at + draw(st.integers(1, 32))] * draw(st.integers(1, 50))
        else:
            data[at:at] = draw(st.binary(max_size=32))
    return bytes(data)


def json_values():
    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                        max_leaves=30)


def assert_refused_or_read(content: bytes, name: str) -> None:
    """The property: rows or a ListError with a message — no other exception — in bounded
    memory (the input is at most a few KB here; 16 MB is far above any honest reading)."""
    tracemalloc.start()
    try:
        rows = read_rows(content, name, {})
    except ListError as exc:
        assert str(exc).strip()
    else:
        assert rows and all(r.values["id"] and r.names for r in rows)
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < 16 * 2**20


FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(fmt=st.sampled_from(sorted(VALID)), content=st.binary(max_size=2048))
def test_any_bytes_are_read_or_refused(fmt, content):
    assert_refused_or_read(content, f"fuzz.{fmt}")


@FUZZ
@given(data=st.data(), fmt=st.sampled_from(sorted(VALID)))
def test_mutated_files_are_read_or_refused(data, fmt):
    assert_refused_or_read(data.draw(mutated(fmt)), f"fuzz.{fmt}")


@FUZZ
@given(value=json_values())
def test_any_json_document_is_read_or_refused(value):
    assert_refused_or_read(json.dumps(value).encode(), "fuzz.json")


def test_xml_entity_expansion_in_an_xlsx_is_refused():
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + b"".join(b'<!ENTITY lol%d "%s">' % (i + 1, (b"&lol%d;" % i if i else b"&lol;")
                                                      * 10) for i in range(9))
              + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
              b'main"><sheetData><row><c t="inlineStr"><is><t>&lol9;</t></is></c></row>'
              b"</sheetData></worksheet>")
    content = with_sheet(xlsx_bytes([["id"]]), laughs)
    assert "not a readable XLSX" in message(content, "laughs.xlsx")
    assert peak_bytes(read_rows, content, "laughs.xlsx") < 20 * 2**20
