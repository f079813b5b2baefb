from decimal import Decimal

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cases.clinical import codes, mdt_needs
from cases.clinical.emergencies import EMERGENCIES
from cases.models import Case, LabResult, LocalTreatment, Relationship, TreatmentLine
from cases.models.case import CareInChina, Sex
from cases.models.documents import DocumentKind
from cases.partial_dates import latest
from intake.choices import (
    _lazy_gettext,
    all_subtype_choices,
    cancer_type_choices,
    choices,
    response_choices,
    subtype_choices,
)
from intake.partial_date_field import PartialDatesModelForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})
LANGUAGE_CHOICES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]

ERR_SUBTYPE = _("Choose a subtype of the cancer type you picked.")
MSG_NEEDED = _("Needed before you can submit (you can save without it).")
# Lugano 2014 (Cheson BD et al., J Clin Oncol 2014): E for extranodal extension, bulk for stage II; A/B only in
# Hodgkin lymphoma (B: fever over 38 °C, drenching sweats, or loss of over 10% of body weight in 6 months).
MSG_LUGANO = _(
    "As in the report. “E” means the lymphoma has also reached an organ outside the lymph nodes next to them; "
    "“bulky” means a large mass."
)
MSG_LUGANO_HODGKIN = _(
    "As in the report. “E” means the lymphoma has also reached an organ outside the lymph nodes next to them; "
    "“bulky” means a large mass. “B” means fever over 38 °C, drenching night sweats, or losing more than a tenth "
    "of body weight in 6 months; “A” means none of these."
)
# A blood cancer's sites are involvement, not metastases (cases.clinical.tnm.NO_METASTATIC_SPREAD; Lugano 2014).
LABEL_SITES_INVOLVED = _("Sites of involvement, as in the report (tick all that apply)")
LABEL_LESIONS_INVOLVED = _("Number of lesions, if the report gives it")
# ISS (Greipp 2005), R-ISS (Palumbo 2015) and R2-ISS (D'Agostino 2022) group patients differently: the system counts.
MSG_ISS = _("As in the report, with the system it names: ISS, R-ISS (revised) or R2-ISS (second revision).")
NEEDED_TO_SUBMIT = (
    "patient_name",
    "patient_birth_date",
    "patient_country",
    "cancer_type",
    "stage_group",
    "diagnosis_date",
)


TNM_FIELDS = ("t_category", "n_category", "m_category")


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


