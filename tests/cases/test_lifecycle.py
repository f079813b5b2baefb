import pytest
from django.utils import timezone

from cases.lifecycle import ERR_CHANGED, TransitionError, allowed_targets, case_transition
from cases.models import CaseAssignment, CaseEvent, State
from reports.models import PatientReport
from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db


def with_team(case):
    for discipline, chair in (("medical_oncology", True), ("radiology", False)):
        specialist = UserFactory(role="specialist", discipline=discipline)
        CaseAssignment.objects.create(case=case, specialist=specialist, discipline=discipline, is_chair=chair)


COORDINATOR_MOVES = [
    (State.SUBMITTED, State.IN_TRIAGE),
    (State.IN_TRIAGE, State.AWAITING_INFORMATION),
    (State.AWAITING_INFORMATION, State.IN_TRIAGE),
    (State.IN_TRIAGE, State.READY_FOR_MDT),
    (State.READY_FOR_MDT, State.IN_REVIEW),
    (State.IN_REVIEW, State.REPORT_ISSUED),
    (State.REPORT_ISSUED, State.CLOSED),
]


@pytest.mark.parametrize("start,end", COORDINATOR_MOVES)
def test_coordinator_moves_a_case_along_and_the_timeline_records_it(coordinator, patient, start, end):
    case = CaseFactory(owner=patient, state=start)
    if end == State.READY_FOR_MDT:
        with_team(case)
    if end == State.REPORT_ISSUED:  # issuing needs a released report (the guard reports registers)
        PatientReport.objects.create(
            case=case, version=1, language="en", sha256="0" * 64, created_by=coordinator, released_at=timezone.now()
        )
    case_transition(case=case, to=end, by=coordinator, reason="checked")
    case.refresh_from_db()
    assert case.state == end
    event = CaseEvent.objects.get(case=case)
    assert (event.actor, event.from_state, event.to_state, event.message) == (coordinator, start, end, "checked")


@pytest.mark.parametrize("start,end", COORDINATOR_MOVES)
def test_patient_cannot_make_coordinator_moves(patient, start, end):
    case = CaseFactory(owner=patient, state=start)
    if (start, end) == (State.AWAITING_INFORMATION, State.IN_TRIAGE):
        pytest.skip("the patient answers a request, which returns the case to triage")
    with pytest.raises(TransitionError, match="not allowed"):
        case_transition(case=case, to=end, by=patient)
    case.refresh_from_db()
    assert case.state == start and case.version == 1


def test_impossible_move_is_refused_and_changes_nothing(coordinator, patient):
    case = CaseFactory(owner=patient, state=State.SUBMITTED)
    with pytest.raises(TransitionError, match="cannot be moved"):
        case_transition(case=case, to=State.REPORT_ISSUED, by=coordinator)
    case.refresh_from_db()
    assert case.state == State.SUBMITTED
    assert not CaseEvent.objects.filter(case=case).exists()


@pytest.mark.parametrize("start", [State.DRAFT, State.SUBMITTED, State.IN_TRIAGE, State.READY_FOR_MDT, State.IN_REVIEW])
def test_patient_can_withdraw_before_the_report(patient, start):
    case = CaseFactory(owner=patient, state=start)
    case_transition(case=case, to=State.WITHDRAWN, by=patient)
    assert case.state == State.WITHDRAWN


@pytest.mark.parametrize("start", [State.REPORT_ISSUED, State.CLOSED])
def test_nobody_can_withdraw_after_the_report(coordinator, patient, start):
    case = CaseFactory(owner=patient, state=start)
    with pytest.raises(TransitionError):
        case_transition(case=case, to=State.WITHDRAWN, by=coordinator)


def test_another_patient_cannot_withdraw_my_case(patient, other_patient):
    case = CaseFactory(owner=patient, state=State.SUBMITTED)
    with pytest.raises(TransitionError):
        case_transition(case=case, to=State.WITHDRAWN, by=other_patient)


def test_second_coordinator_acting_on_a_stale_page_is_told_the_case_changed(coordinator, patient):
    case = CaseFactory(owner=patient, state=State.SUBMITTED)
    seen_version = case.version
    case_transition(case=case, to=State.IN_TRIAGE, by=coordinator, expected_version=seen_version)
    with pytest.raises(TransitionError) as error:
        case_transition(case=case, to=State.WITHDRAWN, by=coordinator, expected_version=seen_version)
    assert str(error.value) == str(ERR_CHANGED)
    case.refresh_from_db()
    assert case.state == State.IN_TRIAGE


def test_allowed_targets_depend_on_who_is_asking(coordinator, patient):
    case = CaseFactory(owner=patient, state=State.IN_TRIAGE)
    assert set(allowed_targets(coordinator, case)) == {State.AWAITING_INFORMATION, State.READY_FOR_MDT, State.WITHDRAWN}
    assert allowed_targets(patient, case) == [State.WITHDRAWN]
