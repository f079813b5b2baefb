"""The audit trail: every read of a case's health data by anyone but its owner, and every refused attempt.

Rows are only ever added (cases.audit writes them; the admin is read-only; on PostgreSQL a trigger refuses
UPDATE and DELETE). Links to the case and the reader carry no database constraint and no cascade, and the
identifiers a reader of the trail needs are copied into the row, so that erasing a case or an account later
removes the clinical data but keeps the trail.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models.case import Case
from cases.models.users import Role


class ReadKind(models.TextChoices):
    """What was read. Stored as a code, shown as a label in the reader's language."""

    CASE_PAGE = "case_page", _("Case page")
    CASE_REVIEW = "case_review", _("Case summary before submission")
    RECORD = "record", _("Record file")
    SUMMARY = "summary", _("MDT summary")
    PACKET = "packet", _("Case packet")
    ARCHIVE = "archive", _("Case packet archive")
    PATIENT_COPY = "patient_copy", _("Patient's copy")
    LETTER = "letter", _("Biomarker letter")
    REPORT = "report", _("Second-opinion report")
    MDT_PANEL = "mdt_panel", _("MDT opinions and consensus")
    OPINION = "opinion", _("Specialist opinion")
    CONSENSUS = "consensus", _("MDT consensus")
    TRANSLATION = "translation", _("MDT text, for translation")
    REFUSED = "refused", _("Refused attempt")
    DATA_EXPORT = "data_export", _("Patient's data archive")
    ERASURE = "erasure", _("Erasure of a patient's data")


class AccessRecord(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # No constraint, no cascade: the row outlives the case and the reader (see the module docstring).
    # Indexed by audit_case_at (case, -at): an index of its own would only be another write on every read.
    case = models.ForeignKey(
        Case,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
    )
    # As asked, even when no such case exists; found case-insensitively (cases.audit), by audit_reference_upper.
    case_reference = models.CharField(max_length=40)
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    reader_email = models.CharField(max_length=254)
    reader_name = models.CharField(max_length=300, blank=True)
    reader_role = models.CharField(max_length=20, choices=Role.choices)
    what = models.CharField(max_length=20, choices=ReadKind.choices)
    object_id = models.BigIntegerField(null=True, blank=True)  # the document, packet, report… read
    detail = models.CharField(max_length=40, blank=True)  # a code: "view"/"download", a version number
    reason = models.CharField(max_length=80, blank=True)  # refusals: "not visible", "action refused: <action>"

    class Meta:
        ordering = ["-at", "-id"]
        # Every read of a case writes a row: each index here is paid on every page a member of staff opens.
        indexes = [
            models.Index(fields=["case", "-at"], name="audit_case_at"),
            models.Index(Upper("case_reference"), name="audit_reference_upper"),  # case_reference__iexact
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.reader_email} {self.what} {self.case_reference}"

    @property
    def refused(self) -> bool:
        return self.what == ReadKind.REFUSED
