"""The coordinator's work on a case, and the patient's answers to it.

Requests for information, the message thread, priority overrides, the MDT
team and meeting date, internal notes and the checks before a case goes to
the MDT. Every state change still goes through `cases.lifecycle`; every
other change writes a timeline event so the case tells its own story.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import notifications, states
from cases.access import acts_for_patient, people_acting_for_patient
from cases.assessment import completeness_for, render, with_clinical
from cases.clinical.completeness import Completeness
from cases.errors import ActionRefused
from cases.labels import join_list
from cases.lifecycle import TransitionError, case_transition
from cases.models import (
    Case,
    CaseAssignment,
    CaseEvent,
    CaseMessage,
    CaseNote,
    Discipline,
    Document,
    Priority,
    Role,
    State,
)
from cases.services import case_refresh_triage

ERR_EMPTY_REQUEST = _("Write what you need or tick at least one item.")
ERR_EMPTY_ANSWER = _("Write an answer or upload a record before sending.")
ERR_EMPTY_MESSAGE = _("The message is empty.")
ERR_REASON_REQUIRED = _("Give a reason for overriding the suggested priority.")
ERR_NOT_SPECIALIST = _("Only MDT specialists can be assigned to a case.")
ERR_ALREADY_ASSIGNED = _("%(name)s is already on this case's team.")
ERR_MEETING_PAST = _("The MDT meeting cannot be in the past.")
ERR_CLOSED = _("This case is closed; nothing more can be added to it.")
ERR_NO_CHAIR = _("Name an MDT chair.")
ERR_NO_SPECIALIST = _("Assign at least one specialist besides the chair.")
ERR_INCOMPLETE = _(
    "Required information is still missing (%(items)s). Request it, or record why the MDT should go ahead anyway."
)


class WorkflowError(ActionRefused):
    """A coordinator's or patient's case action that is refused."""


@dataclass(frozen=True)
class RequestItem:
    """Something the coordinator can ask for, taken from the completeness rules."""

    key: str
    level: str
    template: str  # the patient's wording, translated when shown
    coordinator_template: str
    params: dict

    @property
    def label(self) -> str:
        return render(self.coordinator_template, self.params)

    def as_json(self) -> dict:
        return {"key": self.key, "level": self.level, "template": self.template, "params": self.params}


def request_items(case: Case, completeness: Completeness | None = None) -> list[RequestItem]:
    """What is missing, stale or recommended: the checklist a request picks from (`completeness`: the case's,
    when the caller has just assessed it for the same request)."""
    if completeness is None:
        completeness = completeness_for(with_clinical(case))
    return [
        RequestItem(
            key=f"{item.code}:{item.params.get('code', '')}" if item.params.get("code") else item.code,
            level=item.level,
            template=item.patient_message,
            coordinator_template=item.coordinator_message,
            params=dict(item.params),
        )
        for item in completeness.items
    ]


def item_text(item: dict) -> str:
    """A stored checklist item in the reader's language."""
    return render(item["template"], item.get("params"))


@transaction.atomic
def information_request(*, case: Case, by, body: str, item_keys: list[str], expected_version: int | None = None):
    """Ask the patient for what is missing; the case waits for their answer."""
    body = body.strip()
    available = {i.key: i for i in request_items(case)}
    chosen = [available[k].as_json() for k in item_keys if k in available]
    if not body and not chosen:
        raise WorkflowError(ERR_EMPTY_REQUEST)
    if case.state == State.SUBMITTED:
        case_transition(case=case, to=State.IN_TRIAGE, by=by, expected_version=expected_version)
        expected_version = case.version
    case_transition(
        case=case,
        to=State.AWAITING_INFORMATION,
        by=by,
        reason=body[:500],
        expected_version=expected_version,
    )
    message = CaseMessage.objects.create(case=case, author=by, kind=CaseMessage.Kind.REQUEST, body=body, items=chosen)
    notifications.notify(
        notifications.INFORMATION_REQUESTED,
        case=case,
        recipients=people_acting_for_patient(case),
        context={"message_id": message.pk},
    )
    return message


