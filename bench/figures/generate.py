"""A seeded registry for the figures benchmark, bulk-inserted through the ORM.

Every person gets a gender, a region (or none), occupations, one or more custody periods
(re-arrests, some on the day of release, open periods, dates known only to the month or the
year), placements in facilities, cases with charges under criminal-code articles, and
recognitions by several organisations (some under review first, some withdrawn, some with an
end date). A few records of each kind are soft-deleted, and some persons have a tracking
status other than "whereabouts known", so the figures have deleted records to skip and
persons to report apart. About eleven records ("events") per person: 100,000 persons make
about 1.1 million.

    DATABASE_URL=sqlite:////tmp/figures.sqlite3 python -m bench.figures.generate --persons 1000

Rows are inserted with `bulk_create` in batches, with explicit ids (so that placements and
charges can name their custody period and case), and the id sequences are reset afterwards.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

FIRST_DAY = dt.date(2012, 1, 1).toordinal()
LAST_DAY = dt.date(2025, 6, 30).toordinal()
ORGANISATIONS = {  # slug -> (name, share of persons it has a recognition record for)
    "viasna": ("Human Rights Centre Viasna", 0.75),
    "memorial": ("Memorial", 0.40),
    "pen": ("Belarusian PEN", 0.15),
    "baj": ("Belarusian Association of Journalists", 0.10),
    "cpj": ("Committee to Protect Journalists", 0.20),
}
BATCH = 5000
CHUNK = 5000  # persons generated and inserted at a time


@dataclass
class Rows:
    """One chunk of rows to insert, per model (plain dicts of field values)."""

    persons: list = field(default_factory=list)
    occupations: list = field(default_factory=list)  # (person id, occupation id)
    custody: list = field(default_factory=list)
    placements: list = field(default_factory=list)
    cases: list = field(default_factory=list)
    charges: list = field(default_factory=list)  # (case id, article id)
    recognitions: list = field(default_factory=list)


@dataclass
class Ids:
    person: int = 0
    custody: int = 0
    placement: int = 0
    case: int = 0
    recognition: int = 0

    def next(self, kind: str) -> int:
        value = getattr(self, kind) + 1
        setattr(self, kind, value)
        return value


def _partial(rng: random.Random, ordinal: int) -> tuple[dt.date, str]:
    """A day as a documenter may know it: mostly exact, sometimes only the month or year
    (stored, as Vigil stores them, as the first day of that month or year)."""
    day = dt.date.fromordinal(ordinal)
    roll = rng.random()
    if roll < 0.08:
        return day.replace(day=1), "M"
    if roll < 0.11:
        return day.replace(month=1, day=1), "Y"
    return day, "D"


def _deleted(rng: random.Random, share: float = 0.01):
    return dt.datetime(2025, 7, 1, tzinfo=dt.UTC) if rng.random() < share else None


class Generator:
    def __init__(self, seed: int, vocab: dict):
        self.rng = random.Random(seed)
        self.vocab = vocab
        self.ids = Ids()

    def person(self, rows: Rows) -> None:
        rng, v = self.rng, self.vocab
        pid = self.ids.next("person")
        rows.persons.append({
            "id": pid, "organisation_id": rng.choice(v["orgs"]),
            "visibility": rng.choice(["organisation", "coalition", "public"]),
            "gender": rng.choices(["male", "female", "other", "unknown"], [70, 25, 1, 4])[0],
            "region_id": None if rng.random() < 0.05 else rng.choice(v["regions"]),
            "tracking_status": rng.choices(
                ["known", "unknown", "missing", "abducted", "restricted"], [92, 3, 2, 1, 2])[0],
            "deleted_at": _deleted(rng),
        })
        how_many = rng.choices([0, 1, 2, 3], [15, 55, 25, 5])[0]
        for occupation in rng.sample(v["occupations"], how_many):
            rows.occupations.append((pid, occupation))
        first_arrest = self.custody(rows, pid)
        for _ in range(rng.choices([0, 1, 2], [10, 60, 30])[0]):
            self.case(rows, pid, first_arrest)
        self.recognitions(rows, pid, first_arrest)

    def custody(self, rows: Rows, pid: int) -> int:
        """One to five custody periods in sequence; returns the first day of the first one."""
        rng = self.rng
        start = rng.randint(FIRST_DAY, LAST_DAY - 30)
        first = start
        for n in range(rng.choices([1, 2, 3, 4, 5], [35, 30, 18, 10, 7])[0]):
            kind = rng.choices(["administrative", "pretrial", "sentence", "house_arrest",
                                "psychiatric"], [35, 30, 25, 7, 3])[0]
            length = {"administrative": rng.randint(3, 30), "pretrial": rng.randint(20, 400),
                      "sentence": rng.randint(300, 3000), "house_arrest": rng.randint(30, 300),
                      "psychiatric": rng.randint(60, 900)}[kind]
            end = start + length
            started, started_precision = _partial(rng, start)
            still_held = end > LAST_DAY or rng.random() < 0.05
            if still_held:
                ended, ended_precision, reason = None, "D", ""
            else:
                ended, ended_precision = _partial(rng, end)
                reason = rng.choices(["served", "pardoned", "amnestied", "released", "died",
                                      "exiled", "exchanged"], [50, 10, 10, 20, 2, 4, 4])[0]
            cid = self.ids.next("custody")
            rows.custody.append({
                "id": cid, "person_id": pid, "organisation_id": rng.choice(self.vocab["orgs"]),
                "visibility": "coalition", "kind": kind, "started": started,
                "started_precision": started_precision, "ended": ended,
                "ended_precision": ended_precision, "end_reason": reason,
                "deleted_at": _deleted(rng),
            })
            self.placements(rows, cid, start, end if ended else None)
            if still_held:
                break
            # re-arrested: sometimes on the day of release, usually months or years later
            start = end if rng.random() < 0.15 else end + rng.randint(30, 1500)
            if start > LAST_DAY - 30 or n >= 4:
                break
        return first

    def placements(self, rows: Rows, cid: int, start: int, end: int | None) -> None:
        rng = self.rng
        moved = start + rng.randint(10, 200)
        transfer = rng.random() < 0.15 and (end is None or moved < end)
        bounds = [(start, moved), (moved, end)] if transfer else [(start, end)]
        for since, until in bounds:
            rows.placements.append({
                "id": self.ids.next("placement"), "custody_id": cid,
                "organisation_id": rng.choice(self.vocab["orgs"]), "visibility": "coalition",
                "facility_id": rng.choice(self.vocab["facilities"]),
                "since": dt.date.fromordinal(since), "since_precision": "D",
                "until": None if until is None else dt.date.fromordinal(until),
                "until_precision": "D", "deleted_at": _deleted(rng, 0.005),
            })

    def case(self, rows: Rows, pid: int, first_arrest: int) -> None:
        rng = self.rng
        opened = first_arrest + rng.randint(-30, 200)
        verdict = rng.choices(["convicted", "pending", "acquitted", "dismissed"], [70, 22, 3, 5])[0]
        decided = None if verdict == "pending" else opened + rng.randint(30, 500)
        case_id = self.ids.next("case")
        rows.cases.append({
            "id": case_id, "person_id": pid, "organisation_id": rng.choice(self.vocab["orgs"]),
            "visibility": "public", "opened": dt.date.fromordinal(opened),
            "opened_precision": "D", "verdict": verdict,
            "verdict_date": None if decided is None else dt.date.fromordinal(decided),
            "verdict_date_precision": "D",
            "sentence_kind": rng.choice(["imprisonment", "restricted_freedom", "fine"])
            if verdict == "convicted" else "",
            "deleted_at": _deleted(rng),
        })
        for article in rng.sample(self.vocab["articles"], rng.choices([1, 2, 3], [40, 40, 20])[0]):
            rows.charges.append((case_id, article))

    def recognitions(self, rows: Rows, pid: int, first_arrest: int) -> None:
        rng = self.rng
        for slug, (_, share) in ORGANISATIONS.items():
            if rng.random() >= share:
                continue
            since = first_arrest + rng.randint(0, 120)
            records = []
            if rng.random() < 0.15:  # under review first, then decided
                records.append(("under_review", since, None))
                since += rng.randint(1, 90)
            status = rng.choices(["recognised", "not_recognised"], [93, 7])[0]
            if status == "recognised" and rng.random() < 0.05:
                records.append((status, since, since + rng.randint(100, 2000)))  # with an end
            else:
                records.append((status, since, None))
            if status == "recognised" and rng.random() < 0.08:  # withdrawn later
                records.append(("withdrawn", since + rng.randint(0, 1500), None))
            for status, start, end in records:
                started, precision = _partial(rng, start)
                rows.recognitions.append({
                    "id": self.ids.next("recognition"), "person_id": pid,
                    "organisation_id": self.vocab["org_ids"][slug], "visibility": "coalition",
                    "status": status, "since": started, "since_precision": precision,
                    "until": None if end is None else dt.date.fromordinal(end),
                    "until_precision": "D", "deleted_at": _deleted(rng),
                })


def vocabulary() -> dict:
    """The ids the generator draws from: the seeded vocabularies and the organisations."""
    from vigil.accounts.models import Organisation
    from vigil.registry import models as m

    org_ids = {}
    for slug, (name, _) in ORGANISATIONS.items():
        org, _ = Organisation.objects.get_or_create(
            slug=slug, defaults={"name_en": name, "kind": "documenting"})
        org_ids[slug] = org.pk
    vocab = {
        "org_ids": org_ids, "orgs": sorted(org_ids.values()),
        "regions": list(m.Region.objects.order_by("pk").values_list("pk", flat=True)),
        "occupations": list(m.Occupation.objects.order_by("pk").values_list("pk", flat=True)),
        "facilities": list(m.Facility.objects.order_by("pk").values_list("pk", flat=True)),
        # articles cited in political cases: a few dozen, not the whole code
        "articles": list(m.Article.objects.order_by("pk").values_list("pk", flat=True)[:40]),
    }
    missing = [k for k, ids in vocab.items() if not ids]
    if missing:
        raise SystemExit(f"the seeded vocabularies are empty ({', '.join(missing)}): "
                         "run `vigil migrate` first")
    return vocab


def _insert(rows: Rows, counts: Counter) -> None:
    from vigil.registry import models as m

    def put(model, dicts):
        model.objects.bulk_create([model(**d) for d in dicts], batch_size=BATCH)
        counts[model.__name__] += len(dicts)

    put(m.Person, rows.persons)
    through = m.Person.occupations.through
    through.objects.bulk_create([through(person_id=p, occupation_id=o)
                                 for p, o in rows.occupations], batch_size=BATCH)
    counts["occupation"] += len(rows.occupations)
    put(m.CustodyPeriod, rows.custody)
    put(m.Placement, rows.placements)
    put(m.Case, rows.cases)
    through = m.Case.charges.through
    through.objects.bulk_create([through(case_id=c, article_id=a) for c, a in rows.charges],
                                batch_size=BATCH)
    counts["charge"] += len(rows.charges)
    put(m.Recognition, rows.recognitions)


def _reset_sequences() -> None:
    from django.core.management.color import no_style
    from django.db import connection

    from vigil.registry import models as m

    models = [m.Person, m.CustodyPeriod, m.Placement, m.Case, m.Recognition,
              m.Person.occupations.through, m.Case.charges.through]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def generate(persons: int, seed: int = 1) -> dict:
    """Insert `persons` generated persons and their records; return the counts per kind.

    The database must hold no persons yet (ids are assigned from 1)."""
    from django.db import transaction

    from vigil.registry import models as m

    if m.Person.objects.exists():
        raise SystemExit("the database already holds persons: generate into an empty one")
    gen = Generator(seed, vocabulary())
    counts: Counter = Counter()
    done = 0
    while done < persons:
        rows = Rows()
        for _ in range(min(CHUNK, persons - done)):
            gen.person(rows)
        with transaction.atomic():
            _insert(rows, counts)
        done += len(rows.persons)
    _reset_sequences()
    counts["events"] = sum(v for k, v in counts.items() if k != "Person")
    return dict(counts)


def main() -> None:
    import argparse
    import json

    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count-only", action="store_true",
                        help="print how many persons the database holds, and stop")
    args = parser.parse_args()
    django.setup()
    from django.core.management import call_command

    from vigil.registry import models as m

    call_command("migrate", verbosity=0)
    if args.count_only:
        print(m.Person.objects.count())
        return
    print(json.dumps(generate(args.persons, args.seed)))


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigil.settings")
    main()
