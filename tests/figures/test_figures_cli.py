"""`vigil estimate FILE [--json] [--method loglinear|lcmcr]` through `run_estimate`."""

import io
import json
from pathlib import Path

import pytest

from vigil.figures.cli import read_table, run_estimate

KOSOVO_CSV = """EXH,ABA,OSCE,HRW,count
0,0,0,1,306
0,0,1,0,936
0,0,1,1,123
0,1,0,0,845
0,1,0,1,31
0,1,1,0,217
0,1,1,1,32
1,0,0,0,1131
1,0,0,1,106
1,0,1,0,228
1,0,1,1,42
1,1,0,0,177
1,1,0,1,18
1,1,1,0,181
1,1,1,1,27
"""


FAST = ("--bootstrap", "0", "--samples", "300", "--burn-in", "100", "--chains", "2")
DATA = Path(__file__).parent / "data"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_estimate(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def kosovo_csv(tmp_path):
    path = tmp_path / "kosovo.csv"
    path.write_text(KOSOVO_CSV, encoding="utf-8")
    return path


def write(tmp_path, text: str, name: str = "lists.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_json_answer_for_the_kosovo_table(kosovo_csv):
    code, out, err = run(str(kosovo_csv), "--json", "--method", "bic-two-way", *FAST)
    assert code == 0, err
    answer = json.loads(out)
    assert {"estimate", "interval", "model", "models"} <= set(answer)
    assert answer["estimate"] == 14341.66
    assert answer["interval"] == [12525.19, 16542.84]
    assert answer["observed"] == 4400
    assert "EXH–ABA" in answer["model"] and "profile likelihood" in answer["model"]
    assert len(answer["models"]) == 64
    assert all("estimate" in m and "criterion" in m for m in answer["models"])
    by_words = {m["model"]: m["estimate"] for m in answer["models"]}
    assert by_words["lists EXH, ABA, OSCE and HRW independent"] == pytest.approx(7394.59, abs=0.01)


def test_text_answer_lists_every_candidate(kosovo_csv):
    code, out, _ = run(str(kosovo_csv), "--method", "bic-two-way", *FAST)
    assert code == 0
    assert out.startswith("Estimated total: 14,341.7 (95% interval 12,525.2 to 16,542.8;")
    assert "Interval: profile likelihood, conditional on the chosen model" in out
    candidates = out.split("Candidate models (by BIC):")[1].splitlines()
    assert sum(" BIC " in line for line in candidates) == 64
    assert "14,402.5" in out and "7,394.6" in out


def test_lcmcr_method(kosovo_csv):
    code, out, err = run(
        str(kosovo_csv), "--json", "--method", "lcmcr", "--samples", "2000", "--burn-in", "200",
        "--chains", "2", "--bootstrap", "0",
    )  # fmt: skip
    assert code == 0, err
    answer = json.loads(out)
    assert answer["method"] == "lcmcr"
    assert {"estimate", "interval", "model", "models"} <= set(answer)
    assert 4400 < answer["interval"][0] < answer["estimate"] < answer["interval"][1]
    chosen = [m for m in answer["methods"] if m["chosen"]]
    assert [m["method"] for m in chosen] == ["lcmcr"] and chosen[0]["estimate"] == round(
        answer["estimate"], 1
    )


def test_the_default_answer_is_stepwise_with_a_bca_interval_and_every_method_beside_it():
    western = str(DATA / "Western.csv")
    code, out, err = run(western, "--json", *FAST[2:], "--bootstrap", "30")
    assert code == 0, err
    answer = json.loads(out)
    assert answer["estimate"] == pytest.approx(2483.4, abs=0.1)
    assert "BCa bootstrap interval from 30 replicates" in answer["interval_kind"]
    assert answer["conditional_interval"][0] < answer["estimate"]
    by_method = {m["method"]: m for m in answer["methods"]}
    assert set(by_method) == {"stepwise", "bic", "bic-two-way", "aic", "bma", "lcmcr"}
    assert "decomposable" in by_method["bma"]["name"] and by_method["bma"]["estimate"] > 345
    assert by_method["stepwise"]["chosen"] and not by_method["aic"]["chosen"]
    assert by_method["aic"]["estimate"] != by_method["stepwise"]["estimate"]
    assert "conditional" in by_method["bic"]["interval_kind"]
    code, text, _ = run(western, *FAST)
    assert "Every method (the spread is part of the answer):" in text
    chosen = [line for line in text.splitlines() if line.startswith(" *")]
    assert len(chosen) == 1 and "2,483.4  log-linear, stepwise" in chosen[0]
    assert "latent classes (LCMCR" in text


def test_bma_as_the_chosen_method_and_a_method_that_cannot_run_says_why(tmp_path):
    code, out, err = run(str(DATA / "Korea.csv"), "--json", "--method", "bma", *FAST)
    assert code == 0, err
    answer = json.loads(out)
    assert answer["method"] == "bma" and answer["models"][0]["posterior_probability"] > 0.5
    code, out, err = run(str(DATA / "NewOrl_185.csv"), "--json", *FAST)
    assert code == 0, err
    by_method = {m["method"]: m for m in json.loads(out)["methods"]}
    assert by_method["bma"]["estimate"] is None and "at most 5 lists" in by_method["bma"]["reason"]
    assert by_method["stepwise"]["estimate"] == pytest.approx(1183.7, abs=0.1)


def test_excluded_candidates_are_listed_with_the_reason(tmp_path):
    path = write(tmp_path, "A,B,C,count\n1,0,0,40\n0,1,0,30\n0,0,1,20\n1,1,0,6\n")
    code, out, err = run(path, "--json", "--method", "aic", *FAST)
    assert code == 0, err
    answer = json.loads(out)
    verdicts = sorted(e["verdict"] for e in answer["excluded"])
    assert verdicts == ["no-mle", "no-mle", "no-mle", "not-identifiable"]
    assert answer["estimate"] == pytest.approx(296.0, abs=0.01)  # AC+BC, both set to −∞
    assert any("Assumes no one is on both A and C" in note for note in answer["notes"])
    code, text, _ = run(path, "--method", "aic", *FAST)
    assert "Candidate models excluded (4):" in text
    assert "not identifiable once it is assumed that no one is on both A and C" in text


def test_patterns_not_listed_count_zero_and_semicolons_and_bom_are_read(tmp_path):
    path = write(tmp_path, "\ufeffA;B;C;count\n1;0;0;40\n0;1;0;30\n0;0;1;20\n1;1;1;5\n")
    table = read_table(path)
    assert table.lists == ("A", "B", "C")
    assert table.counts[(1, 1, 1)] == 5 and (1, 1, 0) not in table.counts


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("A,B,C,count\n1,0,2,5\n", "lists.csv:2: column 'C': '2' is not 0 or 1"),
        ("A,B,C,count\n1,0,1,5\n1,0,1,7\n", "lists.csv:3: pattern 101 repeats line 2"),
        ("A,B,C,count\n1,0,1,many\n", "lists.csv:2: column 'count': 'many' is not a whole number"),
        ("A,B,C,count\n1,0,1,-3\n", "lists.csv:2: column 'count': -3 is negative"),
        ("A,B,C,count\n1,0,1\n", "lists.csv:2: 3 fields, the header has 4"),
        ("A,B,C,n\n1,0,1,4\n", "lists.csv:1: no 'count' column"),
        ("A,B,A,count\n1,0,1,4\n", "lists.csv:1: column 'A' appears twice"),
        ("A,B,C,count\n0,0,0,4\n", "lists.csv:2: the pattern on no list cannot be observed"),
        ("", "lists.csv:1: empty file"),
        ("A,B,C,count\n", "lists.csv:2: no capture patterns"),
    ],
)
def test_a_malformed_file_names_file_line_and_column_and_exits_2(tmp_path, text, message):
    path = write(tmp_path, text)
    code, out, err = run(path, "--json")
    assert code == 2
    assert out == ""
    assert message in err


