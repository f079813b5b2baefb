from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone
from django.utils.translation import gettext

from cases import labels
from cases.assessment import render
from cases.clinical import codes, mdt_needs
from cases.clinical.biomarkers import codes as bcodes
from cases.clinical.emergencies import EMERGENCIES
from cases.clinical.lab_values import LabValue
from cases.clinical.organ_function import creatinine_clearance as compute_crcl
from cases.models.users import Relationship

register = template.Library()

_LISTS = {
    "cancer_type": "CANCER_TYPES",
    "metastatic_site": "METASTATIC_SITES",
    "biomarker_status": "BIOMARKER_STATUSES",
    "biomarker_method": "BIOMARKER_METHODS",
    "local_treatment": "LOCAL_TREATMENT_KINDS",
    "seed_question": "SEED_QUESTIONS",
    "response": "RESPONSE_CATEGORIES",
    "ecog": "ECOG",
    "lab_test": "LAB_TESTS",
    "growth_tempo": "GROWTH_TEMPO",
    "treatment_intent": "TREATMENT_INTENTS",
    "stop_reason": "STOP_REASONS",
    "supportive_need": "SUPPORTIVE_CARE_NEEDS",
    "stage_group": "STAGE_GROUPS",
}


_OTHER_LISTS = {
    "virus_status": mdt_needs.VIRUS_STATUSES,
    "germline": mdt_needs.GERMLINE_STATUSES,
    "biomarker_result": bcodes.RESULTS,
    "biomarker_assay": bcodes.ASSAYS,
}


@register.simple_tag
def code_label(kind: str, code) -> str:
    """The translated label of a coded value, e.g. {% code_label "cancer_type" case.cancer_type %}."""
    mapping = _OTHER_LISTS[kind] if kind in _OTHER_LISTS else getattr(codes, _LISTS[kind])
    return labels.code_label(mapping, code)


@register.simple_tag
def stage_label(case) -> str:
    """The case's stage group named by its system: "Stage IVB", "ISS/R-ISS stage II", "Lugano 2014 stage II"."""
    return labels.stage_label(case.cancer_type, case.stage_group, case.histology)


@register.filter
def stage_not_applicable(case) -> bool:
    """The leukaemias and MDS have no stage group (cases.clinical.tnm.NO_STAGE_GROUP)."""
    return case.cancer_type in codes.NO_STAGE_GROUP


@register.filter
def tnm(case) -> str:
    """The case's TNM letters as entered ("T2a N2 M1c"), none for a blood cancer (cases.clinical.tnm.NO_TNM)."""
    return " ".join(letter for letter in labels.tnm_letters(case) if letter)


@register.simple_tag
def reported_label(case, code) -> str:
    """What the patient was told, or a line's best response, in the words of the case's own criteria:
    {% reported_label case t.best_response %} gives "Very good partial response (VGPR)" for myeloma."""
    return labels.reported_label(case, code or "")


@register.simple_tag
def emergency_reason(code: str) -> str:
    """What a reported emergency may be, in the reader's language (cases.clinical.emergencies)."""
    return gettext(EMERGENCIES[code][1]) if code in EMERGENCIES else code


@register.simple_tag
def creatinine_clearance(case):
    """Cockcroft-Gault CrCl from the case's latest creatinine, age, weight and sex; None if any is missing."""
    labs = tuple(LabValue(lab.test, lab.value, lab.unit, lab.measured_on) for lab in case.labs.all())
    return compute_crcl(
        labs,
        birth_date=case.patient_birth_date,
        weight_kg=case.weight_kg,
        sex=case.patient_sex,
        today=timezone.localdate(),
    )


@register.simple_tag
def subtype_label(cancer_type: str, subtype: str) -> str:
    return labels.subtype_label(cancer_type, subtype)


@register.simple_tag
def clinical_message(template_text: str, params=None) -> str:
    return render(template_text, params) if template_text else ""


@register.filter
def as_entered(number) -> str:
    """A stored decimal as the patient would write it: 31, 0.8, 412.5 (not 31.000)."""
    if number is None or number == "":
        return ""
    try:
        return format(Decimal(str(number)).normalize(), "f")
    except InvalidOperation:
        return str(number)


@register.filter
def in_entry_order(rows):
    """Rows (labs, treatment lines) in the order the patient entered them (sorted here, so rows the page has
    already loaded with its case are not read again)."""
    if hasattr(rows, "get_queryset"):  # a related manager rather than its rows
        rows = rows.all()
    return sorted(rows, key=lambda row: row.pk)


@register.filter
def relationship_label(code: str) -> str:
    """Who filled in the form, in words ("Son or daughter"), from its stored code."""
    return str(dict(Relationship.choices).get(code, code)) if code else ""
