"""A plain snapshot of a case, filled in by the Django layer for the rules.

The completeness and urgency rules read only this, so they run without a
database and read like the checklist a coordinator keeps.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .biomarkers.record import BiomarkerResult
from .lab_values import LabValue

DOCUMENT_KINDS = (
    "pathology_report",
    "imaging_report",
    "imaging_study",
    "biomarker_report",
    "lab_results",
    "treatment_summary",
    "other",
)
IMAGING_KINDS = ("imaging_report", "imaging_study")


@dataclass(frozen=True)
class DocumentInfo:
    kind: str  # one of DOCUMENT_KINDS
    document_date: date | None


@dataclass(frozen=True)
class TreatmentLineInfo:
    regimen: str
    start: date | None
    end: date | None
    best_response: str
    stop_reason: str
    ongoing: bool
    intent: str = ""  # codes.TREATMENT_INTENTS
    drug_classes: tuple[str, ...] = ()  # biomarkers.context.DRUG_CLASSES; read from `regimen` when empty

    @property
    def progressed(self) -> bool:
        """The cancer grew on this line (stopped for progression, or progressive disease as its response)."""
        from . import reported  # noqa: PLC0415 (reported reads remission, which reads this module)

        return self.stop_reason == "progression" or reported.is_progression(self.best_response)


@dataclass(frozen=True)
class LocalTreatmentInfo:
    kind: str  # cases.clinical.codes.LOCAL_TREATMENT_KINDS
    site: str
    treated_on: date | None


@dataclass(frozen=True)
class CaseSnapshot:
    cancer_type: str = ""
    cancer_subtype: str = ""
    histology: str = ""
    primary_site: str = ""
    diagnosis_date: date | None = None
    stage_group: str = ""
    t: str = ""
    n: str = ""
    m: str = ""
    metastatic_sites: tuple[str, ...] = ()
    metastatic_lesion_count: int | None = None
    growth_tempo: str = ""
    biomarkers: tuple[BiomarkerResult, ...] = ()  # result records, several per marker over time
    no_treatment_yet: bool = False
    treatment_lines: tuple[TreatmentLineInfo, ...] = ()
    local_treatments_count: int = 0
    latest_reported_response: str = ""
    latest_derived_response: str = ""  # a category code of any criteria (response.categories)
    latest_derived_criteria: str = ""  # the criteria it was derived under (response.CRITERIA)
    ecog: int | None = None
    karnofsky: int | None = None
    labs_date: date | None = None
    labs: tuple[LabValue, ...] = ()
    local_treatments: tuple[LocalTreatmentInfo, ...] = ()
    # The date of the latest assessment whose derived category is PD (cases.clinical.response).
    derived_pd_date: date | None = None
    # Emergencies the patient answered "yes" to (cases.clinical.emergencies codes).
    emergencies: tuple[str, ...] = ()
    patient_sex: str = ""
    # What the MDT needs before it can recommend a treatment (cases.clinical.mdt_needs).
    brain_mri_date: date | None = None
    lvef_percent: int | None = None
    hepatitis_b: str = ""
    hepatitis_c: str = ""
    hiv: str = ""
    autoimmune_disease: bool | None = None
    organ_transplant: bool | None = None
    medications: str = ""
    past_toxicities: str = ""
    family_history: str = ""
    germline_testing: str = ""
    tissue_block_location: str = ""
    # Dates of biomarker results (tissue or blood), for tissue that predates progression.
    biomarker_dates: tuple[date, ...] = ()
    weight_kg: Decimal | None = None
    weight_kg_3_months_ago: Decimal | None = None
    goals_text: str = ""
    question_codes: tuple[str, ...] = ()
    own_questions: str = ""
    report_language: str = ""
    documents: tuple[DocumentInfo, ...] = ()
    consent_review: bool = False
    consent_share: bool = False
    patient_name: str = ""
    patient_birth_date: date | None = None
    patient_country: str = ""

    def documents_of(self, *kinds: str) -> tuple[DocumentInfo, ...]:
        return tuple(d for d in self.documents if d.kind in kinds)
