import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Case


def packet_file_path(instance, filename):
    # A random name under the packet's own folder: no patient name, no
    # original file name, and an interrupted compile's leftovers are easy to
    # find (reports.packets clears the folder when it claims the packet).
    suffix = filename.rpartition(".")[2] if "." in filename else "bin"
    return f"packets/{instance.case_id}/{instance.pk}/{uuid.uuid4().hex}.{suffix}"


def patient_copy_path(instance, filename):
    return f"patient-copies/{instance.case_id}/{uuid.uuid4().hex}.pdf"


class Packet(models.Model):
    """One compiled version of a case packet: MDT summary, merged packet PDF, ZIP archive.

    The three files are set together, in the same save that marks the packet
    done, so a reader never sees half a packet. Each compile is a new version;
    earlier ones stay downloadable.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Compiling")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    class Stage(models.TextChoices):
        GATHERING = "gathering", _("Gathering the records")
        SUMMARY = "summary", _("Writing the MDT summary")
        MERGING = "merging", _("Merging the records into the packet")
        ARCHIVE = "archive", _("Building the archive")
        DONE = "done", _("Done")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="packets")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.GATHERING)
    percent = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Set by each claim; a worker whose claim was taken over writes nothing more.
    claim = models.UUIDField(null=True, blank=True, editable=False)
    summary = models.FileField(upload_to=packet_file_path, max_length=200, blank=True)
    packet = models.FileField(upload_to=packet_file_path, max_length=200, blank=True)
    archive = models.FileField(upload_to=packet_file_path, max_length=200, blank=True)
    manifest = models.JSONField(default=dict, blank=True)
    # Seconds per step ("weasyprint", "merging", …), for the benchmark and for operators.
    timings = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Touched at every progress step: a running packet whose heartbeat stops was left by a dead worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "-version"]
        constraints = [models.UniqueConstraint(fields=["case", "version"], name="one_packet_per_case_version")]

    def __str__(self):
        return f"{self.case_id} v{self.version}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class PacketAccess(models.Model):
    """Every download of a packet file: who, when, which part (like DocumentAccess for records)."""

    packet = models.ForeignKey(Packet, on_delete=models.CASCADE, related_name="accesses")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="packet_accesses")
    part = models.CharField(max_length=10)  # summary, packet, archive
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]


class PatientCopy(models.Model):
    """The patient's PDF copy of everything they submitted, rendered when the case is submitted."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="patient_copy")
    file = models.FileField(upload_to=patient_copy_path, max_length=200)
    language = models.CharField(max_length=10, blank=True)
    rendered_at = models.DateTimeField(auto_now=True)
