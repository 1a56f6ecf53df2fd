"""Reading an organisation's list file (CSV, XLSX or JSON) into checked rows.

Everything is checked before anything is written; a problem raises `ListError` with a
message that names the row and the column, for the person who must fix the file.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from vigil.dates import PartialDate
from vigil.linkage import parse_date, parse_gender, parse_year
from vigil.lists.models import DEFAULT_COLUMNS, NAME_COLUMNS
from vigil.lists.values import Charge, Sentence, parse_articles, parse_sentence

MAX_BYTES = 20 * 1024 * 1024  # an upload or file larger than this is refused
MAX_ROWS = 200_000
MAX_XLSX_UNPACKED = 200 * 1024 * 1024  # a zip bomb stops here
MAX_XLSX_RATIO = 100  # sheets expand 5-30 times when unpacked; a bomb thousands of times
MAX_XLSX_MEMBERS = 1000
MAX_SHEET_ROWS = 1_048_576  # Excel's own limit, blank rows included
MAX_COLUMNS = 500
MAX_CELL = 1000  # characters, in a column Vigil keeps
MAX_CELL_READ = 32_767  # characters, in any cell read (Excel's own limit)
# The csv module's own field limit is process-wide and libraries raise it at import: set it
# once, above MAX_CELL_READ, so a long cell always gets our message naming line and column.
CSV_FIELD_LIMIT = 1 << 20
csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
MAX_JSON_DEPTH = 32
DATE_COLUMNS = ("birth_date", "detained_on", "released_on", "died_on", "recognised_on")
FORMATS = ("csv", "xlsx", "json")


class ListError(ValueError):
    """The file cannot be imported; nothing was written."""


Corrections = dict[int, dict[str, str]]  # row number → Vigil's column → the corrected text


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


def read_rows(content: bytes, file_name: str, mapping: dict[str, str] | None = None,
              corrections: Corrections | None = None) -> list[Row]:
    """Parse and check a whole file; raise ListError naming row and column on bad input
    (RowProblems listing every bad cell).

    Every reader streams and stops at the first row past MAX_ROWS, so a small file that
    unpacks or expands to millions of rows costs no more than a file at the limit.
    """
    return _reading(content, file_name, lambda header, raw_rows: check_rows(
        header, _bounded(raw_rows), mapping or {}, corrections))


def preview(content: bytes, file_name: str, rows: int = 5) -> tuple[list[str], list[list[str]]]:
    """The file's header and its first `rows` non-blank rows, unchecked (the mapping form)."""
    def first(header, raw_rows):
        shown = []
        for raw in raw_rows:
            if len(shown) == rows:
                break
            if any(cell.strip() for cell in raw):
                shown.append(raw)
        return [h.strip() for h in header], shown

    return _reading(content, file_name, first)


def _reading(content: bytes, file_name: str, then):
    """`then(header, raw rows)` on the file, any parser failure a ListError."""
    if len(content) > MAX_BYTES:
        raise ListError(f"{file_name} is {len(content) / 1e6:.1f} MB; the limit is "
                        f"{MAX_BYTES / 1e6:.0f} MB. Split the list into several files.")
    fmt = format_of(file_name)
    try:
        header, raw_rows = _READERS[fmt](content)
        return then(header, raw_rows)
    except ListError:
        raise
    except RecursionError:
        raise ListError(f"not a readable {fmt.upper()} file (nested too deeply)") from None
    except Exception as exc:  # a parser's own fault on a hostile file: no traceback to users
        raise ListError(f"not a readable {fmt.upper()} file ({type(exc).__name__})") from None


def _bounded(raw_rows: Iterable[list[str]]) -> Iterator[list[str]]:
    """The rows, refusing the first non-blank row past MAX_ROWS (so reading stops there)."""
    count = 0
    for raw in raw_rows:
        if any(cell.strip() for cell in raw):
            count += 1
            if count > MAX_ROWS:
                raise _too_many_rows()
        yield raw


def _too_many_rows() -> ListError:
    return ListError(f"the list has more than {MAX_ROWS:,} rows; the limit is {MAX_ROWS:,}. "
                     "Split it into several files.")


