"""A seeded population of fictional persons with the shape of Viasna's lists in 2020–2023.

Every person generated here has `synthetic=True` and a summary beginning "Synthetic demo
person". The population is built from quotas, so its headline figures land where the seed
statement's do whatever the seed (see docs/demo.md):

- persons recognised by Viasna and in custody at the end of 30 April 2023, together with the
  statement's named people, number round(1,495 × N / 4,200);
- media workers among them, recognised by BAJ too: round(33 × N / 4,200), named ones included;
- 47 % of all were released before that day (so that, with those held, more than 3,200 were
  convicted by then: the statement's other figure), about a ninth were detained after it;
- a few are under review or documented but not recognised, a few recognitions are withdrawn,
  a few persons are missing or of unknown status.

Rows are written with bulk_create (no history rows are written for them).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from vigil.names import search_index
from vigil.registry.demo.namegen import make_name
from vigil.registry.demo.organisations import REGIONAL_COURT
from vigil.registry.models import (
    AppealOutcome,
    Article,
    Case,
    Citation,
    ConditionReport,
    ConditionType,
    CustodyKind,
    CustodyPeriod,
    EndReason,
    Facility,
    Gender,
    Language,
    NameKind,
    NameVariant,
    Occupation,
    Person,
    Placement,
    Recognition,
    RecognitionStatus,
    Regime,
    Region,
    Reliability,
    Script,
    Sensitivity,
    SentenceKind,
    Source,
    SourceKind,
    TrackingStatus,
    Verdict,
    Visibility,
)

DEFAULT_SIZE = 4200
DEFAULT_SEED = 20230521
STOCK_DAY = dt.date(2023, 4, 30)  # "as of the end of April" (the statement)
HORIZON = dt.date(2023, 12, 31)  # nothing generated happens after this day
FIRST_DAY = dt.date(2020, 8, 9)  # the presidential election and the protests after it
VIASNA_STOCK = 1495
BAJ_STOCK = 33
SUMMARY_PREFIX = "Synthetic demo person"
# Released before STOCK_DAY, of all: with the ~83 % of those held who were convicted by then,
# the convictions up to that day come to ~3,260 at the default size ("more than 3,200").
RELEASED_SHARE = 0.47

# The statement's named people held on STOCK_DAY (Klimovich's custody starts in May 2023).
NAMED_HELD = 5
NAMED_MEDIA_HELD = 3

HELD, RELEASED, LATER, REVIEW, NOT_RECOGNISED = (
    "held", "released", "later", "review", "not_recognised"
)

REGIONS = [("minsk-city", 40), ("minsk-region", 12), ("homiel", 10), ("brest", 9),
           ("hrodna", 9), ("viciebsk", 8), ("mahiliou", 8), ("abroad", 1), ("unknown", 3)]
MEDIA = [("journalist", 45), ("media-worker", 20), ("editor", 10), ("photographer", 10),
         ("camera-operator", 10), ("blogger", 5)]
CULTURE = [("writer", 15), ("poet", 12), ("musician", 25), ("artist", 20), ("actor", 8),
           ("playwright", 5), ("translator", 5), ("film-director", 10)]
OTHER = [("worker", 20), ("it-specialist", 12), ("entrepreneur", 10), ("activist", 14),
         ("student", 8), ("engineer", 8), ("teacher", 4), ("doctor", 3), ("pensioner", 4),
         ("unemployed", 5), ("politician", 3), ("trade-unionist", 2), ("human-rights-defender", 2),
         ("election-observer", 2), ("scientist", 2), ("athlete", 1), ("lawyer", 1),
         ("clergy", 1)]
# (article, part) and weight: what Viasna's lists cite most, roughly.
CHARGES = [(("342", "1"), 30), (("342", "2"), 3), (("130", "3"), 6), (("130", "1"), 3),
           (("361-1", "2"), 8), (("361-1", "1"), 2), (("361", ""), 6), (("368", ""), 8),
           (("369", ""), 10), (("293", "2"), 5), (("293", "1"), 1), (("364", ""), 8),
           (("363", ""), 3), (("339", "2"), 4), (("370", ""), 3), (("203-1", ""), 4),
           (("361-4", ""), 5), (("361-2", ""), 3), (("289", ""), 2), (("290-1", ""), 1),
           (("357", ""), 1), (("356", ""), 1), (("243", ""), 1), (("391", ""), 4),
           (("367", ""), 2), (("369-1", ""), 1), (("341", ""), 2), (("218", ""), 2),
           (("309", ""), 1), (("358-1", ""), 1)]
PRETRIAL_FACILITIES = {
    "minsk-city": "minsk-sizo-1", "minsk-region": "zhodzina-prison-8",
    "homiel": "homiel-sizo-3", "brest": "brest-sizo-7", "hrodna": "hrodna-prison-1",
    "viciebsk": "viciebsk-sizo-2", "mahiliou": "mahiliou-prison-4",
}
MEN_COLONIES = ["ik-1-navapolatsk", "ik-2-babruisk", "ik-3-viciebsk", "ik-9-horki",
                "ik-10-navapolatsk", "ik-13-hlybokaye", "ik-15-mahiliou", "ik-17-shklou",
                "ik-22-ivatsevichy"]
WOMEN_COLONIES = ["ik-4-homiel", "ik-4-homiel", "ik-24-zarechcha"]
PRISONS = ["hrodna-prison-1", "mahiliou-prison-4"]
CONDITIONS = [("solitary-confinement", 30), ("contact-denied", 20), ("medical-care-denied", 15),
              ("extremist-label", 15), ("pardon-pressure", 8), ("incommunicado", 8),
              ("ill-treatment", 6), ("lawyer-denied", 5), ("forced-labour", 4),
              ("health-emergency", 4), ("degrading-conditions", 5)]
SENTENCES = [(24, 6), (30, 4), (36, 12), (42, 5), (48, 10), (54, 4), (60, 9), (72, 6),
             (84, 4), (96, 3), (108, 2), (120, 2), (144, 1), (180, 1)]
SHORT_SENTENCES = [(6, 2), (12, 5), (18, 5), (24, 6), (30, 3), (36, 2)]


def pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, 28))


def random_day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    if last <= first:
        return first
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def quotas(size: int) -> dict[str, int]:
    """How many persons of each trajectory a population of `size` has."""
    scale = size / DEFAULT_SIZE
    held = max(0, round(VIASNA_STOCK * scale) - NAMED_HELD)
    review = round(0.03 * size)
    not_recognised = round(0.025 * size)
    released = round(RELEASED_SHARE * size)
    later = max(0, size - held - review - not_recognised - released)
    return {HELD: held, RELEASED: released, LATER: later, REVIEW: review,
            NOT_RECOGNISED: not_recognised}


@dataclass
class Plan:
    """One fictional person's life in the records, before it is written."""

    trajectory: str
    female: bool
    group: str = "other"
    periods: list = field(default_factory=list)  # [(kind, start, end, end_reason, case_i)]
    cases: list = field(default_factory=list)  # [dict]
    recognitions: list = field(default_factory=list)  # [(org_key, status, since, until)]
    conditions: list = field(default_factory=list)  # [(slug, period_i, day)]
    tracking: str = TrackingStatus.KNOWN


