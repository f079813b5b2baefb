"""Notification emails, delivered to a real SMTP server (aiosmtpd) running in this process."""

import datetime
import email
import logging
import os
import socket
import time
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from cases.models import Case, Notification, State
from cases.notifications import (
    CASE_RECEIVED,
    CASE_SUBMITTED,
    INFORMATION_REQUESTED,
    KINDS,
    MAX_ATTEMPTS,
    MEETING_SCHEDULED,
    SPECIALIST_ASSIGNED,
    TRANSLATIONS_OUTDATED,
    coordinators_for,
    notification_send,
    notify,
)
from cases.services import case_submit
from config.celery import app
from tests.factories import UserFactory, complete_case
from tests.worker import celery_worker, wait_for

SITE = "https://mdt.example.org"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """An aiosmtpd handler keeping every message it receives, parsed."""

    def __init__(self):
        self.messages = []
        self.refused = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for m in self.messages if m["To"] == address]

    def text(self, message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()


class SmtpServer:
    def __init__(self, port):
        self.port = port
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def refuse(self, address):
        self.inbox.refused.add(address)

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_port(settings):
    """Email goes over SMTP to 127.0.0.1:<port>; nothing listens there until a test starts a server."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    settings.SITE_URL = SITE
    return port


@pytest.fixture
def smtp(smtp_port):
    server = SmtpServer(smtp_port)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def broker_down():
    """Point the Celery app at a port where no broker listens, as when Redis is down."""

    def use(url, env):
        # Celery reads CELERY_BROKER_URL from the environment before its own setting.
        if env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = env
        app.conf.broker_url = url
        # Forget the pooled connection and producers (kombu keeps them per URL) so the next publish uses `url`.
        app._pool = None
        app.amqp._producer_pool = None

    original, original_env = app.conf.broker_url, os.environ.get("CELERY_BROKER_URL")
    closed = f"redis://127.0.0.1:{free_port()}/0"
    use(closed, closed)
    yield
    use(original, original_env)


def queued_notification_ids() -> list[int]:
    """Take the send_notification messages waiting in the broker (filesystem locally, Redis in CI)."""
    ids = []
    with app.connection_for_read() as connection:
        queue = connection.SimpleQueue("emails")
        while True:
            try:
                message = queue.get(block=False)
            except queue.Empty:
                break
            if message.headers.get("task") == "cases.tasks.send_notification":
                ids.append(message.payload[0][0])
            message.ack()
        queue.close()
    return ids


def send_all(rows):
    for row in rows:
        assert notification_send(notification_id=row.pk)


def zh(text: str) -> str:
    with translation.override("zh-hans"):
        return gettext(text)


@pytest.fixture
def coordinators(db):
    return [
        UserFactory(email="coord-a@example.org", role="coordinator", first_name="Anna"),
        UserFactory(email="coord-b@example.org", role="coordinator", language="zh-hans"),
    ]


def test_submitting_a_case_emails_every_coordinator_and_confirms_to_the_patient(smtp, patient, coordinators):
    UserFactory(email="gone@example.org", role="coordinator", is_active=False)
    case = complete_case(patient)

    case_submit(case=case, by=patient)
    send_all(Notification.objects.filter(case=case))

    link = f"{SITE}/cases/{case.reference}/"
    expected = {
        "coord-a@example.org": f"New case {case.reference} is waiting for triage",
        "coord-b@example.org": f"新病例 {case.reference}",  # coord-b reads Chinese
    }
    for coordinator in coordinators:
        [message] = smtp.inbox.to(coordinator.email)
        assert message["Subject"].strip().startswith(expected[coordinator.email])
        assert link in smtp.inbox.text(message)
    [confirmation] = smtp.inbox.to(patient.email)
    assert confirmation["Subject"] == f"We have received your case {case.reference}"
    assert "Hello Li," in smtp.inbox.text(confirmation)
    assert link in smtp.inbox.text(confirmation)
    assert not smtp.inbox.to("gone@example.org")
    assert len(smtp.inbox.messages) == 3
    assert set(Notification.objects.values_list("status", flat=True)) == {Notification.Status.SENT}


def test_emails_carry_no_health_data(smtp, patient, coordinators):
    case = complete_case(patient)
    case_submit(case=case, by=patient)
    send_all(Notification.objects.filter(case=case))

    for message in smtp.inbox.messages:
        text = message["Subject"] + smtp.inbox.text(message)
        for private in ("Li Wei", "Wei", "Adenocarcinoma", "EGFR", "Osimertinib", "lung", "1961"):
            assert private not in text


def test_a_case_with_a_coordinator_emails_only_that_coordinator(smtp, patient, coordinators):
    case = complete_case(patient, coordinator=coordinators[0])
    assert coordinators_for(case) == [coordinators[0]]

    rows = notify(CASE_SUBMITTED, case=case, recipients=coordinators_for(case))
    send_all(rows)

    assert [m["To"] for m in smtp.inbox.messages] == ["coord-a@example.org"]


def test_each_specialist_reads_the_assignment_in_their_own_language(smtp, patient):
    english = UserFactory(email="onc@example.org", role="specialist", first_name="Maria", language="en")
    chinese = UserFactory(email="rad@example.org", role="specialist", first_name="Jun", language="zh-hans")
    case = complete_case(patient, state=State.READY_FOR_MDT)
    meeting = datetime.datetime(2026, 5, 14, 9, 30, tzinfo=datetime.UTC)

    context = {"discipline": "medical_oncology", "is_chair": True, "meeting_at": meeting}
    send_all(notify(SPECIALIST_ASSIGNED, case=case, recipients=[english, chinese], context=context))

    [to_english] = smtp.inbox.to(english.email)
    assert to_english["Subject"] == f"Case {case.reference} has been assigned to you for MDT review"
    text = smtp.inbox.text(to_english)
    assert "Hello Maria," in text
    assert f"review case {case.reference} for the MDT (Medical oncology)." in text
    assert "You are the chair for this case" in text
    assert "14 May 2026, 09:30 UTC" in text
    assert f"{SITE}/cases/{case.reference}/" in text

    [to_chinese] = smtp.inbox.to(chinese.email)
    text = smtp.inbox.text(to_chinese)
    assert zh("Medical oncology") != "Medical oncology"
    assert zh("Medical oncology") in text and "Medical oncology" not in text
    assert "2026年5月14日" in text
    expected = zh("Case %(reference)s has been assigned to you for MDT review") % {"reference": case.reference}
    assert to_chinese["Subject"] == expected
    assert f"{SITE}/cases/{case.reference}/" in text


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_of_email_names_the_case_and_links_to_it(smtp, patient, kind):
    case = complete_case(patient)
    queue_url = f"{SITE}/translations/"

    send_all(notify(kind, case=case, recipients=[patient], context={"message_id": 1, "queue_url": queue_url}))

    [message] = smtp.inbox.messages
    text = smtp.inbox.text(message)
    assert case.reference in message["Subject"] and case.reference in text
    # Translators never see the case page: their email links to their queue, where the texts are.
    assert (queue_url if kind == TRANSLATIONS_OUTDATED else f"{SITE}/cases/{case.reference}/") in text
    assert "{" not in text and "%(" not in text


def test_specialists_hear_when_the_meeting_is(smtp, patient, specialist):
    case = complete_case(patient)
    when = datetime.datetime(2026, 6, 2, 14, 0, tzinfo=datetime.UTC)

    send_all(notify(MEETING_SCHEDULED, case=case, recipients=[specialist], context={"meeting_at": when.isoformat()}))

    assert "scheduled for 2 Jun 2026, 14:00 UTC." in smtp.inbox.text(smtp.inbox.messages[0])


def test_the_meeting_time_is_in_the_recipients_chosen_time_zone_and_says_which(smtp, patient, specialist):
    specialist.time_zone, specialist.language = "Asia/Shanghai", "zh-hans"
    specialist.save()
    when = datetime.datetime(2026, 6, 2, 14, 0, tzinfo=datetime.UTC)
    send_all(
        notify(
            MEETING_SCHEDULED,
            case=complete_case(patient),
            recipients=[specialist],
            context={"meeting_at": when.isoformat()},
        )
    )
    assert "2026年6月2日 22:00 CST" in smtp.inbox.text(smtp.inbox.messages[0])


def test_a_language_code_in_another_spelling_still_reaches_chinese(smtp, patient):
    specialist = UserFactory(role="specialist", language="zh-Hans")
    case = complete_case(patient)

    send_all(notify(SPECIALIST_ASSIGNED, case=case, recipients=[specialist], context={"discipline": "radiology"}))

    assert zh("Radiology") in smtp.inbox.text(smtp.inbox.messages[0])


def test_a_send_while_the_mail_server_is_down_stays_pending_and_goes_out_later(smtp_port, patient):
    case = complete_case(patient)
    [row] = notify(INFORMATION_REQUESTED, case=case, recipients=[patient])
    before = datetime.datetime.now(datetime.UTC)

    assert not notification_send(notification_id=row.pk)

    row.refresh_from_db()
    assert row.status == Notification.Status.PENDING
    assert row.attempts == 1
    assert "Connection refused" in row.last_error or "ConnectionRefused" in row.last_error
    # The next try's time is in the row (not a broker countdown): about EMAIL_RETRY_BASE_SECONDS from now.
    wait = (row.next_attempt_at - before).total_seconds()
    assert 60 <= wait <= 60 * 1.1 + 5

    server = SmtpServer(smtp_port)
    server.start()
    try:
        assert notification_send(notification_id=row.pk)
    finally:
        server.stop()

    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (Notification.Status.SENT, 2, "")
    assert row.sent_at is not None
    [message] = server.inbox.messages
    assert message["Subject"] == f"Case {case.reference}: we need more information"


def test_the_last_failed_attempt_marks_the_notification_failed(smtp_port, patient):
    case = complete_case(patient)
    [row] = notify(INFORMATION_REQUESTED, case=case, recipients=[patient])
    Notification.objects.filter(pk=row.pk).update(attempts=MAX_ATTEMPTS - 1)

    assert not notification_send(notification_id=row.pk)

    row.refresh_from_db()
    assert (row.status, row.attempts) == (Notification.Status.FAILED, MAX_ATTEMPTS)
    assert row.last_error


def test_a_sent_notification_is_never_sent_twice(smtp, patient):
    case = complete_case(patient)
    [row] = notify(CASE_RECEIVED, case=case, recipients=[patient, patient])

    assert notification_send(notification_id=row.pk)
    assert not notification_send(notification_id=row.pk)
    queued_notification_ids()  # drop the on-commit enqueue
    call_command("send_pending_notifications", "--older-than-minutes", "0")

    assert queued_notification_ids() == []  # the sweeper does not send a sent row again
    assert len(smtp.inbox.messages) == 1
    row.refresh_from_db()
    assert row.attempts == 1


def test_an_account_closed_before_the_send_gets_no_email(smtp, patient):
    case = complete_case(patient)
    [row] = notify(CASE_RECEIVED, case=case, recipients=[patient])
    patient.is_active = False
    patient.save()

    assert not notification_send(notification_id=row.pk)

    row.refresh_from_db()
    assert row.status == Notification.Status.FAILED
    assert not smtp.inbox.messages


def test_an_unknown_kind_is_a_programming_error(patient):
    case = complete_case(patient)
    with pytest.raises(ValueError):
        notify("case_exploded", case=case, recipients=[patient])


@pytest.mark.django_db(transaction=True)
def test_submission_commits_when_the_broker_is_down(broker_down, caplog):
    patient = UserFactory()
    coordinator = UserFactory(role="coordinator")
    case = complete_case(patient)

    with caplog.at_level(logging.ERROR, logger="cases.notifications"):
        case_submit(case=case, by=patient)

    assert Case.objects.get(pk=case.pk).state == State.SUBMITTED
    rows = Notification.objects.filter(case=case)
    assert {r.recipient_id for r in rows} == {patient.pk, coordinator.pk}
    assert all(r.status == Notification.Status.PENDING and r.attempts == 0 for r in rows)
    assert "send_pending_notifications will retry" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_the_sweeper_enqueues_pending_notifications_old_enough(capsys):
    patient = UserFactory()
    case = complete_case(patient)
    app.control.purge()
    with transaction.atomic():
        [old] = notify(CASE_RECEIVED, case=case, recipients=[patient])
        [recent] = notify(INFORMATION_REQUESTED, case=case, recipients=[patient])
        [sent] = notify(INFORMATION_REQUESTED, case=case, recipients=[UserFactory()])
    queued_notification_ids()  # the on-commit enqueue of all three; the sweeper must do the rest
    an_hour_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)
    Notification.objects.filter(pk__in=[old.pk, sent.pk]).update(created_at=an_hour_ago)
    Notification.objects.filter(pk=sent.pk).update(status=Notification.Status.SENT)

    call_command("send_pending_notifications", "--older-than-minutes", "30")

    assert queued_notification_ids() == [old.pk]
    assert "Enqueued 1 pending notification(s)." in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_the_sweeper_waits_for_a_retrys_time_and_rescues_dead_sends_promptly():
    patient = UserFactory()
    case = complete_case(patient)
    with transaction.atomic():
        waiting, due, lost_send, live_send = notify(
            CASE_RECEIVED, case=case, recipients=[patient, UserFactory(), UserFactory(), UserFactory()]
        )
    queued_notification_ids()
    now = datetime.datetime.now(datetime.UTC)
    Notification.objects.update(created_at=now - datetime.timedelta(days=1))
    # Failed; its next try is in ten minutes: sweeping it now would spend an attempt early.
    Notification.objects.filter(pk=waiting.pk).update(attempts=3, next_attempt_at=now + datetime.timedelta(minutes=10))
    # Failed; its time has come (whatever happened to the broker meanwhile, the row remembers).
    Notification.objects.filter(pk=due.pk).update(attempts=3, next_attempt_at=now - datetime.timedelta(seconds=1))
    # Claimed two minutes ago and never finished: longer than the send's hard time limit, the worker died.
    Notification.objects.filter(pk=lost_send.pk).update(
        status=Notification.Status.SENDING, attempts=1, claimed_at=now - datetime.timedelta(minutes=2)
    )
    # Claimed ten seconds ago: still being sent.
    Notification.objects.filter(pk=live_send.pk).update(
        status=Notification.Status.SENDING, attempts=1, claimed_at=now - datetime.timedelta(seconds=10)
    )

    call_command("send_pending_notifications")

    assert sorted(queued_notification_ids()) == sorted([due.pk, lost_send.pk])
    assert Notification.objects.get(pk=lost_send.pk).status == Notification.Status.PENDING
    assert Notification.objects.get(pk=live_send.pk).status == Notification.Status.SENDING
    assert Notification.objects.get(pk=waiting.pk).attempts == 3
    # Enqueued rows are not enqueued again by the next sweep while their message is on its way.
    call_command("send_pending_notifications")
    assert queued_notification_ids() == []


def test_every_send_of_one_row_carries_the_same_message_id(smtp, patient):
    case = complete_case(patient)
    [row, other] = notify(CASE_RECEIVED, case=case, recipients=[patient, UserFactory()])
    assert notification_send(notification_id=row.pk)
    # As if the worker had died after the server accepted it: the sweeper puts it back and it goes again.
    Notification.objects.filter(pk=row.pk).update(status=Notification.Status.PENDING)
    assert notification_send(notification_id=row.pk)
    assert notification_send(notification_id=other.pk)

    first, again, third = smtp.inbox.messages
    assert first["Message-ID"] == again["Message-ID"]
    assert first["Message-ID"].endswith("@mdt.example.org>")
    assert third["Message-ID"] != first["Message-ID"]


def test_a_refused_address_fails_at_once_instead_of_retrying(smtp, patient):
    case = complete_case(patient)
    nobody = UserFactory(email="nobody@refused.example")
    [row] = notify(CASE_RECEIVED, case=case, recipients=[nobody])
    smtp.refuse("nobody@refused.example")

    assert not notification_send(notification_id=row.pk)  # no exception: Celery does not retry

    row.refresh_from_db()
    assert (row.status, row.attempts) == (Notification.Status.FAILED, 1)
    assert "SMTPRecipientsRefused" in row.last_error


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_emails_a_submission_only_after_it_commits(smtp, monkeypatch, tmp_path):
    for name, value in {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "SITE_URL": SITE,
    }.items():
        monkeypatch.setenv(name, value)
    patient = UserFactory(email="li@example.org", first_name="Li")
    coordinator = UserFactory(email="coord@example.org", role="coordinator")
    case = complete_case(patient)

    log_path = tmp_path / "worker.log"
    with celery_worker(log_path):
        assert wait_for(lambda: " ready." in log_path.read_text(), timeout=60), log_path.read_text()[-3000:]
        with transaction.atomic():
            case_submit(case=case, by=patient)
            time.sleep(2)  # the worker is up and idle: nothing may go out before the commit
            assert not smtp.inbox.messages
        arrived = wait_for(lambda: len(smtp.inbox.messages) == 2, timeout=90)
    assert arrived, log_path.read_text()[-3000:]

    assert smtp.inbox.to(coordinator.email)[0]["Subject"] == f"New case {case.reference} is waiting for triage"
    assert f"{SITE}/cases/{case.reference}/" in smtp.inbox.text(smtp.inbox.to(patient.email)[0])
    assert set(Notification.objects.values_list("status", flat=True)) == {Notification.Status.SENT}
