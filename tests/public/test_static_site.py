"""`vigil publish-site`: a static copy of the public site that works from a plain file server
(no broken link, a search index), whose pages are the live pages, which the same registry
writes byte for byte the same, and which carries nothing private."""

import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.factories import make_custody
from tests.public.helpers import PUBLIC, public_person, publish
from tests.test_privacy import plant, restricted_canaries
from vigil.public.static_site import file_for, publish_site, relative
from vigil.registry import models as m

pytestmark = pytest.mark.django_db
LINK = re.compile(r'(?:href|src)="([^"#]*)(?:#[^"]*)?"')
BASE = "https://prisoners.example.org"


@pytest.fixture
def registry(org_a):
    person = plant(public_person(org_a))
    custody = plant(make_custody(person, "2021-07-14"))
    colony = m.Facility.objects.create(slug="ik-3", name_en="Penal colony No. 3", kind="colony",
                                       address="211322, Віцебск")
    m.Placement.objects.create(custody=custody, facility=colony, organisation=org_a,
                               visibility=PUBLIC)
    m.Recognition.objects.create(person=person, organisation=org_a, visibility=PUBLIC,
                                 status="recognised", since=custody.started)
    publish(person)
    other = public_person(org_a, name="Марына Золатава", latin="Maryna Zolatava")
    make_custody(other, "2021-05-18", "2022-05-18", "served")
    publish(other)
    hidden = public_person(org_a, name="Наста Лойка", latin="Nasta Loika")
    make_custody(hidden, "2022-01-01")
    publish(hidden, withheld=True)
    return person


@pytest.fixture
def site(tmp_path, registry):
    publish_site(tmp_path / "site", BASE)
    return tmp_path / "site"


def test_relative_links():
    assert relative("/en/", "/en/prisoners/ales/") == "../../"
    assert relative("/static/vigil/vigil.css", "/en/") == "../static/vigil/vigil.css"
    assert relative("/en/prisoners/", "/en/prisoners/") == "./"
    assert relative("/en/feeds/events.atom", "/be/figures/x/figure.csv") == \
        "../../../en/feeds/events.atom"
    assert file_for("/en/prisoners/") == "en/prisoners/index.html"


def test_no_link_of_the_copy_is_broken(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        for link in LINK.findall(page.read_text(encoding="utf-8")):
            if not link or link.startswith(("http://", "https://", "mailto:")):
                continue
            assert not link.startswith("/") or link.startswith("/pagefind/") or \
                link == "/search.js", (page, link)
            target = (page.parent / link.split("?")[0]).resolve() if not link.startswith("/") \
                else (site / link.lstrip("/"))
            if link.endswith("/") or target.is_dir():
                target = target / "index.html"
            assert target.exists(), (page.relative_to(site), link)


def test_the_search_index_and_pages_are_there(site):
    assert (site / "pagefind" / "pagefind-ui.js").exists()
    assert (site / "index.html").exists() and (site / "be" / "search" / "index.html").exists()
    for language in ("be", "ru", "en"):
        assert (site / language / "prisoners" / "ales-bialiatski" / "index.html").exists()
    assert (site / "data" / "persons.csv").exists() and (site / "data" / "SHA256SUMS").exists()
    assert (site / "en" / "feeds" / "events.atom").exists()
    feed = (site / "en" / "feeds" / "events.atom").read_text()
    assert f"{BASE}/en/prisoners/ales-bialiatski/" in feed


def test_a_static_page_is_the_live_page(client, site, settings):
    settings.ALLOWED_HOSTS = ["prisoners.example.org"]
    for path in ("/en/prisoners/ales-bialiatski/", "/be/prisoners/ales-bialiatski/", "/ru/"):
        live = client.get(path, HTTP_HOST="prisoners.example.org", secure=True)
        # a static copy answers no query, so its links carry none
        live = re.sub(r'(href="[^"?]*)\?[^"]*"', r'\1"', live.content.decode())
        static = (site / file_for(path)).read_text(encoding="utf-8")
        as_live = re.sub(r'(href|src)="([^"]*)"',
                         lambda mt, page=path: f'{mt[1]}="{absolute(mt[2], page)}"', static)
        assert as_live == live


def absolute(link: str, page: str) -> str:
    if link.startswith(("http", "/", "#")):
        return link
    from posixpath import normpath
    resolved = normpath(page + link) + ("/" if link.endswith("/") else "")
    return resolved.replace("//", "/")


def test_the_same_registry_gives_the_same_bytes(tmp_path, registry):
    first, second = tmp_path / "one", tmp_path / "two"
    publish_site(first, BASE)
    publish_site(second, BASE)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_nothing_private_or_withheld_is_in_the_copy(site):
    secrets = restricted_canaries() | {"CANARY-person-notes", "Лойка", "Loika"}
    for path in site.rglob("*"):
        if path.is_file() and "pagefind" not in path.parts:
            text = path.read_bytes()
            assert not [s for s in secrets if s.encode() in text], path


def test_it_refuses_a_folder_it_did_not_write(tmp_path, registry):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.txt").write_text("keep me")
    with pytest.raises(CommandError, match="not empty and was not written by vigil"):
        call_command("publish_site", str(tmp_path / "mine"), "--base-url", BASE)
    assert (tmp_path / "mine" / "thesis.txt").exists()
    call_command("publish_site", str(tmp_path / "new"), "--base-url", BASE)
    call_command("publish_site", str(tmp_path / "new"), "--base-url", BASE)  # written before
    assert Path(tmp_path / "new" / "en" / "index.html").exists()


def test_the_same_bytes_under_any_hash_seed(tmp_path):
    """Two processes with different hash seeds write the same demo registry's site byte for
    byte (set and dict orders never leak into a page, a feed, a data file or the index)."""
    import subprocess
    import sys

    vigil = [sys.executable, "-c", "from vigil.cli import main; main()"]
    env = {"DJANGO_SETTINGS_MODULE": "vigil.settings", "VIGIL_VAR_DIR": str(tmp_path),
           "PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path)}

    def run(*arguments, seed="0"):
        done = subprocess.run([*vigil, *arguments], capture_output=True, text=True,  # noqa: S603
                              env={**env, "PYTHONHASHSEED": seed}, timeout=600, check=False)
        assert done.returncode == 0, (arguments, done.stderr[-2000:])

    run("migrate", "--no-input")
    run("demo", "--synthetic", "40", "--seed", "7")
    for seed in ("1", "2"):
        run("publish-site", str(tmp_path / seed), "--base-url", BASE, seed=seed)
    files = sorted(p.relative_to(tmp_path / "1") for p in (tmp_path / "1").rglob("*")
                   if p.is_file())
    assert len(files) > 100
    assert files == sorted(p.relative_to(tmp_path / "2") for p in (tmp_path / "2").rglob("*")
                           if p.is_file())
    for name in files:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name
