"""Every bad cell of a file is listed (row, column, value, what is wrong), and values typed
in place of the file's cells are checked as the file's would be."""

import pytest

from vigil.lists.reading import ListError, RowProblems, preview, read_rows

FILE = ("id;ФІО;Дата нараджэння;birth_year;gender\n"
        "1;Алесь Бяляцкі;25.09.1962;1962;м\n"
        "2;Марына Золатава;31.02.1977;;q\n"
        "3;;;19x0;\n"
        "1;Мікалай Клімовіч;;1957;\n").encode()
MAPPING = {"name": "ФІО", "birth_date": "Дата нараджэння"}


def problems_of(content, corrections=None):
    with pytest.raises(RowProblems) as info:
        read_rows(content, "l.csv", MAPPING, corrections)
    return info.value


def test_every_bad_cell_is_listed_with_its_row_column_and_value():
    error = problems_of(FILE)
    assert [(p.row, p.column, p.value) for p in error.problems] == [
        (2, "birth_date", "31.02.1977"), (2, "gender", "q"),
        (3, "name", ""), (3, "birth_year", "19x0"),
        (4, "id", "1"),
    ]
    assert error.problems[4].problem == "duplicate id '1' (also row 1)"
    assert error.problems[0].label == 'birth_date ("Дата нараджэння")'
    assert str(error).startswith('row 2, column birth_date ("Дата нараджэння"): not a date')
    assert str(error).endswith("(and 4 more problems)")
    assert isinstance(error, ListError)


def test_corrections_replace_the_files_cells_and_are_checked_too():
    left = problems_of(FILE, {2: {"birth_date": "28.02.1977", "gender": "ж"},
                              3: {"name": "Наста Лойка", "birth_year": "1990"},
                              4: {"id": "4", "birth_year": "1857"}})
    assert [(p.row, p.column, p.value) for p in left.problems] == [(4, "birth_year", "1857")]
    rows = read_rows(FILE, "l.csv", MAPPING, {2: {"birth_date": "28.02.1977", "gender": "ж"},
                                               3: {"name": "Наста Лойка", "birth_year": "1990"},
                                               4: {"id": "4"}})
    assert [(r.id, r.names, r.gender, r.birth_year) for r in rows] == [
        ("1", ["Алесь Бяляцкі"], "m", 1962), ("2", ["Марына Золатава"], "f", None),
        ("3", ["Наста Лойка"], None, 1990), ("4", ["Мікалай Клімовіч"], None, 1957)]
    assert str(rows[1].dates["birth_date"]) == "1977-02-28"


def test_the_preview_is_the_header_and_the_first_rows_unchecked():
    header, rows = preview(FILE, "l.csv", rows=2)
    assert header == ["id", "ФІО", "Дата нараджэння", "birth_year", "gender"]
    assert rows == [["1", "Алесь Бяляцкі", "25.09.1962", "1962", "м"],
                    ["2", "Марына Золатава", "31.02.1977", "", "q"]]
