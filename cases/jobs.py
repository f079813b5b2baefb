"""Enqueue a Celery task by its name.

A service that hands work to a worker names the task instead of importing it:
the task module imports the service it runs, so importing the task back would
be a cycle. `enqueue` raises what the broker raises; callers decide whether a
broker that is down fails their action (it never should: each caller has a
sweeper that enqueues again).

A request never waits long on the broker: the broker connection has a socket
timeout (settings.BROKER_SOCKET_TIMEOUT) and one quick retry, and once a publish
has failed, further publishes from this process fail at once for
BROKER_BACKOFF_SECONDS, so an action that enqueues several jobs (a submission
emails every coordinator) pays the timeout once, not once per job.
"""

import logging
import time

from celery import current_app

log = logging.getLogger(__name__)

BROKER_BACKOFF_SECONDS = 10.0
_down_until: dict[str, float] = {}  # per broker URL


class BrokerUnavailable(ConnectionError):
    """A publish failed moments ago; this one was not tried (the sweepers enqueue the job later)."""


def enqueue(task_name: str, *args) -> None:
    app = current_app
    if app.conf.task_always_eager:
        app.tasks[task_name].apply(args=args, throw=True)
        return
    broker = str(app.conf.broker_url)
    if time.monotonic() < _down_until.get(broker, 0.0):
        raise BrokerUnavailable(f"The broker failed in the last {BROKER_BACKOFF_SECONDS:.0f} s; not tried")
    try:
        app.send_task(task_name, args=args)
    except Exception:
        _down_until[broker] = time.monotonic() + BROKER_BACKOFF_SECONDS
        raise
