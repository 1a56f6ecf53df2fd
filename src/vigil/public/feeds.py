"""Atom feeds (RFC 4287) of the public events, through Django's syndication framework: all
events, the events of the persons one list of the public site shows (the same filters), and
one person's. Entry ids are `tag:` URIs (RFC 4151) built from the record and what happened,
so they never change; `updated` is when the record was last changed.

A Feed instance serves every request (and several threads), so nothing of a request is kept
on it: `get_object` returns what the request asked for and entries carry their own names."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vigil.public.events import Event, public_events
from vigil.public.names import ShownName, names_for, site_romanisation
from vigil.public.registry import STATES, PublicDay, today
from vigil.public.views import named_events, shown_persons
from vigil.publishing.models import PersonPublication
from vigil.publishing.projection import named_persons

ENTRIES = 50


def tag_uri(specific: str) -> str:
    return f"tag:{settings.VIGIL_TAG_AUTHORITY},2026:{specific}"


@dataclass(frozen=True)
class Asked:
    """What one request asked for: the persons (None: every named person) and, for a
    person's feed, that person's publication."""

    person_ids: list[int] | None
    publication: PersonPublication | None = None


@dataclass(frozen=True)
class Entry:
    event: Event
    name: ShownName | None
    slug: str

    @property
    def title(self) -> str:
        detail = f" ({self.event.detail})" if self.event.detail else ""
        return f"{self.event.label}{detail}: {self.name.text if self.name else ''}"


def entries(person_ids) -> list[Entry]:
    return [Entry(*named) for named in named_events(public_events(person_ids, limit=ENTRIES))]


class EventFeed(Feed):
    feed_type = Atom1Feed
    author_name = "Vigil"
    item_guid_is_permalink = False

    def get_object(self, request, *args, **kwargs):
        state = request.GET.get("state", "")
        if not state:
            return Asked(None)
        if state not in STATES:
            raise Http404(_("state: choose one of %(states)s.") % {"states": ", ".join(STATES)})
        return Asked(PublicDay.of(today()).select(state, request.GET))

    def title(self, asked):
        return _("Political prisoners: latest events")

    def link(self, asked):
        return reverse("public-home")

    def feed_guid(self, asked):
        return tag_uri(f"feed/{get_language()}/events")

    def items(self, asked):
        return entries(asked.person_ids)

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        return f"{entry.event.day.isoformat()} · {entry.title}"

    def item_link(self, entry):
        return reverse("public-person", args=[entry.slug])

    def item_guid(self, entry):
        return tag_uri(f"event/{entry.event.key}")

    def item_updateddate(self, entry):
        return entry.event.updated

    def item_pubdate(self, entry):
        return entry.event.updated


class PersonFeed(EventFeed):
    def get_object(self, request, slug):
        publication = PersonPublication.objects.filter(slug=slug).first()
        if publication is None or not named_persons().filter(pk=publication.person_id).exists():
            raise Http404
        return Asked([publication.person_id], publication)

    def title(self, asked):
        person = shown_persons([asked.publication.person_id])[asked.publication.person_id]
        name, _others = names_for(list(person.names.all()), get_language() or "en",
                                  site_romanisation())
        return _("Events: %(name)s") % {"name": name.text if name else asked.publication.slug}

    def link(self, asked):
        return reverse("public-person", args=[asked.publication.slug])

    def feed_guid(self, asked):
        return tag_uri(f"feed/{get_language()}/person/{asked.publication.slug}")
