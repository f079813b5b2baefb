"""Form choices from the clinical code lists, translated at display time.

`cases.clinical` marks its labels with gettext_noop (it may not import
Django); here they become lazy translations for the forms.
"""

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.clinical import codes

_lazy_gettext = lazy(gettext, str)


def _label(value) -> str:
    return getattr(value, "label", value)


def choices(mapping, *, blank: bool = True):
    items = mapping.items() if hasattr(mapping, "items") else mapping
    out = [(code, _lazy_gettext(str(_label(value)))) for code, value in items]
    return ([("", _("— choose —"))] if blank else []) + out


def cancer_type_choices():
    return choices(codes.CANCER_TYPES)


def subtype_choices(cancer_type: str):
    ct = codes.CANCER_TYPES.get(cancer_type)
    return choices(ct.subtypes if ct else {})


def all_subtype_choices():
    out = [("", _("— choose —"))]
    for ct in codes.CANCER_TYPES.values():
        out += choices(ct.subtypes, blank=False)
    return list(dict(out).items())


def response_choices(case, current: str = ""):
    """What the patient was told / a line's best response, in the words of the case's own criteria."""
    from cases.labels import reported_choices

    return [("", _("— choose —"))] + reported_choices(case, current)[1:]
