"""Resumable uploads staged in the record storage (MDT_UPLOAD_STAGING=storage, intake.staging): the offset in
the database is the truth, a chunk is one object, and a stale chunk left by a process that lost a race does
not corrupt the file."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from cases.models import UploadSession
from intake import staging
from tests.helpers.files import dicom_zip_bytes
from tests.intake.test_tus import create, patch


@pytest.fixture(autouse=True)
def shared_staging(settings):
    settings.UPLOAD_STAGING = "storage"


def _objects(session_id) -> list[str]:
    try:
        return default_storage.listdir(f"{staging.PREFIX}/{session_id}")[1]
    except FileNotFoundError:
        return []


def test_chunks_become_objects_and_then_one_document_with_nothing_left_behind(patient_client, draft, settings):
    content = dicom_zip_bytes()
    location = create(patient_client, draft, len(content))["Location"]
    session = UploadSession.objects.get()
    assert not (settings.UPLOAD_STAGING_DIR / f"{session.id}.part").exists()
    assert patch(patient_client, location, 0, content[:700]).status_code == 204
    assert patch(patient_client, location, 700, content[700:1500]).status_code == 204
    assert len(_objects(session.id)) == 2
    assert patient_client.head(location, HTTP_TUS_RESUMABLE="1.0.0")["Upload-Offset"] == "1500"

    assert patch(patient_client, location, 1500, content[1500:]).status_code == 204
    with draft.documents.get().file.open("rb") as fh:
        assert fh.read() == content
    assert _objects(session.id) == []


def test_a_twin_chunk_left_by_a_process_that_lost_the_race_is_ignored(patient_client, draft):
    content = dicom_zip_bytes()
    location = create(patient_client, draft, len(content))["Location"]
    session = UploadSession.objects.get()
    patch(patient_client, location, 0, content[:1000])
    # Another process stored the same first bytes but a shorter run of them, then lost the offset update.
    default_storage.save(f"{staging.PREFIX}/{session.id}/{0:016d}-{400:016d}-lost", ContentFile(content[:400]))
    assert patch(patient_client, location, 0, content[:1000]).status_code == 409  # the offset is 1000 now
    patch(patient_client, location, 1000, content[1000:])
    with draft.documents.get().file.open("rb") as fh:
        assert fh.read() == content


def test_cancelling_an_upload_removes_its_chunks(patient_client, draft):
    content = dicom_zip_bytes()
    location = create(patient_client, draft, len(content))["Location"]
    session = UploadSession.objects.get()
    patch(patient_client, location, 0, content[:1000])
    assert patient_client.delete(location, HTTP_TUS_RESUMABLE="1.0.0").status_code == 204
    assert _objects(session.id) == []
