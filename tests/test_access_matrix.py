"""Every URL and API route × {anonymous, viewer of A, documenter of A, reviewer of A,
documenter of B, administrator of A}, with the status each must get and the permissions the
route asks for (`vigil.accounts.access`; datasette's test_permissions_checked idea). The
walkers at the bottom fail when a route has no row, so a new page cannot ship without its
access decision."""

import datetime as dt
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import make_custody
from tests.lists.world import lists_world
from vigil.accounts.access import recording_permissions
from vigil.accounts.models import ApiToken
from vigil.api.routes import api
from vigil.registry import models as m

ACTORS = ["anonymous", "viewer_a", "documenter_a", "reviewer_a", "documenter_b", "admin_a"]
LOGIN = 302  # anonymous users are sent to the login page
PUBLIC_HOME = 302  # …except at "/", where an anonymous visitor is sent to the public site


@pytest.fixture
def world(person_a, source_a, condition_type, viewer_a, documenter_a, reviewer_a, documenter_b,
          admin_a):
    custody = make_custody(person_a, "2021-07-14")
    gone = m.Source.objects.create(organisation=person_a.organisation, kind="other",
                                   title="deleted source")
    gone.soft_delete(admin_a)
    m.Citation.objects.create(
        organisation=person_a.organisation, source=source_a,
        content_type=ContentType.objects.get_for_model(custody), object_id=custody.pk,
    )
    token, _ = ApiToken.issue(documenter_a, "matrix")
    return {
        "person": person_a, "custody": custody, "source": source_a, "deleted": gone,
        "token": token, "condition_type": condition_type,
        "users": {"viewer_a": viewer_a, "documenter_a": documenter_a, "reviewer_a": reviewer_a,
                  "documenter_b": documenter_b, "admin_a": admin_a},
    }


def a_proposal(w):
    """An article a documenter of A proposed (made afresh for each actor's row)."""
    article, _ = m.Article.objects.get_or_create(
        country="BY", code="CC", article="999-9", defaults={
            "title_en": "Proposed", "confirmed": False,
            "proposed_by_organisation": w["person"].organisation})
    return article