class Population:
    def __init__(self, size: int, seed: int, orgs: dict):
        self.size = size
        self.rng = random.Random(seed)
        self.orgs = orgs
        self.viasna, self.baj = orgs["viasna"], orgs["baj"]
        self.regions = {r.slug: r for r in Region.objects.all()}
        self.occupations = {o.slug: o for o in Occupation.objects.all()}
        self.facilities = {f.slug: f for f in Facility.objects.all()}
        self.condition_types = {c.slug: c for c in ConditionType.objects.all()}
        self.articles = {(a.article, a.part): a for a in Article.objects.filter(country="BY")}
        self.now = timezone.now()
        self.counts: Counter = Counter()

    # -- planning ------------------------------------------------------------------------
    def detention_day(self, first: dt.date, last: dt.date) -> dt.date:
        """Detentions cluster in the months after August 2020 and thin out later."""
        rng = self.rng
        spans = [(FIRST_DAY, dt.date(2020, 12, 31), 34), (dt.date(2021, 1, 1),
                 dt.date(2021, 12, 31), 33), (dt.date(2022, 1, 1), dt.date(2022, 12, 31), 21),
                 (dt.date(2023, 1, 1), HORIZON, 12)]
        spans = [(max(a, first), min(b, last), w) for a, b, w in spans
                 if max(a, first) <= min(b, last)]
        a, b, _ = pick(rng, [((a, b, w), w) for a, b, w in spans])
        return random_day(rng, a, b)

    def convict(self, plan: Plan, start: dt.date, *, must_hold_until: dt.date | None,
                release_by: dt.date | None, short: bool = False) -> None:
        """Pre-trial detention from `start`, a verdict, then a sentence (or a release)."""
        rng = self.rng
        verdict = start + dt.timedelta(days=rng.randint(60, 300))
        if release_by and verdict >= release_by:
            verdict = start + (release_by - start) // 2
        case = {"opened": start, "verdict": None, "months": None, "kind": "",
                "regime": "", "court_region": None}
        plan.cases.append(case)
        case_i = len(plan.cases) - 1
        if verdict > HORIZON:
            plan.periods.append((CustodyKind.PRETRIAL, start, None, "", case_i))
            return
        months = pick(rng, SHORT_SENTENCES if short else SENTENCES)
        if must_hold_until:
            needed = (must_hold_until.year - start.year) * 12 + must_hold_until.month - start.month
            if months <= needed + 1:
                months = needed + rng.randint(2, 30)
        case.update(verdict=verdict, months=months)
        if short and rng.random() < 0.25:
            case["kind"] = SentenceKind.RESTRICTED_FREEDOM
            plan.periods.append((CustodyKind.PRETRIAL, start, verdict,
                                 EndReason.SENTENCE_CHANGED, case_i))
            return
        case["kind"] = SentenceKind.IMPRISONMENT
        if plan.female:
            case["regime"] = Regime.GENERAL
        else:
            case["regime"] = pick(rng, [(Regime.GENERAL, 60), (Regime.ENHANCED, 30),
                                        (Regime.STRICT, 6), (Regime.PRISON, 4)])
        end = add_months(start, months)  # pre-trial detention counts towards the sentence
        if end <= verdict + dt.timedelta(days=1) and not must_hold_until:
            # The time served before the verdict covers the sentence: released in court.
            plan.periods.append((CustodyKind.PRETRIAL, start, verdict, EndReason.SERVED, case_i))
            return
        plan.periods.append((CustodyKind.PRETRIAL, start, verdict, EndReason.OTHER, case_i))
        reason = EndReason.SERVED
        if release_by and end >= release_by:
            last = release_by - dt.timedelta(days=1)
            end = random_day(rng, min(verdict + dt.timedelta(days=30), last), last)
            reason = pick(rng, [(EndReason.PARDONED, 55), (EndReason.SENTENCE_CHANGED, 45)])
        if must_hold_until and end <= must_hold_until:
            end = must_hold_until + dt.timedelta(days=rng.randint(30, 900))
        if end > HORIZON:
            end, reason = None, ""
        plan.periods.append((CustodyKind.SENTENCE, verdict, end, reason, case_i))

    def plan(self, trajectory: str) -> Plan:
        rng = self.rng
        plan = Plan(trajectory, female=rng.random() < 0.15)
        recognised_by = None
        if trajectory == HELD:
            if rng.random() < 0.04:  # released early, re-arrested before the stock day
                first = self.detention_day(FIRST_DAY, dt.date(2021, 6, 30))
                plan.periods.append((CustodyKind.ADMINISTRATIVE, first,
                                     first + dt.timedelta(days=rng.choice([10, 15, 30])),
                                     EndReason.SERVED, None))
                start = self.detention_day(dt.date(2021, 9, 1), dt.date(2023, 3, 15))
            else:
                start = self.detention_day(FIRST_DAY, dt.date(2023, 3, 15))
            hold = STOCK_DAY
            if rng.random() < 0.25:  # released between May and December 2023
                self.convict(plan, start, must_hold_until=hold, release_by=None)
                kind, began, _, _, case_i = plan.periods[-1]
                earliest = max(began + dt.timedelta(days=1), dt.date(2023, 5, 2))
                if kind == CustodyKind.SENTENCE and earliest < HORIZON:
                    day = random_day(rng, earliest, HORIZON)
                    reason = pick(rng, [(EndReason.SERVED, 70), (EndReason.PARDONED, 28),
                                        (EndReason.DIED, 2)])
                    plan.periods[-1] = (kind, began, day, reason, case_i)
            else:
                self.convict(plan, start, must_hold_until=hold, release_by=None)
            recognised_by = STOCK_DAY - dt.timedelta(days=2)
        elif trajectory == RELEASED:
            start = self.detention_day(FIRST_DAY, dt.date(2022, 8, 31))
            self.convict(plan, start, must_hold_until=None, release_by=STOCK_DAY, short=True)
            if rng.random() < 0.12:  # re-arrested after the stock day
                again = random_day(rng, dt.date(2023, 5, 15), dt.date(2023, 11, 30))
                self.convict(plan, again, must_hold_until=None, release_by=None)
            if rng.random() < 0.02:
                plan.tracking = TrackingStatus.UNKNOWN
            recognised_by = STOCK_DAY
        elif trajectory == LATER:
            start = random_day(rng, dt.date(2023, 5, 1), dt.date(2023, 11, 30))
            self.convict(plan, start, must_hold_until=None, release_by=None)
            if rng.random() < 0.12:
                kind, began, end, reason, case_i = plan.periods[-1]
                if end is None and began < dt.date(2023, 10, 1):
                    plan.periods[-1] = (kind, began, random_day(rng, began + dt.timedelta(
                        days=20), HORIZON), EndReason.RELEASED if kind == CustodyKind.PRETRIAL
                        else EndReason.PARDONED, case_i)
            if rng.random() < 0.02:
                plan.tracking = TrackingStatus.MISSING
        elif trajectory == REVIEW:
            start = random_day(rng, dt.date(2023, 2, 1), dt.date(2023, 12, 15))
            self.convict(plan, start, must_hold_until=None, release_by=None)
            if rng.random() < 0.1:
                plan.tracking = TrackingStatus.MISSING
        else:  # documented, not recognised
            start = self.detention_day(FIRST_DAY, dt.date(2023, 10, 31))
            self.convict(plan, start, must_hold_until=None, release_by=None, short=True)

        first_start = next(p[1] for p in plan.periods if p[0] != CustodyKind.ADMINISTRATIVE)
        since = first_start + dt.timedelta(days=rng.randint(7, 90))
        if recognised_by:
            since = min(since, recognised_by)
        since = max(since, first_start)
        if trajectory in (HELD, RELEASED, LATER):
            since = min(since, HORIZON)
            if trajectory == RELEASED and rng.random() < 0.07:
                until = random_day(rng, since + dt.timedelta(days=60), HORIZON)
                plan.recognitions += [("viasna", RecognitionStatus.RECOGNISED, since, until),
                                      ("viasna", RecognitionStatus.WITHDRAWN, until, None)]
            else:
                plan.recognitions.append(("viasna", RecognitionStatus.RECOGNISED, since, None))
        elif trajectory == REVIEW:
            plan.recognitions.append(("viasna", RecognitionStatus.UNDER_REVIEW,
                                      min(since, HORIZON), None))
        else:
            plan.recognitions.append(("viasna", RecognitionStatus.NOT_RECOGNISED,
                                      min(since, HORIZON), None))

        if rng.random() < 0.05:
            custodial = [i for i, p in enumerate(plan.periods)
                         if p[0] in (CustodyKind.PRETRIAL, CustodyKind.SENTENCE)]
            i = rng.choice(custodial)
            _, began, end, _, _ = plan.periods[i]
            day = random_day(rng, began, min(end or HORIZON, HORIZON))
            plan.conditions.append((pick(rng, CONDITIONS), i, day))
        return plan

    def plans(self) -> list[Plan]:
        rng = self.rng
        quota = quotas(self.size)
        order = [t for t, n in quota.items() for _ in range(n)]
        rng.shuffle(order)
        plans = [self.plan(t) for t in order]
        # Media workers: BAJ's stock among those held on the stock day, a few more elsewhere.
        scale = self.size / DEFAULT_SIZE
        held = [p for p in plans if p.trajectory == HELD]
        rng.shuffle(held)
        media_held = max(0, round(BAJ_STOCK * scale) - NAMED_MEDIA_HELD)
        culture_held = round(105 * scale)
        for p in held[:media_held]:
            p.group = "media"
        held_before_2023 = [p for p in held[media_held:]
                            if min(x[1] for x in p.periods) < dt.date(2022, 12, 31)]
        for p in held_before_2023[:culture_held]:
            p.group = "culture"
        others = [p for p in plans if p.trajectory in (RELEASED, LATER)]
        rng.shuffle(others)
        for p in others[: round(30 * scale)]:
            p.group = "media"
        for p in others[round(30 * scale): round(55 * scale)]:
            p.group = "culture"
        for p in plans:
            if p.group == "media":
                org = "baj"
                for _, status, since, until in list(p.recognitions):
                    if status in (RecognitionStatus.RECOGNISED, RecognitionStatus.UNDER_REVIEW):
                        p.recognitions.append((org, status, since, until))
                        break
        return plans

    # -- writing -------------------------------------------------------------------------
    def stamp(self, day: dt.date | None) -> dt.datetime:
        """A plausible recorded time: a few days after the event, never in the future."""
        day = day or HORIZON
        moment = dt.datetime.combine(day + dt.timedelta(days=self.rng.randint(0, 14)),
                                     dt.time(9 + self.rng.randint(0, 9), self.rng.randint(0, 59)),
                                     tzinfo=dt.UTC)
        return min(moment, self.now)

    def write(self) -> Counter:
        rng = self.rng
        plans = self.plans()
        source = Source(
            organisation=self.viasna, visibility=Visibility.PUBLIC,
            kind=SourceKind.ORGANISATION_LIST, reliability=Reliability.UNKNOWN,
            title="Synthetic demo list (fictional persons generated by `vigil demo`)",
            notes="Not a real list: every person citing it is fictional.",
        )
        source.save()

        persons, names, occupation_links, cases, charge_links = [], [], [], [], []
        periods, placements, recognitions, reports, cite_targets = [], [], [], [], []
        person_occ = Person.occupations.through
        case_charge = Case.charges.through

        for plan in plans:
            region = pick(rng, REGIONS)
            owner = self.baj if plan.group == "media" and rng.random() < 0.5 else self.viasna
            visibility = pick(rng, [(Visibility.PUBLIC, 92), (Visibility.COALITION, 6),
                                    (Visibility.ORGANISATION, 2)])
            first = min(p[1] for p in plan.periods)
            common = {"organisation": owner, "visibility": visibility}
            birth_year = max(1940, min(2005, round(rng.gauss(1985, 11))))
            precision = pick(rng, [("D", 70), ("Y", 25), (None, 5)])
            birth = None
            if precision == "D":
                birth = random_day(rng, dt.date(birth_year, 1, 1), dt.date(birth_year, 12, 31))
            elif precision == "Y":
                birth = dt.date(birth_year, 1, 1)
            if first.year - birth_year < 18 and birth:
                birth = birth.replace(year=first.year - 18 - rng.randint(0, 5))
            occupations = {
                "media": pick(rng, MEDIA), "culture": pick(rng, CULTURE),
            }.get(plan.group) or pick(rng, OTHER)
            occupation_slugs = [occupations]
            if rng.random() < 0.08:
                occupation_slugs.append(pick(rng, OTHER))
            name = make_name(rng, plan.female)
            person = Person(
                **common, created_at=self.stamp(first), synthetic=True,
                gender=Gender.FEMALE if plan.female else Gender.MALE,
                birth_date=birth, birth_date_precision=precision or "D",
                region=self.regions.get(region),
                tracking_status=plan.tracking,
                summary=f"{SUMMARY_PREFIX}: fictional, generated for the demonstration. "
                        f"{self.occupations[occupations].name_en.capitalize()} from "
                        f"{self.regions[region].name_en}.",
            )
            persons.append(person)
            for text, language, script, kind, primary in [
                (name.latin, Language.EN, Script.LATIN, NameKind.LATIN, True),
                (name.be, Language.BE, Script.CYRILLIC, NameKind.BELARUSIAN, False),
                (name.ru, Language.RU, Script.CYRILLIC, NameKind.RUSSIAN, False),
            ]:
                names.append(NameVariant(
                    **common, created_at=person.created_at, person=person, text=text,
                    language=language, script=script, kind=kind, is_primary=primary,
                    search_keys=search_index(text),
                ))
            for slug in dict.fromkeys(occupation_slugs):
                occupation_links.append((person, self.occupations[slug]))
            cite_targets.append(person)

            case_objs = []
            for spec in plan.cases:
                convicted = spec["verdict"] is not None
                court = self.court_for(region)
                case = Case(
                    **common, created_at=self.stamp(spec["opened"]), person=person,
                    opened=spec["opened"], court=court if convicted or rng.random() < 0.5
                    else None,
                    closed_door=rng.random() < 0.2,
                    verdict=Verdict.CONVICTED if convicted else Verdict.PENDING,
                    verdict_date=spec["verdict"], sentence_kind=spec["kind"],
                    sentence_months=spec["months"], regime=spec["regime"],
                )
                if convicted and case.sentence_kind == SentenceKind.RESTRICTED_FREEDOM:
                    case.regime = ""
                if convicted and rng.random() < 0.6:
                    appeal = spec["verdict"] + dt.timedelta(days=rng.randint(30, 90))
                    if appeal <= HORIZON:
                        case.appeal_date = appeal
                        case.appeal_outcome = pick(rng, [(AppealOutcome.UPHELD, 92),
                                                         (AppealOutcome.REDUCED, 8)])
                cases.append(case)
                case_objs.append(case)
                for key in self.charges():
                    charge_links.append((case, self.articles[key]))

            period_objs = []
            for kind, start, end, reason, case_i in plan.periods:
                period = CustodyPeriod(
                    **common, created_at=self.stamp(start), person=person,
                    case=case_objs[case_i] if case_i is not None else None, kind=kind,
                    started=start, ended=end, end_reason=reason,
                )
                periods.append(period)
                period_objs.append(period)
                placements.extend(self.placements(period, region, plan.female, common))

            for org_key, status, since, until in plan.recognitions:
                owner_org = self.orgs[org_key]
                rec = Recognition(
                    organisation=owner_org, visibility=visibility,
                    created_at=self.stamp(since), person=person, status=status, since=since,
                    until=until, grounds="Synthetic demo recognition.",
                )
                recognitions.append(rec)
                cite_targets.append(rec)

            for slug, period_i, day in plan.conditions:
                reports.append(ConditionReport(
                    **common, created_at=self.stamp(day), person=person,
                    custody=period_objs[period_i], condition=self.condition_types[slug],
                    started=day, started_precision="D" if rng.random() < 0.6 else "M",
                    description="Synthetic report about a fictional person.",
                    description_sensitivity=pick(rng, [(Sensitivity.RESTRICTED, 60),
                                                       (Sensitivity.INTERNAL, 20),
                                                       (Sensitivity.PUBLIC, 20)]),
                ))
                if reports[-1].started_precision == "M":
                    reports[-1].started = day.replace(day=1)

        Person.objects.bulk_create(persons)
        NameVariant.objects.bulk_create(names)
        person_occ.objects.bulk_create([
            person_occ(person_id=p.pk, occupation_id=o.pk) for p, o in occupation_links
        ])
        Case.objects.bulk_create(cases)
        case_charge.objects.bulk_create(
            [case_charge(case_id=c.pk, article_id=a.pk) for c, a in
             dict.fromkeys(charge_links)]
        )
        CustodyPeriod.objects.bulk_create(periods)
        Placement.objects.bulk_create(placements)
        Recognition.objects.bulk_create(recognitions)
        ConditionReport.objects.bulk_create(reports)
        types = {}
        citations = []
        for target in cite_targets:
            model = type(target)
            if model not in types:
                types[model] = ContentType.objects.get_for_model(model)
            citations.append(Citation(
                organisation=target.organisation, visibility=target.visibility,
                created_at=target.created_at, source=source, content_type=types[model],
                object_id=target.pk, locator="Synthetic demo list, fictional row",
            ))
        Citation.objects.bulk_create(citations)
        self.counts.update({
            "persons": len(persons), "names": len(names), "cases": len(cases),
            "custody periods": len(periods), "placements": len(placements),
            "recognitions": len(recognitions), "condition reports": len(reports),
            "citations": len(citations),
        })
        return self.counts

    def court_for(self, region: str):
        slug = REGIONAL_COURT.get(region, "minsk-city-court")
        if region == "minsk-city" and self.rng.random() < 0.7:
            slug = self.rng.choice(["minsk-lieninski-court", "minsk-frunzienski-court",
                                    "minsk-saviecki-court", "minsk-city-court"])
        return self.orgs[slug]

    def charges(self) -> list[tuple[str, str]]:
        count = pick(self.rng, [(1, 60), (2, 30), (3, 10)])
        chosen = []
        while len(chosen) < count:
            key = pick(self.rng, CHARGES)
            if key not in chosen:
                chosen.append(key)
        return chosen

    def placements(self, period: CustodyPeriod, region: str, female: bool, common) -> list:
        rng = self.rng
        if period.kind == CustodyKind.ADMINISTRATIVE:
            slugs = ["minsk-akrestsina"]
        elif period.kind == CustodyKind.PRETRIAL:
            slug = PRETRIAL_FACILITIES.get(region, "minsk-sizo-1")
            roll = rng.random()
            if roll < 0.08:
                slug = "minsk-kgb-sizo"
            elif roll < 0.15:
                slug = "zhodzina-prison-8"
            slugs = [slug]
        else:
            slugs = [rng.choice(WOMEN_COLONIES)] if female else [rng.choice(MEN_COLONIES)]
            if rng.random() < 0.05:
                slugs = [rng.choice(PRISONS)]
            if rng.random() < 0.2:  # transferred once
                slugs.append(rng.choice(PRISONS + MEN_COLONIES if not female
                                        else WOMEN_COLONIES))
        start, end = period.started, period.ended
        if len(slugs) == 2 and (slugs[0] == slugs[1] or (end or HORIZON) - start < dt.timedelta(
                days=60)):
            slugs = slugs[:1]
        middle = None
        if len(slugs) == 2:
            last = end or HORIZON
            middle = random_day(rng, start + dt.timedelta(days=30), last - dt.timedelta(days=30))
        out = []
        for i, slug in enumerate(slugs):
            out.append(Placement(
                **common, created_at=self.stamp(start if i == 0 else middle), custody=period,
                facility=self.facilities[slug], since=start if i == 0 else middle,
                until=end if i == len(slugs) - 1 else middle,
            ))
        return out


def load_population(size: int, seed: int, orgs: dict) -> Counter:
    if size <= 0:
        return Counter()
    return Population(size, seed, orgs).write()
