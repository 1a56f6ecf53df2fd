"""The duplicates page: likely duplicates among the persons a user sees, and a merge proposed
by hand that another reviewer or administrator confirms in the review queue."""

import pytest

from tests.conftest import make_user
from tests.factories import make_person
from vigil.accounts.models import Role
from vigil.dates import PartialDate
from vigil.lists.models import MatchDecision, PairStatus, PersonMerge, ReviewPair
from vigil.registry import models as m


@pytest.fixture
def twins(org_a):
    kept = make_person(org_a, name="Алесь Бяляцкі")
    merged = make_person(org_a, name="Ales Bialiatski")
    return merged, kept


def propose(client, merged, kept, **extra):
    return client.post("/lists/duplicates/propose/",
                       {"merged": str(merged), "kept": str(kept), **extra}, follow=True)


@pytest.mark.django_db
def test_a_merge_proposed_by_hand_is_merged_once_another_reviewer_confirms(
        client, org_a, documenter_a, reviewer_a, twins):
    merged, kept = twins
    client.force_login(documenter_a)
    page = propose(client, merged.pk, f"#{kept.pk}", note="same birth date on spring96.org")
    assert "A reviewer or administrator other than you confirms it" in page.content.decode()
    pair = ReviewPair.objects.get()
    assert (pair.person_a, pair.person_b, pair.proposed_by, pair.status) == (
        merged, kept, documenter_a, PairStatus.OPEN)
    assert pair.reason == "proposed by hand by documenter-a: same birth date on spring96.org"
    listed = client.get("/lists/duplicates/").content.decode()
    assert "Ales Bialiatski" in listed and "Алесь Бяляцкі" in listed
    assert "proposed by hand by documenter-a" in listed
    assert not m.Person.objects.filter(deleted_at__isnull=False).exists()  # nothing merged

    client.force_login(reviewer_a)
    queue = client.get("/lists/review/").content.decode()
    assert "proposed by hand by documenter-a" in queue and "p=0.000" not in queue
    client.post(f"/lists/review/{pair.pk}/", {"decision": "same"})
    merge = PersonMerge.objects.get()
    assert (merge.survivor, merge.merged, merge.merged_by) == (kept, merged, reviewer_a)
    assert MatchDecision.objects.get().decided_by == reviewer_a
    assert client.get(f"/persons/{merged.pk}/")["Location"] == f"/persons/{kept.pk}/"
    client.post(f"/lists/merges/{merge.pk}/undo/")
    assert m.Person.objects.get(pk=merged.pk).deleted_at is None
    assert m.NameVariant.objects.get(text="Ales Bialiatski").person_id == merged.pk


@pytest.mark.django_db
def test_the_proposer_cannot_confirm_their_own_proposal(client, org_a, twins):
    merged, kept = twins
    reviewer = make_user("reviewer-a", org_a, Role.REVIEWER)
    client.force_login(reviewer)
    propose(client, merged.pk, kept.pk)
    pair = ReviewPair.objects.get()
    page = client.post(f"/lists/review/{pair.pk}/", {"decision": "same"}, follow=True)
    assert "You proposed this merge yourself" in page.content.decode()
    cluster = client.post("/lists/review/cluster/", {"pairs": str(pair.pk), "decision": "same"},
                          follow=True)
    assert "You proposed this merge yourself" in cluster.content.decode()
    assert ReviewPair.objects.get().status == PairStatus.OPEN
    assert not PersonMerge.objects.exists()
    client.post(f"/lists/review/{pair.pk}/", {"decision": "not_same"})  # may still refuse it
    assert ReviewPair.objects.get().status == PairStatus.NOT_SAME


@pytest.mark.django_db
def test_a_bad_proposal_names_its_field_and_changes_nothing(
        client, org_a, org_b, documenter_a, twins):
    merged, kept = twins
    client.force_login(documenter_a)
    page = propose(client, "Ales", kept.pk).content.decode()
    assert "Person to merge away: give the person&#x27;s number" in page
    assert "Choose two different persons." in propose(client, kept.pk, kept.pk).content.decode()
    assert propose(client, merged.pk, make_person(org_b, name="Іван").pk).status_code == 404
    propose(client, merged.pk, kept.pk)
    again = propose(client, kept.pk, merged.pk).content.decode()
    assert "already waiting in the review queue" in again
    assert ReviewPair.objects.count() == 1


@pytest.mark.django_db
def test_a_partners_person_cannot_be_merged_away(client, org_a, org_b, coalition, documenter_a):
    partner = make_person(org_b, name="Марына Золатава", visibility=m.Visibility.COALITION)
    own = make_person(org_a, name="Marina Zolatava")
    client.force_login(documenter_a)
    page = propose(client, partner.pk, own.pk).content.decode()
    assert f"Person #{partner.pk} is another organisation&#x27;s record" in page
    assert not ReviewPair.objects.exists()
    propose(client, own.pk, partner.pk)  # the other way round is allowed
    assert ReviewPair.objects.get().person_a == own


@pytest.mark.django_db
def test_looking_for_duplicates_from_the_page_opens_review_pairs(client, org_a, documenter_a,
                                                                 viewer_a):
    for name in ("Алесь Бяляцкі", "Ales Bialiatski"):
        person = make_person(org_a, name=name)
        person.set_partial("birth_date", PartialDate.parse("1962-09-25"))
        person.save()
    client.force_login(documenter_a)
    page = client.post("/lists/duplicates/search/", follow=True).content.decode()
    assert "1 new pair of likely duplicates sent to the review queue." in page
    assert "Ales Bialiatski" in page and "p=" in page
    again = client.post("/lists/duplicates/search/", follow=True).content.decode()
    assert "0 new pairs" in again and ReviewPair.objects.count() == 1
    client.force_login(viewer_a)
    assert client.get("/lists/duplicates/").status_code == 403
