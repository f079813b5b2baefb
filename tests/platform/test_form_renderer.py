"""config.forms.FastRenderer writes Django's widget templates in Python: byte for byte what the templates write."""

import datetime
from pathlib import Path

import django.forms
import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from config.forms import FastRenderer, select_html

CHOICES = [("a", "Apple & pear"), ("b", '"Banana"'), ("", "None <at all>")]
GROUPED = [("Fruit", [("a", "Apple"), ("b", "Banana")]), ("Other", [("c", "Cabbage")]), ("d", "Loose")]


class EveryWidget(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}))
    search = forms.CharField(widget=forms.SearchInput(attrs={"placeholder": "<name>"}))
    number = forms.IntegerField(min_value=0, max_value=10)
    email = forms.EmailField()
    hidden = forms.CharField(widget=forms.HiddenInput)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    checkbox = forms.BooleanField(required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    textarea = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    select = forms.ChoiceField(choices=CHOICES, widget=forms.Select(attrs={"class": "form-select"}))
    grouped = forms.ChoiceField(choices=GROUPED)
    multi_select = forms.MultipleChoiceField(choices=CHOICES)
    checkboxes = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple)
    grouped_checkboxes = forms.MultipleChoiceField(choices=GROUPED, widget=forms.CheckboxSelectMultiple)
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect(attrs={"class": "r"}))
    null_boolean = forms.NullBooleanField()


DATA = [
    {},
    {
        "text": 'Li "Wei" <script>',
        "search": "a&b",
        "number": "3",
        "email": "x@example.org",
        "hidden": "h",
        "date": datetime.date(2026, 1, 2).isoformat(),
        "checkbox": "on",
        "textarea": "line 1\n<b>line 2</b>",
        "select": "b",
        "grouped": "c",
        "multi_select": ["a", ""],
        "checkboxes": ["b"],
        "grouped_checkboxes": ["a", "d"],
        "radio": "a",
        "null_boolean": "true",
    },
]


def _html(form_class, data, renderer) -> list[str]:
    form = form_class(data or None, renderer=renderer, auto_id="id_%s")
    out = []
    for field in form:
        out.append(str(field))
        out.extend(str(sub.tag()) for sub in field.subwidgets)
        out.extend(str(sub) for sub in field.subwidgets)
    return out


@pytest.mark.parametrize("data", DATA)
def test_every_built_in_widget_renders_the_same_bytes_as_the_templates(data):
    assert _html(EveryWidget, data, FastRenderer()) == _html(EveryWidget, data, DjangoTemplates())


def _project_forms():
    from cases import forms as case_forms
    from intake import forms as intake_forms

    return [
        intake_forms.TreatmentLineForm,
        intake_forms.LabResultForm,
        case_forms.PriorityForm,
        case_forms.RequestInformationForm,
        case_forms.NoteForm,
        case_forms.AuditFilterForm,
        case_forms.CaregiverInviteForm,
    ]


@pytest.mark.django_db
def test_the_projects_forms_render_the_same_bytes_as_the_templates():
    for form_class in _project_forms():
        assert _html(form_class, {}, FastRenderer()) == _html(form_class, {}, DjangoTemplates()), form_class


@pytest.mark.django_db
def test_the_queue_filters_render_the_same_bytes_as_the_templates(coordinator):
    from django.http import QueryDict

    from cases.queue import queue_for

    params = QueryDict("state=in_triage&priority=urgent&cancer_type=nsclc&q=%3Cli%3E&needs_me=on")
    fast, slow = queue_for(user=coordinator, params=params).form, queue_for(user=coordinator, params=params).form
    fast.renderer, slow.renderer = FastRenderer(), DjangoTemplates()
    assert [str(f) for f in fast] == [str(f) for f in slow]
    assert [str(c.tag()) for c in fast["state"]] == [str(c.tag()) for c in slow["state"]]


def test_a_widget_template_someone_overrides_is_still_used(tmp_path):
    """An installed app (or a renderer with its own folders) may override a widget template: that one wins."""
    folder = tmp_path / "django" / "forms" / "widgets"
    folder.mkdir(parents=True)
    (folder / "select.html").write_text("<custom-select>{{ widget.name }}</custom-select>")

    class Overridden(FastRenderer):
        @cached_property
        def engine(self):
            own = Path(django.forms.__file__).parent / "templates"
            return self.backend({"APP_DIRS": True, "DIRS": [tmp_path, own], "NAME": "overridden", "OPTIONS": {}})

    form = EveryWidget(renderer=Overridden())
    assert str(form["select"]) == "<custom-select>select</custom-select>"
    assert str(form["text"]).startswith('<input type="text" name="text"')


def test_the_project_uses_the_fast_renderer(settings):
    assert settings.FORM_RENDERER == "config.forms.FastRenderer"


def _selects(form) -> list[tuple[str, str | None]]:
    return [(str(field), select_html(field)) for field in form if isinstance(field.field.widget, forms.Select)]


@pytest.mark.parametrize("data", DATA)
def test_a_select_written_from_its_choices_is_the_same_bytes_as_the_widget(data):
    class Selects(EveryWidget):
        preset = forms.ChoiceField(choices=GROUPED + [("", [("e", "Empty group <name>")])], initial="e")
        lazy = forms.ChoiceField(choices=[(1, gettext_lazy("Yes")), (None, mark_safe("<b>No</b>"))], initial=1)
        described = forms.ChoiceField(choices=CHOICES, help_text="Pick one", disabled=True)

    form = Selects(data or None, renderer=FastRenderer(), auto_id="id_%s")
    form.is_valid()
    pairs = [(widget_html, fast) for widget_html, fast in _selects(form) if fast is not None]
    # select, grouped, preset, lazy, described; the multiple select and the null boolean (its own values) are
    # left to their widgets
    assert len(pairs) == 5
    for widget_html, fast in pairs:
        assert fast == widget_html
    assert "selected" in "".join(fast for _, fast in pairs)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans", "en"])  # labels kept from one language are not shown in another
def test_the_projects_selects_written_from_their_choices_are_the_same_bytes(patient, language):
    from django.utils import translation

    from intake.biomarker_forms import BiomarkerResultForm, CoordinatorBiomarkerResultForm
    from tests.factories import complete_case

    case = complete_case(patient)
    count = 0
    for form_class in [*_project_forms(), BiomarkerResultForm, CoordinatorBiomarkerResultForm]:
        for data in ({}, {"r-0-result": "positive", "r-0-specimen": "tissue", "r-0-assay": "zzz"}):
            kwargs = (
                {"documents": case.documents.all(), "marker_code": "EGFR", "prefix": "r-0"}
                if (form_class in (BiomarkerResultForm, CoordinatorBiomarkerResultForm))
                else {}
            )
            try:
                form = form_class(data or None, renderer=FastRenderer(), **kwargs)
            except TypeError:
                continue  # needs arguments this test does not know
            with translation.override(language):
                pairs = _selects(form)
            for widget_html, fast in pairs:
                assert fast is None or fast == widget_html, form_class
                count += fast is not None
    assert count > 20
    if language == "zh-hans":
        assert "阳性" in "".join(fast for _, fast in pairs if fast)  # "positive", translated


def test_a_select_is_left_to_the_widget_when_the_renderer_is_not_the_fast_one():
    form = EveryWidget(renderer=DjangoTemplates())
    assert {fast for _, fast in _selects(form)} == {None}