class DiagnosisForm(PartialDatesModelForm):
    partial_dates = ("diagnosis_date", "brain_mri_date")

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
            "brain_mri_date",
            "diagnosis_notes",
        ]
        widgets = {
            "patient_birth_date": DATE,
            "diagnosis_notes": TEXT,
        }
        help_texts = {"brain_mri_date": _("If there has been no brain MRI, leave this blank.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cancer_type = self.data.get("cancer_type") if self.is_bound else self.instance.cancer_type
        subtype = self.data.get("cancer_subtype") if self.is_bound else self.instance.cancer_subtype
        self._stage_fields_for(cancer_type, subtype)
        if cancer_type in codes.NO_METASTATIC_SPREAD:
            self.fields["metastatic_sites"].label = LABEL_SITES_INVOLVED
            self.fields["metastatic_lesion_count"].label = LABEL_LESIONS_INVOLVED
        # Needed to submit, not to save a draft: marked, never enforced here (the review lists what is missing).
        for name in (n for n in NEEDED_TO_SUBMIT if n in self.fields):
            self.fields[name].label = format_lazy("{} *", self.fields[name].label)
            help_text = self.fields[name].help_text
            self.fields[name].help_text = format_lazy("{} {}", help_text, MSG_NEEDED) if help_text else MSG_NEEDED
        if cancer_type in codes.CANCER_TYPES:
            self.fields["cancer_subtype"].choices = subtype_choices(cancer_type)

    def _stage_fields_for(self, cancer_type: str | None, subtype: str | None) -> None:
        """Only the staging that applies (cases.clinical.tnm): no TNM letters for a blood cancer, no stage at all
        for the leukaemias and MDS, ISS/R-ISS for myeloma and Lugano 2014 for lymphoma."""
        if cancer_type in codes.NO_TNM:
            for name in TNM_FIELDS:
                del self.fields[name]
        if cancer_type in codes.NO_STAGE_GROUP:
            del self.fields["stage_group"]
            return
        offered = codes.stage_choices(cancer_type, subtype)
        if cancer_type == "myeloma" and self.initial.get("stage_group") in codes.ISS_LEGACY_STAGES:
            # A stage stored before the system was asked stays chosen (saving must not blank it), never offered anew.
            code = self.initial["stage_group"]
            offered = {**offered, code: codes.ISS_LEGACY_STAGES[code]}
        self.fields["stage_group"].choices = choices(offered)
        if cancer_type == "myeloma":
            self.fields["stage_group"].label = _("Stage (ISS, R-ISS or R2-ISS)")
            self.fields["stage_group"].help_text = MSG_ISS
        elif cancer_type == "lymphoma":
            self.fields["stage_group"].label = _("Stage (Lugano, a modified Ann Arbor)")
            self.fields["stage_group"].help_text = MSG_LUGANO_HODGKIN if subtype == "hodgkin" else MSG_LUGANO

    def clean(self):
        data = super().clean()
        ct, sub = data.get("cancer_type"), data.get("cancer_subtype")
        if sub and ct and sub not in codes.CANCER_TYPES[ct].subtypes:
            self.add_error("cancer_subtype", ERR_SUBTYPE)
        return data


class BiomarkerNotesForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = ["biomarker_notes"]
        widgets = {"biomarker_notes": TEXT}


class PathologyExtrasForm(forms.ModelForm):
    """Step 2: where the tissue is, and inherited risk (the MDT needs both before it can recommend tests)."""

    germline_testing = forms.ChoiceField(
        label=_("Inherited (germline) genetic test, from a blood or saliva sample"),
        required=False,
        choices=lambda: choices(mdt_needs.GERMLINE_STATUSES),
    )

    class Meta:
        model = Case
        fields = ["tissue_block_location", "germline_testing", "family_history"]
        widgets = {"tissue_block_location": forms.Textarea(attrs={"rows": 2}), "family_history": TEXT}
        help_texts = {
            "tissue_block_location": _(
                "The hospital's pathology department and the specimen or block number, as on the pathology report."
            ),
            "family_history": _(
                "Which relatives had which cancer, and at what age, as far as you know. Write “none known” if none."
            ),
        }


# "True"/"False" as Django renders a saved boolean, so a saved answer shows as chosen.
YES_NO = [("True", _("Yes")), ("False", _("No"))]
YES_NO_NOT_SURE = [("", _("Not sure")), *YES_NO]


def _yes_no(label, *, not_sure=False):
    return forms.TypedChoiceField(
        label=label,
        required=False,
        choices=YES_NO_NOT_SURE if not_sure else YES_NO,
        coerce=lambda v: v == "True",
        empty_value=None,
        widget=forms.RadioSelect(attrs={"data-emergency-answer": ""} if not not_sure else {}),
    )


def emergency_field_names() -> list[str]:
    return [f"emergency_{code}" for code in EMERGENCIES]


class ConditionForm(PartialDatesModelForm):
    partial_dates = ("lvef_date",)

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
            "medications",
            "past_toxicities",
            "lvef_percent",
            "lvef_date",
            "hepatitis_b",
            "hepatitis_c",
            "hiv",
            "autoimmune_disease",
            "organ_transplant",
            *emergency_field_names(),
        ]
        widgets = {
            **{
                f: TEXT
                for f in (
                    "treatment_notes",
                    "organ_function_notes",
                    "comorbidities",
                    "nutrition_notes",
                    "medications",
                    "past_toxicities",
                )
            },
        }
        help_texts = {
            "medications": _("Every medicine taken regularly, with the dose if you know it, and herbal remedies."),
            "past_toxicities": _(
                "For example a severe rash, diarrhoea, inflammation of the lungs or liver from immunotherapy, or a "
                "stay in hospital. Write “none” if there were none."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reported_response"].choices = response_choices(self.instance, self.instance.reported_response)
        for code, (question, _reason) in EMERGENCIES.items():
            self.fields[f"emergency_{code}"] = _yes_no(_lazy_gettext(question))
        for name, label in (
            ("hepatitis_b", _("Hepatitis B test (HBsAg, anti-HBc)")),
            ("hepatitis_c", _("Hepatitis C test")),
            ("hiv", _("HIV test")),
        ):
            self.fields[name] = forms.ChoiceField(
                label=label, required=False, choices=choices(mdt_needs.VIRUS_STATUSES)
            )
        self.fields["autoimmune_disease"] = _yes_no(
            _(
                "Does the patient have an autoimmune disease (for example rheumatoid arthritis, lupus, psoriasis, colitis or thyroiditis)?"
            ),
            not_sure=True,
        )
        self.fields["organ_transplant"] = _yes_no(
            _("Has the patient had an organ transplant or a stem cell transplant?"), not_sure=True
        )
        for name in ("weight_kg", "weight_kg_3_months_ago"):
            as_entered(self, name)

    def emergency_fields(self):
        return [self[name] for name in emergency_field_names()]

    def emergency_yes(self) -> bool:
        """Whether any emergency is answered yes, in what the page shows (posted answers, or the saved ones)."""
        return any(str(self[name].value()) == "True" for name in emergency_field_names())

    def clean_lvef_percent(self):
        value = self.cleaned_data.get("lvef_percent")
        if value is not None and not 5 <= value <= 90:
            raise forms.ValidationError(_("LVEF is a percentage between 5 and 90 (normal is about 55 to 70)."))
        return value

    def clean_karnofsky(self):
        value = self.cleaned_data.get("karnofsky")
        if value is not None and (value > 100 or value % 10):
            raise forms.ValidationError(_("Karnofsky scores go from 0 to 100 in steps of 10."))
        return value


class TreatmentLineForm(PartialDatesModelForm):
    partial_dates = ("start_date", "end_date")

    intent = forms.ChoiceField(label=_("Purpose"), required=False, choices=lambda: choices(codes.TREATMENT_INTENTS))
    best_response = forms.ChoiceField(
        label=_("Best response"), required=False, choices=lambda: choices(codes.RESPONSE_CATEGORIES)
    )
    stop_reason = forms.ChoiceField(
        label=_("Why it stopped"), required=False, choices=lambda: choices(codes.STOP_REASONS)
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        case = case if case is not None else getattr(self.instance, "case", None)
        self.fields["best_response"].choices = response_choices(case, self.instance.best_response)

    class Meta:
        model = TreatmentLine
        fields = ["regimen", "intent", "start_date", "end_date", "ongoing", "best_response", "stop_reason", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and latest(end) < start:  # 2024-03 may end on 2024-03-20 after starting 2024-03-10
            self.add_error("end_date", _("The stop date is before the start date."))
        return data


class LocalTreatmentForm(PartialDatesModelForm):
    partial_dates = ("date",)

    kind = forms.ChoiceField(label=_("Treatment"), choices=lambda: choices(codes.LOCAL_TREATMENT_KINDS))

    class Meta:
        model = LocalTreatment
        fields = ["kind", "site", "date", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


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


class TreatmentLineRows(RowFormSet):
    """Each line's best response is offered in the words of the case's own criteria."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "case": self.instance}


TreatmentLineFormSet = inlineformset_factory(
    Case, TreatmentLine, form=TreatmentLineForm, formset=TreatmentLineRows, extra=1, can_delete=True
)
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
    care_in_china = forms.ChoiceField(  # "— choose —" like every other list, not Django's "---------"
        label=_("Would you consider treatment in China?"),
        required=False,
        choices=[("", _("— choose —")), *CareInChina.choices],
    )

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
