from decimal import Decimal

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cases.clinical import codes
from cases.models import Case, LabResult, LocalTreatment, Relationship, TreatmentLine
from cases.models.case import Sex
from cases.models.documents import DocumentKind
from intake.choices import all_subtype_choices, cancer_type_choices, choices, subtype_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})
LANGUAGE_CHOICES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]

ERR_SUBTYPE = _("Choose a subtype of the cancer type you picked.")
MSG_NEEDED = _("Needed before you can submit (you can save without it).")
NEEDED_TO_SUBMIT = (
    "patient_name",
    "patient_birth_date",
    "patient_country",
    "cancer_type",
    "stage_group",
    "diagnosis_date",
)


def as_entered(form, name: str) -> None:
    """Show a stored decimal with the precision the patient used: 31 and 412.5, not 31.000 and 412.500."""
    value = form.initial.get(name)
    if isinstance(value, Decimal) and name in form.fields:
        form.initial[name] = format(value.normalize(), "f")


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form adds to email and password."""

    first_name = forms.CharField(label=_("Your first name"), max_length=150)
    last_name = forms.CharField(label=_("Your last name"), max_length=150)
    relationship = forms.ChoiceField(
        label=_("Are you the patient, or helping one?"), choices=Relationship.choices, initial=Relationship.SELF
    )
    country = forms.CharField(label=_("Country where you live"), max_length=100)

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.relationship = self.cleaned_data["relationship"]
        user.country = self.cleaned_data["country"]
        user.language = getattr(request, "LANGUAGE_CODE", "en")
        user.save()


class DiagnosisForm(forms.ModelForm):
    cancer_type = forms.ChoiceField(label=_("Cancer type"), required=False, choices=cancer_type_choices)
    cancer_subtype = forms.ChoiceField(label=_("Subtype"), required=False, choices=all_subtype_choices)
    stage_group = forms.ChoiceField(label=_("Stage"), required=False, choices=lambda: choices(codes.STAGE_GROUPS))
    t_category = forms.ChoiceField(label="T", required=False, choices=lambda: choices(codes.T_CATEGORIES))
    n_category = forms.ChoiceField(label="N", required=False, choices=lambda: choices(codes.N_CATEGORIES))
    m_category = forms.ChoiceField(label="M", required=False, choices=lambda: choices(codes.M_CATEGORIES))
    metastatic_sites = forms.MultipleChoiceField(
        label=_("Where has the cancer spread? (tick all that apply)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=lambda: choices(codes.METASTATIC_SITES, blank=False),
    )
    growth_tempo = forms.ChoiceField(
        label=_("How fast has it been growing?"), required=False, choices=lambda: choices(codes.GROWTH_TEMPO)
    )
    relationship = forms.ChoiceField(
        label=_("Who is filling in this form?"), required=False, choices=Relationship.choices
    )
    patient_sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", _("— choose —")), *Sex.choices])

    class Meta:
        model = Case
        fields = [
            "relationship",
            "patient_name",
            "patient_birth_date",
            "patient_sex",
            "patient_country",
            "cancer_type",
            "cancer_subtype",
            "histology",
            "primary_site",
            "diagnosis_date",
            "stage_group",
            "t_category",
            "n_category",
            "m_category",
            "metastatic_sites",
            "metastatic_lesion_count",
            "growth_tempo",
            "diagnosis_notes",
        ]
        widgets = {"patient_birth_date": DATE, "diagnosis_date": DATE, "diagnosis_notes": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Needed to submit, not to save a draft: marked, never enforced here (the review lists what is missing).
        for name in NEEDED_TO_SUBMIT:
            self.fields[name].label = format_lazy("{} *", self.fields[name].label)
            self.fields[name].help_text = self.fields[name].help_text or MSG_NEEDED
        cancer_type = self.data.get("cancer_type") if self.is_bound else self.instance.cancer_type
        if cancer_type in codes.CANCER_TYPES:
            self.fields["cancer_subtype"].choices = subtype_choices(cancer_type)

    def clean(self):
        data = super().clean()
        ct, sub = data.get("cancer_type"), data.get("cancer_subtype")
        if sub and ct and sub not in codes.CANCER_TYPES[ct].subtypes:
            self.add_error("cancer_subtype", ERR_SUBTYPE)
        return data


YES_NO_UNKNOWN = [("", _("Not sure")), ("true", _("Yes")), ("false", _("No"))]


class BiomarkerForm(forms.Form):
    """One marker's row. Panel rows have a fixed marker; extra rows name their own."""

    marker = forms.CharField(max_length=30, required=False, widget=forms.HiddenInput)
    marker_name = forms.CharField(label=_("Other marker"), max_length=30, required=False)
    status = forms.ChoiceField(label=_("Result"), required=False, choices=lambda: choices(codes.BIOMARKER_STATUSES))
    value = forms.CharField(label=_("Value or variant"), max_length=200, required=False)
    method = forms.ChoiceField(label=_("Method"), required=False, choices=lambda: choices(codes.BIOMARKER_METHODS))
    tested_on = forms.DateField(label=_("Date"), required=False, widget=DATE)
    source_report = forms.CharField(label=_("From which report"), max_length=200, required=False)
    covers_gene = forms.TypedChoiceField(
        label=_("Did the test cover this gene?"),
        required=False,
        choices=YES_NO_UNKNOWN,
        coerce=lambda v: v == "true",
        empty_value=None,
    )

    def clean(self):
        data = super().clean()
        name = (data.get("marker") or data.get("marker_name") or "").strip().upper()
        data["code"] = name
        if not name and data.get("status"):
            self.add_error("marker_name", _("Name the marker this result is for."))
        return data


