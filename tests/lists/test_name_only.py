"""Matches the name carried alone: kept with their rule by an import, listed for the reviewer
who may see them, confirmed in bulk in one audited step, refused when stale, undone whole."""

import pytest

from tests.conftest import make_user
from tests.lists.helpers import VIASNA, csv_bytes, run_import
from vigil.accounts.actors import actor_for
from vigil.accounts.models import Role
from vigil.lists import name_only
from vigil.lists.merging import merge_persons, undo_merge
from vigil.lists.models import ListEntry, MatchDecision, NameOnlyConfirmation
from vigil.registry import models as m

LATIN = [
    {"id": "a1", "name": "Ales Bialiatski", "birth_year": "1962"},  # birth data agree
    {"id": "a2", "name": "Nasta Lojka"},  # the name alone: fits one person
    {"id": "a4", "name": "Maryna Zolatava"},  # the name alone too
]


@pytest.fixture
def imported(org_a, documenter_a):
    run_import(csv_bytes(VIASNA), org_a, documenter_a)
    version, _ = run_import(csv_bytes(LATIN), org_a, documenter_a, list_name="cpj",
                            file_name="cpj.csv")
    return {e.external_id: e for e in version.entries.all()}


def _post(entries):
    data = {"entry": [str(e.pk) for e in entries]}
    data.update({f"person-{e.pk}": str(e.person_id) for e in entries})
    return data


@pytest.mark.django_db
def test_an_import_keeps_the_rule_of_each_match_and_the_explanation_of_name_only_ones(
        imported):
    assert imported["a1"].match_rule == "score" and imported["a1"].explanation == []
    for row in ("a2", "a4"):
        assert imported[row].outcome == "matched"
        assert imported[row].match_rule == "unambiguous full name"
        assert "rule: unambiguous full name" in imported[row].explanation[0]
    assert imported["a2"].person == ListEntry.objects.get(version__list_name="viasna",
                                                          external_id="4").person


@pytest.mark.django_db
def test_the_page_lists_name_only_matches_and_confirms_a_selection_in_one_step(
        client, imported, reviewer_a):
    client.force_login(reviewer_a)
    page = client.get("/lists/name-only/").content.decode()
    assert "2 matches wait for confirmation." in page
    assert "Nasta Lojka" in page and "Maryna Zolatava" in page
    assert "Ales Bialiatski" not in page  # carried by agreeing birth data, not the name
    response = client.post("/lists/name-only/confirm/", _post([imported["a2"]]), follow=True)
    assert "1 match confirmed as the same person" in response.content.decode()
    confirmation = NameOnlyConfirmation.objects.get()
    decision = confirmation.decisions.get()
    assert (decision.a_list, decision.a_id, decision.b_person_id, decision.same) == (
        "cpj", "a2", imported["a2"].person_id, True)
    assert (decision.b_list, decision.b_id) == ("viasna", "4")
    assert decision.decided_by == reviewer_a == confirmation.confirmed_by
    page = client.get("/lists/name-only/").content.decode()
    assert "1 match waits for confirmation." in page and "Nasta Lojka" not in page
    assert "/lists/decisions.csv" in client.get("/lists/").content.decode()
    assert "cpj,a2,viasna,4,same" in client.get("/lists/decisions.csv").content.decode()


@pytest.mark.django_db
def test_undo_withdraws_the_whole_confirmation_and_lists_the_matches_again(
        client, imported, reviewer_a):
    client.force_login(reviewer_a)
    client.post("/lists/name-only/confirm/", _post([imported["a2"], imported["a4"]]))
    confirmation = NameOnlyConfirmation.objects.get()
    assert confirmation.decisions.count() == 2
    assert not name_only.name_only_entries(actor_for(reviewer_a)).exists()
    client.post(f"/lists/name-only/{confirmation.pk}/undo/")
    confirmation.refresh_from_db()
    assert confirmation.undone_by == reviewer_a and confirmation.undone_at is not None
    assert MatchDecision.objects.filter(withdrawn_at__isnull=True).count() == 0
    assert name_only.name_only_entries(actor_for(reviewer_a)).count() == 2
    page = client.get("/lists/name-only/").content.decode()
    assert "undone by" in page and "2 matches wait for confirmation." in page


@pytest.mark.django_db
def test_a_stale_selection_is_refused_and_changes_nothing(client, imported, reviewer_a, org_a):
    client.force_login(reviewer_a)
    shown = _post([imported["a2"], imported["a4"]])
    client.post("/lists/name-only/confirm/", _post([imported["a4"]]))  # another tab
    response = client.post("/lists/name-only/confirm/", shown, follow=True)
    assert "nothing was confirmed" in response.content.decode()
    assert NameOnlyConfirmation.objects.count() == 1 and MatchDecision.objects.count() == 1
    # the row's person changed (merged away) since the page showed it
    entry = imported["a2"]
    other = m.Person.objects.create(organisation=org_a)
    merge = merge_persons(other, entry.person, reviewer_a, actor_for(reviewer_a))
    response = client.post("/lists/name-only/confirm/", _post([entry]), follow=True)
    assert "nothing was confirmed" in response.content.decode()
    assert MatchDecision.objects.count() == 1
    undo_merge(merge, reviewer_a)
    assert client.post("/lists/name-only/confirm/", _post([entry])).status_code == 302
    assert MatchDecision.objects.count() == 2


@pytest.mark.django_db
def test_only_reviewers_of_the_organisation_see_and_confirm(client, imported, org_b,
                                                            documenter_a, viewer_a, reviewer_a):
    for user in (documenter_a, viewer_a):
        client.force_login(user)
        assert client.get("/lists/name-only/").status_code == 403
        assert client.post("/lists/name-only/confirm/",
                           _post([imported["a2"]])).status_code == 403
    client.force_login(make_user("reviewer-b", org_b, Role.REVIEWER))
    page = client.get("/lists/name-only/").content.decode()
    assert "0 matches wait for confirmation." in page and "Nasta" not in page
    assert client.post("/lists/name-only/confirm/", _post([imported["a2"]])).status_code == 404
    assert not MatchDecision.objects.exists()
    client.force_login(reviewer_a)
    client.post("/lists/name-only/confirm/", _post([imported["a2"]]))
    confirmation = NameOnlyConfirmation.objects.get()
    client.force_login(make_user("reviewer-b2", org_b, Role.REVIEWER))
    assert client.post(f"/lists/name-only/{confirmation.pk}/undo/").status_code == 404
    assert NameOnlyConfirmation.objects.get().undone_at is None


@pytest.mark.django_db
def test_a_match_to_a_person_the_reviewer_may_not_see_is_not_listed(client, imported,
                                                                    reviewer_a):
    """A row matched to a person who has since become invisible to the reviewer (here:
    deleted) is neither listed nor confirmable."""
    person = imported["a2"].person
    person.soft_delete(reviewer_a)
    client.force_login(reviewer_a)
    page = client.get("/lists/name-only/").content.decode()
    assert "1 match waits for confirmation." in page and "Nasta Lojka" not in page
    response = client.post("/lists/name-only/confirm/", _post([imported["a2"]]), follow=True)
    assert "nothing was confirmed" in response.content.decode()
    assert not MatchDecision.objects.exists()
