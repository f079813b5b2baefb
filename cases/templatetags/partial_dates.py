from django import template

from cases import partial_dates

register = template.Library()


@register.filter
def date_as_entered(obj, name: str) -> str:
    """`{{ case|date_as_entered:"diagnosis_date" }}`: the date in the page's language, cut to what the patient gave."""
    value = partial_dates.of(obj, name)
    return partial_dates.local(value, value.precision) if value else ""


@register.filter
def date_as_entered_iso(obj, name: str) -> str:
    """`{{ case|date_as_entered_iso:"diagnosis_date" }}`: 2024-03-15, 2024-03 or 2024 (the PDFs' form)."""
    value = partial_dates.of(obj, name)
    return value.as_iso() if value else ""


@register.filter
def when_as_entered(value) -> str:
    """`{{ form.when|when_as_entered }}`: a date (or a partial date) in the page's language, cut to what is known.

    Not named `as_entered`: intake's `clinical` library has a number filter of that name, and a template that
    loads both would get whichever it loaded last."""
    return partial_dates.local(value, getattr(value, "precision", partial_dates.DAY)) if value else ""
