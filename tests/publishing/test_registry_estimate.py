"""`vigil estimate --from-registry`: the overlap table built from the organisations' imported
lists, checked against tables counted by hand, and the estimate against the core's."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import make_user
from tests.factories import make_person
from tests.lists.helpers import VIASNA, csv_bytes, run_import
from tests.lists.versions import make_version
from vigil.accounts.actors import actor_for
from vigil.accounts.models import Organisation, Role
from vigil.figures import lcmcr, mse
from vigil.figures.mse import CaptureTable
from vigil.lists.merging import merge_persons
from vigil.publishing.management.commands.estimate import Command
from vigil.publishing.overlap import build_overlap
from vigil.publishing.population import Scope
from vigil.registry import models as m

# Persons per capture pattern over the lists of A, B and C, counted by hand:
# the saturated-minus-three-way model gives m000 = 1·6·5·4 / (3·2·2) = 10, so N = 23 + 10.
HAND = {"100": 6, "010": 5, "001": 4, "110": 3, "101": 2, "011": 2, "111": 1}
LISTS = ["org-a", "org-b/prisoners", "org-c"]


@pytest.fixture
def org_c(db):
    return Organisation.objects.create(slug="org-c", name_en="Organisation C", kind="documenting")


@pytest.fixture
def registry(org_a, org_b, org_c):
    """Persons made per pattern of HAND; each organisation imports one version of its list on
    2023-04-01. Returns {pattern: [persons]} and the organisations."""
    orgs = [org_a, org_b, org_c]
    by_pattern = {
        pattern: [make_person(org_a, name=f"Асоба {pattern}-{i}", gender="female" if i == 0
                              else "male") for i in range(n)]
        for pattern, n in HAND.items()
    }
    for j, org in enumerate(orgs):
        on_list = [p for pattern, ps in by_pattern.items() if pattern[j] == "1" for p in ps]
        make_version(org, on_list, "2023-04-01")
    return by_pattern, orgs


def list_args(lists=LISTS) -> list[str]:
    return [a for name in lists for a in ("--list", name)]


FAST = ("--bootstrap", "20", "--samples", "300", "--burn-in", "100", "--chains", "2")


def estimate_json(*extra, lists=LISTS) -> dict:
    out = io.StringIO()
    call_command("estimate", "--from-registry", *list_args(lists), *FAST, *extra, "--json",
                 stdout=out)
    return json.loads(out.getvalue())


def table_of(answer: dict) -> dict[str, int]:
    return {row["pattern"]: row["count"] for row in answer["overlap"]["patterns"] if row["count"]}


@pytest.mark.django_db
def test_the_overlap_table_is_the_hand_counted_one(registry):
    overlap = build_overlap(LISTS, Scope.whole_registry())
    assert overlap.table == CaptureTable.from_strings(LISTS, HAND)
    assert [c.persons for c in overlap.lists] == [6 + 3 + 2 + 1, 5 + 3 + 2 + 1, 4 + 2 + 2 + 1]
    assert overlap.table.observed == 23


@pytest.mark.django_db
def test_the_estimate_is_the_cores_on_the_hand_table(registry):
    answer = estimate_json("--method", "bic")
    core = mse.estimate(CaptureTable.from_strings(LISTS, HAND), "bic", replicates=20).as_dict()
    assert table_of(answer) == HAND
    for key in ("estimate", "interval", "model", "observed", "lists", "excluded"):
        assert answer[key] == core[key]
    assert {m["method"] for m in answer["methods"]} >= {"stepwise", "bic", "aic", "lcmcr"}
    all_pairs = next(m for m in answer["models"] if len(m["terms"]) == 3)
    assert all_pairs["estimate"] == pytest.approx(23 + 10, rel=1e-6)


@pytest.mark.django_db
def test_the_text_answer_shows_the_overlap_and_the_models(registry):
    out = io.StringIO()
    call_command("estimate", "--from-registry", "--list", "org-a", "--list", "org-b",
                 "--list", "org-c", *FAST, stdout=out)
    text = out.getvalue()
    assert "org-a: 12 persons — prisoners v1 (2023-04-01)" in text
    assert "\n    x      ·      ·          6\n" in text  # on A only
    assert "\n    x      x      ·          3\n" in text  # on A and B, not C
    assert "23 persons observed" in text
    assert "Estimated total:" in text and "Candidate models (by BIC):" in text
    assert "Every method (the spread is part of the answer):" in text


@pytest.mark.django_db
def test_a_merged_person_counts_once(registry, admin_a):
    by_pattern, _ = registry
    on_a, on_b = by_pattern["100"][0], by_pattern["010"][0]
    merge_persons(on_a, on_b, admin_a, actor_for(admin_a))
    expected = {**HAND, "100": 5, "010": 4, "110": 4}
    overlap = build_overlap(LISTS, Scope.whole_registry())
    assert overlap.table == CaptureTable.from_strings(LISTS, expected)
    assert overlap.not_in_scope == 0  # the merged person's rows now point to the survivor


@pytest.mark.django_db
def test_a_deleted_person_is_left_out_and_said_so(registry, admin_a):
    by_pattern, _ = registry
    by_pattern["111"][0].soft_delete(admin_a)
    overlap = build_overlap(LISTS, Scope.whole_registry())
    assert overlap.table == CaptureTable.from_strings(
        LISTS, {p: n for p, n in HAND.items() if p != "111"})
    assert overlap.notes() == ["1 persons on these lists are not counted: deleted from the "
                               "registry (or, on a page, not visible to the viewer)."]


@pytest.mark.django_db
def test_as_of_takes_the_version_standing_on_that_day(registry, org_a):
    by_pattern, _ = registry
    newcomer = make_person(org_a, name="Новая Асоба")
    make_version(org_a, [newcomer, *by_pattern["100"]], "2023-06-30")
    before = build_overlap(LISTS, Scope.whole_registry(), dt.date(2023, 5, 1))
    after = build_overlap(LISTS, Scope.whole_registry())
    assert before.table == CaptureTable.from_strings(LISTS, HAND)
    # v2 of A holds the six of "100" and one newcomer: A's overlaps are gone.
    assert after.table == CaptureTable.from_strings(
        LISTS, {"100": 7, "010": 5 + 3, "001": 4 + 2, "011": 2 + 1})
    assert [v.number for v in after.lists[0].versions] == [2]


@pytest.mark.django_db
def test_a_recorded_publication_date_dates_the_version(registry, org_a):
    """A's list of 31 December, imported in June as version 2, does not replace the list of
    1 April: the version standing is the one with the latest date."""
    by_pattern, _ = registry
    old_list = m.Source.objects.create(organisation=org_a, kind="list", title="A's old list",
                                       published_on=dt.date(2022, 12, 31))
    make_version(org_a, by_pattern["100"], "2023-06-30", source=old_list)
    overlap = build_overlap(LISTS, Scope.whole_registry(), dt.date(2023, 7, 1))
    assert overlap.table == CaptureTable.from_strings(LISTS, HAND)
    assert [(v.number, v.date) for v in overlap.lists[0].versions] == [(1, dt.date(2023, 4, 1))]


@pytest.mark.django_db
def test_where_counts_only_the_matching_persons(registry):
    answer = (estimate_json("--where", "gender=female"))
    # one woman per pattern (the first person of each)
    assert table_of(answer) == dict.fromkeys(HAND, 1)
    assert answer["overlap"]["where"] == {"gender": ["female"]}


@pytest.mark.django_db
def test_lcmcr_gives_the_cores_answer_for_the_same_seed(registry):
    answer = (estimate_json("--method", "lcmcr", "--seed", "7"))
    core = lcmcr.estimate(CaptureTable.from_strings(LISTS, HAND), seed=7, samples=300,
                          burn_in=100, chains=2).as_dict()
    assert answer["method"] == "lcmcr" and answer["estimate"] == core["estimate"]
    assert answer["interval"] == core["interval"]


@pytest.mark.django_db
@pytest.mark.parametrize("lists, message", [
    (["org-a", "org-b"], "--list: multiple systems estimation needs three or more lists; "
                         "2 given: org-a, org-b"),
    (["org-a", "org-b", "org-a"], "--list: org-a named twice"),
    (["org-a", "org-b", "nowhere"], "--list: nowhere: no organisation 'nowhere' "
                                    r"\(known: org-a, org-b, org-c\)"),
    (["org-a", "org-b", "org-c/released"], "--list: org-c/released: org-c has no list "
                                           r"'released' \(its lists: prisoners\)"),
    (["org-a", "org-b", "org-a/prisoners"], "--list: org-a and org-a/prisoners both take "
                                            "org-a/prisoners"),
])
def test_bad_lists_are_refused_by_name(registry, lists, message):
    with pytest.raises(CommandError, match=message) as error:
        call_command("estimate", "--from-registry", *list_args(lists))
    assert error.value.returncode == 2


@pytest.mark.django_db
def test_an_organisation_without_lists_is_refused(registry):
    Organisation.objects.create(slug="org-d", name_en="Organisation D", kind="documenting")
    with pytest.raises(CommandError, match="--list: org-d: org-d has imported no list yet"):
        call_command("estimate", "--from-registry", *list_args([*LISTS, "org-d"]))


@pytest.mark.django_db
def test_a_day_before_any_version_and_an_unknown_field_are_refused(registry):
    args = list_args()
    with pytest.raises(CommandError, match="--list: org-a: no list version by 2020-01-01"):
        call_command("estimate", "--from-registry", *args, "--as-of", "2020-01-01")
    with pytest.raises(CommandError, match="--where: unknown field 'colour'"):
        call_command("estimate", "--from-registry", *args, "--where", "colour=red")
    with pytest.raises(CommandError, match="--as-of: '30.04.2023' is not a date"):
        call_command("estimate", "--from-registry", *args, "--as-of", "30.04.2023")


@pytest.mark.django_db
def test_lists_that_never_overlap_give_a_refusal_not_a_number(org_a, org_b, org_c):
    for org in (org_a, org_b, org_c):
        make_version(org, [make_person(org, name=f"Асоба {org.slug}")], "2023-04-01")
    out = io.StringIO()
    with pytest.raises(CommandError, match="no estimate: no one is on more than one list") \
            as error:
        call_command("estimate", "--from-registry", *list_args(),
                     stdout=out)
    assert error.value.returncode == 1
    assert "3 persons observed" in out.getvalue()  # the table is still shown


# Django's run_from_argv closes the connection, so the test commits (and puts the seeded
# vocabularies back for the transactional tests after it)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_command_line_dispatches_on_from_registry(registry, tmp_path, capsys):
    table = tmp_path / "lists.csv"
    table.write_text("A,B,C,count\n" + "".join(
        f"{','.join(p)},{n}\n" for p, n in HAND.items()))
    with pytest.raises(SystemExit) as done:
        Command().run_from_argv(["vigil", "estimate", str(table), "--json"])
    assert done.value.code == 0
    from_file = json.loads(capsys.readouterr().out)
    with pytest.raises(SystemExit) as done:
        Command().run_from_argv(["vigil", "estimate", "--from-registry", "--list", "org-a"])
    assert done.value.code == 2
    assert "three or more lists; 1 given: org-a" in capsys.readouterr().err
    assert from_file["estimate"] == estimate_json()["estimate"]


@pytest.mark.django_db
def test_imports_that_match_shared_persons_make_the_overlap(org_a, org_b, org_c, admin_a):
    """Through the real import: B and C match rows to the persons A imported and shared, so
    those persons are on several lists."""
    run_import(csv_bytes(VIASNA), org_a, admin_a)
    for model in (m.Person, m.NameVariant, m.CustodyPeriod, m.Recognition, m.Case):
        model.objects.update(visibility=m.Visibility.PUBLIC)
    run_import(csv_bytes(VIASNA[:2]), org_b, make_user("b", org_b, Role.DOCUMENTER),
               file_name="b.csv", list_name="prisoners")
    run_import(csv_bytes(VIASNA[1:2]), org_c, make_user("c", org_c, Role.DOCUMENTER),
               file_name="c.csv", list_name="prisoners")
    overlap = build_overlap(["org-a", "org-b", "org-c"], Scope.whole_registry())
    # Bialiatski on A and B, Zolatava on all three, the other two on A only
    assert overlap.table == CaptureTable.from_strings(
        ["org-a", "org-b", "org-c"], {"100": 2, "110": 1, "111": 1})
