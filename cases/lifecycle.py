"""The case lifecycle: every state change goes through `case_transition`.

draft → submitted → in_triage → awaiting_information ⇄ in_triage → ready_for_mdt
→ in_review → report_issued → closed, and withdrawn from any state before
report_issued. Each rule says who may make the move; guards say what must hold.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import states
from cases.access import acts_for_patient
from cases.errors import ActionRefused
from cases.models.case import Case, CaseEvent, State
from cases.signals import case_transitioned

OWNER = "owner"
COORDINATOR = "coordinator"

ERR_IMPOSSIBLE = _("A case that is “%(from)s” cannot be moved to “%(to)s”.")
ERR_NOT_ALLOWED = _("You are not allowed to move this case to “%(to)s”.")
ERR_NOT_YET = _("The case cannot be moved to “%(to)s” yet:")
ERR_CHANGED = _("This case was changed by someone else while you were looking at it. Reload and try again.")


class TransitionError(ActionRefused):
    """A move the lifecycle refuses; `problems` lists what stops it."""


@dataclass(frozen=True)
class Rule:
    actors: frozenset
    # guard(case, reason) -> the problems that stop the move (empty: go ahead).
    guard: Callable[[Case, str], list] | None = field(default=None)


def _rule(*actors, guard=None):
    return Rule(frozenset(actors), guard)


TRANSITIONS: dict[tuple[str, str], Rule] = {
    # Submitting also needs a complete intake: cases.services.case_submit adds that guard.
    (State.DRAFT, State.SUBMITTED): _rule(OWNER),
    (State.SUBMITTED, State.IN_TRIAGE): _rule(COORDINATOR),
    (State.IN_TRIAGE, State.AWAITING_INFORMATION): _rule(COORDINATOR),
    (State.AWAITING_INFORMATION, State.IN_TRIAGE): _rule(OWNER, COORDINATOR),
    # Needs a chair, a specialist and a complete case or a recorded reason to go ahead (the transition's
    # reason): cases.workflow.ready_guard, registered in CasesConfig.ready().
    (State.IN_TRIAGE, State.READY_FOR_MDT): _rule(COORDINATOR),
    (State.READY_FOR_MDT, State.IN_TRIAGE): _rule(COORDINATOR),
    (State.READY_FOR_MDT, State.IN_REVIEW): _rule(COORDINATOR),
    (State.IN_REVIEW, State.REPORT_ISSUED): _rule(COORDINATOR),
    (State.REPORT_ISSUED, State.CLOSED): _rule(COORDINATOR),
}
for _state in states.WITHDRAWABLE:
    TRANSITIONS[(_state, State.WITHDRAWN)] = _rule(OWNER, COORDINATOR)


# Conditions added to a move by the modules that own them, registered in AppConfig.ready(): cases.workflow's
# ready-for-MDT guard, and reports' (in_review → report_issued needs a released report) without `cases`
# importing reports (DESIGN.md: intake → cases ← reports).
EXTRA_GUARDS: dict[tuple[str, str], list[Callable[[Case, str], list]]] = {}


def register_guard(from_state: str, to_state: str, guard: Callable[[Case, str], list]) -> None:
    guards = EXTRA_GUARDS.setdefault((from_state, to_state), [])
    if guard not in guards:
        guards.append(guard)


# Conditions a person may knowingly go past: the move is refused with the warning unless its code is among the
# `acknowledged` of case_transition (the page asks with a checkbox). The acknowledgement is kept on the timeline.
# reports: closing a case whose prepared report version was never released.
WARNINGS: dict[tuple[str, str], list[tuple[str, Callable[[Case], list]]]] = {}


def register_warning(from_state: str, to_state: str, code: str, warning: Callable[[Case], list]) -> None:
    warnings = WARNINGS.setdefault((from_state, to_state), [])
    if (code, warning) not in warnings:
        warnings.append((code, warning))


def warnings_for(case: Case, to: str) -> list[tuple[str, str]]:
    """(code, message) for each warning a move of `case` to `to` has to be acknowledged past."""
    return [(code, str(m)) for code, warning in WARNINGS.get((case.state, to), []) for m in warning(case)]


def actor_kinds(user, case: Case) -> set[str]:
    kinds = set()
    if acts_for_patient(user, case):  # the owner or their caregiver
        kinds.add(OWNER)
    if user.is_coordinator:
        kinds.add(COORDINATOR)
    return kinds


def allowed_targets(user, case: Case) -> list[str]:
    return [
        to for (frm, to), rule in TRANSITIONS.items() if frm == case.state and rule.actors & actor_kinds(user, case)
    ]


@transaction.atomic
def case_transition(
    *,
    case: Case,
    to: str,
    by,
    reason: str = "",
    expected_version: int | None = None,
    guard=None,
    acknowledged: frozenset[str] | set[str] = frozenset(),
) -> Case:
    """Move `case` to state `to`, or raise TransitionError leaving it untouched.

    Race: two coordinators press a button on the same case at once. The row
    lock makes the second wait; the version check then tells them the case
    changed under them instead of applying a move they did not see coming.
    """
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and locked.version != expected_version:
        raise TransitionError(ERR_CHANGED)
    rule = TRANSITIONS.get((locked.state, to))
    names = {"from": State(locked.state).label, "to": State(to).label}
    if rule is None:
        raise TransitionError(ERR_IMPOSSIBLE % names)
    if not rule.actors & actor_kinds(by, locked):
        raise TransitionError(ERR_NOT_ALLOWED % names)
    checks = [rule.guard, *EXTRA_GUARDS.get((locked.state, to), [])]
    problems = [p for check in checks if check for p in check(locked, reason)] or (guard(locked) if guard else [])
    warned = warnings_for(locked, to)
    problems += [message for code, message in warned if code not in acknowledged]
    if problems:
        raise TransitionError(ERR_NOT_YET % names, problems)
    from_state = locked.state
    now = timezone.now()
    locked.state = to
    locked.version += 1
    locked.state_changed_at = now
    if to == State.SUBMITTED:
        locked.submitted_at = now
    kinds = actor_kinds(by, locked)
    if COORDINATOR in kinds and OWNER not in kinds and locked.coordinator_id is None:
        locked.coordinator = by
    locked.save(update_fields=["state", "version", "submitted_at", "state_changed_at", "coordinator", "updated_at"])
    CaseEvent.objects.create(
        case=locked,
        actor=by,
        kind="transition",
        from_state=from_state,
        to_state=to,
        message=reason,
        params={"acknowledged": sorted({code for code, _message in warned})} if warned else {},
    )
    for attr in ("state", "version", "submitted_at", "state_changed_at", "coordinator_id"):
        setattr(case, attr, getattr(locked, attr))
    case_transitioned.send(sender=Case, case=locked, from_state=from_state, to_state=to, by=by, reason=reason)
    return locked
