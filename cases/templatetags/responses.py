"""Derived response categories in words (cases.clinical.response.categories), in the reader's language."""

from django import template

from cases.labels import response_label as label

register = template.Library()


@register.simple_tag
def response_label(criteria: str, code: str) -> str:
    """{% response_label assessment.criteria assessment.derived_category %}: "Immune partial response (iPR)"."""
    return label(criteria, code)
