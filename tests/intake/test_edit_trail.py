"""Every change a patient makes to a submitted case's answers is on the timeline with its old and new value."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Biomarker, CaseEvent, State
from tests.factories import complete_case
from tests.intake.test_steps import _formset_post, step_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(patient):
    """A submitted breast cancer case the coordinator asked about: BRCA "Not known"."""
    case = complete_case(
        patient,
        cancer_type="breast",
        cancer_subtype="her2_pos",
        state=State.AWAITING_INFORMATION,
        submitted_at=timezone.now(),
    )
    Biomarker.objects.filter(case=case).delete()  # only BRCA is answered, so a post restates just that
    Biomarker.objects.create(case=case, marker="BRCA", status="unknown")
    return case


def test_brca_changed_from_not_known_to_negative_is_on_the_timeline(asked, patient_client, coordinator, client):
    formset = patient_client.get(step_url(asked, "biomarkers")).context["formset"]
    index = {f.initial.get("marker"): i for i, f in enumerate(formset.forms)}
    data = _formset_post(formset, {(index["BRCA"], "status"): "negative"})
    assert patient_client.post(step_url(asked, "biomarkers"), {**data, "save": "1"}).status_code == 302

    event = CaseEvent.objects.get(case=asked, kind="intake_edited")
    assert event.actor == asked.owner and not event.internal
    assert {"field": "BRCA: Result", "old": "Not known", "new": "Negative"} in event.params["changes"]

    client.force_login(coordinator)
    html = client.get(reverse("intake:case_detail", args=[asked.reference])).content.decode()
    assert "Changed the case&#x27;s answers" in html or "Changed the case's answers" in html
    assert "BRCA: Result: <del>Not known</del> → <ins>Negative</ins>" in html

    client.cookies["django_language"] = "zh-hans"
    html = client.get(reverse("intake:case_detail", args=[asked.reference]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "BRCA: 结果: <del>不清楚</del> → <ins>阴性</ins>" in html.content.decode()


def test_saving_without_changes_adds_nothing(asked, patient_client):
    formset = patient_client.get(step_url(asked, "biomarkers")).context["formset"]
    index = {f.initial.get("marker"): i for i, f in enumerate(formset.forms)}
    data = _formset_post(formset, {(index["BRCA"], "status"): "unknown"})
    patient_client.post(step_url(asked, "biomarkers"), {**data, "save": "1"})
    assert not CaseEvent.objects.filter(case=asked, kind="intake_edited").exists()


def test_a_draft_keeps_no_edit_trail(patient, patient_client):
    draft = complete_case(patient, cancer_type="breast", cancer_subtype="her2_pos")
    formset = patient_client.get(step_url(draft, "biomarkers")).context["formset"]
    index = {f.initial.get("marker"): i for i, f in enumerate(formset.forms)}
    patient_client.post(
        step_url(draft, "biomarkers"), {**_formset_post(formset, {(index["BRCA"], "status"): "negative"}), "save": "1"}
    )
    assert not CaseEvent.objects.filter(case=draft, kind="intake_edited").exists()
