"""The queue's rows are written in Python (cases.queue._row_html, issue 16); they must say exactly what the
template they stand for would say, escaping included, whatever the values and the language."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.http import QueryDict
from django.template import engines
from django.utils import timezone, translation

from cases.models import Case, CaseAssignment, CaseMessage, State
from cases.queue import queue_for, queue_page
from tests.cases.test_queue import make_case
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The row as a template would write it: the markup _row_html replaced, with Django's escaping.
ROW = engines["django"].from_string(
    """{% load i18n %}<tr>
<td class="queue-select" data-label="{% translate 'Select' %}"><input class="form-check-input" type="checkbox"
 name="cases" value="{{ case.reference }}" form="bulk-form" id="select-{{ case.reference }}"
 aria-label="{% blocktranslate with ref=case.reference %}Select {{ ref }}{% endblocktranslate %}"{% if case.ticked %}
 checked{% endif %}></td>
<td data-label="{% translate 'Reference' %}"><div><a href="{% url 'intake:case_detail' case.reference %}">
{{ case.reference }}</a> {% include "cases/_changed.html" %}</div></td>
<td data-label="{% translate 'Patient' %}">{{ case.patient_name|default:"—" }}</td>
<td data-label="{% translate 'Country' %}">{{ case.patient_country|default:"—" }}</td>
<td data-label="{% translate 'Cancer type and stage' %}"><div>{{ case.cancer_type_label|default:"—" }}
{% if case.stage_group and case.stage_group != "unknown" %} <span class="text-muted text-nowrap">·
{% blocktranslate with stage=case.stage_group %}stage {{ stage }}{% endblocktranslate %}</span>{% endif %}</div></td>
<td data-label="{% translate 'State' %}"><span class="badge text-bg-secondary">{{ state }}</span></td>
<td class="text-nowrap" data-label="{% translate 'Priority' %}"><div><span class="badge
 {% if case.priority == 'urgent' %}text-bg-danger{% elif case.priority == 'high' %}text-bg-warning{% else %}text-bg-light border{% endif %}">
{{ priority }}</span>{% if case.priority_override %} <span class="small text-muted"
 title="{% translate 'Set by a coordinator, not the rules' %}">{% translate "overridden" %}</span>{% endif %}</div>
{% if case.emergency_reasons %}<div class="queue-emergency text-danger small text-wrap" data-emergency-reasons>
<strong>{% translate "Emergency reported" %}:</strong> {{ case.emergency_reasons|join:"; " }}</div>{% endif %}</td>
<td data-label="{% translate 'Completeness' %}"><div><span class="small">{{ case.completeness_score }}%</span>
<div class="progress queue-progress" aria-hidden="true"><div class="progress-bar" data-width="{{ case.completeness_score }}">
</div></div></div></td>
<td data-label="{% translate 'Days waiting' %}">{% if case.days_waiting is None %}—{% else %}{{ case.days_waiting }}{% endif %}</td>
<td class="queue-team" data-label="{% translate 'Specialists' %}">{% if case.team %}<ul class="list-unstyled mb-0 small">
{% for a in case.team %}<li>{{ a.name }} <span class="text-muted">({{ a.discipline_label }})</span>{% if a.is_chair %}
 <span class="badge text-bg-info">{% translate "Chair" %}</span>{% endif %}</li>{% endfor %}</ul>
{% else %}<span class="text-muted small">{% translate "None yet" %}</span>{% endif %}</td>
</tr>"""
)


class _Tree(HTMLParser):
    """The elements, attributes (as parsed, so entities read as characters) and text of an HTML fragment; in text,
    runs of whitespace count as one space and whitespace between elements not at all (where the template's line
    breaks fall)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        # A class list's spacing means nothing; every other attribute is compared as written.
        attrs = [(name, " ".join(value.split()) if name == "class" else value) for name, value in attrs]
        self.parts.append(("<", tag, sorted(attrs)))

    def handle_endtag(self, tag):
        self.parts.append((">", tag))

    def handle_data(self, data):
        text = " ".join(data.split())
        if text:
            self.parts.append(("text", text))


def tree(fragment: str) -> list[tuple]:
    parser = _Tree()
    parser.feed(fragment)
    parser.close()
    return parser.parts


@pytest.fixture
def tricky_cases(patient):
    now = timezone.now()
    surgeon = UserFactory(
        role="specialist", discipline="surgery", first_name='<b>"Zoë"</b>', last_name="O'Hara & {0} %s"
    )
    nameless = UserFactory(role="specialist", discipline="pathology", first_name="", last_name="")
    html_name = make_case(
        patient,
        patient_name="<script>alert('x')</script> & Co {ref} %(ref)s",
        patient_country="Côte d'Ivoire <&>",
        stage_group="I{V}<b>",
        priority="urgent",
        priority_override="urgent",
        emergency_cord=True,
        emergency_fever=True,
        state=State.IN_TRIAGE,
    )
    CaseAssignment.objects.create(case=html_name, specialist=surgeon, discipline="surgery", is_chair=True)
    CaseAssignment.objects.create(case=html_name, specialist=nameless, discipline="pathology")
    missing = make_case(
        patient, patient_name="", patient_country="", cancer_type="", stage_group="", priority="", state_changed_at=None
    )
    unknown_stage = make_case(patient, cancer_type="aml", stage_group="unknown", priority="high", patient_name="李伟")
    CaseMessage.objects.create(case=unknown_stage, author=patient, body="<i>hi</i>")
    CaseMessage.objects.filter(case=unknown_stage).update(created_at=now + timedelta(minutes=1))
    return [html_name, missing, unknown_stage]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_rows_say_what_the_template_would_whatever_the_values(coordinator, tricky_cases, language):
    with translation.override(language):
        query = queue_for(user=coordinator, params=QueryDict())
        page = queue_page(filterset=query, page_number=1, ticked=frozenset({tricky_cases[0].reference}))
        rows = {case.reference: case for case in page.object_list}
        assert set(rows) == {case.reference for case in tricky_cases}
        for case in rows.values():
            labels = Case(state=case.state, priority=case.priority)
            context = {"case": case, "state": labels.get_state_display(), "priority": labels.get_priority_display()}
            assert tree(case.row_html) == tree(ROW.render(context)), case.reference
        written = rows[tricky_cases[0].reference].row_html
    # The values are shown as typed, never as markup (the parser reads back what a browser would show).
    texts = [part[1] for part in tree(written) if part[0] == "text"]
    assert "<script>alert('x')</script> & Co {ref} %(ref)s" in texts
    assert "<script>" not in written
    assert " checked>" in written  # ticked
    if language == "zh-hans":
        assert 'data-label="患者"' in written


def test_the_rows_cover_what_the_test_compares(coordinator, tricky_cases):
    """The cases above reach every branch of a row: a team with a chair, none, an emergency, an override, a stage
    shown and not, a change since last opened, missing values."""
    page = queue_page(filterset=queue_for(user=coordinator, params=QueryDict()), page_number=1)
    html = "".join(case.row_html for case in page.object_list)
    for marker in (
        "badge text-bg-info",
        "None yet",
        "data-emergency-reasons",
        "overridden",
        "stage I{V}",
        "1 new",
        "—",
    ):
        assert marker in html or marker.replace("<", "&lt;") in html, marker
