"""Remove abandoned and refused resumable uploads and their staging files.

Celery beat runs this hourly (intake.tasks.sweep_upload_sessions); the command runs it now.
"""

from django.core.management.base import BaseCommand

from intake.services import upload_sessions_sweep


class Command(BaseCommand):
    help = "Remove abandoned and refused resumable uploads and their staging files."

    def handle(self, *args, **options):
        self.stdout.write(f"Removed {upload_sessions_sweep()} upload sessions.")
