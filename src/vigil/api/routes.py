"""The JSON API under /api/v1/: the registry's records, scoped exactly as the pages are.

Writes go through the same Django forms as the web interface, so a value refused on a page
is refused here with the same message, naming the field.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms.models import model_to_dict
from django.http import Http404
from django.utils import timezone
from ninja import Body, NinjaAPI, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import HttpBearer

from vigil.accounts.access import actor_of, require, visible_or_404
from vigil.accounts.models import ApiToken
from vigil.accounts.second_factor import may_use_api
from vigil.api.serialise import to_json
from vigil.registry import forms as f
from vigil.registry import models as m
from vigil.registry.disclosure import LinkCheck
from vigil.registry.search import matching_persons

MAX_PAGE = 500
JsonBody = Body[dict[str, Any]]  # the record's fields as on its page


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


api = NinjaAPI(
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


ERRORS = {401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem}


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": "Your role may not do this."}, status=403)


@api.exception_handler(HttpError)
def http_error(request, exc):
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


class Refused(Exception):
    def __init__(self, errors):
        self.errors = errors


@api.exception_handler(Refused)
def refused(request, exc):
    fields = ", ".join(sorted(exc.errors))
    return api.create_response(
        request, {"detail": f"Nothing was saved; check: {fields}.", "errors": exc.errors},
        status=422,
    )


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
def list_persons(request, q: str = "", offset: int = 0, limit: int = 100):
    """Persons you may see; `q` finds a person from any spelling of their name."""
    actor = actor_of(request)
    if offset < 0 or not 1 <= limit <= MAX_PAGE:
        raise HttpError(422, f"offset must be ≥ 0 and limit between 1 and {MAX_PAGE}")
    found = m.Person.objects.for_actor(actor)
    if q:
        found = matching_persons(found, actor, q)
    found = found.order_by("pk").select_related("organisation").prefetch_related("occupations")
    return {"count": found.count(),
            "results": [to_json(p, actor) for p in found[offset:offset + limit]]}


@persons.get("/{int:person_id}", response={200: dict[str, Any], **ERRORS},
             summary="Read a person")
def read_person(request, person_id: int):
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
def update_person(request, person_id: int, payload: JsonBody):
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
def list_records(request, person_id: int, kind: str):
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
def create_record(request, person_id: int, kind: str, payload: JsonBody):
    actor = actor_of(request)
    person = visible_or_404(m.Person, actor, person_id)
    require(actor, "may_create")
    form_class = form_of(kind)
    form = form_class(form_data(form_class, payload), actor=actor, person=person)
    return Status(201, to_json(write(form, request, actor), actor))


@persons.get("/{int:person_id}/{kind}/{int:record_id}", response={200: dict[str, Any], **ERRORS},
             summary="Read one record of a person")
def read_record(request, person_id: int, kind: str, record_id: int):
    actor = actor_of(request)
    visible_or_404(m.Person, actor, person_id)
    model = form_of(kind).Meta.model
    return to_json(visible_or_404(model, actor, record_id, **of_person(kind, person_id)), actor)


@persons.patch("/{int:person_id}/{kind}/{int:record_id}",
               response={200: dict[str, Any], **ERRORS}, summary="Update one record of a person")
def update_record(request, person_id: int, kind: str, record_id: int, payload: JsonBody):
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
def list_sources(request, offset: int = 0, limit: int = 100):
    actor = actor_of(request)
    if offset < 0 or not 1 <= limit <= MAX_PAGE:
        raise HttpError(422, f"offset must be ≥ 0 and limit between 1 and {MAX_PAGE}")
    found = m.Source.objects.for_actor(actor).select_related("organisation").order_by("pk")
    return {"count": found.count(),
            "results": [to_json(s, actor) for s in found[offset:offset + limit]]}


@sources.get("/{int:source_id}", response={200: dict[str, Any], **ERRORS},
             summary="Read a source")
def read_source(request, source_id: int):
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
def update_source(request, source_id: int, payload: JsonBody):
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
