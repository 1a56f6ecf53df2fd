"""Reading an organisation's list file (CSV, XLSX or JSON) into checked rows.

Everything is checked before anything is written; a problem raises `ListError` with a
message that names the row and the column, for the person who must fix the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass, field

from vigil.dates import PartialDate
from vigil.linkage import parse_date, parse_gender, parse_year
from vigil.lists.models import DEFAULT_COLUMNS, NAME_COLUMNS
from vigil.lists.values import Charge, Sentence, parse_articles, parse_sentence

MAX_BYTES = 20 * 1024 * 1024  # an upload or file larger than this is refused
MAX_ROWS = 200_000
MAX_XLSX_UNPACKED = 200 * 1024 * 1024  # a zip bomb stops here
MAX_CELL = 1000  # characters
DATE_COLUMNS = ("birth_date", "detained_on", "released_on", "died_on", "recognised_on")
FORMATS = ("csv", "xlsx", "json")


class ListError(ValueError):
    """The file cannot be imported; nothing was written."""


@dataclass
class Row:
    number: int  # 1-based data row (the header is not counted)
    values: dict[str, str]  # default column → text, only the non-empty ones
    dates: dict[str, PartialDate] = field(default_factory=dict)
    birth_year: int | None = None
    gender: str | None = None
    articles: tuple[Charge, ...] = ()
    sentence: Sentence | None = None

    @property
    def id(self) -> str:
        return self.values["id"]

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys(self.values[c] for c in NAME_COLUMNS if c in self.values))

    @property
    def birth(self) -> PartialDate | None:
        if "birth_date" in self.dates:
            return self.dates["birth_date"]
        return PartialDate.parse(str(self.birth_year)) if self.birth_year else None


def format_of(file_name: str) -> str:
    ext = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if ext not in FORMATS:
        raise ListError(f"{file_name}: unknown file type; use .csv, .xlsx or .json")
    return ext


def check_mapping(mapping: object) -> dict[str, str]:
    if not isinstance(mapping, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
        raise ListError('the column mapping must be a JSON object {"id": "Their header", …}')
    unknown = sorted(set(mapping) - set(DEFAULT_COLUMNS))
    if unknown:
        raise ListError(f"the column mapping names unknown columns: {', '.join(unknown)} "
                        f"(known: {', '.join(DEFAULT_COLUMNS)})")
    return dict(mapping)


def read_rows(content: bytes, file_name: str, mapping: dict[str, str] | None = None
              ) -> list[Row]:
    """Parse and check a whole file; raise ListError naming row and column on bad input."""
    if len(content) > MAX_BYTES:
        raise ListError(f"{file_name} is {len(content) / 1e6:.1f} MB; the limit is "
                        f"{MAX_BYTES / 1e6:.0f} MB. Split the list into several files.")
    fmt = format_of(file_name)
    header, raw_rows = {"csv": _csv, "xlsx": _xlsx, "json": _json}[fmt](content)
    return check_rows(header, raw_rows, mapping or {})


def _csv(content: bytes) -> tuple[list[str], list[list[str]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise ListError(f"line {line}: the file is not UTF-8 text (byte "
                        f"0x{content[exc.start]:02x}); save it as CSV UTF-8") from None
    if "\x00" in text:
        raise ListError("the file contains NUL bytes: it is not a CSV text file")
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise ListError(f"line {reader.line_num}: {exc}") from None
    if not rows:
        raise ListError("the file is empty: a header row is needed")
    return rows[0], rows[1:]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx(content: bytes) -> tuple[list[str], list[list[str]]]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_XLSX_UNPACKED:
                raise ListError("the XLSX file unpacks to more than "
                                f"{MAX_XLSX_UNPACKED // 2**20} MB; refused")
        # read_only streams the sheet; data_only=False keeps formulas as text (never evaluated)
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except ListError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise ListError(f"not a readable XLSX workbook ({type(exc).__name__})") from None
    try:
        sheet = book.worksheets[0]
        rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise ListError("the first sheet is empty: a header row is needed")
    header = rows[0]
    while header and not header[-1]:
        header = header[:-1]
    return header, [r[: len(header)] + [""] * (len(header) - len(r)) for r in rows[1:]]


def _json(content: bytes) -> tuple[list[str], list[list[str]]]:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ListError("the file is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ListError(f"line {exc.lineno}: not valid JSON ({exc.msg})") from None
    if isinstance(data, dict) and isinstance(data.get("rows"), list):
        data = data["rows"]
    if not isinstance(data, list):
        raise ListError('the JSON must be a list of objects, or {"rows": [ … ]}')
    header: list[str] = []
    for n, item in enumerate(data, 1):
        if not isinstance(item, dict):
            raise ListError(f"row {n}: not a JSON object")
        for key in item:
            if key not in header:
                header.append(str(key))
    rows = []
    for n, item in enumerate(data, 1):
        row = []
        for key in header:
            value = item.get(key)
            if isinstance(value, dict | list):
                raise ListError(f"row {n}, column {key}: a nested value; give text or a number")
            row.append("" if value is None else _cell(value))
        rows.append(row)
    return header, rows


def _hostile(text: str) -> str | None:
    if len(text) > MAX_CELL:
        return f"longer than {MAX_CELL} characters"
    if text[:1] in ("=", "+", "@", "\t", "\r") or (text[:1] == "-" and text[1:2].isalpha()):
        return "starts like a spreadsheet formula (=, +, -, @): refused"
    if any(ord(c) < 32 and c not in "\t" for c in text):
        return "contains control characters"
    return None


def check_rows(header: list[str], raw_rows: list[list[str]], mapping: dict[str, str]
               ) -> list[Row]:
    header = [h.strip() for h in header]
    if len(raw_rows) > MAX_ROWS:
        raise ListError(f"the list has {len(raw_rows)} rows; the limit is {MAX_ROWS}. "
                        "Split it into several files.")
    position: dict[str, int] = {}
    for column in DEFAULT_COLUMNS:
        wanted = mapping.get(column, column)
        if wanted in header:
            position[column] = header.index(wanted)
    label = {c: (f'{c} ("{mapping[c]}")' if c in mapping and mapping[c] != c else c)
             for c in DEFAULT_COLUMNS}
    if "id" not in position:
        raise ListError(f"missing column {label['id']}: every row needs the list's own id "
                        f"(the header has: {', '.join(header) or 'nothing'})")
    if not any(c in position for c in NAME_COLUMNS):
        raise ListError("missing column: one of name, name_be, name_ru, name_en is needed "
                        f"(the header has: {', '.join(header)})")
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for n, raw in enumerate(raw_rows, 1):
        if not any(cell.strip() for cell in raw):
            continue  # blank lines are not rows
        if len(raw) != len(header):
            raise ListError(f"row {n}: {len(raw)} fields where the header has {len(header)}")
        values = {}
        for column, i in position.items():
            text = raw[i].strip()
            if not text:
                continue
            problem = _hostile(text)
            if problem:
                raise ListError(f"row {n}, column {label[column]}: {problem}")
            values[column] = text
        row = Row(n, values)
        if "id" not in values:
            raise ListError(f"row {n}, column {label['id']}: empty id")
        if values["id"] in seen:
            raise ListError(f"row {n}, column {label['id']}: duplicate id {values['id']!r} "
                            f"(also row {seen[values['id']]})")
        seen[values["id"]] = n
        if not row.names:
            raise ListError(f"row {n}: no name in any name column")
        try:
            for column in DATE_COLUMNS:
                current = column
                if column in values:
                    row.dates[column] = parse_date(values[column])
            current = "birth_year"
            row.birth_year = parse_year(values.get("birth_year"))
            current = "gender"
            row.gender = parse_gender(values.get("gender"))
            current = "articles"
            row.articles = parse_articles(values.get("articles"))
            current = "sentence"
            row.sentence = parse_sentence(values.get("sentence"))
        except ValueError as exc:
            raise ListError(f"row {n}, column {label[current]}: {exc}") from None
        if "facility" in values and "detained_on" not in row.dates:
            # a placement lies within a custody period, which needs its start
            raise ListError(f"row {n}, column {label['facility']}: a facility needs the "
                            f"detention date ({label['detained_on']}) of the same row")
        birth = row.dates.get("birth_date")
        if birth and row.birth_year and birth.first_day.year != row.birth_year:
            raise ListError(f"row {n}, column {label['birth_year']}: {row.birth_year} "
                            f"disagrees with the birth date {birth}")
        rows.append(row)
    if not rows:
        raise ListError("the list has a header but no rows")
    return rows
