from decimal import Decimal, InvalidOperation

from django import template

from cases import labels
from cases.assessment import render
from cases.clinical import codes
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
    """Rows (labs, treatment lines) in the order the patient entered them."""
    return rows.order_by("id")


@register.filter
def relationship_label(code: str) -> str:
    """Who filled in the form, in words ("Son or daughter"), from its stored code."""
    return str(dict(Relationship.choices).get(code, code)) if code else ""
