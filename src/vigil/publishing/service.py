"""Figures from the registry: a definition checked against the organisations, counted over a
scope, with its breakdown. Shared by `vigil count`, the figures pages and releases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.utils import translation

from vigil.accounts.models import Organisation
from vigil.figures import Breakdown, Figure, FigureDefinition, FigureError, Kind, Population
from vigil.figures.counting import CUSTODY_FIELD, citation
from vigil.figures.model import FIELD_ALIASES, FIELDS
from vigil.publishing.labels import citation_labels
from vigil.publishing.models import Release, release_slug, release_slug_base
from vigil.publishing.models import Scope as ScopeKind
from vigil.publishing.population import (
    Scope,
    load_population,
    organisation_actor,
    organisation_names,
)

BREAKDOWN_FIELDS = sorted([*FIELDS, *FIELD_ALIASES, CUSTODY_FIELD])


class DefinitionError(FigureError):
    """A definition that names something unknown; `option` says which input is wrong."""

    def __init__(self, option: str, message: str):
        super().__init__(message)
        self.option = option


def check_organisations(slugs) -> None:
    known = set(Organisation.objects.filter(slug__in=list(slugs)).values_list("slug", flat=True))
    unknown = sorted(set(slugs) - known)
    if unknown:
        choices = ", ".join(Organisation.objects.order_by("slug").values_list("slug", flat=True))
        raise DefinitionError(
            "recognised_by", f"no organisation {', '.join(map(repr, unknown))}; "
            f"known organisations: {choices or 'none'}"
        )


def check_breakdown_field(by: str | None) -> None:
    if by and by not in BREAKDOWN_FIELDS:
        raise DefinitionError("by", f"unknown field {by!r}: choose one of "
                                    f"{', '.join(BREAKDOWN_FIELDS)}")


def figure_day(definition: FigureDefinition) -> dt.date:
    """The day a figure's time-dependent attributes (facility, sentence, case status) are
    taken on: the as-of day, or the last day of a period."""
    return definition.end if definition.kind is Kind.DURING else definition.as_of


@dataclass
class Result:
    definition: FigureDefinition
    figure: Figure
    breakdown: Breakdown | None
    population: Population
    scope: Scope

    def as_dict(self) -> dict:
        out = self.figure.as_dict()
        out["scope"] = self.scope.description
        if self.breakdown is not None:
            out["breakdown"] = self.breakdown.as_dict()
        return out


def compute(scope: Scope, definition: FigureDefinition, by: str | None = None,
            population: Population | None = None) -> Result:
    definition.check_dates()
    check_organisations(definition.recognised_by)
    check_breakdown_field(by)
    population = population or load_population(scope, figure_day(definition))
    names = organisation_names(definition.recognised_by)
    figure = labelled(population.count(definition, names), definition, names)
    table = population.breakdown(definition, by, names) if by else None
    if table is not None:
        table = replace(table, figure=figure)
    return Result(definition, figure, table, population, scope)


def labelled(figure: Figure, definition: FigureDefinition, names) -> Figure:
    """The figure with its citation's conditions in words ("occupation group: cultural
    workers"). In English, like the rest of the citation and the organisations' names: a
    citation is quoted as it was published, whatever the reader's language."""
    with translation.override("en"):
        labels = citation_labels(definition.where)
    return replace(figure, citation=citation(definition, names, labels))


# --- releases ----------------------------------------------------------------------------


def publish(result: Result, organisation: Organisation, user=None, title: str = "") -> Release:
    """Freeze a computed figure as a release of `organisation`."""
    kind = ScopeKind.REGISTRY if result.scope.actor is None else ScopeKind.ORGANISATION
    return Release.objects.create(
        slug=release_slug(result.definition),
        title=title,
        organisation=organisation,
        scope=kind,
        definition=result.figure.definition,
        count=result.figure.count,
        citation=result.figure.citation,
        breakdown=result.breakdown.as_dict() if result.breakdown else None,
        person_ids=list(result.figure.person_ids),
        reported_apart={k: list(v) for k, v in result.figure.reported_apart.items()},
        notes=list(result.figure.notes),
        created_by=user,
    )


def identical_release(result: Result, organisation: Organisation) -> Release | None:
    """The organisation's release of the same definition (the same day or period, the same
    conditions) with the same breakdown, if there is one: publishing it again would only
    make a second copy of the same figure under another slug."""
    definition = result.figure.definition
    by = result.breakdown.field if result.breakdown else None
    base = release_slug_base(result.definition)
    for release in organisation.releases.filter(slug__startswith=base).order_by("pk"):
        if release.definition == definition and release.breakdown_field == by:
            return release
    return None


def release_scope(release) -> Scope:
    """The scope a release was counted over, to count its definition again today."""
    if release.scope == ScopeKind.REGISTRY:
        return Scope.whole_registry()
    return Scope.for_actor(organisation_actor(release.organisation))


@dataclass
class Changes:
    """What the release's definition counts today against what the release froze."""

    count_now: int
    added: list  # counted today, not in the release (e.g. detentions recorded late)
    removed: list  # in the release, not counted today (corrections, deletions)


def changes_since(release) -> Changes:
    result = compute(release_scope(release), release.figure_definition())
    now, then = set(result.figure.person_ids), set(release.person_ids)
    return Changes(result.figure.count, sorted(now - then), sorted(then - now))