# (route name, method, path from the world, form or JSON body, statuses in ACTORS order)
WEB = [
    ("login", "get", lambda w: "/login/", None, (200, 200, 200, 200, 200, 200)),
    ("logout", "post", lambda w: "/logout/", {}, (302, 302, 302, 302, 302, 302)),
    ("set_language", "post", lambda w: "/i18n/setlang/", {"language": "be"},
     (302, 302, 302, 302, 302, 302)),
    ("person-list", "get", lambda w: "/", None, (PUBLIC_HOME, 200, 200, 200, 200, 200)),
    ("person-create", "get", lambda w: "/persons/new/", None, (LOGIN, 403, 200, 200, 200, 200)),
    ("person-detail", "get", lambda w: f"/persons/{w['person'].pk}/", None,
     (LOGIN, 200, 200, 200, 404, 200)),
    ("person-edit", "get", lambda w: f"/persons/{w['person'].pk}/edit/", None,
     (LOGIN, 403, 200, 200, 404, 200)),
    ("person-delete", "get", lambda w: f"/persons/{w['person'].pk}/delete/", None,
     (LOGIN, 403, 200, 200, 404, 200)),
    ("person-history", "get", lambda w: f"/persons/{w['person'].pk}/history/", None,
     (LOGIN, 200, 200, 200, 404, 200)),
    ("record-create", "get", lambda w: f"/persons/{w['person'].pk}/condition/new/", None,
     (LOGIN, 403, 200, 200, 404, 200)),
    ("record-edit", "get",
     lambda w: f"/persons/{w['person'].pk}/custody/{w['custody'].pk}/edit/", None,
     (LOGIN, 403, 200, 200, 404, 200)),
    ("record-delete", "get",
     lambda w: f"/persons/{w['person'].pk}/custody/{w['custody'].pk}/delete/", None,
     (LOGIN, 403, 200, 200, 404, 200)),
    ("source-list", "get", lambda w: "/sources/", None, (LOGIN, 200, 200, 200, 200, 200)),
    ("source-create", "get", lambda w: "/sources/new/", None, (LOGIN, 403, 200, 200, 200, 200)),
    ("source-detail", "get", lambda w: f"/sources/{w['source'].pk}/", None,
     (LOGIN, 200, 200, 200, 404, 200)),
    ("source-edit", "get", lambda w: f"/sources/{w['source'].pk}/edit/", None,
     (LOGIN, 403, 200, 200, 404, 200)),
    ("proposed-articles", "get", lambda w: "/articles/proposed/", None,
     (LOGIN, 403, 403, 200, 403, 200)),
    ("article-decide", "post", lambda w: f"/articles/{a_proposal(w).pk}/decide/",
     {"decision": "confirm"}, (LOGIN, 403, 403, 302, 403, 302)),
    ("unsourced-records", "get", lambda w: "/unsourced/", None,
     (LOGIN, 200, 200, 200, 200, 200)),
    ("official-search", "get", lambda w: "/officials/?q=Ivanou&format=json", None,
     (LOGIN, 200, 200, 200, 200, 200)),
    ("deleted-records", "get", lambda w: "/deleted/", None, (LOGIN, 403, 403, 403, 403, 200)),
    ("record-restore", "post", lambda w: f"/deleted/source/{w['deleted'].pk}/restore/", {},
     (LOGIN, 403, 403, 403, 403, 302)),
    ("api-tokens", "get", lambda w: "/account/tokens/", None, (LOGIN, 200, 200, 200, 200, 200)),
    ("api-token-revoke", "post", lambda w: f"/account/tokens/{w['token'].pk}/revoke/", {},
     (LOGIN, 302, 302, 302, 302, 302)),
    # list imports, review and merges (objects of A made by tests/lists/world.py)
    ("list-index", "get", lambda w: "/lists/", None, (LOGIN, 200, 200, 200, 200, 200)),
    ("list-import", "get", lambda w: "/lists/import/", None, (LOGIN, 403, 200, 200, 200, 200)),
    ("list-import-confirm", "get",
     lambda w: f"/lists/import/{lists_world(w)['pending'].pk}/", None,
     (LOGIN, 403, 200, 200, 404, 200)),
    ("list-import-mapping", "get",
     lambda w: f"/lists/import/{lists_world(w)['pending'].pk}/mapping/", None,
     (LOGIN, 403, 200, 200, 404, 200)),
    ("list-import-fix", "post", lambda w: f"/lists/import/{lists_world(w)['pending'].pk}/fix/",
     {"fix-1-name": "Ales Bialiatski"}, (LOGIN, 403, 302, 302, 404, 302)),
    ("list-import-template", "get", lambda w: "/lists/import/template.xlsx", None,
     (LOGIN, 200, 200, 200, 200, 200)),
    ("list-import-job", "get", lambda w: f"/lists/import/job/{lists_world(w)['job'].pk}/",
     None, (LOGIN, 200, 200, 200, 404, 200)),
    ("list-version", "get", lambda w: f"/lists/{lists_world(w)['v1'].pk}/", None,
     (LOGIN, 200, 200, 200, 404, 200)),
    ("list-compare", "get",
     lambda w: f"/lists/{lists_world(w)['v1'].pk}/compare/{lists_world(w)['v2'].pk}/", None,
     (LOGIN, 200, 200, 200, 404, 200)),
    ("list-review", "get", lambda w: lists_world(w) and "/lists/review/", None,
     (LOGIN, 403, 403, 200, 403, 200)),
    ("list-review-decide", "post", lambda w: f"/lists/review/{lists_world(w)['pair'].pk}/",
     {"decision": "skipped"}, (LOGIN, 403, 403, 302, 404, 302)),
    ("list-review-decide-cluster", "post", lambda w: "/lists/review/cluster/",
     lambda w: {"pairs": str(lists_world(w)["pair"].pk), "decision": "skipped"},
     (LOGIN, 403, 403, 302, 404, 302)),
    ("list-duplicates", "get", lambda w: lists_world(w) and "/lists/duplicates/", None,
     (LOGIN, 403, 200, 200, 200, 200)),
    ("list-duplicates-search", "post", lambda w: "/lists/duplicates/search/", {},
     (LOGIN, 403, 302, 302, 302, 302)),
    ("list-merge-propose", "post", lambda w: "/lists/duplicates/propose/",
     lambda w: {"merged": str(w["person"].pk), "kept": str(lists_world(w)["pair"].person_b_id)},
     (LOGIN, 403, 302, 302, 404, 302)),
    ("list-merges", "get", lambda w: lists_world(w) and "/lists/merges/", None,
     (LOGIN, 403, 403, 200, 403, 200)),
    ("list-merge-undo", "post",
     lambda w: f"/lists/merges/{lists_world(w)['merge'].pk}/undo/", {},
     (LOGIN, 403, 403, 302, 404, 302)),
    ("list-name-only", "get", lambda w: lists_world(w) and "/lists/name-only/", None,
     (LOGIN, 403, 403, 200, 403, 200)),
    ("list-name-only-confirm", "post", lambda w: "/lists/name-only/confirm/",
     lambda w: {"entry": str(lists_world(w)["entry"].pk),
                f"person-{lists_world(w)['entry'].pk}": str(lists_world(w)["entry"].person_id)},
     (LOGIN, 403, 403, 302, 404, 302)),
    ("list-name-only-undo", "post",
     lambda w: f"/lists/name-only/{lists_world(w)['confirmation'].pk}/undo/", {},
     (LOGIN, 403, 403, 302, 404, 302)),
    ("list-decisions", "get", lambda w: "/lists/decisions.csv", None,
     (LOGIN, 403, 403, 200, 403, 200)),
    # the read audit (vigil.audit): the owning organisation's administrators only
    ("read-audit", "get", lambda w: "/audit/", None, (LOGIN, 403, 403, 403, 403, 200)),
    ("person-read-audit", "get", lambda w: f"/persons/{w['person'].pk}/audit/", None,
     (LOGIN, 403, 403, 403, 404, 200)),
]


