"""Coming back where one left off: a step is done when its required answers are there, not when visited."""

import datetime

import pytest
from django.urls import reverse

from cases.clinical.panels import panel_for
from cases.models import Biomarker, Case, TreatmentLine
from tests.factories import CaseFactory, add_document

pytestmark = pytest.mark.django_db


def stepper(page: str) -> str:
    return page[page.index('class="stepper') :].split("</ol>", 1)[0]


def done_steps(page: str) -> list[str]:
    """The titles of the steps the stepper marks done (their <li> has the class "done")."""
    items = stepper(page).split("<li")[1:]
    return [" ".join(i.split(">", 2)[2].split("<")[0].split()) for i in items if i.startswith(' class="done')]


@pytest.fixture
def diagnosed(patient) -> Case:
    """Step 1 answered in full and saved; nothing else yet."""
    return CaseFactory(
        owner=patient,
        patient_birth_date=datetime.date(1961, 3, 4),
        cancer_type="gastric_oesophageal",
        cancer_subtype="",
        stage_group="IV",
        diagnosis_date=datetime.date(2024, 3, 1),
        diagnosis_date_precision="month",
        intake_steps_saved=["diagnosis"],
    )


def answer_markers(case, codes, result="not_tested"):
    for code in codes:
        Biomarker.objects.create(case=case, marker=code, result=result)


def case_page(client, case) -> str:
    return client.get(reverse("intake:case_detail", args=[case.reference])).content.decode()


def continue_href(page: str) -> str:
    tag = page[page.index('id="continue-intake"') :]
    return tag[tag.index('href="') + 6 :].split('"', 1)[0]


def step_url(case, code):
    return reverse("intake:step", args=[case.reference, code])


def test_a_biomarker_step_with_two_of_eight_markers_answered_is_not_done(patient_client, diagnosed):
    panel = [m.code for m in panel_for("gastric_oesophageal")]
    answer_markers(diagnosed, panel[:2], result="detected")
    Case.objects.filter(pk=diagnosed.pk).update(intake_steps_saved=["diagnosis", "biomarkers"])
    page = patient_client.get(step_url(diagnosed, "goals")).content.decode()
    assert "(saved, something missing)" in stepper(page)
    assert continue_href(case_page(patient_client, diagnosed)) == step_url(diagnosed, "biomarkers")
    answer_markers(diagnosed, panel[2:])  # "not tested" is an answer
    assert continue_href(case_page(patient_client, diagnosed)) == step_url(diagnosed, "treatment")


def test_a_treatment_step_with_lines_but_no_ecog_is_not_done(patient_client, diagnosed):
    answer_markers(diagnosed, [m.code for m in panel_for("gastric_oesophageal")])
    TreatmentLine.objects.create(case=diagnosed, regimen="FOLFOX", start_date=datetime.date(2024, 4, 1))
    Case.objects.filter(pk=diagnosed.pk).update(intake_steps_saved=["diagnosis", "biomarkers", "treatment"])
    assert continue_href(case_page(patient_client, diagnosed)) == step_url(diagnosed, "treatment")
    Case.objects.filter(pk=diagnosed.pk).update(ecog=1)
    assert continue_href(case_page(patient_client, diagnosed)) == step_url(diagnosed, "goals")


def test_a_visited_but_empty_goals_step_is_not_done(patient_client, diagnosed):
    Case.objects.filter(pk=diagnosed.pk).update(intake_steps_saved=["diagnosis", "goals"])
    page = patient_client.get(step_url(diagnosed, "goals")).content.decode()
    assert done_steps(page) == ["1. Diagnosis and spread"]
    Case.objects.filter(pk=diagnosed.pk).update(own_questions="Is surgery still possible?")
    page = patient_client.get(step_url(diagnosed, "goals")).content.decode()
    assert done_steps(page) == ["1. Diagnosis and spread", "4. Goals and questions"]


def test_continue_goes_to_the_review_when_every_step_is_done(patient_client, diagnosed):
    answer_markers(diagnosed, [m.code for m in panel_for("gastric_oesophageal")])
    TreatmentLine.objects.create(case=diagnosed, regimen="FOLFOX", start_date=datetime.date(2024, 4, 1))
    add_document(diagnosed, "pathology_report", datetime.date(2024, 3, 2))
    add_document(diagnosed, "imaging_report", datetime.date.today())
    Case.objects.filter(pk=diagnosed.pk).update(
        ecog=1,
        goals_text="Time with my family",
        consent_review=True,
        consent_share=True,
        intake_steps_saved=["diagnosis", "biomarkers", "treatment", "goals", "records"],
    )
    assert continue_href(case_page(patient_client, diagnosed)) == reverse("intake:review", args=[diagnosed.reference])


def test_my_cases_shows_each_drafts_progress_and_continues_at_the_first_unfinished_step(patient_client, diagnosed):
    answer_markers(diagnosed, [m.code for m in panel_for("gastric_oesophageal")])
    Case.objects.filter(pk=diagnosed.pk).update(intake_steps_saved=["diagnosis", "biomarkers", "treatment"])
    CaseFactory(owner=diagnosed.owner)  # a second draft, nothing saved
    page = patient_client.get(reverse("intake:case_list")).content.decode()
    row = page[page.index(diagnosed.reference) :].split("</tr>", 1)[0]
    assert "2 of 5 steps done" in row
    assert f'href="{step_url(diagnosed, "treatment")}"' in row and "Continue at step 3" in row
    assert "0 of 5 steps done" in page and "Continue at step 1" in page
