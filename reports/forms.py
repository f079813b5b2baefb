"""The reports app's forms: the specialist's opinion, the chair's consensus, preparing and releasing the report.

The forms only parse and normalise: which parts are required to submit or
agree is decided by reports.opinions, whose problems come back here as field
errors (`add_problems`).
"""

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _

from cases.assessment import render
from cases.clinical.panels import marker
from cases.labels import CRITERIA_NAMES
from reports.models import Consensus, Opinion, ResponseRead, TreatmentGoal
from reports.opinions import OptionKind, Question

BLANK = [("", "—")]


def gap_choices(gaps) -> list[tuple[str, str]]:
    """One checkbox per biomarker gap: the marker and why it matters."""
    return [(g.marker.code, f"{gettext(g.marker.label)} — {render(g.reason, g.params)}") for g in gaps if g.is_gap]


def marker_label(code: str) -> str:
    found = marker(code)
    return gettext(found.label) if found else code


def _text(label, rows=3, help_text=""):
    return forms.CharField(
        label=label, required=False, max_length=10000, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


class MdtForm(forms.Form):
    def add_problems(self, problems: dict[str, str]) -> None:
        """Show a service's problems next to the fields they are about."""
        for key, message in problems.items():
            name = self.problem_field(key)
            self.add_error(name if name in self.fields else None, message)

    def problem_field(self, key: str) -> str:
        return key


class OpinionForm(MdtForm):
    assessment = _text(
        _("Assessment"), rows=6, help_text=_("Your reading of the case from your discipline's point of view.")
    )
    response_category = forms.ChoiceField(
        label=_("Response you read from the records"), required=False, choices=BLANK + list(ResponseRead.choices)
    )
    response_criteria = forms.ChoiceField(
        label=_("Criteria used"), required=False, choices=BLANK + list(CRITERIA_NAMES.items())
    )
    tests_from_gaps = forms.MultipleChoiceField(
        label=_("From the biomarker gaps"), required=False, widget=forms.CheckboxSelectMultiple
    )
    tests_other = _text(_("Other tests you recommend"), rows=2)
    discussion_points = _text(_("Points for discussion at the meeting"), rows=3)

    def __init__(self, *args, gaps=(), option_kinds: list[OptionKind] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tests_from_gaps"].choices = gap_choices(gaps)
        self.option_kinds = list(option_kinds)
        for kind in self.option_kinds:
            self.fields[f"option_{kind.code}"] = _text(kind.label, rows=2, help_text=kind.hint)
        # Options sit between the tests and the discussion points.
        self.order_fields(
            [
                "assessment",
                "response_category",
                "response_criteria",
                "tests_from_gaps",
                "tests_other",
                *self.option_fields,
                "discussion_points",
            ]
        )

    @property
    def option_fields(self) -> list[str]:
        return [f"option_{kind.code}" for kind in self.option_kinds]

    @property
    def option_bound_fields(self) -> list:
        return [self[name] for name in self.option_fields]

    @classmethod
    def initial_from(cls, opinion: Opinion | None) -> dict:
        if opinion is None:
            return {}
        initial = {
            name: getattr(opinion, name)
            for name in (
                "assessment",
                "response_category",
                "response_criteria",
                "tests_from_gaps",
                "tests_other",
                "discussion_points",
            )
        }
        initial.update({f"option_{code}": text for code, text in (opinion.options or {}).items()})
        return initial

    def to_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("option_")}
        data["options"] = {kind.code: self.cleaned_data.get(f"option_{kind.code}", "") for kind in self.option_kinds}
        return data


def answer_field(question_key: str) -> str:
    return "answer_" + question_key.replace(":", "_")


class ConsensusForm(MdtForm):
    goal = forms.ChoiceField(
        label=_("Realistic treatment goal"), required=False, choices=TreatmentGoal.choices, widget=forms.RadioSelect
    )
    goal_explanation = _text(_("What this goal means for this patient"), rows=3)
    plan = _text(_("Recommended plan"), rows=5)
    alternatives = _text(_("Alternatives"), rows=3)
    tests_from_gaps = forms.MultipleChoiceField(
        label=_("From the biomarker gaps"), required=False, widget=forms.CheckboxSelectMultiple
    )
    tests_first = _text(_("Other tests to complete first"), rows=2)
    china = forms.ChoiceField(
        label=_("Is care in China suitable?"),
        required=False,
        choices=Consensus.ChinaSuitability.choices,
        widget=forms.RadioSelect,
    )
    china_notes = _text(_("What care in China would involve"), rows=3)
    supportive_care = _text(_("Supportive care"), rows=3)
    patient_summary = _text(
        _("Plain summary for the patient"),
        rows=6,
        help_text=_("Short sentences, no abbreviations: many patients read English as a second language."),
    )
    dissent = _text(_("Dissent"), rows=2, help_text=_("A team member's view that differs from the consensus."))
    written_in = forms.ChoiceField(
        label=_("Language the MDT is writing in"),
        choices=settings.LANGUAGES,
        help_text=_("The report says so where it is read in another language."),
    )
    go_ahead_reason = _text(
        _("Reason to go ahead without the missing opinions"),
        rows=2,
        help_text=_("Only needed if you agree the consensus before every specialist has submitted."),
    )

    def __init__(self, *args, gaps=(), questions: list[Question] = (), recommended: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = gap_choices(gaps)
        recommended = recommended or {}
        # Say who recommended each test, so the chair sees where the team agrees.
        self.fields["tests_from_gaps"].choices = [
            (code, f"{text} ({gettext('recommended by %(who)s') % {'who': ', '.join(recommended[code])}})")
            if recommended.get(code)
            else (code, text)
            for code, text in choices
        ]
        self.questions = list(questions)
        for question in self.questions:
            hint = (
                _("The patient's own question, as they wrote it.")
                if question.own
                else _("A question the patient ticked.")
            )
            self.fields[answer_field(question.key)] = _text(question.text, rows=3, help_text=hint)

    @property
    def answer_fields(self) -> list:
        return [self[answer_field(q.key)] for q in self.questions]

    def problem_field(self, key: str) -> str:
        return answer_field(key.removeprefix("answer:")) if key.startswith("answer:") else key

    @classmethod
    def initial_from(cls, consensus: Consensus | None, *, language: str, recommended: dict) -> dict:
        if consensus is None:
            # A new consensus starts from the tests the specialists recommended.
            return {"written_in": language, "tests_from_gaps": list(recommended)}
        initial = {name: getattr(consensus, name) for name in cls.base_fields if hasattr(consensus, name)}
        initial.update({answer_field(key): text for key, text in (consensus.answers or {}).items()})
        return initial

    def to_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("answer_")}
        data["answers"] = {q.key: self.cleaned_data.get(answer_field(q.key), "") for q in self.questions}
        return data


# --- The report panel: prepare a version (with a correction note after release), release one.
class PrepareForm(forms.Form):
    """The correction note, and the language of the version (the patient's, English, or both)."""

    language = forms.ChoiceField(label=_("Language of the report"), required=False)
    correction_note = forms.CharField(
        label=_("What does this version correct?"),
        help_text=_("The patient sees this note next to the new version."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    BILINGUAL = "+en"

    def __init__(self, *args, patient_language: str = "en", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices(patient_language)

    def clean_language(self) -> tuple[str | None, bool | None]:
        value = self.cleaned_data.get("language") or ""
        if not value:
            return None, None
        return value.removesuffix(self.BILINGUAL), value.endswith(self.BILINGUAL)


def language_choices(patient_language: str) -> list[tuple[str, str]]:
    """The patient's language first (their default), English, then both when the patient's is not English."""
    names = {code: native_name(code) for code, _name in settings.LANGUAGES}
    patient = names.get(patient_language, patient_language)
    if patient_language == "en":
        return [("en", gettext("%(language)s (the patient's language)") % {"language": names["en"]})]
    return [
        (patient_language, gettext("%(language)s (the patient's language)") % {"language": patient}),
        ("en", names["en"]),
        (
            patient_language + PrepareForm.BILINGUAL,
            gettext("Bilingual: %(language)s, then English") % {"language": patient},
        ),
    ]


def language_value(language: str, bilingual: bool) -> str:
    return language + (PrepareForm.BILINGUAL if bilingual else "")


def native_name(code: str) -> str:
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return code


class TranslationForm(forms.Form):
    text = forms.CharField(
        label=_("Translation"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 10, "class": "form-control"}),
        strip=True,
    )
    # The digest of the MDT text the translator was shown: a text the team changed meanwhile is not saved over.
    source = forms.CharField(max_length=64, widget=forms.HiddenInput)


class TranslationCheckForm(forms.Form):
    # The digest of the translation the checker read.
    text = forms.CharField(max_length=64, widget=forms.HiddenInput)


class ReleaseForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    # The checksum of the file the coordinator was shown: a version prepared again since is not released unread.
    sha256 = forms.CharField(max_length=64, widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("I have read this version; the patient may see it."),
        error_messages={"required": _("Tick the box to confirm that you have read this version.")},
    )
