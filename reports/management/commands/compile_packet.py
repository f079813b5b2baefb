import json

from django.core.management.base import BaseCommand, CommandError

from cases.assessment import render_stored
from cases.models import Case
from reports.models import Packet
from reports.packets import packet_compile, packet_request


class Command(BaseCommand):
    help = "Compile a new packet version for a case in this process; print its version and files as JSON."

    def add_arguments(self, parser):
        parser.add_argument("reference", help="the case reference, e.g. MDT-7KQ2ZD")

    def handle(self, *args, reference, **options):
        case = Case.objects.filter(reference=reference.strip().upper()).first()
        if case is None:
            raise CommandError(f"No case {reference!r}.")
        packet = packet_request(case=case, reuse_waiting=False, enqueue=False)
        packet_compile(packet_id=packet.pk)
        packet.refresh_from_db()
        if packet.status != Packet.Status.DONE:
            raise CommandError(f"Packet version {packet.version} {packet.status}: {render_stored(packet.error)}")
        result = {
            "case": case.reference,
            "version": packet.version,
            "status": packet.status,
            "files": {part: getattr(packet, part).name for part in ("summary", "packet", "archive")},
            "timings": packet.timings,
        }
        self.stdout.write(json.dumps(result, indent=2))
