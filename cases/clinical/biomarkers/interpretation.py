"""The output of reading a case's biomarkers in context: plain data.

An `Interpretation` holds statements (what a result opens now, what it rules
out, what it means for prognosis, its germline consequence, the resistance it
explains and the next step) and gaps (a test still needed, each with a coded
reason). Every text is a gettext_noop template with params, rendered by the
Django layer (cases.assessment.render / message_json); every statement and
gap names its source, a guideline and year, printed beside it.
"""

from dataclasses import dataclass, field

from ..i18n import Message, gettext_noop

STATEMENT_KINDS = {
    "actionable": gettext_noop("Actionable now"),
    "rules_out": gettext_noop("Rules out"),
    "prognosis": gettext_noop("Prognosis and risk"),
    "germline": gettext_noop("Inherited: counselling and family testing"),
    "resistance": gettext_noop("Resistance and next step"),
    "later": gettext_noop("If the disease comes back or stops responding"),
    "note": gettext_noop("Note"),
}

# What a result means, in the patient's words: one sentence per kind of statement, never more certain than the
# team's statement it stands for (that statement is printed beside it for the patient's doctor). %(marker)s is the
# test's short name, or PATIENT_ALL_RESULTS for a statement about the results together (risk groups).
PATIENT_MEANINGS = {
    "actionable": gettext_noop(
        "%(marker)s: this result could open a treatment option for your type of cancer. Ask your doctor whether it "
        "fits your situation now."
    ),
    "rules_out": gettext_noop(
        "%(marker)s: this result means some medicines are not expected to help with your type of cancer. Ask your "
        "doctor which ones."
    ),
    "resistance": gettext_noop(
        "%(marker)s: this result may explain why a treatment stopped working, and what could be tried next. Ask your "
        "doctor about the next step."
    ),
    "germline": gettext_noop(
        "%(marker)s: this result may run in your family. Ask your doctor about genetic counselling; your relatives "
        "may be offered a test."
    ),
    "prognosis": gettext_noop(
        "%(marker)s: this helps your doctors judge how the illness may behave and how intensive the treatment should "
        "be. Ask your doctor what it means for you."
    ),
    "later": gettext_noop(
        "%(marker)s: this result does not change your treatment now; it could matter if the illness comes back or "
        "stops responding. Ask your doctor to keep it in mind."
    ),
    "note": gettext_noop(
        "%(marker)s: the team noted this result; on its own it does not open a treatment now. Ask your doctor what it "
        "means for you."
    ),
}
PATIENT_ALL_RESULTS = gettext_noop("Your results together")

GAP_REASONS = {
    "not_tested": gettext_noop("not tested"),
    "unknown": gettext_noop("not known whether tested"),
    "pending": gettext_noop("result awaited"),
    "equivocal": gettext_noop("equivocal: needs a confirmatory test"),
    "failed": gettext_noop("test failed or not enough tissue"),
    "assay_blind": gettext_noop("negative on a test that could not detect this alteration"),
    "ctdna_negative": gettext_noop("negative in blood only: a negative ctDNA test does not rule it out"),
    "exons_limited": gettext_noop("only part of the gene was tested"),
    "her2_score_missing": gettext_noop("HER2 reported as negative without the IHC score"),
    "retest_at_progression": gettext_noop("an earlier negative does not settle it after progression"),
    "resistance": gettext_noop("progression on targeted therapy: resistance testing"),
    "germline": gettext_noop("germline testing recommended by guidelines"),
    "lynch_screen": gettext_noop("Lynch syndrome: MLH1 methylation in the tumour first, then germline testing"),
    "risk": gettext_noop("needed for risk group and treatment choice"),
    "donor": gettext_noop("needed in time for a donor search"),
    "mrd": gettext_noop("measurable residual disease decides the next step"),
    "flt3_itd_pcr": gettext_noop("negative by NGS only: FLT3-ITD needs PCR"),
}

