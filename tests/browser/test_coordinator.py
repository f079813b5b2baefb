"""A coordinator triages a demo case from the queue to ready_for_mdt; the patient answers a request."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import Case, State, User
from tests.browser.conftest import PHONE, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "demo-password-2026"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def test_coordinator_triages_a_demo_case_from_the_queue_to_ready_for_mdt(new_context, live_server, screens):
    from playwright.sync_api import expect

    call_command("seed_demo", stdout=open("/dev/null", "w"))
    reference = "MDT-DEMB3R"  # submitted, nobody has picked it up yet

    coordinator = new_context(**DESKTOP).new_page()
    log_in(coordinator, live_server.url, "coordinator@demo.mdt", DEMO_PASSWORD)
    coordinator.goto(f"{live_server.url}/queue/")
    coordinator.get_by_role("link", name=re.compile("Needs me")).click()
    expect(coordinator).to_have_url(re.compile(r"needs_me=on"))
    expect(coordinator.get_by_role("link", name=reference)).to_be_visible()
    expect(coordinator.get_by_role("link", name="MDT-DEMM5T")).to_have_count(0)  # has a meeting date: not mine now
    screens.save(coordinator, "queue needs me")
    coordinator.get_by_role("link", name=reference).click()

    expect(coordinator.locator("#case-state")).to_have_text("Submitted")
    coordinator.get_by_role("button", name="Start triage").click()
    expect(coordinator.locator("#case-state")).to_have_text("In triage")

    # Ask the patient for what is missing, ticking a gap from the checklist.
    coordinator.locator("#request summary").click()
    coordinator.locator("#request input[type=checkbox]").first.check()
    coordinator.get_by_label("Your message to the patient").fill("Please send the Ki-67 result from your biopsy.")
    coordinator.get_by_role("button", name="Send the request").click()
    expect(coordinator.locator("#case-state")).to_have_text("Awaiting information")
    screens.save(coordinator, "request sent")

    # The patient, on a phone, sees the request and answers it.
    patient = new_context(**PHONE).new_page()
    log_in(patient, live_server.url, "patient@demo.mdt", DEMO_PASSWORD)
    patient.goto(f"{live_server.url}/cases/{reference}/")
    expect(patient.locator("#request")).to_contain_text("Please send the Ki-67 result from your biopsy.")
    expect(patient.locator("#state-explained")).to_contain_text("We need more information")
    screens.save(patient, "patient sees the request")
    patient.get_by_label("Your answer").fill("Ki-67 was 30% on the core biopsy.")
    patient.get_by_role("button", name="Send my answer").click()
    expect(patient.locator("#case-state")).to_have_text("In triage")

    # Back to the coordinator: the answer is in the thread.
    coordinator.reload()
    expect(coordinator.locator("#thread")).to_contain_text("Ki-67 was 30% on the core biopsy.")
    expect(coordinator.locator("#case-state")).to_have_text("In triage")

    # Name the team, the chair and the meeting, then send the case to the MDT.
    for email, chair in (("oncologist@demo.mdt", True), ("radiologist@demo.mdt", False)):
        specialist = User.objects.get(email=email)
        if not chair:  # the form folds away once the team has someone
            coordinator.locator("#team summary").click()
        coordinator.get_by_label("Specialist").select_option(str(specialist.pk))
        if chair:
            coordinator.get_by_label("MDT chair").check()
        coordinator.get_by_role("button", name="Assign", exact=True).click()
        expect(coordinator.locator("#team-list")).to_contain_text(specialist.get_full_name())
    expect(coordinator.locator("#team-list .badge")).to_have_text("chair")

    meeting = timezone.localtime() + datetime.timedelta(days=6)
    coordinator.get_by_label("MDT meeting date and time").fill(meeting.strftime("%Y-%m-%dT%H:%M"))
    coordinator.get_by_role("button", name="Save meeting date").click()

    if coordinator.locator("#ready[open]").count() == 0:  # folded while something is missing
        coordinator.locator("#ready summary").click()
    problems = coordinator.locator("#ready-problems")
    if "still missing" in problems.inner_text():
        coordinator.get_by_label("Reason to go ahead although information is missing").fill(
            "HER2 status is known; the board can advise on the rest."
        )
    screens.save(coordinator, "before ready")
    coordinator.get_by_role("button", name="Ready for MDT").click()
    expect(coordinator.locator("#case-state")).to_have_text("Ready for MDT")
    screens.save(coordinator, "ready for mdt")

    case = Case.objects.get(reference=reference)
    assert case.state == State.READY_FOR_MDT
    assert case.mdt_meeting_at is not None
    assert {a.specialist.email for a in case.assignments.all() if a.is_chair} == {"oncologist@demo.mdt"}

    # The patient sees where their case is.
    patient.reload()
    expect(patient.locator("#case-state")).to_have_text("Ready for MDT")
    expect(patient.locator("#timeline")).to_contain_text("Status changed to Ready for MDT")
    screens.save(patient, "patient sees ready")
