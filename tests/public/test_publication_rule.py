"""DESIGN §8's publication rule as a table: a person shows on the public site only when their
record is public and their organisation published them (confirmed, not withdrawn); a person
whose name is withheld is counted, never named."""

import pytest

from tests.factories import make_custody, make_person
from tests.public.helpers import public_person, publish
from vigil.publishing.projection import named_persons, published_persons
from vigil.registry import models as m

pytestmark = pytest.mark.django_db

NAME = "Алесь Бяляцкі"


@pytest.mark.parametrize("visibility", list(m.Visibility))
@pytest.mark.parametrize("state", [None, "proposed", "published", "withdrawn"])
@pytest.mark.parametrize("withheld", [False, True])
def test_who_is_named_counted_and_given_a_page(client, org_a, visibility, state, withheld):
    person = make_person(org_a, name=NAME, visibility=visibility)
    make_custody(person, "2021-07-14")
    publication = publish(person, state, withheld) if state else None
    public = visibility == m.Visibility.PUBLIC and state == "published"

    assert published_persons().filter(pk=person.pk).exists() == public
    assert named_persons().filter(pk=person.pk).exists() == (public and not withheld)
    listing = client.get("/en/prisoners/").content.decode()
    assert (NAME in listing) == (public and not withheld)
    if publication is not None:
        page = client.get(f"/en/prisoners/{publication.slug}/")
        assert page.status_code == (200 if public and not withheld else 404)
        if page.status_code == 404:
            assert NAME not in page.content.decode()


def test_a_withheld_person_is_counted_in_the_list_total_and_never_named(client, org_a):
    named = public_person(org_a)
    hidden = public_person(org_a, name="Марына Золатава", latin="Maryna Zolatava")
    for person in (named, hidden):
        make_custody(person, "2021-07-14")
    publish(named)
    publish(hidden, withheld=True)
    page = client.get("/en/prisoners/").content.decode()
    assert "1 person and 1 person whose name is withheld" in page
    assert "Zolatava" not in page and "Золатава" not in page
    home = client.get("/en/").content.decode()
    assert "Zolatava" not in home and "Золатава" not in home


def test_records_that_are_not_public_stay_off_a_published_persons_page(client, org_a):
    person = public_person(org_a)
    publish(person)
    m.Case.objects.create(person=person, organisation=org_a, visibility=m.Visibility.COALITION,
                          case_number="CASE-OF-THE-COALITION")
    court = m.Case.objects.create(person=person, organisation=org_a, verdict="convicted",
                                  visibility=m.Visibility.PUBLIC, sentence_kind="imprisonment",
                                  sentence_months=42)
    assert court.pk
    page = client.get(f"/en/prisoners/{person.publication.slug}/").content.decode()
    assert "3 years 6 months" in page
    assert "CASE-OF-THE-COALITION" not in page
