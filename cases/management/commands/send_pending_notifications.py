"""Enqueue pending notifications whose task was never enqueued (broker down at commit) or got lost.

    python manage.py send_pending_notifications [--older-than-minutes 10]

Safe to run at any time and as often as wanted: a notification already sent
is never sent again. The embedded run (`make run`) runs it every 10 minutes
through Celery beat.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand

from cases.notifications import notifications_enqueue_pending


class Command(BaseCommand):
    help = "Enqueue pending notification emails created more than N minutes ago."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-minutes",
            type=int,
            default=10,
            help="Only rows at least this old, so a row whose task is on its way is left alone (default 10).",
        )

    def handle(self, *args, older_than_minutes: int, **options) -> None:
        count = notifications_enqueue_pending(older_than=timedelta(minutes=older_than_minutes))
        self.stdout.write(f"Enqueued {count} pending notification(s).")
