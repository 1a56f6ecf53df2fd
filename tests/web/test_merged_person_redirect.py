"""An absorbed person's pages lead to the kept person, for those who could see the absorbed
person and may see the kept one."""

import pytest

from tests.conftest import make_user
from tests.factories import make_person
from vigil.accounts.actors import actor_for
from vigil.accounts.models import Role
from vigil.lists.merging import merge_persons, undo_merge
from vigil.registry import models as m

PAGES = ["/persons/{}/", "/persons/{}/history/"]


@pytest.fixture
def merge(org_a, org_b, coalition, reviewer_a):
    """A's coalition-wide person absorbed into B's organisation-only person: B could see the
    absorbed person and sees the kept one; A cannot see the kept one."""
    kept = make_person(org_b, name="Ihar Losik", visibility=m.Visibility.ORGANISATION)
    absorbed = make_person(org_a, name="Ігар Лосік", visibility=m.Visibility.COALITION)
    return merge_persons(kept, absorbed, reviewer_a, actor_for(reviewer_a))


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_the_absorbed_persons_page_redirects_to_the_kept_persons_same_page(
        client, merge, documenter_b, page):
    client.force_login(documenter_b)
    response = client.get(page.format(merge.merged_id))
    assert response.status_code == 302
    assert response["Location"] == page.format(merge.survivor_id)
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_who_may_not_see_the_kept_person_gets_the_same_404_as_for_no_person(
        client, merge, documenter_a, page):
    client.force_login(documenter_a)
    absorbed = client.get(page.format(merge.merged_id))
    nobody = client.get(page.format(10**9))
    assert absorbed.status_code == nobody.status_code == 404
    assert absorbed.templates[0].name == nobody.templates[0].name


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_who_never_could_see_the_absorbed_person_learns_nothing_of_where_it_went(
        client, org_a, org_b, reviewer_a, documenter_b, page):
    """B sees the kept (public) person but never saw A's own record: a redirect would tell B
    that A documented this person, so B gets the same 404 as for no person."""
    kept = make_person(org_a, name="Ihar Losik", visibility=m.Visibility.PUBLIC)
    absorbed = make_person(org_a, name="Ігар Лосік", visibility=m.Visibility.ORGANISATION)
    merge = merge_persons(kept, absorbed, reviewer_a, actor_for(reviewer_a))
    client.force_login(documenter_b)
    assert client.get(page.format(merge.survivor_id)).status_code == 200
    absorbed_page = client.get(page.format(merge.merged_id))
    nobody = client.get(page.format(10**9))
    assert absorbed_page.status_code == nobody.status_code == 404
    assert absorbed_page.templates[0].name == nobody.templates[0].name


@pytest.mark.django_db
def test_a_chain_of_merges_leads_to_the_last_kept_person(client, org_b, merge, documenter_b):
    last = make_person(org_b, name="Ігар Лосік", visibility=m.Visibility.COALITION)
    reviewer_b = make_user("reviewer-b", org_b, Role.REVIEWER)
    merge_persons(last, m.Person.objects.get(pk=merge.survivor_id), reviewer_b,
                  actor_for(reviewer_b))
    client.force_login(documenter_b)
    response = client.get(f"/persons/{merge.merged_id}/")
    assert response["Location"] == f"/persons/{last.pk}/"


@pytest.mark.django_db
def test_after_undo_the_absorbed_person_has_their_own_page_again(client, merge, documenter_a,
                                                                 reviewer_a):
    undo_merge(merge, reviewer_a)
    client.force_login(documenter_a)
    assert client.get(f"/persons/{merge.merged_id}/").status_code == 200
