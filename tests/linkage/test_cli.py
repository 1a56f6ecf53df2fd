"""`vigil link`: CSV in, cluster_id,list,id out, clear errors and no partial output."""

from __future__ import annotations

import csv
import io

import pytest

from vigil.linkage.cli import run_link

VIASNA = """id,name,birth_year,region,articles
1,Бяляцкі Алесь Віктаравіч,1962,Гомель,228
2,Клімовіч Мікалай,1955,Мінск,
3,Лойка Наста,1984,,342
4,Іваноў Іван Пятровіч,1960,,
"""
RUSSIAN = """id,name,birth_date,region
a,Беляцкий Александр Викторович,25.09.1962,Гомельская область
b,Климович Николай,1955,Минск
c,Лойко Анастасия,1984,
d,Иванов Иван Иванович,1985,
"""
CPJ = """id,name,birth_year,gender
x1,Ales Bialiatski,1962,m
x2,Mikalai Klimovich,1955,m
x3,Nasta Lojka,1984,f
x9,Ihar Losik,,m
"""


def write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return str(p)


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    code = run_link(argv, out, err)
    return code, out.getvalue(), err.getvalue()


def test_three_lists(tmp_path):
    files = [write(tmp_path, "viasna.csv", VIASNA), write(tmp_path, "memorial.csv", RUSSIAN),
             write(tmp_path, "cpj.csv", CPJ)]
    code, out, err = run(files)
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["cluster_id", "list", "id"]
    assert len(rows) == 1 + 12
    cluster = {(r[1], r[2]): r[0] for r in rows[1:]}
    assert cluster["viasna", "1"] == cluster["memorial", "a"] == cluster["cpj", "x1"]
    assert cluster["viasna", "2"] == cluster["memorial", "b"] == cluster["cpj", "x2"]
    assert cluster["viasna", "3"] == cluster["memorial", "c"] == cluster["cpj", "x3"]
    assert cluster["viasna", "4"] != cluster["memorial", "d"]
    assert len(set(cluster.values())) == 6
    # input order is kept
    assert [tuple(r[1:]) for r in rows[1:4]] == [("viasna", "1"), ("viasna", "2"),
                                                 ("viasna", "3")]


def test_explain_and_review(tmp_path):
    files = [write(tmp_path, "viasna.csv", VIASNA),
             write(tmp_path, "en.csv", "id,name\n7,Ales Bialiatski\n")]
    review = tmp_path / "review.csv"
    code, out, err = run(files + ["--explain", "--review", str(review), "--policy", "strict"])
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert set(rows[0]) == {"cluster_id", "list", "id", "explanation"}
    pairs = list(csv.DictReader(review.open(encoding="utf-8")))
    assert len(pairs) == 1
    assert {pairs[0]["list_a"], pairs[0]["list_b"]} == {"viasna", "en"}
    assert "name alone" in pairs[0]["reason"]


def test_an_unambiguous_name_merges_by_default_and_is_listed_to_confirm(tmp_path):
    files = [write(tmp_path, "viasna.csv", VIASNA),
             write(tmp_path, "en.csv", "id,name\n7,Ales Bialiatski\n")]
    listed = tmp_path / "name-only.csv"
    code, out, err = run(files + ["--explain", "--name-only", str(listed)])
    assert code == 0, err
    rows = {(r["list"], r["id"]): r for r in csv.DictReader(io.StringIO(out))}
    assert rows["en", "7"]["cluster_id"] == rows["viasna", "1"]["cluster_id"]
    assert "rule: unambiguous full name" in rows["en", "7"]["explanation"]
    (pair,) = csv.DictReader(listed.open(encoding="utf-8"))
    assert {pair["list_a"], pair["list_b"]} == {"viasna", "en"} and pair["decision"] == ""
    # the listed file, filled in, is a decisions file: "different" undoes the merge
    text = listed.read_text(encoding="utf-8").rstrip("\n") + "different\n"
    listed.write_text(text, encoding="utf-8")
    code, out, err = run(files + ["--decisions", str(listed)])
    cluster = {(r[1], r[2]): r[0] for r in list(csv.reader(io.StringIO(out)))[1:]}
    assert code == 0 and cluster["en", "7"] != cluster["viasna", "1"]


def test_decisions_file_wins(tmp_path):
    files = [write(tmp_path, "viasna.csv", VIASNA),
             write(tmp_path, "en.csv", "id,name\n7,Ales Bialiatski\n")]
    decisions = write(tmp_path, "decisions.csv",
                      "list_a,id_a,list_b,id_b,decision,who\nen,7,viasna,1,same,anna\n")
    code, out, err = run(files + ["--decisions", decisions])
    assert code == 0, err
    cluster = {(r[1], r[2]): r[0] for r in list(csv.reader(io.StringIO(out)))[1:]}
    assert cluster["en", "7"] == cluster["viasna", "1"]


@pytest.mark.parametrize(
    "content, message",
    [
        ("id,fullname\n1,X\n", "f.csv:1: missing column name"),
        ("", "f.csv:1: empty file"),
        ("id,name\n1,Алесь\n2,Ales\n1,Bialiatski\n", "f.csv:4: duplicate id '1' (first on line 2)"),
        ("id,name,birth_year\n1,Алесь,1962\n2,Ales,19xx\n", "f.csv:3: column birth_year"),
        ("id,name,birth_date\n1,Алесь,31.02.1962\n", "f.csv:2: column birth_date"),
        ("id,name,gender\n1,Алесь,x\n", "f.csv:2: column gender"),
        ("id,name\n1,Алесь,extra\n", "f.csv:2: expected 2 fields"),
        ("id,name\n1,\n", "f.csv:2: empty name"),
        ("id,name\n,Алесь\n", "f.csv:2: empty id"),
        ("id,name,birth_year,birth_date\n1,A,1962,1963-01-01\n", "f.csv:2: birth_year 1962"),
    ],
)
def test_malformed_files(tmp_path, content, message):
    good = write(tmp_path, "good.csv", VIASNA)
    bad = write(tmp_path, "f.csv", content)
    code, out, err = run([good, bad])
    assert code == 1
    assert out == ""
    assert message in err, err


