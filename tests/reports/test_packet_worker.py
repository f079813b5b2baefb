"""The packet compiled by a real Celery worker, including one killed in the middle of it."""

import pytest

from cases.lifecycle import case_transition
from cases.models import CaseAssignment, State
from reports.models import Packet, PatientCopy
from tests.factories import UserFactory
from tests.helpers.pdfs import read_pdf, read_zip
from tests.reports.packet_helpers import case_with_records
from tests.worker import celery_worker, wait_for


def ready_case(patient, coordinator):
    """Submit a case (the patient), triage it and send it to the MDT (a coordinator)."""
    case = case_with_records(patient)
    case_transition(case=case, to=State.SUBMITTED, by=patient)
    case_transition(case=case, to=State.IN_TRIAGE, by=coordinator)
    for discipline, chair in (("medical_oncology", True), ("radiology", False)):
        specialist = UserFactory(role="specialist", discipline=discipline)
        CaseAssignment.objects.create(case=case, specialist=specialist, discipline=discipline, is_chair=chair)
    case_transition(case=case, to=State.READY_FOR_MDT, by=coordinator, reason="Go ahead: worker test")
    return case


def packet_of(case) -> Packet:
    return case.packets.get()


def assert_complete(packet: Packet) -> None:
    assert packet.status == Packet.Status.DONE, packet.error
    assert len(read_pdf(packet.packet).pages) > len(read_pdf(packet.summary).pages)
    manifest, members = read_zip(packet.archive)
    assert sorted(members) == sorted(entry["name"] for entry in manifest["files"])


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_compiles_the_packet_when_the_case_becomes_ready(tmp_path, patient, coordinator):
    log_path = tmp_path / "worker.log"
    with celery_worker(log_path):
        case = ready_case(patient, coordinator)
        done = wait_for(lambda: packet_of(case).status in ("done", "failed"), timeout=180)
        copied = wait_for(lambda: PatientCopy.objects.filter(case=case).exists(), timeout=60)
    log = log_path.read_text()
    assert done, log[-3000:]
    packet = packet_of(case)
    assert_complete(packet)
    assert packet.version == 1 and packet.attempts == 1 and packet.percent == 100
    assert copied, log[-3000:]
    with case.patient_copy.file.open("rb") as fh:
        assert fh.read(5) == b"%PDF-"


# A worker killed mid-compile: tests/faults/test_faults.py (with and without beat).
