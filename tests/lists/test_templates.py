"""The list pages' templates read no private field of a record (as tests/test_privacy.py
checks for the web app's templates)."""

import re
from pathlib import Path

from vigil.registry import models as m

TEMPLATES = Path(__file__).parents[2] / "src" / "vigil" / "lists" / "templates"


def test_list_templates_read_no_private_field():
    private = {field.name for model in m.RECORD_MODELS for field in model._meta.concrete_fields
               if model.sensitivity_of(field.name) != m.Sensitivity.PUBLIC}
    private -= {"visibility", "organisation", "version", "created_at", "updated_at",
                "created_by", "deleted_at", "deleted_by", "archived_file", "captured_by"}
    templates = list(TEMPLATES.rglob("*.html"))
    assert templates
    offenders = [f"{t.name}: {line.strip()[:80]}" for t in templates
                 for line in t.read_text().splitlines() for name in private
                 if re.search(rf"\.{name}\b", line)]
    assert not offenders
