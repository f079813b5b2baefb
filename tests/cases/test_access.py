import uuid

import pytest
from django.urls import reverse

from cases.models import CaseAssignment, State, UploadSession
from tests.factories import CaseFactory, add_document

pytestmark = pytest.mark.django_db


def case_urls(case, document):
    ref = case.reference
    upload = UploadSession.objects.create(case=case, user=case.owner, kind="other", filename="x.pdf", length=10)
    return [
        ("get", reverse("intake:case_detail", args=[ref])),
        ("get", reverse("intake:review", args=[ref])),
        ("get", reverse("intake:step", args=[ref, "diagnosis"])),
        ("get", reverse("intake:step", args=[ref, "records"])),
        ("get", reverse("intake:document_list", args=[ref])),
        ("get", reverse("intake:document_file", args=[ref, document.pk, "view"])),
        ("get", reverse("intake:document_file", args=[ref, document.pk, "download"])),
        ("get", reverse("intake:access_log", args=[ref])),
        ("post", reverse("intake:document_delete", args=[ref, document.pk])),
        ("post", reverse("intake:upload", args=[ref])),
        ("post", reverse("intake:case_withdraw", args=[ref])),
        ("post", reverse("intake:step", args=[ref, "goals"])),
        ("head", reverse("intake:tus_upload", args=[ref, upload.pk])),
    ]


@pytest.fixture
def my_case(patient):
    case = CaseFactory(owner=patient)
    return case, add_document(case, "pathology_report")


def test_other_patient_gets_404_for_every_case_and_document_url(client, other_patient, my_case):
    case, document = my_case
    client.force_login(other_patient)
    for method, url in case_urls(case, document):
        response = getattr(client, method)(url)
        assert response.status_code == 404, f"{method.upper()} {url} gave {response.status_code}"
    case.refresh_from_db()
    assert case.documents.count() == 1 and case.state == State.DRAFT


def test_anonymous_visitor_is_sent_to_log_in(client, my_case):
    case, document = my_case
    for method, url in case_urls(case, document):
        if method == "head":
            continue  # the upload protocol answers 404 rather than a redirect
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


def test_coordinator_does_not_see_a_patients_draft(client, coordinator, my_case):
    case, document = my_case
    client.force_login(coordinator)
    assert client.get(reverse("intake:case_detail", args=[case.reference])).status_code == 404
    case.state = State.SUBMITTED
    case.save()
    assert client.get(reverse("intake:case_detail", args=[case.reference])).status_code == 200


def test_specialist_sees_only_assigned_cases(client, specialist, patient):
    assigned = CaseFactory(owner=patient, state=State.READY_FOR_MDT)
    other = CaseFactory(owner=patient, state=State.READY_FOR_MDT)
    CaseAssignment.objects.create(case=assigned, specialist=specialist, discipline="medical_oncology")
    client.force_login(specialist)
    assert client.get(reverse("intake:case_detail", args=[assigned.reference])).status_code == 200
    assert client.get(reverse("intake:case_detail", args=[other.reference])).status_code == 404
    listing = client.get(reverse("intake:case_list")).content.decode()
    assert assigned.reference in listing and other.reference not in listing


def test_unknown_upload_id_is_404_even_for_the_owner(patient_client, draft):
    response = patient_client.head(reverse("intake:tus_upload", args=[draft.reference, uuid.uuid4()]))
    assert response.status_code == 404


def test_patient_cannot_edit_the_intake_after_submitting(patient_client, draft):
    draft.state = State.SUBMITTED
    draft.save()
    response = patient_client.post(reverse("intake:step", args=[draft.reference, "goals"]), {"goals_text": "changed"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "What you typed was not saved" in page and "changed" in page  # the text is given back, not lost
    draft.refresh_from_db()
    assert draft.goals_text == ""
