"""Emails about a case: an outbox row per recipient, sent by a Celery task after the action commits.

`notify()` is called inside the action's transaction. It writes one
`Notification` row per recipient and, once the transaction commits, enqueues
`cases.tasks.send_notification` for each. Nothing here can make the action
fail: rendering and sending happen in the worker, a broker that is down is
logged and left to the sweeper (every worker's watchdog, beat, or
`manage.py send_pending_notifications`), and a failed send is tried again with
back-off. The retry's time is kept in the row (`next_attempt_at`), not in a
broker countdown, so a broker that restarts loses no retry.

What is guaranteed (README, "Email"): every row is sent at least once or ends
"failed" with the reason. A worker that dies after the mail server accepted a
message and before the row is marked sent makes the sweeper send it again;
both copies carry the same Message-ID (one per row), which mail clients and
servers use to show a message once.

Emails carry no health data: the case reference, one sentence and a link.
"""

import json
import logging
import random
import smtplib
from collections.abc import Iterable
from datetime import timedelta
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cases import jobs, timezones
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
# The chair amended the agreed consensus; to the team and coordinators but the chair. context: changes (a count)
CONSENSUS_AMENDED = "consensus_amended"
# The patient side, once per release: the consensus behind the released report was amended, a correction follows.
# No count, reason or field: what changed reaches them in the corrected report (report_released).
REPORT_CORRECTION_COMING = "report_correction_coming"
# That amendment changed texts this translator translated or checked; context: texts (a count), queue_url.
TRANSLATIONS_OUTDATED = "translations_outdated"
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
        CONSENSUS_AMENDED,
        REPORT_CORRECTION_COMING,
        TRANSLATIONS_OUTDATED,
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
# The longest wait between two tries (the wait doubles from settings.EMAIL_RETRY_BASE_SECONDS).
RETRY_MAX_SECONDS = 3600
# Once the sweeper has enqueued a row, it enqueues it again only if it is still waiting this much later
# (the message was lost: a broker restarted without its data).
REMIND_AFTER = timedelta(minutes=5)


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
    Transient failures (SMTP or network) put the row back to pending with the
    time of its next try (`next_attempt_at`, doubling from
    EMAIL_RETRY_BASE_SECONDS up to an hour), which the sweeper honours; the row
    turns "failed" after MAX_ATTEMPTS. A refused address or a broken template
    fails the row at once.
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
        log.warning("Notification %s: try %s failed (%s)", row.pk, row.attempts, type(error).__name__)
        row.next_attempt_at = timezone.now() + retry_delay(row.attempts)
        _finish(row, Notification.Status.FAILED if final else Notification.Status.PENDING, _describe(error))
        return False
    _finish(row, Notification.Status.SENT, "")
    return True


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed try: doubling from EMAIL_RETRY_BASE_SECONDS, at most an hour,
    with up to 10 % jitter so a mail server coming back is not hit by every row at once."""
    seconds = min(RETRY_MAX_SECONDS, settings.EMAIL_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1))
    return timedelta(seconds=seconds * random.uniform(1.0, 1.1))


def notifications_enqueue_pending(*, older_than: timedelta = timedelta(minutes=1)) -> int:
    """The sweeper: enqueue notifications whose task was never enqueued, was lost, or whose retry is due.

    - "sending" for longer than EMAIL_SEND_STALE_SECONDS (the worker died mid-send): back to pending, now;
    - pending and due: `next_attempt_at` has passed (a retry, a rescued send, or a reminder), or it was
      never tried nor swept and was created more than `older_than` ago (the broker was down at commit).
    Each row it enqueues gets a reminder time REMIND_AFTER ahead, so a row waiting in a slow queue is not
    enqueued again every sweep; a duplicate message would be harmless anyway (the send claims the row).
    """
    now = timezone.now()
    stale = now - timedelta(seconds=settings.EMAIL_SEND_STALE_SECONDS)
    lost = Notification.objects.filter(status=Notification.Status.SENDING, claimed_at__lte=stale)
    for pk in lost.values_list("pk", flat=True):
        # Conditional: the send may have finished since the query above.
        Notification.objects.filter(pk=pk, status=Notification.Status.SENDING, claimed_at__lte=stale).update(
            status=Notification.Status.PENDING, next_attempt_at=now
        )
    due = Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True, created_at__lte=now - older_than)
    ids = []
    for pk in Notification.objects.filter(due, status=Notification.Status.PENDING).values_list("pk", flat=True):
        if Notification.objects.filter(due, pk=pk, status=Notification.Status.PENDING).update(
            next_attempt_at=now + REMIND_AFTER
        ):
            ids.append(pk)
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
    row.save(update_fields=["status", "attempts", "last_error", "sent_at", "context", "next_attempt_at"])


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def _message(row: Notification) -> EmailMultiAlternatives:
    email = preview(row)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text,
        to=[row.recipient.email if row.recipient else row.to_email],
        headers={"Auto-Submitted": "auto-generated", "Message-ID": message_id(row)},
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    return message


def message_id(row: Notification) -> str:
    """The same Message-ID for every send of one row, so a copy sent again after a crash is shown once."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<notification-{row.pk}.{row.created_at:%Y%m%d%H%M%S}@{domain}>"


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
    with timezones.reading_as(row.recipient):  # the recipient's chosen zone, or UTC; the date format names it
        return render_email(f"cases/email/{row.kind}", template_context(row), language=language)
