"""How a packet gets compiled: the ready_for_mdt transition, the broker, the sweeper, retries."""

import datetime
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from cases.assessment import render_stored
from cases.lifecycle import case_transition
from cases.models import CaseAssignment, State
from config.celery import app
from reports.models import Packet
from reports.packets import ERR_STALE, packet_compile, packet_request, packets_sweep
from tests.factories import UserFactory
from tests.reports.packet_helpers import case_with_records
from tests.worker import purge_queues

UNREACHABLE_BROKER = "redis://127.0.0.1:9/0"  # nothing listens on the discard port


def _use_broker(url: str, monkeypatch) -> None:
    # Celery reads CELERY_BROKER_URL from the environment before its own setting (CI sets it).
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    app.conf.broker_url = url
    # The connection pools are cached per broker URL (kombu.pools), so dropping ours is enough.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker(monkeypatch):
    """The real broker, and a way to take it down (`down()`) and back (`up()`) for the web side."""

    class Broker:
        url = app.connection_for_write().as_uri(include_password=True)

        def down(self):
            _use_broker(UNREACHABLE_BROKER, monkeypatch)

        def up(self):
            _use_broker(self.url, monkeypatch)

        def take(self) -> list[str]:
            """The names of the tasks waiting in the queue (taking them out)."""
            names = []
            with app.connection_for_write() as connection:
                for queue_name in settings.WORKER_QUEUES.split(","):
                    queue = connection.SimpleQueue(queue_name, no_ack=True)
                    while True:
                        try:
                            names.append(queue.get(block=False).headers["task"])
                        except queue.Empty:
                            break
                    queue.close()
            return sorted(names)

    broker = Broker()
    broker.up()
    purge_queues(app)
    yield broker
    broker.up()


@pytest.fixture
def triaged(patient, coordinator, specialist):
    """A case in triage with a chair and a specialist: one move from ready_for_mdt."""
    case = case_with_records(patient)
    case_transition(case=case, to=State.SUBMITTED, by=patient)
    case_transition(case=case, to=State.IN_TRIAGE, by=coordinator)
    chair = UserFactory(role="specialist", discipline="medical_oncology")
    CaseAssignment.objects.create(case=case, specialist=chair, discipline=chair.discipline, is_chair=True)
    CaseAssignment.objects.create(case=case, specialist=specialist, discipline="radiology")
    return case


def make_ready(case, coordinator):
    case_transition(case=case, to=State.READY_FOR_MDT, by=coordinator, reason="Go ahead: packet test")


@pytest.mark.django_db
def test_ready_for_mdt_queues_a_packet_and_sends_it_after_commit(
    triaged, coordinator, broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_ready(triaged, coordinator)
        packet = triaged.packets.get()
        assert broker.take() == []  # nothing is sent before the commit
    assert packet.status == Packet.Status.QUEUED and packet.requested_by == coordinator
    for callback in callbacks:
        callback()
    assert "reports.tasks.compile_packet" in broker.take()


@pytest.mark.django_db
def test_broker_down_the_case_still_becomes_ready_and_the_sweeper_sends_the_packet_later(
    triaged, coordinator, broker, django_capture_on_commit_callbacks
):
    broker.down()
    with django_capture_on_commit_callbacks(execute=True):
        make_ready(triaged, coordinator)
    triaged.refresh_from_db()
    assert triaged.state == State.READY_FOR_MDT
    packet = triaged.packets.get()
    assert packet.status == Packet.Status.QUEUED
    assert packets_sweep(waiting_after=0)["enqueue_failed"] == 1  # still down: nothing lost, nothing sent
    broker.up()
    assert packets_sweep(waiting_after=0)["enqueued"] == 1
    # The packet, and the patient's copy whose message was lost the same way at submission.
    assert broker.take() == ["reports.tasks.compile_packet", "reports.tasks.store_patient_copy"]
    assert packets_sweep()["enqueued"] == 0  # reminded a moment ago: no duplicate every sweep


@pytest.mark.django_db
def test_sweeper_redoes_a_packet_whose_worker_stopped_beating(triaged, coordinator, broker):
    packet = packet_request(case=triaged, by=coordinator, enqueue=False)
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Packet.objects.filter(pk=packet.pk).update(
        status=Packet.Status.RUNNING, stage="merging", percent=50, attempts=1, heartbeat_at=an_hour_ago
    )
    result = packets_sweep()
    assert result["stale"] == 1 and result["enqueued"] == 1
    packet.refresh_from_db()
    assert packet.status == Packet.Status.QUEUED and render_stored(packet.error) == ERR_STALE
    packet_compile(packet_id=packet.pk)
    packet.refresh_from_db()
    assert packet.status == Packet.Status.DONE and packet.attempts == 2


@pytest.mark.django_db
def test_a_packet_running_with_a_live_worker_is_left_alone(triaged, coordinator, broker):
    packet = packet_request(case=triaged, by=coordinator, enqueue=False)
    Packet.objects.filter(pk=packet.pk).update(status=Packet.Status.RUNNING, attempts=1, heartbeat_at=timezone.now())
    assert packets_sweep()["stale"] == 0
    assert packet_compile(packet_id=packet.pk) is None  # a duplicate message does nothing
    assert Packet.objects.get(pk=packet.pk).status == Packet.Status.RUNNING


@pytest.mark.django_db
def test_a_storage_error_puts_the_packet_back_in_the_queue_for_celery_to_retry(triaged, coordinator):
    packet = packet_request(case=triaged, by=coordinator, enqueue=False)
    # A file where the packet's folder should be: the storage cannot write there.
    blocker = Path(settings.PRIVATE_STORAGE_ROOT) / "packets" / str(triaged.pk) / str(packet.pk)
    shutil.rmtree(blocker, ignore_errors=True)  # SQLite reuses the ids of rows an earlier test rolled back
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_bytes(b"")
    try:
        with pytest.raises(OSError):
            packet_compile(packet_id=packet.pk)
        packet.refresh_from_db()
        assert packet.status == Packet.Status.QUEUED and "temporary problem" in render_stored(packet.error)
    finally:
        blocker.unlink()
    packet_compile(packet_id=packet.pk)
    packet.refresh_from_db()
    assert packet.status == Packet.Status.DONE and packet.attempts == 2


@pytest.mark.django_db
def test_after_too_many_attempts_the_packet_fails_with_the_last_error(triaged, coordinator):
    packet = packet_request(case=triaged, by=coordinator, enqueue=False)
    Packet.objects.filter(pk=packet.pk).update(
        attempts=settings.PACKET_MAX_ATTEMPTS, error={"text": "OSError: disk full"}
    )
    assert packet_compile(packet_id=packet.pk) is None
    packet.refresh_from_db()
    assert packet.status == Packet.Status.FAILED
    assert (
        render_stored(packet.error)
        == f"Gave up after {settings.PACKET_MAX_ATTEMPTS} attempts. Last error: OSError: disk full"
    )


@pytest.mark.django_db
def test_submitting_sends_the_patient_copy_after_commit(patient, broker, django_capture_on_commit_callbacks):
    case = case_with_records(patient)
    with django_capture_on_commit_callbacks(execute=True):
        case_transition(case=case, to=State.SUBMITTED, by=patient)
    assert "reports.tasks.store_patient_copy" in broker.take()
