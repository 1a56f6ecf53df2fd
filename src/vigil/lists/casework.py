"""The cases, custody periods and placements an import's rows claim.

Each claim is matched to what the person already has (then cited, never changed) or made new
(and cited); `Casework.write` creates the new ones in bulk, after the persons exist.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from vigil.accounts.actors import acting_for
from vigil.accounts.models import Role
from vigil.dates import periods_certainly_overlap
from vigil.lists.reading import Row
from vigil.lists.terms import Articles, Facilities
from vigil.lists.values import CUSTODIAL, Sentence
from vigil.registry import models as m

if TYPE_CHECKING:
    from vigil.lists.applying import Writer


def _new_period(row: Row, person_id: int, common: dict) -> m.CustodyPeriod | None:
    started = row.dates.get("detained_on")
    if started is None:
        return None
    serving = row.sentence is not None and row.sentence.kind in CUSTODIAL
    period = m.CustodyPeriod(
        person_id=person_id, kind=m.CustodyKind.SENTENCE if serving else m.CustodyKind.PRETRIAL,
        **common)
    period.set_partial("started", started)
    if "died_on" in row.dates:
        period.set_partial("ended", row.dates["died_on"])
        period.end_reason = m.EndReason.DIED
    elif "released_on" in row.dates:
        period.set_partial("ended", row.dates["released_on"])
        period.end_reason = m.EndReason.OTHER
    else:
        period.set_partial("ended", None)
    return period


class Casework:
    """The cases, custody periods and placements rows claim, each matched to what the person
    already has (then cited, never changed) or made new (and cited)."""

    def __init__(self, writer: Writer, person_ids: list[int]):
        self.w = writer
        # A row is matched to the cases and periods the importing organisation may see, never
        # to another's hidden record: that would cite it unseen and leave the importer
        # without its own account of the detention.
        seen = acting_for(writer.org.pk, Role.VIEWER)
        self.articles, self.facilities = Articles(), Facilities()
        numbers_of: dict[int, set[str]] = defaultdict(set)
        for case_id, number in m.Case.charges.through.objects.filter(
                case__person_id__in=person_ids).values_list("case_id", "article__article"):
            numbers_of[case_id].add(number)
        self.cases_of: dict[int, list[tuple[m.Case, set[str]]]] = defaultdict(list)
        for case in m.Case.objects.for_actor(seen).filter(person_id__in=person_ids):
            self.cases_of[case.person_id].append((case, numbers_of[case.pk]))
        self.custody_of: dict[int, list[m.CustodyPeriod]] = defaultdict(list)
        for c in m.CustodyPeriod.objects.for_actor(seen).filter(person_id__in=person_ids):
            self.custody_of[c.person_id].append(c)
        self.placements = {(("saved", pl.custody_id), pl.facility_id): pl
                           for pl in m.Placement.objects.for_actor(seen).filter(
                               custody__person_id__in=person_ids)}
        self.new_cases: list[tuple[m.Case, list[m.Article]]] = []
        self.new_periods: list[tuple[m.CustodyPeriod, Row, m.Case | None]] = []
        self.new_placements: list[tuple[m.Placement, m.CustodyPeriod, Row]] = []

    def add(self, person_id: int, row: Row) -> None:
        case = self._case(person_id, row)
        period = self._custody(person_id, row, case)
        if period is not None and row.values.get("facility"):
            self._placement(period, row)

    def _case(self, person_id: int, row: Row) -> m.Case | None:
        """The case the row's charges and sentence are about; sentence alone finds a case
        with the same sentence."""
        if not row.articles and row.sentence is None:
            return None
        charges = [a for a in map(self.articles.find_or_create, row.articles) if a]
        numbers = {a.article for a in charges}
        for case, has in self.cases_of[person_id]:
            if (numbers & has) if numbers else _same_sentence(case, row.sentence):
                self._cite(case, row)
                return case
        if not charges and row.sentence is None:
            return None  # only articles the vocabulary lacks: nothing to charge
        case = m.Case(person_id=person_id, **self.w.common())
        if row.sentence is not None:
            case.verdict = m.Verdict.CONVICTED
            case.sentence_kind, case.sentence_months = row.sentence.kind, row.sentence.months
            case.regime = row.sentence.regime
        self.cases_of[person_id].append((case, numbers))
        self.new_cases.append((case, charges))
        self._cite(case, row)
        return case

    def _cite(self, case: m.Case, row: Row) -> None:
        if row.values.get("articles"):
            self.w.cite(case, "charges", row.values["articles"], row)
        if row.sentence is not None:
            self.w.cite(case, "sentence_kind", row.values["sentence"], row)

    def _custody(self, person_id: int, row: Row, case: m.Case | None
                 ) -> m.CustodyPeriod | None:
        period = _new_period(row, person_id, self.w.common())
        if period is None:
            return None
        for c in self.custody_of[person_id]:
            if c.partial("started") == period.partial("started") or periods_certainly_overlap(
                    c.partial("started"), c.partial("ended"),
                    period.partial("started"), period.partial("ended")):
                self.w.cite(c, "started", row.values["detained_on"], row)
                return c
        self.custody_of[person_id].append(period)
        self.new_periods.append((period, row, case))
        self.w.cite(period, "", "", row)
        return period

    def _placement(self, period: m.CustodyPeriod, row: Row) -> None:
        facility = self.facilities.find_or_create(row.values["facility"])
        key = (("saved", period.pk) if period.pk else ("new", id(period)), facility.pk)
        if key in self.placements:
            self.w.cite(self.placements[key], "facility", row.values["facility"], row)
            return
        placement = m.Placement(facility=facility, **self.w.common())
        self.placements[key] = placement
        self.new_placements.append((placement, period, row))
        self.w.cite(placement, "facility", row.values["facility"], row)

    def write(self) -> None:
        self.w.bulk([case for case, _ in self.new_cases], m.Case)
        through = m.Case.charges.through
        through.objects.bulk_create([through(case_id=case.pk, article_id=article.pk)
                                     for case, charges in self.new_cases for article in charges])
        for period, _, case in self.new_periods:
            period.case_id = case.pk if case is not None else None
        self.w.bulk([period for period, _, _ in self.new_periods], m.CustodyPeriod)
        for placement, period, _ in self.new_placements:
            placement.custody_id = period.pk
        self.w.bulk([placement for placement, _, _ in self.new_placements], m.Placement)


def _same_sentence(case: m.Case, sentence: Sentence | None) -> bool:
    return sentence is not None and (case.sentence_kind, case.sentence_months) == (
        sentence.kind, sentence.months)
