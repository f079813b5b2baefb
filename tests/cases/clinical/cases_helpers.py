"""A complete case snapshot to start from, so each test changes one thing."""

from dataclasses import replace
from datetime import date

from cases.clinical.panels import BiomarkerResult, panel_for
from cases.clinical.snapshot import CaseSnapshot, DocumentInfo, TreatmentLineInfo

TODAY = date(2026, 5, 1)


def all_negative(cancer_type: str, subtype: str = "") -> tuple[BiomarkerResult, ...]:
    """Every panel marker tested negative on a test that covered it (HER2 with its IHC score, as reports give it)."""
    return tuple(
        BiomarkerResult(m.code, "negative", "tissue_ngs", True, alterations=("ihc_0",) if m.code == "HER2" else ())
        for m in panel_for(cancer_type, subtype)
    )


COMPLETE = CaseSnapshot(
    cancer_type="nsclc",
    cancer_subtype="adenocarcinoma",
    diagnosis_date=date(2025, 9, 1),
    stage_group="IVA",
    metastatic_sites=("bone",),
    biomarkers=all_negative("nsclc", "adenocarcinoma"),
    treatment_lines=(TreatmentLineInfo("carboplatin-pemetrexed", date(2025, 10, 1), None, "PR", "ongoing", True),),
    ecog=1,
    labs_date=date(2026, 4, 20),
    goals_text="Understand whether surgery or SBRT is an option",
    documents=(DocumentInfo("pathology_report", date(2025, 9, 1)), DocumentInfo("imaging_report", date(2026, 4, 1))),
    consent_review=True,
    consent_share=True,
    patient_name="Li Wei",
    patient_birth_date=date(1961, 3, 2),
    patient_country="SG",
)


def case(**changes) -> CaseSnapshot:
    return replace(COMPLETE, **changes)
