from celery import shared_task

from intake.services import document_extract_metadata, upload_sessions_sweep


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5, time_limit=600)
def extract_document_metadata(document_id: int) -> None:
    document_extract_metadata(document_id=document_id)


@shared_task(ignore_result=True, time_limit=10 * 60)
def sweep_upload_sessions() -> None:
    upload_sessions_sweep()
