"""The resumable upload protocol, driven as tus-js-client drives it."""

import base64
import hashlib
import os

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import UploadSession
from intake import filecheck
from intake.services import UploadRefused, upload_session_start
from tests.factories import UserFactory
from tests.helpers import files as hostile_files
from tests.helpers.files import ELF, dicom_zip_bytes

pytestmark = pytest.mark.django_db


def meta(**values):
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in values.items())


def create(client, case, length, name="study.zip", kind="imaging_study"):
    return client.post(
        reverse("intake:tus_create", args=[case.reference]),
        HTTP_TUS_RESUMABLE="1.0.0",
        HTTP_UPLOAD_LENGTH=str(length),
        HTTP_UPLOAD_METADATA=meta(filename=name, filetype="application/zip", kind=kind, document_date="2026-09-30"),
    )


def patch(client, location, offset, chunk):
    return client.patch(
        location,
        data=chunk,
        content_type="application/offset+octet-stream",
        HTTP_TUS_RESUMABLE="1.0.0",
        HTTP_UPLOAD_OFFSET=str(offset),
    )


def test_upload_in_chunks_resumes_after_a_drop_and_becomes_a_document(patient_client, draft):
    content = dicom_zip_bytes()
    created = create(patient_client, draft, len(content))
    assert created.status_code == 201
    location = created["Location"]
    first = patch(patient_client, location, 0, content[:1000])
    assert first.status_code == 204 and first["Upload-Offset"] == "1000"
    # The connection drops; the browser asks how far the server got and goes on from there.
    head = patient_client.head(location, HTTP_TUS_RESUMABLE="1.0.0")
    assert head["Upload-Offset"] == "1000" and head["Upload-Length"] == str(len(content))
    last = patch(patient_client, location, 1000, content[1000:])
    assert last.status_code == 204
    document = draft.documents.get()
    assert document.original_name == "study.zip" and document.kind == "imaging_study"
    assert str(document.document_date) == "2026-09-30"
    with document.file.open("rb") as fh:
        assert fh.read() == content


def test_a_chunk_sent_at_the_wrong_offset_is_refused_without_damage(patient_client, draft):
    content = dicom_zip_bytes()
    location = create(patient_client, draft, len(content))["Location"]
    patch(patient_client, location, 0, content[:500])
    stale = patch(patient_client, location, 0, content[:500])
    assert stale.status_code == 409
    patch(patient_client, location, 500, content[500:])
    with draft.documents.get().file.open("rb") as fh:
        assert fh.read() == content


def test_refused_file_gets_its_name_and_reason_back(patient_client, draft):
    location = create(patient_client, draft, len(ELF), name="viewer", kind="other")["Location"]
    response = patch(patient_client, location, 0, ELF)
    assert response.status_code == 422
    assert "viewer" in response.json()["error"]
    assert not draft.documents.exists()
    assert UploadSession.objects.get().error


def test_file_over_the_limit_is_refused_before_any_byte_is_sent(patient_client, draft, settings):
    settings.MAX_UPLOAD_BYTES = 2 * 1024**3
    response = create(patient_client, draft, 3 * 1024**3, name="huge.zip")
    assert response.status_code == 413
    error = response.json()["error"].replace("\xa0", " ")
    assert "huge.zip" in error and "3.0 GB" in error and "2.0 GB" in error
    assert not UploadSession.objects.exists()


def test_empty_file_is_refused_with_the_same_words_as_a_plain_upload(patient_client, draft):
    response = create(patient_client, draft, 0, name="blank.pdf", kind="other")
    assert response.status_code == 400
    assert response.json()["error"] == str(filecheck.messages.EMPTY % {"name": "blank.pdf"})
    assert not UploadSession.objects.exists()


def test_unknown_record_kind_is_refused(patient_client, draft):
    response = create(patient_client, draft, 100, kind="selfie")
    assert response.status_code == 400


def test_another_patient_cannot_continue_or_probe_my_upload(patient_client, draft, client, other_patient):
    location = create(patient_client, draft, 100)["Location"]
    client.force_login(other_patient)
    assert client.head(location).status_code == 404
    assert patch(client, location, 0, b"x" * 10).status_code == 404
    assert UploadSession.objects.get().offset == 0


def test_abandoned_upload_can_be_cancelled(patient_client, draft):
    location = create(patient_client, draft, 100)["Location"]
    assert patient_client.delete(location, HTTP_TUS_RESUMABLE="1.0.0").status_code == 204
    assert not UploadSession.objects.exists()


def test_server_announces_the_protocol_and_limit(client, draft, settings):
    response = client.options(reverse("intake:tus_create", args=[draft.reference]))
    assert response["Tus-Version"] == "1.0.0"
    assert response["Tus-Max-Size"] == str(settings.MAX_UPLOAD_BYTES)


