import json
import sys
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from vigil.accounts.actors import acting_for, organisation_named
from vigil.accounts.models import Role
from vigil.linkage.cli import _Progress
from vigil.lists.applying import ConcurrentImport, apply_import
from vigil.lists.list_names import check_list_name
from vigil.lists.mapping import saved_mapping
from vigil.lists.planning import plan_import
from vigil.lists.reading import MAX_BYTES, ListError, check_mapping, read_rows


class Command(BaseCommand):
    help = ("Import an organisation's list (CSV, XLSX or JSON) into the registry: a dry run "
            "with --dry-run, otherwise one atomic import that becomes a new list version.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--org", required=True, help="the importing organisation's slug")
        parser.add_argument("--dry-run", action="store_true",
                            help="show what would be created, updated, matched or sent to "
                                 "review; write nothing")
        parser.add_argument("--list-name", help="the list's name (default: the file's name "
                                                "without its extension)")
        parser.add_argument("--mapping", help='JSON {"id": "Their header", …} or a file '
                                              "holding it; saved for the organisation")
        parser.add_argument("--user", help="the username recorded as importer")

    def handle(self, *args, **options):
        path = Path(options["file"])
        org = organisation_named(options["org"])
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"no user {options['user']!r}")
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file: {exc.strerror}") from None
        if size > MAX_BYTES:
            raise CommandError(f"{path.name} is {size / 1e6:.1f} MB; the limit is "
                               f"{MAX_BYTES / 1e6:.0f} MB. Split the list into several files.")
        content = path.read_bytes()
        try:
            mapping = saved_mapping(org)
            if options["mapping"]:
                text = options["mapping"]
                if not text.lstrip().startswith("{") and Path(text).is_file():
                    text = Path(text).read_text(encoding="utf-8")
                try:
                    mapping = check_mapping(json.loads(text))
                except json.JSONDecodeError as exc:
                    raise ListError(f"--mapping is not valid JSON: {exc.msg}") from None
            started = time.monotonic()
            list_name = check_list_name(options["list_name"] or path.stem)
            rows = read_rows(content, path.name, mapping)
        except ListError as exc:
            raise CommandError(f"{path.name}: {exc}. Nothing was imported.") from None
        actor = acting_for(org.pk, Role.ADMINISTRATOR, user.pk if user else None)
        progress = _Progress(sys.stderr)
        plan = plan_import(rows, org, actor, list_name, path.name, content, mapping,
                           progress=progress)
        if plan.already_imported is not None:
            progress.close()
            self.stdout.write(f"{path.name} is already version {plan.already_imported.number}"
                              f" of the list “{list_name}”: nothing changed.")
            return
        counts = plan.counts
        if options["dry_run"]:
            progress.close()
            self.stdout.write(f"Dry run of {path.name} as the list “{list_name}” of {org.slug}"
                              f" ({len(rows)} rows): nothing was written.")
            for p in plan.rows:
                if p.outcome in ("matched", "review"):
                    other = p.person_id or p.candidate_id
                    self.stdout.write(f"  row {p.row.number} id {p.row.id}: {p.outcome} → "
                                      f"person #{other} {plan.person_names.get(other, '')}"
                                      f" (p={p.score or 0:.3f}; {p.reason})")
        else:
            try:
                version = apply_import(plan, user, progress=progress)
            except ConcurrentImport as exc:
                raise CommandError(f"{path.name}: {exc}") from None
            progress.close()
            elapsed = time.monotonic() - started
            self.stdout.write(f"Imported {path.name} as version {version.number} of the list "
                              f"“{list_name}” of {org.slug}: {len(rows)} rows in "
                              f"{elapsed:.1f} s ({len(rows) / max(elapsed, 1e-9):,.0f} rows/s).")
        self.stdout.write("  " + ", ".join(f"{k}: {v}" for k, v in counts.items()))
