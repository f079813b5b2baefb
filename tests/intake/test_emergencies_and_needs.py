"""Step 3 asks for emergencies in plain words; step 2 and 3 ask what the MDT needs; the review shows them."""

import datetime
import re

import pytest
from django.urls import reverse

from cases.clinical.organ_function import age_on
from cases.models import Case, LabResult
from tests.intake.test_steps import _treatment_post, step_url

pytestmark = pytest.mark.django_db

SEEK_CARE = "Go to the nearest emergency department or call your local emergency number now."


def _alert_visible(page: str) -> bool:
    start = page.index('id="emergency-alert"')
    tag = page[start : page.index(">", start)]
    return " hidden" not in tag


def test_the_questions_are_asked_and_the_alert_is_hidden_until_a_yes(patient_client, draft):
    page = patient_client.get(step_url(draft, "treatment")).content.decode()
    assert "New weakness or numbness in the legs, or new loss of control of the bladder or bowels?" in page
    assert "A temperature of 38 °C or higher during chemotherapy or in the six weeks after it?" in page
    assert SEEK_CARE in page and not _alert_visible(page)


def test_a_yes_saved_without_javascript_shows_the_alert_and_keeps_it_on_the_next_steps(patient_client, draft):
    response = patient_client.post(step_url(draft, "treatment"), _treatment_post([], emergency_svc="True", next="1"))
    assert response["Location"] == step_url(draft, "goals")
    draft.refresh_from_db()
    assert draft.emergencies == ("svc",) and draft.emergency_cord is None
    goals = patient_client.get(step_url(draft, "goals")).content.decode()
    assert SEEK_CARE in goals and _alert_visible(goals)
    back = patient_client.get(step_url(draft, "treatment")).content.decode()
    assert _alert_visible(back)
    assert re.search(r'name="emergency_svc" value="True"[^>]*checked', back)
    assert not re.search(r'name="emergency_cord" value="True"[^>]*checked', back)


def test_answering_no_to_everything_clears_the_alert(patient_client, draft):
    draft.emergency_fever = True
    draft.save()
    answers = {f"emergency_{c}": "False" for c in ("cord", "svc", "bowel", "fever", "confusion")}
    patient_client.post(step_url(draft, "treatment"), _treatment_post([], **answers))
    draft.refresh_from_db()
    assert draft.emergencies == () and draft.emergency_fever is False
    assert not _alert_visible(patient_client.get(step_url(draft, "treatment")).content.decode())


def test_a_form_error_elsewhere_keeps_the_yes_and_the_alert(patient_client, draft):
    response = patient_client.post(
        step_url(draft, "treatment"), _treatment_post([], emergency_cord="True", lvef_percent="150")
    )
    page = response.content.decode()
    assert response.status_code == 200 and "LVEF is a percentage between 5 and 90" in page
    assert _alert_visible(page)
    # Every valid answer is saved though another is invalid (intake.stepsave, issue 13): the "yes" is kept.
    assert Case.objects.get(pk=draft.pk).emergencies == ("cord",)


def test_the_alert_is_in_chinese_for_a_chinese_reader(patient_client, patient, draft):
    patient_client.post(step_url(draft, "treatment"), _treatment_post([], emergency_bowel="True"))
    patient_client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    page = patient_client.get(step_url(draft, "treatment")).content.decode()
    assert "请立即前往最近的急诊科" in page
    assert "呕吐，并且数天没有排便、没有排气？" in page


def test_what_the_mdt_needs_is_saved_from_steps_1_2_and_3_and_shown_on_the_review(patient_client, draft):
    draft.patient_birth_date = datetime.date(1961, 3, 4)
    draft.patient_sex = "male"
    draft.weight_kg = 70
    draft.save()
    LabResult.objects.create(
        case=draft, test="creatinine", value="1.2", unit="mg/dL", measured_on=datetime.date.today()
    )
    patient_client.post(
        step_url(draft, "treatment"),
        _treatment_post(
            [],
            weight_kg="70",
            lvef_percent="58",
            lvef_date="2026-01-10",
            hepatitis_b="negative",
            hepatitis_c="not_tested",
            hiv="negative",
            autoimmune_disease="False",
            organ_transplant="True",
            medications="Metformin 500 mg twice daily",
            past_toxicities="Grade 3 pneumonitis on pembrolizumab",
        ),
    )
    draft.refresh_from_db()
    assert (draft.lvef_percent, draft.hepatitis_c, draft.autoimmune_disease, draft.organ_transplant) == (
        58,
        "not_tested",
        False,
        True,
    )
    review = patient_client.get(reverse("intake:review", args=[draft.reference])).content.decode()
    assert "58%" in review and "Metformin 500 mg twice daily" in review
    assert "Grade 3 pneumonitis on pembrolizumab" in review
    # Cockcroft-Gault: 1.2 mg/dL = 106.08 µmol/L; (140 − age) × 70 / (72 × 1.2).
    age = age_on(datetime.date(1961, 3, 4), datetime.date.today())
    expected = round((140 - age) * 70 / (72 * 1.2))
    assert f"{expected} mL/min (Cockcroft-Gault" in review
