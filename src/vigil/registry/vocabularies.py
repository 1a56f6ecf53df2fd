"""Seed the vocabularies (DESIGN §3.7) from the data files in `vigil/registry/data/`.

Each file names its sources. Loading is an upsert: terms are matched by slug (articles by
country, code, article and part), new ones are created, changed names are updated and nothing
is ever deleted, so running it again after an edit to a data file is safe. The data migration
calls it with the historical app registry; `vigil demo` calls it with the live one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"

TERM_FILES = [
    ("Region", "regions.json"),
    ("Occupation", "occupations.json"),
    ("ConditionType", "conditions.json"),
    ("Facility", "facilities.json"),
]
# The Criminal Code, then the Codes of Administrative Offences (2021 and 2003).
ARTICLE_FILES = ["articles.json", "administrative_articles.json"]
LANGUAGES = ("en", "be", "ru")


@dataclass
class SeedReport:
    """How many rows of each vocabulary the seed created and updated."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    @property
    def total_created(self) -> int:
        return sum(self.created.values())

    @property
    def total_updated(self) -> int:
        return sum(self.updated.values())

    def __str__(self) -> str:
        return ", ".join(
            f"{model}: {self.created.get(model, 0)} new, {self.updated.get(model, 0)} updated"
            for model in self.created
        )


def read_data(name: str) -> dict[str, Any]:
    """One data file: {"vocabulary", "sources": [...], "items": [...], …}."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    data = json.loads(text)
    if not data.get("sources"):
        raise ValueError(f"{name}: every vocabulary file must name its sources")
    return data


def _upsert(model, lookup: dict[str, Any], values: dict[str, Any]) -> str:
    """Create or update one row; returns "created", "updated" or "unchanged"."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        model.objects.create(**lookup, **values)
        return "created"
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if not changed:
        return "unchanged"
    for name in changed:
        setattr(row, name, values[name])
    row.save(update_fields=changed)
    return "updated"


def _count(report: SeedReport, model_name: str, outcome: str) -> None:
    report.created.setdefault(model_name, 0)
    report.updated.setdefault(model_name, 0)
    if outcome == "created":
        report.created[model_name] += 1
    elif outcome == "updated":
        report.updated[model_name] += 1


def seed_vocabularies(apps=None) -> SeedReport:
    """Upsert every vocabulary from its data file; `apps` is a migration's app registry."""
    if apps is None:
        from django.apps import apps
    report = SeedReport()
    region_model = apps.get_model("registry", "Region")
    for model_name, filename in TERM_FILES:
        model = apps.get_model("registry", model_name)
        for item in read_data(filename)["items"]:
            values = {f"name_{lang}": item.get(f"name_{lang}", "") for lang in LANGUAGES}
            if model_name == "Occupation":
                values["group"] = item["group"]
            if model_name == "Facility":
                values["kind"] = item["kind"]
                values["address"] = item.get("address", "")
                values["region"] = (
                    region_model.objects.get(slug=item["region"]) if item.get("region") else None
                )
            _count(report, model_name, _upsert(model, {"slug": item["slug"]}, values))

    article_model = apps.get_model("registry", "Article")
    for filename in ARTICLE_FILES:
        data = read_data(filename)
        for item in data["items"]:
            lookup = {
                "country": item.get("country", data["country"]),
                "code": item.get("code", data["code"]),
                "article": item["article"],
                "part": item.get("part", ""),
            }
            values = {f"title_{lang}": item.get(f"title_{lang}", "") for lang in LANGUAGES}
            _count(report, "Article", _upsert(article_model, lookup, values))
    return report
