"""Coded value lists used by the intake forms, each code -> translatable label.

Stored values are the codes; labels are marked with gettext_noop and
translated by the Django layer at display time.
"""

from .cancer_types import CANCER_TYPES, CancerType
from .i18n import gettext_noop
from .lab_tests import LAB_TESTS, LabTest
from .seed_questions import SEED_QUESTIONS
from .tnm import (
    ISS_LEGACY_STAGES,
    ISS_STAGES,
    LUGANO_HODGKIN_STAGES,
    LUGANO_STAGES,
    M_CATEGORIES,
    N_CATEGORIES,
    NO_METASTATIC_SPREAD,
    NO_STAGE_GROUP,
    NO_TNM,
    STAGE_GROUPS,
    T_CATEGORIES,
    stage_choices,
    stage_labels,
)

__all__ = [
    "BIOMARKER_METHODS",
    "BIOMARKER_STATUSES",
    "CANCER_TYPES",
    "ECOG",
    "GROWTH_TEMPO",
    "LAB_TESTS",
    "LOCAL_TREATMENT_KINDS",
    "METASTATIC_SITES",
    "M_CATEGORIES",
    "N_CATEGORIES",
    "OLIGOMETASTATIC_MAX_LESIONS",
    "RESPONSE_CATEGORIES",
    "SEED_QUESTIONS",
    "STAGE_GROUPS",
    "STOP_REASONS",
    "SUPPORTIVE_CARE_NEEDS",
    "T_CATEGORIES",
    "TREATMENT_INTENTS",
    "CancerType",
    "LabTest",
    "ISS_LEGACY_STAGES",
    "ISS_STAGES",
    "LUGANO_HODGKIN_STAGES",
    "LUGANO_STAGES",
    "stage_choices",
    "stage_labels",
    "NO_METASTATIC_SPREAD",
    "NO_STAGE_GROUP",
    "NO_TNM",
    "needs_pleural_thoracoscopy",
    "oligometastatic",
]

METASTATIC_SITES = {
    "brain": gettext_noop("Brain"),
    "leptomeninges": gettext_noop("Leptomeninges (lining of brain and spinal cord)"),
    "liver": gettext_noop("Liver"),
    "lung": gettext_noop("Lung"),
    "pleura": gettext_noop("Pleura (lining of the lung)"),
    "bone": gettext_noop("Bone"),
    "adrenal": gettext_noop("Adrenal gland"),
    "distant_lymph_nodes": gettext_noop("Distant lymph nodes"),
    "peritoneum": gettext_noop("Peritoneum (lining of the abdomen)"),
    "skin_soft_tissue": gettext_noop("Skin or soft tissue"),
    "bone_marrow": gettext_noop("Bone marrow"),
    "other": gettext_noop("Other"),
}

GROWTH_TEMPO = {
    "slow": gettext_noop("Slow-growing"),
    "moderate": gettext_noop("Moderate"),
    "rapid": gettext_noop("Fast-growing"),
    "unknown": gettext_noop("Not known"),
}

# Oken MM et al., Toxicity and response criteria of the ECOG, Am J Clin Oncol 1982.
ECOG = {
    0: gettext_noop("0 - Fully active, able to carry on all pre-disease activities without restriction"),
    1: gettext_noop("1 - Restricted in strenuous activity but walking about and able to do light or desk work"),
    2: gettext_noop(
        "2 - Walking about and capable of all self-care but unable to work; up and about more than half of waking hours"
    ),
    3: gettext_noop("3 - Capable of only limited self-care; in bed or chair more than half of waking hours"),
    4: gettext_noop("4 - Completely disabled; cannot carry on any self-care; totally confined to bed or chair"),
}

RESPONSE_CATEGORIES = {
    "CR": gettext_noop("Complete response (CR)"),
    "PR": gettext_noop("Partial response (PR)"),
    "SD": gettext_noop("Stable disease (SD)"),
    "PD": gettext_noop("Progressive disease (PD)"),
    "NED": gettext_noop("No evidence of disease (NED)"),
    "not_assessed": gettext_noop("Not assessed yet"),
    "unknown": gettext_noop("Not known"),
}

BIOMARKER_STATUSES = {
    "positive": gettext_noop("Positive"),
    "negative": gettext_noop("Negative"),
    "equivocal": gettext_noop("Equivocal (borderline)"),
    "pending": gettext_noop("Result pending"),
    "not_tested": gettext_noop("Not tested"),
    "unknown": gettext_noop("Not known"),
}