def open_request(case: Case) -> CaseMessage | None:
    return case.messages.filter(kind=CaseMessage.Kind.REQUEST, answered_at__isnull=True).order_by("-created_at").first()


def open_request_in(messages) -> CaseMessage | None:
    """open_request, from a case's messages already read (the case page's thread), without another query."""
    waiting = [m for m in messages if m.kind == CaseMessage.Kind.REQUEST and m.answered_at is None]
    return max(waiting, key=lambda m: m.created_at, default=None)


@transaction.atomic
def information_answer(*, case: Case, by, body: str) -> CaseMessage:
    """The patient answers the open request; records uploaded since it was sent go with the answer."""
    body = body.strip()
    request = open_request(case)
    since = request.created_at if request else case.state_changed_at
    new_documents = list(Document.objects.filter(case=case, uploaded_at__gte=since)) if since else []
    if not body and not new_documents:
        raise WorkflowError(ERR_EMPTY_ANSWER)
    case_transition(case=case, to=State.IN_TRIAGE, by=by, reason=body[:500])
    answer = CaseMessage.objects.create(
        case=case, author=by, kind=CaseMessage.Kind.ANSWER, body=body, in_reply_to=request
    )
    answer.documents.set(new_documents)
    if request:
        request.answered_at = timezone.now()
        request.save(update_fields=["answered_at"])
    case_refresh_triage(case=case)
    notifications.notify(
        notifications.INFORMATION_ANSWERED,
        case=case,
        recipients=notifications.coordinators_for(case),
        context={"message_id": answer.pk},
    )
    return answer


def can_post_message(case: Case) -> bool:
    return case.state in states.OPEN


@transaction.atomic
def message_post(*, case: Case, by, body: str) -> CaseMessage:
    """A message in the case thread, from the patient or the service."""
    body = body.strip()
    if not body:
        raise WorkflowError(ERR_EMPTY_MESSAGE)
    if not can_post_message(case):
        raise WorkflowError(ERR_CLOSED)
    message = CaseMessage.objects.create(case=case, author=by, kind=CaseMessage.Kind.MESSAGE, body=body)
    if acts_for_patient(by, case):
        recipients = notifications.coordinators_for(case)
    else:
        recipients = people_acting_for_patient(case)
    notifications.notify(
        notifications.MESSAGE_POSTED, case=case, recipients=recipients, context={"message_id": message.pk}
    )
    return message


@transaction.atomic
def priority_set(*, case: Case, by, priority: str, reason: str) -> Case:
    """Override the suggested priority (with a reason), or clear the override with an empty priority."""
    reason = reason.strip()
    if priority and priority not in Priority.values:
        raise WorkflowError(_("Choose a priority."))
    if priority and not reason:
        raise WorkflowError(ERR_REASON_REQUIRED)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    locked.priority_override = priority
    locked.priority_reason = reason if priority else ""
    locked.priority = priority or locked.suggested_priority
    locked.save(update_fields=["priority_override", "priority_reason", "priority", "updated_at"])
    CaseEvent.objects.create(
        case=case,
        actor=by,
        kind="priority",
        message=reason if priority else "",
        params={"priority": priority},
        internal=True,
    )
    case.priority, case.priority_override, case.priority_reason = (
        locked.priority,
        locked.priority_override,
        locked.priority_reason,
    )
    return case


def _check_team_state(case: Case):
    if case.state not in states.TEAM_EDITABLE:
        raise WorkflowError(ERR_CLOSED)


@transaction.atomic
def assignment_add(*, case: Case, by, specialist, discipline: str, is_chair: bool = False) -> CaseAssignment:
    _check_team_state(case)
    if specialist.role != Role.SPECIALIST or not specialist.is_active:
        raise WorkflowError(ERR_NOT_SPECIALIST)
    if discipline not in Discipline.values:
        raise WorkflowError(_("Choose a discipline."))
    Case.objects.select_for_update().get(pk=case.pk)
    if case.assignments.filter(specialist=specialist).exists():
        raise WorkflowError(ERR_ALREADY_ASSIGNED % {"name": specialist})
    if is_chair:
        case.assignments.filter(is_chair=True).update(is_chair=False)
    assignment = CaseAssignment.objects.create(
        case=case, specialist=specialist, discipline=discipline, is_chair=is_chair
    )
    CaseEvent.objects.create(
        case=case,
        actor=by,
        kind="assigned",
        message=str(specialist),
        params={"discipline": discipline, "chair": is_chair},
    )
    notifications.notify(
        notifications.SPECIALIST_ASSIGNED,
        case=case,
        recipients=[specialist],
        context={"discipline": discipline, "is_chair": is_chair},
    )
    return assignment


