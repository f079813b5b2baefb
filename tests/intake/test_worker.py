import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import CaseFactory, UserFactory
from tests.helpers.files import dicom_zip_bytes, pdf_bytes
from tests.worker import celery_worker, wait_for


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_reads_page_count_and_dicom_metadata_after_upload(client, tmp_path):
    patient = UserFactory()
    case = CaseFactory(owner=patient)
    client.force_login(patient)
    with celery_worker(tmp_path / "worker.log"):
        client.post(
            reverse("intake:upload", args=[case.reference]),
            {"kind": "pathology_report", "files": [SimpleUploadedFile("p.pdf", pdf_bytes(4))]},
        )
        client.post(
            reverse("intake:upload", args=[case.reference]),
            {"kind": "imaging_study", "files": [SimpleUploadedFile("ct.zip", dicom_zip_bytes())]},
        )
        done = wait_for(lambda: case.documents.filter(metadata_status="done").count() == 2, timeout=90)
    log = (tmp_path / "worker.log").read_text()
    assert done, log[-3000:]
    pdf = case.documents.get(original_name="p.pdf")
    study = case.documents.get(original_name="ct.zip")
    assert pdf.metadata["pages"] == 4
    assert study.metadata["series_count"] == 2 and study.metadata["image_count"] == 2
