"""The person page cites each source once and says which records cite none; the
organisation's unsourced records are listed (issue 14)."""

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.factories import make_custody
from vigil.registry import models as m

pytestmark = pytest.mark.django_db

QUOTE = "Ales Bialiatski was detained on 14 July 2021 together with Valiantsin Stefanovich."


def cite(record, source, **fields):
    return m.Citation.objects.create(
        organisation=record.organisation, source=source, object_id=record.pk,
        content_type=ContentType.objects.get_for_model(record), **fields)


def test_a_source_and_its_quotation_are_printed_once(client, documenter_a, person_a, source_a):
    custody = make_custody(person_a, "2021-07-14", "2023-03-03", end_reason="sentenced")
    cite(custody, source_a, locator=QUOTE)
    cite(custody, source_a, locator=QUOTE, field="ended")
    cite(person_a, source_a, field="birth_date", claimed_value="1962")
    client.force_login(documenter_a)
    page = client.get(f"/persons/{person_a.pk}/").text
    assert page.count(QUOTE) == 1
    assert page.count('id="source-1"') == 1
    assert "[1]" in page and "(birth date: “1962”)" in page


def test_records_without_a_source_are_shown_as_such_and_listed(
        client, documenter_a, documenter_b, person_a, source_a):
    custody = make_custody(person_a, "2021-07-14")
    cite(person_a, source_a)
    client.force_login(documenter_a)
    page = client.get(f"/persons/{person_a.pk}/").text
    assert "1 record on this page cites no source." in page
    assert "No source cited" in page
    listed = client.get("/unsourced/").text
    assert str(custody) in listed
    assert "Persons: 0" in listed or "persons: 0" in listed.lower()
    client.force_login(documenter_b)  # another organisation's unsourced records are its own
    assert str(custody) not in client.get("/unsourced/").text
