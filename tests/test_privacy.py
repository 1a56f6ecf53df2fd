"""Private stays private: canary values planted in every non-public field must never reach
someone who may not see them — not on a page, not in the API, not in a log line."""

import datetime as dt
import json
import logging
import re
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from tests.factories import make_custody, make_person
from tests.publishing.helpers import response_text
from vigil.accounts.models import ApiToken
from vigil.registry import models as m

pytestmark = pytest.mark.django_db


def canary(model, field):
    return f"CANARY-{model._meta.model_name}-{field}"


def free_text_fields(model, sensitivity):
    """Fields a documenter types freely, of one sensitivity class (by the model's default)."""
    return [
        field.name for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField)) and not field.choices
        and field.editable and model.sensitivity_of(field.name) == sensitivity
    ]


def plant(record, mark="CANARY-"):
    """Fill every non-public free-text field of the record with its canary."""
    for sensitivity in (m.Sensitivity.INTERNAL, m.Sensitivity.RESTRICTED):
        for name in free_text_fields(type(record), sensitivity):
            setattr(record, name, canary(type(record), name).replace("CANARY-", mark))
    record.save()
    return record


OLD, DELETED = "CANARY-OLD-", "CANARY-DELETED-"


def plant_with_history(record):
    """Plant old canaries first, then the current ones: the old ones live on in history."""
    return plant(plant(record, OLD))


@pytest.fixture
def shared_world(org_a, org_b, coalition, condition_type, admin_a):
    """Everything A records about one person, shared with the coalition (B is a partner): a
    canary in every private field, an older one in its history, a deleted copy of each
    record with its own canaries, and a release of A's figures."""
    shared = m.Visibility.COALITION
    person = plant_with_history(make_person(org_a, visibility=shared))
    custody = make_custody(person, "2021-07-14")
    plant_with_history(custody)
    facility = m.Facility.objects.create(slug="sizo-1", name_en="SIZO-1", kind="pretrial")
    placement = m.Placement(custody=custody, facility=facility, organisation=org_a,
                            visibility=shared)
    plant_with_history(placement)
    case = plant_with_history(m.Case(person=person, organisation=org_a, visibility=shared))
    # the description was public once, then reclassified (issue #8, leak 2)
    report = plant(m.ConditionReport(
        person=person, organisation=org_a, visibility=shared, condition=condition_type,
        started=custody.started, description=canary(m.ConditionReport, "description")
        .replace("CANARY-", OLD), description_sensitivity=m.Sensitivity.PUBLIC), OLD)
    report.description_sensitivity = m.Sensitivity.RESTRICTED
    plant(report)
    source = plant_with_history(m.Source(organisation=org_a, visibility=shared,
                                         kind="testimony", title="Testimony"))
    plant_with_history(m.Citation(organisation=org_a, visibility=shared, source=source,
                                  content_type=ContentType.objects.get_for_model(report),
                                  object_id=report.pk, field="description"))
    plant_with_history(m.Recognition(person=person, organisation=org_a, visibility=shared,
                                     status="recognised", since=custody.started))
    plant_with_history(m.Affiliation(person=person, organisation=org_a, visibility=shared,
                                     affiliated_with=org_a))
    report.description = canary(m.ConditionReport, "description")
    report.save()
    person.summary = "public summary"
    person.save()
    plant_deleted(person, condition_type, facility, source, admin_a)
    return {"person": person, "custody": custody, "case": case, "source": source,
            "report": report, "release": release_of(org_a, admin_a)}


def plant_deleted(person, condition_type, facility, source, user):
    """A deleted record of every kind about the person, each with its DELETED canaries."""
    org, shared = person.organisation, person.visibility
    custody = make_custody(person, "2019-01-01", "2019-02-01", end_reason="released")
    records = [
        custody,
        m.Placement(custody=custody, facility=facility, organisation=org, visibility=shared),
        m.Case(person=person, organisation=org, visibility=shared),
        m.ConditionReport(person=person, organisation=org, visibility=shared,
                          condition=condition_type, started=custody.started),
        m.Recognition(person=person, organisation=org, visibility=shared, status="withdrawn",
                      since=custody.started),
        m.Affiliation(person=person, organisation=org, visibility=shared, affiliated_with=org),
        m.NameVariant(person=person, organisation=org, visibility=shared, text="Gone Name",
                      language="en", script="Latn", kind="latin"),
        m.Source(organisation=org, visibility=shared, kind="testimony", title="Gone"),
        m.Citation(organisation=org, visibility=shared, source=source, field="description",
                   content_type=ContentType.objects.get_for_model(m.ConditionReport),
                   object_id=0),
    ]
    for record in records:
        plant(record, DELETED).soft_delete(user)


