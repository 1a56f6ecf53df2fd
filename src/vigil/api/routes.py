"""The JSON API under /api/v1/: the registry's records, scoped exactly as the pages are.

Writes go through the same Django forms as the web interface, so a value refused on a page
is refused here with the same message, naming the field.
"""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms.models import model_to_dict
from django.http import Http404, JsonResponse
from django.urls import re_path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import Body, NinjaAPI, P, Path, Query, Router, Schema, Status
from ninja.errors import HttpError, ValidationError
from ninja.security import HttpBearer

from vigil.accounts.access import actor_of, require, visible_or_404
from vigil.accounts.models import ApiToken
from vigil.accounts.second_factor import may_use_api
from vigil.api.serialise import to_json
from vigil.registry import forms as f
from vigil.registry import models as m
from vigil.registry.disclosure import LinkCheck
from vigil.registry.search import matching_persons

logger = logging.getLogger(__name__)

MAX_PAGE = 500
MAX_OFFSET = 1_000_000_000
MAX_QUERY = 200
MAX_ID = 2**63 - 1  # the largest id a database row can have
JsonBody = Body[dict[str, Any]]  # the record's fields as on its page
Offset = Query[int, P(ge=0, le=MAX_OFFSET, description="records to skip")]
Limit = Query[int, P(ge=1, le=MAX_PAGE, description="records to return")]
# PostgreSQL refuses text holding NUL, so it is refused here, before it reaches a query.
SearchText = Query[str, P(max_length=MAX_QUERY, pattern=r"^[^\x00]*$",
                          description="any spelling of a name")]
RecordId = Path[int, P(ge=1, le=MAX_ID)]


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = (
            ApiToken.objects.select_related("user")
            .filter(digest=ApiToken.digest_of(token), user__is_active=True)
            .first()
        )
        if found is None or not may_use_api(found.user):
            return None  # a user who owes the second factor: their tokens wait for it
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user  # so history records who made the change
        return found.user


class VigilAPI(NinjaAPI):
    def _get_urls(self):
        # Last, so that it only answers paths no route matches (`/persons/abc`).
        return [*super()._get_urls(), re_path("", no_such_route, name="no-such-route")]


api = VigilAPI(
    title="Vigil API",
    version="1",
    description="Records of the Vigil registry. Authenticate with `Authorization: Bearer "
    "<token>` (create tokens on the API tokens page or with `vigil token`).",
    auth=TokenAuth(),
    urls_namespace="api",
)


class Problem(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class Page(Schema):
    count: int
    results: list[dict[str, Any]]


ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem}


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": "Your role may not do this."}, status=403)
@api.exception_handler(Exception)
def server_error(request, exc):
    """A bug answers JSON too; the traceback goes to the log, never to the client."""
    logger.exception("API error on %s %s", request.method, request.path)
    return api.create_response(
        request, {"detail": _("The server failed to answer; the error was logged.")}, status=500
    )


@api.exception_handler(HttpError)
def http_error(request, exc):
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


class Refused(Exception):
    def __init__(self, errors):
        self.errors = errors


class BadParameters(Refused):
    """Query, path or body parameters the operation does not take as sent."""


def refusal(request, detail: str, errors: dict[str, list[str]]):
    """A 422 naming every refused field or parameter, in the shape of `Problem`."""
    fields = ", ".join(sorted(errors))
    return api.create_response(
        request, {"detail": detail % {"fields": fields}, "errors": errors}, status=422
    )


@api.exception_handler(Refused)
def refused(request, exc):
    return refusal(request, _("Nothing was saved; check: %(fields)s."), exc.errors)


