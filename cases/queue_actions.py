"""What a coordinator does to several queue rows at once, and the views of the queue they keep.

Bulk assignment acts case by case through the same services as the case page (cases.workflow), so each case's
rules hold: a case the coordinator may not coordinate, or whose team can no longer change, is named with the
reason and left as it was; the others are assigned.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from cases import access, states
from cases.access import visible_cases
from cases.errors import ActionRefused
from cases.models import Case, CaseEvent, SavedQueueView
from cases.workflow import assignment_add

ERR_NOT_COORDINATOR = _("Only a coordinator can look after a case.")
ERR_NOT_YOURS = _("You cannot coordinate this case.")
ERR_NO_CASE = _("Tick at least one case.")
ERR_NOTHING_TO_ASSIGN = _("Choose a coordinator or at least one specialist.")
MAX_BULK = 100

# Parameters of the queue that a saved view keeps (the page is not one of them).
VIEW_PARAMS = ("q", "state", "priority", "cancer_type", "country", "assignee", "needs_me", "sort")


@dataclass
class BulkOutcome:
    done: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (reference, reason)


@transaction.atomic
def coordinator_set(*, case: Case, by, coordinator) -> None:
    """Name the coordinator who looks after `case` (the timeline says who named whom)."""
    if not coordinator.is_coordinator or not coordinator.is_active:
        raise ActionRefused(ERR_NOT_COORDINATOR)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.state not in states.OPEN:
        raise ActionRefused(ERR_NOT_YOURS)
    if locked.coordinator_id == coordinator.pk:
        return
    Case.objects.filter(pk=case.pk).update(coordinator=coordinator)
    case.coordinator = coordinator
    CaseEvent.objects.create(case=case, actor=by, kind="coordinator", message=str(coordinator), internal=True)


def bulk_assign(*, by, references: list[str], coordinator=None, specialists=()) -> BulkOutcome:
    """Assign `coordinator` and/or each of `specialists` (in their own discipline) to every case named."""
    if not references:
        raise ActionRefused(ERR_NO_CASE)
    if coordinator is None and not specialists:
        raise ActionRefused(ERR_NOTHING_TO_ASSIGN)
    outcome = BulkOutcome()
    cases = {c.reference: c for c in visible_cases(by).filter(reference__in=references[:MAX_BULK])}
    for reference in dict.fromkeys(references[:MAX_BULK]):
        case = cases.get(reference)
        if case is None or not access.can(by, access.COORDINATE, case):
            outcome.refused.append((reference, str(ERR_NOT_YOURS)))
            continue
        try:
            with transaction.atomic():  # a case is assigned whole or not at all
                if coordinator is not None:
                    coordinator_set(case=case, by=by, coordinator=coordinator)
                for specialist in specialists:
                    if not case.assignments.filter(specialist=specialist).exists():
                        assignment_add(case=case, by=by, specialist=specialist, discipline=specialist.discipline)
        except ActionRefused as error:
            outcome.refused.append((reference, str(error.message)))
        else:
            outcome.done.append(reference)
    return outcome


def view_query(params: QueryDict) -> str:
    """The query string a saved view keeps: the filters and the sort, in a stable order, without the page."""
    kept = QueryDict(mutable=True)
    for name in VIEW_PARAMS:
        values = [v for v in params.getlist(name) if v]
        if values:
            kept.setlist(name, sorted(values) if name in ("state", "priority") else values)
    return kept.urlencode()


def view_save(*, user, name: str, params: QueryDict) -> SavedQueueView:
    """Save (or replace, by name) the user's view of the queue."""
    view, _created = SavedQueueView.objects.update_or_create(
        user=user, name=name.strip()[:80], defaults={"query": view_query(params)}
    )
    return view
