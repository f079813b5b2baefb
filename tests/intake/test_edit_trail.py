"""Every change a patient makes to a submitted case's answers is on the timeline with its old and new value."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Biomarker, CaseEvent, State
from tests.factories import complete_case
from tests.intake.test_biomarker_step import post_data, rows
from tests.intake.test_steps import step_url

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
    Biomarker.objects.create(case=case, marker="BRCA", result="unknown")
    return case


def test_brca_changed_from_not_known_to_negative_is_on_the_timeline(asked, patient_client, coordinator, client):
    page = patient_client.get(step_url(asked, "biomarkers"))
    data = post_data(page, {(rows(page, "BRCA")[0], "result"): "not_detected"})
    assert patient_client.post(step_url(asked, "biomarkers"), data).status_code == 302

    event = CaseEvent.objects.get(case=asked, kind="intake_edited")
    assert event.actor == asked.owner and not event.internal
    assert {"field": "BRCA: Result", "old": "Not known", "new": "Not detected (negative)"} in event.params["changes"]

    client.force_login(coordinator)
    html = client.get(reverse("intake:case_detail", args=[asked.reference])).content.decode()
    assert "Changed the case&#x27;s answers" in html or "Changed the case's answers" in html
    assert "BRCA: Result: <del>Not known</del> → <ins>Not detected (negative)</ins>" in html

    client.cookies["django_language"] = "zh-hans"
    html = client.get(reverse("intake:case_detail", args=[asked.reference]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "BRCA: 结果: <del>不清楚</del> → <ins>未检出（阴性）</ins>" in html.content.decode()


def test_saving_without_changes_adds_nothing(asked, patient_client):
    page = patient_client.get(step_url(asked, "biomarkers"))
    patient_client.post(step_url(asked, "biomarkers"), post_data(page, {(rows(page, "BRCA")[0], "result"): "unknown"}))
    assert not CaseEvent.objects.filter(case=asked, kind="intake_edited").exists()


def test_a_draft_keeps_no_edit_trail(patient, patient_client):
    draft = complete_case(patient, cancer_type="breast", cancer_subtype="her2_pos")
    Biomarker.objects.create(case=draft, marker="BRCA", result="unknown")
    page = patient_client.get(step_url(draft, "biomarkers"))
    patient_client.post(
        step_url(draft, "biomarkers"), post_data(page, {(rows(page, "BRCA")[0], "result"): "not_detected"})
    )
    assert not CaseEvent.objects.filter(case=draft, kind="intake_edited").exists()
