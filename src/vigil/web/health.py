"""`/healthz`, for monitoring: is the database reachable, is every migration applied, and has
a worker been heard from lately. Anonymous, never cached, and it says only which check
failed — no host, no count of records, no error text (a database's error may name its host)."""

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from vigil.lists.models import WorkerHeartbeat

STORES = ("default", "progress")


@never_cache
@require_safe
def healthz(request):
    checks = {"database": _check(_database), "migrations": _check(_migrations),
              "worker": _check(_worker)}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if healthy else "failing", "checks": checks},
                        status=200 if healthy else 503)


def _check(probe) -> dict:
    try:
        return probe()
    except DatabaseError as exc:
        return {"ok": False, "error": type(exc).__name__}


def _database() -> dict:
    for alias in STORES:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
    return {"ok": True}


def _migrations() -> dict:
    pending = 0
    for alias in STORES:
        executor = MigrationExecutor(connections[alias])
        pending += len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    return {"ok": pending == 0, "unapplied": pending}


def _worker() -> dict:
    last = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    if last is None:
        return {"ok": False, "last_heartbeat_seconds_ago": None}
    age = (timezone.now() - last).total_seconds()
    return {"ok": age <= settings.WORKER_STALE_SECONDS,
            "last_heartbeat_seconds_ago": round(age, 1)}