def a_release(w):
    """A release of A's figures (made once per world), for the publishing rows."""
    if "release" not in w:
        from vigil.figures import FigureDefinition
        from vigil.publishing.population import Scope
        from vigil.publishing.service import compute, publish

        definition = FigureDefinition.stock(dt.date(2023, 4, 30))
        w["release"] = publish(compute(Scope.whole_registry(), definition),
                               w["person"].organisation)
    return w["release"]


# figures and releases (vigil.publishing)
WEB += [
    ("figures", "get", lambda w: "/figures/?as_of=2023-04-30&by=gender", None,
     (LOGIN, 200, 200, 200, 200, 200)),
    ("figures-csv", "get", lambda w: "/figures/figure.zip?as_of=2023-04-30", None,
     (LOGIN, 200, 200, 200, 200, 200)),
    ("figures-chart", "get", lambda w: "/figures/chart.png?as_of=2023-04-30", None,
     (LOGIN, 200, 200, 200, 200, 200)),
    ("figures-publish", "post", lambda w: "/figures/publish/",
     {"kind": "stock", "as_of": "2023-04-30", "confirm_organisation_only": "1",
      "confirmed": "1"},
     (LOGIN, 403, 403, 302, 403, 302)),
    ("release-list", "get", lambda w: "/figures/releases/", None, (LOGIN, 200, 200, 200, 200, 200)),
    ("release-detail", "get", lambda w: f"/figures/releases/{a_release(w).slug}/", None,
     (LOGIN, 200, 200, 200, 200, 200)),
    ("release-csv", "get", lambda w: f"/figures/releases/{a_release(w).slug}/figure.zip",
     None, (LOGIN, 200, 200, 200, 200, 200)),
]

# accounts: the second factor, the password, the administrator's security page
WEB += [
    ("second-factor", "get", lambda w: "/account/second-factor/", None,
     (LOGIN, 200, 200, 200, 200, 200)),
    ("second-factor-enrol", "get", lambda w: "/account/second-factor/enrol/", None,
     (LOGIN, 200, 200, 200, 200, 200)),
    ("second-factor-verify", "get", lambda w: "/account/second-factor/verify/", None,
     (LOGIN, 302, 302, 200, 302, 200)),
    ("second-factor-recovery-codes", "post", lambda w: "/account/second-factor/recovery-codes/",
     {}, (LOGIN, 404, 404, 200, 404, 200)),
    ("password-change", "get", lambda w: "/account/password/", None,
     (LOGIN, 200, 200, 200, 200, 200)),
    ("organisation-security", "get", lambda w: "/account/organisation/", None,
     (LOGIN, 403, 403, 403, 403, 200)),
    ("member-reset-second-factor", "post",
     lambda w: f"/account/organisation/members/{w['users']['documenter_a'].pk}"
     "/reset-second-factor/", {}, (LOGIN, 403, 403, 403, 403, 302)),
    ("organisation-require-second-factor", "post",
     lambda w: "/account/organisation/second-factor/", {}, (LOGIN, 403, 403, 403, 403, 302)),
    ("organisation-lockdown", "post", lambda w: "/account/organisation/lockdown/", {},
     (LOGIN, 403, 403, 403, 403, 302)),
    ("organisation-romanisation", "post", lambda w: "/account/organisation/romanisation/",
     {"romanisation": "be-passport"}, (LOGIN, 403, 403, 403, 403, 302)),
]