def release_of(organisation, user):
    from vigil.figures import FigureDefinition
    from vigil.publishing.population import Scope
    from vigil.publishing.service import compute, publish

    definition = FigureDefinition.stock(dt.date(2023, 4, 30), recognised_by=(organisation.slug,))
    return publish(compute(Scope.whole_registry(), definition, by="gender"), organisation, user)


def canaries(sensitivity, mark="CANARY-", models=None):
    return {canary(model, name).replace("CANARY-", mark)
            for model in models or RECORD_MODELS_PLANTED
            for name in free_text_fields(model, sensitivity)}


# The records a person's history page shows (sources and citations have no history page).
IN_HISTORY = [m.Person, m.NameVariant, m.Affiliation, m.Case, m.CustodyPeriod, m.Recognition,
              m.ConditionReport, m.Placement]


def owner_canaries():
    """What A's own documenters must find: every current value, every old one in history."""
    current = canaries(m.Sensitivity.RESTRICTED) | canaries(m.Sensitivity.INTERNAL)
    return current | canaries(m.Sensitivity.RESTRICTED, OLD, IN_HISTORY) | canaries(
        m.Sensitivity.INTERNAL, OLD, IN_HISTORY)


def restricted_canaries():
    return canaries(m.Sensitivity.RESTRICTED) | canaries(m.Sensitivity.RESTRICTED, OLD)


def internal_canaries():
    return canaries(m.Sensitivity.INTERNAL) | canaries(m.Sensitivity.INTERNAL, OLD)


def deleted_canaries():
    return canaries(m.Sensitivity.RESTRICTED, DELETED) | canaries(m.Sensitivity.INTERNAL,
                                                                    DELETED)


# The statement is a public text: it has no private field to plant.
RECORD_MODELS_PLANTED = [model for model in m.RECORD_MODELS if model is not m.Statement]


def pages_of(world):
    person, custody, case = world["person"], world["custody"], world["case"]
    release = world["release"].slug
    figure = "as_of=2023-04-30&recognised_by=org-a&by=gender"
    return [
        "/", f"/?q={person.display_name}", f"/persons/{person.pk}/",
        f"/persons/{person.pk}/history/", "/sources/", f"/sources/{world['source'].pk}/",
        f"/persons/{person.pk}/custody/{custody.pk}/edit/",
        f"/persons/{person.pk}/case/{case.pk}/edit/", f"/persons/{person.pk}/edit/",
        "/deleted/", f"/figures/?{figure}", f"/figures/figure.zip?{figure}",
        "/figures/releases/", f"/figures/releases/{release}/",
        f"/figures/releases/{release}/figure.zip", "/lists/", "/lists/review/",
        "/lists/merges/", "/lists/decisions.csv",
        "/audit/", f"/persons/{person.pk}/audit/",  # last: they list the reads above
    ]


def api_paths_of(world):
    person = world["person"]
    kinds = ["names", "affiliations", "cases", "custody", "placements", "recognitions",
             "conditions"]
    return ["/api/v1/persons", f"/api/v1/persons/{person.pk}", "/api/v1/sources",
            f"/api/v1/sources/{world['source'].pk}",
            *[f"/api/v1/persons/{person.pk}/{kind}" for kind in kinds],
            f"/api/v1/persons/{person.pk}/conditions/{world['report'].pk}",
            f"/api/v1/persons/{person.pk}/cases/{world['case'].pk}"]


