"""Faults with real processes: workers killed with SIGKILL, a Redis of the test's own killed, frozen and
restarted, a mail server that takes a message while its sender dies. Each test says what a person would
notice: a packet that never comes, a record "Reading…" forever, a page that hangs, an email twice."""

import email
import os
import signal
import time
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cases.lifecycle import case_transition
from cases.models import CaseAssignment, Notification, State
from cases.notifications import CASE_RECEIVED, notify
from reports.models import Packet
from tests.factories import CaseFactory, UserFactory, complete_case
from tests.helpers.files import pdf_bytes
from tests.reports.packet_helpers import case_with_records
from tests.reports.test_packet_worker import assert_complete
from tests.worker import OwnRedis, celery_worker, free_port, use_broker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def triaged_case(patient, coordinator):
    """A case in triage with a team: one step from "send to the MDT"."""
    case = case_with_records(patient)
    case_transition(case=case, to=State.SUBMITTED, by=patient)
    case_transition(case=case, to=State.IN_TRIAGE, by=coordinator)
    for discipline, chair in (("medical_oncology", True), ("radiology", False)):
        specialist = UserFactory(role="specialist", discipline=discipline)
        CaseAssignment.objects.create(case=case, specialist=specialist, discipline=discipline, is_chair=chair)
    case.refresh_from_db()
    return case


def send_to_mdt(client: Client, case) -> float:
    """The coordinator's "send to the MDT" through the real view; seconds it took."""
    started = time.monotonic()
    response = client.post(
        reverse("cases:ready_for_mdt", args=[case.reference]),
        {"version": case.version, "go_ahead_reason": "Go ahead: fault test"},
    )
    assert response.status_code in (200, 302), response.content[:500]
    return time.monotonic() - started


def packet_of(case) -> Packet:
    return case.packets.get()


def work_folders() -> list[Path]:
    root = Path(settings.WORK_DIR)
    return sorted(p for p in root.glob("*/*") if p.is_dir()) if root.is_dir() else []


def tmp_leftovers() -> set[str]:
    return {p.name for p in Path("/tmp").glob("mdt-packet-*")}


@pytest.fixture
def own_redis(tmp_path):
    redis = OwnRedis(tmp_path)
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture
def coordinator_client(coordinator):
    client = Client()
    client.force_login(coordinator)
    return client


@pytest.mark.parametrize("recovery", ["worker watchdog, no beat", "beat, no watchdog"])
def test_a_worker_killed_mid_compile_resumes_within_a_minute_and_leaves_no_records_behind(
    tmp_path, patient, coordinator, coordinator_client, monkeypatch, recovery
):
    before_tmp = tmp_leftovers()
    case = triaged_case(patient, coordinator)
    monkeypatch.setenv("MDT_PACKET_STAGE_DELAY", "3")  # time to kill the worker inside the compile
    with celery_worker(tmp_path / "first.log") as first:
        send_to_mdt(coordinator_client, case)
        started = wait_for(lambda: packet_of(case).stage in ("summary", "merging"), timeout=120)
        assert started, (tmp_path / "first.log").read_text()[-3000:]
        # The killed worker's copies of the records are under the data folder, not the system's /tmp.
        [folder] = work_folders()
        assert any(folder.iterdir())
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
        killed_at = time.monotonic()
    assert packet_of(case).status == Packet.Status.RUNNING and not packet_of(case).packet

    monkeypatch.setenv("MDT_PACKET_STAGE_DELAY", "0")
    options = {"beat": True, "MDT_WORKER_WATCHDOG_SECONDS": "0"} if recovery.startswith("beat") else {}
    with celery_worker(tmp_path / "second.log", **options):
        # At start the new worker removes the dead worker's folder (same host, its pid is gone).
        log = tmp_path / "second.log"
        assert wait_for(lambda: folder.exists() is False, timeout=120), log.read_text()[-3000:]
        resumed = wait_for(lambda: packet_of(case).attempts == 2, timeout=150)
        took = time.monotonic() - killed_at
        done = wait_for(lambda: packet_of(case).status in ("done", "failed"), timeout=240)
    assert resumed and done, log.read_text()[-3000:]
    packet = packet_of(case)
    assert_complete(packet)
    assert packet.attempts == 2 and case.packets.count() == 1
    # Taken up again PACKET_STALE_SECONDS (45) + a sweep period (watchdog 15 s, beat 30 s) after the kill,
    # plus the new worker's start-up (slower on a loaded machine).
    assert took < 100, f"resumed {took:.0f} s after the kill"
    assert work_folders() == []  # removed on success too
    assert tmp_leftovers() == before_tmp