@api.exception_handler(BadParameters)
def bad_parameters(request, exc):
    return refusal(request, _("The request was refused; check: %(fields)s."), exc.errors)


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc):
    """Parameters the schema refuses, named as sent: `limit`, `person_id`, or `body`."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location, *path = error["loc"]
        if location == "body":
            path = path[1:]  # the first step is the view's argument, not the client's field
        name = ".".join(str(step) for step in path) or str(location)
        errors.setdefault(name, []).append(error["msg"])
    return bad_parameters(request, BadParameters(errors))


def only_parameters(request, *known: str):
    """A misspelt parameter (`limt=5`) is refused, not silently ignored."""
    unknown = sorted(set(request.GET) - set(known))
    if unknown:
        raise BadParameters({name: [_("This operation takes no such parameter.")]
                             for name in unknown})


@csrf_exempt  # it changes nothing, and a POST to a wrong path deserves JSON too
def no_such_route(request):
    """Every path under /api/v1/ answers JSON, also one that matches no route."""
    return JsonResponse({"detail": _("No such route in the API.")}, status=404)


@api.exception_handler(m.VersionConflict)
def conflict(request, exc):
    return api.create_response(request, {
        "detail": "The record was changed by someone else since the version you sent; "
        "nothing was saved. Fetch it again and re-apply your change."
    }, status=409)


def write(form, request, actor, record=None):
    """Validate and save through the page's form; 422 names every refused field."""
    if not form.is_valid():
        raise Refused({field: [str(e) for e in errs] for field, errs in form.errors.items()})
    owner = record.organisation_id if record else actor.organisation_id
    with transaction.atomic():
        return form.save_record(request.auth, owner)


def form_data(form_class, payload: dict, record=None) -> dict:
    """Form data from a JSON body; a PATCH keeps the record's values for fields it omits."""
    data = {}
    if record is not None:
        if "version" not in payload:
            raise Refused({"version": ["Send the version you read, so that nobody's change "
                                       "is overwritten unseen."]})
        data = model_to_dict(record, fields=form_class.Meta.fields)
        data.update({name: str(record.partial(name) or "") for name in form_class.partial_dates})
        data = {name: _as_form_value(value) for name, value in data.items()}
    data.update({name: "" if value is None else value for name, value in payload.items()})
    return data


def _as_form_value(value):
    if isinstance(value, list):
        return [getattr(item, "pk", item) for item in value]
    return "" if value is None else value


persons = Router(tags=["persons"])


@persons.get("", response={200: Page, **ERRORS}, summary="List persons")
def list_persons(request, q: SearchText = "", offset: Offset = 0, limit: Limit = 100):
    """Persons you may see; `q` finds a person from any spelling of their name."""
    only_parameters(request, "q", "offset", "limit")
    actor = actor_of(request)
    found = m.Person.objects.for_actor(actor)
    if q:
        found = matching_persons(found, actor, q)
    found = found.order_by("pk").select_related("organisation").prefetch_related("occupations")
    return {"count": found.count(),
            "results": [to_json(p, actor) for p in found[offset:offset + limit]]}


@persons.get("/{int:person_id}", response={200: dict[str, Any], **ERRORS},
             summary="Read a person")
def read_person(request, person_id: RecordId):
    actor = actor_of(request)
    person = visible_or_404(m.Person, actor, person_id)
    data = to_json(person, actor)
    data["names"] = [to_json(n, actor) for n in
                     m.NameVariant.objects.for_actor(actor).filter(person=person)]
    return data


@persons.post("", response={201: dict[str, Any], **ERRORS}, summary="Create a person")
def create_person(request, payload: JsonBody):
    """Fields as on the page; `primary_name` is required and `birth_date` may be partial."""
    actor = actor_of(request)
    require(actor, "may_create")
    form = f.PersonForm(form_data(f.PersonForm, payload), actor=actor)
    person = write(form, request, actor)
    return Status(201, to_json(person, actor))


@persons.patch("/{int:person_id}", response={200: dict[str, Any], **ERRORS},
               summary="Update a person")
def update_person(request, person_id: RecordId, payload: JsonBody):
    """Send the `version` you read; a newer version on the server answers 409."""
    actor = actor_of(request)
    person = visible_or_404(m.Person, actor, person_id)
    require(actor, "may_edit", person.organisation_id)
    form = f.PersonForm(form_data(f.PersonForm, payload, person), instance=person, actor=actor)
    return to_json(write(form, request, actor, person), actor)


KINDS = {
    "names": "name", "affiliations": "affiliation", "cases": "case", "custody": "custody",
    "placements": "placement", "recognitions": "recognition", "conditions": "condition",
}


def form_of(kind: str):
    if kind not in KINDS:
        raise HttpError(404, f"Unknown kind of record {kind!r}; use one of {sorted(KINDS)}.")
    return f.PERSON_RECORD_FORMS[KINDS[kind]]


def of_person(kind: str, person_id: int) -> dict:
    return {"custody__person": person_id} if kind == "placements" else {"person": person_id}