def a_fresh_worker(w):
    """A worker heard from just now, so that /healthz answers 200 (tests/web/test_health.py)."""
    from django.utils import timezone

    from vigil.lists.models import WorkerHeartbeat

    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(worker_id="matrix", defaults={
        "host": "h", "pid": 1, "started_at": now, "beat_at": now})
    return "/healthz"


# monitoring: anonymous and the same for everyone
WEB += [("healthz", "get", a_fresh_worker, None, (200, 200, 200, 200, 200, 200))]


def a_publication(w):
    """A published public person of A (made once per world), for the public-site rows."""
    if "publication" not in w:
        from tests.public.helpers import public_person, publish

        w["publication"] = publish(public_person(w["person"].organisation))
    return w["publication"]


# the public site (vigil.public) and publishing persons (vigil.publishing.publication_views)
EVERYONE = (200, 200, 200, 200, 200, 200)
WEB += [
    ("public-home", "get", lambda w: "/en/", None, EVERYONE),
    ("public-prisoners", "get", lambda w: "/be/prisoners/?q=Bialiatski", None, EVERYONE),
    ("public-released", "get", lambda w: "/ru/released/", None, EVERYONE),
    ("public-memorial", "get", lambda w: "/en/memorial/", None, EVERYONE),
    ("public-person", "get", lambda w: f"/en/prisoners/{a_publication(w).slug}/", None,
     EVERYONE),
    ("public-birthdays", "get", lambda w: "/be/birthdays/", None, EVERYONE),
    ("public-facilities", "get", lambda w: "/ru/facilities/", None, EVERYONE),
    ("public-figures", "get", lambda w: "/en/figures/", None, EVERYONE),
    ("public-figure", "get", lambda w: f"/be/figures/{a_release(w).slug}/", None, EVERYONE),
    ("public-figure-csv", "get", lambda w: f"/en/figures/{a_release(w).slug}/figure.csv",
     None, EVERYONE),
    ("public-figure-png", "get", lambda w: f"/en/figures/{a_release(w).slug}/chart.png",
     None, EVERYONE),
    ("public-data", "get", lambda w: "/en/data/", None, EVERYONE),
    ("public-data-file", "get", lambda w: "/data/persons.csv", None,
     (404, 404, 404, 404, 404, 404)),  # no dump exported in the test world
    ("public-feed", "get", lambda w: "/en/feeds/events.atom?state=held", None, EVERYONE),
    ("public-person-feed", "get",
     lambda w: f"/ru/feeds/prisoners/{a_publication(w).slug}.atom", None, EVERYONE),
    ("reconcile", "get", lambda w: "/reconcile/", None, EVERYONE),
    ("reconcile-suggest", "get", lambda w: "/reconcile/suggest/entity?prefix=Bia", None,
     EVERYONE),
    ("reconcile-propose", "get", lambda w: "/reconcile/extend/propose?type=person", None,
     EVERYONE),
    ("reconcile-preview", "get", lambda w: f"/reconcile/preview?id={a_publication(w).slug}",
     None, EVERYONE),
    ("publication-pending", "get", lambda w: "/publication/", None,
     (LOGIN, 200, 200, 200, 200, 200)),
    ("person-publication", "get", lambda w: f"/publication/persons/{w['person'].pk}/", None,
     (LOGIN, 200, 200, 200, 404, 200)),
]


def a_statement(w, published=False):
    """A draft statement of A (or a published one), made once per world (vigil.statements)."""
    import datetime as dt

    from vigil.statements.models import Statement

    key = "published statement" if published else "statement"
    if key not in w:
        w[key] = Statement.objects.create(
            slug="published" if published else "draft", author=w["person"].organisation,
            dated=dt.date(2023, 5, 21), title_en="A statement", body_en="Free them.",
            status="published" if published else "draft")
    return w[key]


