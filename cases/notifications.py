"""Emails about a case: an outbox row per recipient, sent by a Celery task after the action commits.

`notify()` is called inside the action's transaction. It writes one
`Notification` row per recipient and, once the transaction commits, enqueues
`cases.tasks.send_notification` for each. Nothing here can make the action
fail: rendering and sending happen in the worker, a broker that is down is
logged and left to the sweeper (`manage.py send_pending_notifications`), and
a failed send is retried by Celery with back-off.

Emails carry no health data: the case reference, one sentence and a link.
"""

import json
import logging
import smtplib
from collections.abc import Iterable
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cases import jobs
from cases.emails import RenderedEmail, render_email
from cases.models.case import Case, Notification, State
from cases.models.users import Discipline, Role, User

log = logging.getLogger(__name__)

# Kinds: each has `cases/email/<kind>_subject.txt` and `<kind>_body.txt`.
CASE_SUBMITTED = "case_submitted"  # to the case's coordinator, else every coordinator
CASE_RECEIVED = "case_received"  # the owner's confirmation of their submission
INFORMATION_REQUESTED = "information_requested"  # to the owner
INFORMATION_ANSWERED = "information_answered"  # to the case's coordinator, else every coordinator
SPECIALIST_ASSIGNED = "specialist_assigned"  # to the specialist; context: discipline, is_chair, meeting_at
REPORT_RELEASED = "report_released"  # to the owner
MESSAGE_POSTED = "message_posted"  # a new message in the case thread, to the other side
MEETING_SCHEDULED = "meeting_scheduled"  # to the assigned specialists; context: meeting_at
OPINIONS_COMPLETE = "opinions_complete"  # every team member has submitted an opinion; to coordinators and the chair
CONSENSUS_AGREED = "consensus_agreed"  # the chair agreed the consensus; to coordinators
KINDS = frozenset(
    {
        CASE_SUBMITTED,
        CASE_RECEIVED,
        INFORMATION_REQUESTED,
        INFORMATION_ANSWERED,
        SPECIALIST_ASSIGNED,
        REPORT_RELEASED,
        MESSAGE_POSTED,
        MEETING_SCHEDULED,
        OPINIONS_COMPLETE,
        CONSENSUS_AGREED,
    }
)
# To an address, since the invitee may have no account yet (notify_address); they link to accept_url, not the case.
CAREGIVER_INVITED = "caregiver_invited"  # the patient asks someone to act on their case
CASE_HANDOVER_OFFERED = "case_handover_offered"  # the caregiver who registered the case offers it to the patient
ADDRESS_KINDS = frozenset({CAREGIVER_INVITED, CASE_HANDOVER_OFFERED})

# Context keys that hold a secret (an invitation link): kept only until the row is sent or fails.
SECRET_KEYS = ("accept_url",)

# A send is tried this many times in all (first try plus Celery's retries) before the row is "failed".
MAX_ATTEMPTS = 9
ERR_RECIPIENT_INACTIVE = "The recipient's account is no longer active."
# Worth another try later: the mail server or the network is down or refusing for now.
TRANSIENT_ERRORS = (smtplib.SMTPException, ConnectionError, OSError)
# The server refused the address or the sender outright: another try gets the same answer.
PERMANENT_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused)
# Longer than the task's longest back-off (cases.tasks: retry_backoff_max 3600 s, jittered).
LOST_RETRY_AFTER = timedelta(hours=2)
LOST_SEND_AFTER = timedelta(minutes=30)


def coordinators_for(case: Case) -> list[User]:
    """Who hears about a case: its coordinator once one has taken it, else every active coordinator."""
    if case.coordinator is not None and case.coordinator.is_active:  # no query while coordinator_id is None
        return [case.coordinator]
    return list(User.objects.filter(role=Role.COORDINATOR, is_active=True).order_by("pk"))


