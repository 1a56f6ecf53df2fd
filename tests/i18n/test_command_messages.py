"""The `vigil` commands speak `--language` (English by default), and the pure cores' errors
carry a code and parameters that are rendered in that language (vigil.core_errors)."""

import subprocess
import sys

import pytest
from django.utils import translation

from vigil.cli import main
from vigil.figures.cli import InputError, read_table


def vigil(capsys, *argv) -> tuple[int, str]:
    with translation.override("en"), pytest.raises(SystemExit) as stop:
        main(list(argv))
    return stop.value.code, capsys.readouterr().err


@pytest.fixture
def bad_table(tmp_path):
    path = tmp_path / "lists.csv"
    path.write_text("A,B,C,count\n1,0,1,5\n1,2,0,3\n", encoding="utf-8")
    return str(path)


def test_a_cores_error_carries_its_code_and_parameters(bad_table):
    with pytest.raises(InputError) as error:
        read_table(bad_table)
    assert error.value.code == "not_0_or_1"
    assert error.value.params == {"path": bad_table, "line": 3, "column": "B", "cell": "2"}
    assert str(error.value) == f"{bad_table}:3: column 'B': '2' is not 0 or 1"


@pytest.mark.parametrize("language, expected", [
    ([], "{path}:3: column 'B': '2' is not 0 or 1"),
    (["--language", "be"], "{path}:3: слупок 'B': '2' — не 0 і не 1"),
    (["--language=ru"], "{path}:3: столбец 'B': '2' — не 0 и не 1"),
])
def test_estimate_reports_a_bad_file_in_the_commands_language(capsys, bad_table, language,
                                                             expected):
    code, err = vigil(capsys, "estimate", bad_table, *language)
    assert code == 2
    assert err == f"vigil estimate: {expected.format(path=bad_table)}\n"


def test_a_missing_file_in_russian_and_belarusian(capsys, tmp_path):
    missing = str(tmp_path / "nowhere.csv")
    assert vigil(capsys, "--language", "ru", "estimate", missing)[1] == (
        f"vigil estimate: {missing}: нет такого файла\n")
    assert vigil(capsys, "estimate", "--language", "be", missing)[1] == (
        f"vigil estimate: {missing}: няма такога файла\n")


def test_an_unknown_language_is_refused_by_name(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["estimate", "x.csv", "--language", "pl"])
    assert "--language 'pl': choose one of en, be, ru" in str(stop.value.code)


def test_the_cores_and_their_errors_need_no_django():
    probe = ("import sys, vigil.figures.cli, vigil.core_errors, vigil.names, vigil.linkage;"
             "from vigil.core_errors import translator;"
             "assert translator('be')('%(path)s: no such file') == '%(path)s: няма такога файла';"
             "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))")
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,  # noqa: S603
                           check=True)
    assert found.stdout.strip() == "[]"
