"""Open data: the public projection as files anyone can use (DESIGN §6, §8).

One dump is a directory holding, for each resource, a CSV file and a JSON Lines mirror; one
SQLite file with every resource as a table (with its keys) and a Datasette `metadata.json`
(licence, source, column descriptions, a `datasette-reconcile` configuration); a Frictionless
`datapackage.json` with a Table Schema per resource; and `SHA256SUMS`. Every resource is
defined once, in RESOURCES, and every format is written from that one definition.

Only named persons of the public projection appear, with public fields of public records; a
person whose name is withheld is counted in the figures and absent from the data (their
facts could single them out). The same registry and day give the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import gettext_noop

from vigil.csv_cells import safe_cell
from vigil.public.names import names_for, site_romanisation
from vigil.public.registry import PublicDay
from vigil.publishing.models import Release
from vigil.publishing.projection import named_persons, public_records, withheld_count
from vigil.registry import models as m

LICENCES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0",
                  "https://creativecommons.org/licenses/by/4.0/"),
    "CC0-1.0": ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODbL-1.0": ("Open Data Commons Open Database License 1.0",
                 "https://opendatacommons.org/licenses/odbl/1-0/"),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type: string, integer, date, …
    description: str
    required: bool = False


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, resource, its column)


def _c(name, type_, description, required=False) -> Column:
    return Column(name, type_, description, required)


PARTIAL = "a date as precise as known: YYYY, YYYY-MM or YYYY-MM-DD"
RESOURCES = [
    Resource("persons", gettext_noop("Persons"), (
        _c("id", "string", "the person's stable public identifier (also their page's address)",
           True),
        _c("name_be", "string", "the name in Belarusian"),
        _c("name_ru", "string", "the name in Russian"),
        _c("name_latin", "string", "the name in Latin letters"),
        _c("gender", "string", "female, male, other or unknown"),
        _c("birth_year", "integer", "year of birth"),
        _c("region", "string", "region of Belarus"),
        _c("status", "string", "on the dump's day: held, released, died_in_custody or never_held"),
        _c("summary", "string", "a short public summary"),
        _c("synthetic", "boolean", "true for the fictional persons of the demonstration"),
    ), ("id",)),
    Resource("names", gettext_noop("Spellings of names"), (
        _c("person_id", "string", "the person", True),
        _c("text", "string", "one spelling of the person's name", True),
        _c("language", "string", "be, ru, en, pl, uk or other"),
        _c("script", "string", "Cyrl or Latn"),
        _c("kind", "string", "official, belarusian, russian, latin, lacinka or alias"),
    ), ("person_id", "text"), (("person_id", "persons", "id"),)),
    Resource("custody_periods", gettext_noop("Custody periods"), (
        _c("id", "integer", "the period's identifier", True),
        _c("person_id", "string", "the person", True),
        _c("kind", "string", "administrative, pretrial, sentence, house_arrest or psychiatric"),
        _c("started", "string", f"first day of custody, {PARTIAL}", True),
        _c("ended", "string", f"day custody ended (empty: held), {PARTIAL}"),
        _c("end_reason", "string", "how it ended: served, pardoned, died, exiled, …"),
        _c("case_id", "integer", "the case the period belongs to"),
    ), ("id",), (("person_id", "persons", "id"),)),
    Resource("cases", gettext_noop("Criminal cases"), (
        _c("id", "integer", "the case's identifier", True),
        _c("person_id", "string", "the person", True),
        _c("court", "string", "the court"),
        _c("verdict", "string", "pending, convicted, acquitted or dismissed"),
        _c("verdict_date", "string", f"day of the verdict, {PARTIAL}"),
        _c("sentence_kind", "string", "imprisonment, life, restricted_freedom, …"),
        _c("sentence_months", "integer", "length of the sentence in months"),
        _c("regime", "string", "the colony regime"),
    ), ("id",), (("person_id", "persons", "id"),)),
    Resource("charges", gettext_noop("Charges"), (
        _c("case_id", "integer", "the case", True),
        _c("article", "string", "the article, as 'BY CC 342.1' (country, code, article, part)",
           True),
        _c("title_en", "string", "the article's title in English"),
        _c("title_be", "string", "the article's title in Belarusian"),
        _c("title_ru", "string", "the article's title in Russian"),
    ), ("case_id", "article"), (("case_id", "cases", "id"),)),
    Resource("recognitions", gettext_noop("Recognitions"), (
        _c("id", "integer", "the recognition's identifier", True),
        _c("person_id", "string", "the person", True),
        _c("organisation", "string", "the organisation that decided", True),
        _c("status", "string", "recognised, under_review, not_recognised or withdrawn", True),
        _c("since", "string", f"from, {PARTIAL}", True),
        _c("until", "string", f"to, {PARTIAL}"),
    ), ("id",), (("person_id", "persons", "id"),)),
    Resource("releases", gettext_noop("Published figures (frozen releases)"), (
        _c("slug", "string", "the release's identifier", True),
        _c("organisation", "string", "who published it", True),
        _c("title", "string", "its title"),
        _c("count", "integer", "the number", True),
        _c("citation", "string", "the definition in words, to print under the figure", True),
        _c("definition", "string", "the definition, as JSON"),
        _c("published_at", "datetime", "when it was frozen (UTC)", True),
    ), ("slug",)),
]


def _partial(record, field) -> str:
    value = record.partial(field)
    return str(value) if value else ""


def rows(resource: str, day: PublicDay) -> Iterator[dict]:
    """The resource's rows, in a stable order."""
    yield from ROW_MAKERS[resource](day)


