"""A patient-reported emergency puts the case at the top of the coordinator's queue, with the reason."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, State
from cases.services import case_refresh_triage
from tests.cases.test_queue import make_case, refs
from tests.factories import complete_case

pytestmark = pytest.mark.django_db

QUEUE = reverse("cases:queue")


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_an_emergency_comes_before_every_urgent_case_whatever_the_waiting_time(coordinator_client, patient):
    urgent_old = make_case(patient, priority="urgent", state_changed_at=timezone.now() - timedelta(days=30))
    routine_emergency = make_case(patient, priority="routine", emergency_svc=True)
    high = make_case(patient, priority="high")
    assert refs(coordinator_client.get(QUEUE)) == [routine_emergency.reference, urgent_old.reference, high.reference]
    by_priority = coordinator_client.get(QUEUE, {"sort": "priority"})
    assert refs(by_priority)[0] == routine_emergency.reference


def test_a_no_answer_is_not_an_emergency(coordinator_client, patient):
    urgent = make_case(patient, priority="urgent", state_changed_at=timezone.now() - timedelta(days=3))
    answered_no = make_case(patient, priority="routine", emergency_svc=False, emergency_cord=False)
    assert refs(coordinator_client.get(QUEUE)) == [urgent.reference, answered_no.reference]


def test_the_queue_shows_the_emergency_reason(coordinator_client, patient):
    make_case(patient, emergency_cord=True, emergency_fever=True)
    page = coordinator_client.get(QUEUE).content.decode()
    assert "Emergency reported" in page
    assert (
        "possible spinal cord compression (new leg weakness or numbness, or loss of bladder or bowel control); "
        "possible febrile neutropenia (fever on chemotherapy)"
    ) in page


def test_the_queue_shows_the_emergency_reason_in_chinese(client, coordinator, patient):
    coordinator.language = "zh-hans"
    coordinator.save()
    client.force_login(coordinator)
    make_case(patient, emergency_bowel=True)
    page = client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "可能肠梗阻" in page


def test_an_emergency_answered_by_the_patient_makes_the_case_urgent_with_the_reason(patient, coordinator):
    case = complete_case(patient, state=State.AWAITING_INFORMATION)
    case.emergency_confusion = True
    case.save()
    case_refresh_triage(case=case)
    case.refresh_from_db()
    assert case.priority == "urgent"
    staff = Client()
    staff.force_login(coordinator)
    page = staff.get(reverse("intake:case_detail", args=[case.reference])).content.decode()
    assert (
        "EMERGENCY reported by the patient: new confusion (possible hypercalcaemia, brain metastases or infection)"
        in page
    )
    assert Case.objects.get(pk=case.pk).emergencies == ("confusion",)