def _checked_width(cells: list[str], where: str) -> list[str]:
    if len(cells) > MAX_COLUMNS:
        raise ListError(f"{where}: {len(cells)} columns; the limit is {MAX_COLUMNS}")
    for column, cell in enumerate(cells, 1):
        if len(cell) > MAX_CELL_READ:
            raise ListError(f"{where}, column {column}: a cell of {len(cell):,} characters; "
                            f"the limit is {MAX_CELL_READ:,}")
    return cells


def _csv(content: bytes) -> tuple[list[str], Iterator[list[str]]]:
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

    def records() -> Iterator[list[str]]:
        try:
            for record in reader:
                yield _checked_width(record, f"line {reader.line_num}")
        except csv.Error as exc:
            raise ListError(f"line {reader.line_num}: {exc}") from None

    rows = records()
    header = next(rows, None)
    if header is None:
        raise ListError("the file is empty: a header row is needed")
    return header, rows


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


def _check_archive(content: bytes) -> None:
    """Refuse a zip bomb before anything is unpacked: too many members, too large unpacked,
    or a member that expands far more than spreadsheets do."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ListError(f"not a readable XLSX workbook ({type(exc).__name__})") from None
    if len(members) > MAX_XLSX_MEMBERS:
        raise ListError(f"the XLSX file holds {len(members)} parts; the limit is "
                        f"{MAX_XLSX_MEMBERS}: refused")
    if sum(i.file_size for i in members) > MAX_XLSX_UNPACKED:
        raise ListError("the XLSX file unpacks to more than "
                        f"{MAX_XLSX_UNPACKED // 2**20} MB; refused")
    for info in members:
        if (info.file_size > 2**20
                and info.file_size > MAX_XLSX_RATIO * max(info.compress_size, 1)):
            raise ListError(f"the XLSX file's part {info.filename[:100]} expands "
                            f"{info.file_size // max(info.compress_size, 1):,} times; "
                            f"spreadsheets expand at most {MAX_XLSX_RATIO} times: refused")


def _xlsx(content: bytes) -> tuple[list[str], Iterator[list[str]]]:
    import openpyxl

    _check_archive(content)
    try:
        # read_only streams the sheet; data_only=False keeps formulas as text (never evaluated)
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise ListError(f"not a readable XLSX workbook ({type(exc).__name__})") from None
    sheet = book.worksheets[0] if book.worksheets else None
    if sheet is None:
        book.close()
        raise ListError("the workbook has no sheet")
    if (sheet.max_column or 0) > MAX_COLUMNS:  # the sheet's declared size pads every row
        book.close()
        raise ListError(f"the first sheet is {sheet.max_column} columns wide; the limit is "
                        f"{MAX_COLUMNS}")
    values = sheet.iter_rows(values_only=True)

    def cells(row: tuple, number: int, width: int | None = None) -> list[str]:
        if len(row) > MAX_COLUMNS:
            raise ListError(f"sheet row {number}: {len(row)} columns; the limit is "
                            f"{MAX_COLUMNS}")
        kept = [_cell(v) for v in (row if width is None else row[:width])]
        if width is not None:
            kept += [""] * (width - len(kept))
        return _checked_width(kept, f"sheet row {number}")

    def records(width: int) -> Iterator[list[str]]:
        try:
            for number, row in enumerate(values, 2):
                if number > MAX_SHEET_ROWS:
                    raise ListError(f"the first sheet has more than {MAX_SHEET_ROWS:,} rows")
                yield cells(row, number, width)
        finally:
            book.close()

    first = next(values, None)
    header = cells(first, 1) if first is not None else []
    while header and not header[-1]:
        header.pop()
    if not header:
        book.close()
        raise ListError("the first sheet is empty: a header row is needed")
    return header, records(len(header))


def _json(content: bytes) -> tuple[list[str], Iterator[list[str]]]:
    import ijson

    try:
        content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise ListError(f"line {line}: the file is not UTF-8 text") from None
    events = ijson.basic_parse(io.BytesIO(content.removeprefix(codecs.BOM_UTF8)),
                               use_float=True)
    try:
        items = list(_json_items(events))
    except ijson.JSONError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else "broken"
        raise ListError(f"not valid JSON ({reason[:200]})") from None
    header: list[str] = []
    known: set[str] = set()
    for item in items:
        for key in item:
            if key not in known:
                known.add(key)
                header.append(key)
    _checked_width(header, "the JSON objects' keys")
    return header, ([item.get(key, "") for key in header] for item in items)


def _json_items(events) -> Iterator[dict[str, str]]:
    """The row objects of `[…]` or `{"rows": […]}`, from ijson's events, never nesting
    deeper than a row's values: a hostile file cannot recurse or build deep structures."""
    event, value = next(events)
    if event == "start_map":
        for event, value in events:
            if event == "end_map":
                raise ListError('the JSON must be a list of objects, or {"rows": [ … ]}')
            key = value  # a map_key
            event, value = next(events)
            if key == "rows" and event == "start_array":
                yield from _json_rows(events)
                _skip_rest(events, depth=1)
                return
            _skip_value(event, events, depth=1)
    if event != "start_array":
        raise ListError('the JSON must be a list of objects, or {"rows": [ … ]}')
    yield from _json_rows(events)
    _skip_rest(events, depth=0)


