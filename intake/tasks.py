from celery import shared_task

from intake.services import document_extract_metadata, documents_metadata_sweep, upload_sessions_sweep


@shared_task(
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=9 * 60,
    time_limit=10 * 60,
)
def extract_document_metadata(document_id: int) -> None:
    document_extract_metadata(document_id=document_id)


@shared_task(ignore_result=True, time_limit=10 * 60)
def sweep_upload_sessions() -> None:
    upload_sessions_sweep()


@shared_task(ignore_result=True, time_limit=5 * 60)
def sweep_document_metadata() -> int:
    return documents_metadata_sweep()