# joint statements: drafting (vigil.statements.views) and the public pages
AUTHORS = (LOGIN, 403, 302, 302, 404, 302)  # a post with nothing in it: redirected back
WEB += [
    ("statement-drafts", "get", lambda w: "/drafting/", None, (LOGIN, 200, 200, 200, 200, 200)),
    ("statement-new", "get", lambda w: "/drafting/new/", None, (LOGIN, 403, 200, 200, 200, 200)),
    ("statement-draft", "get", lambda w: f"/drafting/{a_statement(w).pk}/", None,
     (LOGIN, 200, 200, 200, 404, 200)),
    *[(f"statement-{part}", "post", lambda w, part=part: f"/drafting/{a_statement(w).pk}/{part}/",
       {}, AUTHORS) for part in ("figures", "mentions", "check", "signatories")],
    ("statement-step", "post", lambda w: f"/drafting/{a_statement(w).pk}/step/", {},
     (LOGIN, 302, 302, 302, 404, 302)),
    ("public-statements", "get", lambda w: "/ru/statements/", None, EVERYONE),
    ("public-statements-feed", "get", lambda w: "/en/statements/feed.atom", None, EVERYONE),
    ("public-statement", "get", lambda w: f"/be/statements/{a_statement(w, True).slug}/", None,
     EVERYONE),
    ("public-statement-pdf", "get",
     lambda w: f"/en/statements/{a_statement(w, True).slug}/statement.pdf", None, EVERYONE),
]

API = [
    ("GET /api/v1/openapi.json", lambda w: "/api/v1/openapi.json", None,
     (200, 200, 200, 200, 200, 200)),
    ("GET /api/v1/docs", lambda w: "/api/v1/docs", None, (200, 200, 200, 200, 200, 200)),
    ("GET /api/v1/me", lambda w: "/api/v1/me", None, (401, 200, 200, 200, 200, 200)),
    ("GET /api/v1/persons", lambda w: "/api/v1/persons", None, (401, 200, 200, 200, 200, 200)),
    ("POST /api/v1/persons", lambda w: "/api/v1/persons",
     lambda w: {"primary_name": "Новы Чалавек", "gender": "female", "visibility": "organisation",
                "tracking_status": "known"},
     (401, 403, 201, 201, 201, 201)),
    ("GET /api/v1/persons/{person_id}", lambda w: f"/api/v1/persons/{w['person'].pk}", None,
     (401, 200, 200, 200, 404, 200)),
    ("PATCH /api/v1/persons/{person_id}", lambda w: f"/api/v1/persons/{w['person'].pk}",
     lambda w: {"summary": "updated", "version": w["person"].version},
     (401, 403, 200, 200, 404, 200)),
    ("GET /api/v1/persons/{person_id}/{kind}",
     lambda w: f"/api/v1/persons/{w['person'].pk}/custody", None, (401, 200, 200, 200, 404, 200)),
    ("POST /api/v1/persons/{person_id}/{kind}",
     lambda w: f"/api/v1/persons/{w['person'].pk}/conditions",
     lambda w: {"condition": w["condition_type"].pk, "started": "2022-01",
                "description": "x", "description_sensitivity": "restricted",
                "visibility": "organisation"},
     (401, 403, 201, 201, 404, 201)),
    ("GET /api/v1/persons/{person_id}/{kind}/{record_id}",
     lambda w: f"/api/v1/persons/{w['person'].pk}/custody/{w['custody'].pk}", None,
     (401, 200, 200, 200, 404, 200)),
    ("PATCH /api/v1/persons/{person_id}/{kind}/{record_id}",
     lambda w: f"/api/v1/persons/{w['person'].pk}/custody/{w['custody'].pk}",
     lambda w: {"notes": "moved", "version": w["custody"].version},
     (401, 403, 200, 200, 404, 200)),
    ("GET /api/v1/sources", lambda w: "/api/v1/sources", None, (401, 200, 200, 200, 200, 200)),
    ("POST /api/v1/sources", lambda w: "/api/v1/sources",
     lambda w: {"kind": "publication", "title": "New", "reliability": "high",
                "visibility": "organisation"},
     (401, 403, 201, 201, 201, 201)),
    ("GET /api/v1/sources/{source_id}", lambda w: f"/api/v1/sources/{w['source'].pk}", None,
     (401, 200, 200, 200, 404, 200)),
    ("PATCH /api/v1/sources/{source_id}", lambda w: f"/api/v1/sources/{w['source'].pk}",
     lambda w: {"publisher": "Viasna", "version": w["source"].version},
     (401, 403, 200, 200, 404, 200)),
]


