"""Who may see and act on which case: the one place that decides.

Every view that takes a case reference or a document id fetches through
`get_case_for`, so an id that is not yours is a 404, never someone else's data.
"""

from django.db.models import Q
from django.http import Http404

from cases import states
from cases.models.case import Case, State
from cases.models.users import Role


def visible_cases_filter(user) -> Q:
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser or user.role in (Role.ADMIN, Role.COORDINATOR):
        # Coordinators work on submitted cases; a patient's draft is private until submitted.
        return ~Q(state=State.DRAFT) | Q(owner=user)
    if user.role == Role.SPECIALIST:
        return Q(assignments__specialist=user) & ~Q(state=State.DRAFT)
    return Q(owner=user)


def can(user, action: str, case: Case) -> bool:
    """May `user` do `action` on `case`? Assumes the case is visible to them."""
    is_owner = case.owner_id == user.pk
    if action == "view":
        return True
    if action in ("edit_intake", "upload"):
        return is_owner and case.state in states.PATIENT_EDITABLE
    if action == "remove_document":
        return is_owner and case.state == State.DRAFT
    if action == "submit":
        return is_owner and case.state == State.DRAFT
    is_coordinator = user.role in (Role.COORDINATOR, Role.ADMIN) or user.is_superuser
    if action == "view_access_log":
        return is_owner or is_coordinator
    if action == "triage":
        return is_coordinator and case.state != State.DRAFT
    if action == "answer_request":
        return is_owner and case.state == State.AWAITING_INFORMATION
    if action == "post_message":
        return (is_owner or is_coordinator) and case.state != State.DRAFT
    if action == "notes":
        # Internal notes: the service's people, never the patient.
        return (is_coordinator or user.role == Role.SPECIALIST) and not is_owner
    if action == "give_opinion":
        return (
            user.role == Role.SPECIALIST
            and case.state in states.MDT_OPINION
            and case.assignments.filter(specialist=user).exists()
        )
    if action == "write_consensus":
        return (
            user.role == Role.SPECIALIST
            and case.state == State.IN_REVIEW
            and case.assignments.filter(specialist=user, is_chair=True).exists()
        )
    return False


def get_case_for(user, reference: str, action: str = "view") -> Case:
    """The case, if `user` may see it and do `action`; otherwise 404."""
    try:
        case = Case.objects.visible_to(user).distinct().get(reference=reference)
    except Case.DoesNotExist:
        raise Http404 from None
    if not can(user, action, case):
        raise Http404
    return case