def notify(
    kind: str, *, case: Case, recipients: Iterable[User | None], context: dict | None = None
) -> list[Notification]:
    """Queue the `kind` email about `case` for each distinct active recipient; sent after commit.

    `context` must be JSON-serialisable once dates, datetimes and lazy
    strings are turned into text (done here). Returns the rows written,
    or [] if they could not be written: email never fails the action.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}")
    payload = json.loads(json.dumps(context or {}, cls=DjangoJSONEncoder))
    users = list({user.pk: user for user in recipients if user and user.is_active and user.email}.values())
    try:
        with transaction.atomic():  # a savepoint: a failed insert must not break the caller's transaction
            rows = [Notification.objects.create(recipient=u, case=case, kind=kind, context=payload) for u in users]
    except DatabaseError:
        log.exception("Could not record %s notifications for case %s", kind, case.reference)
        return []
    for row in rows:
        transaction.on_commit(partial(enqueue, row.pk))
    return rows


def notify_address(kind: str, *, case: Case, email: str, language: str, context: dict) -> Notification | None:
    """Queue the `kind` email to an address rather than an account, in `language`; sent after commit."""
    if kind not in ADDRESS_KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}")
    payload = json.loads(json.dumps(context, cls=DjangoJSONEncoder))
    try:
        with transaction.atomic():
            row = Notification.objects.create(case=case, kind=kind, to_email=email, language=language, context=payload)
    except DatabaseError:
        log.exception("Could not record a %s notification for case %s", kind, case.reference)
        return None
    transaction.on_commit(partial(enqueue, row.pk))
    return row


def enqueue(notification_id: int) -> None:
    try:
        jobs.enqueue("cases.tasks.send_notification", notification_id)
    except Exception:  # noqa: BLE001 - the broker being down must not fail the action; the sweeper retries
        log.exception("Could not enqueue notification %s; send_pending_notifications will retry", notification_id)


def on_case_transitioned(sender, *, case: Case, to_state: str, **kwargs) -> None:
    """Receiver of `cases.signals.case_transitioned` (connected in CasesConfig.ready)."""
    if to_state == State.SUBMITTED:
        notify(CASE_SUBMITTED, case=case, recipients=coordinators_for(case))
        notify(CASE_RECEIVED, case=case, recipients=[case.owner])


def notification_send(*, notification_id: int) -> bool:
    """Send one notification now; True if this call sent it.

    The row is claimed (pending → sending) in one conditional UPDATE and the
    email is sent outside any transaction, so a slow mail server never holds a
    database lock (on SQLite that would block every write in the app). Two
    deliveries of the same task: only one claim succeeds, the other sends nothing.
    Transient failures (SMTP or network) put the row back to pending and are
    re-raised so the Celery task retries them; the row turns "failed" after
    MAX_ATTEMPTS. A refused address or a broken template fails the row at once.
    """
    claimed = Notification.objects.filter(pk=notification_id, status=Notification.Status.PENDING).update(
        status=Notification.Status.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    row = Notification.objects.select_related("recipient", "case").get(pk=notification_id)
    if row.recipient is not None and not row.recipient.is_active:
        _finish(row, Notification.Status.FAILED, ERR_RECIPIENT_INACTIVE)
        return False
    try:
        message = _message(row)
    except Exception as error:  # noqa: BLE001 - a rendering bug will not mend itself on retry
        log.exception("Could not render notification %s", row.pk)
        _finish(row, Notification.Status.FAILED, _describe(error))
        return False
    try:
        message.send()
    except PERMANENT_ERRORS as error:
        _finish(row, Notification.Status.FAILED, _describe(error))
        return False
    except TRANSIENT_ERRORS as error:
        final = row.attempts >= MAX_ATTEMPTS
        _finish(row, Notification.Status.FAILED if final else Notification.Status.PENDING, _describe(error))
        raise
    _finish(row, Notification.Status.SENT, "")
    return True


def notifications_enqueue_pending(*, older_than: timedelta) -> int:
    """The sweeper: enqueue notifications whose task was never enqueued or was lost.

    - pending and never tried, created more than `older_than` ago (broker down at commit);
    - pending after a failed try, but not retried for longer than Celery's longest back-off
      (the retry message was lost);
    - "sending" for longer than LOST_SEND_AFTER (the worker died mid-send): back to pending.
    A row waiting for Celery's own retry is left alone, so sweeps never use up its attempts.
    """
    now = timezone.now()
    lost_sends = Notification.objects.filter(status=Notification.Status.SENDING, claimed_at__lte=now - LOST_SEND_AFTER)
    rescued = list(lost_sends.values_list("pk", flat=True))
    Notification.objects.filter(pk__in=rescued, status=Notification.Status.SENDING).update(
        status=Notification.Status.PENDING
    )
    ids = rescued + list(
        Notification.objects.filter(status=Notification.Status.PENDING)
        .filter(
            Q(attempts=0, created_at__lte=now - older_than) | Q(attempts__gt=0, claimed_at__lte=now - LOST_RETRY_AFTER)
        )
        .values_list("pk", flat=True)
    )
    ids = list(dict.fromkeys(ids))  # a rescued send may also be an old retry
    for notification_id in ids:
        enqueue(notification_id)
    return len(ids)


def _finish(row: Notification, status: str, error: str) -> None:
    row.status = status
    row.last_error = error
    if status == Notification.Status.SENT:
        row.sent_at = timezone.now()
    if status != Notification.Status.PENDING:
        # Sent or given up: the invitation link it carried must not outlive the need for it.
        row.context = {key: value for key, value in row.context.items() if key not in SECRET_KEYS}
    row.save(update_fields=["status", "attempts", "last_error", "sent_at", "context"])


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def _message(row: Notification) -> EmailMultiAlternatives:
    email = preview(row)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text,
        to=[row.recipient.email if row.recipient else row.to_email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    return message


def case_url(case: Case) -> str:
    # The case page is one URL for every role; it decides what each may see.
    return settings.SITE_URL.rstrip("/") + reverse("intake:case_detail", args=[case.reference])


def template_context(row: Notification) -> dict:
    """What every email template gets: recipient_name, reference, case_url, site_url, plus the row's context.

    Stored codes become values the template can show in the reader's language:
    `discipline` (a Discipline code) → `discipline_label`; `meeting_at` (ISO
    text) → a datetime, falling back to the case's scheduled meeting.
    """
    data = dict(row.context)
    case = row.case
    context = {
        **data,
        "recipient_name": row.recipient.first_name if row.recipient else "",
        "reference": case.reference if case else "",
        "case_url": case_url(case) if case else settings.SITE_URL,
        "site_url": settings.SITE_URL,
    }
    if data.get("discipline") in Discipline.values:
        context["discipline_label"] = Discipline(data["discipline"]).label
    meeting = parse_datetime(data["meeting_at"]) if isinstance(data.get("meeting_at"), str) else None
    context["meeting_at"] = meeting or (case.mdt_meeting_at if case else None)
    return context


def preview(row: Notification) -> RenderedEmail:
    """The email as its recipient will read it (for the admin and tests)."""
    language = row.recipient.language if row.recipient else row.language
    return render_email(f"cases/email/{row.kind}", template_context(row), language=language)
