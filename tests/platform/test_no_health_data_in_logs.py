"""Application logs carry ids and references, never a patient's name or a record's file name."""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.models import Case, State
from reports.packets import packet_compile, packet_request
from tests.factories import complete_case
from tests.helpers.files import pdf_bytes
from tests.intake.test_upload import upload

pytestmark = pytest.mark.django_db

PATIENT_NAME = "Zhang Xiaoming"
FILE_NAME = "zhang-xiaoming-biopsy.pdf"


def test_upload_and_packet_compile_log_no_patient_name_or_file_name(patient_client, patient, caplog):
    # Everything, at every level, including the PDF libraries the settings quieten to WARNING.
    caplog.set_level(logging.DEBUG)
    for name in ("cases", "intake", "reports", "weasyprint", "fontTools", "pikepdf", "pypdf", "celery"):
        caplog.set_level(logging.DEBUG, logger=name)
    case = complete_case(patient, patient_name=PATIENT_NAME)
    response = upload(patient_client, case, SimpleUploadedFile(FILE_NAME, pdf_bytes(2, PATIENT_NAME)))
    assert response.status_code == 200 and case.documents.filter(original_name=FILE_NAME).exists()
    Case.objects.filter(pk=case.pk).update(state=State.READY_FOR_MDT, submitted_at=timezone.now())
    packet = packet_request(case=case, enqueue=False)
    packet_compile(packet_id=packet.pk)
    packet.refresh_from_db()
    assert packet.status == "done", packet.error
    assert caplog.records, "the pipeline logs something at DEBUG, so the check means something"
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    for secret in (PATIENT_NAME, "Zhang", "Xiaoming", FILE_NAME, "biopsy.pdf", "Adenocarcinoma"):
        assert secret not in logged, secret
