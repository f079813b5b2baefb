from django import template

from cases import labels
from cases.assessment import render
from cases.clinical import codes

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
}


@register.simple_tag
def code_label(kind: str, code) -> str:
    """The translated label of a coded value, e.g. {% code_label "cancer_type" case.cancer_type %}."""
    return labels.code_label(getattr(codes, _LISTS[kind]), code)


@register.simple_tag
def subtype_label(cancer_type: str, subtype: str) -> str:
    return labels.subtype_label(cancer_type, subtype)


@register.simple_tag
def clinical_message(template_text: str, params=None) -> str:
    return render(template_text, params) if template_text else ""
