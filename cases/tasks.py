"""Celery tasks for the cases app: thin shells over services in cases.notifications."""

from datetime import timedelta

from celery import shared_task

from cases.notifications import MAX_ATTEMPTS, TRANSIENT_ERRORS, notification_send, notifications_enqueue_pending
from cases.services import cases_refresh_open_triage


@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    # Waits of about 1, 2, 4… minutes up to an hour, jittered: a mail server down for a
    # few hours still gets the message; MAX_ATTEMPTS - 1 retries after the first try.
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=MAX_ATTEMPTS - 1,
    soft_time_limit=90,
    time_limit=120,
)
def send_notification(notification_id: int) -> None:
    notification_send(notification_id=notification_id)


@shared_task(acks_late=True, time_limit=300)
def send_pending_notifications(older_than_minutes: int = 10) -> int:
    return notifications_enqueue_pending(older_than=timedelta(minutes=older_than_minutes))


@shared_task(acks_late=True, time_limit=3600)
def refresh_triage() -> int:
    return cases_refresh_open_triage()
