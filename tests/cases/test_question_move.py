"""A question the patient wrote among their hopes is moved to their questions by the coordinator or the chair."""

import pytest
from django.urls import reverse

from cases.models import CaseEvent, State
from tests.factories import UserFactory
from tests.reports.test_mdt import _team_case, as_user

pytestmark = pytest.mark.django_db

HOPES = "I hope to live to see my grandson. Could the liver metastases be removed? I want to keep working."
LIVER = "Could the liver metastases be removed?"


@pytest.fixture
def chair(db):
    return UserFactory(email="chair@example.org", first_name="Wang", last_name="Jun", role="specialist")


@pytest.fixture
def radiologist(db):
    return UserFactory(email="rad@example.org", first_name="Zhang", last_name="Li", role="specialist")


@pytest.fixture
def case(patient, chair, radiologist):
    return _team_case(
        patient, chair, [(radiologist, "radiology")], state=State.IN_REVIEW, goals_text=HOPES, own_questions=""
    )


def move(user, case, sentence=LIVER):
    return as_user(user).post(reverse("cases:question_move", args=[case.reference]), {"sentence": sentence})


def page(user, case) -> str:
    return as_user(user).get(reverse("intake:case_detail", args=[case.reference])).content.decode()


def test_the_coordinator_moves_a_question_and_every_specialist_then_sees_it(case, coordinator, radiologist, chair):
    html = page(coordinator, case)
    assert 'id="hopes-questions"' in html and f"“{LIVER}”" in html
    assert move(coordinator, case).status_code == 302

    case.refresh_from_db()
    assert case.goals_text == "I hope to live to see my grandson. I want to keep working."
    assert case.own_questions == LIVER

    # The specialists see it among the questions: on the opinion form and the chair's consensus form.
    assert LIVER in as_user(radiologist).get(reverse("reports:opinion", args=[case.reference])).content.decode()
    consensus = as_user(chair).get(reverse("reports:consensus", args=[case.reference])).content.decode()
    assert LIVER in consensus and 'name="answer_own_1"' in consensus

    # The edit trail records who moved what, with both fields' old and new values.
    event = CaseEvent.objects.get(case=case, kind="question_moved")
    assert event.actor == coordinator and not event.internal
    fields = {c["field"]: c for c in event.params["changes"]}
    assert fields["What you hope for from treatment"]["old"] == HOPES
    assert fields["Your own questions"]["new"] == LIVER
    timeline = page(radiologist, case)
    assert "Moved from the hopes to the patient&#x27;s questions" in timeline
    assert f"<ins>{LIVER}</ins>" in timeline
    # Moved once: it is no longer offered.
    assert f'value="{LIVER}"' not in page(coordinator, case)


def test_the_chair_may_move_a_question(case, chair):
    assert 'id="hopes-questions"' in page(chair, case)
    assert move(chair, case).status_code == 302
    case.refresh_from_db()
    assert case.own_questions == LIVER


def test_a_moved_question_is_added_after_the_patients_own(case, coordinator):
    case.own_questions = "How often will I need scans?"
    case.save()
    move(coordinator, case)
    case.refresh_from_db()
    assert case.own_questions.splitlines() == ["How often will I need scans?", LIVER]


def test_a_specialist_who_is_not_the_chair_cannot_move(case, radiologist):
    assert 'id="hopes-questions"' not in page(radiologist, case)
    assert move(radiologist, case).status_code == 404
    case.refresh_from_db()
    assert case.goals_text == HOPES and case.own_questions == ""


def test_the_patient_cannot_move(case, patient_client):
    response = patient_client.post(reverse("cases:question_move", args=[case.reference]), {"sentence": LIVER})
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.goals_text == HOPES and not CaseEvent.objects.filter(case=case, kind="question_moved").exists()


def test_nobody_moves_once_the_report_is_issued(case, coordinator):
    case.state = State.REPORT_ISSUED
    case.save()
    assert move(coordinator, case).status_code == 404


def test_a_sentence_that_is_not_in_the_hopes_is_refused_with_a_reason(case, coordinator):
    response = as_user(coordinator).post(
        reverse("cases:question_move", args=[case.reference]), {"sentence": "Is this made up?"}, follow=True
    )
    assert "no longer among the patient&#x27;s hopes" in response.content.decode()
    case.refresh_from_db()
    assert case.goals_text == HOPES


def test_full_width_question_marks_are_questions_too(patient, chair, radiologist, coordinator):
    case = _team_case(
        patient, chair, [(radiologist, "radiology")], goals_text="希望能继续工作。肝转移能切除吗？", own_questions=""
    )
    move(coordinator, case, "肝转移能切除吗？")
    case.refresh_from_db()
    assert case.own_questions == "肝转移能切除吗？" and case.goals_text == "希望能继续工作。"
