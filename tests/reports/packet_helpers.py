"""A case with real records for the packet tests: WeasyPrint PDFs, a PNG, a DICOM ZIP."""

import datetime
import io

from cases.models import Document
from intake.filecheck.metadata import extract_metadata
from tests.factories import add_document, complete_case
from tests.helpers.files import dicom_zip_bytes, pdf_bytes, png_bytes

MIME = {"pdf": "application/pdf", "png": "image/png", "zip_dicom": "application/zip"}


def add_record(case, kind, content, detected_type, name, date=None) -> Document:
    """An uploaded record as intake leaves it: stored, typed from its bytes, metadata read."""
    document = add_document(case, kind, date, content, name)
    try:
        metadata = extract_metadata(io.BytesIO(content), detected_type)
    except Exception:  # noqa: BLE001 - a damaged record on purpose: intake would mark it unreadable
        metadata = {}
    Document.objects.filter(pk=document.pk).update(
        detected_type=detected_type, mime=MIME[detected_type], metadata=metadata, metadata_status="done"
    )
    document.refresh_from_db()
    return document


def case_with_records(owner, **overrides):
    """A complete case whose records are: 2 real PDFs (3 and 2 pages), a PNG and a DICOM ZIP.

    complete_case adds two placeholder "PDFs" (a few bytes, not real PDFs): they are
    removed so every record here is a real file.
    """
    case = complete_case(owner, **overrides)
    case.documents.all().delete()
    today = datetime.date.today()
    add_record(
        case, "imaging_report", pdf_bytes(2, "CT report"), "pdf", "ct-report.pdf", today - datetime.timedelta(days=10)
    )
    add_record(
        case, "pathology_report", pdf_bytes(3, "Biopsy"), "pdf", "biopsy.pdf", today - datetime.timedelta(days=300)
    )
    add_record(case, "other", png_bytes(), "png", "photo.png", today - datetime.timedelta(days=5))
    add_record(
        case, "imaging_study", dicom_zip_bytes(), "zip_dicom", "ct-study.zip", today - datetime.timedelta(days=9)
    )
    return case