def everything_seen(client, user, world, caplog):
    """Every page, export and API answer of the world as `user` (None: anonymous), and the
    log lines written meanwhile."""
    headers = {}
    if user is not None:
        client.force_login(user)
        headers["HTTP_AUTHORIZATION"] = f"Bearer {ApiToken.issue(user, 'canary')[1]}"
    seen = []
    with caplog.at_level(logging.DEBUG):
        for path in pages_of(world):
            seen.append(response_text(client.get(path)))
        for path in api_paths_of(world):
            response = client.get(path, **headers)
            assert response.status_code == (200 if user else 401), path
            seen.append(response.content.decode())
    seen.append(caplog.text)
    return "\n".join(seen)


ACTORS = ["anonymous", "viewer_a", "documenter_a", "reviewer_a", "admin_a", "documenter_b"]
SEES_RESTRICTED = {"documenter_a", "reviewer_a", "admin_a"}  # of A's own records


@pytest.mark.parametrize("actor", ACTORS)
def test_each_actor_sees_exactly_the_private_values_its_role_may(
    client, shared_world, caplog, actor, request
):
    user = None if actor == "anonymous" else request.getfixturevalue(actor)
    seen = everything_seen(client, user, shared_world, caplog)
    found = {c for c in restricted_canaries() | internal_canaries() | deleted_canaries()
             if c in seen}
    if actor == "anonymous":
        assert "CANARY-" not in seen
    elif actor in SEES_RESTRICTED:
        # every private value, old ones in history included, is seen where it belongs, so
        # the other actors' checks are not vacuous
        assert found >= owner_canaries()
    else:
        assert found & restricted_canaries() == set()
        assert canary(m.Person, "notes") in found  # internal values are members' to see
    # deleted records (and their history) are their administrators' alone
    assert bool(found & deleted_canaries()) is (actor == "admin_a")
    assert "CANARY-" not in caplog.text


def test_a_coalition_partner_sees_the_shared_record(client, documenter_b, shared_world, caplog):
    assert "public summary" in everything_seen(client, documenter_b, shared_world, caplog)


def test_a_restricted_description_can_be_opened_up_by_its_documenter(
    client, documenter_b, shared_world, caplog
):
    report = shared_world["report"]
    report.description_sensitivity = m.Sensitivity.INTERNAL
    report.save()
    seen = everything_seen(client, documenter_b, shared_world, caplog)
    assert canary(m.ConditionReport, "description") in seen


def test_api_answers_name_the_fields_withheld(client, viewer_a, shared_world):
    _record, token = ApiToken.issue(viewer_a, "t")
    response = client.get(f"/api/v1/persons/{shared_world['person'].pk}",
                          HTTP_AUTHORIZATION=f"Bearer {token}")
    body = json.loads(response.content)
    assert {"health", "relatives"} <= set(body["withheld"])
    assert "health" not in body


def test_every_field_of_every_record_has_a_sensitivity_class():
    for model in m.RECORD_MODELS:
        for field in model._meta.concrete_fields + model._meta.many_to_many:
            assert model.sensitivity_of(field.name) in m.Sensitivity.values, (
                f"{model.__name__}.{field.name}")


TEMPLATES = Path(__file__).parents[1] / "src" / "vigil" / "web" / "templates"


def test_templates_read_private_fields_only_through_disclose():
    private = {field.name for model in m.RECORD_MODELS for field in model._meta.concrete_fields
               if model.sensitivity_of(field.name) != m.Sensitivity.PUBLIC}
    private -= {"visibility", "organisation", "version", "created_at", "updated_at",
                "created_by", "deleted_at", "deleted_by", "archived_file", "captured_by"}
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        for line in template.read_text().splitlines():
            for name in private:
                if re.search(rf"\.{name}\b", line):
                    offenders.append(f"{template.name}: {line.strip()[:80]}")
    assert not offenders


def test_healthz_tells_anonymous_monitors_nothing_of_the_records(client, shared_world):
    from vigil.lists.models import WorkerHeartbeat

    WorkerHeartbeat.objects.create(worker_id="w", host="h", pid=1, started_at=timezone.now(),
                                   beat_at=timezone.now())
    text = client.get("/healthz").content.decode()
    assert '"status": "ok"' in text
    assert "CANARY-" not in text and shared_world["person"].display_name not in text


