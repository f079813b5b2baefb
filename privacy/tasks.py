"""Thin Celery shells over the privacy services: each takes an id (or nothing) and calls one service."""

from celery import shared_task

from privacy.export import TRANSIENT_ERRORS, data_export_build, data_exports_sweep
from privacy.retention import retention_apply


# acks_late: a worker killed mid-build leaves the message to be delivered again; the sweeper puts a
# running export whose worker died back in the queue, and the claim makes a duplicate message harmless.
@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
    soft_time_limit=50 * 60,
    time_limit=60 * 60,
)
def build_data_export(export_id: int) -> None:
    data_export_build(export_id=export_id)


@shared_task(ignore_result=True, time_limit=10 * 60)
def sweep_data_exports() -> None:
    data_exports_sweep()


@shared_task(ignore_result=True, acks_late=True, time_limit=60 * 60)
def apply_retention() -> int:
    return retention_apply()
