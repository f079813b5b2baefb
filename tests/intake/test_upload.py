import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import AccessRecord, CaseEvent, Document, State
from intake.services import document_extract_metadata
from tests.helpers import files as hostile_files
from tests.helpers.files import ELF, dicom_path, dicom_zip_bytes, pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db


def upload(client, case, *files, kind="pathology_report", date=""):
    return client.post(
        reverse("intake:upload", args=[case.reference]),
        {"kind": kind, "document_date": date, "files": list(files)},
        follow=True,
    )


@pytest.fixture
def empty_storage(settings, tmp_path):
    """A private storage of our own, so "nothing was stored" can be seen."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(tmp_path / "private")}},
    }
    return tmp_path / "private"


def stored_files(root):
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_several_files_upload_at_once_and_are_listed(patient_client, draft):
    response = upload(
        patient_client,
        draft,
        SimpleUploadedFile("path-report.pdf", pdf_bytes(3), "application/pdf"),
        SimpleUploadedFile("photo.png", png_bytes(), "image/png"),
        date="2026-10-01",
    )
    assert "2 file(s) added to your case." in messages_of(response)
    names = set(draft.documents.values_list("original_name", flat=True))
    assert names == {"path-report.pdf", "photo.png"}
    page = response.content.decode()
    assert "path-report.pdf" in page and "photo.png" in page


def test_stored_file_has_a_random_name_and_the_same_bytes(patient_client, draft):
    content = pdf_bytes(1)
    upload(patient_client, draft, SimpleUploadedFile("Li Wei pathology.pdf", content, "application/pdf"))
    document = draft.documents.get()
    assert "Li" not in document.file.name and "pathology" not in document.file.name
    with document.file.open("rb") as fh:
        assert fh.read() == content
    import hashlib

    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.detected_type == "pdf" and document.size == len(content)


def test_dicom_file_and_zip_of_dicom_are_accepted_as_imaging_studies(patient_client, draft):
    response = upload(
        patient_client,
        draft,
        SimpleUploadedFile("CT_small.dcm", dicom_path().read_bytes(), "application/dicom"),
        SimpleUploadedFile("study.zip", dicom_zip_bytes(), "application/zip"),
        kind="imaging_study",
    )
    assert "2 file(s) added to your case." in messages_of(response)
    assert set(draft.documents.values_list("detected_type", flat=True)) == {"dicom", "zip_dicom"}


def test_refused_file_names_the_file_and_the_reason_and_the_rest_is_kept(patient_client, draft):
    draft.goals_text = "keep me"
    draft.save()
    response = upload(
        patient_client,
        draft,
        SimpleUploadedFile("viewer.exe", ELF, "application/octet-stream"),
        SimpleUploadedFile("report.pdf", pdf_bytes(1), "application/pdf"),
    )
    errors = [m for m in messages_of(response) if "viewer.exe" in m]
    assert errors and "PDF" in errors[0]
    assert response.status_code == 200
    assert list(draft.documents.values_list("original_name", flat=True)) == ["report.pdf"]
    draft.refresh_from_db()
    assert draft.goals_text == "keep me"


def test_png_named_pdf_is_refused_for_contradicting_its_name(patient_client, draft):
    response = upload(patient_client, draft, SimpleUploadedFile("scan.pdf", png_bytes(), "application/pdf"))
    assert any("scan.pdf" in m for m in messages_of(response))
    assert not draft.documents.exists()


def test_a_report_kind_does_not_accept_a_dicom_file(patient_client, draft):
    response = upload(
        patient_client, draft, SimpleUploadedFile("ct.dcm", dicom_path().read_bytes()), kind="lab_results"
    )
    assert any("ct.dcm" in m for m in messages_of(response))
    assert not draft.documents.exists()


def test_the_same_file_twice_is_recognised(patient_client, draft):
    content = pdf_bytes(1)
    upload(patient_client, draft, SimpleUploadedFile("a.pdf", content))
    response = upload(patient_client, draft, SimpleUploadedFile("copy of a.pdf", content))
    assert any("copy of a.pdf" in m and "already uploaded" in m and "a.pdf" in m for m in messages_of(response))
    assert draft.documents.count() == 1


def test_file_over_the_limit_is_refused_with_the_limit_in_words(patient_client, draft, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    response = upload(patient_client, draft, SimpleUploadedFile("big.pdf", pdf_bytes(2)))
    message = next(m for m in messages_of(response) if "big.pdf" in m)
    assert "1000" in message.replace("\xa0", " ") or "1,000" in message or "bytes" in message
    assert not draft.documents.exists()


def test_worker_task_reads_pages_and_dicom_metadata(patient_client, draft):
    upload(patient_client, draft, SimpleUploadedFile("r.pdf", pdf_bytes(3)))
    upload(patient_client, draft, SimpleUploadedFile("s.zip", dicom_zip_bytes()), kind="imaging_study")
    for document in draft.documents.all():
        document_extract_metadata(document_id=document.pk)
    pdf = draft.documents.get(original_name="r.pdf")
    study = draft.documents.get(original_name="s.zip")
    assert pdf.metadata["pages"] == 3 and pdf.metadata_status == "done"
    assert set(study.metadata["modalities"]) == {"CT", "MR"}
    assert study.metadata["image_count"] == 2
    listing = patient_client.get(reverse("intake:document_list", args=[draft.reference])).content.decode()
    assert "3 pages" in listing and "2 images" in listing


def test_patient_removes_a_document_before_submitting(patient_client, draft):
    upload(patient_client, draft, SimpleUploadedFile("wrong.pdf", pdf_bytes(1)))
    document = draft.documents.get()
    name = document.file.name
    storage = document.file.storage
    with django_capture():
        patient_client.post(reverse("intake:document_delete", args=[draft.reference, document.pk]))
    assert not draft.documents.exists()
    assert not storage.exists(name)
    assert CaseEvent.objects.filter(case=draft, kind="document_removed", message="wrong.pdf").exists()


def django_capture():
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_documents_cannot_be_removed_after_submission(patient_client, draft):
    upload(patient_client, draft, SimpleUploadedFile("keep.pdf", pdf_bytes(1)))
    draft.state = State.SUBMITTED
    draft.save()
    document = draft.documents.get()
    response = patient_client.post(reverse("intake:document_delete", args=[draft.reference, document.pk]))
    assert response.status_code == 404
    assert Document.objects.filter(pk=document.pk).exists()


def test_every_view_and_download_is_logged_and_the_patient_sees_the_log(patient_client, draft, client, coordinator):
    content = pdf_bytes(1)
    upload(patient_client, draft, SimpleUploadedFile("ct-report.pdf", content))
    document = draft.documents.get()
    draft.state = State.SUBMITTED
    draft.save()
    client.force_login(coordinator)
    view = client.get(reverse("intake:document_file", args=[draft.reference, document.pk, "view"]))
    assert view["Content-Disposition"].startswith("inline")
    assert b"".join(view.streaming_content) == content
    download = client.get(reverse("intake:document_file", args=[draft.reference, document.pk, "download"]))
    assert download["Content-Disposition"].startswith("attachment")
    log = list(AccessRecord.objects.filter(case=draft, what="record").values_list("reader_email", "detail"))
    assert sorted(log) == [("coord@example.org", "download"), ("coord@example.org", "view")]
    page = patient_client.get(reverse("intake:access_log", args=[draft.reference])).content.decode()
    assert "ct-report.pdf" in page and str(coordinator) in page and "downloaded" in page


def test_records_are_served_as_attachments_when_not_previewable(patient_client, draft):
    upload(patient_client, draft, SimpleUploadedFile("s.zip", dicom_zip_bytes()), kind="imaging_study")
    document = draft.documents.get()
    response = patient_client.get(reverse("intake:document_file", args=[draft.reference, document.pk, "view"]))
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize("hostile", hostile_files.HOSTILE_PDFS)
def test_pdf_with_active_content_is_refused_and_nothing_is_stored(patient_client, draft, hostile, empty_storage):
    response = upload(patient_client, draft, SimpleUploadedFile("pathology.pdf", hostile_files.hostile_pdf(hostile)))

    errors = [m for m in messages_of(response) if "pathology.pdf" in m]
    assert errors and "PDF" in errors[0]
    assert not Document.objects.exists()
    assert stored_files(empty_storage) == []


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("report.pdf.exe", "program, script or web page"),
        ("notes.html", "program, script or web page"),
        ("report.pdf\x00.exe", "hidden control or text-direction characters"),
        ("photo\u202egnp.exe", "hidden control or text-direction characters"),
    ],
)
def test_file_named_like_a_program_is_refused_even_with_pdf_bytes(patient_client, draft, name, said):
    response = upload(patient_client, draft, SimpleUploadedFile(name, pdf_bytes(1), "application/pdf"))

    assert any(said in m for m in messages_of(response)), messages_of(response)
    assert not Document.objects.exists()


@pytest.mark.parametrize("name", ["Li\u202eWei\u200f.pdf", "scan\u202egnp.pdf", "report\x00.pdf", "a\u2066b.pdf"])
def test_a_name_with_hidden_characters_is_refused_on_the_form_path_too(patient_client, draft, empty_storage, name):
    # Django's multipart parser would drop these characters before any view sees the name;
    # intake.middleware keeps the name as sent, so the form refuses it as the tus path does.
    response = upload(patient_client, draft, SimpleUploadedFile(name, pdf_bytes(1)))

    page = response.content.decode()
    assert any("hidden control or text-direction characters" in m for m in messages_of(response)), messages_of(response)
    assert not Document.objects.exists() and stored_files(empty_storage) == []
    assert "\u202e" not in page and "\u200f" not in page and "\u2066" not in page


def test_after_submission_the_patient_adds_records_and_the_team_sees_them_as_new(
    patient_client, draft, client, coordinator
):
    from django.utils import timezone

    draft.state = State.IN_TRIAGE
    draft.submitted_at = timezone.now()
    draft.save()
    page = patient_client.get(reverse("intake:case_detail", args=[draft.reference])).content.decode()
    assert 'id="upload-form"' in page
    response = upload(
        patient_client, draft, SimpleUploadedFile("new-scan-report.pdf", pdf_bytes(1)), kind="imaging_report"
    )
    assert response.redirect_chain[-1][0].startswith(reverse("intake:case_detail", args=[draft.reference]))
    assert draft.documents.filter(original_name="new-scan-report.pdf").exists()
    client.force_login(coordinator)
    seen = client.get(reverse("intake:case_detail", args=[draft.reference])).content.decode()
    assert "New since submission" in seen
