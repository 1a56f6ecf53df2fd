"""`vigil demo`: the seed statement's organisations, people and facts, a generated population
of fictional persons, and one demo user per role. See docs/demo.md."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from vigil.registry.demo.logins import create_users
from vigil.registry.demo.organisations import load_organisations
from vigil.registry.demo.statement import TITLE, load_statement
from vigil.registry.demo.synthetic import DEFAULT_SEED, DEFAULT_SIZE, load_population
from vigil.registry.models import Statement
from vigil.registry.vocabularies import seed_vocabularies

__all__ = ["DEFAULT_SEED", "DEFAULT_SIZE", "DemoLoad", "is_loaded", "load_demo"]


@dataclass
class DemoLoad:
    passwords: dict[str, str]
    counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0


def is_loaded() -> bool:
    return Statement.objects.filter(title=TITLE).exists()


def load_demo(synthetic: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED,
              statement_file: Path | None = None) -> DemoLoad:
    """Load everything in one transaction; returns the demo users' new passwords."""
    began = time.monotonic()
    with transaction.atomic():
        seed_vocabularies()
        orgs = load_organisations()
        named = load_statement(orgs, statement_file)
        counts = load_population(synthetic, seed, orgs)
        passwords = create_users(orgs)
        from vigil.publishing.demo import publish_demo_releases  # the statement's figures

        counts["releases"] = len(publish_demo_releases())
        from vigil.publishing.demo import publish_demo_persons  # the public registry

        counts.update(publish_demo_persons(seed))
        from vigil.statements.demo import load_demo_statements  # the seed as a statement

        counts["statements"] = load_demo_statements()
    counts["organisations"] = len(orgs)
    counts["named persons"] = len(named)
    return DemoLoad(passwords, counts, time.monotonic() - began)
