"""An article missing from the list is proposed from the case form and confirmed by a reviewer
of the proposing organisation (issue 14)."""

import pytest

from vigil.registry import models as m

pytestmark = pytest.mark.django_db


def propose(client, person, **fields):
    return client.post(f"/persons/{person.pk}/case/new/", {
        "verdict": "pending", "visibility": "organisation", "new_article_code": "CC",
        "new_article_number": "130-1", "new_article_title": "Rehabilitation of Nazism",
        **fields})


def test_a_proposed_article_is_charged_at_once_and_waits_for_review(
        client, documenter_a, person_a):
    client.force_login(documenter_a)
    assert propose(client, person_a).status_code == 302
    article = m.Article.objects.get(article="130-1")
    assert (article.confirmed, article.proposed_by, article.proposed_by_organisation) == (
        False, documenter_a, person_a.organisation)
    assert list(m.Case.objects.get().charges.all()) == [article]
    # the proposing organisation is offered it again; nobody else is, until it is confirmed
    assert "130-1" in client.get(f"/persons/{person_a.pk}/case/new/").text


def test_another_organisation_is_not_offered_an_unconfirmed_article(
        client, documenter_a, documenter_b, person_a, org_a, org_b):
    m.Article.objects.create(article="130-1", title_en="Proposed", confirmed=False,
                             proposed_by_organisation=org_a)
    assert not m.Article.objects.offered_to(org_b.pk).filter(article="130-1").exists()
    assert m.Article.objects.offered_to(org_a.pk).filter(article="130-1").exists()


def test_a_title_is_needed_and_nothing_is_saved_without_it(client, documenter_a, person_a):
    client.force_login(documenter_a)
    response = propose(client, person_a, new_article_title="")
    assert response.status_code == 400
    assert "Give the title of the new article." in response.text
    assert not m.Case.objects.exists()
    assert not m.Article.objects.filter(article="130-1").exists()


def test_an_existing_article_is_used_rather_than_proposed_twice(client, documenter_a, person_a):
    client.force_login(documenter_a)
    count = m.Article.objects.count()
    assert propose(client, person_a, new_article_number="342", new_article_part="1").status_code \
        == 302
    assert m.Article.objects.count() == count
    assert m.Case.objects.get().charges.get().confirmed


def test_a_reviewer_confirms_a_proposal_into_the_vocabulary(
        client, documenter_a, reviewer_a, person_a, org_b):
    client.force_login(documenter_a)
    propose(client, person_a)
    client.force_login(reviewer_a)
    page = client.get("/articles/proposed/").text
    assert "BY CC 130-1" in page and "Rehabilitation of Nazism" in page
    article = m.Article.objects.get(article="130-1")
    assert client.post(f"/articles/{article.pk}/decide/", {"decision": "confirm"}).status_code \
        == 302
    article.refresh_from_db()
    assert article.confirmed and article.confirmed_by == reviewer_a
    assert m.Article.objects.offered_to(org_b.pk).filter(pk=article.pk).exists()


def test_a_cited_proposal_cannot_be_withdrawn_an_uncited_one_can(
        client, documenter_a, reviewer_a, person_a, org_a):
    client.force_login(documenter_a)
    propose(client, person_a)
    unused = m.Article.objects.create(article="999", title_en="Typo", confirmed=False,
                                      proposed_by_organisation=org_a)
    client.force_login(reviewer_a)
    cited = m.Article.objects.get(article="130-1")
    response = client.post(f"/articles/{cited.pk}/decide/", {"decision": "withdraw"},
                           follow=True)
    assert "is cited by a case" in response.text
    assert m.Article.objects.filter(pk=cited.pk).exists()
    client.post(f"/articles/{unused.pk}/decide/", {"decision": "withdraw"})
    assert not m.Article.objects.filter(pk=unused.pk).exists()


def test_a_reviewer_of_another_organisation_cannot_decide(client, person_a, org_a, org_b):
    from tests.conftest import make_user

    article = m.Article.objects.create(article="130-1", title_en="Proposed", confirmed=False,
                                       proposed_by_organisation=org_a)
    client.force_login(make_user("reviewer-b", org_b, "reviewer"))
    assert client.post(f"/articles/{article.pk}/decide/", {"decision": "confirm"}).status_code \
        == 404
