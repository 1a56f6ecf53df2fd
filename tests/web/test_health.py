"""/healthz: database, migrations and a fresh worker heartbeat, as JSON, 200 or 503."""

from datetime import timedelta

import pytest
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import OperationalError
from django.utils import timezone

from vigil.lists.models import WorkerHeartbeat


def beat(seconds_ago: float) -> None:
    at = timezone.now() - timedelta(seconds=seconds_ago)
    WorkerHeartbeat.objects.update_or_create(worker_id="w", defaults={
        "host": "worker-host.internal", "pid": 4242, "started_at": at, "beat_at": at})


@pytest.mark.django_db
def test_healthy_with_a_fresh_worker(client):
    beat(3)
    response = client.get("/healthz")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["migrations"] == {"ok": True, "unapplied": 0}
    assert body["checks"]["worker"]["ok"] is True
    assert 2 <= body["checks"]["worker"]["last_heartbeat_seconds_ago"] < 30
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    # no private detail of the worker: neither its host nor its process
    text = response.content.decode()
    assert "worker-host" not in text and "4242" not in text


@pytest.mark.django_db
@pytest.mark.parametrize("seconds_ago", [None, 31, 3600])
def test_no_worker_or_a_silent_one_is_unhealthy(client, seconds_ago, settings):
    settings.WORKER_STALE_SECONDS = 30
    if seconds_ago is not None:
        beat(seconds_ago)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing" and body["checks"]["worker"]["ok"] is False
    assert body["checks"]["database"]["ok"] and body["checks"]["migrations"]["ok"]


@pytest.mark.django_db
def test_an_unapplied_migration_is_unhealthy(client):
    beat(1)
    latest = MigrationRecorder.Migration.objects.filter(app="lists").order_by("-name").first()
    latest.delete()  # as if the code were newer than the database
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == {"ok": False, "unapplied": 1}


@pytest.mark.django_db
def test_an_unreachable_database_is_unhealthy_and_says_no_more(client, monkeypatch):
    beat(1)
    connection = connections["default"]

    def refused(*args, **kwargs):
        raise OperationalError('connection to server at "db.internal" (10.0.0.9) refused')

    monkeypatch.setattr(connection, "cursor", refused)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"ok": False, "error": "OperationalError"}
    assert "db.internal" not in response.content.decode()


@pytest.mark.django_db
def test_healthz_is_read_only(client):
    assert client.post("/healthz").status_code == 405
