"""The case page loads its case once and runs the same number of queries however much the case holds (issue 16)."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import CaseAssignment, CaseCaregiver, CaseEvent, CaseNote, State
from tests.factories import UserFactory, add_document, complete_case

pytestmark = pytest.mark.django_db

# session, user, the case (with the caregiver check), the access record, 7 clinical tables (with the ECOG
# history), the thread (the open request is read from it), the caregivers (once: for whose messages are the
# patient's and the patient's card), the team (coordinator: once, for the list and the checks before the MDT), the specialists to assign and notes (coordinator), the report translations and the
# biomarker picture (coordinator), the timeline; for staff, the reader's last look at the case and recording this
# one (what changed since: issue 15). The owner or coordinator who reads the page is not read again.
PATIENT_PAGE_QUERIES = 13
COORDINATOR_PAGE_QUERIES = 19


def _case_holding(patient, coordinator, n: int):
    case = complete_case(patient)
    type(case).objects.filter(pk=case.pk).update(state=State.IN_TRIAGE, coordinator=coordinator)
    case.refresh_from_db()
    for i in range(n):
        add_document(case, "lab_results", datetime.date(2025, 1, 1) + datetime.timedelta(days=i))
        CaseEvent.objects.create(case=case, actor=coordinator, kind="message", message=f"event {i}")
        CaseNote.objects.create(case=case, author=coordinator, body=f"note {i}")
        specialist = UserFactory(role="specialist", discipline="pathology")
        CaseAssignment.objects.create(case=case, specialist=specialist, discipline="pathology", is_chair=i == 0)
        CaseCaregiver.objects.create(
            case=case, email=f"carer{i}@example.org", invited_by=patient, token_hash=f"{case.pk:032d}{i:032d}"
        )
    return case


def _queries(client, case) -> tuple[int, list[str]]:
    url = reverse("intake:case_detail", args=[case.reference])
    client.get(url)  # the first request of a session may write to it; count a steady one
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("role", ["patient", "coordinator"])
def test_case_page_queries_do_not_grow_with_what_the_case_holds(patient, coordinator, role):
    user = patient if role == "patient" else coordinator
    client = Client()
    client.force_login(user)
    small, _ = _queries(client, _case_holding(patient, coordinator, 1))
    large, sql = _queries(client, _case_holding(patient, coordinator, 12))
    assert small == large, "the case page runs a query per row somewhere"
    assert large <= (PATIENT_PAGE_QUERIES if role == "patient" else COORDINATOR_PAGE_QUERIES), "\n".join(sql)
    case_reads = [q for q in sql if q.startswith('SELECT "cases_case"."id"')]
    assert len(case_reads) == 1, "the case is read once per request"
