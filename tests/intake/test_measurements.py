import pytest
from django.urls import reverse

from cases.models import ResponseAssessment

pytestmark = pytest.mark.django_db


def post(client, case, **fields):
    data = {"nontarget": "present", "reported_category": "SD", **{k: str(v) for k, v in fields.items()}}
    return client.post(reverse("intake:measurements", args=[case.reference]), data, follow=True)


def test_measurements_give_the_recist_category_beside_what_the_patient_was_told(patient_client, draft):
    response = post(
        patient_client, draft,
        site_0="liver", base_0=60, mm_0_0=40, site_1="lung", base_1=40, mm_1_0=30,
        date_0="2026-09-01",
    )
    assessment = ResponseAssessment.objects.get(case=draft)
    assert assessment.derived_category == "PR"  # 100 mm -> 70 mm is -30.0%
    assert assessment.reported_category == "SD"
    assert "-30.0%" in assessment.derived_explanation
    html = response.content.decode()
    assert 'id="derived-response"' in html and "PR" in html
    review = patient_client.get(reverse("intake:review", args=[draft.reference])).content.decode()
    assert 'id="derived-recist1.1"' in review


def test_just_short_of_thirty_percent_is_stable_disease(patient_client, draft):
    post(patient_client, draft, site_0="liver", base_0=100, mm_0_0="70.1")
    assert ResponseAssessment.objects.get(case=draft).derived_category == "SD"


def test_a_new_lesion_is_progression_and_the_table_comes_back_filled(patient_client, draft):
    post(patient_client, draft, site_0="liver", base_0=50, mm_0_0=20, new_lesions="on")
    assert ResponseAssessment.objects.get(case=draft).derived_category == "PD"
    page = patient_client.get(reverse("intake:measurements", args=[draft.reference]))
    assert page.context["form"].initial["site_0"] == "liver"
    assert 'value="liver"' in page.content.decode()


def test_a_too_small_target_is_explained(patient_client, draft):
    post(patient_client, draft, site_0="liver", base_0=6, mm_0_0=5)
    assessment = ResponseAssessment.objects.get(case=draft)
    assert assessment.derived_category == "INVALID"
    assert "10 mm" in assessment.derived_explanation