def _json_rows(events) -> Iterator[dict[str, str]]:
    for count, (event, _value) in enumerate(events, 1):
        if event == "end_array":
            return
        if count > MAX_ROWS:
            raise _too_many_rows()
        if event != "start_map":
            raise ListError(f"row {count}: not a JSON object")
        item: dict[str, str] = {}
        for event, key in events:
            if event == "end_map":
                break
            if len(item) >= MAX_COLUMNS:
                raise ListError(f"row {count}: more than {MAX_COLUMNS} keys")
            event, value = next(events)
            if event in ("start_map", "start_array"):
                raise ListError(f"row {count}, column {str(key)[:100]}: a nested value; give "
                                "text or a number")
            text = "" if value is None else _cell(value)
            if len(text) > MAX_CELL_READ:
                raise ListError(f"row {count}, column {str(key)[:100]}: a cell of "
                                f"{len(text):,} characters; the limit is {MAX_CELL_READ:,}")
            item[str(key)] = text
        yield item


def _skip_value(event: str, events, depth: int) -> None:
    if event in ("start_map", "start_array"):
        _skip_rest(events, depth + 1, until=depth)


def _skip_rest(events, depth: int, until: int = -1) -> None:
    """Read to the end of the current value (or of the document), bounding the depth."""
    for event, _value in events:
        if event in ("start_map", "start_array"):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise ListError(f"the JSON is nested more than {MAX_JSON_DEPTH} levels deep")
        elif event in ("end_map", "end_array"):
            depth -= 1
            if depth == until:
                return


_READERS = {"csv": _csv, "xlsx": _xlsx, "json": _json}


def _hostile(text: str) -> str | None:
    if len(text) > MAX_CELL:
        return f"longer than {MAX_CELL} characters"
    if text[:1] in ("=", "+", "@", "\t", "\r") or (text[:1] == "-" and text[1:2].isalpha()):
        return "starts like a spreadsheet formula (=, +, -, @): refused"
    if any(ord(c) < 32 and c not in "\t" for c in text):
        return "contains control characters"
    return None


