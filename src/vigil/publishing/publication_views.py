"""Publishing a person, from the documenter's side: the state of a person's publication and
the steps the viewer may take, and the proposals awaiting a second person's confirmation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vigil.accounts.access import actor_of, require, visible_or_404
from vigil.publishing import publication as steps
from vigil.publishing.models import PersonPublication
from vigil.registry import models as m
from vigil.web.views import visible_names


@login_required
def person_publication(request, pk):
    actor = actor_of(request)
    person = visible_or_404(m.Person, actor, pk)
    publication = PersonPublication.objects.filter(person=person).first()
    if request.method == "POST":
        return _take_step(request, actor, person, publication)
    return render(request, "publishing/publication.html", {
        "person": person,
        "publication": publication,
        "may_propose": steps.may_propose(actor, person),
        "may_confirm": steps.may_confirm(actor, person),
        "record_is_public": person.visibility == m.Visibility.PUBLIC,
    })


def _take_step(request, actor, person, publication):
    step = request.POST.get("step")
    try:
        if step == "propose":
            steps.propose(person, request.user, actor,
                          name_withheld=request.POST.get("name_withheld") == "on")
            messages.success(request, _("Publication proposed: another reviewer or "
                                        "administrator must confirm it."))
        elif step in ("confirm", "withdraw") and publication is not None:
            getattr(steps, step)(publication, request.user, actor)
            messages.success(request, _("Published.") if step == "confirm"
                             else _("Withdrawn from the public registry."))
        else:
            messages.error(request, _("Unknown step: %(step)s.") % {"step": step or "—"})
    except steps.PublicationError as error:
        messages.error(request, str(error))
    return redirect("person-publication", pk=person.pk)


@login_required
def pending_publications(request):
    actor = actor_of(request)
    require(actor, "is_member")
    pending = PersonPublication.objects.filter(
        person__in=m.Person.objects.for_actor(actor).filter(organisation_id=actor.organisation_id),
        confirmed_at__isnull=True, withdrawn_at__isnull=True,
    ).select_related("person", "proposed_by").prefetch_related(
        Prefetch("person__names", queryset=visible_names(actor).queryset),
    ).order_by("proposed_at", "pk")
    return render(request, "publishing/publication_pending.html", {"pending": pending})

