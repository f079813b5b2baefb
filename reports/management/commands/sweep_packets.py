import json

from django.core.management.base import BaseCommand

from reports.packets import packets_sweep


class Command(BaseCommand):
    help = (
        "Enqueue case packets that were never started (the broker was down) or whose worker died, "
        "and patient copies that were never rendered. Also run every minute by Celery beat."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-after",
            type=float,
            default=None,
            help="seconds without a heartbeat before a running packet is redone",
        )
        parser.add_argument(
            "--waiting-after", type=float, default=None, help="seconds a queued packet may wait before it is re-sent"
        )

    def handle(self, *args, stale_after, waiting_after, **options):
        result = packets_sweep(stale_after=stale_after, waiting_after=waiting_after)
        self.stdout.write(json.dumps(result))
