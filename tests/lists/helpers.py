"""Small list files and an import helper for the list tests."""

import csv
import io

from vigil.accounts.actors import actor_for
from vigil.lists.applying import apply_import
from vigil.lists.planning import plan_import
from vigil.lists.reading import read_rows
from vigil.lists.uploads import keep_pending

HEADER = ["id", "name", "birth_date", "birth_year", "gender", "region", "articles",
          "detained_on", "released_on", "recognised_on", "source_url"]


def csv_bytes(rows, header=HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(h, "") for h in header])
    return out.getvalue().encode()


def pending_of(organisation, uploaded_by, list_name, file_name, content, mapping=None):
    """A PendingImport of `content`, stored as an upload is."""
    return keep_pending(organisation_id=organisation.pk, uploaded_by=uploaded_by,
                        list_name=list_name, file_name=file_name, chunks=[content],
                        mapping=mapping or {})


def plan(content, org, user, list_name="viasna", file_name="viasna.csv", mapping=None):
    rows = read_rows(content, file_name, mapping or {})
    return plan_import(rows, org, actor_for(user), list_name, file_name, content,
                       mapping or {})


def run_import(content, org, user, **kwargs):
    p = plan(content, org, user, **kwargs)
    assert p.already_imported is None
    return apply_import(p, user), p


VIASNA = [
    {"id": "1", "name": "Бяляцкі Алесь Віктаравіч", "birth_date": "25.09.1962",
     "gender": "м", "region": "Гомель", "detained_on": "2021-07-14",
     "articles": "ч. 2 ст. 228, ч. 2 ст. 243",
     "recognised_on": "2021-07-16", "source_url": "https://spring96.org/1"},
    {"id": "2", "name": "Золатава Марына", "birth_year": "1977", "gender": "ж",
     "detained_on": "2021-05-18", "recognised_on": "2021-05"},
    {"id": "3", "name": "Клімовіч Мікалай", "birth_year": "1957",
     "detained_on": "2023-03-14", "released_on": "2023-05-05"},
    {"id": "4", "name": "Лойка Наста", "birth_year": "1990", "detained_on": "2022-10-06"},
]