BiomarkerFormSet = forms.formset_factory(BiomarkerForm, extra=0)


class BiomarkerNotesForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = ["biomarker_notes"]
        widgets = {"biomarker_notes": TEXT}


class ConditionForm(forms.ModelForm):
    reported_response = forms.ChoiceField(
        label=_("The latest response, as your doctor described it"),
        required=False,
        choices=lambda: choices(codes.RESPONSE_CATEGORIES),
    )
    ecog = forms.TypedChoiceField(
        label=_("How active are you day to day? (ECOG)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=lambda: choices(codes.ECOG),
    )

    class Meta:
        model = Case
        fields = [
            "no_treatment_yet",
            "reported_response",
            "treatment_notes",
            "ecog",
            "karnofsky",
            "weight_kg",
            "weight_kg_3_months_ago",
            "height_cm",
            "organ_function_notes",
            "comorbidities",
            "nutrition_notes",
        ]
        widgets = {f: TEXT for f in ("treatment_notes", "organ_function_notes", "comorbidities", "nutrition_notes")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("weight_kg", "weight_kg_3_months_ago"):
            as_entered(self, name)

    def clean_karnofsky(self):
        value = self.cleaned_data.get("karnofsky")
        if value is not None and (value > 100 or value % 10):
            raise forms.ValidationError(_("Karnofsky scores go from 0 to 100 in steps of 10."))
        return value


class TreatmentLineForm(forms.ModelForm):
    intent = forms.ChoiceField(label=_("Purpose"), required=False, choices=lambda: choices(codes.TREATMENT_INTENTS))
    best_response = forms.ChoiceField(
        label=_("Best response"), required=False, choices=lambda: choices(codes.RESPONSE_CATEGORIES)
    )
    stop_reason = forms.ChoiceField(
        label=_("Why it stopped"), required=False, choices=lambda: choices(codes.STOP_REASONS)
    )

    class Meta:
        model = TreatmentLine
        fields = ["regimen", "intent", "start_date", "end_date", "ongoing", "best_response", "stop_reason", "notes"]
        widgets = {"start_date": DATE, "end_date": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The stop date is before the start date."))
        return data


class LocalTreatmentForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("Treatment"), choices=lambda: choices(codes.LOCAL_TREATMENT_KINDS))

    class Meta:
        model = LocalTreatment
        fields = ["kind", "site", "date", "notes"]
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 2})}


