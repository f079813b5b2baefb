"""RECIST 1.1 measurements entered in the treatment step: a small lesion table
per time point, turned into the criteria's input and assessed by cases.clinical."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.assessment import message_json
from cases.clinical import codes
from cases.clinical.response import assess
from cases.clinical.response.recist_input import lesion_mm
from cases.models import ResponseAssessment
from cases.partial_dates import local_iso
from cases.responses import line_result, line_series
from cases.services import case_refresh_triage
from intake.choices import choices, response_choices

MAX_LESIONS = 5
MAX_TIMEPOINTS = 4
NONTARGET = [
    ("absent", _("Gone")),
    ("present", _("Still there, not growing")),
    ("unequivocal_progression", _("Clearly growing")),
    ("not_evaluated", _("Not checked")),
]


class RecistForm(forms.Form):
    nontarget = forms.ChoiceField(
        label=_("Other (non-measured) disease at the last scan"), choices=NONTARGET, initial="present"
    )
    new_lesions = forms.BooleanField(label=_("New lesions at the last scan"), required=False)
    reported_category = forms.ChoiceField(
        label=_("What you were told about the response"),
        required=False,
        choices=lambda: choices(codes.RESPONSE_CATEGORIES),
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.initial.get("reported_category") or ""
        self.fields["reported_category"].choices = response_choices(case, current)  # type: ignore[attr-defined]
        for i in range(MAX_LESIONS):
            self.fields[f"site_{i}"] = forms.CharField(
                label=_("Lesion %(n)d: where") % {"n": i + 1}, max_length=60, required=False
            )
            self.fields[f"nodal_{i}"] = forms.BooleanField(label=_("lymph node"), required=False)
            self.fields[f"base_{i}"] = forms.DecimalField(
                label=_("baseline mm"), min_value=0, max_digits=5, decimal_places=1, required=False
            )
            for j in range(MAX_TIMEPOINTS):
                self.fields[f"mm_{i}_{j}"] = forms.DecimalField(
                    label=_("mm"), min_value=0, max_digits=5, decimal_places=1, required=False
                )
        for name in ("nontarget", "reported_category"):
            self.fields[name].widget.attrs["class"] = "form-select"
        for j in range(MAX_TIMEPOINTS):
            self.fields[f"date_{j}"] = forms.DateField(
                label=_("Scan %(n)d date") % {"n": j + 1},
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )

    def lesion_rows(self):
        return [
            {
                "site": self[f"site_{i}"],
                "nodal": self[f"nodal_{i}"],
                "base": self[f"base_{i}"],
                "mms": [self[f"mm_{i}_{j}"] for j in range(MAX_TIMEPOINTS)],
            }
            for i in range(MAX_LESIONS)
        ]

    def date_fields(self):
        return [self[f"date_{j}"] for j in range(MAX_TIMEPOINTS)]

    def to_input(self) -> dict:
        """The criteria's own input: lesions with a baseline, time points with any measurement."""
        d = self.cleaned_data
        lesions = [i for i in range(MAX_LESIONS) if d.get(f"base_{i}") is not None]
        points = [j for j in range(MAX_TIMEPOINTS) if any(d.get(f"mm_{i}_{j}") is not None for i in lesions)]
        return {
            "baseline": [
                {"site": d[f"site_{i}"] or f"#{i + 1}", "nodal": d[f"nodal_{i}"], "mm": float(d[f"base_{i}"])}
                for i in lesions
            ],
            "assessments": [[_mm(d.get(f"mm_{i}_{j}")) for i in lesions] for j in points],
            "dates": [d[f"date_{j}"].isoformat() if d.get(f"date_{j}") else "" for j in points],
            "nontarget": d["nontarget"],
            "new_lesions": d["new_lesions"],
        }


def _mm(value):
    return None if value is None else float(value)


def initial_from(assessment: ResponseAssessment | None) -> dict:
    if assessment is None:
        return {}
    data = assessment.data
    initial = {
        "nontarget": data.get("nontarget", "present"),
        "new_lesions": data.get("new_lesions", False),
        "reported_category": assessment.reported_category,
    }
    for i, lesion in enumerate(data.get("baseline", [])):
        initial.update({f"site_{i}": lesion["site"], f"nodal_{i}": lesion["nodal"], f"base_{i}": lesion["mm"]})
        for j, point in enumerate(data.get("assessments", [])):
            initial[f"mm_{i}_{j}"] = lesion_mm(point[i])
    for j, value in enumerate(data.get("dates", [])):
        initial[f"date_{j}"] = value or None
    return initial


def measurements_save(*, case, data: dict, reported_category: str) -> ResponseAssessment:
    """Assess the measurements under RECIST 1.1 and keep both categories.

    The explanation is kept as its template and values (an INVALID one lists
    every reason), so each reader sees it in their own language.
    """
    criteria_input = {k: v for k, v in data.items() if k != "dates"}
    result = assess("recist1.1", criteria_input) if data["assessments"] else None
    if result is not None:
        result = line_result(case, "recist1.1", data) or result  # baseline and nadir reset at each line
    dates = [d for d in data.get("dates", []) if d]
    assessment, _created = ResponseAssessment.objects.update_or_create(
        case=case,
        criteria="recist1.1",
        entered_by=None,
        defaults={
            "assessed_on": dates[-1] if dates else None,
            "data": data,
            "derived_category": result.category if result else "",
            "derived_explanation": message_json(result.template, result.params) if result else {},
            "reported_category": reported_category,
        },
    )
    case_refresh_triage(case=case)
    return assessment


def series_for(assessment: ResponseAssessment | None):
    if assessment is None or not assessment.data.get("assessments"):
        return []
    dates = assessment.data.get("dates", [])
    results = line_series(assessment.case, "recist1.1", assessment.data)
    return [{"date": local_iso(dates[j]) if j < len(dates) else "", "result": r} for j, r in enumerate(results)]
