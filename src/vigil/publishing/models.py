"""Frozen releases: a published figure with its definition, result and the persons behind it.

A release never changes after it is written (DESIGN §3.4): later corrections to the records,
such as detentions learned late and back-dated, change what the same definition counts today,
and the release page shows that difference, but never the release itself. There is no edit
route and no delete; `save()` refuses to overwrite and `delete()` refuses outright.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vigil.figures import FigureDefinition, Kind


class ReleaseIsFrozen(Exception):
    """A release was about to be changed or deleted."""


class ReleaseQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ReleaseIsFrozen("releases are immutable")

    def delete(self):
        raise ReleaseIsFrozen("releases are never deleted")


class Scope(models.TextChoices):
    ORGANISATION = "organisation", _("records visible to the publishing organisation")
    REGISTRY = "registry", _("the whole registry")


class Release(models.Model):
    slug = models.CharField(_("release"), max_length=200, unique=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="releases",
        verbose_name=_("published by"),
    )
    scope = models.CharField(_("counted over"), max_length=20, choices=Scope.choices)
    definition = models.JSONField(_("definition"))
    count = models.PositiveIntegerField(_("count"))
    citation = models.TextField(_("citation"))
    breakdown = models.JSONField(_("breakdown"), null=True, blank=True)
    person_ids = models.JSONField(_("persons counted"), default=list)
    reported_apart = models.JSONField(_("reported apart"), default=dict)
    notes = models.JSONField(_("notes"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("release")

    def __str__(self) -> str:
        return self.slug

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ReleaseIsFrozen(f"release {self.slug} is frozen")
        self.person_ids = sorted(self.person_ids)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ReleaseIsFrozen(f"release {self.slug} is never deleted")

    @property
    def full_citation(self) -> str:
        return f"Vigil release {self.slug}: {self.citation}"

    @property
    def reader_citation(self) -> str:
        """The citation in the reader's language (the stored one is English, as published)."""
        from vigil.publishing.labels import reader_citation

        return reader_citation(self.figure_definition())

    @property
    def full_reader_citation(self) -> str:
        return gettext("Vigil release %(slug)s: %(citation)s") % {
            "slug": self.slug, "citation": self.reader_citation}

    def figure_definition(self) -> FigureDefinition:
        """The definition again, to count it today."""
        d = self.definition
        day = lambda key: dt.date.fromisoformat(d[key]) if d.get(key) else None  # noqa: E731
        return FigureDefinition(
            d["kind"], as_of=day("as_of"), start=day("from"), end=day("to"),
            recognised_by=tuple(d.get("recognised_by", ())), match=d.get("match", "any"),
            where={k: tuple(v) for k, v in d.get("where", {}).items()},
            custody_kinds=d.get("custody_kinds"), timezone=d["timezone"],
        )

    @property
    def breakdown_field(self) -> str | None:
        return (self.breakdown or {}).get("field")


def release_slug_base(definition: FigureDefinition) -> str:
    """The readable part of a release's slug: "2023-04-30/viasna-stock"."""
    if definition.kind is Kind.DURING:
        day = f"{definition.start.isoformat()}_{definition.end.isoformat()}"
    else:
        day = definition.as_of.isoformat()
    words = ["-".join(definition.recognised_by) or "all", str(definition.kind)]
    words += [v for _, values in definition.where for v in values]
    name = slugify("-".join(words))[:120].strip("-")
    return f"{day}/{name}"


def release_slug(definition: FigureDefinition) -> str:
    """A stable, readable slug: "2023-04-30/viasna-stock", "2022-01-01_2022-12-31/viasna-
    during-culture"; a number is added when the slug is taken."""
    base = release_slug_base(definition)
    slug, n = base, 1
    while Release.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class RegistryChange(models.Model):
    """One row whose `token` database triggers replace with a random one whenever a table the
    figures read is written (INSERT, UPDATE, DELETE, TRUNCATE; see migration 0002), however it
    is written: a form, the API, an import, `update()`, raw SQL or another process. A figure's
    loaded registry is kept under the token it was loaded with (`publishing.population`), so a
    new token means "load again". Random, not a counter: a rolled-back write restores the old
    token together with the old rows, and no two states of the registry share a token."""

    token = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.token


class PersonPublication(models.Model):
    """An organisation's decision to publish one of its persons (DESIGN §8).

    A documenter proposes it; a reviewer or administrator other than the proposer confirms it
    (two people, so that no one publishes a person alone); withdrawing it takes the person off
    every public output at once and can be undone by proposing again. A person whose family
    asked that the name be withheld is published with `name_withheld`: counted in the public
    figures, never named nor given a page. The slug is chosen once and never changes, so
    public links stay stable (a merged person's slug redirects to the survivor's page).
    """

    person = models.OneToOneField("registry.Person", on_delete=models.CASCADE,
                                  related_name="publication")
    slug = models.SlugField(_("public address"), max_length=120, unique=True)
    name_withheld = models.BooleanField(
        _("name withheld at the family's request"), default=False,
        help_text=_("Counted in public figures, never named anywhere public."))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("publication of a person")

    def __str__(self) -> str:
        return self.slug

    @property
    def is_published(self) -> bool:
        return self.confirmed_at is not None and self.withdrawn_at is None

    @property
    def is_proposed(self) -> bool:
        return self.confirmed_at is None and self.withdrawn_at is None
