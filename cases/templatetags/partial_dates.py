from django import template

from cases import partial_dates

register = template.Library()


@register.filter
def date_as_entered(obj, name: str) -> str:
    """`{{ case|date_as_entered:"diagnosis_date" }}`: the date in the page's language, cut to what the patient gave."""
    value = partial_dates.of(obj, name)
    return partial_dates.local(value, value.precision) if value else ""


@register.filter
def when_as_entered(value) -> str:
    """`{{ form.when|when_as_entered }}`: a date (or a partial date) in the page's language, cut to what is known.

    Not named `as_entered`: intake's `clinical` library has a number filter of that name, and a template that
    loads both would get whichever it loaded last."""
    return partial_dates.local(value, getattr(value, "precision", partial_dates.DAY)) if value else ""


@register.filter
def iso_as_local(text) -> str:
    """`{{ d.metadata.study_date|iso_as_local }}`: a date kept as ISO text ("2024-01-15", as a scan's files give it)
    in the page's language; other text as it is."""
    return partial_dates.local_iso(str(text)) if text else ""
