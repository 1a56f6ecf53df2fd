"""`vigil publish-site`: the whole public site as static files, for any static host or CDN
while the registry itself stays on an internal machine (DESIGN §6).

Every public page of every language is rendered by the running code through Django's test
client (so a static page is the live page), in static-export mode: lists show every row on one
page, and the filter forms and page links give way to a search page that works without a
server (Pagefind's index, built at the end). Links are made relative, and every page, feed,
stylesheet and data file they point to is written, so the copy works from any folder of any
static file server; a link that leads outside the copy is an error. The open data is written
once under data/. The same registry on the same day gives the same bytes.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
import sys
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import translation

from vigil.public.context import export_cache, static_data_dir, static_export
from vigil.public.opendata import export_open_data
from vigil.public.registry import today
from vigil.publishing.models import Release
from vigil.publishing.projection import named_persons

MARKER = ".vigil-site"  # a folder holding it was written by publish-site and may be replaced
LINK = re.compile(r'(href|src)="(/[^"#?]*)(\?[^"#]*)?(#[^"]*)?"')
COPIED_PREFIXES = ("/static/", "/data/")


class SiteError(Exception):
    """The site cannot be written as asked; the message says why."""


@dataclass
class SiteReport:
    pages: int
    files: int
    seconds: float


@dataclass
class PersonOrder:
    """The named persons' slugs in the order their pages are rendered, and each one's place
    (the person pages load their records in batches along it: `views.person_records`)."""

    slugs: list[str]
    index: dict[str, int]

    @classmethod
    def now(cls) -> PersonOrder:
        slugs = list(named_persons().order_by("publication__slug").values_list(
            "publication__slug", flat=True))
        return cls(slugs, {slug: i for i, slug in enumerate(slugs)})


def page_paths(slugs: list[str]) -> list[str]:
    """Every public page in every language (URL paths), with the person pages of `slugs`."""
    releases = list(Release.objects.order_by("slug").values_list("slug", flat=True))
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths += [reverse(name) for name in (
                "public-home", "public-prisoners", "public-released", "public-memorial",
                "public-birthdays", "public-facilities", "public-figures", "public-data",
                "public-feed")]
            paths += [reverse("public-person", args=[slug]) for slug in slugs]
            paths += [reverse("public-person-feed", args=[slug]) for slug in slugs]
            paths += [reverse("public-figure", args=[slug]) for slug in releases]
            paths += [reverse("public-figure-csv", args=[slug]) for slug in releases]
            paths += [reverse("public-figure-png", args=[slug]) for slug in releases]
            paths += statement_paths()
    return paths


def statement_paths() -> list[str]:
    """The public statements (vigil.statements): the list, the feed, each page and its PDF."""
    from vigil.statements.models import Statement

    slugs = Statement.objects.public().order_by("slug").values_list("slug", flat=True)
    return [reverse("public-statements"), reverse("public-statements-feed"),
            *[reverse(name, args=[slug]) for slug in slugs
              for name in ("public-statement", "public-statement-pdf")]]


def file_for(path: str) -> str:
    """The file a URL path is written to, relative to the site's folder."""
    return (path.lstrip("/") + "index.html") if path.endswith("/") else path.lstrip("/")


def relative(target: str, page: str) -> str:
    """`target` (a URL path) as a link from the page at URL path `page`."""
    here = page if page.endswith("/") else posixpath.dirname(page) + "/"
    link = posixpath.relpath(target, here)
    if target.endswith("/"):
        link = "./" if link == "." else link + "/"
    return link


def rewrite(html: str, page: str) -> tuple[str, set[str]]:
    """The page with its internal links made relative (their query strings dropped: a static
    copy answers no query), and the URL paths it links to."""
    linked: set[str] = set()

    def replace(match: re.Match) -> str:
        attribute, path, _query, fragment = match.groups()
        linked.add(path)
        return f'{attribute}="{relative(path, page)}{fragment or ""}"'

    return LINK.sub(replace, html), linked