def _persons(day: PublicDay):
    states = day.states()
    persons = named_persons().select_related("publication", "region").prefetch_related(
        _public_names()).order_by("publication__slug")
    romanisation = site_romanisation()
    for person in persons:
        names = list(person.names.all())
        chosen = {language: names_for(names, language, romanisation)[0]
                  for language in ("be", "ru", "en")}
        yield {
            "id": person.publication.slug,
            "name_be": _text(chosen["be"], "be"), "name_ru": _text(chosen["ru"], "ru"),
            "name_latin": _text(chosen["en"], "en"),
            "gender": person.gender,
            "birth_year": person.birth_date.year if person.birth_date else None,
            "region": person.region.name_en if person.region else "",
            "status": states.get(person.pk, "never_held"),
            "summary": person.summary,
            "synthetic": person.synthetic,
        }


def _text(name, language: str) -> str:
    """The spelling chosen for `language` only if it is one (no Latin in name_be)."""
    if name is None:
        return ""
    fits = name.lang == language or (language == "en" and name.lang in ("en", "be-Latn"))
    return name.text if fits else ""


def _public_names():
    return Prefetch("names", queryset=public_records(m.NameVariant).order_by("pk"))


def _names(day):
    names = public_records(m.NameVariant).select_related("person__publication").order_by(
        "person__publication__slug", "text", "pk")
    seen = set()
    for name in names:
        key = (name.person.publication.slug, name.text)
        if key not in seen:
            seen.add(key)
            yield {"person_id": key[0], "text": name.text, "language": name.language,
                   "script": name.script, "kind": name.kind}


def _custody(day):
    public_cases = set(public_records(m.Case).values_list("pk", flat=True))
    for period in public_records(m.CustodyPeriod).select_related(
            "person__publication").order_by("pk"):
        yield {"id": period.pk, "person_id": period.person.publication.slug,
               "kind": period.kind, "started": _partial(period, "started"),
               "ended": _partial(period, "ended"), "end_reason": period.end_reason,
               "case_id": period.case_id if period.case_id in public_cases else None}


def _cases(day):
    for case in public_records(m.Case).select_related("person__publication", "court").order_by(
            "pk"):
        yield {"id": case.pk, "person_id": case.person.publication.slug,
               "court": case.court.name_en if case.court else "", "verdict": case.verdict,
               "verdict_date": _partial(case, "verdict_date"),
               "sentence_kind": case.sentence_kind, "sentence_months": case.sentence_months,
               "regime": case.regime}


def _charges(day):
    through = m.Case.charges.through.objects.filter(
        case__in=public_records(m.Case)).select_related("article").order_by(
        "case_id", "article__article", "article__part")
    for link in through:
        article = link.article
        yield {"case_id": link.case_id, "article": article.label, "title_en": article.title_en,
               "title_be": article.title_be, "title_ru": article.title_ru}


def _recognitions(day):
    for r in public_records(m.Recognition).select_related(
            "person__publication", "organisation").order_by("pk"):
        yield {"id": r.pk, "person_id": r.person.publication.slug,
               "organisation": r.organisation.name_en, "status": r.status,
               "since": _partial(r, "since"), "until": _partial(r, "until")}


def _releases(day):
    for release in Release.objects.select_related("organisation").order_by("created_at", "pk"):
        yield {"slug": release.slug, "organisation": release.organisation.name_en,
               "title": release.title, "count": release.count, "citation": release.citation,
               "definition": json.dumps(release.definition, sort_keys=True, ensure_ascii=False),
               "published_at": release.created_at.astimezone(dt.UTC).strftime(
                   "%Y-%m-%dT%H:%M:%SZ")}


ROW_MAKERS = {"persons": _persons, "names": _names, "custody_periods": _custody,
              "cases": _cases, "charges": _charges, "recognitions": _recognitions,
              "releases": _releases}


# --- writing ----------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return safe_cell(value)


