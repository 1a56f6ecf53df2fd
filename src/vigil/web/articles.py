"""Articles proposed from the case form, for a reviewer of the proposing organisation to
confirm into the vocabulary (or to withdraw while no case cites them)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vigil.accounts.access import actor_of, require
from vigil.registry import models as m


def proposals_of(actor):
    return m.Article.objects.filter(confirmed=False,
                                    proposed_by_organisation_id=actor.organisation_id)


@login_required
def proposed_articles(request):
    actor = actor_of(request)
    require(actor, "may_review")
    proposals = proposals_of(actor).select_related("proposed_by")
    return render(request, "vigil/proposed_articles.html", {"proposals": proposals})


@login_required
@require_POST
def decide_article(request, article_pk):
    actor = actor_of(request)
    require(actor, "may_review")
    article = proposals_of(actor).filter(pk=article_pk).first()
    if article is None:
        raise Http404
    if request.POST.get("decision") == "confirm":
        article.confirmed, article.confirmed_by = True, request.user
        article.save(update_fields=["confirmed", "confirmed_by"])
        messages.success(request, _("%(article)s is now in the list of articles.")
                         % {"article": article.label})
    elif m.Case.charges.through.objects.filter(article=article).exists():
        messages.error(request, _("%(article)s is cited by a case: change the case's charges "
                                  "first, or confirm it.") % {"article": article.label})
    else:
        article.delete()
        messages.success(request, _("The proposal was withdrawn."))
    return redirect("proposed-articles")
