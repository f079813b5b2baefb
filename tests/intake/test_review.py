import pytest
from django.urls import reverse

from cases.models import CaseEvent, State
from tests.factories import complete_case

pytestmark = pytest.mark.django_db


def review(client, case, **kwargs):
    return client.post(reverse("intake:review", args=[case.reference]), **kwargs)


def test_review_lists_what_is_still_missing(patient_client, draft):
    page = patient_client.get(reverse("intake:review", args=[draft.reference]))
    required = [m["item"].code for m in page.context["required"]]
    assert {"cancer_type", "pathology_report", "imaging", "consent_review"} <= set(required)
    assert 'id="missing-required"' in page.content.decode()


def test_submitting_an_incomplete_case_is_refused_with_the_list(patient_client, draft):
    response = review(patient_client, draft)
    assert response.status_code == 200
    problems = response.context["problems"]
    assert len(problems) >= 4
    html = response.content.decode()
    assert 'id="submit-problems"' in html
    from django.utils.html import escape

    assert all(escape(p) in html for p in problems[:3])
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_complete_case_is_submitted_and_the_patient_sees_reference_status_and_timeline(patient_client, patient):
    case = complete_case(patient)
    response = review(patient_client, case, follow=True)
    case.refresh_from_db()
    assert case.state == State.SUBMITTED and case.submitted_at
    html = response.content.decode()
    assert case.reference in html
    assert "Submitted" in html
    assert "Status changed to Submitted" in html
    assert CaseEvent.objects.filter(case=case, to_state=State.SUBMITTED, actor=patient).exists()


def test_nsclc_review_shows_untested_ros1_and_ret_as_gaps(patient_client, patient):
    case = complete_case(patient)
    # Without a driver: once EGFR is positive the other drivers are no longer gaps (ESMO 2023), see the scenarios.
    case.biomarkers.filter(marker="EGFR").update(result="not_detected", value="", covers_gene=True)
    case.biomarkers.create(marker="ROS1", result="not_tested")
    page = patient_client.get(reverse("intake:review", args=[case.reference]))
    gaps = {row.marker.code for row in page.context["gaps"] if row.is_gap}
    assert {"ROS1", "RET"} <= gaps
    assert "EGFR" not in gaps
    recommended = " ".join(m["text"] for m in page.context["recommended"])
    assert "ROS1" in recommended and "RET" in recommended


def test_a_submitted_case_cannot_be_submitted_again(patient_client, patient):
    case = complete_case(patient)
    review(patient_client, case)
    response = review(patient_client, case)
    assert response.status_code == 404
    assert CaseEvent.objects.filter(case=case, to_state=State.SUBMITTED).count() == 1


def test_patient_withdraws_a_submitted_case(patient_client, patient):
    case = complete_case(patient)
    review(patient_client, case)
    patient_client.post(reverse("intake:case_withdraw", args=[case.reference]), {"reason": "Treated locally"})
    case.refresh_from_db()
    assert case.state == State.WITHDRAWN


def test_withdraw_is_offered_only_where_the_lifecycle_allows_it(patient_client, patient, client, coordinator):
    case = complete_case(patient, state=State.IN_TRIAGE)
    url = reverse("intake:case_detail", args=[case.reference])
    assert patient_client.get(url).context["can_withdraw"]
    client.force_login(coordinator)
    assert client.get(url).context["can_withdraw"]
    case.state = State.REPORT_ISSUED
    case.save()
    assert not patient_client.get(url).context["can_withdraw"]
