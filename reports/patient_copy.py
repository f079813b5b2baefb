"""The patient's copy: the summary of what they submitted, in their language, rendered by a worker.

Rendered once by the worker after submission (`patient_copy_store`), served
from storage; until it exists the view renders it on demand, and the packet
sweep enqueues the copies that were lost.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from cases.jobs import enqueue
from cases.models import Case
from reports.models import PatientCopy

log = logging.getLogger(__name__)


def patient_copy_language(case: Case) -> str:
    return case.report_language or case.owner.language or settings.LANGUAGE_CODE


def patient_copy_pdf(case: Case) -> bytes:
    """The patient's copy of what they submitted, rendered now."""
    from reports.documents.summary import summary_pdf  # WeasyPrint only in the process that renders (packet_build)

    return summary_pdf(case, audience="patient", language=patient_copy_language(case))


def patient_copy_store(*, case_id: int) -> PatientCopy | None:
    """Render and store the patient's copy (run by the worker after submission)."""
    from reports.documents.summary import summary_pdf

    case = Case.objects.filter(pk=case_id).select_related("owner").first()
    if case is None:
        return None
    language = patient_copy_language(case)
    pdf = summary_pdf(case, audience="patient", language=language)
    field = PatientCopy._meta.get_field("file")
    name = field.storage.save(field.generate_filename(PatientCopy(case=case), "copy.pdf"), ContentFile(pdf))
    with transaction.atomic():
        old = PatientCopy.objects.select_for_update().filter(case=case).first()
        old_name = old.file.name if old else None
        copy, _created = PatientCopy.objects.update_or_create(case=case, defaults={"file": name, "language": language})
        if old_name and old_name != name:
            transaction.on_commit(lambda: _delete_copy(old_name))
    return copy


def _delete_copy(name: str) -> None:
    try:
        PatientCopy._meta.get_field("file").storage.delete(name)
    except OSError:
        log.warning("Could not delete old patient copy %s", name, exc_info=True)


def patient_copy_enqueue(*, case_id: int) -> bool:
    try:
        enqueue("reports.tasks.store_patient_copy", case_id)
    except Exception:  # noqa: BLE001 - the copy is rendered on demand until the sweeper catches up
        log.exception("Could not enqueue the patient copy of case %s", case_id)
        return False
    return True


def patient_copies_sweep(*, cutoff) -> int:
    """Enqueue the copies of cases submitted in the week before `cutoff` that have none yet (run by the packet sweep)."""
    # Only recent submissions: an older case without a copy is rendered on demand, not retried forever.
    recent = cutoff - timedelta(days=7)
    missing = Case.objects.filter(submitted_at__range=(recent, cutoff), patient_copy__isnull=True)
    ids = missing.values_list("pk", flat=True)[:50]
    return sum(patient_copy_enqueue(case_id=case_id) for case_id in ids)
