"""Forms for the response assessments a coordinator enters (cases/views/responses.py)."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.clinical import codes
from cases.labels import CRITERIA_NAMES, reported_choices
from cases.models import EcogRecord

ERR_JSON = _("The measurements are not valid JSON: %(error)s")


class ResponseAssessmentForm(forms.Form):
    criteria = forms.ChoiceField(
        label=_("Criteria"),
        choices=list(CRITERIA_NAMES.items()),
        widget=forms.Select(attrs={"data-example-target": "id_measurements"}),
    )
    assessed_on = forms.DateField(
        label=_("Date of the assessment"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            'Criteria read at every scan take their dates from the measurements ("dates" or each scan\'s date).'
        ),
    )
    measurements = forms.CharField(
        label=_("Measurements (JSON, as in the example for the criteria)"),
        widget=forms.Textarea(attrs={"rows": 14, "class": "font-monospace", "spellcheck": "false"}),
    )
    reported_category = forms.ChoiceField(
        label=_("What the patient was told"),
        required=False,
        choices=[("", "—")] + [(k, _(v)) for k, v in codes.RESPONSE_CATEGORIES.items()],
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.initial.get("reported_category") or ""  # a value saved earlier stays offered
        self.fields["reported_category"].choices = reported_choices(case, current)  # type: ignore[attr-defined]

    def clean_measurements(self) -> dict:
        try:
            value = json.loads(self.cleaned_data["measurements"])
        except json.JSONDecodeError as error:
            raise forms.ValidationError(ERR_JSON, params={"error": str(error)}) from None
        if not isinstance(value, dict):
            raise forms.ValidationError(
                _("The measurements must be a JSON object, as in the example for the criteria.")
            )
        return value


class EcogForm(forms.ModelForm):
    ecog = forms.TypedChoiceField(
        label=_("ECOG performance status"), coerce=int, choices=[(k, _(v)) for k, v in codes.ECOG.items()]
    )

    class Meta:
        model = EcogRecord
        fields = ["measured_on", "ecog"]
        widgets = {"measured_on": forms.DateInput(attrs={"type": "date"})}
