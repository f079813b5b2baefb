"""Erasure: the patient asks, a coordinator confirms, files and clinical data go, the audit trail stays."""

import pytest
from django.urls import reverse

from cases.models import AccessRecord, Biomarker, Case, CaseEvent, Document, ReadKind, State, TreatmentLine
from privacy.erasure import ERR_ALREADY_ASKED, ErasureRefused, erasure_confirm, erasure_request
from privacy.models import ErasureRequest
from reports.models import Packet, PatientCopy, PatientReport
from tests.privacy.helpers import case_with_everything, stored

pytestmark = pytest.mark.django_db


def stored_names(case):
    names = [d.file.name for d in case.documents.all()]
    names += [r.file.name for r in PatientReport.objects.filter(case=case)]
    names += [c.file.name for c in PatientCopy.objects.filter(case=case)]
    names += [p.archive.name for p in Packet.objects.filter(case=case)]
    return names


def test_patient_asks_with_a_confirmation_and_sees_it_pending(client, patient):
    client.force_login(patient)
    client.post(reverse("privacy:erasure_ask"))
    assert not ErasureRequest.objects.exists()
    client.post(reverse("privacy:erasure_ask"), {"confirm": "yes"})
    assert ErasureRequest.objects.get().status == ErasureRequest.Status.PENDING
    assert "A coordinator will confirm it" in client.get(reverse("privacy:my_data")).content.decode()
    with pytest.raises(ErasureRefused) as refused:
        erasure_request(user=patient)
    assert refused.value.message == ERR_ALREADY_ASKED


def test_confirmed_erasure_deletes_files_and_clinical_rows_and_keeps_the_audit_trail(
    client, django_capture_on_commit_callbacks, patient, coordinator
):
    case = case_with_everything(patient, coordinator)
    names = stored_names(case)
    assert len(names) == 7 and all(stored(n) for n in names)  # 3 records, 2 reports, a copy, a packet
    reads = AccessRecord.objects.filter(case_id=case.pk).count()
    request = erasure_request(user=patient)

    client.force_login(coordinator)
    assert case.reference in client.get(reverse("privacy:erasure_list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:erasure_confirm", args=[request.pk]))

    assert not any(stored(n) for n in names)
    assert not Document.objects.filter(case=case).exists()
    assert not Biomarker.objects.filter(case=case).exists()
    assert not TreatmentLine.objects.filter(case=case).exists()
    assert not PatientReport.objects.filter(case=case).exists()
    case = Case.objects.get(pk=case.pk)
    assert (case.patient_name, case.histology, case.own_questions, case.metastatic_sites) == ("", "", "", [])
    assert CaseEvent.objects.filter(case=case, kind="erased", actor=coordinator).exists()
    assert not CaseEvent.objects.filter(case=case).exclude(message="").exists()
    # The trail: every earlier read kept, and the erasure itself recorded.
    assert AccessRecord.objects.filter(case_id=case.pk).exclude(what=ReadKind.ERASURE).count() == reads
    assert AccessRecord.objects.filter(case_id=case.pk, what=ReadKind.ERASURE, reader_id=coordinator.pk).exists()
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.DONE and request.case_references == [case.reference]


def test_erased_patient_can_no_longer_sign_in(client, django_capture_on_commit_callbacks, patient, coordinator):
    request = erasure_request(user=patient)
    erasure_confirm(request_id=request.pk, by=coordinator)
    patient.refresh_from_db()
    assert not patient.is_active and "patient@example.org" not in patient.email and not patient.last_name
    response = client.post(
        reverse("account_login"), {"login": "patient@example.org", "password": "correct horse battery"}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_erasure_is_refused_while_the_mdt_reviews_a_case(client, patient, coordinator):
    case = case_with_everything(patient, coordinator, state=State.IN_REVIEW)
    request = erasure_request(user=patient)
    client.force_login(coordinator)
    page = client.get(reverse("privacy:erasure_list")).content.decode()
    assert "Withdraw it first" in page
    response = client.post(reverse("privacy:erasure_confirm", args=[request.pk]), follow=True)
    assert "Withdraw it first" in response.content.decode()
    assert Document.objects.filter(case=case).exists()
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.PENDING


@pytest.mark.parametrize("who", ["patient", "other_patient", "specialist"])
def test_only_coordinators_see_and_confirm_erasure_requests(client, request, patient, who):
    pending = erasure_request(user=patient)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("privacy:erasure_list")).status_code == 404
    assert client.post(reverse("privacy:erasure_confirm", args=[pending.pk])).status_code == 404
    pending.refresh_from_db()
    assert pending.status == ErasureRequest.Status.PENDING
