"""A message kept as template and values (cases.assessment.message_json), in the reader's language."""

from django import template

from cases.assessment import render_stored

register = template.Library()


@register.simple_tag
def stored_text(stored) -> str:
    """{% stored_text assessment.derived_explanation %}: escaped like any other value."""
    return render_stored(stored)
