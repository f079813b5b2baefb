"""Every pair of states, tried by every kind of user: allowed exactly where the lifecycle says."""

import itertools

import pytest
from django.utils import timezone

from cases.lifecycle import TRANSITIONS, TransitionError, case_transition
from cases.models import CaseAssignment, CaseEvent, State
from reports.models import PatientReport
from tests.factories import CaseFactory, UserFactory, complete_case

pytestmark = pytest.mark.django_db

ROLES = ["owner", "other_patient", "coordinator", "admin", "specialist"]
# Who the table lets make each move (owner = the patient or caregiver who owns the case).
EXPECTED = {
    (State.DRAFT, State.SUBMITTED): {"owner"},
    (State.SUBMITTED, State.IN_TRIAGE): {"coordinator", "admin"},
    (State.IN_TRIAGE, State.AWAITING_INFORMATION): {"coordinator", "admin"},
    (State.AWAITING_INFORMATION, State.IN_TRIAGE): {"owner", "coordinator", "admin"},
    (State.IN_TRIAGE, State.READY_FOR_MDT): {"coordinator", "admin"},
    (State.READY_FOR_MDT, State.IN_TRIAGE): {"coordinator", "admin"},
    (State.READY_FOR_MDT, State.IN_REVIEW): {"coordinator", "admin"},
    (State.IN_REVIEW, State.REPORT_ISSUED): {"coordinator", "admin"},
    (State.REPORT_ISSUED, State.CLOSED): {"coordinator", "admin"},
    **{
        (s, State.WITHDRAWN): {"owner", "coordinator", "admin"}
        for s in (
            State.DRAFT,
            State.SUBMITTED,
            State.IN_TRIAGE,
            State.AWAITING_INFORMATION,
            State.READY_FOR_MDT,
            State.IN_REVIEW,
        )
    },
}


def test_the_table_is_the_one_documented_in_design():
    assert {pair: rule for pair, rule in TRANSITIONS.items()}.keys() == EXPECTED.keys()


def _user(role, owner, case):
    if role == "owner":
        return owner
    if role == "other_patient":
        return UserFactory()
    if role == "specialist":
        specialist = UserFactory(role="specialist", discipline="surgery")
        CaseAssignment.objects.create(case=case, specialist=specialist, discipline="surgery")
        return specialist
    return UserFactory(role=role)


def _ready_case(owner, state):
    """A complete case with a team, so guards never hide a permission answer."""
    case = complete_case(owner, state=state)
    for discipline, chair in (("medical_oncology", True), ("radiology", False)):
        specialist = UserFactory(role="specialist", discipline=discipline)
        CaseAssignment.objects.create(case=case, specialist=specialist, discipline=discipline, is_chair=chair)
    if state == State.IN_REVIEW:
        # Issuing needs a released report (the guard reports registers).
        PatientReport.objects.create(
            case=case, version=1, language="en", sha256="0" * 64, created_by=owner, released_at=timezone.now()
        )
    return case


@pytest.mark.parametrize(
    "start,end,role",
    [(s, e, r) for s, e in itertools.product(State.values, State.values) if s != e for r in ROLES],
)
def test_each_move_is_allowed_only_to_the_roles_the_lifecycle_names(start, end, role):
    owner = UserFactory()
    case = _ready_case(owner, start)
    user = _user(role, owner, case)
    allowed = role in EXPECTED.get((start, end), set())
    if allowed:
        case_transition(case=case, to=end, by=user, reason="go ahead")
        case.refresh_from_db()
        assert case.state == end and case.version == 2
        event = CaseEvent.objects.get(case=case, kind="transition")
        assert (event.actor, event.from_state, event.to_state) == (user, start, end)
    else:
        with pytest.raises(TransitionError):
            case_transition(case=case, to=end, by=user, reason="go ahead")
        case.refresh_from_db()
        assert case.state == start and case.version == 1
        assert not CaseEvent.objects.filter(case=case, kind="transition").exists()


def test_ready_for_mdt_needs_a_chair_a_specialist_and_a_complete_case_or_a_reason(coordinator, patient):
    case = CaseFactory(owner=patient, state=State.IN_TRIAGE)  # incomplete: no diagnosis at all
    with pytest.raises(TransitionError) as refused:
        case_transition(case=case, to=State.READY_FOR_MDT, by=coordinator)
    problems = " ".join(refused.value.problems)
    assert "chair" in problems and "specialist" in problems and "Required information is still missing" in problems

    chair = UserFactory(role="specialist", discipline="medical_oncology")
    CaseAssignment.objects.create(case=case, specialist=chair, discipline="medical_oncology", is_chair=True)
    with pytest.raises(TransitionError) as refused:
        case_transition(case=case, to=State.READY_FOR_MDT, by=coordinator)
    assert "besides the chair" in " ".join(refused.value.problems)

    other = UserFactory(role="specialist", discipline="pathology")
    CaseAssignment.objects.create(case=case, specialist=other, discipline="pathology")
    with pytest.raises(TransitionError) as refused:
        case_transition(case=case, to=State.READY_FOR_MDT, by=coordinator)
    assert refused.value.problems == [p for p in refused.value.problems if "Required information" in p]

    case_transition(case=case, to=State.READY_FOR_MDT, by=coordinator, reason="Board meets Friday; stage from CT.")
    case.refresh_from_db()
    assert case.state == State.READY_FOR_MDT
    assert case.events.get(to_state=State.READY_FOR_MDT).message == "Board meets Friday; stage from CT."


def test_a_complete_case_with_a_team_goes_to_the_mdt_without_a_reason(coordinator, patient):
    case = _ready_case(patient, State.IN_TRIAGE)
    case_transition(case=case, to=State.READY_FOR_MDT, by=coordinator)
    case.refresh_from_db()
    assert case.state == State.READY_FOR_MDT
