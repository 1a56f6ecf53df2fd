"""The figures pages, their CSV and release pages carry no private field: canaries planted in
every internal and restricted field of a shared record never reach a coalition partner."""

import datetime as dt

import pytest

from tests.publishing.helpers import response_text
from tests.test_privacy import restricted_canaries, shared_world  # noqa: F401
from vigil.figures import FigureDefinition
from vigil.publishing.population import Scope
from vigil.publishing.service import compute, publish

pytestmark = pytest.mark.django_db


def test_figures_and_releases_show_no_private_value(client, documenter_b, shared_world,  # noqa: F811
                                                    org_a):
    definition = FigureDefinition.stock(dt.date.today(), recognised_by=("org-a",))
    release = publish(compute(Scope.whole_registry(), definition, by="facility"), org_a)
    assert release.count == 1
    client.force_login(documenter_b)
    query = {"as_of": dt.date.today().isoformat(), "recognised_by": "org-a", "by": "facility"}
    seen = [response_text(client.get(path, query)) for path in
            ("/figures/", "/figures/figure.zip")]
    seen += [client.get(f"/figures/releases/{release.slug}/").content.decode(),
             response_text(client.get(f"/figures/releases/{release.slug}/figure.zip"))]
    text = "\n".join(seen)
    assert f"/persons/{shared_world['person'].pk}/" in text  # B sees the shared person ...
    assert not {c for c in restricted_canaries() if c in text}  # ... and nothing restricted
    assert "CANARY-" not in text
