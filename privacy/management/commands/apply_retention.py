from django.conf import settings
from django.core.management.base import BaseCommand

from privacy.retention import retention_apply


class Command(BaseCommand):
    help = "Delete the records and packets of cases closed longer than MDT_RETENTION_DAYS_CLOSED (the beat job)."

    def handle(self, *args, **options):
        cleared = retention_apply()
        self.stdout.write(f"{cleared} case(s) closed over {settings.RETENTION_DAYS_CLOSED} days cleared")
