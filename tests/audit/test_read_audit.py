"""Every view of a restricted value, every export and every API read of another organisation's
records leaves an audit row (who, when, which record, what kind of read) — never the value;
the rows cannot be changed from the application, and only the owner's administrators see
them."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.factories import make_person
from vigil.accounts.models import ApiToken, Role
from vigil.audit.models import AppendOnly, ReadEvent, ReadKind
from vigil.registry import models as m

pytestmark = pytest.mark.django_db


def reads(**filters) -> set[tuple]:
    return set(ReadEvent.objects.filter(**filters).values_list(
        "user__username", "kind", "record_type", "record_id", "field"))


def test_a_person_page_notes_each_restricted_value_shown_once(client, documenter_a, person_a):
    client.force_login(documenter_a)
    client.get(f"/persons/{person_a.pk}/")
    client.get(f"/persons/{person_a.pk}/")
    page = ("documenter-a", ReadKind.PAGE, "registry.person", person_a.pk)
    assert reads() == {(*page, "health"), (*page, "relatives")}
    assert ReadEvent.objects.count() == 4  # two visits, one row per value and visit
    assert set(ReadEvent.objects.values_list("person_id", "owner_id")) == {
        (person_a.pk, person_a.organisation_id)}


def test_nothing_is_noted_when_the_value_is_withheld(client, viewer_a, person_a):
    client.force_login(viewer_a)
    response = client.get(f"/persons/{person_a.pk}/")
    assert "CANARY-health-a" not in response.content.decode()
    assert not ReadEvent.objects.exists()


def test_edit_forms_and_history_note_the_restricted_values_they_show(
        client, documenter_a, person_a):
    client.force_login(documenter_a)
    client.get(f"/persons/{person_a.pk}/edit/")
    client.get(f"/persons/{person_a.pk}/history/")
    assert {(kind, field) for _u, kind, _t, _i, field in reads()} == {
        (ReadKind.FORM, "health"), (ReadKind.FORM, "relatives"),
        (ReadKind.HISTORY, "health"), (ReadKind.HISTORY, "relatives")}


def api_get(client, user, path):
    _record, token = ApiToken.issue(user, "audit")
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_api_answers_note_restricted_values_and_reads_by_other_organisations(
        client, documenter_a, documenter_b, org_a, coalition):
    shared = make_person(org_a, visibility=m.Visibility.COALITION, health="CANARY-health")
    assert api_get(client, documenter_a, f"/api/v1/persons/{shared.pk}").status_code == 200
    assert api_get(client, documenter_b, "/api/v1/persons").status_code == 200
    name = shared.names.get()
    assert reads() == {
        ("documenter-a", ReadKind.API, "registry.person", shared.pk, "health"),
        ("documenter-a", ReadKind.API, "registry.person", shared.pk, "relatives"),
        ("documenter-b", ReadKind.FOREIGN_API, "registry.person", shared.pk, ""),
    }
    api_get(client, documenter_b, f"/api/v1/persons/{shared.pk}")
    assert ("documenter-b", ReadKind.FOREIGN_API, "registry.namevariant", name.pk, "") in reads()


def test_exports_are_noted_for_the_exporting_organisation(client, admin_a, org_a):
    client.force_login(admin_a)
    assert client.get("/lists/decisions.csv").status_code == 200
    client.get("/figures/figure.zip?as_of=2023-04-30")
    call_command("export_decisions", "--org", org_a.slug, stdout=StringIO())
    events = ReadEvent.objects.filter(kind=ReadKind.EXPORT, owner=org_a)
    assert {(e.user.username if e.user else "command line", e.what) for e in events} == {
        ("admin-a", "decisions.csv"), ("admin-a", "vigil-figure.zip"),
        ("command line", "vigil export-decisions")}


def test_audit_rows_cannot_be_changed_or_deleted_from_the_application(
        client, documenter_a, person_a):
    client.force_login(documenter_a)
    client.get(f"/persons/{person_a.pk}/")
    event = ReadEvent.objects.first()
    event.field = "notes"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        ReadEvent.objects.update(field="notes")
    with pytest.raises(AppendOnly):
        ReadEvent.objects.all().delete()
    assert set(ReadEvent.objects.values_list("field", flat=True)) == {"health", "relatives"}


def test_the_owners_administrator_sees_who_read_what_and_never_the_value(
        client, documenter_a, admin_a, person_a):
    client.force_login(documenter_a)
    client.get(f"/persons/{person_a.pk}/")
    client.force_login(admin_a)
    for path in ("/audit/", f"/persons/{person_a.pk}/audit/"):
        page = client.get(path).content.decode()
        assert "documenter-a" in page and "health" in page and "relatives" in page
        assert "CANARY" not in page
    assert "CANARY" not in str(list(ReadEvent.objects.values()))


def test_another_organisations_administrator_sees_none_of_it(
        client, documenter_a, person_a, org_b):
    from tests.conftest import make_user

    client.force_login(documenter_a)
    client.get(f"/persons/{person_a.pk}/")
    client.force_login(make_user("admin-b", org_b, Role.ADMINISTRATOR))
    page = client.get("/audit/").content.decode()
    assert "documenter-a" not in page and "Nothing read yet" in page
    assert client.get(f"/persons/{person_a.pk}/audit/").status_code == 404
