"""A patient's data rights: an archive of everything they gave us, and the erasure of it.

Both are rows first (the to-do list), files and deletions later: an export is built by a worker, an erasure
is carried out when a coordinator confirms it. Neither row holds health data.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def export_path(instance, filename):
    # A random name: no patient name and no case reference in storage.
    return f"exports/{uuid.uuid4().hex}.zip"


class DataExport(models.Model):
    """One archive of a patient's data, built by the worker, downloadable by them alone until it expires."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Building the archive")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    percent = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to=export_path, max_length=200, blank=True)
    size = models.BigIntegerField(null=True, blank=True)
    # A code (privacy.export.ERRORS), shown to the patient in their language.
    error = models.CharField(max_length=30, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class ErasureRequest(models.Model):
    """A patient's request to erase their account and cases; carried out when a coordinator confirms it.

    The requester's id and their cases' references are copied, so the row still says what was erased once
    the account has been anonymised.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a coordinator")
        DONE = "done", _("Erased")
        CANCELLED = "cancelled", _("Cancelled")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    user_number = models.BigIntegerField()  # the account's id, copied
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    case_references = models.JSONField(default=list, blank=True)
    files_deleted = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="pending"), name="one_pending_erasure_per_user"
            )
        ]