def test_a_missing_file_exits_2(tmp_path):
    code, _, err = run(str(tmp_path / "nowhere.csv"))
    assert code == 2 and "nowhere.csv: no such file" in err


def test_refusals_exit_1_with_the_reason(tmp_path):
    code, out, err = run(write(tmp_path, "A,B,count\n1,0,5\n0,1,4\n1,1,2\n"), "--json")
    assert code == 1 and out == ""
    assert "no estimate: multiple systems estimation needs three or more" in err
    sparse = write(tmp_path, "A,B,C,count\n1,0,0,50\n0,1,0,40\n0,0,1,30\n", "sparse.csv")
    for method in ("stepwise", "lcmcr"):
        code, out, err = run(sparse, "--method", method, *FAST[:2], "--samples", "5")
        assert code == 1 and out == ""
        assert "no estimate: no one is on more than one list" in err


def test_usage(kosovo_csv):
    code, out, _ = run("--help")
    assert code == 0 and "vigil estimate" in out and "--method" in out
    code, _, err = run(str(kosovo_csv), "--method", "guess")
    assert code == 2 and "invalid choice" in err
    code, _, err = run(str(kosovo_csv), "--bootstrap", "1")
    assert code == 2 and "--bootstrap must be 0 or ≥ 2" in err
    code, _, err = run(str(kosovo_csv), "--chains", "0")
    assert code == 2 and "--chains must be ≥ 1" in err
    code, _, err = run()
    assert code == 2 and "FILE" in err
