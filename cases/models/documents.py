import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models.case import Case
from cases.models.choice_labels import ChoiceLabels


class DocumentKind(models.TextChoices):
    PATHOLOGY_REPORT = "pathology_report", _("Pathology report")
    IMAGING_REPORT = "imaging_report", _("Imaging report")
    IMAGING_STUDY = "imaging_study", _("Imaging study (DICOM files or a ZIP of them)")
    BIOMARKER_REPORT = "biomarker_report", _("Biomarker / NGS report")
    LAB_RESULTS = "lab_results", _("Lab results")
    TREATMENT_SUMMARY = "treatment_summary", _("Treatment summary")
    OTHER = "other", _("Other")


def document_path(instance, filename):
    # A random name: neither the patient's name nor the original file name
    # ever appears in storage.
    return f"cases/{instance.case_id}/{uuid.uuid4().hex}"


class Document(ChoiceLabels):
    class MetadataStatus(models.TextChoices):
        PENDING = "pending", _("Reading…")
        DONE = "done", _("Read")
        FAILED = "failed", _("Could not be read")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(upload_to=document_path, max_length=200)
    original_name = models.CharField(max_length=255)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    detected_type = models.CharField(max_length=20)
    mime = models.CharField(max_length=100)
    document_date = models.DateField(_("date on the record"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    metadata = models.JSONField(default=dict, blank=True)
    metadata_status = models.CharField(max_length=10, choices=MetadataStatus.choices, default=MetadataStatus.PENDING)
    # When reading the metadata was last enqueued (intake.services.documents_metadata_sweep enqueues it again
    # if it is still pending METADATA_RETRY_SECONDS later: the broker was down, or the message was lost).
    metadata_queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "sha256"], name="one_copy_of_a_file_per_case")]

    def __str__(self):
        return self.original_name


class UploadSession(models.Model):
    """A resumable (tus) upload in progress: bytes so far live in the staging folder."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="upload_sessions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    document_date = models.DateField(null=True, blank=True)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    length = models.BigIntegerField()
    offset = models.BigIntegerField(default=0)
    # The running SHA-256 of the first `offset` bytes (intake.sha256state), so the last chunk needs no second pass
    # over the file; empty when it could not be kept, and then the finished file is hashed.
    sha256_state = models.BinaryField(default=b"", blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    document = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    error = models.TextField(blank=True)
