"""Retention: the records and packets of a case closed longer than MDT_RETENTION_DAYS_CLOSED are deleted.

Run daily by beat (privacy.tasks.apply_retention) or `manage.py apply_retention`. The case shell (reference,
state, answers, timeline), the released reports and the audit trail stay; the case's timeline says what went.
Each case is handled in its own transaction, its files deleted after it commits; a case already handled has
nothing left to find, so a second run does nothing.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from cases.models import Case, CaseEvent, Document, State
from privacy.erasure import delete_files
from reports.models import Packet, PatientCopy


def cases_past_retention(*, now=None):
    """Closed cases whose closing is older than the retention period and that still hold records or packets."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.RETENTION_DAYS_CLOSED)
    closed = Case.objects.filter(state=State.CLOSED, state_changed_at__lt=cutoff)
    return closed.filter(
        Exists(Document.objects.filter(case=OuterRef("pk"))) | Exists(Packet.objects.filter(case=OuterRef("pk")))
    )


def retention_apply(*, now=None) -> int:
    """Delete the records and packets of every case past retention; how many cases were cleared."""
    cleared = 0
    for case_id in cases_past_retention(now=now).values_list("pk", flat=True):
        _clear_case(case_id)
        cleared += 1
    return cleared


def _clear_case(case_id: int) -> None:
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)
        documents = list(case.documents.all())
        packets = list(Packet.objects.filter(case=case))
        copies = list(PatientCopy.objects.filter(case=case))
        files = [(d.file.storage, d.file.name) for d in documents]
        files += [(f.storage, f.name) for p in packets for f in (p.summary, p.packet, p.archive) if f]
        files += [(c.file.storage, c.file.name) for c in copies]
        case.upload_sessions.all().delete()
        Document.objects.filter(pk__in=[d.pk for d in documents]).delete()
        Packet.objects.filter(pk__in=[p.pk for p in packets]).delete()
        PatientCopy.objects.filter(pk__in=[c.pk for c in copies]).delete()
        CaseEvent.objects.create(
            case=case,
            kind="retention_deleted",
            params={"records": len(documents), "packets": len(packets), "days": settings.RETENTION_DAYS_CLOSED},
        )
        transaction.on_commit(lambda: delete_files(files))
