"""One import job timed in this process, as `vigil worker` runs it (`jobs.run`): the file
is stored as an upload, the job reads, checks, links and writes it. Prints JSON."""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time

import django


def stage_clock(base):
    """A `jobs.Progress` that also keeps the seconds from the first to the last report of
    each stage the import names."""

    class StageClock(base):
        spans: dict[str, list[float]] = {}

        def __call__(self, stage: str, done: int, total: int) -> None:
            now = time.perf_counter()
            self.spans.setdefault(stage, [now, now])[1] = now
            super().__call__(stage, done, total)

        @classmethod
        def seconds(cls) -> dict[str, float]:
            return {stage: round(end - start, 2) for stage, (start, end) in cls.spans.items()}

    return StageClock


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--list-name", required=True)
    args = parser.parse_args(argv)
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from vigil.accounts.models import Membership, Organisation, Role
    from vigil.lists import jobs
    from vigil.lists.models import ImportJob
    from vigil.lists.uploads import keep_pending
    from vigil.registry.models import Person

    org, _ = Organisation.objects.get_or_create(slug="bench", defaults={
        "name_en": "Bench", "kind": "documenting"})
    user = get_user_model().objects.filter(username="bench").first()
    if user is None:
        user = get_user_model().objects.create_user("bench", password="x" * 20)
        Membership.objects.create(user=user, organisation=org, role=Role.DOCUMENTER)
    with open(args.file, "rb") as fh:
        pending = keep_pending(organisation_id=org.pk, uploaded_by=user,
                               list_name=args.list_name, file_name=args.file.rsplit("/")[-1],
                               chunks=iter(lambda: fh.read(1 << 20), b""), mapping={})
    persons_before = Person.objects.count()
    job = jobs.start(pending, user)
    clock = jobs.Progress = stage_clock(jobs.Progress)  # what jobs.run reports to
    started, cpu_started = time.perf_counter(), time.process_time()
    job = jobs.run(job.pk)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    assert job.state == "done", job.error
    version = job.version
    print(json.dumps({
        "rows": job.rows, "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1),
        "state": job.state,
        "counts": version.counts, "persons_before": persons_before,
        "persons_after": Person.objects.count(), "stages": clock.seconds(),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "database": f"{connection.vendor} {connection.cursor().connection.info.server_version}"
        if connection.vendor == "postgresql" else connection.vendor,
        "jobs": ImportJob.objects.count(),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
