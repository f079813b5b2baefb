"""Recompute every open case's completeness score and suggested priority.

The queue sorts on stored values; they are refreshed whenever a case changes,
but some items go stale with time alone (imaging older than the limit). Celery
beat runs this daily (cases.tasks.refresh_triage); the command runs it now.
"""

from django.core.management.base import BaseCommand

from cases.services import cases_refresh_open_triage


class Command(BaseCommand):
    help = "Recompute completeness and suggested priority for every open case."

    def handle(self, *args, **options):
        self.stdout.write(f"Refreshed {cases_refresh_open_triage()} cases.")
