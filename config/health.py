"""Liveness and readiness, answered before any other middleware (no host check, no HTTPS redirect, no
session), so a health check from inside the container or the proxy works with any Host header.

- `/health/live/`: 200 while the process serves requests; checks nothing else.
- `/health/ready/`: 200 if the database, the cache, the broker, the record storage and a worker heartbeat
  all answer, else 503. The body names each check with "ok" or "fail" and nothing more: no error text, host
  name, URL or count, so anyone may see it (details go to the log). The worker's heartbeat is written to
  the cache by every worker's watchdog (config.celery) each round and counts as fresh for
  WORKER_HEARTBEAT_STALE_SECONDS.

`manage.py health` runs the same checks from a shell (the compose health checks of the worker and beat).
"""

import logging
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

log = logging.getLogger(__name__)

HEARTBEAT_KEY = "mdt:worker-heartbeat"
PROBE_FOLDER = "health"


def beat() -> None:
    """Called by a worker's watchdog each round: the worker is alive and can reach the cache."""
    cache.set(HEARTBEAT_KEY, time.time(), timeout=None)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    key = f"mdt:health:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=30)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return what was written")
    cache.delete(key)


def _broker() -> None:
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=settings.BROKER_SOCKET_TIMEOUT)


def _storage() -> None:
    name = default_storage.save(f"{PROBE_FOLDER}/probe-{uuid.uuid4().hex}", ContentFile(b"ok"))
    try:
        with default_storage.open(name, "rb") as fh:
            if fh.read() != b"ok":
                raise RuntimeError("storage did not return what was written")
    finally:
        default_storage.delete(name)


def _worker() -> None:
    seen = cache.get(HEARTBEAT_KEY)
    if seen is None or time.time() - float(seen) > settings.WORKER_HEARTBEAT_STALE_SECONDS:
        raise RuntimeError("no worker heartbeat")


CHECKS: dict[str, Callable[[], None]] = {
    "database": _database,
    "cache": _cache,
    "broker": _broker,
    "storage": _storage,
    "worker": _worker,
}


def run_checks(names=None) -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        if names and name not in names:
            continue
        try:
            check()
            results[name] = "ok"
        except Exception:  # noqa: BLE001 - any failure is a failed check; the reason goes to the log only
            log.warning("Health check %s failed", name, exc_info=True)
            results[name] = "fail"
    return results


class HealthMiddleware:
    """First in MIDDLEWARE: answers the two health paths before anything else looks at the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/health/live/":
            return _no_store(JsonResponse({"status": "ok"}))
        if request.path == "/health/ready/":
            results = run_checks()
            healthy = all(value == "ok" for value in results.values())
            body = {"status": "ok" if healthy else "fail", "checks": results}
            return _no_store(JsonResponse(body, status=200 if healthy else 503))
        return self.get_response(request)


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response
