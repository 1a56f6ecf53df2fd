"""docs/api.md names exactly the fields each write requires, as the forms behind it do."""

import re
from pathlib import Path

from vigil.api.routes import KINDS
from vigil.registry import forms as f

DOC = Path(__file__).parents[2] / "docs" / "api.md"
ROW = re.compile(r"^\| `POST /api/v1/([a-z_/{}]+)` \| (.+) \|$", re.M)


def documented_required() -> dict[str, set[str]]:
    section = DOC.read_text().split("### Required fields", 1)[1].split("\n###", 1)[0]
    return {route: set(re.findall(r"`([a-z_]+)`", fields))
            for route, fields in ROW.findall(section)}


def test_every_write_documents_exactly_the_fields_its_form_requires():
    forms = {"persons": f.PersonForm, "sources": f.SourceForm} | {
        f"persons/{{person_id}}/{kind}": f.PERSON_RECORD_FORMS[name]
        for kind, name in KINDS.items()
    }
    required = {route: {name for name, field in form.base_fields.items() if field.required}
                for route, form in forms.items()}
    assert documented_required() == required
