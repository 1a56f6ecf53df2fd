"""The demo's statements: the seed published with its signatories, its figures reproduced from
the records and frozen, its named people linked; a second statement waiting for one signature.

Loads the demo at full size once (the seed's figures only come out with 4,200
fictional persons)."""

import html

import pytest

from vigil.publishing.service import compute, release_scope
from vigil.registry.demo import load_demo
from vigil.registry.demo.statement import SIGNATORY_SLUGS
from vigil.statements import service
from vigil.statements.models import Statement, Status
from vigil.statements.text import figure_keys, person_keys

SEED = "2023-05-21-solidarity-with-political-prisoners"


@pytest.mark.django_db
def test_the_demo_statements(client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    load_demo()
    seed = Statement.objects.get(slug=SEED)
    assert seed.status == Status.PUBLISHED and seed.author.slug == "baj"
    assert sorted(seed.signatories.filter(signed_at__isnull=False).values_list(
        "organisation__slug", flat=True)) == sorted(SIGNATORY_SLUGS)
    figures = service.live_figures(seed)
    shown = {key: (f.count, f.shown("en")) for key, f in figures.items()}
    assert shown["viasna-prisoners"] == (1495, "1,495")
    assert shown["baj-media"] == (33, "33")
    assert shown["pen-culture"][1] == "over 100" and shown["pen-culture"][0] > 100
    assert shown["held-2022"][1] == "more than 1,400" and shown["held-2022"][0] > 1400
    assert shown["convicted"][1] == "more than 3,200" and shown["convicted"][0] > 3200
    assert seed.figures.get(key="convicted").stated == 3200  # the seed's phrase, checked
    for key, live in figures.items():  # reproduced from the records: the same persons today
        release = live.figure.release
        again = compute(release_scope(release), release.figure_definition()).figure
        assert (again.count, sorted(again.person_ids)) == (release.count, release.person_ids), key
    # "over 100 people" detained in March is no registry figure: flagged, then dismissed
    assert sorted(seed.flags.values_list("language", "phrase", "decision")) == [
        ("be", "100 чалавек", "dismissed"), ("en", "100 people", "dismissed"),
        ("ru", "100 человек", "dismissed")]
    for lang in ("be", "ru"):  # the same figures and the same named people in every language
        body = getattr(seed, f"body_{lang}")
        assert sorted(set(figure_keys(body))) == sorted(set(figure_keys(seed.body_en))), lang
        assert sorted(set(person_keys(body))) == sorted(set(person_keys(seed.body_en))), lang

    page = client.get(f"/en/statements/{SEED}/").content.decode()
    for key in ("bialiatski", "zolatava", "chekina", "klimovich", "lojka", "lutskina"):
        slug = seed.mentions.get(key=key).person.publication.slug
        assert f'href="/en/prisoners/{slug}/"' in page, key
    assert '>1,495</a> political prisoners' in page
    assert "Committee to Protect Journalists (CPJ)" in page
    for lang, convicted in (("ru", "более 3\u00a0200</a> человек"),
                            ("be", "больш за 3\u00a0200</a> чалавек")):
        page = html.unescape(client.get(f"/{lang}/statements/{SEED}/").content.decode())
        assert convicted in page and ">1\u00a0495</a>" in page, lang
        for key in ("bialiatski", "zolatava", "chekina", "klimovich", "lojka", "lutskina"):
            slug = seed.mentions.get(key=key).person.publication.slug
            assert f'href="/{lang}/prisoners/{slug}/"' in page, (lang, key)

    second = Statement.objects.get(slug="free-ales-bialiatski")
    assert second.status == Status.CIRCULATING
    assert [s.organisation.slug for s in service.holdouts(second)] == ["pen-belarus"]
    assert client.get("/en/statements/free-ales-bialiatski/").status_code == 404
