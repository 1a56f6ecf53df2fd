"""The upload page's mapping form, its list of problems with corrections typed in place, the
templates, and the list's own date."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vigil.lists import jobs
from vigil.lists.models import DEFAULT_COLUMNS, ColumnMapping, ImportJob, ListVersion, PendingImport
from vigil.lists.reading import read_rows
from vigil.lists.snapshots import version_date
from vigil.registry import models as m

THEIRS = ("Нумар;ФІО;Год;Заўвагі\n"
          "1;Алесь Бяляцкі;1962;a\n2;Марына Золатава;1977;b\n3;Мікалай Клімовіч;1957;c\n"
          "4;Наста Лойка;1990;d\n5;Ігар Лосік;1992;e\n6;Марыя Калеснікава;1982;f\n")


def upload(client, content, name="viasna.csv", **data):
    return client.post("/lists/import/", {"file": SimpleUploadedFile(name, content), **data})


def choose(client, pending, *choices):
    return client.post(f"/lists/import/{pending.pk}/mapping/",
                       {f"column-{i}": c for i, c in enumerate(choices)})


def dry_run(client, pending):
    client.get(f"/lists/import/{pending.pk}/")
    jobs.run(ImportJob.objects.get(pending=pending, dry_run=True, finished_at=None).pk)
    return client.get(f"/lists/import/{pending.pk}/")


@pytest.mark.django_db
def test_the_mapping_form_previews_five_rows_and_is_remembered(client, org_a, documenter_a):
    client.force_login(documenter_a)
    response = upload(client, THEIRS.encode())
    pending = PendingImport.objects.get()
    assert response["Location"] == f"/lists/import/{pending.pk}/mapping/"
    page = client.get(response["Location"]).content.decode()
    assert "Ігар Лосік" in page and "Марыя Калеснікава" not in page  # five rows shown
    assert page.count("<select") == 4 and '<option value="id" selected>' not in page
    wrong = choose(client, pending, "id", "name", "id", "")
    assert wrong.status_code == 400
    assert "The columns “Нумар” and “Год” are both mapped to id" in wrong.content.decode()
    done = choose(client, pending, "id", "name", "birth_year", "")
    assert done["Location"] == f"/lists/import/{pending.pk}/"
    assert PendingImport.objects.get().mapping == {"id": "Нумар", "name": "ФІО",
                                                   "birth_year": "Год"}
    assert "New persons: <strong>6</strong>" in dry_run(client, pending).content.decode()
    client.post(f"/lists/import/{pending.pk}/")
    jobs.run(ImportJob.objects.get(dry_run=False).pk)
    assert m.Person.objects.count() == 6
    assert ColumnMapping.objects.get().mapping["name"] == "ФІО"
    upload(client, THEIRS.encode(), name="viasna-2.csv")  # the next file: chosen already
    page = client.get(f"/lists/import/{PendingImport.objects.get().pk}/mapping/")
    text = page.content.decode()
    assert text.count(" selected>") == 3 and '<option value="birth_year" selected>' in text


@pytest.mark.django_db
def test_problems_are_listed_and_fixed_in_place_without_uploading_again(client, documenter_a):
    client.force_login(documenter_a)
    bad = THEIRS.replace("1977", "19x7").replace("4;Наста Лойка", "3;Наста Лойка")
    upload(client, bad.encode())
    pending = PendingImport.objects.get()
    choose(client, pending, "id", "name", "birth_year", "")
    page = dry_run(client, pending)
    text = page.content.decode()
    assert page.status_code == 400 and "The file has 2 problems; nothing was imported." in text
    year, number = "birth_year (&quot;Год&quot;)", "id (&quot;Нумар&quot;)"
    assert f"<td>2</td><td>{year}</td><td>19x7</td><td>not a birth year" in text
    assert (f"<td>4</td><td>{number}</td><td>3</td><td>duplicate id &#x27;3&#x27; "
            "(also row 3)") in text
    client.post(f"/lists/import/{pending.pk}/fix/", {"fix-2-birth_year": "1977",
                                                      "fix-4-id": "3"})  # one still wrong
    text = dry_run(client, pending).content.decode()
    assert "The file has 1 problem" in text and f"<td>4</td><td>{number}</td><td>3</td>" in text
    client.post(f"/lists/import/{pending.pk}/fix/", {"fix-4-id": "4"})
    assert "New persons: <strong>6</strong>" in dry_run(client, pending).content.decode()
    client.post(f"/lists/import/{pending.pk}/")
    jobs.run(ImportJob.objects.get(dry_run=False).pk)
    entries = ListVersion.objects.get().entries
    assert entries.get(external_id="2").values["birth_year"] == "1977"
    assert entries.get(external_id="4").values["name"] == "Наста Лойка"


@pytest.mark.django_db
def test_the_templates_are_lists_vigil_reads(client, viewer_a):
    client.force_login(viewer_a)
    csv_file = client.get("/lists/import/template.csv")
    assert csv_file["Content-Disposition"] == 'attachment; filename="vigil-list.csv"'
    xlsx_file = client.get("/lists/import/template.xlsx")
    for content, name in ((csv_file.content, "t.csv"), (xlsx_file.content, "t.xlsx")):
        [row] = read_rows(content, name)
        assert row.names == ["Бяляцкі Алесь Віктаравіч", "Беляцкий Алесь Викторович",
                             "Ales Bialiatski"]
        assert str(row.dates["detained_on"]) == "2021-07-14"
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_file.content)).active
    assert [c.value for c in sheet[1]] == list(DEFAULT_COLUMNS)
    assert client.get("/lists/import/template.ods").status_code == 404


@pytest.mark.django_db
def test_the_lists_own_date_dates_the_version(client, documenter_a):
    client.force_login(documenter_a)
    future = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    refused = upload(client, THEIRS.encode(), as_of=future)
    assert refused.status_code == 400 and "is in the future" in refused.content.decode()
    assert not PendingImport.objects.exists()
    upload(client, THEIRS.encode(), as_of="30.04.2023")
    pending = PendingImport.objects.get()
    assert pending.as_of == dt.date(2023, 4, 30)
    choose(client, pending, "id", "name", "birth_year", "")
    dry_run(client, pending)
    client.post(f"/lists/import/{pending.pk}/")
    jobs.run(ImportJob.objects.get(dry_run=False).pk)
    assert version_date(ListVersion.objects.get()) == dt.date(2023, 4, 30)
