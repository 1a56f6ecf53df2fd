"""The history page in words: field and choice labels, linked records by name (only those
the reader may see), partial dates as entered, and changes of occupations and charges."""

import re

import pytest

from tests.factories import make_custody, make_person
from vigil.registry import models as m

pytestmark = pytest.mark.django_db


def occupation(slug):
    return m.Occupation.objects.get_or_create(slug=slug, defaults={"name_en": slug.title()})[0]


def article(number, title):
    return m.Article.objects.get_or_create(
        country="BY", code="CC", article=number, part="", defaults={"title_en": title})[0]


def entries(client, person):
    """The history table's cells, tags stripped, one string a row."""
    html = client.get(f"/persons/{person.pk}/history/").text
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).replace(" :", ":").strip()
            for row in rows[1:]]


def edit_person(client, person, **changes):
    form = client.get(f"/persons/{person.pk}/edit/").context["form"]
    data = {k: v for k in form.fields if (v := form[k].value()) is not None}
    data.update(changes)
    response = client.post(f"/persons/{person.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors


def test_history_names_fields_choices_linked_records_and_dates_as_entered(
        client, documenter_a, org_a):
    region = m.Region.objects.get_or_create(slug="hrodna", defaults={"name_en": "Hrodna"})[0]
    client.force_login(documenter_a)
    response = client.post("/persons/new/", {
        "name_be": "Ларыса Шчыракова", "name_latin": "Larysa Shchyrakova",
        "birth_date": "1975-03", "gender": "female", "region": region.pk,
        "tracking_status": "known", "visibility": "organisation"})
    assert response.status_code == 302, response.context["form"].errors
    person = m.Person.objects.get(names__text="Larysa Shchyrakova")
    response = client.post(f"/persons/{person.pk}/custody/new/", {
        "kind": "pretrial", "started": "2023-03", "visibility": "organisation"})
    assert response.status_code == 302, response.context["form"].errors
    shown = " | ".join(entries(client, person))
    assert "Birth date: — → 1975-03" in shown and "1975-03-01" not in shown
    assert "Gender: — → female" in shown and "Region: — → Hrodna" in shown
    assert "From: — → 2023-03" in shown and "Kind: — → pre-trial detention" in shown
    assert "Script: — → Cyrillic" in shown and "Script: — → Latin" in shown
    assert "Person: — → Ларыса Шчыракова" in shown  # the person by name, not by id
    assert not re.search(r"Person: — → \d", shown) and "pretrial" not in shown
    assert "Cyrl" not in shown


def test_a_linked_record_the_reader_may_not_see_is_withheld_not_named(
        client, documenter_b, coalition, org_a):
    person = make_person(org_a, name="Спільны Чалавек", visibility=m.Visibility.COALITION)
    m.NameVariant.objects.create(person=person, organisation=org_a, text="CANARY private spelling",
                                 language="en", script="Latn", kind="alias")
    charge = article("342", "Organisation of group actions")
    case = m.Case.objects.create(person=person, organisation=org_a, case_number="CANARY-42")
    case.charges.add(charge)
    period = make_custody(person, "2021-07-14")
    period.case = case
    period.save()
    client.force_login(documenter_b)
    shown = " | ".join(entries(client, person))
    assert "Case: [withheld] → [withheld]" in shown
    assert "CANARY" not in shown and "342" not in shown
    assert "Person: — → Спільны Чалавек" in shown


def test_an_occupation_change_is_one_history_entry_with_both_sets(client, documenter_a, person_a):
    journalist, lawyer = occupation("journalist"), occupation("lawyer")
    client.force_login(documenter_a)
    edit_person(client, person_a, occupations=[journalist.pk])
    before = person_a.history.count()
    edit_person(client, person_a, occupations=[lawyer.pk])
    assert person_a.history.count() == before + 1  # a `set` alone writes two
    shown = entries(client, person_a)
    assert any("Occupations: journalist → lawyer" in row for row in shown)
    edit_person(client, person_a, occupations=[journalist.pk, lawyer.pk])
    assert "Occupations: lawyer → journalist, lawyer" in entries(client, person_a)[0]


def test_a_charge_added_to_a_case_is_in_the_history(client, documenter_a, person_a):
    first, second = article("342", "Group actions"), article("361-1", "Extremist formation")
    client.force_login(documenter_a)
    response = client.post(f"/persons/{person_a.pk}/case/new/", {
        "charges": [first.pk], "verdict": "pending", "visibility": "organisation"})
    assert response.status_code == 302, response.context["form"].errors
    case = m.Case.objects.get(person=person_a)
    form = client.get(f"/persons/{person_a.pk}/case/{case.pk}/edit/").context["form"]
    data = {k: v for k in form.fields if (v := form[k].value()) is not None}
    data.update(charges=[first.pk, second.pk])
    response = client.post(f"/persons/{person_a.pk}/case/{case.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    newest = entries(client, person_a)[0]
    assert "changed" in newest and "Charges:" in newest
    before, after = newest.split("Charges:")[1].split("→")
    assert "342" in before and "361-1" not in before
    assert "342" in after and "361-1" in after


def test_the_first_change_after_upgrading_shows_only_what_changed(person_a):
    """The migration gives each record's latest version its current set; a later change is
    then diffed against it (an empty set there would show every occupation as new)."""
    from importlib import import_module

    from django.apps import apps

    person_a.occupations.add(occupation("journalist"))
    snapshot = m.Person.history.model.occupations.model
    snapshot.objects.all().delete()  # as before the migration
    migration = import_module("vigil.registry.migrations.0010_history_of_occupations_and_charges")
    migration.snapshot_current_sets(apps, None)
    latest = person_a.history.order_by("-history_id").first()
    assert list(snapshot.objects.filter(history=latest).values_list(
        "occupation__slug", flat=True)) == ["journalist"]