# --- the canary sweep over every public output (DESIGN §8) ------------------------------
# Every route an anonymous visitor may open is listed, with the paths that exercise it, in
# tests/public/outputs.py; the static export is swept file by file. Whatever is not public
# carries a canary: private fields, records of the coalition, deleted records, and persons
# who are withheld, unpublished, only proposed, withdrawn or not public (their names).

HIDDEN_NAMES = [  # (state of the person, Belarusian name, Latin name)
    ("withheld", "Канарэйка Схаваная", "CANARY Withheld"),
    ("unpublished", "Канарэйка Неапублікаваная", "CANARY Unpublished"),
    ("proposed", "Канарэйка Прапанаваная", "CANARY Proposed"),
    ("withdrawn", "Канарэйка Адкліканая", "CANARY Withdrawn"),
    ("coalition", "Канарэйка Кааліцыйная", "CANARY Coalition"),
]
COALITION_NAME = "CANARY Coalition-only Spelling"
SECRET_WORDS = ("canary", "канарэйк", "канарейк", "kanarei", "kanarej", "kanarey", "gone name")


def secrets_in(text: str) -> list[str]:
    text = text.lower()
    return [word for word in SECRET_WORDS if word in text]


@pytest.fixture
def public_world(org_a, admin_a, condition_type, settings, tmp_path):
    from tests.public.helpers import PUBLIC, public_person, publish
    from tests.statements.helpers import draft_statement
    from tests.statements.test_public import published
    from vigil.lists.models import WorkerHeartbeat
    from vigil.public.opendata import export_open_data
    from vigil.public.registry import today

    settings.VAR_DIR = tmp_path
    WorkerHeartbeat.objects.create(worker_id="w", host="h", pid=1, started_at=timezone.now(),
                                   beat_at=timezone.now())
    born = today().replace(year=1962, day=1)
    person = plant_with_history(public_person(org_a, birth_date=born, gender="male"))
    custody = plant(make_custody(person, "2021-07-14"))
    colony = m.Facility.objects.create(slug="ik-3", name_en="Penal colony No. 3", kind="colony",
                                       address="211322, Віцебск")
    hidden = m.Facility.objects.create(slug="sizo-x", name_en="SIZO X", kind="pretrial",
                                       address="CANARY-hidden-address",
                                       address_is_public=False)
    plant(m.Placement(custody=custody, facility=colony, organisation=org_a,
                      visibility=PUBLIC))
    plant(m.Case(person=person, organisation=org_a, visibility=PUBLIC, verdict="convicted",
                 sentence_kind="imprisonment", sentence_months=120))
    plant(m.Recognition(person=person, organisation=org_a, visibility=PUBLIC,
                        status="recognised", since=custody.started))
    report = plant(m.ConditionReport(person=person, organisation=org_a, visibility=PUBLIC,
                                     condition=condition_type, started=custody.started,
                                     description="CANARY-restricted-description",
                                     description_sensitivity=m.Sensitivity.RESTRICTED))
    source = plant(m.Source(organisation=org_a, visibility=PUBLIC, kind="testimony",
                            title="CANARY-source-of-a-private-claim"))
    plant(m.Citation(organisation=org_a, visibility=PUBLIC, source=source,
                     content_type=ContentType.objects.get_for_model(m.ConditionReport),
                     object_id=report.pk, field="description",
                     claimed_value="CANARY-claim"))
    coalition = m.Visibility.COALITION
    m.NameVariant.objects.create(person=person, organisation=org_a, visibility=coalition,
                                 text=COALITION_NAME, language="en", script="Latn",
                                 kind="latin")
    m.Case.objects.create(person=person, organisation=org_a, visibility=coalition,
                          case_number="CANARY-coalition-case")
    m.ConditionReport.objects.create(person=person, organisation=org_a, visibility=coalition,
                                     condition=condition_type, started=custody.started,
                                     description="CANARY-coalition-condition",
                                     description_sensitivity=m.Sensitivity.PUBLIC)
    plant_deleted(person, condition_type, hidden, source, admin_a)
    slug = publish(person).slug
    statement = published(draft_statement(org_a, person=person), admin_a).slug
    hidden_slugs = [hidden_person(org_a, state, be, latin, born)
                    for state, be, latin in HIDDEN_NAMES]
    release = release_of(org_a, admin_a).slug  # by gender: every row below k, suppressed
    export_open_data(tmp_path / "open-data" / today().isoformat(), today())
    names = (tmp_path / "open-data" / today().isoformat() / "SHA256SUMS").read_text()
    return {"slug": slug, "hidden_slugs": hidden_slugs, "release": release,
            "statement": statement,
            "names": ["SHA256SUMS", *(line.split("  ", 1)[1] for line in names.splitlines())],
            # a page shows the words searched for, so pages are searched by given names
            "queries": ["Бяляцкі", "Ales Bialiatski", "Coalition-only Spelling",
                        *(n.split()[1] for _s, be, lt in HIDDEN_NAMES for n in (be, lt))],
            "full_names": ["CANARY", "Канарэйка", "Канарейка", "Kanareika", COALITION_NAME,
                           *(n for _s, be, lt in HIDDEN_NAMES for n in (be, lt))]}


