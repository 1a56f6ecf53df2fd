"""A seeded generator of multi-list data with ground truth, independent of `vigil.names`.

Persons are drawn first (a Belarusian and a Russian form of every name, birth date, region,
charges, detention date), with hard negatives among them: namesakes (same surname and given
name, another birth year), fathers and sons (same surname, the son's patronymic from the
father's name, often the same given name), mothers and daughters, brothers (same surname and
patronymic, close birth years). Then each list writes down the persons it knows, in its own
style:

- viasna: Belarusian Cyrillic, "Surname Given Patronymic", DD.MM.YYYY birth dates, regions,
  articles;
- memorial: Russian Cyrillic, "Surname Given Patronymic", birth years, Russian region names;
- local: Russian Cyrillic, "Given Surname" or "Surname Given" (half each), diminutives,
  initials, more typos, fewer birth years;
- cpj: Latin, "Given Surname", Russian-based romanisations (ICAO, BGN, newsroom), English
  given names;
- pen: Latin, "Given Surname", Belarusian-based romanisations (passport, BGN), diminutives
  (Ales, Nasta);
- lacinka: Łacinka, "Surname Given", sparse birth data.

Every record carries its ground-truth person id. Nothing here imports `vigil`.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from . import tables
from .roman import romanise

# script class of each list, used for the per-script-pair slices of the metrics
LIST_SCRIPT = {"viasna": "be", "memorial": "ru", "local": "ru", "cpj": "lat", "pen": "lat",
               "lacinka": "lat"}
# probability that a person appears in the list
COVERAGE = {"viasna": 0.85, "memorial": 0.55, "local": 0.25, "cpj": 0.25, "pen": 0.25,
            "lacinka": 0.15}
# probability that the list gives a birth year (or date) / a full date / a typo per record
BIRTH = {"viasna": 0.95, "memorial": 0.85, "local": 0.6, "cpj": 0.6, "pen": 0.5,
         "lacinka": 0.4}
FULL_DATE = {"viasna": 0.6, "memorial": 0.2, "local": 0.0, "cpj": 0.0, "pen": 0.1,
             "lacinka": 0.0}
TYPO = {"viasna": 0.02, "memorial": 0.03, "local": 0.08, "cpj": 0.04, "pen": 0.04,
        "lacinka": 0.03}
SURNAME_ZIPF = 0.6
WRONG_YEAR = 0.01  # a birth year off by one: a data error no rule can excuse
LISTS = tuple(LIST_SCRIPT)

_CYR_LETTERS = "абвгдежзиклмнопрстуфхцчшыэюяі"
_LAT_LETTERS = "abcdefghiklmnoprstuvyz"


@dataclass
class Person:
    pid: int
    gender: str
    surname_be: str
    surname_ru: str
    given: int  # index into tables.MALE or FEMALE
    father_given: int  # index into tables.MALE (a name with a patronymic stem)
    birth: dt.date
    region: int
    articles: tuple[str, ...]
    detained: dt.date
    kind: str = "person"  # person, namesake, son, daughter, brother


@dataclass
class Row:
    list: str
    id: str
    name: str
    birth_year: str = ""
    birth_date: str = ""
    region: str = ""
    articles: str = ""
    detained_on: str = ""
    person: int = 0
    extra: dict = field(default_factory=dict)


def _zipf_weights(n: int, s: float) -> list[float]:
    return [1.0 / (r ** s) for r in range(1, n + 1)]


class Generator:
    def __init__(self, seed: int = 1):
        self.rng = random.Random(seed)
        rng = random.Random(seed + 1000)
        surnames = []
        for root in tables.ROOTS:
            for inf in tables.INFIXES:
                for end in tables.ENDINGS:
                    surnames.append((root, inf, end))
        rng.shuffle(surnames)
        self.surnames = surnames
        # Zipf exponent 0.6 over ~14,000 surnames: the commonest is 0.9 % of persons and the
        # hundred commonest 12 %, about what Belarusian surname counts show. (A first version
        # used 0.9, which made one surname 6 % of all persons; see docs/linkage.md.)
        self.surname_w = _zipf_weights(len(surnames), SURNAME_ZIPF)
        self.male_w = _zipf_weights(len(tables.MALE), 0.7)
        self.female_w = _zipf_weights(len(tables.FEMALE), 0.7)
        self.fathers = [i for i, g in enumerate(tables.MALE) if g[5]]
        self.region_w = [0.3, 0.1, 0.1, 0.12, 0.08, 0.1, 0.08, 0.04, 0.04, 0.04]

    # --- persons ---------------------------------------------------------------------------------

    def _surname(self, idx: int, gender: str) -> tuple[str, str]:
        (rb, rr), (ib, ir), end = self.surnames[idx]
        be, ru = (end[0], end[1]) if gender == "m" else (end[2], end[3])
        # a soft sign at the end of the stem goes before an ending; -цкі after a consonant
        # cluster is written -скі
        sb, sr = (rb + ib).rstrip("ь"), (rr + ir).rstrip("ь")
        if be.startswith("цк") and sb[-1:] not in "аеёіыоуюя":
            be, ru = "с" + be[1:], "с" + ru[1:]
        return sb + be, sr + ru

    def _birth(self, lo: int = 1950, hi: int = 2004) -> dt.date:
        year = self.rng.randint(lo, hi)
        return dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))

    def _new_person(self, pid: int, **kw) -> Person:
        rng = self.rng
        gender = kw.pop("gender", None) or ("m" if rng.random() < 0.8 else "f")
        sidx = kw.pop("surname", None)
        if sidx is None:
            sidx = rng.choices(range(len(self.surnames)), self.surname_w)[0]
        sb, sr = self._surname(sidx, gender)
        if "given" in kw:
            given = kw.pop("given")
        elif gender == "m":
            given = rng.choices(range(len(tables.MALE)), self.male_w)[0]
        else:
            given = rng.choices(range(len(tables.FEMALE)), self.female_w)[0]
        father = kw.pop("father_given", None)
        if father is None:
            father = rng.choices(self.fathers, [self.male_w[i] for i in self.fathers])[0]
        birth = kw.pop("birth", None) or self._birth()
        region = kw.pop("region", None)
        if region is None:
            region = rng.choices(range(len(tables.REGIONS)), self.region_w)[0]
        arts = tuple(rng.sample(tables.ARTICLES, rng.choice([1, 1, 2, 3])))
        detained = dt.date(2020, 8, 1) + dt.timedelta(days=rng.randrange(5 * 365))
        p = Person(pid, gender, sb, sr, given, father, birth, region, arts, detained, **kw)
        p.surname_idx = sidx  # type: ignore[attr-defined]
        return p

    def persons(self, n: int) -> list[Person]:
        rng = self.rng
        out: list[Person] = []
        while len(out) < n:
            p = self._new_person(len(out) + 1)
            out.append(p)
            r = rng.random()
            sidx = p.surname_idx  # type: ignore[attr-defined]
            if r < 0.04 and p.gender == "m" and p.birth.year < 1980:
                # a son: the father's surname; his patronymic from the father's given name;
                # a third of sons carry the father's given name as well
                if tables.MALE[p.given][5]:
                    same = rng.random() < 0.35
                    son_given = p.given if same else None
                    kw = {"given": son_given} if same else {}
                    out.append(self._new_person(
                        len(out) + 1, gender="m", surname=sidx, father_given=p.given,
                        birth=self._birth(p.birth.year + 20, min(p.birth.year + 35, 2005)),
                        region=p.region, kind="son", **kw))
            elif r < 0.06 and p.gender == "f" and p.birth.year < 1980:
                out.append(self._new_person(
                    len(out) + 1, gender="f", surname=sidx,
                    birth=self._birth(p.birth.year + 20, min(p.birth.year + 35, 2005)),
                    region=p.region, kind="daughter"))
            elif r < 0.09:
                # a namesake: same surname and given name, another birth year, elsewhere
                year = p.birth.year + rng.choice([-1, 1]) * rng.randint(1, 25)
                year = min(max(year, 1940), 2005)
                if year != p.birth.year:
                    out.append(self._new_person(
                        len(out) + 1, gender=p.gender, surname=sidx, given=p.given,
                        birth=self._birth(year, year), kind="namesake"))
            elif r < 0.11 and p.gender == "m":
                # a brother: same surname and patronymic, another given name, close in age
                year = min(max(p.birth.year + rng.randint(-5, 5), 1940), 2005)
                out.append(self._new_person(
                    len(out) + 1, gender="m", surname=sidx, father_given=p.father_given,
                    birth=self._birth(year, year), region=p.region, kind="brother"))
        return out[:n]

    # --- names as each list writes them ---------------------------------------------------------

    def _typo(self, text: str, latin: bool) -> str:
        rng = self.rng
        letters = _LAT_LETTERS if latin else _CYR_LETTERS
        positions = [i for i, c in enumerate(text) if c.isalpha()]
        if len(positions) < 4:
            return text
        i = rng.choice(positions[1:])
        op = rng.random()
        if op < 0.3:
            return text[:i] + text[i + 1:]
        if op < 0.55 and i + 1 < len(text) and text[i + 1].isalpha():
            return text[:i] + text[i + 1] + text[i] + text[i + 2:]
        if op < 0.8:
            return text[:i] + rng.choice(letters) + text[i + 1:]
        return text[:i] + text[i] + text[i:]

    def _patronymic(self, p: Person, lang: str) -> str:
        g = tables.MALE[p.father_given]
        if lang == "be":
            stem = g[5]
            return stem + "іч" if p.gender == "m" else stem[:-1] + "ўна"
        stem = g[6]
        return stem + "ич" if p.gender == "m" else stem + "на"

    def _given_table(self, p: Person):
        return (tables.MALE if p.gender == "m" else tables.FEMALE)[p.given]

    def _given_cyr(self, p: Person, lang: str, dim_rate: float) -> str:
        g = self._given_table(p)
        dims = g[3] if lang == "be" else g[4]
        if dims and self.rng.random() < dim_rate:
            return self.rng.choice(dims)
        return g[0] if lang == "be" else g[1]

    def row(self, p: Person, lst: str, rid: str) -> Row:
        rng = self.rng
        script = LIST_SCRIPT[lst]
        latin = script == "lat"
        patronymic = ""
        if lst == "viasna":
            surname, given = p.surname_be, self._given_cyr(p, "be", 0.05)
            if rng.random() < 0.7:
                patronymic = self._patronymic(p, "be")
            order = "sgp"
        elif lst == "memorial":
            surname, given = p.surname_ru, self._given_cyr(p, "ru", 0.0)
            if rng.random() < 0.9:
                patronymic = self._patronymic(p, "ru")
            order = "sgp"
        elif lst == "local":
            surname, given = p.surname_ru, self._given_cyr(p, "ru", 0.15)
            if rng.random() < 0.2:
                patronymic = self._patronymic(p, "ru")
            order = "gs" if rng.random() < 0.5 else "sgp"
            if rng.random() < 0.08:
                given = given[0] + "."
                if patronymic:
                    patronymic = patronymic[0] + "."
                order = "sgp"
        elif lst == "cpj":
            system = rng.choice(("ru_icao", "ru_bgn", "adhoc", "adhoc"))
            surname = romanise(p.surname_ru, system, rng)
            g = self._given_table(p)
            given = (rng.choice(g[2]) if rng.random() < 0.5
                     else romanise(g[1], system, rng))
            order = "gs"
        elif lst == "pen":
            system = rng.choice(("be_passport", "be_passport", "be_bgn"))
            surname = romanise(p.surname_be, system, rng)
            g = self._given_table(p)
            r = rng.random()
            if r < 0.15 and g[3]:
                given = romanise(rng.choice(g[3]), system, rng)
            elif r < 0.5:
                given = rng.choice(g[2])
            else:
                given = romanise(g[0], system, rng)
            order = "gs"
        else:  # lacinka
            surname = romanise(p.surname_be, "lacinka", rng)
            g = self._given_table(p)
            given = romanise(g[3][0] if g[3] and rng.random() < 0.2 else g[0], "lacinka", rng)
            order = "sg"
        if rng.random() < TYPO[lst]:
            surname = self._typo(surname, latin)
        if rng.random() < TYPO[lst] / 2:
            given = self._typo(given, latin)
        parts = {"s": surname, "g": given, "p": patronymic}
        name = " ".join(parts[c] for c in order if parts[c])
        if lst in ("cpj", "pen") and rng.random() < 0.15:
            name = name.upper() if rng.random() < 0.3 else name
        row = Row(lst, rid, name, person=p.pid)
        if rng.random() < BIRTH[lst]:
            year = p.birth.year
            if rng.random() < WRONG_YEAR:
                year += rng.choice([-1, 1])
            if rng.random() < FULL_DATE[lst] and year == p.birth.year:
                row.birth_date = p.birth.strftime("%d.%m.%Y")
            else:
                row.birth_year = str(year)
        reg = tables.REGIONS[p.region]
        if lst == "viasna" and rng.random() < 0.8:
            row.region = reg[0]
        elif lst in ("memorial", "local") and rng.random() < 0.6:
            row.region = reg[1]
        elif latin and rng.random() < 0.3:
            row.region = rng.choice(reg[2])
        if lst in ("viasna", "memorial") and rng.random() < 0.7:
            row.articles = ", ".join(f"ст. {a}" for a in p.articles)
        if lst in ("viasna", "memorial", "cpj") and rng.random() < 0.5:
            row.detained_on = p.detained.isoformat()
        row.extra = {"script": script, "kind": p.kind}
        return row

    def lists(self, n_records: int) -> list[Row]:
        """About `n_records` rows over the six lists (exactly, after trimming)."""
        mean = sum(COVERAGE.values())
        persons = self.persons(int(n_records / mean * 1.05) + 10)
        rows: list[Row] = []
        counters = dict.fromkeys(LISTS, 0)
        for p in persons:
            chosen = [lst for lst in LISTS if self.rng.random() < COVERAGE[lst]]
            if not chosen:
                chosen = [self.rng.choice(LISTS)]
            for lst in chosen:
                counters[lst] += 1
                rows.append(self.row(p, lst, f"{lst[0]}{counters[lst]}"))
            if len(rows) >= n_records:
                break
        rows = rows[:n_records]
        self.rng.shuffle(rows)
        return rows


FIELDS = ["list", "id", "name", "birth_year", "birth_date", "region", "articles",
          "detained_on", "person", "script", "kind"]


def generate(n_records: int, seed: int = 1) -> list[Row]:
    return Generator(seed).lists(n_records)


def write(rows: list[Row], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(FIELDS)
        for r in rows:
            w.writerow([r.list, r.id, r.name, r.birth_year, r.birth_date, r.region, r.articles,
                        r.detained_on, r.person, r.extra["script"], r.extra["kind"]])


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


if __name__ == "__main__":  # a look at the data: python -m bench.linkage.generate 20
    import sys

    for r in generate(int(sys.argv[1]) if len(sys.argv) > 1 else 20):
        print(r.person, r.list, r.name, r.birth_year or r.birth_date, r.region,
              r.extra["kind"], sep=" | ")