# The permissions each route asks (`require` and `visible_or_404` in vigil.accounts.access), as
# the actors who get through see them; a route missing here fails test_every_route_says_...
SEE_PERSON, SEE_CUSTODY, SEE_SOURCE = "see person", "see custodyperiod", "see source"
ASKS = {
    "login": set(), "logout": set(), "set_language": set(), "person-list": set(),
    "person-create": {"may_create"}, "person-detail": {SEE_PERSON},
    "person-edit": {SEE_PERSON, "may_edit"}, "person-delete": {SEE_PERSON, "may_edit"},
    "person-history": {SEE_PERSON}, "record-create": {SEE_PERSON, "may_create"},
    "record-edit": {SEE_PERSON, SEE_CUSTODY, "may_edit"},
    "record-delete": {SEE_PERSON, SEE_CUSTODY, "may_edit"},
    "source-list": set(), "source-create": {"may_create"}, "source-detail": {SEE_SOURCE},
    "source-edit": {SEE_SOURCE, "may_edit"},
    "unsourced-records": {"is_member"}, "official-search": set(),
    "proposed-articles": {"may_review"},
    "article-decide": {"may_review"}, "deleted-records": {"may_restore"},
    "record-restore": {"may_restore"},
    "api-tokens": set(), "api-token-revoke": set(),
    "list-index": {"is_member"}, "list-import": {"may_import"},
    "list-import-confirm": {"see pendingimport", "may_import"},
    "list-import-mapping": {"see pendingimport", "may_import"},
    "list-import-fix": {"see pendingimport", "may_import"}, "list-import-template": {"is_member"},
    "list-import-job": {"is_member", "see importjob"}, "list-version": {"see listversion"},
    "list-compare": {"see listversion"}, "list-review": {"may_review"},
    "list-review-decide": {"see reviewpair", "may_review"},
    "list-review-decide-cluster": {"see reviewpair", "may_review"}, "list-merges": {"may_review"},
    "list-duplicates": {"may_create"}, "list-duplicates-search": {"may_create"},
    "list-merge-propose": {"may_create", "see person"},
    "list-merge-undo": {"see personmerge", "may_review"}, "list-decisions": {"may_review"},
    "list-name-only": {"may_review"}, "list-name-only-confirm": {"may_review"},
    "list-name-only-undo": {"see nameonlyconfirmation", "may_review"},
    "figures": set(), "figures-csv": set(), "figures-chart": set(),
    "figures-publish": {"may_publish"}, "release-list": set(), "release-detail": set(),
    "release-csv": set(),
    "second-factor": set(), "second-factor-enrol": set(), "second-factor-verify": set(),
    "second-factor-recovery-codes": set(), "password-change": set(),
    "organisation-security": {"may_administer"}, "member-reset-second-factor": {"may_administer"},
    "organisation-require-second-factor": {"may_administer"},
    "organisation-lockdown": {"may_administer"},
    "organisation-romanisation": {"may_administer"}, "healthz": set(),
    **dict.fromkeys(["public-home", "public-prisoners", "public-released", "public-memorial",
                     "public-person", "public-birthdays", "public-facilities", "public-figures",
                     "public-figure", "public-figure-csv", "public-figure-png", "public-data",
                     "public-data-file",
                     "public-feed", "public-person-feed", "reconcile", "reconcile-suggest",
                     "reconcile-propose", "reconcile-preview"], set()),
    "publication-pending": {"is_member"}, "person-publication": {SEE_PERSON},
    "read-audit": {"may_administer"}, "person-read-audit": {SEE_PERSON, "may_administer"},
    "GET /api/v1/openapi.json": set(), "GET /api/v1/docs": set(), "GET /api/v1/me": set(),
    "GET /api/v1/persons": set(), "POST /api/v1/persons": {"may_create"},
    "GET /api/v1/persons/{person_id}": {SEE_PERSON},
    "PATCH /api/v1/persons/{person_id}": {SEE_PERSON, "may_edit"},
    "GET /api/v1/persons/{person_id}/{kind}": {SEE_PERSON},
    "POST /api/v1/persons/{person_id}/{kind}": {SEE_PERSON, "may_create"},
    "GET /api/v1/persons/{person_id}/{kind}/{record_id}": {SEE_PERSON, SEE_CUSTODY},
    "PATCH /api/v1/persons/{person_id}/{kind}/{record_id}": {SEE_PERSON, SEE_CUSTODY,
                                                              "may_edit"},
    "GET /api/v1/sources": set(), "POST /api/v1/sources": {"may_create"},
    "GET /api/v1/sources/{source_id}": {SEE_SOURCE},
    "PATCH /api/v1/sources/{source_id}": {SEE_SOURCE, "may_edit"},
}
SEE_STATEMENT = "see statement"
ASKS.update({
    "statement-drafts": set(), "statement-new": {"may_create"},
    "statement-draft": {SEE_STATEMENT}, "statement-step": {SEE_STATEMENT},
    **dict.fromkeys(["statement-figures", "statement-mentions", "statement-check",
                     "statement-signatories"], {SEE_STATEMENT, "may_edit"}),
    **dict.fromkeys(["public-statements", "public-statements-feed", "public-statement",
                     "public-statement-pdf"], set()),
})


