"""The public events of named persons, newest first: what the home page lists and the Atom
feeds carry. Each event is a public fact of a public record: a detention, a release (the end of
a stretch of custody, not the step from pre-trial detention to the sentence), a death in
custody, a sentence, a transfer to another facility, a recognition."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vigil.publishing.projection import public_records
from vigil.registry import models as m

KINDS = {
    "detained": _("Detained"),
    "released": _("Released"),
    "died": _("Died in custody"),
    "sentenced": _("Sentenced"),
    "transferred": _("Transferred"),
    "recognised": _("Recognised as a political prisoner"),
}


@dataclass(frozen=True)
class Event:
    kind: str
    day: dt.date
    person_id: int
    record: m.Record  # the record the event is a fact of
    detail: str  # e.g. the facility or the recognising organisation, public

    @property
    def label(self):
        return KINDS[self.kind]

    @property
    def key(self) -> str:
        """Stable across runs and renderings: the record and what happened to it."""
        return f"{self.record._meta.model_name}/{self.record.pk}/{self.kind}"

    @property
    def updated(self) -> dt.datetime:
        return self.record.updated_at


def _persons(query, person_ids, path="person_id"):
    return query if person_ids is None else query.filter(**{f"{path}__in": list(person_ids)})


def _until(query, field, day):
    return query if day is None else query.filter(**{f"{field}__lte": day})


def public_events(person_ids=None, limit: int = 50, until: dt.date | None = None) -> list[Event]:
    """The newest `limit` events, of the given persons or of every named person; with
    `until`, only those on or before that day."""
    events: list[Event] = []
    periods = _persons(public_records(m.CustodyPeriod), person_ids)
    for period in _until(periods, "started", until).order_by("-started", "-pk")[:limit]:
        events.append(Event("detained", period.started, period.person_id, period,
                            str(period.get_kind_display())))
    ended = list(_until(periods.filter(ended__isnull=False), "ended", until).order_by(
        "-ended", "-pk")[:limit])
    continued = set(public_records(m.CustodyPeriod).filter(
        Q(*[Q(person_id=p.person_id, started=p.ended) for p in ended], _connector=Q.OR)
    ).values_list("person_id", "started")) if ended else set()
    for period in ended:
        if period.end_reason == m.EndReason.DIED:
            events.append(Event("died", period.ended, period.person_id, period, ""))
        elif (period.person_id, period.ended) not in continued:
            events.append(Event("released", period.ended, period.person_id, period,
                                str(period.get_end_reason_display())))
    cases = _until(_persons(public_records(m.Case), person_ids), "verdict_date", until)
    for case in cases.filter(
            verdict=m.Verdict.CONVICTED, verdict_date__isnull=False).order_by(
            "-verdict_date", "-pk")[:limit]:
        events.append(Event("sentenced", case.verdict_date, case.person_id, case,
                            str(case.get_sentence_kind_display())))
    placements = _persons(public_records(m.Placement), person_ids, "custody__person_id")
    for placement in _until(placements.filter(since__isnull=False), "since", until).select_related(
            "facility", "custody").order_by("-since", "-pk")[:limit]:
        events.append(Event("transferred", placement.since, placement.custody.person_id,
                            placement, str(placement.facility)))
    recognitions = _until(_persons(public_records(m.Recognition), person_ids), "since", until)
    for recognition in recognitions.filter(
            status=m.RecognitionStatus.RECOGNISED).select_related("organisation").order_by(
            "-since", "-pk")[:limit]:
        events.append(Event("recognised", recognition.since, recognition.person_id,
                            recognition, str(recognition.organisation)))
    events.sort(key=lambda e: (e.day, e.key), reverse=True)
    return events[:limit]
