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
    # Why it failed or is waiting, as cases.assessment.message_json keeps it (template and values),
    # shown in each reader's language; rows from before hold {"text": English}.
    error = models.JSONField(default=dict, blank=True)
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


class PatientCopy(models.Model):
    """The patient's PDF copy of everything they submitted, rendered when the case is submitted."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="patient_copy")
    file = models.FileField(upload_to=patient_copy_path, max_length=200)
    language = models.CharField(max_length=10, blank=True)
    rendered_at = models.DateTimeField(auto_now=True)


class ResponseRead(models.TextChoices):
    """The response category a specialist reads from the records."""

    CR = "CR", _("Complete response (CR)")
    PR = "PR", _("Partial response (PR)")
    SD = "SD", _("Stable disease (SD)")
    PD = "PD", _("Progressive disease (PD)")
    NED = "NED", _("No evidence of disease (NED)")
    NOT_EVALUABLE = "NE", _("Not evaluable from the records")


class Opinion(models.Model):
    """One specialist's discipline opinion on a case: a draft until submitted, then fixed."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="opinions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="opinions")
    discipline = models.CharField(_("discipline"), max_length=30)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    assessment = models.TextField(_("assessment"), blank=True)
    response_category = models.CharField(
        _("response read from the records"), max_length=4, choices=ResponseRead.choices, blank=True
    )
    response_criteria = models.CharField(
        _("criteria used"), max_length=20, blank=True
    )  # cases.clinical.response CRITERIA
    # Further tests: marker codes picked from the biomarker gaps, plus free text.
    tests_from_gaps = models.JSONField(default=list, blank=True)
    tests_other = models.TextField(_("other tests"), blank=True)
    # Options they see: codes from reports.opinions.OPTION_KINDS, each with free text.
    options = models.JSONField(default=dict, blank=True)
    discussion_points = models.TextField(_("points for discussion"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "author"], name="one_opinion_per_specialist")]


class TreatmentGoal(models.TextChoices):
    COMPLETE_REMISSION = "complete_remission", _("Complete remission")
    PARTIAL_REMISSION = "partial_remission", _("Partial remission")
    DISEASE_CONTROL = "disease_control", _("Long-term disease control")
    SYMPTOM_RELIEF = "symptom_relief", _("Symptom relief and quality of life")


class Consensus(models.Model):
    """The MDT's agreed recommendation, written by the chair once the opinions are in."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINAL = "final", _("Agreed")

    class ChinaSuitability(models.TextChoices):
        SUITABLE = "suitable", _("Suitable")
        NOT_SUITABLE = "not_suitable", _("Not suitable")
        NOT_ASKED = "not_asked", _("Not asked about")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="consensus")
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    goal = models.CharField(_("realistic treatment goal"), max_length=30, choices=TreatmentGoal.choices, blank=True)
    goal_explanation = models.TextField(_("what this goal means for this patient"), blank=True)
    plan = models.TextField(_("recommended plan"), blank=True)
    alternatives = models.TextField(_("alternatives"), blank=True)
    tests_first = models.TextField(_("tests to complete first"), blank=True)
    tests_from_gaps = models.JSONField(_("tests from the biomarker gaps"), default=list, blank=True)
    china = models.CharField(
        _("is care in China suitable?"), max_length=15, choices=ChinaSuitability.choices, blank=True
    )
    china_notes = models.TextField(_("what care in China would involve"), blank=True)
    supportive_care = models.TextField(_("supportive care"), blank=True)
    patient_summary = models.TextField(_("plain summary for the patient"), blank=True)
    # Answers to the patient's own questions: {"seed:<code>": text, "own:<n>": text}.
    answers = models.JSONField(default=dict, blank=True)
    dissent = models.TextField(_("dissent recorded"), blank=True)
    # The language the MDT wrote in (the report notes free text written in another language).
    written_in = models.CharField(_("language the MDT wrote in"), max_length=10, default="en")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    # 1 when agreed; each amendment by the chair adds one (ConsensusAmendment keeps what it changed and why).
    version = models.PositiveIntegerField(default=1)


class ConsensusAmendment(models.Model):
    """The chair changed an agreed consensus: why, and each field's old and new value (its history)."""

    consensus = models.ForeignKey(Consensus, on_delete=models.CASCADE, related_name="amendments")
    version = models.PositiveIntegerField()  # the consensus version this amendment made
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(_("reason for the amendment"))
    changes = models.JSONField(default=list)  # [{"field": <Consensus field or "answer:<key>">, "old", "new"}]

    class Meta:
        ordering = ["consensus", "version"]


def patient_report_path(instance, filename):
    return f"reports/{instance.case_id}/{uuid.uuid4().hex}.pdf"


class PatientReport(models.Model):
    """One version of the second-opinion report. Once released it never changes; a correction is a new version."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="patient_reports")
    version = models.PositiveIntegerField()
    language = models.CharField(max_length=10)
    file = models.FileField(upload_to=patient_report_path, max_length=200)
    sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    correction_note = models.TextField(_("what this version corrects"), blank=True)
    # The consensus version it was written from: one amended since can be neither released nor left uncorrected.
    consensus_version = models.PositiveIntegerField(default=1)
    # A bilingual version is `language` first, then English (reports.translations.report_languages).
    bilingual = models.BooleanField(default=False)
    # The checked translations this file was rendered with: {"<language>|<key>": sha256 of the text}. Release
    # compares it with the translations now checked, so a file rendered before they were is never released.
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["case", "version"]
        constraints = [models.UniqueConstraint(fields=["case", "version"], name="one_report_per_version")]


class TextTranslation(models.Model):
    """One MDT text of a case (the summary, an answer, the plan …) in one report language.

    `source_text` is the MDT's text as it was when translated; when the consensus text differs from it the
    translation is out of date (reports.translations works that out). A translation reaches the patient only
    once a second person has checked it.
    """

    class Status(models.TextChoices):
        TO_TRANSLATE = "to_translate", _("To translate")
        TRANSLATED = "translated", _("Translated, to check")
        CHECKED = "checked", _("Checked")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="translations")
    # "patient_summary", "plan", "answer:seed:<code>", "answer:own:<n>" … (reports.translations.mdt_texts)
    key = models.CharField(max_length=80)
    language = models.CharField(max_length=10)
    source_language = models.CharField(max_length=10)
    source_text = models.TextField(blank=True)
    text = models.TextField(blank=True)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.TO_TRANSLATE, db_index=True)
    # The text was drafted by the configured translation service and not yet saved by a person.
    machine_draft = models.BooleanField(default=False)
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    translated_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case", "language", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "key", "language"], name="one_translation_per_text_language")
        ]

    def __str__(self):
        return f"{self.case_id} {self.key} → {self.language}"
