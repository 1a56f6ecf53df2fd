"""Reconciling two versions of an organisation's list against the registry (`vigil reconcile`
and the comparison page), on reconciliations worked out by hand."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import make_custody, make_person
from tests.lists.versions import make_version
from vigil.accounts.actors import actor_for
from vigil.lists.merging import merge_persons
from vigil.lists.reconciling import reconcile_versions
from vigil.publishing.population import Scope
from vigil.registry import models as m


@pytest.fixture
def two_versions(org_a, admin_a):
    """Version 1 of 31 January: stay-1..3, amnestied, served, died, withdrawn (7 persons).
    Version 2 of 30 June: stay-1..3 (stay-3 as a duplicate, merged since), new-1, new-2.
    By hand: 7 + 2 added − 2 released − 1 died − 1 withdrawn = 5 = version 2."""
    people = {name: make_person(org_a, name=name) for name in (
        "stay-1", "stay-2", "stay-3", "amnestied", "served", "died", "withdrawn", "new-1",
        "new-2", "stay-3 again")}
    make_custody(people["amnestied"], "2022-05-01", "2023-03-01", end_reason="amnestied")
    make_custody(people["served"], "2021-05-01", "2023-05", end_reason="served")
    make_custody(people["died"], "2022-01-10", "2023-04-10", end_reason="died")
    make_custody(people["withdrawn"], "2022-01-10")
    m.Recognition.objects.create(person=people["withdrawn"], organisation=org_a,
                                 status="withdrawn", since=dt.date(2023, 2, 20))
    first = [people[n] for n in ("stay-1", "stay-2", "stay-3", "amnestied", "served", "died",
                                 "withdrawn")]
    v1 = make_version(org_a, first, "2023-01-31")
    second = [people[n] for n in ("stay-1", "stay-2", "stay-3 again", "new-1", "new-2")]
    v2 = make_version(org_a, second, "2023-06-30")
    merge_persons(people["stay-3"], people["stay-3 again"], admin_a, actor_for(admin_a))
    return v1, v2, people


def reconcile_json(*args) -> dict:
    out = io.StringIO()
    call_command("reconcile", "--org", "org-a", "--list", "prisoners", *args, "--json",
                 stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_a_reconciliation_that_adds_up(two_versions):
    v1, v2, people = two_versions
    answer = reconcile_json("--from", "1", "--to", "v2")
    assert answer["old"] == {"as_of": "2023-01-31", "count": 7, "version": 1}
    assert answer["new"] == {"as_of": "2023-06-30", "count": 5, "version": 2}
    assert answer["recorded_flows"] == {"added": 2, "released": 2, "died": 1, "withdrawn": 1}
    assert answer["expected_from_flows"] == 5
    assert answer["adds_up"] is True and answer["unexplained_removals"] == []
    checks = {c["kind"]: c["person_ids"] for c in answer["checks"]}
    assert checks["released"] == sorted([people["amnestied"].pk, people["served"].pk])
    assert checks["added"] == sorted([people["new-1"].pk, people["new-2"].pk])


@pytest.mark.django_db
def test_a_person_who_left_with_no_reason_recorded_is_named(two_versions, org_a):
    v1, v2, people = two_versions
    vanished = make_person(org_a, name="vanished")
    make_custody(vanished, "2022-03-01")  # still held, as far as the registry knows
    v1.entries.create(row=8, external_id="8", person=vanished, outcome="created")
    out = io.StringIO()
    call_command("reconcile", "--org", "org-a", "--list", "prisoners", "--from", "1", "--to",
                 "2", stdout=out)
    text = out.getvalue()
    # 8 + 2 − 2 − 1 − 1 = 6 expected, 5 on version 2
    assert "  version 1                            8\n" in text
    assert "= expected                             6\n" in text
    assert "  version 2                            5\n" in text
    assert "1 persons left the list with no release, death or withdrawal recorded between the " \
           f"two dates.\n  they are: #{vanished.pk}\n" in text
    assert text.rstrip().endswith("Does not add up.")


@pytest.mark.django_db
def test_stated_flows_are_checked_against_the_registry(two_versions):
    answer = reconcile_json("--from", "1", "--to", "2", "--stated", "amnestied=1:released",
                            "--stated", "served=1:released", "--stated", "died=1",
                            "--stated", "withdrawn=1", "--stated", "added=2")
    assert answer["expected_new"] == 5 and answer["gap"] == 0 and answer["adds_up"] is True
    wrong = reconcile_json("--from", "1", "--to", "2", "--stated", "added=3",
                           "--stated", "released=2", "--stated", "died=1")
    # 7 + 3 − 2 − 1 = 7 stated, 5 on the list
    assert wrong["expected_new"] == 7 and wrong["gap"] == -2 and wrong["adds_up"] is False
    assert "The stated flows do not add up: 7 + 3 added − 2 released − 1 died = 7, but the " \
           "list of 2023-06-30 holds 5 (a gap of -2)." in wrong["messages"]
    assert "added: 3 stated, 2 seen in the lists and the registry." in wrong["messages"]


@pytest.mark.django_db
def test_the_versions_can_be_named_in_either_order(two_versions):
    forward = reconcile_json("--from", "1", "--to", "2")
    backward = reconcile_json("--from", "2", "--to", "1")
    assert forward == backward


@pytest.mark.django_db
def test_records_the_viewer_may_not_see_explain_nothing(two_versions, org_b, viewer_a):
    """On a page the explanation comes from what the viewer sees: a release recorded only by
    another organisation leaves the person unexplained there."""
    v1, v2, people = two_versions
    m.CustodyPeriod.objects.filter(person=people["amnestied"]).update(organisation=org_b)
    seen = reconcile_versions(v1, v2, Scope.for_actor(actor_for(viewer_a))).result
    operator = reconcile_versions(v1, v2, Scope.whole_registry()).result
    assert seen.unexplained_removals == (people["amnestied"].pk,)
    assert operator.unexplained_removals == ()


@pytest.mark.django_db
@pytest.mark.parametrize("args, message", [
    (["--from", "1", "--to", "3"], r"--to '3': no such version of 'prisoners' \(versions: 1, 2\)"),
    (["--from", "one", "--to", "2"], "--from 'one': no such version"),
    (["--from", "2", "--to", "2"], "--from and --to: both name version 2"),
    (["--from", "1", "--to", "2", "--stated", "amnestied=35"],
     "--stated: 'amnestied=35': 'amnestied' is not a kind of flow; add :KIND"),
    (["--from", "1", "--to", "2", "--stated", "released=many"],
     "--stated: 'released=many' is not LABEL=COUNT"),
])
def test_bad_input_is_named(two_versions, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("reconcile", "--org", "org-a", "--list", "prisoners", *args)


@pytest.mark.django_db
def test_an_unknown_list_names_the_organisations_lists(two_versions):
    with pytest.raises(CommandError, match=r"--list 'released': org-a has no such list "
                                           r"\(its lists: prisoners\)"):
        call_command("reconcile", "--org", "org-a", "--list", "released", "--from", "1",
                     "--to", "2")


def compare_page(client, user, v1, v2, **stated):
    client.force_login(user)
    return client.get(f"/lists/{v1.pk}/compare/{v2.pk}/", stated)


def row(label: str, number: int) -> str:
    return f"<td>{label}</td><td class=\"num\">{number}</td>"


@pytest.mark.django_db
def test_the_comparison_page_shows_the_reconciliation(client, two_versions, viewer_a):
    v1, v2, people = two_versions
    page = compare_page(client, viewer_a, v1, v2)
    text = page.content.decode()
    assert page.status_code == 200
    for label, number in [("version 1 (2023-01-31)", 7), ("added", 2), ("released", 2),
                          ("died", 1), ("recognition withdrawn", 1), ("expected", 5),
                          ("version 2 (2023-06-30)", 5)]:
        assert row(label, number) in text
    assert f"amnestied (#{people['amnestied'].pk})" in text
    assert "Adds up." in text and "no release, death or withdrawal recorded" not in text


@pytest.mark.django_db
def test_the_page_names_only_the_leavers_the_viewer_may_see(client, two_versions, org_a,
                                                             org_b, viewer_a):
    v1, v2, people = two_versions
    hidden = make_person(org_b, name="HIDDEN-PERSON-OF-B")
    vanished = make_person(org_a, name="vanished")
    for i, person in enumerate((hidden, vanished), start=8):
        v1.entries.create(row=i, external_id=str(i), person=person, outcome="matched")
    text = compare_page(client, viewer_a, v1, v2).content.decode()
    # 9 + 2 − 2 − 1 − 1 = 7 expected, 5 on version 2: two left with no reason recorded
    assert row("expected", 7) in text
    assert "2 persons left the list with no release, death or withdrawal recorded" in text
    assert f"vanished (#{vanished.pk})" in text and "(1 person you cannot see)" in text
    assert "HIDDEN-PERSON-OF-B" not in text and f"#{hidden.pk})" not in text
    assert "Does not add up." in text


@pytest.mark.django_db
def test_the_page_checks_the_stated_flows(client, two_versions, viewer_a):
    v1, v2, _ = two_versions
    text = compare_page(client, viewer_a, v1, v2, added=3, released=2, died=1).content.decode()
    assert "The stated flows do not add up: 7 + 3 added − 2 released − 1 died = 7, but the " \
           "list of 2023-06-30 holds 5 (a gap of -2)." in text
    assert "Does not add up." in text
    bad = compare_page(client, viewer_a, v1, v2, released="-4")
    assert bad.status_code == 400
    assert "Ensure this value is greater than or equal to 0." in bad.content.decode()


@pytest.mark.django_db
def test_the_page_lists_the_first_persons_of_a_long_flow(client, two_versions, viewer_a,
                                                         monkeypatch):
    v1, v2, people = two_versions
    monkeypatch.setattr("vigil.lists.views.SHOWN_PER_OUTCOME", 1)
    text = compare_page(client, viewer_a, v1, v2).content.decode()
    assert f"amnestied (#{people['amnestied'].pk})</a> and 1 more" in text
    assert f"served (#{people['served'].pk})" not in text
