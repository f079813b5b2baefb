"""Celery tasks for the cases app: thin shells over services in cases.notifications."""

from datetime import timedelta

from celery import shared_task

from cases import page_memo
from cases.notifications import notification_send, notifications_enqueue_pending
from cases.services import cases_refresh_open_triage


# No Celery retry: a failed send records its next try in the row (cases.notifications.retry_delay) and the
# sweeper enqueues it then, so a broker restart loses no retry. The hard limit (60 s) bounds a send; the
# sweeper takes a "sending" row back after EMAIL_SEND_STALE_SECONDS (90 s).
@shared_task(acks_late=True, soft_time_limit=45, time_limit=60)
def send_notification(notification_id: int) -> None:
    notification_send(notification_id=notification_id)


@shared_task(acks_late=True, time_limit=300)
def send_pending_notifications(older_than_minutes: int = 1) -> int:
    return notifications_enqueue_pending(older_than=timedelta(minutes=older_than_minutes))


@shared_task(acks_late=True, time_limit=3600)
def refresh_triage() -> int:
    return cases_refresh_open_triage()


@shared_task(acks_late=True, time_limit=3600)
def prune_page_changes() -> int:
    """The page changes older than each case's newest (cases.page_memo): only the newest is ever read."""
    return page_memo.prune()
