"""The public site as a visitor and as a documenter use it: publishing a person takes two
people, pages and counters agree, any spelling finds a person, merged persons' addresses
redirect, and no private value ever reaches a public page."""

import json
from urllib.parse import quote

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.conftest import make_user
from tests.factories import make_custody
from tests.public.helpers import public_person, publish, reviewer_of
from tests.test_privacy import plant, restricted_canaries
from vigil.accounts.actors import actor_for
from vigil.accounts.models import Role
from vigil.lists.merging import merge_persons
from vigil.public.reconcile import EXTEND_PROPERTIES
from vigil.publishing.models import PersonPublication
from vigil.registry import models as m

pytestmark = pytest.mark.django_db


def test_an_anonymous_visitors_first_page_is_the_public_home(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 302 and response["Location"] == "/ru/"


def test_publishing_takes_a_proposer_and_a_different_confirmer(client, org_a, documenter_a,
                                                               admin_a):
    person = public_person(org_a)
    make_custody(person, "2021-07-14")
    path = f"/publication/persons/{person.pk}/"
    client.force_login(documenter_a)
    client.post(path, {"step": "propose"})
    publication = PersonPublication.objects.get(person=person)
    assert publication.is_proposed and publication.proposed_by == documenter_a
    assert client.post(path, {"step": "confirm"}).status_code == 403  # a documenter
    assert client.get(f"/en/prisoners/{publication.slug}/").status_code == 404

    client.force_login(admin_a)
    client.post(path, {"step": "propose"})  # already proposed: nothing changes
    reviewer = reviewer_of(org_a)
    client.force_login(reviewer)
    client.post(path, {"step": "confirm"})
    publication.refresh_from_db()
    assert publication.is_published and publication.confirmed_by == reviewer
    assert client.get(f"/en/prisoners/{publication.slug}/").status_code == 200

    client.post(path, {"step": "withdraw"})
    assert client.get(f"/en/prisoners/{publication.slug}/").status_code == 404


def test_the_proposer_cannot_confirm_their_own_proposal(client, org_a):
    reviewer = reviewer_of(org_a)
    person = public_person(org_a)
    client.force_login(reviewer)
    path = f"/publication/persons/{person.pk}/"
    client.post(path, {"step": "propose"})
    response = client.post(path, {"step": "confirm"}, follow=True)
    assert "Another reviewer or administrator must confirm" in response.content.decode()
    assert not PersonPublication.objects.get(person=person).is_published


def test_another_organisation_cannot_publish_a_shared_person(client, org_a, org_b, coalition):
    person = public_person(org_a)
    reviewer_b = make_user("reviewer-b", org_b, Role.REVIEWER)
    client.force_login(reviewer_b)
    assert client.post(f"/publication/persons/{person.pk}/",
                       {"step": "propose"}).status_code == 403
    assert not PersonPublication.objects.filter(person=person).exists()


def test_the_held_list_and_the_home_counter_count_the_same_persons(client, org_a):
    for i, (name, latin) in enumerate([("Алесь Бяляцкі", "Ales Bialiatski"),
                                       ("Марына Золатава", "Maryna Zolatava"),
                                       ("Мікалай Клімовіч", "Mikalai Klimovich")]):
        person = public_person(org_a, name=name, latin=latin)
        make_custody(person, "2021-07-14", *(("2022-01-01", "served") if i == 2 else ()))
        m.Recognition.objects.create(person=person, organisation=org_a, status="recognised",
                                     since=person.custody_periods.get().started,
                                     visibility=m.Visibility.PUBLIC)
        publish(person)
    home = client.get("/en/").content.decode()
    held = client.get("/en/prisoners/?recognised_by=org-a").content.decode()
    released = client.get("/en/released/?recognised_by=org-a").content.decode()
    assert '?recognised_by=org-a">2</a>' in home  # held now
    assert '?recognised_by=org-a">1</a>' in home  # released
    assert "2 persons" in held and "Klimovich" not in held
    assert "1 person" in released and "Klimovich" in released


def test_latest_events_as_of_a_day_list_only_events_on_or_before_it(client, org_a):
    person = public_person(org_a, name="Мікалай Клімовіч", latin="Mikalai Klimovich")
    make_custody(person, "2021-07-14", "2022-01-01", "served")
    publish(person)
    before = client.get("/en/?as_of=2021-12-31").content.decode()
    assert 'datetime="2021-07-14"' in before  # detained
    assert 'datetime="2022-01-01"' not in before  # released after the day asked about
    on_the_day = client.get("/en/?as_of=2022-01-01").content.decode()
    assert 'datetime="2021-07-14"' in on_the_day and 'datetime="2022-01-01"' in on_the_day


@pytest.mark.parametrize("spelling", ["Бяляцкі", "Беляцкий", "Bialiatski", "Aliaksandr"])
def test_any_spelling_finds_the_person(client, org_a, spelling):
    person = public_person(org_a, name="Алесь Бяляцкі", latin="Ales Bialiatski")
    make_custody(person, "2021-07-14")
    publish(person)
    other = public_person(org_a, name="Марына Золатава", latin="Maryna Zolatava")
    make_custody(other, "2021-07-14")
    publish(other)
    page = client.get("/en/prisoners/", {"q": spelling}).content.decode()
    assert "Ales Bialiatski" in page and "Zolatava" not in page


def test_names_follow_the_page_language(client, org_a):
    person = public_person(org_a, name="Алесь Бяляцкі", latin="Ales Bialiatski")
    m.NameVariant.objects.create(person=person, organisation=org_a, text="Алесь Беляцкий",
                                 language="ru", script="Cyrl", kind="russian",
                                 visibility=m.Visibility.PUBLIC)
    publication = publish(person)
    for language, heading in [("be", "Алесь Бяляцкі"), ("ru", "Алесь Беляцкий"),
                              ("en", "Ales Bialiatski")]:
        page = client.get(f"/{language}/prisoners/{publication.slug}/").content.decode()
        assert f">{heading}</h1>" in page
        assert f'<html lang="{language}">' in page


def test_a_merged_persons_address_redirects_to_the_survivor(client, org_a, admin_a):
    survivor = public_person(org_a)
    merged = public_person(org_a, name="Алесь Беляцкий", latin="Ales Byalyatski")
    kept, absorbed = publish(survivor), publish(merged)
    merge_persons(survivor, merged, admin_a, actor_for(admin_a))
    response = client.get(f"/en/prisoners/{absorbed.slug}/")
    assert response.status_code == 301
    assert response["Location"] == f"/en/prisoners/{kept.slug}/"


def test_no_private_value_reaches_a_public_page(client, org_a, condition_type):
    """Canaries in every internal and restricted field of a published person's public records
    (and of a source citing them) never reach the public site."""
    public = m.Visibility.PUBLIC
    person = plant(public_person(org_a))
    custody = plant(make_custody(person, "2021-07-14"))
    facility = m.Facility.objects.create(slug="sizo-1", name_en="SIZO-1", kind="pretrial",
                                         address="CANARY-hidden-address",
                                         address_is_public=False)
    plant(m.Placement(custody=custody, facility=facility, organisation=org_a,
                      visibility=public))
    plant(m.Case(person=person, organisation=org_a, visibility=public))
    report = plant(m.ConditionReport(
        person=person, organisation=org_a, visibility=public, condition=condition_type,
        started=custody.started, description="CANARY-conditionreport-description",
        description_sensitivity=m.Sensitivity.RESTRICTED))
    source = plant(m.Source(organisation=org_a, visibility=public, kind="testimony",
                            title="Testimony"))
    plant(m.Citation(organisation=org_a, visibility=public, source=source,
                     content_type=ContentType.objects.get_for_model(report),
                     object_id=report.pk, field="description",
                     claimed_value="CANARY-claim-of-description"))
    whole = m.Source.objects.create(organisation=org_a, visibility=public, kind="publication",
                                    title="Public report")
    m.Citation.objects.create(organisation=org_a, visibility=public, source=whole,
                              content_type=ContentType.objects.get_for_model(report),
                              object_id=report.pk)
    publication = publish(person)
    pages = ["/en/", "/be/", "/en/prisoners/", "/en/prisoners/?q=Bialiatski",
             "/en/released/", "/en/memorial/", f"/en/prisoners/{publication.slug}/",
             f"/ru/prisoners/{publication.slug}/", "/en/birthdays/", "/en/facilities/",
             "/en/data/", "/en/figures/",
             "/en/feeds/events.atom",
             "/en/feeds/events.atom?state=held", f"/be/feeds/prisoners/{publication.slug}.atom"]
    batch = json.dumps({"q0": {"query": "Ales Bialiatski"}})
    extend = json.dumps({"ids": [publication.slug],
                         "properties": [{"id": p} for p in EXTEND_PROPERTIES]})
    pages += [f"/reconcile/?queries={quote(batch)}", f"/reconcile/?extend={quote(extend)}",
              "/reconcile/suggest/entity?prefix=Bia", f"/reconcile/preview?id={publication.slug}"]
    planted = restricted_canaries() | {"CANARY-hidden-address", "CANARY-claim-of-description",
                                       "CANARY-conditionreport-description"}
    for path in pages:
        body = client.get(path).content.decode()
        assert client.get(path).status_code == 200, path
        leaked = [c for c in planted if c in body] + [
            w for w in ("CANARY-person-notes", "CANARY-case-notes") if w in body]
        assert not leaked, (path, leaked)
    page = client.get(f"/en/prisoners/{publication.slug}/").content.decode()
    assert "Public report" in page  # cites the report as a whole: a public fact
    assert "Testimony" not in page  # cites only its restricted description


def test_public_pages_answer_304_when_nothing_changed(client, org_a):
    person = public_person(org_a)
    make_custody(person, "2021-07-14")
    publication = publish(person)
    for path in ("/en/", "/en/prisoners/", f"/en/prisoners/{publication.slug}/"):
        first = client.get(path)
        assert first.has_header("ETag") and first.has_header("Last-Modified")
        assert "public" in first["Cache-Control"]
        again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, path
        since = client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert since.status_code == 304, path
    m.Recognition.objects.create(person=person, organisation=org_a, status="recognised",
                                 since=person.custody_periods.get().started,
                                 visibility=m.Visibility.PUBLIC)
    changed = client.get(f"/en/prisoners/{publication.slug}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
