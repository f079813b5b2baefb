"""Run the readiness checks from a shell; exit 1 if any fails (compose health checks of worker and beat).

python manage.py health                 # database, cache, broker, storage, worker heartbeat
python manage.py health database broker # only these
"""

import json

from django.core.management.base import BaseCommand, CommandError

from config.health import CHECKS, run_checks


class Command(BaseCommand):
    help = "Check the database, cache, broker, storage and the worker heartbeat; exit 1 on any failure."

    def add_arguments(self, parser):
        parser.add_argument("checks", nargs="*", choices=sorted(CHECKS), help="only these checks")

    def handle(self, *args, checks, **options) -> None:
        results = run_checks(checks)
        self.stdout.write(json.dumps(results))
        if any(value != "ok" for value in results.values()):
            raise CommandError("unhealthy")
