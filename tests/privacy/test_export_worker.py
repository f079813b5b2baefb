"""The data archive built by a real Celery worker, from the request on the "My data" page."""

import pytest
from django.urls import reverse

from privacy.models import DataExport
from tests.privacy.helpers import RECORD_BYTES, case_with_everything, read_zip
from tests.worker import celery_worker, wait_for


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_archive_the_patient_asked_for(tmp_path, client, patient, coordinator):
    case = case_with_everything(patient, coordinator)
    client.force_login(patient)
    log_path = tmp_path / "worker.log"
    with celery_worker(log_path):
        client.post(reverse("privacy:export_request"))
        done = wait_for(lambda: DataExport.objects.get(requested_by=patient).status in ("done", "failed"), timeout=120)
    assert done, log_path.read_text()[-3000:]
    export = DataExport.objects.get(requested_by=patient)
    assert export.status == DataExport.Status.DONE, export.error
    archive = read_zip(export)
    assert any(archive.read(name) == RECORD_BYTES for name in archive.namelist() if "/records/" in name)
    assert f"{case.reference}/reports/report-v1.pdf" in archive.namelist()
    panel = client.get(reverse("privacy:export_panel")).content.decode()
    assert reverse("privacy:export_download", args=[export.pk]) in panel