class LabResultForm(forms.ModelForm):
    test = forms.ChoiceField(label=_("Test"), choices=lambda: choices(codes.LAB_TESTS))

    class Meta:
        model = LabResult
        fields = ["test", "value", "unit", "measured_on"]
        widgets = {"measured_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        as_entered(self, "value")


class RowFormSet(BaseInlineFormSet):
    """An inline formset whose rows are existing or new by the id they carry, not by their position.

    Autosave writes the id a new row was given into the page, wherever the row is; an id that is not one of
    this case's rows (removed on another device meanwhile) makes the row a new one, so what was typed in it
    is not refused.
    """

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.removed_ids: dict[str, str] = {}  # form prefix -> the id it carried, of a row no longer there
        if self.is_bound:
            self.data = self.data.copy()
            ours = {str(pk) for pk in self.get_queryset().values_list("pk", flat=True)}
            for i in range(self.total_form_count()):
                key = f"{self.add_prefix(i)}-id"
                if self.data.get(key) and self.data[key] not in ours:
                    self.removed_ids[self.add_prefix(i)] = self.data[key]
                    self.data[key] = ""

    def _construct_form(self, i, **kwargs):
        if not self.is_bound:
            return super()._construct_form(i, **kwargs)
        posted = self.data.get(f"{self.add_prefix(i)}-id") or ""
        existing = self._existing_object(int(posted)) if posted.isdigit() else None
        kwargs["instance"] = existing if existing is not None else self.model()
        kwargs["empty_permitted"] = existing is None
        form = forms.BaseFormSet._construct_form(self, i, **kwargs)
        setattr(form.instance, self.fk.get_attname(), self.instance.pk)
        return form

    @property
    def initial_forms(self):
        return [form for form in self.forms if form.instance.pk is not None]

    @property
    def extra_forms(self):
        return [form for form in self.forms if form.instance.pk is None]


def _rows(model, form):
    return inlineformset_factory(Case, model, form=form, formset=RowFormSet, extra=1, can_delete=True)


TreatmentLineFormSet = _rows(TreatmentLine, TreatmentLineForm)
LocalTreatmentFormSet = _rows(LocalTreatment, LocalTreatmentForm)
LabResultFormSet = _rows(LabResult, LabResultForm)


class GoalsForm(forms.ModelForm):
    question_codes = forms.MultipleChoiceField(
        label=_("Which of these questions do you want the MDT to answer?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=lambda: choices(codes.SEED_QUESTIONS, blank=False),
    )
    supportive_needs = forms.MultipleChoiceField(
        label=_("Would help with any of these be useful?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=lambda: choices(codes.SUPPORTIVE_CARE_NEEDS, blank=False),
    )
    report_language = forms.ChoiceField(label=_("Language of the report"), required=False, choices=LANGUAGE_CHOICES)

    class Meta:
        model = Case
        fields = [
            "goals_text",
            "oncologist_said",
            "question_codes",
            "own_questions",
            "report_language",
            "care_in_china",
            "travel_notes",
            "supportive_needs",
        ]
        widgets = {f: TEXT for f in ("goals_text", "oncologist_said", "own_questions", "travel_notes")}
        help_texts = {"own_questions": _("One question per line.")}


class ConsentForm(forms.ModelForm):
    consent_review = forms.BooleanField(
        label=_("I agree that the MDT service may review the records and information I submit."), required=False
    )
    consent_share = forms.BooleanField(
        label=_("I agree that my case may be shared with the specialists of the MDT who give the opinion."),
        required=False,
    )

    class Meta:
        model = Case
        fields = ["consent_review", "consent_share"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What kind of record?"), choices=[("", _("— choose —")), *DocumentKind.choices])
    document_date = forms.DateField(label=_("Date on the record (if known)"), required=False, widget=DATE)
    files = MultipleFileField(label=_("Files"))