def test_upload_session_start_refuses_an_oversize_file_naming_it(draft, patient, settings):
    settings.MAX_UPLOAD_BYTES = 2 * 1024**3
    with pytest.raises(UploadRefused) as refused:
        upload_session_start(case=draft, by=patient, filename="huge.zip", size=3 * 1024**3, kind="imaging_study")
    message = str(refused.value.message).replace("\xa0", " ")
    assert refused.value.code == "too_large"
    assert "huge.zip" in message and "3.0 GB" in message and "2.0 GB" in message
    assert not UploadSession.objects.exists()


@pytest.mark.parametrize(("size", "kind", "code"), [(0, "imaging_study", "empty"), (100, "selfie", "kind")])
def test_upload_session_start_refuses_an_empty_file_or_an_unknown_kind_naming_the_file(
    draft, patient, size, kind, code
):
    with pytest.raises(UploadRefused) as refused:
        upload_session_start(case=draft, by=patient, filename="scan.zip", size=size, kind=kind)
    assert refused.value.code == code and "scan.zip" in str(refused.value.message)
    assert not UploadSession.objects.exists()


def test_upload_session_start_opens_a_session_at_offset_zero(draft, patient):
    upload = upload_session_start(
        case=draft,
        by=patient,
        filename="x" * 300 + ".zip",
        size=100,
        kind="imaging_study",
        content_type="application/zip",
    )
    stored = UploadSession.objects.get()
    assert stored == upload and stored.user == patient and stored.case == draft
    assert stored.offset == 0 and stored.length == 100 and len(stored.filename) == 255


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("photo\u202egnp.exe", "photo[U+202E]gnp.exe"),
        ("report\u2066.pdf", "report[U+2066].pdf"),
        ("report.pdf\x00.zip", "report.pdf[U+0000].zip"),
        ("viewer.exe", "viewer.exe"),
        ("index.htm", "index.htm"),
    ],
)
def test_disguised_or_program_name_is_refused_before_any_byte_is_sent(patient_client, draft, name, shown):
    response = create(patient_client, draft, 1000, name=name, kind="other")

    assert response.status_code == 400
    error = response.json()["error"]
    assert shown in error and (name == shown or name not in error)
    assert not UploadSession.objects.exists()


@pytest.mark.parametrize("hostile", hostile_files.HOSTILE_PDFS)
def test_pdf_with_active_content_is_refused_when_its_last_byte_arrives(patient_client, draft, hostile, settings):
    content = hostile_files.hostile_pdf(hostile)
    location = create(patient_client, draft, len(content), name="pathology.pdf", kind="pathology_report")["Location"]

    response = patch(patient_client, location, 0, content)

    assert response.status_code == 422
    assert "pathology.pdf" in response.json()["error"]
    assert not draft.documents.exists()
    assert list(settings.UPLOAD_STAGING_DIR.glob(f"{UploadSession.objects.get().pk}*")) == []


def test_refused_upload_cannot_be_continued(patient_client, draft):
    location = create(patient_client, draft, len(ELF), name="viewer", kind="other")["Location"]
    patch(patient_client, location, 0, ELF)

    again = patch(patient_client, location, len(ELF), b"x")

    assert again.status_code == 422 and "viewer" in again.json()["error"]


class _DroppingStream:
    """A request body whose connection drops after `keep` bytes (gunicorn raises an OSError subclass)."""

    def __init__(self, data: bytes, keep: int):
        self.data, self.keep, self.at = data, keep, 0

    def read(self, size=-1):
        if self.at >= self.keep:
            raise OSError("connection reset by peer")
        size = self.keep - self.at if size is None or size < 0 else min(size, self.keep - self.at)
        chunk = self.data[self.at : self.at + size]
        self.at += len(chunk)
        return chunk

    def readline(self, size=-1):
        return self.read(size)


def test_a_request_cut_short_keeps_the_bytes_that_arrived_and_the_upload_resumes_from_there(patient_client, draft):
    """Large chunks cost nothing on a bad line: what arrived before the drop is kept, not sent again."""
    content = dicom_zip_bytes()
    location = create(patient_client, draft, len(content))["Location"]
    cut = patient_client.patch(
        location,
        content_type="application/offset+octet-stream",
        HTTP_TUS_RESUMABLE="1.0.0",
        HTTP_UPLOAD_OFFSET="0",
        CONTENT_LENGTH=str(len(content)),
        CONTENT_TYPE="application/offset+octet-stream",
        **{"wsgi.input": _DroppingStream(content, 700)},
    )
    assert cut.status_code == 400
    head = patient_client.head(location, HTTP_TUS_RESUMABLE="1.0.0")
    assert head["Upload-Offset"] == "700"
    assert patch(patient_client, location, 700, content[700:]).status_code == 204
    with draft.documents.get().file.open("rb") as fh:
        assert fh.read() == content