class Inbox:
    """An SMTP server's handler that keeps each message; on the first, it kills the sending worker before
    answering 250: the server has the message, the worker never learns it was accepted."""

    def __init__(self):
        self.messages: list = []
        self.kill_pid: int | None = None

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        if self.kill_pid:
            os.kill(self.kill_pid, signal.SIGKILL)
            self.kill_pid = None
        return "250 Message accepted for delivery"


@pytest.fixture
def mail_env(monkeypatch):
    port = free_port()
    for name, value in {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_TIMEOUT": "5",
        "SITE_URL": "https://mdt.example.org",
    }.items():
        monkeypatch.setenv(name, value)
    return port


def test_a_worker_killed_after_the_mail_server_took_an_email_sends_it_again_with_the_same_message_id(
    tmp_path, mail_env, patient, own_redis
):
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=mail_env)
    server.start()
    try:
        case = complete_case(patient)
        # A dead send is taken back EMAIL_SEND_STALE_SECONDS after its claim (90 s by default, longer than the
        # send's hard time limit); 8 here so the test is quick.
        stale = {"MDT_EMAIL_SEND_STALE_SECONDS": "8", "MDT_WORKER_WATCHDOG_SECONDS": "2"}
        with celery_worker(tmp_path / "first.log", broker_url=own_redis.url, **stale) as first:
            inbox.kill_pid = first.pid
            with use_broker(own_redis.url):
                [row] = notify(CASE_RECEIVED, case=case, recipients=[patient])
            assert wait_for(lambda: first.poll() is not None, timeout=60), (tmp_path / "first.log").read_text()
        row.refresh_from_db()
        assert row.status == Notification.Status.SENDING and len(inbox.messages) == 1
        with celery_worker(tmp_path / "second.log", broker_url=own_redis.url, **stale):
            sent = wait_for(lambda: Notification.objects.get(pk=row.pk).status == "sent", timeout=60)
    finally:
        server.stop()
    assert sent, (tmp_path / "second.log").read_text()[-3000:]
    first_copy, second_copy = inbox.messages
    assert first_copy["Message-ID"] == second_copy["Message-ID"]  # the reader's mail shows it once
    assert Notification.objects.get(pk=row.pk).attempts == 2


def test_an_email_waiting_to_retry_survives_a_broker_restart_that_lost_everything(
    tmp_path, mail_env, patient, own_redis
):
    case = complete_case(patient)
    fast = {"MDT_EMAIL_RETRY_BASE_SECONDS": "6", "MDT_WORKER_WATCHDOG_SECONDS": "2"}
    with celery_worker(tmp_path / "worker.log", broker_url=own_redis.url, **fast):
        with use_broker(own_redis.url):
            [row] = notify(CASE_RECEIVED, case=case, recipients=[patient])  # no mail server yet: it fails
        assert wait_for(lambda: Notification.objects.get(pk=row.pk).attempts == 1, timeout=60)
        # Redis dies and comes back empty (its append-only file gone too): nothing of the retry was in it.
        own_redis.kill()
        for leftover in Path(own_redis.folder).glob("appendonly*"):
            if leftover.is_dir():
                for part in leftover.iterdir():
                    part.unlink()
            else:
                leftover.unlink()
        own_redis.start()
        inbox = Inbox()
        server = Controller(inbox, hostname="127.0.0.1", port=mail_env)
        server.start()
        try:
            sent = wait_for(lambda: Notification.objects.get(pk=row.pk).status == "sent", timeout=90)
        finally:
            server.stop()
    assert sent, (tmp_path / "worker.log").read_text()[-3000:]
    assert len(inbox.messages) == 1
    assert Notification.objects.get(pk=row.pk).attempts == 2


