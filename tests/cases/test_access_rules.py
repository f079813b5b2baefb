"""cases.access decides every action, for every persona, and the views only ask it."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from cases import access
from cases.access import can, visible_cases
from cases.models import CaseAssignment, CaseCaregiver, State
from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def people(patient, other_patient, coordinator, specialist):
    return {
        "owner": patient,
        "other patient": other_patient,
        "coordinator": coordinator,
        "assigned specialist": specialist,
        "chair": UserFactory(email="chair@example.org", role="specialist", discipline="radiation_oncology"),
        "unassigned specialist": UserFactory(email="rad@example.org", role="specialist", discipline="radiology"),
        "superuser": UserFactory(email="root@example.org", is_superuser=True, is_staff=True),
        "caregiver": UserFactory(email="daughter@example.org", relationship="child"),
        "revoked caregiver": UserFactory(email="son@example.org", relationship="child"),
        "invited, not accepted": UserFactory(email="cousin@example.org", relationship="relative"),
    }


def _case(patient, people, state, *, submitted=None):
    submitted = state != State.DRAFT if submitted is None else submitted
    case = CaseFactory(owner=patient, state=state, submitted_at="2026-11-02T10:00Z" if submitted else None)
    CaseAssignment.objects.create(case=case, specialist=people["assigned specialist"], discipline="medical_oncology")
    CaseAssignment.objects.create(case=case, specialist=people["chair"], discipline="radiation_oncology", is_chair=True)
    for name, revoked in (("caregiver", None), ("revoked caregiver", "2026-11-03T10:00Z")):
        user = people[name]
        CaseCaregiver.objects.create(
            case=case,
            email=user.email,
            user=user,
            token_hash=f"{name}-{case.pk}",
            accepted_at="2026-11-01T10:00Z",
            revoked_at=revoked,
        )
    pending = people["invited, not accepted"]
    CaseCaregiver.objects.create(case=case, email=pending.email, token_hash=f"pending-{case.pk}")
    return case


def _allowed(people, action, case):
    """Who may do `action` on `case`, among those who can see it at all (as get_case_for asks)."""
    return {
        name
        for name, user in people.items()
        if visible_cases(user).filter(pk=case.pk).exists() and can(user, action, case)
    }


CARE_TEAM = {"coordinator", "assigned specialist", "chair", "superuser"}
# The owner and the caregiver they invited, who accepted and was not revoked, act for the patient alike.
PATIENT_SIDE = {"owner", "caregiver"}

# (state, action) -> who may; each row as a coordinator, a specialist and a patient would expect.
EXPECTED = [
    (State.DRAFT, access.VIEW, PATIENT_SIDE),
    (State.DRAFT, access.EDIT_INTAKE, PATIENT_SIDE),
    (State.DRAFT, access.SUBMIT, PATIENT_SIDE),
    (State.DRAFT, access.SEE_PACKET, set()),
    (State.DRAFT, access.PATIENT_COPY, set()),
    (State.SUBMITTED, access.VIEW, PATIENT_SIDE | CARE_TEAM),
    (State.SUBMITTED, access.EDIT_INTAKE, set()),
    (State.SUBMITTED, access.TRIAGE, {"coordinator", "superuser"}),
    (State.SUBMITTED, access.PATIENT_COPY, {*PATIENT_SIDE, "coordinator", "superuser"}),
    (State.SUBMITTED, access.NOTES, CARE_TEAM),
    (State.AWAITING_INFORMATION, access.ANSWER_REQUEST, PATIENT_SIDE),
    (State.AWAITING_INFORMATION, access.UPLOAD, PATIENT_SIDE),
    # After submitting, the patient's side still adds records (the coordinator sees them marked as new).
    (State.IN_TRIAGE, access.UPLOAD, PATIENT_SIDE),
    (State.CLOSED, access.UPLOAD, set()),
    (State.IN_TRIAGE, access.EDIT_INTAKE, set()),
    # The intake pages: the patient's side reads them after submitting, read-only.
    (State.IN_TRIAGE, access.SEE_INTAKE, PATIENT_SIDE),
    (State.READY_FOR_MDT, access.SEE_PACKET, CARE_TEAM),
    (State.READY_FOR_MDT, access.COMPILE_PACKET, {"coordinator", "superuser"}),
    (State.READY_FOR_MDT, access.SEE_MDT, CARE_TEAM),
    (State.READY_FOR_MDT, access.GIVE_OPINION, {"assigned specialist", "chair"}),
    (State.READY_FOR_MDT, access.WRITE_CONSENSUS, set()),
    (State.IN_REVIEW, access.WRITE_CONSENSUS, {"chair"}),
    (State.IN_REVIEW, access.PREPARE_REPORT, {"coordinator", "superuser"}),
    (State.REPORT_ISSUED, access.READ_REPORT, PATIENT_SIDE | CARE_TEAM),
    (State.REPORT_ISSUED, access.GIVE_OPINION, set()),
    (State.REPORT_ISSUED, access.PREPARE_REPORT, {"coordinator", "superuser"}),
    # Closed and withdrawn: read by the patient's side and the coordinators, changed by nobody; the specialists keep
    # only what they wrote (test_a_specialist_keeps_only_what_they_wrote).
    (State.CLOSED, access.VIEW, {*PATIENT_SIDE, "coordinator", "superuser"}),
    (State.CLOSED, access.TRIAGE, {"coordinator", "superuser"}),
    (State.CLOSED, access.COORDINATE, set()),
    (State.CLOSED, access.NOTES, {"coordinator", "superuser"}),
    (State.CLOSED, access.WRITE_NOTE, set()),
    (State.CLOSED, access.COMPILE_PACKET, set()),
    (State.CLOSED, access.SEE_REPORT_VERSIONS, {"coordinator", "superuser"}),
    (State.CLOSED, access.PREPARE_REPORT, set()),
    (State.CLOSED, access.READ_REPORT, {*PATIENT_SIDE, "coordinator", "superuser"}),
    (State.WITHDRAWN, access.VIEW, {*PATIENT_SIDE, "coordinator", "superuser"}),
    (State.WITHDRAWN, access.COORDINATE, set()),
    (State.IN_TRIAGE, access.COORDINATE, {"coordinator", "superuser"}),
    (State.IN_TRIAGE, access.WRITE_NOTE, CARE_TEAM),
    # Who acts for the patient is the owner's decision alone; hand-over is for a case a caregiver registered.
    (State.DRAFT, access.SEE_CAREGIVERS, PATIENT_SIDE),
    (State.IN_TRIAGE, access.SEE_CAREGIVERS, PATIENT_SIDE),
    (State.DRAFT, access.INVITE_CAREGIVER, {"owner"}),
    (State.IN_TRIAGE, access.INVITE_CAREGIVER, {"owner"}),
    (State.CLOSED, access.INVITE_CAREGIVER, set()),
    (State.IN_TRIAGE, access.REVOKE_CAREGIVER, {"owner"}),
    (State.CLOSED, access.REVOKE_CAREGIVER, {"owner"}),
    (State.DRAFT, access.HAND_OVER, set()),
    (State.DRAFT, access.VIEW_ACCESS_LOG, PATIENT_SIDE),
    (State.IN_TRIAGE, access.POST_MESSAGE, {*PATIENT_SIDE, "coordinator", "superuser"}),
    (State.DRAFT, access.REMOVE_DOCUMENT, PATIENT_SIDE),
]


@pytest.mark.parametrize(("state", "action", "expected"), EXPECTED, ids=[f"{s}-{a}" for s, a, _e in EXPECTED])
def test_who_may_do_what_to_a_case(patient, people, state, action, expected):
    assert _allowed(people, action, _case(patient, people, state)) == expected


def test_a_draft_the_patient_withdrew_before_submitting_stays_theirs_alone(client, patient, people):
    """Nobody but its patient reads a case that was never submitted, whatever state it moved to."""
    case = _case(patient, people, State.WITHDRAWN, submitted=False)
    assert _allowed(people, access.VIEW, case) == PATIENT_SIDE
    for name in ("coordinator", "superuser"):
        client.force_login(people[name])
        assert client.get(reverse("intake:case_detail", args=[case.reference])).status_code == 404
        assert case.reference not in client.get(reverse("cases:queue"), {"state": "withdrawn"}).content.decode()
        response = client.post(reverse("cases:priority", args=[case.reference]), {"priority": "urgent", "reason": "x"})
        assert response.status_code == 404


def test_a_closed_case_is_read_but_not_changed_by_its_coordinator(client, patient, people):
    case = _case(patient, people, State.CLOSED)
    client.force_login(people["coordinator"])
    page = client.get(reverse("intake:case_detail", args=[case.reference])).content.decode()
    assert case.reference in page and 'id="priority-form"' not in page and 'id="add-note"' not in page
    ref = case.reference
    assert client.post(reverse("cases:priority", args=[ref]), {"priority": "urgent", "reason": "x"}).status_code == 404
    assert client.post(reverse("cases:note_add", args=[ref]), {"body": "late note"}).status_code == 404
    assert client.post(reverse("reports:packet_compile", args=[ref])).status_code == 404
    assert client.post(reverse("reports:report_prepare", args=[ref]), {}).status_code == 404
    case.refresh_from_db()
    assert case.priority_override == "" and not case.notes.exists()


def test_an_action_nobody_defined_is_refused_to_everyone(patient, people):
    case = _case(patient, people, State.IN_REVIEW)
    assert _allowed(people, "delete_everything", case) == set()


def test_actions_outside_a_case_follow_the_role(people, client):
    queue = {name for name, user in people.items() if can(user, access.USE_QUEUE)}
    mdt = {name for name, user in people.items() if can(user, access.MDT_CASES)}
    start = {name for name, user in people.items() if can(user, access.START_CASE)}
    assert queue == {"coordinator", "superuser"}
    assert mdt == {"assigned specialist", "chair", "unassigned specialist"}
    assert start == {"owner", "other patient", "caregiver", "revoked caregiver", "invited, not accepted"}


def test_a_superuser_is_a_coordinator_on_every_panel(client, patient, people):
    """One definition of a coordinator: the packet, MDT and report panels agree about a superuser."""
    case = _case(patient, people, State.IN_REVIEW)
    client.force_login(people["superuser"])
    ref = case.reference
    for name in ("reports:packet_panel", "reports:mdt_panel", "reports:report_panel"):
        assert client.get(reverse(name, args=[ref])).status_code == 200, name
    assert client.get(reverse("cases:queue")).status_code == 200


def test_anonymous_users_may_do_nothing(patient, people):
    from django.contrib.auth.models import AnonymousUser

    case = _case(patient, people, State.IN_REVIEW)
    assert not any(can(AnonymousUser(), action, case) for action in (access.VIEW, access.SEE_PACKET))
    assert not can(AnonymousUser(), access.USE_QUEUE)


# Role attributes and ownership comparisons a view would use to decide access on its own.
_DECIDING = {"is_coordinator", "is_specialist", "is_patient", "is_superuser", "role", "owner_id"}


def _deciding_names(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Attribute) and node.attr in _DECIDING:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.attr}")
    return found


def test_no_view_decides_access_for_itself():
    """Views ask cases.access; they never read roles or ownership to decide who may do what."""
    views = [
        *(ROOT / "intake" / "views").glob("*.py"),
        *(ROOT / "cases" / "views").glob("*.py"),
        *(ROOT / "reports" / "views").glob("*.py"),
        ROOT / "intake" / "tus.py",
        ROOT / "privacy" / "views.py",
    ]
    assert views and [name for path in views for name in _deciding_names(path)] == []


def test_record_packet_report_and_letter_urls_answer_only_get(client, patient, people):
    from tests.factories import add_document

    case = _case(patient, people, State.REPORT_ISSUED)
    document = add_document(case, "pathology_report")
    client.force_login(patient)
    ref = case.reference
    urls = [
        reverse("intake:document_file", args=[ref, document.pk, "view"]),
        reverse("intake:document_list", args=[ref]),
        reverse("intake:access_log", args=[ref]),
        reverse("reports:gap_letter", args=[ref]),
        reverse("reports:patient_copy", args=[ref]),
        reverse("reports:report_file", args=[ref, 1]),
    ]
    for url in urls:
        assert client.post(url).status_code == 405, url
        assert client.delete(url).status_code == 405, url


def test_a_specialist_keeps_only_what_they_wrote(client, patient, people):
    """Taken off the team, or once the case is closed: their own submitted opinion, not the case."""
    from reports.models import Opinion

    closed = _case(patient, people, State.CLOSED)
    left = _case(patient, people, State.IN_REVIEW)
    for case in (closed, left):
        Opinion.objects.create(
            case=case,
            author=people["assigned specialist"],
            discipline="medical_oncology",
            status=Opinion.Status.SUBMITTED,
            submitted_at="2026-11-20T10:00Z",
            assessment=f"Assessment of {case.reference}",
        )
    CaseAssignment.objects.filter(case=left, specialist=people["assigned specialist"]).delete()

    client.force_login(people["assigned specialist"])
    mine = client.get(reverse("reports:mdt_cases")).content.decode()
    for case in (closed, left):
        assert client.get(reverse("intake:case_detail", args=[case.reference])).status_code == 404
        assert client.get(reverse("reports:packet_panel", args=[case.reference])).status_code == 404
        own = reverse("reports:own_opinion", args=[case.reference])
        assert own in mine
        page = client.get(own)
        assert page.status_code == 200 and f"Assessment of {case.reference}" in page.content.decode()
    # Somebody else's opinion is not theirs to read, on the same URL.
    client.force_login(people["chair"])
    assert client.get(reverse("reports:own_opinion", args=[closed.reference])).status_code == 404
    assert client.post(reverse("reports:own_opinion", args=[closed.reference])).status_code == 405


def test_a_caregiver_may_hand_over_a_case_they_registered(people):
    case = CaseFactory(owner=people["caregiver"], relationship="child", state=State.DRAFT)
    assert _allowed(people, access.HAND_OVER, case) == {"caregiver"}