MAX_PROBLEMS = 1000  # problems listed for one file; the count goes on


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a row: the user fixes it in the file or on the import page."""

    row: int
    column: str  # Vigil's column ("" for the row as a whole)
    label: str  # the column as the file names it, for the message
    value: str
    problem: str

    def __str__(self) -> str:
        where = f"row {self.row}, column {self.label}" if self.column else f"row {self.row}"
        return f"{where}: {self.problem}"

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "label": self.label,
                "value": self.value, "problem": self.problem}


class RowProblems(ListError):
    """Rows with problems: every one of them (up to MAX_PROBLEMS) in `problems`; the message
    is the first, and how many there are."""

    def __init__(self, problems: list[Problem], total: int):
        self.problems, self.total = problems, total
        more = f" (and {total - 1} more problems)" if total > 1 else ""
        super().__init__(f"{problems[0]}{more}")





def check_rows(header: list[str], raw_rows: Iterable[list[str]], mapping: dict[str, str],
               corrections: Corrections | None = None) -> list[Row]:
    """The checked rows; RowProblems listing every bad cell (after `corrections`, values
    typed on the import page in place of the file's), or ListError when the header itself
    cannot be read."""
    position, label = _positions([h.strip() for h in header], mapping)
    name_column = next(c for c in NAME_COLUMNS if c in position)  # where a name is typed
    rows: list[Row] = []
    seen: dict[str, int] = {}
    problems: list[Problem] = []
    total = 0
    for n, raw in enumerate(raw_rows, 1):
        if not any(cell.strip() for cell in raw):
            continue  # blank lines are not rows
        if len(raw) != len(header):
            found = [Problem(n, "", "", "", f"{len(raw)} fields where the header has "
                                                f"{len(header)}")]
        else:
            values = _values(raw, position, (corrections or {}).get(n, {}))
            row, found = _check_row(n, values, label, seen, name_column)
            if row is not None:
                rows.append(row)
        total += len(found)
        problems.extend(found[:MAX_PROBLEMS - len(problems)])
    if problems:
        raise RowProblems(problems, total)
    if not rows:
        raise ListError("the list has a header but no rows")
    return rows


def _positions(header: list[str], mapping: dict[str, str]
               ) -> tuple[dict[str, int], dict[str, str]]:
    """Where each of Vigil's columns is in the file, and each column's label for messages."""
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
    return position, label


def _values(raw: list[str], position: dict[str, int], corrected: dict[str, str]
            ) -> dict[str, str]:
    values = {column: raw[i].strip() for column, i in position.items()}
    values.update({c: v.strip() for c, v in corrected.items() if c in values})
    return {c: v for c, v in values.items() if v}


def _check_row(n: int, values: dict[str, str], label: dict[str, str], seen: dict[str, int],
               name_column: str) -> tuple[Row | None, list[Problem]]:
    """The row, or None and what is wrong with it (every bad cell)."""
    def problem(column: str, text: str) -> Problem:
        return Problem(n, column, label.get(column, column), values.get(column, ""), text)

    found = [problem(c, p) for c, p in ((c, _hostile(v)) for c, v in values.items()) if p]
    row = Row(n, {c: v for c, v in values.items() if not any(p.column == c for p in found)})
    if "id" not in values:
        found.append(problem("id", "empty id"))
    elif values["id"] in seen:
        found.append(problem("id", f"duplicate id {values['id']!r} (also row "
                                   f"{seen[values['id']]})"))
    else:
        seen[values["id"]] = n
    if not row.names and not any(p.column in NAME_COLUMNS for p in found):
        found.append(Problem(n, name_column, label[name_column], "",
                             "no name in any name column"))
    found += _parse_cells(row, problem)
    if "facility" in values and "detained_on" not in values:
        # a placement lies within a custody period, which needs its start
        found.append(problem("facility", f"a facility needs the detention date "
                                         f"({label['detained_on']}) of the same row"))
    birth = row.dates.get("birth_date")
    if birth and row.birth_year and birth.first_day.year != row.birth_year:
        found.append(problem("birth_year", f"{row.birth_year} disagrees with the birth date "
                                           f"{birth}"))
    return (None if found else row), found


PARSERS = (*((c, parse_date) for c in DATE_COLUMNS), ("birth_year", parse_year),
           ("gender", parse_gender), ("articles", parse_articles),
           ("sentence", parse_sentence))


def _parse_cells(row: Row, problem) -> list[Problem]:
    """Parse the row's dates, year, gender, articles and sentence into it; a problem for
    each cell that does not parse."""
    found = []
    for column, parse in PARSERS:
        text = row.values.get(column)
        try:
            value = parse(text) if text is not None else None
        except ValueError as exc:
            found.append(problem(column, str(exc)))
            continue
        if column in DATE_COLUMNS:
            if value is not None:
                row.dates[column] = value
        elif column == "articles":
            row.articles = value or ()
        else:
            setattr(row, column, value)
    return found
