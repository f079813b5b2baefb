"""Thin Celery shells over reports.packets: each takes an id and calls one service."""

from celery import shared_task
from django.db import IntegrityError

from reports.packets import TRANSIENT_ERRORS, packet_compile, packets_sweep
from reports.patient_copy import patient_copy_store
from reports.translations import machine_drafts as machine_drafts_fill


# acks_late (also the global default): a worker killed mid-compile leaves the message to be
# delivered again; the claim in packet_compile makes a second delivery harmless.
@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=50 * 60,
    time_limit=60 * 60,
)
def compile_packet(packet_id: int) -> None:
    packet_compile(packet_id=packet_id)


@shared_task(
    acks_late=True,
    autoretry_for=(*TRANSIENT_ERRORS, IntegrityError),
    retry_backoff=True,
    max_retries=5,
    time_limit=10 * 60,
)
def store_patient_copy(case_id: int) -> None:
    patient_copy_store(case_id=case_id)


@shared_task(ignore_result=True, time_limit=5 * 60)
def sweep_packets() -> None:
    packets_sweep()


@shared_task(acks_late=True, autoretry_for=TRANSIENT_ERRORS, retry_backoff=True, max_retries=3, time_limit=10 * 60)
def machine_drafts(translation_ids: list[int]) -> None:
    machine_drafts_fill(translation_ids)
