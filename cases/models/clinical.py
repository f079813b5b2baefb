from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models.case import Case


class Biomarker(models.Model):
    """One marker's result for a case. "Not tested" is an answer worth keeping."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="biomarkers")
    marker = models.CharField(_("marker"), max_length=30)
    status = models.CharField(_("result"), max_length=20, blank=True)
    value = models.CharField(_("value or variant"), max_length=200, blank=True)
    method = models.CharField(_("method"), max_length=20, blank=True)
    tested_on = models.DateField(_("date"), null=True, blank=True)
    source_report = models.CharField(_("report it comes from"), max_length=200, blank=True)
    covers_gene = models.BooleanField(_("did the test cover this gene?"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "marker"], name="one_result_per_marker")]
        ordering = ["id"]


class TreatmentLine(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="treatment_lines")
    regimen = models.CharField(_("medicines (regimen)"), max_length=300)
    intent = models.CharField(_("purpose"), max_length=30, blank=True)
    start_date = models.DateField(_("started"), null=True, blank=True)
    end_date = models.DateField(_("stopped"), null=True, blank=True)
    ongoing = models.BooleanField(_("still taking it"), default=False)
    best_response = models.CharField(_("best response"), max_length=20, blank=True)
    stop_reason = models.CharField(_("why it stopped"), max_length=30, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["start_date", "id"]


class LocalTreatment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="local_treatments")
    kind = models.CharField(_("treatment"), max_length=30)
    site = models.CharField(_("where in the body"), max_length=200, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["date", "id"]


class ResponseAssessment(models.Model):
    """Measurements from one response assessment, with the category derived
    under the published criteria beside the one the patient was told."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="response_assessments")
    criteria = models.CharField(max_length=20, default="recist1.1")
    data = models.JSONField(default=dict)
    derived_category = models.CharField(max_length=30, blank=True)
    # Why the category, as cases.assessment.message_json keeps it (template and values), so each
    # reader sees it in their own language; rows from before hold {"text": English}.
    derived_explanation = models.JSONField(default=dict, blank=True)
    reported_category = models.CharField(_("what you were told"), max_length=20, blank=True)
    # The date of the assessment (criteria read at every time point carry their own "dates" in data);
    # treatment lines take their best response, progression date and progression-free time from these.
    assessed_on = models.DateField(_("date of the assessment"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assessed_on", "id"]


class EcogRecord(models.Model):
    """Performance status at a date, so the summary can show its trend (Oken 1982 ECOG scale)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="ecog_records")
    measured_on = models.DateField(_("date"))
    ecog = models.PositiveSmallIntegerField(_("ECOG performance status"))

    class Meta:
        ordering = ["measured_on", "id"]


class LabResult(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="labs")
    test = models.CharField(_("test"), max_length=30)
    value = models.DecimalField(_("value"), max_digits=10, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    measured_on = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        ordering = ["test", "measured_on", "id"]
