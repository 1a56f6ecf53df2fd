"""Every statements route is in docs/statements.md."""

from pathlib import Path

from vigil.statements import public_urls, urls

DOC = Path(__file__).parents[2] / "docs" / "statements.md"


def test_every_statements_route_is_documented():
    text = DOC.read_text()
    routes = [f"/drafting/{p.pattern}" for p in urls.urlpatterns]
    routes += [f"/<lang>/statements/{p.pattern}" for p in public_urls.urlpatterns]
    written = [r.replace("<int:pk>", "<id>").replace("<slug:slug>", "<slug>") for r in routes]
    assert not [r for r in written if f"`{r}`" not in text]
