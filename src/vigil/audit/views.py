"""The read audit of an organisation, for its administrators only."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from vigil.accounts.access import actor_of, require, visible_or_404
from vigil.audit.models import ReadEvent
from vigil.registry import models as m

PAGE_SIZE = 100


@login_required
def read_log(request):
    actor = actor_of(request)
    require(actor, "may_administer")
    return _page(request, ReadEvent.objects.filter(owner_id=actor.organisation_id), None)


@login_required
def person_read_log(request, pk):
    actor = actor_of(request)
    person = visible_or_404(m.Person, actor, pk)
    require(actor, "may_administer")
    if person.organisation_id != actor.organisation_id:
        raise PermissionDenied
    return _page(request, ReadEvent.objects.filter(owner_id=actor.organisation_id,
                                                   person_id=person.pk), person)


def _page(request, events, person):
    events = events.select_related("user").order_by("-at", "-pk")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/read_log.html", {"page": page, "person": person})
