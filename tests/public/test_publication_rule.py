"""DESIGN §8's publication rule as a table (docs/publishing.md): a person shows on the public
site only when their record is public and their organisation published them (confirmed, not
withdrawn); a field's value only when its class is public; a person whose name is withheld is
counted, never named."""

from pathlib import Path

import pytest
from django.apps import apps

from tests.factories import make_custody, make_person
from tests.public.helpers import public_person, publish
from vigil.publishing.projection import named_persons, published_persons
from vigil.registry import models as m
from vigil.registry.models.base import BOOKKEEPING_SENSITIVITY

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


# one Person field of each class, and a value to look for
FIELD_OF_CLASS = {m.Sensitivity.PUBLIC: "summary", m.Sensitivity.INTERNAL: "notes",
                  m.Sensitivity.RESTRICTED: "health"}


@pytest.mark.parametrize("sensitivity", list(m.Sensitivity))
@pytest.mark.parametrize("withheld", [False, True])
def test_a_fields_class_decides_whether_its_value_is_shown(client, org_a, sensitivity,
                                                           withheld):
    """The table's sensitivity dimension: on a public record of a published person, a value
    reaches the person's page only when its field is public and the name is not withheld."""
    field = FIELD_OF_CLASS[sensitivity]
    assert m.Person.sensitivity[field] == sensitivity
    person = make_person(org_a, name=NAME, visibility=m.Visibility.PUBLIC,
                         **{field: f"CANARY-{field}"})
    make_custody(person, "2021-07-14")
    publication = publish(person, withheld=withheld)
    page = client.get(f"/en/prisoners/{publication.slug}/").content.decode()
    assert (f"CANARY-{field}" in page) == (sensitivity == m.Sensitivity.PUBLIC
                                           and not withheld)


def documented_classes() -> dict[str, list[str]]:
    """docs/publishing.md's table of field classes: record → its five cells."""
    text = (Path(__file__).parents[2] / "docs" / "publishing.md").read_text()
    table = text.split("<!-- sensitivity table: start -->")[1].split(
        "<!-- sensitivity table: end -->")[0]
    rows = [line.strip("|").split("|") for line in table.strip().splitlines()[2:]]
    return {cells[0].strip(): [cell.strip() for cell in cells[1:]] for cells in rows}


def cells(mapping: dict, own: list[str]) -> list[str]:
    shown = [", ".join(f"`{f}`" for f, c in mapping.items() if c == cls and f not in own)
             or "—" for cls in m.Sensitivity]
    return [*shown, ", ".join(f"`{f}`" for f in own) or "—"]


def test_the_documented_field_classes_are_the_models():
    """Every record model's fields and classes, as docs/publishing.md lists them."""
    expected = {"every record (bookkeeping)": cells(BOOKKEEPING_SENSITIVITY, [])}
    for model in apps.get_models():
        if issubclass(model, m.Record) and not model._meta.abstract:
            own = [*model.sensitivity_columns, *getattr(model, "CLAIM_FIELDS", ())]
            expected[model.__name__] = cells(dict(model.sensitivity), own)
    assert documented_classes() == expected
