"""The coordinator's case page and the patient's side of it, driven through the pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseAssignment, CaseMessage, CaseNote, Notification, State
from tests.factories import CaseFactory, UserFactory, complete_case
from tests.helpers.files import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(patient):
    case = complete_case(patient, state=State.SUBMITTED, submitted_at=timezone.now())
    # No driver found yet, so ROS1 is still a gap (with EGFR positive it would not be: ESMO 2023, issue 11).
    case.biomarkers.filter(marker="EGFR").update(result="not_detected", value="", covers_gene=True)
    return case


def _page(client, case):
    return client.get(reverse("intake:case_detail", args=[case.reference]))


def _post(client, name, case, data=None, *args):
    return client.post(reverse(name, args=[case.reference, *args]), data or {}, follow=True)


def test_request_information_round_trip_through_the_patients_pages(client, coordinator, patient, submitted):
    case = submitted
    client.force_login(coordinator)
    page = _page(client, case)
    items = page.context["request_form"].fields["items"].choices
    ros1 = next(key for key, label in items if key == "biomarker_gap:ROS1")
    response = _post(
        client,
        "cases:request_information",
        case,
        {"body": "Please upload the NGS report from March.", "items": [ros1], "version": case.version},
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.state == State.AWAITING_INFORMATION
    assert case.coordinator == coordinator  # the coordinator who first acted looks after the case
    request = CaseMessage.objects.get(case=case, kind="request")
    assert request.items[0]["key"] == "biomarker_gap:ROS1"
    assert Notification.objects.filter(case=case, kind="information_requested", recipient=patient).exists()

    # The patient sees the request, in their words, and answers with text and a record.
    client.force_login(patient)
    page = _page(client, case)
    html = page.content.decode()
    assert "The coordinator needs more information" in html
    assert "Please upload the NGS report from March." in html
    assert "ROS1" in html
    upload = client.post(
        reverse("intake:upload", args=[case.reference]),
        {"kind": "biomarker_report", "files": [_file("ngs-report.pdf")]},
        follow=True,
    )
    assert upload.status_code == 200 and case.documents.filter(original_name="ngs-report.pdf").exists()
    response = _post(client, "cases:answer", case, {"body": "ROS1 was negative by FISH; report attached."})
    assert "Your answer has been sent" in response.content.decode()
    case.refresh_from_db()
    assert case.state == State.IN_TRIAGE
    answer = CaseMessage.objects.get(case=case, kind="answer")
    assert answer.in_reply_to == request and [d.original_name for d in answer.documents.all()] == ["ngs-report.pdf"]
    request.refresh_from_db()
    assert request.answered_at is not None
    assert Notification.objects.filter(case=case, kind="information_answered", recipient=coordinator).exists()

    # The coordinator sees the answer arrive in the thread.
    client.force_login(coordinator)
    html = _page(client, case).content.decode()
    assert "ROS1 was negative by FISH; report attached." in html
    assert "ngs-report.pdf" in html


def _file(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def test_an_answer_with_nothing_in_it_is_refused(client, coordinator, patient, submitted):
    client.force_login(coordinator)
    _post(client, "cases:request_information", submitted, {"body": "Need the CT report.", "version": submitted.version})
    client.force_login(patient)
    response = _post(client, "cases:answer", submitted, {"body": "  "})
    assert "Write an answer or upload a record" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == State.AWAITING_INFORMATION


def test_an_empty_request_is_refused_and_the_case_stays(client, coordinator, submitted):
    client.force_login(coordinator)
    response = _post(client, "cases:request_information", submitted, {"body": "", "version": submitted.version})
    assert "tick at least one item" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


def test_a_stale_page_cannot_request_information(client, coordinator, submitted):
    client.force_login(coordinator)
    stale = submitted.version
    _post(client, "cases:transition", submitted, {"to": State.IN_TRIAGE, "version": stale})
    response = _post(client, "cases:request_information", submitted, {"body": "x", "version": stale})
    assert "changed by someone else" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == State.IN_TRIAGE


def test_priority_override_needs_a_reason_and_can_be_cleared(client, coordinator, submitted):
    client.force_login(coordinator)
    suggested = submitted.priority
    response = _post(client, "cases:priority", submitted, {"priority": "urgent", "reason": ""})
    assert "Give a reason" in response.content.decode()
    _post(
        client, "cases:priority", submitted, {"priority": "urgent", "reason": "Cord compression symptoms on the phone"}
    )
    submitted.refresh_from_db()
    assert (submitted.priority, submitted.priority_override) == ("urgent", "urgent")
    assert "Cord compression symptoms on the phone" in _page(client, submitted).content.decode()
    _post(client, "cases:priority", submitted, {"priority": "", "reason": ""})
    submitted.refresh_from_db()
    assert (submitted.priority, submitted.priority_override) == (suggested, "")


def test_team_meeting_and_ready_for_mdt_from_the_case_page(client, coordinator, submitted):
    onc = UserFactory(role="specialist", discipline="medical_oncology", first_name="Ana", last_name="Onco")
    rad = UserFactory(role="specialist", discipline="radiology", first_name="Rui", last_name="Rad")
    client.force_login(coordinator)
    _post(client, "cases:transition", submitted, {"to": State.IN_TRIAGE, "version": submitted.version})
    submitted.refresh_from_db()
    page = _page(client, submitted).content.decode()
    assert "Name an MDT chair." in page

    _post(client, "cases:assignment_add", submitted, {"specialist": onc.pk, "is_chair": "on"})
    _post(client, "cases:assignment_add", submitted, {"specialist": rad.pk, "discipline": "radiology"})
    again = _post(client, "cases:assignment_add", submitted, {"specialist": rad.pk, "discipline": "radiology"})
    assert "Select a valid choice" in again.content.decode()  # already on the team: not offered
    team = {(a.specialist, a.discipline, a.is_chair) for a in submitted.assignments.all()}
    assert team == {(onc, "medical_oncology", True), (rad, "radiology", False)}
    assert set(Notification.objects.filter(kind="specialist_assigned").values_list("recipient", flat=True)) == {
        onc.pk,
        rad.pk,
    }

    when = (timezone.localtime() + datetime.timedelta(days=5)).replace(second=0, microsecond=0)
    _post(client, "cases:meeting", submitted, {"meeting_at": when.strftime("%Y-%m-%dT%H:%M")})
    submitted.refresh_from_db()
    assert submitted.mdt_meeting_at == when
    past = _post(client, "cases:meeting", submitted, {"meeting_at": "2020-01-01T10:00"})
    assert "cannot be in the past" in past.content.decode()

    # The case still lacks nothing required (complete_case), so the team is enough.
    _post(client, "cases:ready_for_mdt", submitted, {"version": submitted.version})
    submitted.refresh_from_db()
    assert submitted.state == State.READY_FOR_MDT


def test_make_chair_and_remove_keep_a_single_chair(client, coordinator, submitted):
    a = UserFactory(role="specialist", discipline="surgery")
    b = UserFactory(role="specialist", discipline="pathology")
    client.force_login(coordinator)
    _post(client, "cases:assignment_add", submitted, {"specialist": a.pk, "is_chair": "on"})
    _post(client, "cases:assignment_add", submitted, {"specialist": b.pk})
    second = CaseAssignment.objects.get(case=submitted, specialist=b)
    _post(client, "cases:assignment_change", submitted, None, second.pk, "chair")
    assert list(submitted.assignments.filter(is_chair=True).values_list("specialist", flat=True)) == [b.pk]
    _post(client, "cases:assignment_change", submitted, None, second.pk, "remove")
    assert list(submitted.assignments.values_list("specialist", flat=True)) == [a.pk]


def test_only_specialists_can_be_assigned(client, coordinator, submitted, other_patient):
    client.force_login(coordinator)
    response = _post(
        client, "cases:assignment_add", submitted, {"specialist": other_patient.pk, "discipline": "surgery"}
    )
    assert "Select a valid choice" in response.content.decode()
    assert not submitted.assignments.exists()


def test_internal_notes_never_reach_the_patient(client, coordinator, patient, submitted):
    client.force_login(coordinator)
    _post(client, "cases:note_add", submitted, {"body": "Husband says she is bed-bound most days."})
    _post(client, "cases:priority", submitted, {"priority": "high", "reason": "Family report of decline"})
    assert CaseNote.objects.filter(case=submitted).count() == 1
    client.force_login(patient)
    html = _page(client, submitted).content.decode()
    assert "bed-bound" not in html and "Family report of decline" not in html
    assert "Internal notes" not in html
    response = client.post(reverse("cases:note_add", args=[submitted.reference]), {"body": "x"})
    assert response.status_code == 404


def test_messages_form_a_thread_both_ways(client, coordinator, patient, submitted):
    client.force_login(patient)
    _post(client, "cases:message_post", submitted, {"body": "Can my daughter join the call?"})
    client.force_login(coordinator)
    _post(client, "cases:message_post", submitted, {"body": "Yes, of course."})
    bodies = list(CaseMessage.objects.filter(case=submitted).values_list("body", flat=True))
    assert bodies == ["Can my daughter join the call?", "Yes, of course."]
    client.force_login(patient)
    html = _page(client, submitted).content.decode()
    assert html.index("Can my daughter join the call?") < html.index("Yes, of course.")


ACTIONS = [
    ("cases:transition", {"to": State.IN_TRIAGE}),
    ("cases:request_information", {"body": "x"}),
    ("cases:ready_for_mdt", {}),
    ("cases:priority", {"priority": "urgent", "reason": "x"}),
    ("cases:assignment_add", {}),
    ("cases:meeting", {}),
    ("cases:note_add", {"body": "x"}),
]


@pytest.mark.parametrize("name,data", ACTIONS)
def test_patients_and_specialists_cannot_use_coordinator_actions(client, patient, specialist, submitted, name, data):
    CaseAssignment.objects.create(case=submitted, specialist=specialist, discipline="medical_oncology")
    client.force_login(patient)
    assert client.post(reverse(name, args=[submitted.reference]), data).status_code == 404
    if name != "cases:note_add":  # specialists on the case may write internal notes
        client.force_login(specialist)
        assert client.post(reverse(name, args=[submitted.reference]), data).status_code == 404
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED and submitted.priority_override == ""


def test_another_patient_cannot_answer_or_message(client, other_patient, coordinator, submitted):
    client.force_login(coordinator)
    _post(client, "cases:request_information", submitted, {"body": "Need the CT report.", "version": submitted.version})
    client.force_login(other_patient)
    for name in ("cases:answer", "cases:message_post"):
        assert client.post(reverse(name, args=[submitted.reference]), {"body": "hi"}).status_code == 404
    client.logout()
    response = client.post(reverse("cases:answer", args=[submitted.reference]), {"body": "hi"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_coordinator_cannot_act_on_a_draft(client, coordinator, patient):
    draft = CaseFactory(owner=patient)
    client.force_login(coordinator)
    response = client.post(reverse("cases:priority", args=[draft.reference]), {"priority": "urgent", "reason": "x"})
    assert response.status_code == 404


def test_refresh_triage_recomputes_what_time_made_stale(patient, time_machine, settings):
    from django.core.management import call_command

    from cases.assessment import completeness_for

    settings.IMAGING_MAX_AGE_DAYS = 60
    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False)
    case = complete_case(patient, state=State.IN_TRIAGE)  # its imaging report is dated 10 days ago
    call_command("refresh_triage")
    case.refresh_from_db()
    fresh = case.completeness_score

    time_machine.shift(datetime.timedelta(days=50))  # the report is 60 days old: at the limit, not past it
    call_command("refresh_triage")
    case.refresh_from_db()
    assert case.completeness_score == fresh
    assert "imaging_stale" not in {item.code for item in completeness_for(case).items}

    time_machine.shift(datetime.timedelta(days=1))  # nothing about the case changed but the date
    call_command("refresh_triage")
    case.refresh_from_db()
    assert case.completeness_score < fresh
    assert "imaging_stale" in {item.code for item in completeness_for(case).items}


def test_the_timeline_names_the_discipline_and_priority_in_the_readers_language(client, coordinator, submitted):
    onc = UserFactory(role="specialist", discipline="medical_oncology", first_name="Ana", last_name="Onco")
    client.force_login(coordinator)
    _post(client, "cases:assignment_add", submitted, {"specialist": onc.pk, "is_chair": "on"})
    _post(client, "cases:priority", submitted, {"priority": "urgent", "reason": "Cord compression"})
    assert "Assigned: Ana Onco · Medical oncology · chair" in _page(client, submitted).content.decode()
    client.post(reverse("set_language"), {"language": "zh-hans"})
    html = _page(client, submitted).content.decode()
    assert "Ana Onco · 肿瘤内科" in html and "紧急 · Cord compression" in html


def test_a_refused_request_keeps_what_the_coordinator_typed(client, coordinator, submitted):
    client.force_login(coordinator)
    stale = submitted.version
    _post(client, "cases:transition", submitted, {"to": State.IN_TRIAGE, "version": stale})
    long_text = "Please upload the PET-CT from October and the full NGS report. " * 20
    response = _post(client, "cases:request_information", submitted, {"body": long_text, "version": stale})
    html = response.content.decode()
    assert "changed by someone else" in html
    form = response.context["request_form"]
    assert form.initial["body"] == long_text and form.initial["version"] == submitted.version + 1
    # Sent again from the page it came back on, it goes through.
    _post(client, "cases:request_information", submitted, {"body": long_text, "version": form.initial["version"]})
    submitted.refresh_from_db()
    assert submitted.state == State.AWAITING_INFORMATION
    assert CaseMessage.objects.get(case=submitted, kind="request").body == long_text.strip()


def test_an_over_long_answer_is_refused_with_the_reason_and_kept(client, coordinator, patient, submitted):
    client.force_login(coordinator)
    _post(client, "cases:request_information", submitted, {"body": "Need the CT report.", "version": submitted.version})
    client.force_login(patient)
    too_long = "x" * 5001
    response = _post(client, "cases:answer", submitted, {"body": too_long})
    assert "at most 5000 characters" in response.content.decode()
    assert response.context["answer_form"].initial["body"] == too_long
    submitted.refresh_from_db()
    assert submitted.state == State.AWAITING_INFORMATION


def test_assign_list_offers_each_case_only_specialists_not_on_its_team(client, coordinator, patient, submitted):
    onc = UserFactory(role="specialist", discipline="medical_oncology", first_name="Ana", last_name="Onco")
    rad = UserFactory(role="specialist", discipline="radiology", first_name="Rui", last_name="Rad")
    other = complete_case(patient, state=State.SUBMITTED, submitted_at=timezone.now())
    CaseAssignment.objects.create(case=submitted, specialist=onc, discipline="medical_oncology", is_chair=True)
    CaseAssignment.objects.create(case=other, specialist=rad, discipline="radiology", is_chair=True)
    client.force_login(coordinator)

    def offered(case):
        choices = _page(client, case).context["assignment_form"].fields["specialist"].choices
        return [label for pk, label in choices if pk]

    assert offered(submitted) == ["Rui Rad · Radiology"]
    assert offered(other) == ["Ana Onco · Medical oncology"]