def hidden_person(organisation, state, be, latin, born) -> str:
    """A person in custody the public may not name, in `state`; their publication's slug."""
    from tests.public.helpers import PUBLIC, public_person, publish

    visibility = m.Visibility.COALITION if state == "coalition" else PUBLIC
    person = public_person(organisation, name=be, latin=latin, birth_date=born, gender="female")
    if visibility != PUBLIC:
        person.visibility = visibility
        person.save()
        person.names.update(visibility=visibility)
    make_custody(person, "2022-01-01")
    if state == "unpublished":
        return f"no-page-{state}"
    publication = publish(person, {"coalition": "published"}.get(state, state),
                          withheld=state == "withheld")
    publication.slug = f"no-page-{state}"  # a slug from the name would hold the canary
    publication.save()
    return publication.slug


def public_paths(world) -> list[str]:
    from tests.public.outputs import PUBLIC_OUTPUTS

    return [path for paths_of in PUBLIC_OUTPUTS.values() for path in paths_of(world)]


def body_of(response) -> bytes:
    return b"".join(response) if response.streaming else response.content


def test_no_public_output_shows_anything_that_is_not_public(client, public_world, caplog):
    with caplog.at_level(logging.DEBUG):
        for path in public_paths(public_world):
            response = client.get(path)
            assert response.status_code < 500, path
            if "no-page-" not in path:
                assert response.status_code == 200, path
            assert not secrets_in(body_of(response).decode("utf-8", "replace")), path
    assert not secrets_in(caplog.text)


def test_the_sweep_sees_the_public_facts(client, public_world):
    """The sweep is not vacuous: the published person, his spellings, his facility's address
    and the open data are where the sweep looks."""
    page = client.get(f"/en/prisoners/{public_world['slug']}/").content.decode()
    assert "Ales Bialiatski" in page and "211322, Віцебск" in page
    assert b"Ales Bialiatski" in body_of(client.get("/data/persons.csv"))
    preview = client.get(f"/reconcile/preview?id={public_world['slug']}").content.decode()
    assert "Алесь Бяляцкі" in preview


def test_no_file_of_the_static_export_shows_anything_that_is_not_public(public_world,
                                                                        tmp_path):
    import gzip

    from vigil.public.static_site import publish_site

    site = tmp_path / "site"
    publish_site(site, "https://prisoners.example.org")
    files = [path for path in site.rglob("*") if path.is_file()]
    assert len(files) > 50 and (site / "pagefind").is_dir()
    for path in files:
        content = path.read_bytes()
        if content[:2] == b"\x1f\x8b":  # Pagefind's index and fragments are gzipped
            content = gzip.decompress(content)
        assert not secrets_in(content.decode("utf-8", "replace")), path.relative_to(site)
    assert "Ales Bialiatski" in (site / "en" / "prisoners" / public_world["slug"] /
                                 "index.html").read_text(encoding="utf-8")


def test_every_public_route_is_in_the_sweep():
    """A route the access matrix opens to anonymous visitors (200, or 404 for want of data
    there) is swept: give it an entry in tests/public/outputs.py."""
    from tests.public.outputs import PUBLIC_OUTPUTS
    from tests.test_access_matrix import API, WEB

    public = {row[0] for row in WEB + API if row[-1][0] in (200, 404)}
    assert public == set(PUBLIC_OUTPUTS)