def test_bad_encoding_names_the_line(tmp_path):
    bad = write(tmp_path, "f.csv", "id,name\n1,Алесь\n2,Бяляцкі\n".encode("cp1251"))
    code, out, err = run([bad])
    assert code == 1 and out == ""
    assert "f.csv:2: not UTF-8" in err


def test_bom_is_accepted(tmp_path):
    f = write(tmp_path, "bom.csv", "\ufeffid,name\n1,Алесь Бяляцкі\n")
    code, out, _ = run([f])
    assert code == 0 and out.splitlines()[1] == "1,bom,1"


def test_no_review_file_on_error(tmp_path):
    review = tmp_path / "review.csv"
    bad = write(tmp_path, "f.csv", "id\n1\n")
    code, out, _ = run([bad, "--review", str(review)])
    assert code == 1 and out == "" and not review.exists()


def test_missing_file_and_usage(tmp_path):
    code, out, err = run([str(tmp_path / "nope.csv")])
    assert code == 1 and out == "" and "nope.csv: cannot read" in err
    code, out, err = run([])
    assert code == 2 and out == "" and "vigil link" in err
    code, out, err = run(["--help"])
    assert code == 0 and "--review" in out


@pytest.mark.parametrize("workers", ["0", "-2", "two"])
def test_a_bad_number_of_workers_is_named(tmp_path, workers):
    code, out, err = run([write(tmp_path, "viasna.csv", VIASNA), "--workers", workers])
    assert code == 2 and out == ""
    assert f"argument --workers: a whole number of at least 1 is needed, not '{workers}'" in err


def test_two_files_with_one_list_name(tmp_path):
    (tmp_path / "x").mkdir()
    a = write(tmp_path, "viasna.csv", VIASNA)
    b = write(tmp_path, "x/viasna.csv", VIASNA)
    code, out, err = run([a, b])
    assert code == 1 and out == "" and "already used" in err


def test_semicolons_from_spreadsheets(tmp_path):
    f = write(tmp_path, "excel.csv", "id;name;birth_year\n1;Бяляцкі Алесь;1962\n")
    g = write(tmp_path, "cpj.csv", "id,name,birth_year\nx,Ales Bialiatski,1962\n")
    code, out, err = run([f, g])
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))[1:]
    assert rows[0][0] == rows[1][0]


def test_policy_option(tmp_path):
    files = [write(tmp_path, "viasna.csv", VIASNA),
             write(tmp_path, "en.csv", "id,name\n7,Ales Bialiatski\n")]

    def clusters(argv):
        code, out, err = run(argv)
        assert code == 0, err
        return {(r["list"], r["id"]): r["cluster_id"] for r in csv.DictReader(io.StringIO(out))}

    assert clusters(files)["viasna", "1"] == clusters(files)["en", "7"]  # revised, the default
    strict = clusters(files + ["--policy", "strict"])
    assert strict["viasna", "1"] != strict["en", "7"]
    permissive = clusters(files + ["--policy", "permissive"])
    assert permissive["viasna", "1"] == permissive["en", "7"]
    code, _, err = run(files + ["--policy", "lenient"])
    assert code == 2 and "--policy" in err


def test_vigil_link_writes_nothing_to_disk(tmp_path):
    import os
    import subprocess
    import sys

    (tmp_path / "viasna.csv").write_text(VIASNA, encoding="utf-8")
    (tmp_path / "cpj.csv").write_text(CPJ, encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIGIL_VAR_DIR", "VIGIL_SECRET_KEY", "DJANGO_SETTINGS_MODULE")}
    proc = subprocess.run([sys.executable, "-c", "from vigil.cli import main; main()",
                           "link", "viasna.csv", "cpj.csv"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("cluster_id,list,id\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cpj.csv", "viasna.csv"]


def test_one_implausible_cell_is_a_warning_and_the_list_is_still_linked(tmp_path):
    future = f"{__import__('datetime').date.today().year + 1}-01-01"
    bad = write(tmp_path, "en.csv", "id,name,birth_year,birth_date,detained_on\n"
                                    "x1,Ales Bialiatski,1876,,\n"
                                    "x2,Mikalai Klimovich,,1955,\n"
                                    f"x3,Nasta Lojka,,,{future}\n"
                                    "x4,Ihar Losik,,12.03.1850,\n")
    code, out, err = run([write(tmp_path, "viasna.csv", VIASNA), bad])
    assert code == 0, err
    assert "en.csv:2: column birth_year: birth year 1876 is outside 1900–" in err
    assert f"en.csv:4: column detained_on: {future} is in the future" in err
    assert "en.csv:5: column birth_date: birth date 1850-03-12 is before 1900" in err
    assert err.count("the value is ignored") == 3
    rows = {(r["list"], r["id"]): r["cluster_id"] for r in csv.DictReader(io.StringIO(out))}
    assert len(rows) == 8
    # the year 1876 was ignored, not taken as a disagreement: Bialiatski is still linked
    assert rows["en", "x1"] == rows["viasna", "1"]
    assert rows["en", "x2"] == rows["viasna", "2"]
