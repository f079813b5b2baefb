"""What changed since I last looked: per staff user, marked on the case page and counted in the lists."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Biomarker, CaseAssignment, CaseMessage, CaseSeen, State
from tests.cases.test_queue import make_cases
from tests.factories import UserFactory, add_document, complete_case
from tests.intake.test_biomarker_step import post_data, rows
from tests.intake.test_steps import step_url

pytestmark = pytest.mark.django_db

QUEUE = reverse("cases:queue")
MDT_CASES = reverse("reports:mdt_cases")


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(client, case) -> str:
    response = client.get(reverse("intake:case_detail", args=[case.reference]))
    assert response.status_code == 200
    return response.content.decode()


def queue_row(html: str, case) -> str:
    """The queue's (or My MDT cases') table row of `case` (the queue's rows start with a checkbox)."""
    select = r'(?:<td class="queue-select"[^>]*><input[^>]*></td>\s*)?'
    match = re.search(rf'<tr[^>]*>\s*{select}<td[^>]*><div><a href="/cases/{case.reference}/">.*?</tr>', html, re.S)
    assert match, f"{case.reference} is not in the list"
    return match.group(0)


@pytest.fixture
def asked(patient):
    """A submitted HER2+ breast case the coordinator asked about: BRCA "Not known"."""
    case = complete_case(
        patient,
        cancer_type="breast",
        cancer_subtype="her2_pos",
        state=State.AWAITING_INFORMATION,
        submitted_at=timezone.now(),
    )
    Biomarker.objects.filter(case=case).delete()
    Biomarker.objects.create(case=case, marker="BRCA", result="unknown")
    case.documents.update(uploaded_at=case.submitted_at - timezone.timedelta(minutes=5))  # sent with the case
    return case


def patient_changes(case, patient_client):
    """The patient changes BRCA to negative, sends a message and adds a record."""
    step = patient_client.get(step_url(case, "biomarkers"))
    data = post_data(step, {(rows(step, "BRCA")[0], "result"): "not_detected"})
    assert patient_client.post(step_url(case, "biomarkers"), data).status_code == 302
    sent = patient_client.post(
        reverse("cases:message_post", args=[case.reference]), {"body": "The BRCA test came back."}
    )
    assert sent.status_code == 302
    add_document(case, "pathology", name="brca-report.pdf")


def test_what_the_patient_changed_after_my_last_look_is_marked_and_counted(asked, patient_client, coordinator):
    coordinator_client = as_user(coordinator)
    first = page(coordinator_client, asked)
    assert "New since you last looked" not in first
    assert 'data-changed="unopened"' not in queue_row(coordinator_client.get(QUEUE).content.decode(), asked)

    patient_changes(asked, patient_client)

    row = queue_row(coordinator_client.get(QUEUE).content.decode(), asked)
    assert 'data-changed="3"' in row  # one message, one record, one edit of the answers
    assert "1 message" in row and "1 record" in row and "1 edit" in row

    html = page(coordinator_client, asked)
    changes = html[html.index('id="changes-since"') : html.index("</section>", html.index('id="changes-since"'))]
    assert "New since you last looked" in changes
    assert "1 message" in changes and "1 record added" in changes and "brca-report.pdf" in changes
    assert "1 answer in the intake changed" in changes
    assert "BRCA: Result: <del>Not known</del> → <ins>Not detected (negative)</ins>" in changes
    assert html.count("changed-since") == 3  # the message, the record and the timeline line are marked

    # Looked at: nothing is new any more, on the page or in the queue.
    again = page(coordinator_client, asked)
    assert 'id="changes-since"' not in again and "changed-since" not in again
    row = queue_row(coordinator_client.get(QUEUE).content.decode(), asked)
    assert "data-changed" not in row


def test_my_own_changes_are_not_news_to_me(asked, coordinator):
    coordinator_client = as_user(coordinator)
    page(coordinator_client, asked)
    coordinator_client.post(reverse("cases:message_post", args=[asked.reference]), {"body": "Any news on BRCA?"})
    assert CaseMessage.objects.filter(case=asked, author=coordinator).exists()
    assert "data-changed" not in queue_row(coordinator_client.get(QUEUE).content.decode(), asked)
    assert 'id="changes-since"' not in page(coordinator_client, asked)


def test_each_member_of_staff_has_their_own_last_look(asked, patient_client, coordinator):
    colleague = UserFactory(role="coordinator")
    page(as_user(coordinator), asked)
    patient_changes(asked, patient_client)
    # The colleague never opened the case: it is marked unopened, and what came after the submission is counted.
    row = queue_row(as_user(colleague).get(QUEUE).content.decode(), asked)
    assert 'data-changed="unopened"' in row and 'data-changed="3"' in row
    page(as_user(colleague), asked)
    assert "data-changed" not in queue_row(as_user(colleague).get(QUEUE).content.decode(), asked)
    # The first coordinator's marks are still there.
    assert 'data-changed="3"' in queue_row(as_user(coordinator).get(QUEUE).content.decode(), asked)


def test_the_patient_is_not_tracked_and_sees_no_marks(asked, patient_client):
    html = page(patient_client, asked)
    assert 'id="changes-since"' not in html
    assert not CaseSeen.objects.filter(case=asked).exists()


def test_my_mdt_cases_counts_what_changed_for_the_specialist(asked, patient_client, specialist):
    asked.state = State.IN_REVIEW
    asked.save()
    CaseAssignment.objects.create(case=asked, specialist=specialist, discipline="medical_oncology")
    client = as_user(specialist)
    assert 'data-changed="unopened"' in queue_row(client.get(MDT_CASES).content.decode(), asked)
    page(client, asked)
    add_document(asked, "imaging", name="new-ct.pdf")
    row = queue_row(client.get(MDT_CASES).content.decode(), asked)
    assert 'data-changed="1"' in row and "1 record" in row and "unopened" not in row
    assert "new-ct.pdf" in page(client, asked)
    assert "data-changed" not in queue_row(client.get(MDT_CASES).content.decode(), asked)


def _changed_cases(owner, staff, n):
    cases = make_cases(owner, n)
    seen = timezone.now() - timezone.timedelta(hours=1)
    CaseSeen.objects.bulk_create([CaseSeen(case=c, user=staff, at=seen) for c in cases])
    CaseMessage.objects.bulk_create([CaseMessage(case=c, author=owner, body="news") for c in cases])
    for c in cases:
        add_document(c, "pathology")
    return cases


@pytest.mark.parametrize("n", [26, 40])  # more than a page: a queue that fits on one page skips its count query
def test_the_queue_costs_the_same_queries_however_many_changed_cases(
    patient, coordinator, n, django_assert_num_queries
):
    from tests.cases.test_queue import QUEUE_QUERIES

    _changed_cases(patient, coordinator, n)
    client = as_user(coordinator)
    with django_assert_num_queries(QUEUE_QUERIES):
        html = client.get(QUEUE).content.decode()
    assert html.count('data-changed="2"') == min(n, 25)


def test_my_mdt_cases_costs_the_same_queries_with_one_or_many_changed_cases(
    patient, specialist, django_assert_num_queries
):
    client = as_user(specialist)

    def assign(cases):
        for c in cases:
            c.state = State.IN_REVIEW
            c.save()
            CaseAssignment.objects.create(case=c, specialist=specialist, discipline="radiology")

    assign(_changed_cases(patient, specialist, 1))
    client.get(MDT_CASES)
    with django_assert_num_queries(6) as one:
        assert client.get(MDT_CASES).content.decode().count('data-changed="2"') == 1
    assign(_changed_cases(patient, specialist, 20))
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(MDT_CASES).content.decode().count('data-changed="2"') == 21
