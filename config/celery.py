"""The Celery app, and what every worker does besides running tasks.

At start (before the pool forks) a worker creates the data folders and removes the work folders of dead
workers on its host (config.datadirs). Once ready it starts the watchdog: a thread that every
WORKER_WATCHDOG_SECONDS runs the sweepers that recover lost work (packets whose worker stopped beating,
emails whose send died or whose retry is due, uploads whose metadata was never read), so a killed worker's
job resumes within about a minute whether or not beat runs. Sweeps are idempotent: each job is claimed by a
conditional UPDATE, so two sweepers (beat and a worker, or two workers) never do it twice.
"""

import logging
import os
import threading

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("mdt_intake")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

log = logging.getLogger(__name__)
_stop = threading.Event()


@signals.worker_init.connect
def _prepare_worker(**kwargs) -> None:
    from config import datadirs

    datadirs.ensure()
    datadirs.set_owner(os.getpid())
    datadirs.clean_dead_work_dirs()


@signals.beat_init.connect
def _prepare_beat(**kwargs) -> None:
    from config import datadirs

    datadirs.ensure()


def sweep_once() -> None:
    """One round of every recovery sweep (each guarded: one failing must not stop the others)."""
    from cases.notifications import notifications_enqueue_pending
    from config.health import beat
    from intake.services import documents_metadata_sweep
    from reports.packets import packets_sweep

    for sweep in (beat, packets_sweep, notifications_enqueue_pending, documents_metadata_sweep):
        try:
            sweep()
        except Exception:  # noqa: BLE001 - the database or broker may be down for a while; try next round
            log.exception("Watchdog: %s failed; trying again next round", sweep.__name__)
    from django.db import connection

    connection.close()


def _watch(interval: float) -> None:
    sweep_once()
    while not _stop.wait(interval):
        sweep_once()


@signals.worker_ready.connect
def _start_watchdog(**kwargs) -> None:
    from django.conf import settings

    interval = settings.WORKER_WATCHDOG_SECONDS
    if interval > 0:
        _stop.clear()
        threading.Thread(target=_watch, args=(interval,), name="mdt-watchdog", daemon=True).start()


@signals.worker_shutdown.connect
def _stop_watchdog(**kwargs) -> None:
    _stop.set()