def prepare(directory: Path) -> None:
    if directory.exists() and any(directory.iterdir()):
        if not (directory / MARKER).exists():
            raise SiteError(f"{directory}: the folder is not empty and was not written by "
                            "vigil publish-site; give an empty or a new folder.")
        shutil.rmtree(directory)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / MARKER).write_text("written by vigil publish-site\n")


def publish_site(directory: Path, base_url: str) -> SiteReport:
    began = time.monotonic()
    address = urlsplit(base_url)
    if address.scheme not in ("http", "https") or not address.hostname:
        raise SiteError(f"--base-url: {base_url!r} is not an http(s) address")
    prepare(directory)
    call_command("collectstatic", interactive=False, verbosity=0)  # the pages link to them
    export_open_data(directory / "data", today())
    write_entry_pages(directory)  # before the crawl, which then finds the search pages there
    client = Client(HTTP_HOST=address.netloc)
    persons = PersonOrder.now()
    seeds = page_paths(persons.slugs)
    tokens = [static_export.set(True), static_data_dir.set(directory / "data"),
              export_cache.set({"person slugs": persons})]
    try:
        with override_settings(ALLOWED_HOSTS=[address.hostname]):
            pages, files = crawl(client, directory, seeds, address.scheme == "https")
    finally:
        for variable, token in zip((static_export, static_data_dir, export_cache), tokens,
                                   strict=True):
            variable.reset(token)
    build_search_index(directory)
    return SiteReport(pages, files, time.monotonic() - began)


def crawl(client: Client, directory: Path, seeds: list[str], secure: bool) -> tuple[int, int]:
    """Fetch the seeds and everything they link to; returns (pages, other files)."""
    queue, seen = deque(seeds), set(seeds)
    pages = files = 0
    while queue:
        path = queue.popleft()
        target = directory / file_for(path)
        if target.exists():
            continue
        response = client.get(path, secure=secure)
        if response.status_code != 200:
            raise SiteError(f"{path}: answered {response.status_code}")
        body = b"".join(response) if response.streaming else response.content
        target.parent.mkdir(parents=True, exist_ok=True)
        if response["Content-Type"].startswith("text/html"):
            html, linked = rewrite(body.decode(), path)
            target.write_text(html, encoding="utf-8")
            pages += 1
            for link in sorted(linked - seen):
                if not link.startswith(("/be/", "/ru/", "/en/", *COPIED_PREFIXES)):
                    raise SiteError(f"{path} links to {link}, which a static copy cannot "
                                    "serve")
                seen.add(link)
                queue.append(link)
        else:
            target.write_bytes(body)
            files += 1
    return pages, files


def write_entry_pages(directory: Path) -> None:
    """The root page (to the languages) and each language's search page."""
    languages = [(code, name) for code, name in settings.LANGUAGES]
    (directory / "index.html").write_text(
        render_to_string("public/static/root.html", {"languages": languages}),
        encoding="utf-8")
    for code, _name in languages:
        with translation.override(code):
            html = render_to_string("public/static/search.html", {"LANGUAGE_CODE": code})
        page = f"/{code}/search/"
        html, _linked = rewrite(html, page)
        (directory / file_for(page)).parent.mkdir(parents=True, exist_ok=True)
        (directory / file_for(page)).write_text(html, encoding="utf-8")
    (directory / "search.js").write_text(
        'new PagefindUI({ element: "#search", showSubResults: false });\n', encoding="utf-8")


def build_search_index(directory: Path) -> None:
    """Pagefind (from PyPI, which ships its binary) indexes the written pages."""
    done = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "pagefind", "--site", str(directory), "--silent"],
        capture_output=True, text=True, timeout=1800, check=False)
    if done.returncode != 0:
        raise SiteError(f"the search index could not be built: {done.stderr.strip()[-500:]}")
    # Pagefind lists the languages in its entry file in hash-map order: sort them, so that the
    # same registry gives the same bytes (the index files themselves are content-addressed).
    entry = directory / "pagefind" / "pagefind-entry.json"
    entry.write_text(json.dumps(json.loads(entry.read_text(encoding="utf-8")), sort_keys=True,
                                ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
