"""config.crispy_fast writes crispy-bootstrap5's field markup in Python: the same elements, attributes and text.

Each field is rendered twice, by crispy's own `as_crispy_field` (its templates) and by ours, on separate form
instances (crispy adds classes to the widget as it renders). The two must parse to the same elements with the
same attributes in the same order and the same text; only whitespace between tags may differ.
"""

import datetime
from html.parser import HTMLParser

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field as crispy_original
from django import forms
from django.template import engines

from config.crispy_fast import as_crispy_field as fast

CHOICES = [("a", "Apple & pear"), ("b", '"Banana"'), ("", "None <at all>")]
GROUPED = [("Fruit", [("a", "Apple"), ("b", "Banana")]), ("Other", [("c", "Cabbage")])]


class EveryField(forms.Form):
    text = forms.CharField(label="Name <b>", help_text="Your <em>full</em> name", max_length=5)
    optional = forms.CharField(required=False, widget=forms.TextInput(attrs={"class": "wide", "autocomplete": "off"}))
    number = forms.IntegerField(min_value=0, max_value=10, required=False)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    checkbox = forms.BooleanField(label="I agree", help_text="Read it first")
    optional_checkbox = forms.BooleanField(required=False)
    textarea = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text="Free text")
    select = forms.ChoiceField(choices=CHOICES, help_text="Pick one")
    null_boolean = forms.NullBooleanField(required=False)
    multi_select = forms.MultipleChoiceField(choices=CHOICES, required=False)
    checkboxes = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple, help_text="Any")
    grouped = forms.MultipleChoiceField(choices=GROUPED, widget=forms.CheckboxSelectMultiple, required=False)
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, label="Which")
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    no_label = forms.CharField(label="", required=False)

    def clean(self):
        self.add_error("text", "Second <problem>")
        return self.cleaned_data


BAD = {"text": "far too long", "number": "eleven", "date": "2026-13-40", "select": "zzz", "checkboxes": ["zzz"]}
GOOD = {
    "text": "Li",
    "number": "3",
    "date": "2026-01-02",
    "checkbox": "on",
    "select": "b",
    "checkboxes": ["a", ""],
    "radio": "a",
    "hidden": "h",
    "textarea": "<b>x</b>",
}


class _Tokens(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens = []

    def handle_starttag(self, tag, attrs):
        self.tokens.append(("<", tag, tuple((n, " ".join((v or "").split())) for n, v in attrs)))

    def handle_endtag(self, tag):
        self.tokens.append((">", tag))

    def handle_data(self, data):
        if data.strip():
            self.tokens.append(("text", " ".join(data.split())))


def tokens(html: str) -> list:
    parser = _Tokens()
    parser.feed(str(html))
    parser.close()
    return parser.tokens


def assert_same(make_form):
    """Every field of a fresh form from `make_form()`, rendered by crispy and by us."""
    names = list(make_form().fields)
    assert names
    for name in names:
        expected = crispy_original(make_form()[name])
        ours = fast(make_form()[name])
        assert tokens(ours) == tokens(expected), f"{name}:\n{ours}\n--- crispy:\n{expected}"


@pytest.mark.parametrize("data", [None, BAD, GOOD], ids=["unbound", "errors", "valid"])
def test_every_kind_of_field_renders_the_same_elements_as_crispy(data):
    def make():
        form = EveryField(data)
        form.is_valid() if data is not None else None
        return form

    assert_same(make)


@pytest.mark.django_db
@pytest.mark.parametrize("bound", [False, True], ids=["unbound", "bound with errors"])
def test_the_intake_and_case_forms_render_the_same_elements_as_crispy(bound, patient):
    from cases import forms as case_forms
    from intake import forms as intake_forms
    from intake.biomarker_forms import BiomarkerResultForm, CoordinatorBiomarkerResultForm
    from tests.factories import complete_case

    case = complete_case(patient)
    data = {"patient_birth_date": "not a date", "diagnosis_date": str(datetime.date.today() + datetime.timedelta(9))}

    def model_form(form_class):
        def make():
            form = form_class(data if bound else None, instance=case)
            form.is_valid() if bound else None
            return form

        return make

    for form_class in (intake_forms.DiagnosisForm, intake_forms.BiomarkerNotesForm, intake_forms.GoalsForm):
        assert_same(model_form(form_class))
    for form_class in (BiomarkerResultForm, CoordinatorBiomarkerResultForm):
        for marker in ("EGFR", "HER2", "PDL1", ""):

            def make(form_class=form_class, marker=marker):
                values = {"result": "bogus", "pdl1_score": "101", "collected_on": "2026-02-30"}
                form = form_class(
                    values if bound else None, documents=case.documents.all(), marker_code=marker, prefix="r-0"
                )
                form.is_valid() if bound else None
                return form

            assert_same(make)
    for form_class in (case_forms.NoteForm, case_forms.CaregiverInviteForm, case_forms.AuditFilterForm):

        def make(form_class=form_class):
            form = form_class({} if bound else None)
            form.is_valid() if bound else None
            return form

        assert_same(make)


def test_the_template_library_is_the_fast_one_and_keeps_crispys_other_tags():
    template = engines["django"].from_string(
        "{% load crispy_fast %}{{ form.text|as_crispy_field }}|{{ form|as_crispy_errors }}"
    )
    html = template.render({"form": EveryField(BAD)})
    assert html.startswith('<div id="div_id_text" class="mb-3">')  # ours: no whitespace before the first tag
    assert "Second &lt;problem&gt;" in html


def test_every_project_template_loads_the_fast_library():
    """A template that loads crispy's own library would quietly render its fields the slow way."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    slow = [
        str(path.relative_to(root))
        for app in ("cases", "intake", "reports", "privacy", "templates")
        for path in (root / app).rglob("*.html")
        if "crispy_forms_tags" in path.read_text()
    ]
    assert slow == []


def test_a_file_input_is_left_to_crispy():
    class Upload(forms.Form):
        file = forms.FileField()

    assert str(fast(Upload()["file"])) == str(crispy_original(Upload()["file"]))
