"""A patient's case with records, a released report, a report being prepared, and a read by the service."""

import hashlib
import io
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from cases import audit
from cases.models import ReadKind, State
from reports.models import Packet, PatientCopy, PatientReport
from tests.factories import add_document, complete_case

RECORD_BYTES = b"%PDF-1.4 scan of the biopsy \x00\xff binary tail"


def report(case, *, version, released, by, content=None):
    content = content or f"%PDF-1.4 report v{version}".encode()
    row = PatientReport(
        case=case,
        version=version,
        language="en",
        sha256=hashlib.sha256(content).hexdigest(),
        created_by=by,
        released_by=by if released else None,
        released_at=timezone.now() if released else None,
    )
    row.file.save("report.pdf", ContentFile(content), save=False)
    row.save()
    return row


def case_with_everything(patient, coordinator, *, state=State.REPORT_ISSUED):
    case = complete_case(patient, state=state, submitted_at=timezone.now(), own_questions="Will it come back?")
    record = add_document(case, "other", content=RECORD_BYTES, name="../../etc/李伟 biopsy.pdf")
    report(case, version=1, released=True, by=coordinator)
    report(case, version=2, released=False, by=coordinator, content=b"%PDF-1.4 DRAFT being prepared")
    copy = PatientCopy(case=case, language="en")
    copy.file.save("copy.pdf", ContentFile(b"%PDF-1.4 patient copy"), save=False)
    copy.save()
    packet = Packet.objects.create(case=case, version=1, status=Packet.Status.DONE)
    packet.archive.save("archive.zip", ContentFile(b"PK packet"), save=True)
    audit.record_read(user=coordinator, case=case, what=ReadKind.RECORD, obj=record, detail="download")
    return case


def stored(name: str) -> bool:
    return bool(name) and default_storage.exists(name)


def read_zip(export) -> zipfile.ZipFile:
    with export.file.open("rb") as fh:
        return zipfile.ZipFile(io.BytesIO(fh.read()))