def write_csv(path: Path, resource: Resource, data: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([c.name for c in resource.columns])
        for row in data:
            writer.writerow([_cell(row[c.name]) for c in resource.columns])


def write_jsonl(path: Path, resource: Resource, data: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for row in data:
            out.write(json.dumps({c.name: row[c.name] for c in resource.columns},
                                 ensure_ascii=False, sort_keys=False) + "\n")


SQLITE_TYPES = {"integer": "INTEGER", "boolean": "INTEGER"}


def write_sqlite(path: Path, tables: dict[str, list[dict]]) -> None:
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    try:
        for resource in RESOURCES:
            columns = [f'"{c.name}" {SQLITE_TYPES.get(c.type, "TEXT")}'
                       + (" NOT NULL" if c.required else "") for c in resource.columns]
            columns.append("PRIMARY KEY (" + ", ".join(resource.primary_key) + ")")
            columns += [f'FOREIGN KEY ("{col}") REFERENCES "{other}" ("{their}")'
                        for col, other, their in resource.foreign_keys]
            db.execute(f'CREATE TABLE "{resource.name}" ({", ".join(columns)})')
            marks = ", ".join("?" for _ in resource.columns)
            db.executemany(  # names come from RESOURCES, values are bound
                f'INSERT INTO "{resource.name}" VALUES ({marks})',  # noqa: S608
                [[row[c.name] for c in resource.columns] for row in tables[resource.name]])
        db.commit()
        db.execute("VACUUM")
    finally:
        db.close()


def table_schema(resource: Resource) -> dict:
    schema = {
        "fields": [{"name": c.name, "type": c.type, "description": c.description,
                    **({"constraints": {"required": True}} if c.required else {})}
                   for c in resource.columns],
        "primaryKey": list(resource.primary_key),
    }
    if resource.foreign_keys:
        schema["foreignKeys"] = [{"fields": [col], "reference": {"resource": other,
                                                                   "fields": [their]}}
                                 for col, other, their in resource.foreign_keys]
    return schema


def licence() -> dict:
    code = settings.VIGIL_OPEN_DATA_LICENCE
    title, url = LICENCES[code]
    return {"name": code, "title": title, "path": url}


def datapackage(day: dt.date, withheld: int) -> dict:
    return {
        "name": "vigil-public-registry",
        "title": "Vigil public registry of political prisoners",
        "description": (f"The public records of the persons organisations have published, as "
                        f"of the end of {day.isoformat()}. {withheld} further persons whose "
                        f"names are withheld at their families' request are counted in the "
                        f"figures and not listed."),
        "version": day.isoformat(),
        "licenses": [licence()],
        "resources": [{
            "name": r.name, "title": r.title, "path": f"{r.name}.csv", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "schema": table_schema(r),
        } for r in RESOURCES],
    }


def datasette_metadata(day: dt.date) -> dict:
    lic = licence()
    tables = {r.name: {"description": r.title,
                       "columns": {c.name: c.description for c in r.columns}}
              for r in RESOURCES}
    tables["persons"]["plugins"] = {"datasette-reconcile": {
        "id_field": "id", "name_field": "name_latin", "type_default": [
            {"id": "person", "name": "Person"}], "max_limit": 25,
        "service_name": "Vigil public registry"}}
    return {"title": "Vigil public registry of political prisoners",
            "description": f"Public records as of the end of {day.isoformat()}",
            "license": lic["title"], "license_url": lic["path"],
            "source": "Vigil", "databases": {"vigil": {"tables": tables}}}


def export_open_data(directory: Path, day: dt.date) -> list[Path]:
    """Write one dump of the public projection as of the end of `day` into `directory`;
    returns the files written (SHA256SUMS last)."""
    directory.mkdir(parents=True, exist_ok=True)
    public_day = PublicDay.of(day)
    tables = {r.name: list(rows(r.name, public_day)) for r in RESOURCES}
    written = []
    for resource in RESOURCES:
        for suffix, write in ((".csv", write_csv), (".jsonl", write_jsonl)):
            path = directory / f"{resource.name}{suffix}"
            write(path, resource, tables[resource.name])
            written.append(path)
    written.append(directory / "vigil.sqlite")
    write_sqlite(written[-1], tables)
    for name, content in (("datapackage.json", datapackage(day, withheld_count())),
                          ("metadata.json", datasette_metadata(day))):
        path = directory / name
        path.write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        written.append(path)
    sums = directory / "SHA256SUMS"
    sums.write_text("".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n"
                            for p in sorted(written)), encoding="utf-8")
    return [*written, sums]


def latest_dump() -> Path | None:
    """The newest dump `vigil export-open-data` wrote into the server's open-data folder."""
    root = Path(settings.VAR_DIR) / "open-data"
    dumps = sorted(p for p in root.glob("????-??-??") if (p / "SHA256SUMS").exists()) \
        if root.exists() else []
    return dumps[-1] if dumps else None