@transaction.atomic
def assignment_make_chair(*, case: Case, by, assignment: CaseAssignment) -> None:
    _check_team_state(case)
    case.assignments.filter(is_chair=True).exclude(pk=assignment.pk).update(is_chair=False)
    CaseAssignment.objects.filter(pk=assignment.pk).update(is_chair=True)
    CaseEvent.objects.create(case=case, actor=by, kind="chair", message=str(assignment.specialist))


@transaction.atomic
def assignment_remove(*, case: Case, by, assignment: CaseAssignment) -> None:
    _check_team_state(case)
    CaseEvent.objects.create(case=case, actor=by, kind="unassigned", message=str(assignment.specialist))
    assignment.delete()


@transaction.atomic
def meeting_set(*, case: Case, by, when) -> Case:
    if case.state not in states.TEAM_EDITABLE:
        raise WorkflowError(ERR_CLOSED)
    if when is not None and when < timezone.now():
        raise WorkflowError(ERR_MEETING_PAST)
    Case.objects.filter(pk=case.pk).update(mdt_meeting_at=when, updated_at=timezone.now())
    case.mdt_meeting_at = when
    CaseEvent.objects.create(case=case, actor=by, kind="meeting", params={"at": when.isoformat() if when else ""})
    if when:
        notifications.notify(
            notifications.MEETING_SCHEDULED,
            case=case,
            recipients=[a.specialist for a in case.assignments.select_related("specialist")],
            context={"meeting_at": when.isoformat()},
        )
    return case


def note_add(*, case: Case, by, body: str) -> CaseNote:
    body = body.strip()
    if not body:
        raise WorkflowError(ERR_EMPTY_MESSAGE)
    return CaseNote.objects.create(case=case, author=by, body=body)


def ready_guard(case: Case, reason: str) -> list[str]:
    """The lifecycle's guard on in_triage → ready_for_mdt: the move's reason is the reason to go ahead."""
    return ready_problems(case, go_ahead_reason=reason)


def ready_problems(case: Case, go_ahead_reason: str = "", completeness: Completeness | None = None) -> list[str]:
    """What stops the case going to the MDT: a chair, a specialist, and a complete case or a reason."""
    problems = []
    assignments = list(case.assignments.all())
    if not any(a.is_chair for a in assignments):
        problems.append(str(ERR_NO_CHAIR))
    if not any(not a.is_chair for a in assignments):
        problems.append(str(ERR_NO_SPECIALIST))
    if not go_ahead_reason.strip():
        if completeness is None:
            completeness = completeness_for(with_clinical(case))
        required = completeness.required
        if required:
            items = join_list((render(i.coordinator_message, i.params) for i in required), strong=True)
            problems.append(str(ERR_INCOMPLETE % {"items": items}))
    return problems


def case_ready_for_mdt(*, case: Case, by, go_ahead_reason: str = "", expected_version: int | None = None) -> Case:
    """Send the case to the MDT, or raise TransitionError listing what is missing."""
    # The lifecycle's rule for this move checks ready_problems with the reason.
    return case_transition(
        case=case,
        to=State.READY_FOR_MDT,
        by=by,
        reason=go_ahead_reason.strip()[:2000],
        expected_version=expected_version,
    )


__all__ = [
    "TransitionError",
    "WorkflowError",
    "assignment_add",
    "assignment_make_chair",
    "assignment_remove",
    "case_ready_for_mdt",
    "information_answer",
    "information_request",
    "item_text",
    "meeting_set",
    "message_post",
    "note_add",
    "open_request",
    "priority_set",
    "ready_problems",
    "request_items",
]
