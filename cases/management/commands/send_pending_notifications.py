"""Enqueue pending notifications whose task was never enqueued (broker down at commit), got lost, or
whose retry is due; take back sends whose worker died.

    python manage.py send_pending_notifications [--older-than-minutes 1]

Safe to run at any time and as often as wanted: a notification already sent
is never sent again. Every worker runs the same sweep every few seconds
(config.celery), and beat every minute.
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
            default=1,
            help="Only rows at least this old, so a row whose task is on its way is left alone (default 1).",
        )

    def handle(self, *args, older_than_minutes: int, **options) -> None:
        count = notifications_enqueue_pending(older_than=timedelta(minutes=older_than_minutes))
        self.stdout.write(f"Enqueued {count} pending notification(s).")
