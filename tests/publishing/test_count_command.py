"""`vigil count`: the JSON answer's keys, and clear refusals of bad input."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.factories import make_custody, make_person
from tests.publishing.helpers import recognise


def run(*args):
    out = io.StringIO()
    call_command("count", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_json_answer_has_the_documented_keys(org_a, org_b):
    person = make_person(org_a)
    make_custody(person, "2021-01-01")
    recognise(person)
    body = json.loads(run("--as-of", "2023-04-30", "--recognised-by", "org-a", "--by",
                          "gender", "--json"))
    assert {"count", "definition", "as_of", "citation", "person_ids", "breakdown"} <= set(body)
    assert body["count"] == 1 and body["person_ids"] == [person.pk]
    assert body["as_of"] == {"date": "2023-04-30", "timezone": "Europe/Minsk",
                             "time": "end of day"}
    assert body["citation"] == ("Political prisoners recognised by Organisation A in custody "
                                "at the end of 30 April 2023 (Europe/Minsk)")
    assert body["breakdown"]["rows"][0]["value"] == "unknown"
    several = json.loads(run("--as-of", "2023-04-30", "--recognised-by", "org-a", "org-b",
                             "--match", "all", "--json"))
    assert several["count"] == 0 and several["definition"]["recognised_by"] == ["org-a", "org-b"]
    without = json.loads(run("--as-of", "2023-04-30", "--json"))
    assert "breakdown" not in without


@pytest.mark.django_db
def test_a_during_count_and_filters(org_a):
    person = make_person(org_a)
    make_custody(person, "2022-03-01", "2022-04-01", end_reason="served")
    body = json.loads(run("--kind", "during", "--from", "2022-01-01", "--to", "2022-12-31",
                          "--where", "gender=unknown", "--json"))
    assert body["count"] == 1
    assert body["definition"]["where"] == {"gender": ["unknown"]}
    assert "1,234" not in run("--as-of", "2022-03-15")  # text output works too


@pytest.mark.django_db
@pytest.mark.parametrize("args, option", [
    (["--as-of", "2023-02-30"], "--as-of"),
    (["--as-of", "30.04.2023"], "--as-of"),
    (["--as-of", "2023-04-30", "--recognised-by", "no-such-org"], "--recognised-by"),
    (["--as-of", "2023-04-30", "--where", "colour=red"], "--where"),
    (["--as-of", "2023-04-30", "--where", "gender"], "--where"),
    (["--as-of", "2023-04-30", "--by", "colour"], "--by"),
    (["--kind", "during", "--from", "2023-01-01"], "--from"),
    (["--kind", "during", "--from", "2023-02-01", "--to", "2023-01-01"], "--from"),
    (["--kind", "stock"], "--as-of"),
])
def test_bad_input_is_refused_naming_the_option(args, option, org_a):
    with pytest.raises(CommandError) as error:
        run(*args)
    assert str(error.value).startswith(option)


def test_a_bad_date_exits_non_zero_without_a_traceback(tmp_path):
    env = {**os.environ, "VIGIL_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the suite's settings module is not installed
    vigil = Path(sys.executable).parent / "vigil"
    done = subprocess.run([str(vigil), "count", "--as-of", "2023-13-01", "--json"],  # noqa: S603
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode != 0
    assert "--as-of" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""
