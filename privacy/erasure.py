"""Erasing a patient: they ask, a coordinator confirms, their files and clinical data go, the audit trail stays.

What goes: every record file and its row, the clinical rows, the intake answers (the case keeps only its
reference, state and dates: its shell), the messages and internal notes, the packets, the patient's copy,
the reports and the MDT's opinions and consensus (with their files), their data archives, and the account's
personal data (the user is deactivated and anonymised, so they can no longer sign in).

What stays: the audit trail (AccessRecord rows copy their identifiers and have no cascade), the timeline's
lines with their text removed, and a line and an audit row saying the case was erased, by whom, and when.

A case in MDT review (ready for the MDT or in review) is refused: the specialists are working on it, so the
coordinator withdraws it first (the team sees the withdrawal), then confirms the erasure.

Rows are deleted in one transaction; the files after it commits, so a rollback never leaves rows pointing
at deleted files (a file left behind by a failed delete is logged and harmless: nothing points to it).
"""

import logging

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import audit, states
from cases.errors import ActionRefused
from cases.models import Case, CaseEvent, ReadKind, User
from privacy.models import DataExport, ErasureRequest
from reports.models import Consensus, Packet, PatientCopy, PatientReport

log = logging.getLogger(__name__)

ERR_IN_REVIEW = _(
    "Case %(reference)s is with the MDT (%(state)s). Withdraw it first, so the specialists are told it has "
    "stopped; then confirm the erasure."
)
ERR_NOT_PENDING = _("This request has already been handled.")
ERR_ALREADY_ASKED = _("You have already asked for your data to be erased; a coordinator will confirm it.")

# What a case keeps after erasure: the shell the timeline and the audit trail refer to.
_SHELL = {
    "id",
    "reference",
    "owner",
    "state",
    "version",
    "created_at",
    "updated_at",
    "submitted_at",
    "state_changed_at",
    "coordinator",
}


class ErasureRefused(ActionRefused):
    pass


def erasure_request(*, user) -> ErasureRequest:
    """The patient asks for their account and cases to be erased; a coordinator confirms it."""
    try:
        with transaction.atomic():
            return ErasureRequest.objects.create(
                user=user,
                user_number=user.pk,
                case_references=list(Case.objects.filter(owner=user).values_list("reference", flat=True)),
            )
    except IntegrityError:
        raise ErasureRefused(ERR_ALREADY_ASKED) from None


def erasure_pending(*, user) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(user_id=user.pk, status=ErasureRequest.Status.PENDING).first()


def erasure_requests_pending():
    """What the coordinators' page lists, oldest first."""
    return ErasureRequest.objects.filter(status=ErasureRequest.Status.PENDING).select_related("user")


def erasure_blockers(request: ErasureRequest) -> list[str]:
    """Why the erasure cannot be confirmed now (the cases in MDT review), as messages for the coordinator."""
    return [
        str(ERR_IN_REVIEW % {"reference": case.reference, "state": case.get_state_display()})
        for case in Case.objects.filter(owner_id=request.user_number, state__in=states.MDT_OPINION)
    ]


def erasure_confirm(*, request_id: int, by) -> ErasureRequest:
    """Erase the requester's data (see the module docstring); the files are deleted once the rows are gone."""
    with transaction.atomic():
        # Race: two coordinators confirming at once. The row lock lets one erase; the other sees it done.
        request = ErasureRequest.objects.select_for_update().get(pk=request_id)
        if request.status != ErasureRequest.Status.PENDING:
            raise ErasureRefused(ERR_NOT_PENDING)
        blockers = erasure_blockers(request)
        if blockers:
            raise ErasureRefused(blockers[0])
        user = User.objects.select_for_update().get(pk=request.user_number)
        files: list = []
        cases = list(Case.objects.select_for_update().filter(owner=user))
        for case in cases:
            files += _erase_case(case, by=by)
        files += _erase_account(user)
        request.status = ErasureRequest.Status.DONE
        request.confirmed_by, request.confirmed_at = by, timezone.now()
        request.case_references = sorted({*request.case_references, *(c.reference for c in cases)})
        request.files_deleted = len([f for f in files if f])
        request.save()
        transaction.on_commit(lambda: delete_files(files))
    return request


def _erase_case(case: Case, *, by) -> list:
    """Delete the case's health data; the storage files to delete after commit."""
    files = [(d.file.storage, d.file.name) for d in case.documents.all()]
    for packet in Packet.objects.filter(case=case):
        files += [(f.storage, f.name) for f in (packet.summary, packet.packet, packet.archive) if f]
    files += [(c.file.storage, c.file.name) for c in PatientCopy.objects.filter(case=case)]
    files += [(r.file.storage, r.file.name) for r in PatientReport.objects.filter(case=case)]
    for related in (
        "caregivers",  # nobody acts for an erased patient any more
        "documents",
        "upload_sessions",
        "biomarkers",
        "treatment_lines",
        "local_treatments",
        "response_assessments",
        "ecog_records",
        "labs",
        "messages",
        "notes",
        "packets",
        "patient_reports",
        "opinions",
        "notifications",
    ):
        getattr(case, related).all().delete()
    PatientCopy.objects.filter(case=case).delete()
    Consensus.objects.filter(case=case).delete()
    for field in Case._meta.concrete_fields:
        if field.name not in _SHELL:
            setattr(case, field.attname, field.get_default())
    case.save()
    # The timeline keeps its lines (who moved the case, when) without their text (reasons, record names).
    CaseEvent.objects.filter(case=case).update(message="", params={})
    CaseEvent.objects.create(case=case, actor=by, kind="erased")
    audit.record_own(user=by, what=ReadKind.ERASURE, reference=case.reference, case_id=case.pk)
    return files


def _erase_account(user: User) -> list:
    files = [(e.file.storage, e.file.name) for e in DataExport.objects.filter(requested_by=user) if e.file]
    DataExport.objects.filter(requested_by=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    if hasattr(user, "authenticator_set"):
        user.authenticator_set.all().delete()
    user.email = f"erased-{user.pk}@erased.invalid"
    user.first_name = user.last_name = user.country = user.relationship = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    return files


def delete_files(files) -> None:
    for storage, name in files:
        if not name:
            continue
        try:
            storage.delete(name)
        except OSError:
            log.warning("Could not delete %s after an erasure", name, exc_info=True)
