"""Check every stored record and patient report against the SHA-256 the database took when it was stored.

    python manage.py verify_storage            # prints one line per problem and a summary; exit 1 if any

Run it after a restore (scripts/restore_drill.sh does) and from time to time against the live storage: a
file that is missing or changed is named by its row (model, id, case reference), never by its content.
Streams each file in 1 MiB chunks through the storage API, so it works the same on the file system and on
object storage.
"""

import hashlib

from django.core.management.base import BaseCommand, CommandError

from cases.models import Document
from reports.models import PatientReport

CHUNK = 1024 * 1024


def _digest(field_file) -> str:
    digest = hashlib.sha256()
    with field_file.storage.open(field_file.name, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class Command(BaseCommand):
    help = "Check every stored record and report file against its SHA-256 in the database; exit 1 on a problem."

    def handle(self, *args, **options) -> None:
        checked, problems = 0, 0
        rows: list[Document | PatientReport] = [
            *Document.objects.select_related("case").order_by("pk"),
            *PatientReport.objects.select_related("case").order_by("pk"),
        ]
        for row in rows:
            label = f"{type(row).__name__} {row.pk} (case {row.case.reference})"
            checked += 1
            try:
                actual = _digest(row.file)
            except FileNotFoundError:
                problems += 1
                self.stdout.write(f"MISSING {label}")
                continue
            if actual != row.sha256:
                problems += 1
                self.stdout.write(f"CHANGED {label}")
        self.stdout.write(f"Checked {checked} file(s): {problems} problem(s).")
        if problems:
            raise CommandError(f"{problems} stored file(s) missing or changed")
