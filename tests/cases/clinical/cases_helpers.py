"""A complete case snapshot to start from, so each test changes one thing."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from cases.clinical.lab_values import LabValue
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
    # What the MDT needs before it can recommend treatment (cases.clinical.mdt_needs), all answered.
    patient_sex="male",
    weight_kg=Decimal("70"),
    labs=(LabValue("creatinine", Decimal("80"), "µmol/L", date(2026, 4, 20)),),
    brain_mri_date=date(2026, 4, 1),
    hepatitis_b="negative",
    hepatitis_c="negative",
    hiv="negative",
    autoimmune_disease=False,
    organ_transplant=False,
    medications="Amlodipine 5 mg daily",
    past_toxicities="none",
    family_history="none known",
    germline_testing="not_tested",
    tissue_block_location="Pathology department, Singapore General Hospital, block S25-1234 A1",
)


def case(**changes) -> CaseSnapshot:
    return replace(COMPLETE, **changes)
