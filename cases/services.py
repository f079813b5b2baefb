"""State-changing operations on cases (see STYLE.md: services)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import states
from cases.assessment import case_with_clinical, completeness_for, flags_for, render
from cases.clinical.urgency import suggested_priority
from cases.lifecycle import TransitionError, case_transition
from cases.models import Case, CaseEvent, Relationship, State

ERR_INCOMPLETE = _("The case cannot be submitted yet: some required information is missing.")
INTAKE_STEPS = ("diagnosis", "biomarkers", "treatment", "goals", "records")


@transaction.atomic
def case_create(*, owner) -> Case:
    case = Case.objects.create(
        owner=owner,
        relationship=owner.relationship or Relationship.SELF,
        patient_country=owner.country,
        patient_name=owner.get_full_name() if owner.relationship in ("", Relationship.SELF) else "",
        report_language=owner.language or "en",
    )
    CaseEvent.objects.create(case=case, actor=owner, kind="created", to_state=State.DRAFT)
    return case


def case_mark_step_saved(*, case: Case, step: str) -> None:
    if step not in case.intake_steps_saved:
        case.intake_steps_saved = [*case.intake_steps_saved, step]
        case.save(update_fields=["intake_steps_saved", "updated_at"])
    case_refresh_triage(case=case)


def case_refresh_triage(*, case: Case) -> Case:
    """Recompute the completeness score and suggested priority the queue sorts on.

    Called whenever what the rules read changes (a step saved, a record added
    or read, an answer sent); `manage.py refresh_triage` recomputes them all,
    for items that go stale with time alone.
    """
    full = case_with_clinical(case)
    suggested = suggested_priority(flags_for(full))
    values = {
        "completeness_score": completeness_for(full).score,
        "suggested_priority": suggested,
        "priority": full.priority_override or suggested,
    }
    Case.objects.filter(pk=case.pk).update(**values)
    for name, value in values.items():
        setattr(case, name, value)
    return case


def cases_refresh_open_triage() -> int:
    """Refresh every open case (what `manage.py refresh_triage` and the daily beat job run)."""
    count = 0
    for case in Case.objects.filter(state__in=states.OPEN).only("pk", "priority_override").iterator():
        case_refresh_triage(case=case)
        count += 1
    return count


def case_record_consent(*, case: Case) -> None:
    if case.consent_review and case.consent_share:
        case.consent_at = case.consent_at or timezone.now()
    else:
        case.consent_at = None
    case.save(update_fields=["consent_review", "consent_share", "consent_at", "updated_at"])


def _submit_guard(case: Case) -> list[str]:
    fresh = case_with_clinical(case)
    return [render(item.patient_message, item.params) for item in completeness_for(fresh).required]


def case_submit(*, case: Case, by) -> Case:
    """Submit a draft, or raise TransitionError listing what is still required."""
    try:
        return case_transition(case=case, to=State.SUBMITTED, by=by, guard=_submit_guard)
    except TransitionError as error:
        if error.problems:
            raise TransitionError(ERR_INCOMPLETE, error.problems) from None
        raise
