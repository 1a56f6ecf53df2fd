"""The documentation keeps up: a command, a setting or an API route that docs/ does not
describe fails here (datasette's test_docs, applied to Vigil)."""

import re
from pathlib import Path

from django.core.management import get_commands

from vigil.api.routes import api

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"


def test_every_vigil_command_is_documented():
    ours = {name for name, app in get_commands().items() if app.startswith("vigil.")}
    assert ours, "no command found"
    text = (DOCS / "commands.md").read_text()
    missing = {name for name in ours if f"vigil {name.replace('_', '-')}" not in text}
    assert not missing


def test_every_setting_is_documented():
    source = (ROOT / "src" / "vigil" / "settings.py").read_text()
    names = set(re.findall(r'env_(?:str|bool|int|list|secret|header)\("([A-Z_]+)"', source))
    assert "DATABASE_URL" in names
    text = (DOCS / "settings.md").read_text()
    assert not {name for name in names if f"`{name}`" not in text}


def test_every_api_route_is_documented():
    text = (DOCS / "api.md").read_text()
    routes = {f"{method.upper()} {path}" for path, ops in api.get_openapi_schema()["paths"].items()
              for method in ops}
    assert not {route for route in routes if f"`{route}`" not in text}


def test_the_readme_gives_the_two_commands_and_links_every_doc():
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
    assert not {doc.name for doc in DOCS.glob("*.md") if f"docs/{doc.name}" not in readme}


def test_every_permission_of_the_actor_is_documented():
    from vigil.accounts.actors import Actor

    permissions = {name for name in vars(Actor) if name.startswith("may_") or name == "is_member"}
    assert {"may_review", "may_publish", "may_see"} <= permissions
    text = (DOCS / "access.md").read_text()
    assert not {name for name in permissions if f"`{name}" not in text}
def test_every_public_and_publication_route_is_documented():
    """Each route of the public site, the reconciliation service and publishing persons is in
    docs/publishing.md,
    written as its path with `<lang>` for the language prefix."""
    from vigil.public import reconcile_urls
    from vigil.public import urls as public_urls
    from vigil.publishing import publication_urls

    text = (DOCS / "publishing.md").read_text()
    routes = [f"/<lang>/{p.pattern}" for p in public_urls.urlpatterns]
    routes += [f"/publication/{p.pattern}" for p in publication_urls.urlpatterns]
    routes += [f"/reconcile/{p.pattern}" for p in reconcile_urls.urlpatterns]
    routes += [f"/{p.pattern}" for p in public_urls.unprefixed]
    written = [r.replace("<slug:slug>", "<slug>").replace("<int:pk>", "<id>")
               .replace("<str:name>", "<name>").replace("<path:slug>", "<release>")
               for r in routes]
    assert not [r for r in written if f"`{r}`" not in text]
