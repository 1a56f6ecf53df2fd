"""HTTP side of the reconciliation service (`vigil.public.reconcile`): the manifest, batch
queries, suggest, preview and extend, as OpenRefine calls them. Anonymous and read-only, so
cross-origin requests are allowed (CORS) and no CSRF token is asked for."""

from __future__ import annotations

import json
from functools import wraps

from csp.decorators import csp_replace
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt

from vigil.public import reconcile as service
from vigil.public.names import names_for, site_romanisation
from vigil.publishing.projection import named_persons


def cross_origin(view):
    """Answer any origin (the 1.0 draft makes CORS mandatory); preflight requests too."""
    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
        else:
            try:
                response = view(request, *args, **kwargs)
            except service.BadRequest as error:
                response = JsonResponse({"error": str(error)}, status=400)
            except Http404:  # CORS on every answer, errors too (0.2 § "Cross-Origin Access")
                response = JsonResponse({"error": _("not found")}, status=404)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Content-Type"
        return response
    return wrapped


def _param(request, name: str) -> str:
    return request.POST.get(name) or request.GET.get(name) or ""


def manifest(request) -> dict:
    base = request.build_absolute_uri(reverse("reconcile"))
    person_page = request.build_absolute_uri("/en/prisoners/")
    return {
        "versions": ["0.2"],
        "name": _("Vigil public registry of political prisoners"),
        "identifierSpace": person_page,
        "schemaSpace": base + "schema/",
        "defaultTypes": [service.PERSON_TYPE],
        "documentation": request.build_absolute_uri("/en/"),
        "view": {"url": person_page + "{{id}}/"},
        "preview": {"url": base + "preview?id={{id}}", "width": 400, "height": 160},
        "suggest": {"entity": {"service_url": base.rstrip("/"),
                               "service_path": "/suggest/entity"}},
        "extend": {
            "propose_properties": {"service_url": base.rstrip("/"),
                                   "service_path": "/extend/propose"},
            "property_settings": [],
        },
    }


@cross_origin
def endpoint(request):
    """The manifest, or the answers to a batch of queries (`queries`) or an extension
    (`extend`)."""
    if _param(request, "queries"):
        queries = service.parse_queries(_param(request, "queries"))
        return JsonResponse({key: {"result": service.reconcile(q)}
                             for key, q in queries.items()})
    if _param(request, "extend"):
        return JsonResponse(extension(_param(request, "extend")))
    return JsonResponse(manifest(request))


def extension(raw: str) -> dict:
    try:
        asked = json.loads(raw)
    except (ValueError, RecursionError):
        raise service.BadRequest(_("extend: not valid JSON.")) from None
    if not isinstance(asked, dict) or not isinstance(asked.get("ids"), list) \
            or not isinstance(asked.get("properties"), list):
        raise service.BadRequest(_("extend: give an object with \"ids\" and \"properties\"."))
    ids = [str(i) for i in asked["ids"]]
    properties = [p.get("id") if isinstance(p, dict) else p for p in asked["properties"]]
    return service.extend(ids, [str(p) for p in properties])


def _count(request, name: str, default: int | None) -> int | None:
    """A whole-number query parameter, or `default` when it is missing or not one."""
    text = request.GET.get(name, "")
    return int(text) if text.isdigit() else default


@cross_origin
def suggest_entity(request):
    limit = _count(request, "limit", 0)
    limit = min(limit, service.MAX_LIMIT) if limit else service.DEFAULT_LIMIT
    cursor = min(_count(request, "cursor", 0), service.CANDIDATES)
    return JsonResponse({"result": service.suggest(request.GET.get("prefix", ""), limit,
                                                   cursor)})


@cross_origin
def propose_properties(request):
    """The properties `extend` can fetch (0.2 § "Data Extension Property Proposals"): the
    type asked for is echoed, and so is `limit`, which caps the list."""
    properties = [{"id": k, "name": v} for k, v in service.EXTEND_PROPERTIES.items()]
    answer = {"type": request.GET.get("type", service.PERSON_TYPE["id"])}
    limit = _count(request, "limit", None)
    if limit is not None:
        properties, answer["limit"] = properties[:limit], limit
    return JsonResponse({**answer, "properties": properties})


@cross_origin
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def preview(request):
    """A card OpenRefine shows in a frame of its own page, so framing is allowed here."""
    person = service.with_public_names(named_persons().filter(
        publication__slug=request.GET.get("id", ""))).first()
    if person is None:
        raise Http404
    name, others = names_for(list(person.names.all()), "en", site_romanisation())
    return render(request, "public/reconcile_preview.html", {
        "person": person, "name": name, "others": others,
        "description": service.describe(person),
    })