def check_asked(route, actor, status, asked):
    """A route asks only the permissions it documents, and all of them when it lets the
    actor through: a gate removed or added by mistake fails here, not only a status."""
    assert set(asked) <= ASKS[route], (route, actor, asked)
    if actor != "anonymous" and status < 400:
        assert set(asked) == ASKS[route], (route, actor, asked)


def web_client(client, world, actor):
    if actor != "anonymous":
        client.force_login(world["users"][actor])
    return client


def api_headers(world, actor):
    if actor == "anonymous":
        return {}
    _record, token = ApiToken.issue(world["users"][actor], "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def request_body(data, world):
    """A row's form data: fixed, or made from the world when it names its records."""
    return data(world) if callable(data) else data


@pytest.mark.django_db
@pytest.mark.parametrize("actor_index", range(len(ACTORS)), ids=ACTORS)
@pytest.mark.parametrize("row", WEB, ids=[row[0] for row in WEB])
def test_web_access(client, world, row, actor_index):
    name, method, path, data, expected = row
    client = web_client(client, world, ACTORS[actor_index])
    where = path(world)
    body = request_body(data, world)
    with recording_permissions() as asked:
        response = getattr(client, method)(where, body)
    assert response.status_code == expected[actor_index]
    check_asked(name, ACTORS[actor_index], response.status_code, asked)
    if response.status_code == LOGIN and ACTORS[actor_index] == "anonymous" and method == "get":
        wanted = "/en/" if name == "person-list" else "/login/"
        assert response["Location"].startswith(wanted)


@pytest.mark.django_db
@pytest.mark.parametrize("actor_index", range(len(ACTORS)), ids=ACTORS)
@pytest.mark.parametrize("row", API, ids=[row[0] for row in API])
def test_api_access(client, world, row, actor_index):
    route, path, body, expected = row
    method = route.split()[0].lower()
    headers = api_headers(world, ACTORS[actor_index])
    kwargs = {"content_type": "application/json", "data": json.dumps(body(world))} if body else {}
    where = path(world)
    with recording_permissions() as asked:
        response = getattr(client, method)(where, **kwargs, **headers)
    assert response.status_code == expected[actor_index], response.content[:300]
    check_asked(route, ACTORS[actor_index], response.status_code, asked)


@pytest.mark.django_db
def test_admin_shows_vocabularies_only_to_administrators(client, world):
    for actor, expected in [("viewer_a", 302), ("documenter_a", 302), ("admin_a", 200)]:
        client.force_login(world["users"][actor])
        assert client.get("/admin/registry/article/").status_code == expected, actor
    registered = {model._meta.model_name for model in
                  __import__("django.contrib.admin").contrib.admin.site._registry}
    assert not registered & {model._meta.model_name for model in m.RECORD_MODELS}


def web_route_names(patterns=None, prefix=""):
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in ("admin", "api"):
                continue  # the admin has its own test; the API is walked from its schema
            names |= web_route_names(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern):
            names.add(pattern.name)
    return names


def test_every_route_says_which_permissions_it_asks():
    assert set(ASKS) == {row[0] for row in WEB} | {row[0] for row in API}


def test_every_web_route_has_a_row():
    assert web_route_names() == {row[0] for row in WEB}


def test_every_api_route_has_a_row():
    schema = api.get_openapi_schema()
    routes = {f"{method.upper()} {path}" for path, ops in schema["paths"].items()
              for method in ops}
    assert routes | {"GET /api/v1/openapi.json", "GET /api/v1/docs"} == {row[0] for row in API}