# Where a gap's test is done (Gap.specimen_hint): the label a reader sees, and the guideline that says so.
SPECIMEN_HINTS = {
    "tissue": (gettext_noop("Tumour tissue"), "ESMO NGS recommendations 2024 (Mosele F et al., Ann Oncol 2024)"),
    "plasma": (
        gettext_noop("Blood plasma (circulating tumour DNA)"),
        "IASLC liquid biopsy consensus 2021 (Rolfo C et al., J Thorac Oncol 2021)",
    ),
    "rebiopsy": (
        gettext_noop("A new biopsy of a growing lesion"),
        "NCCN NSCLC 2025; ESMO oncogene-addicted mNSCLC 2023",
    ),
    "marrow": (gettext_noop("Bone marrow"), "ELN 2022 (Döhner H et al., Blood 2022)"),
    "blood": (gettext_noop("Blood sample"), "NCCN AML 2025 (HLA typing)"),
    "blood_germline": (
        gettext_noop("Blood or saliva (inherited DNA)"),
        "NCCN Genetic/Familial High-Risk Assessment 2025",
    ),
    # In remission the leukaemia's mutations are no longer in fresh marrow: test what was stored at diagnosis.
    "diagnostic_sample": (gettext_noop("The stored sample from diagnosis"), "ELN 2022 (Döhner H et al., Blood 2022)"),
    "myeloma_diagnostic": (
        gettext_noop(
            "First the FISH (and any sequencing) report from diagnosis; if there is none, the stored diagnostic "
            "marrow sample or slides, not fresh marrow"
        ),
        "IMWG 2025 (Avet-Loiseau H et al., J Clin Oncol 2025)",
    ),
}


@dataclass(frozen=True)
class Statement:
    kind: str  # STATEMENT_KINDS
    marker: str  # marker code the statement is about ("" for a case-wide statement)
    template: str  # gettext_noop template
    params: dict = field(default_factory=dict)
    source: str = ""  # guideline/approval and year, e.g. "NCCN NSCLC 2025; FDA 2024"
    record_id: int | None = None  # the result record it reads, when there is one
    patient: str = ""  # gettext_noop template: the patient's sentence when the kind's general one would mislead

    @property
    def message(self) -> Message:
        return Message(self.template, **self.params)


@dataclass(frozen=True)
class Gap:
    marker: str  # marker code still to test (or re-test)
    reason: str  # GAP_REASONS code
    template: str  # gettext_noop: why it matters here, in this cancer
    params: dict = field(default_factory=dict)
    source: str = ""
    state: str = "unknown"  # the older status code (codes.BIOMARKER_STATUSES) of what is on record now
    specimen_hint: str = ""  # a SPECIMEN_HINTS code

    @property
    def message(self) -> Message:
        return Message(self.template, **self.params)


@dataclass(frozen=True)
class Interpretation:
    cancer_type: str
    subtype: str
    statements: tuple[Statement, ...] = ()
    gaps: tuple[Gap, ...] = ()
    # One comprehensive DNA+RNA panel instead of single-gene tests when several gaps remain (a "note" statement).
    panel_recommendation: Statement | None = None
    # The name of the patient's own positive MSI result in the words of the test that found it (a gettext_noop msgid:
    # "dMMR" by IHC, "MSI-high" by PCR/NGS, "MSI-high/dMMR" for both or an unknown test; biomarkers.mmr), for the
    # headings of the MSI statements in place of the marker's name; "" when no MSI result is positive.
    msi_name: str = ""

    def of_kind(self, kind: str) -> tuple[Statement, ...]:
        return tuple(s for s in self.statements if s.kind == kind)

    @property
    def actionable(self) -> tuple[Statement, ...]:
        return self.of_kind("actionable")

    @property
    def rules_out(self) -> tuple[Statement, ...]:
        return self.of_kind("rules_out")

    @property
    def prognosis(self) -> tuple[Statement, ...]:
        return self.of_kind("prognosis")

    @property
    def germline(self) -> tuple[Statement, ...]:
        return self.of_kind("germline")

    @property
    def resistance(self) -> tuple[Statement, ...]:
        return self.of_kind("resistance")

    def gap_markers(self) -> list[str]:
        return [g.marker for g in self.gaps]