def test_a_record_uploaded_while_the_broker_is_down_gets_its_page_count_later(tmp_path, patient, own_redis):
    case = CaseFactory(owner=patient)
    client = Client()
    client.force_login(patient)
    own_redis.kill()  # down at upload
    with use_broker(own_redis.url):
        started = time.monotonic()
        response = client.post(
            reverse("intake:upload", args=[case.reference]),
            {"kind": "pathology_report", "files": [SimpleUploadedFile("biopsy.pdf", pdf_bytes(4))]},
        )
        took = time.monotonic() - started
    assert response.status_code in (200, 302)
    assert took < 8, f"the upload waited {took:.1f} s on a broker that is down"
    document = case.documents.get()
    assert document.metadata_status == "pending"  # "Reading…"

    own_redis.start()
    fast = {"MDT_METADATA_RETRY_SECONDS": "3", "MDT_WORKER_WATCHDOG_SECONDS": "2"}
    with celery_worker(tmp_path / "worker.log", broker_url=own_redis.url, **fast):
        done = wait_for(lambda: case.documents.get().metadata_status == "done", timeout=60)
    assert done, (tmp_path / "worker.log").read_text()[-3000:]
    assert case.documents.get().metadata["pages"] == 4


def test_send_to_the_mdt_answers_within_seconds_with_redis_frozen_and_the_packet_follows(
    tmp_path, patient, coordinator, coordinator_client, own_redis
):
    case = triaged_case(patient, coordinator)
    own_redis.freeze()  # accepts connections, answers nothing
    try:
        with use_broker(own_redis.url):
            took = send_to_mdt(coordinator_client, case)
    finally:
        own_redis.thaw()
    assert took < 8, f"send to the MDT took {took:.1f} s with Redis frozen"
    case.refresh_from_db()
    assert case.state == State.READY_FOR_MDT  # the move itself committed
    assert packet_of(case).status == Packet.Status.QUEUED

    fast = {"MDT_PACKET_WAITING_SECONDS": "3", "MDT_WORKER_WATCHDOG_SECONDS": "2"}
    with celery_worker(tmp_path / "worker.log", broker_url=own_redis.url, **fast):
        done = wait_for(lambda: packet_of(case).status in ("done", "failed"), timeout=150)
    assert done, (tmp_path / "worker.log").read_text()[-3000:]
    assert_complete(packet_of(case))


def test_redis_killed_and_restarted_mid_compile_loses_no_packet(
    tmp_path, patient, coordinator, coordinator_client, own_redis, monkeypatch
):
    case = triaged_case(patient, coordinator)
    monkeypatch.setenv("MDT_PACKET_STAGE_DELAY", "2")
    with celery_worker(tmp_path / "worker.log", broker_url=own_redis.url) as worker:
        with use_broker(own_redis.url):
            send_to_mdt(coordinator_client, case)
        assert wait_for(lambda: packet_of(case).stage in ("summary", "merging"), timeout=120)
        own_redis.kill()
        time.sleep(2)
        own_redis.start()  # from its append-only file
        done = wait_for(lambda: packet_of(case).status in ("done", "failed"), timeout=150)
        assert worker.poll() is None  # the worker rode out the restart
    assert done, (tmp_path / "worker.log").read_text()[-3000:]
    assert_complete(packet_of(case))
    assert case.packets.count() == 1


def test_a_submission_that_emails_many_coordinators_waits_on_a_frozen_redis_once(tmp_path, patient, own_redis):
    from cases.services import case_submit

    for n in range(5):
        UserFactory(role="coordinator", email=f"coord-{n}@example.org")
    case = complete_case(patient)
    own_redis.freeze()
    try:
        with use_broker(own_redis.url):
            started = time.monotonic()
            case_submit(case=case, by=patient)  # six emails enqueued after commit
            took = time.monotonic() - started
    finally:
        own_redis.thaw()
    assert took < 8, f"the submission took {took:.1f} s with Redis frozen"
    assert Notification.objects.filter(case=case, status="pending").count() == 6
