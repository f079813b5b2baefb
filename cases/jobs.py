"""Enqueue a Celery task by its name.

A service that hands work to a worker names the task instead of importing it:
the task module imports the service it runs, so importing the task back would
be a cycle. `enqueue` raises what the broker raises; callers decide whether a
broker that is down fails their action (it never should: each caller has a
sweeper that enqueues again).
"""

from celery import current_app


def enqueue(task_name: str, *args) -> None:
    app = current_app
    if app.conf.task_always_eager:
        app.tasks[task_name].apply(args=args, throw=True)
    else:
        app.send_task(task_name, args=args)