def test_the_finished_upload_is_moved_into_storage_not_copied(patient_client, draft):
    from intake.tus import staging_path

    content = dicom_zip_bytes()
    location = create(patient_client, draft, len(content))["Location"]
    patch(patient_client, location, 0, content[:1000])
    staged = staging_path(UploadSession.objects.get())
    inode = staged.stat().st_ino
    assert patch(patient_client, location, 1000, content[1000:]).status_code == 204
    document = draft.documents.get()
    assert not staged.exists()
    stored = document.file.path
    assert os.stat(stored).st_ino == inode  # the same file on disk, renamed
    assert oct(os.stat(stored).st_mode & 0o777) == oct(0o600)  # and private, as a copied one would be
    assert document.sha256 == hashlib.sha256(content).hexdigest()


def test_a_refused_upload_cannot_be_resumed_to_a_false_success(patient_client, draft):
    """tus-js-client asks HEAD before resuming: a refused upload must not answer "all bytes here"."""
    location = create(patient_client, draft, len(ELF), name="viewer", kind="other")["Location"]
    patch(patient_client, location, 0, ELF)

    head = patient_client.head(location, HTTP_TUS_RESUMABLE="1.0.0")

    assert head.status_code == 410
    assert not draft.documents.exists()


def test_the_checksum_is_taken_as_the_bytes_arrive_so_the_last_chunk_does_not_read_the_file_again(
    patient_client, draft, monkeypatch
):
    """Issue 16: a 1 GB upload no longer spends its last request hashing the whole file a second time."""
    content = dicom_zip_bytes()
    location = create(patient_client, draft, len(content))["Location"]
    cut = patient_client.patch(
        location,
        content_type="application/offset+octet-stream",
        HTTP_TUS_RESUMABLE="1.0.0",
        HTTP_UPLOAD_OFFSET="0",
        CONTENT_LENGTH=str(len(content)),
        CONTENT_TYPE="application/offset+octet-stream",
        **{"wsgi.input": _DroppingStream(content, 1000)},
    )
    assert cut.status_code == 400  # a drop mid-request: the checksum keeps the 1000 bytes that arrived
    assert patch(patient_client, location, 1000, content[1000:5000]).status_code == 204

    def read_again(fileobj):
        raise AssertionError("the finished file was hashed a second time")

    monkeypatch.setattr(filecheck, "_sha256", read_again)
    assert patch(patient_client, location, 5000, content[5000:]).status_code == 204
    assert draft.documents.get().sha256 == hashlib.sha256(content).hexdigest()


def test_an_upload_whose_running_checksum_was_lost_is_hashed_when_complete(patient_client, draft):
    content = dicom_zip_bytes()
    location = create(patient_client, draft, len(content))["Location"]
    patch(patient_client, location, 0, content[:3000])
    UploadSession.objects.update(sha256_state=b"\x00" * 112)  # damaged: never handed to OpenSSL, never trusted
    assert patch(patient_client, location, 3000, content[3000:6000]).status_code == 204
    assert UploadSession.objects.get().sha256_state == b""
    assert patch(patient_client, location, 6000, content[6000:]).status_code == 204
    assert draft.documents.get().sha256 == hashlib.sha256(content).hexdigest()


def test_a_chunk_costs_five_queries_and_access_is_checked_on_every_one(patient_client, draft, patient):
    """Session, user, the upload with its case and the access facts in one query, the upload's progress read
    again under the hold (the row lock on PostgreSQL: one writer at a time, tests/intake/test_tus_overlap.py) and
    one UPDATE."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases.models import CaseCaregiver

    content = dicom_zip_bytes()
    location = create(patient_client, draft, len(content))["Location"]
    patch(patient_client, location, 0, content[:1000])
    with CaptureQueriesContext(connection) as chunk:
        assert patch(patient_client, location, 1000, content[1000:2000]).status_code == 204
    # The test's own transaction turns the lock's transaction into a savepoint, which a request does not pay.
    # SQLite has no row lock to take: the upload's progress is read again once the staging file is held.
    assert len([q for q in chunk.captured_queries if "SAVEPOINT" not in q["sql"]]) == 5

    # A caregiver's upload stops at the next chunk once the patient revokes them.
    carer = UserFactory(email="carer@example.org")
    grant = CaseCaregiver.objects.create(case=draft, email=carer.email, user=carer, token_hash="t-carer")
    patient_client.force_login(carer)
    location = create(patient_client, draft, len(content))["Location"]
    assert patch(patient_client, location, 0, content[:1000]).status_code == 204
    grant.revoked_at = timezone.now()
    grant.save()
    assert patch(patient_client, location, 1000, content[1000:]).status_code == 404

    # And the patient's own upload stops once the case has ended.
    patient_client.force_login(patient)
    location = create(patient_client, draft, len(content))["Location"]
    assert patch(patient_client, location, 0, content[:1000]).status_code == 204
    type(draft).objects.filter(pk=draft.pk).update(state="closed")
    assert patch(patient_client, location, 1000, content[1000:]).status_code == 404
    assert not draft.documents.exists()