BIOMARKER_METHODS = {
    "ihc": gettext_noop("Immunohistochemistry (IHC)"),
    "fish": gettext_noop("FISH / ISH"),
    "pcr": gettext_noop("PCR"),
    "tissue_ngs": gettext_noop("Tissue NGS panel"),
    "liquid_ngs": gettext_noop("Liquid biopsy (blood) NGS"),
    "other": gettext_noop("Other"),
}

SUPPORTIVE_CARE_NEEDS = {
    "fatigue": gettext_noop("Fatigue management"),
    "nutrition": gettext_noop("Appetite, digestion and nutrition"),
    "sleep": gettext_noop("Sleep"),
    "emotional": gettext_noop("Emotional stress"),
    "pain": gettext_noop("Pain"),
    "acupuncture": gettext_noop("Acupuncture for nausea, pain or fatigue"),
    "herbal": gettext_noop("Supervised herbal approaches"),
    "mind_body": gettext_noop("Mind-body and recovery practices"),
    "rehabilitation": gettext_noop("Rehabilitation between treatments"),
    "other": gettext_noop("Other"),
}

TREATMENT_INTENTS = {
    "curative": gettext_noop("Curative"),
    "neoadjuvant": gettext_noop("Before surgery (neoadjuvant)"),
    "adjuvant": gettext_noop("After surgery (adjuvant)"),
    "disease_control": gettext_noop("Disease control (palliative)"),
    "maintenance": gettext_noop("Maintenance"),
    "symptom_relief": gettext_noop("Symptom relief"),
    "unknown": gettext_noop("Not known"),
}

STOP_REASONS = {
    "completed": gettext_noop("Completed as planned"),
    "progression": gettext_noop("Cancer grew (progression)"),
    "toxicity": gettext_noop("Side effects"),
    "patient_choice": gettext_noop("Patient's choice"),
    "other": gettext_noop("Other"),
    "ongoing": gettext_noop("Still ongoing"),
}

LOCAL_TREATMENT_KINDS = {
    "surgery": gettext_noop("Surgery"),
    "radiotherapy": gettext_noop("Radiotherapy"),
    "sbrt": gettext_noop("Stereotactic radiotherapy (SBRT/SRS)"),
    "ablation": gettext_noop("Ablation (radiofrequency, microwave, cryo)"),
    "other": gettext_noop("Other"),
}

OLIGOMETASTATIC_MAX_LESIONS = 5
# Non-small cell lung cancer has its own consensus (EORTC Lung Cancer Group, Dingemans AC et al., J Thorac Oncol
# 2019;14:2109-2119): at most five metastases in at most three organs, mediastinal nodes not counted; FDG-PET-CT and
# brain imaging required; a solitary pleural metastasis only after thoracoscopy with biopsies of distant ipsilateral
# pleural sites.
NSCLC_OLIGOMETASTATIC_MAX_ORGANS = 3


def oligometastatic(site_count: int | None, lesion_count: int | None, cancer_type: str = "") -> bool | None:
    """Oligometastatic disease per the ESTRO/ASTRO consensus (Lievens Y et al., Radiother Oncol 2020).

    The consensus defines oligometastatic disease as 1 to 5 metastatic lesions
    (all safely treatable, with a controlled primary; those two conditions are
    judged by the MDT, not here) and sets no limit on the number of organs.
    Without a lesion count the answer is unknown (None), except that more than
    five involved sites already means more than five lesions. For non-small cell
    lung cancer (`cancer_type` "nsclc") the EORTC 2019 lung consensus also
    limits the organs to three. None for a blood cancer (NO_METASTATIC_SPREAD): its
    sites are involvement, not metastases (Lugano 2014, Cheson BD et al., J Clin Oncol 2014).
    """
    if cancer_type in NO_METASTATIC_SPREAD:
        return None
    if cancer_type == "nsclc" and site_count is not None and site_count > NSCLC_OLIGOMETASTATIC_MAX_ORGANS:
        return False  # EORTC 2019: more than three organs
    if lesion_count is not None:
        return 1 <= lesion_count <= OLIGOMETASTATIC_MAX_LESIONS
    if site_count is not None and site_count > OLIGOMETASTATIC_MAX_LESIONS:
        return False
    return None


def needs_pleural_thoracoscopy(site_codes: list[str], lesion_count: int | None, cancer_type: str = "") -> bool:
    """A single pleural metastasis of non-small cell lung cancer: oligometastatic only if thoracoscopy with biopsies
    of distant pleural sites on the same side shows no other pleural disease (EORTC lung consensus, Dingemans AC et
    al., J Thorac Oncol 2019: thoracoscopy and biopsies of distant ipsilateral pleural sites for a solitary pleural
    metastasis)."""
    return cancer_type == "nsclc" and list(site_codes) == ["pleura"] and lesion_count == 1
