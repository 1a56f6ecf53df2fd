"""The words a reader sees for the fields and values of figures: a breakdown's rows, its
heading and a citation's conditions say "cultural workers", never `culture` or
`occupation_groups`. The figures core stores the internal values (they are the definition);
this module looks up their labels in the vocabularies, in the active language, and formats
numbers the way the active language groups them ("1,495")."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vigil.accounts.models import Organisation
from vigil.figures.counting import CUSTODY_FIELD, FigureDefinition, citation
from vigil.figures.model import FIELD_ALIASES
from vigil.publishing.population import CUSTODY_KINDS
from vigil.registry import models as m
from vigil.web.templatetags import localise

FIELD_LABELS = {
    "gender": _("gender"),
    "region": _("region"),
    "occupations": _("occupation"),
    "occupation_groups": _("occupation group"),
    "articles": _("charge article"),
    "facility": _("facility"),
    "sentence_kind": _("sentence"),
    "case_status": _("case status"),
    "status": _("whereabouts"),
    CUSTODY_FIELD: _("custody at the end of the day"),
}
# The core's person statuses (publishing.population.TRACKING) and custody states.
STATUS_LABELS = {
    "documented": m.TrackingStatus.KNOWN.label, "unknown": m.TrackingStatus.UNKNOWN.label,
    "missing": m.TrackingStatus.MISSING.label, "abducted": m.TrackingStatus.ABDUCTED.label,
    "restricted": m.TrackingStatus.RESTRICTED.label,
}
CUSTODY_LABELS = {
    "held": _("held"), "released": _("released"), "died_in_custody": _("died in custody"),
    "never_held": _("never held"),
}
CHOICES = {
    "gender": m.Gender, "occupation_groups": m.OccupationGroup,
    "sentence_kind": m.SentenceKind, "case_status": m.Verdict,
}
TERMS = {"region": m.Region, "occupations": m.Occupation, "facility": m.Facility}


def grouped(number: int) -> str:
    """A count with the active language's thousands separator: 1,495 (en), 1 495 (ru)."""
    return localise.number(number)


def canonical(field: str) -> str:
    return FIELD_ALIASES.get(field, field)


def field_label(field: str | None) -> str:
    if not field:
        return ""
    return str(FIELD_LABELS.get(canonical(field), field))


def _article_labels(numbers: set[str]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for article in m.Article.objects.filter(article__in=numbers).order_by("part"):
        title = str(article).removeprefix(article.reader_label).strip()
        titles.setdefault(article.article, title)
    return {n: (gettext("article %(number)s (%(title)s)") % {"number": n, "title": titles[n]}
                if n in titles else gettext("article %(number)s") % {"number": n})
            for n in numbers}


def value_labels(field: str, values: Iterable[str | None]) -> dict[str | None, str]:
    """Each value's label; a value the vocabulary no longer has keeps its stored name."""
    field = canonical(field)
    wanted = {v for v in values if v is not None}
    labels: dict[str | None, str] = {None: gettext("not recorded")}
    if field in CHOICES:
        choices = dict(CHOICES[field].choices)
        labels.update({v: str(choices.get(v, v)) for v in wanted})
    elif field in TERMS:
        terms = {t.slug: str(t) for t in TERMS[field].objects.filter(slug__in=wanted)}
        labels.update({v: terms.get(v, v) for v in wanted})
    elif field == "articles":
        labels.update(_article_labels(wanted))
    elif field == "status":
        labels.update({v: str(STATUS_LABELS.get(v, v)) for v in wanted})
    elif field == CUSTODY_FIELD:
        labels.update({v: str(CUSTODY_LABELS.get(v, v)) for v in wanted})
    else:
        labels.update({v: v for v in wanted})
    return labels


def citation_labels(where) -> dict[str, dict[str, str]]:
    """The `labels` argument of the core's `citation` for a definition's conditions."""
    return {name: {"": field_label(name), **value_labels(name, values)}
            for name, values in where}


def reader_citation(definition: FigureDefinition) -> str:
    """The citation in the reader's language: the organisations' names, the conditions and
    the sentence translated, the dates as the language writes them. A release keeps the
    English one it was published with (`Release.citation`); this is the same sentence, read."""
    names = {org.slug: str(org) for org in
             Organisation.objects.filter(slug__in=definition.recognised_by)}
    labels = citation_labels(definition.where)
    if definition.custody_kinds is not None:
        labels["custody_kinds"] = {core: str(kind.label) for kind, core in
                                   CUSTODY_KINDS.items()}
    return citation(definition, names, labels, translate=gettext, date=localise.long_date)


def labelled_breakdown(breakdown: dict | None) -> dict | None:
    """A breakdown (as a dict) with `field_label`, each row's `label`, and the overlap note
    written here once (the core's English note is left out: it would repeat "Rows overlap")."""
    if not breakdown:
        return breakdown
    labels = value_labels(breakdown["field"], [r["value"] for r in breakdown["rows"]])
    rows = [{**row, "label": labels[row["value"]]} for row in breakdown["rows"]]
    return {**breakdown, "rows": rows, "field_label": field_label(breakdown["field"]),
            "overlap_note": overlap_note(breakdown)}


def overlap_note(breakdown: dict) -> str:
    """What the overlap of the rows means, or "" when they do not overlap. The sum of the
    rows is left out when a row is suppressed: with it, the hidden row could be worked out."""
    several = len(breakdown.get("overlap_ids") or [])
    if not several:
        return ""
    numbers = {"n": grouped(several), "total": grouped(breakdown["total"]),
               "field": field_label(breakdown["field"])}
    text = gettext("%(n)s of the %(total)s persons have several values of %(field)s and "
                   "appear in several rows.") % numbers
    counts = [r.get("count") for r in breakdown["rows"]]
    if None not in counts:
        text += " " + gettext("The rows add up to %(sum)s, not to the total of %(total)s.") % {
            "sum": grouped(sum(counts)), "total": numbers["total"]}
    return text
