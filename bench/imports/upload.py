"""The upload request at size: a documenter posts a file of ROWS rows to the import page,
through Django's test client (the whole middleware stack), on a fresh SQLite database in a
temporary directory, once the views are imported and a first request was served (as in a
running server). Only the request is timed: it stores the file and answers with the
redirect to the dry run's page, whose job reads and checks it later. Prints JSON.

    python -m bench.imports.upload --rows 150000
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path


def list_file(rows: int) -> bytes:
    lines = ["id,name,birth_year,region,articles,detained_on"]
    lines += [f"{i},Persona{i} Familia{i * 7919 % 10007} Otchestvo{i % 97},{1950 + i % 50},"
              f"Гомель,ч. 1 ст. 342,2021-{1 + i % 12:02d}-{1 + i % 28:02d}"
              for i in range(1, rows + 1)]
    return ("\n".join(lines) + "\n").encode()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=150_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(VIGIL_VAR_DIR=str(Path(tmp) / "var"),
                          DJANGO_SETTINGS_MODULE="vigil.settings")
        os.environ.pop("DATABASE_URL", None)
        print(json.dumps(measure(list_file(args.rows), args.rows)))
    return 0


def measure(content: bytes, rows: int) -> dict:
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.urls import resolve

    from vigil.accounts.models import Membership, Organisation, Role
    from vigil.lists.models import ImportJob, PendingImport

    call_command("migrate", verbosity=0)
    call_command("migrate", database="progress", verbosity=0)
    from django.contrib.auth import get_user_model

    org = Organisation.objects.create(slug="bench", name_en="Bench", kind="documenting")
    user = get_user_model().objects.create_user("bench", password="x" * 20)
    Membership.objects.create(user=user, organisation=org, role=Role.DOCUMENTER)
    client = Client()
    client.force_login(user)
    # a running server has imported its URLs, views and middleware before an upload comes
    resolve("/lists/import/")
    assert client.get("/healthz").status_code in (200, 503)
    started = time.perf_counter()
    response = client.post("/lists/import/", {"file": SimpleUploadedFile("big.csv", content)})
    seconds = time.perf_counter() - started
    pending = PendingImport.objects.get()
    assert response.status_code == 302, response.status_code
    assert response["Location"] == f"/lists/import/{pending.pk}/"
    assert pending.size == len(content) and not ImportJob.objects.exists()
    return {"rows": rows, "bytes": len(content), "seconds": round(seconds, 2),
            "load_avg": os.getloadavg()[0]}


if __name__ == "__main__":
    sys.exit(main())