@persons.get("/{int:person_id}/{kind}", response={200: Page, **ERRORS},
             summary="List one kind of record of a person")
def list_records(request, person_id: RecordId, kind: str):
    """`kind` is one of names, affiliations, cases, custody, placements, recognitions,
    conditions."""
    actor = actor_of(request)
    visible_or_404(m.Person, actor, person_id)
    model = form_of(kind).Meta.model
    records = model.objects.for_actor(actor).filter(**of_person(kind, person_id)).select_related(
        "organisation"
    )
    links = LinkCheck(actor)  # one look-up per linked record, however many records link it
    return {"count": records.count(), "results": [to_json(r, actor, links) for r in records]}


@persons.post("/{int:person_id}/{kind}", response={201: dict[str, Any], **ERRORS},
              summary="Add a record to a person")
def create_record(request, person_id: RecordId, kind: str, payload: JsonBody):
    actor = actor_of(request)
    person = visible_or_404(m.Person, actor, person_id)
    require(actor, "may_create")
    form_class = form_of(kind)
    form = form_class(form_data(form_class, payload), actor=actor, person=person)
    return Status(201, to_json(write(form, request, actor), actor))


@persons.get("/{int:person_id}/{kind}/{int:record_id}", response={200: dict[str, Any], **ERRORS},
             summary="Read one record of a person")
def read_record(request, person_id: RecordId, kind: str, record_id: RecordId):
    actor = actor_of(request)
    visible_or_404(m.Person, actor, person_id)
    model = form_of(kind).Meta.model
    return to_json(visible_or_404(model, actor, record_id, **of_person(kind, person_id)), actor)


@persons.patch("/{int:person_id}/{kind}/{int:record_id}",
               response={200: dict[str, Any], **ERRORS}, summary="Update one record of a person")
def update_record(request, person_id: RecordId, kind: str, record_id: RecordId,
                  payload: JsonBody):
    actor = actor_of(request)
    person = visible_or_404(m.Person, actor, person_id)
    form_class = form_of(kind)
    record = visible_or_404(form_class.Meta.model, actor, record_id, **of_person(kind, person_id))
    require(actor, "may_edit", record.organisation_id)
    form = form_class(form_data(form_class, payload, record), instance=record, actor=actor,
                      person=person)
    return to_json(write(form, request, actor, record), actor)


sources = Router(tags=["sources"])


@sources.get("", response={200: Page, **ERRORS}, summary="List sources")
def list_sources(request, offset: Offset = 0, limit: Limit = 100):
    only_parameters(request, "offset", "limit")
    actor = actor_of(request)
    found = m.Source.objects.for_actor(actor).select_related("organisation").order_by("pk")
    return {"count": found.count(),
            "results": [to_json(s, actor) for s in found[offset:offset + limit]]}


@sources.get("/{int:source_id}", response={200: dict[str, Any], **ERRORS},
             summary="Read a source")
def read_source(request, source_id: RecordId):
    actor = actor_of(request)
    return to_json(visible_or_404(m.Source, actor, source_id), actor)


@sources.post("", response={201: dict[str, Any], **ERRORS}, summary="Create a source")
def create_source(request, payload: JsonBody):
    actor = actor_of(request)
    require(actor, "may_create")
    form = f.SourceForm(form_data(f.SourceForm, payload), actor=actor)
    return Status(201, to_json(write(form, request, actor), actor))


@sources.patch("/{int:source_id}", response={200: dict[str, Any], **ERRORS},
               summary="Update a source")
def update_source(request, source_id: RecordId, payload: JsonBody):
    actor = actor_of(request)
    source = visible_or_404(m.Source, actor, source_id)
    require(actor, "may_edit", source.organisation_id)
    form = f.SourceForm(form_data(f.SourceForm, payload, source), instance=source, actor=actor)
    return to_json(write(form, request, actor, source), actor)


class Me(Schema):
    username: str
    organisation: str | None
    role: str | None


@api.get("/me", response={200: Me, 401: Problem}, tags=["account"], summary="Who am I")
def me(request):
    membership = getattr(request.auth, "membership", None)
    return {
        "username": request.auth.get_username(),
        "organisation": membership.organisation.slug if membership else None,
        "role": membership.role if membership else None,
    }


api.add_router("/persons", persons)
api.add_router("/sources", sources)
