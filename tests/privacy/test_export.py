"""The patient's data archive: what is in it, who may download it, and when it goes."""

import csv
import datetime
import hashlib
import io
import json

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessRecord, ReadKind
from privacy.export import ERR_CHECKSUM, data_export_build, data_export_request, data_exports_sweep
from privacy.models import DataExport
from tests.factories import CaseFactory
from tests.privacy.helpers import RECORD_BYTES, case_with_everything, read_zip, stored

pytestmark = pytest.mark.django_db


def built(user):
    export = data_export_request(user=user)
    return data_export_build(export_id=export.pk)


def test_archive_holds_answers_records_released_reports_and_access_log(patient, coordinator):
    case = case_with_everything(patient, coordinator)
    export = built(patient)
    assert export.status == DataExport.Status.DONE, export.error
    archive = read_zip(export)
    names = archive.namelist()
    ref = case.reference

    answers = json.loads(archive.read(f"{ref}/answers.json"))
    assert answers["case"]["own_questions"] == "Will it come back?"
    assert answers["case"]["histology"] == "Adenocarcinoma, acinar predominant"
    assert [b["marker"] for b in answers["biomarkers"]] == ["EGFR"]
    assert answers["treatment_lines"][0]["regimen"] == "Osimertinib"

    records = sorted(n for n in names if n.startswith(f"{ref}/records/"))
    assert len(records) == case.documents.count() == 3
    for document in case.documents.all():
        member = next(n for n in records if n.endswith(document.original_name.rsplit("/", 1)[-1].replace(" ", "_")))
        assert hashlib.sha256(archive.read(member)).hexdigest() == document.sha256
    assert any(archive.read(n) == RECORD_BYTES for n in records)
    assert all(".." not in n and not n.startswith("/") for n in names)

    assert f"{ref}/reports/report-v1.pdf" in names
    assert f"{ref}/reports/report-v2.pdf" not in names
    assert not any(b"DRAFT" in archive.read(n) for n in names)
    assert archive.read(f"{ref}/patient-copy.pdf") == b"%PDF-1.4 patient copy"

    log = list(csv.DictReader(io.StringIO(archive.read(f"{ref}/access-log.csv").decode())))
    assert [row["who"] for row in log] == [coordinator.get_full_name()]
    assert "README.txt" in names


def test_readme_is_in_the_patients_language(patient, coordinator):
    patient.language = "zh-hans"
    patient.save()
    CaseFactory(owner=patient)
    readme = read_zip(built(patient)).read("README.txt").decode()
    assert "您在 MDT Intake 的数据" in readme and "access-log.csv" in readme


def test_archive_holds_only_the_patients_own_cases(patient, other_patient, coordinator):
    mine = case_with_everything(patient, coordinator)
    theirs = case_with_everything(other_patient, coordinator)
    names = read_zip(built(patient)).namelist()
    assert any(n.startswith(mine.reference) for n in names)
    assert not any(n.startswith(theirs.reference) for n in names)


def test_a_record_that_no_longer_matches_its_checksum_fails_the_archive(patient, coordinator):
    case = case_with_everything(patient, coordinator)
    document = case.documents.first()
    with document.file.storage.open(document.file.name, "wb") as fh:
        fh.write(b"tampered")
    export = built(patient)
    assert (export.status, export.error) == (DataExport.Status.FAILED, ERR_CHECKSUM)


def test_a_second_message_for_the_same_export_does_nothing(patient):
    export = built(patient)
    assert data_export_build(export_id=export.pk) is None


def test_patient_downloads_their_archive_and_the_download_is_audited(client, patient, coordinator):
    case_with_everything(patient, coordinator)
    export = built(patient)
    client.force_login(patient)
    response = client.get(reverse("privacy:export_download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert AccessRecord.objects.filter(what=ReadKind.DATA_EXPORT, reader_id=patient.pk, object_id=export.pk).exists()


@pytest.mark.parametrize("who", ["other_patient", "coordinator"])
def test_nobody_else_can_download_the_archive(client, request, patient, who):
    export = built(patient)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("privacy:export_download", args=[export.pk])).status_code == 404


def test_my_data_page_is_linked_and_the_panel_shows_progress(client, patient):
    client.force_login(patient)
    page = client.get(reverse("privacy:my_data"))
    assert page.status_code == 200
    assert reverse("privacy:my_data").encode() in page.content
    panel = client.post(reverse("privacy:export_request"), HTTP_HX_REQUEST="true")
    assert b'hx-trigger="every 2s"' in panel.content
    assert DataExport.objects.filter(requested_by=patient, status=DataExport.Status.QUEUED).count() == 1


def test_a_coordinator_has_no_my_data_page(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("privacy:my_data")).status_code == 404


def test_the_sweeper_deletes_expired_archives(patient):
    export = built(patient)
    name = export.file.name
    assert stored(name)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=6)):
        assert data_exports_sweep()["expired"] == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        assert data_exports_sweep()["expired"] == 1
    assert not stored(name)
    export.refresh_from_db()
    assert export.status == DataExport.Status.EXPIRED


def test_archive_holds_what_the_patients_caregiver_wrote_but_not_staff_messages(patient, coordinator):
    from cases.models import CaseCaregiver, CaseMessage
    from tests.factories import UserFactory

    case = case_with_everything(patient, coordinator)
    son = UserFactory(email="son@example.org")
    CaseCaregiver.objects.create(
        case=case, email=son.email, user=son, token_hash="t", accepted_at=timezone.now(), invited_by=patient
    )
    CaseMessage.objects.create(case=case, author=son, body="My mother sleeps most of the day now.")
    CaseMessage.objects.create(case=case, author=coordinator, body="Internal wording from the team.")
    answers = json.loads(read_zip(built(patient)).read(f"{case.reference}/answers.json"))
    bodies = [m["body"] for m in answers["messages"]]
    assert "My mother sleeps most of the day now." in bodies
    assert "Internal wording from the team." not in bodies
