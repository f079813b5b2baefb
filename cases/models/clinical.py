from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models.case import Case
from cases.partial_dates import precision_field


class Biomarker(models.Model):
    """One biomarker result on record: a marker can have several over time (re-tested at progression).

    "Not tested" and "I don't know" are answers worth keeping. The codes of the
    coded fields (result, alteration, assay, specimen, …) are those of
    cases.clinical; the forms validate them, so the table takes new codes
    without a migration. `value` keeps the result as the patient or report
    wrote it, whatever the coded fields say.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="biomarkers")
    # A panel marker's code (EGFR, PDL1 …), or another marker's name as the patient typed it.
    marker = models.CharField(_("marker"), max_length=100)
    result = models.CharField(_("result"), max_length=20, blank=True)
    # The alteration classes found (cases.clinical.biomarkers.alterations, per marker), e.g. ["ex19del", "T790M"].
    alterations = models.JSONField(_("alterations"), default=list, blank=True)
    value = models.CharField(_("value or variant, as written"), max_length=200, blank=True)
    fusion_partner = models.CharField(_("fusion partner"), max_length=60, blank=True)
    pdl1_score = models.DecimalField(_("PD-L1 score"), max_digits=5, decimal_places=1, null=True, blank=True)
    pdl1_system = models.CharField(_("PD-L1 scoring system"), max_length=10, blank=True)
    pdl1_clone = models.CharField(_("PD-L1 antibody clone"), max_length=20, blank=True)
    her2_ihc = models.CharField(_("HER2 IHC score"), max_length=10, blank=True)
    her2_ish = models.CharField(_("HER2 ISH result"), max_length=20, blank=True)
    origin = models.CharField(_("germline or somatic"), max_length=10, blank=True)
    vaf = models.DecimalField(_("variant allele frequency (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    assay = models.CharField(_("assay"), max_length=30, blank=True)
    # What the assay could detect (codes of cases.clinical), beside the patient's yes/no on the gene itself.
    detects = models.JSONField(_("what the assay could detect"), default=list, blank=True)
    covers_gene = models.BooleanField(_("did the test cover this gene?"), null=True, blank=True)
    # Only these exons were tested (e.g. "2" for a KRAS exon-2-only kit); empty when not limited or not said.
    exons_tested = models.CharField(_("only these exons tested"), max_length=50, blank=True)
    specimen = models.CharField(_("specimen"), max_length=30, blank=True)
    specimen_site = models.CharField(_("site the specimen was taken from"), max_length=200, blank=True)
    collected_on = models.DateField(_("specimen collected on"), null=True, blank=True)
    collected_on_precision = precision_field()
    tested_on = models.DateField(_("date of the report"), null=True, blank=True)
    tested_on_precision = precision_field()
    document = models.ForeignKey(
        "cases.Document",
        verbose_name=_("uploaded record it comes from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="biomarker_results",
    )
    source_report = models.CharField(_("report it comes from"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.marker}: {self.result or '—'}"

    @property
    def when(self):
        """The date that places the result in time: when the specimen was taken, else the report's date."""
        return self.collected_on or self.tested_on


class TreatmentLine(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="treatment_lines")
    regimen = models.CharField(_("medicines (regimen)"), max_length=300)
    intent = models.CharField(_("purpose"), max_length=30, blank=True)
    start_date = models.DateField(_("started"), null=True, blank=True)
    start_date_precision = precision_field()
    end_date = models.DateField(_("stopped"), null=True, blank=True)
    end_date_precision = precision_field()
    ongoing = models.BooleanField(_("still taking it"), default=False)
    best_response = models.CharField(_("best response"), max_length=30, blank=True)
    stop_reason = models.CharField(_("why it stopped"), max_length=30, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["start_date", "id"]


class LocalTreatment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="local_treatments")
    kind = models.CharField(_("treatment"), max_length=30)
    site = models.CharField(_("where in the body"), max_length=200, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = precision_field()
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
    reported_category = models.CharField(_("what you were told"), max_length=30, blank=True)
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
