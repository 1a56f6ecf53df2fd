"""A person's life in the registry, in date order, each entry with the sources citing it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from django.utils.translation import gettext as _

from vigil.accounts.actors import Actor
from vigil.dates import PartialDate
from vigil.registry import models as m


@dataclass
class Entry:
    when: PartialDate | None
    kind: str  # the form kind that edits the record, also a CSS class
    title: str
    record: m.Record
    citations: list[m.Citation] = field(default_factory=list)

    @property
    def sort_key(self):
        day = self.when.first_day if self.when else dt.date.max
        return (day, self.kind, self.record.pk)


@dataclass
class SourceNote:
    number: int
    source: m.Source
    # One citation per distinct place in the source; the page discloses each one's locator.
    places: list[m.Citation] = field(default_factory=list)


@dataclass
class PersonRecords:
    """Everything about one person that an actor may see, fetched once."""

    names: list[m.NameVariant]
    affiliations: list[m.Affiliation]
    cases: list[m.Case]
    custody: list[m.CustodyPeriod]
    placements: list[m.Placement]
    recognitions: list[m.Recognition]
    conditions: list[m.ConditionReport]
    citations: dict[tuple[int, int], list[m.Citation]]

    @classmethod
    def load(cls, person: m.Person, actor: Actor) -> PersonRecords:
        def visible(model, **filters):
            return list(model.objects.for_actor(actor).filter(**filters))

        records = cls(
            names=visible(m.NameVariant, person=person),
            affiliations=visible(m.Affiliation, person=person),
            cases=list(
                m.Case.objects.for_actor(actor).filter(person=person)
                .select_related("court").prefetch_related("charges")
            ),
            custody=visible(m.CustodyPeriod, person=person),
            placements=list(
                m.Placement.objects.for_actor(actor)
                .filter(custody__person=person)
                .select_related("facility")
            ),
            recognitions=list(
                m.Recognition.objects.for_actor(actor)
                .filter(person=person)
                .select_related("organisation")
            ),
            conditions=list(
                m.ConditionReport.objects.for_actor(actor)
                .filter(person=person)
                .select_related("condition")
            ),
            citations={},
        )
        records.citations = citations_of([person, *records.all_children()], actor)
        records.number_sources()
        return records

    @classmethod
    def load_many(cls, persons: list[m.Person], actor: Actor) -> dict[int, PersonRecords]:
        """`load` for many persons at once (the static export's batches): one query per
        kind of record for them all; each person's records come in the order `load` gives."""
        ids = [person.pk for person in persons]
        loaded = {pk: cls([], [], [], [], [], [], [], {}) for pk in ids}
        kinds = [
            ("names", m.NameVariant.objects.all()),
            ("affiliations", m.Affiliation.objects.all()),
            ("cases", m.Case.objects.select_related("court").prefetch_related("charges")),
            ("custody", m.CustodyPeriod.objects.all()),
            ("recognitions", m.Recognition.objects.select_related("organisation")),
            ("conditions", m.ConditionReport.objects.select_related("condition")),
        ]
        for kind, records in kinds:
            for record in records.for_actor(actor).filter(person_id__in=ids):
                getattr(loaded[record.person_id], kind).append(record)
        placements = m.Placement.objects.for_actor(actor).filter(
            custody__person_id__in=ids).select_related("facility").annotate(
            person_of=F("custody__person_id"))
        for placement in placements:
            loaded[placement.person_of].placements.append(placement)
        found = citations_of([*persons, *(r for records in loaded.values()
                                          for r in records.all_children())], actor)
        for person in persons:
            records = loaded[person.pk]
            mine = {_citation_key(r) for r in [person, *records.all_children()]}
            records.citations = {key: found[key] for key in found if key in mine}
            records.number_sources()
        return loaded

    def number_sources(self) -> None:
        """Give each cited source one number, in the order the page first cites it, so that
        an entry shows "[2]" and the source (with its quotations) is printed once below."""
        numbers: dict[int, int] = {}
        for citations in self.citations.values():
            for citation in citations:
                citation.number = numbers.setdefault(citation.source_id, len(numbers) + 1)

    def sources(self) -> list[SourceNote]:
        """Each cited source once, with the distinct places in it (page, quotation) cited."""
        notes: dict[int, SourceNote] = {}
        for citations in self.citations.values():
            for citation in citations:
                note = notes.setdefault(citation.source_id,
                                        SourceNote(citation.number, citation.source))
                if citation.locator and citation.locator not in {
                        place.locator for place in note.places}:
                    note.places.append(citation)
        return sorted(notes.values(), key=lambda note: note.number)

    def unsourced(self, person: m.Person) -> int:
        """How many of the records shown cite no source."""
        return sum(1 for record in [person, *self.all_children()] if not self.cited(record)
                   and not isinstance(record, m.NameVariant))

    def all_children(self) -> list[m.Record]:
        return [*self.names, *self.affiliations, *self.cases, *self.custody, *self.placements,
                *self.recognitions, *self.conditions]

    def cited(self, record: m.Record) -> list[m.Citation]:
        content_type = ContentType.objects.get_for_model(record)
        return self.citations.get((content_type.pk, record.pk), [])

    def timeline(self) -> list[Entry]:
        entries = []
        for period in self.custody:
            entries.append(self._entry(period.partial("started"), "custody",
                                       _("Detained: %s") % period.get_kind_display(), period))
            if period.ended:
                entries.append(self._entry(
                    period.partial("ended"), "custody",
                    _("Custody ended: %s") % period.get_end_reason_display(), period))
        for placement in self.placements:
            entries.append(self._entry(placement.partial("since"), "placement",
                                       _("Held at %s") % placement.facility, placement))
        for case in self.cases:
            entries.extend(self._case_entries(case))
        for recognition in self.recognitions:
            entries.append(self._entry(
                recognition.partial("since"), "recognition",
                f"{recognition.organisation}: {recognition.get_status_display()}", recognition))
        for report in self.conditions:
            entries.append(self._entry(report.partial("started"), "condition",
                                       str(report.condition), report))
        for affiliation in self.affiliations:
            entries.append(self._entry(affiliation.partial("since"), "affiliation",
                                       str(affiliation), affiliation))
        return sorted(entries, key=lambda e: e.sort_key)

    def _case_entries(self, case: m.Case) -> list[Entry]:
        milestones = [
            ("opened", _("Case opened")),
            ("trial_started", _("Trial began")),
            ("verdict_date", _("Verdict: %s") % case.get_verdict_display()),
            ("appeal_date", _("Appeal: %s") % case.get_appeal_outcome_display()),
        ]
        return [
            self._entry(case.partial(name), "case", title, case)
            for name, title in milestones
            if getattr(case, name)
        ]

    def _entry(self, when, kind, title, record) -> Entry:
        return Entry(when, kind, title, record, self.cited(record))


def _citation_key(record: m.Record) -> tuple[int, int]:
    return ContentType.objects.get_for_model(record).pk, record.pk


def citations_of(records: list[m.Record], actor: Actor) -> dict[tuple[int, int], list]:
    """Visible citations of many records in one query, keyed by (content type, record id)."""
    wanted = defaultdict(set)
    for record in records:
        content_type, pk = _citation_key(record)
        wanted[content_type].add(pk)
    if not wanted:
        return {}
    match = Q()
    for content_type_id, ids in wanted.items():
        match |= Q(content_type_id=content_type_id, object_id__in=ids)
    found = defaultdict(list)
    query = m.Citation.objects.for_actor(actor).filter(match).select_related(
        "source", "content_type")
    for citation in query:
        found[(citation.content_type_id, citation.object_id)].append(citation)
    return found
