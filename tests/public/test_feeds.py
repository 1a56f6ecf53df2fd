"""The Atom feeds: valid by RFC 4287's required elements, stable entry ids, the events a
reader cares about (a release is the end of a stretch of custody, not the step from pre-trial
detention to the sentence), and nothing of a person whose name is withheld."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from tests.factories import make_custody
from tests.public.helpers import PUBLIC, public_person, publish
from vigil.registry import models as m

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (Vigil's own output)
    assert root.tag == f"{ATOM}feed"
    return root


def assert_rfc_4287(root):
    """atom:feed MUST have one id, title and updated, and an author unless every entry has
    one; each atom:entry MUST have one id, title and updated, and a link or content."""
    for element in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{element}")) == 1, element
    entries = root.findall(f"{ATOM}entry")
    has_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    for entry in entries:
        for element in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{element}")) == 1, element
        assert entry.find(f"{ATOM}link") is not None or entry.find(f"{ATOM}content") is not None
        assert has_author or entry.find(f"{ATOM}author") is not None
        dt.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
        assert entry.find(f"{ATOM}id").text.startswith("tag:")


@pytest.fixture
def sentenced(org_a):
    """Detained 14 July 2021, sentenced 3 March 2023, released 1 June 2024; recognised."""
    person = public_person(org_a)
    make_custody(person, "2021-07-14", "2023-03-03", "other")
    make_custody(person, "2023-03-03", "2024-06-01", "pardoned", kind="sentence")
    m.Case.objects.create(person=person, organisation=org_a, visibility=PUBLIC,
                          verdict="convicted", verdict_date=dt.date(2023, 3, 3),
                          sentence_kind="imprisonment", sentence_months=120)
    m.Recognition.objects.create(person=person, organisation=org_a, visibility=PUBLIC,
                                 status="recognised", since=dt.date(2021, 7, 20))
    return publish(person)


def titles(root):
    return [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]


def test_the_overall_feed_is_valid_atom_with_the_persons_events(client, sentenced):
    root = feed(client, "/en/feeds/events.atom")
    assert_rfc_4287(root)
    assert titles(root) == [
        "Released (pardoned): Ales Bialiatski",
        "Detained (serving a sentence): Ales Bialiatski",
        "Sentenced (imprisonment): Ales Bialiatski",
        "Recognised as a political prisoner (Organisation A): Ales Bialiatski",
        "Detained (pre-trial detention): Ales Bialiatski",
    ]


def test_entry_ids_are_stable_and_distinct(client, sentenced):
    first = [e.find(f"{ATOM}id").text for e in feed(client, "/en/feeds/events.atom")
             .findall(f"{ATOM}entry")]
    again = [e.find(f"{ATOM}id").text for e in feed(client, "/be/feeds/events.atom")
             .findall(f"{ATOM}entry")]
    assert first == again and len(set(first)) == len(first)


def test_a_persons_feed_and_a_list_filters_feed(client, org_a, sentenced):
    other = public_person(org_a, name="Марына Золатава", latin="Maryna Zolatava")
    make_custody(other, "2021-08-01")
    publish(other)
    person_feed = feed(client, f"/en/feeds/prisoners/{sentenced.slug}.atom")
    assert_rfc_4287(person_feed)
    assert all("Bialiatski" in t for t in titles(person_feed))
    held = feed(client, "/en/feeds/events.atom?state=held")
    assert titles(held) == ["Detained (pre-trial detention): Maryna Zolatava"]
    assert client.get("/en/feeds/events.atom?state=asleep").status_code == 404


def test_a_withheld_persons_events_are_not_in_any_feed(client, org_a):
    person = public_person(org_a, name="Наста Лойка", latin="Nasta Loika")
    make_custody(person, "2021-07-14")
    publication = publish(person, withheld=True)
    assert "Loika" not in client.get("/en/feeds/events.atom").content.decode()
    assert client.get(f"/en/feeds/prisoners/{publication.slug}.atom").status_code == 404
