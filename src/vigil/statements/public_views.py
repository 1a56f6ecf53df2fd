"""The public statements: a list, each statement's page in each language, its PDF and an Atom
feed. Every number is the one frozen in a release at publication; every person named links to
the public registry and shows only public facts (the public projection), and only when the
person is published and may be named."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vigil.accounts.actors import ANONYMOUS
from vigil.public.feeds import tag_uri
from vigil.public.names import names_for, site_romanisation
from vigil.public.views import public_page, public_timeline, shown_persons
from vigil.registry.timeline import PersonRecords
from vigil.statements import service
from vigil.statements.models import LANGUAGES, Statement
from vigil.statements.text import plain
from vigil.statements.text import render as render_text


def public_statements():
    return Statement.objects.public().select_related("author")


def statement_named(slug: str) -> Statement:
    statement = public_statements().filter(slug=slug).first()
    if statement is None:
        raise Http404
    return statement


@dataclass
class Named:
    key: str
    name: object  # a ShownName
    slug: str
    facts: list


def named_in(statement: Statement, language: str) -> dict[str, Named]:
    """The statement's mentions of persons the public registry names, with their public
    facts; a mention of anyone else is shown as the name the text wrote, without a link."""
    mentions = list(statement.mentions.all())
    persons = shown_persons([x.person_id for x in mentions])
    named = {}
    romanisation = site_romanisation()
    for mention in mentions:
        person = persons.get(mention.person_id)
        if person is None:
            continue
        name, _others = names_for(list(person.names.all()), language, romanisation)
        facts = public_timeline(PersonRecords.load(person, ANONYMOUS))
        named[mention.key] = Named(mention.key, name, person.publication.slug, facts)
    return named


def statement_context(statement: Statement, language: str, with_now: bool = True) -> dict:
    figures = service.live_figures(statement)
    named = named_in(statement, language)
    numbers = {key: (f.shown(language), f"#figure-{key}") for key, f in figures.items()}
    people = {key: reverse("public-person", args=[n.slug]) for key, n in named.items()}
    body = statement.body_in(language)
    return {
        "statement": statement,
        "title": statement.title_in(language),
        "language": language if getattr(statement, f"body_{language}") else "en",
        "html": render_text(body, numbers, people),
        "figures": [(f, f.shown(language), service.count_now(f.figure) if with_now else None)
                    for f in figures.values()],
        "named": named.values(),
        "signatories": statement.signatories.filter(signed_at__isnull=False).select_related(
            "organisation"),
        "revisions": [(r, render_text(r.texts.get(f"body_{language}") or r.texts.get(
            "body_en", ""), numbers, people)) for r in statement.revisions.all()],
        "languages": [lang for lang in LANGUAGES if getattr(statement, f"body_{lang}")],
    }


@public_page
def statement_list(request):
    language = get_language() or "en"
    rows = [(s, s.title_in(language)) for s in public_statements()]
    return render(request, "statements/public_list.html", {"rows": rows})


@public_page
def statement_page(request, slug: str):
    statement = statement_named(slug)
    return render(request, "statements/public_detail.html",
                  statement_context(statement, get_language() or "en"))


def statement_pdf(request, slug: str):
    """The same text as a PDF, by WeasyPrint (it needs Pango; without it, 503 says so)."""
    statement = statement_named(slug)
    try:
        from weasyprint import HTML
    except OSError as exc:  # the system's Pango library is missing
        return HttpResponse(_("The PDF cannot be made on this server: %(error)s")
                            % {"error": exc}, status=503,
                            content_type="text/plain; charset=utf-8")
    html = render_to_string("statements/public_pdf.html",
                            statement_context(statement, get_language() or "en", False),
                            request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="vigil-statement-{slug}.pdf"'
    return response


class StableAtomFeed(Atom1Feed):
    """An Atom feed whose `updated` is its newest entry's, and a fixed day when it has none
    (Django's default, the current time, would make two static exports differ)."""

    def latest_post_date(self):
        if not any(item.get("updateddate") or item.get("pubdate") for item in self.items):
            return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
        return super().latest_post_date()


class StatementFeed(Feed):
    """The public statements, newest first (corrections and withdrawals update an entry)."""

    feed_type = StableAtomFeed
    author_name = "Vigil"
    item_guid_is_permalink = False

    def title(self):
        return _("Joint statements")

    def link(self):
        return reverse("public-statements")

    def feed_guid(self):
        return tag_uri(f"feed/{get_language()}/statements")

    def items(self):
        return list(public_statements().order_by("-published_at", "-pk")[:50])

    def item_title(self, statement):
        title = statement.title_in(get_language() or "en")
        return f"{title} ({statement.get_status_display()})" if statement.status_note else title

    def item_description(self, statement):
        language = get_language() or "en"
        numbers = {k: f.shown(language) for k, f in service.live_figures(statement).items()}
        text = plain(statement.body_in(language), numbers)
        summary = text[:500] + ("…" if len(text) > 500 else "")
        return f"{statement.status_note}\n\n{summary}" if statement.status_note else summary

    def item_link(self, statement):
        return reverse("public-statement", args=[statement.slug])

    def item_guid(self, statement):
        return tag_uri(f"statement/{statement.pk}")

    def item_updateddate(self, statement):
        return statement.status_changed_at or statement.published_at

    def item_pubdate(self, statement):
        return statement.published_at
