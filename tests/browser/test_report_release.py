"""The coordinator prepares, checks and releases the report; the patient reads it on a phone, asks, and the case closes."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import Case, State
from reports.models import Consensus, Opinion
from tests.browser.conftest import PHONE, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "demo-password-2026"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
REFERENCE = "MDT-DEMA6L"  # AML, in MDT review, owned by caregiver@demo.mdt


def _agree_consensus(case):
    for assignment in case.assignments.select_related("specialist"):
        Opinion.objects.create(
            case=case,
            author=assignment.specialist,
            discipline=assignment.discipline,
            status=Opinion.Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
    Consensus.objects.create(
        case=case,
        chair=case.chair,
        status=Consensus.Status.FINAL,
        goal="complete_remission",
        plan="Consolidation with high-dose cytarabine; NPM1 MRD after each cycle.",
        patient_summary="Your mother is in complete remission; a transplant is not needed now.",
        answers={"seed:remission_rate": "About 8 in 10 people with NPM1-mutated AML reach complete remission."},
        agreed_at=timezone.now(),
    )


def test_report_goes_from_prepared_to_released_to_a_closed_case(new_context, live_server, screens):
    from playwright.sync_api import expect

    call_command("seed_demo", stdout=open("/dev/null", "w"))
    case = Case.objects.get(reference=REFERENCE)
    _agree_consensus(case)
    case_url = f"{live_server.url}/cases/{REFERENCE}/"

    # Before release the patient sees no report at all.
    patient = new_context(**PHONE).new_page()
    log_in(patient, live_server.url, "caregiver@demo.mdt", DEMO_PASSWORD)
    patient.goto(case_url)
    expect(patient.locator("#case-state")).to_have_text("In MDT review")
    expect(patient.locator("#report")).to_have_count(0)

    coordinator = new_context(**DESKTOP).new_page()
    log_in(coordinator, live_server.url, "coordinator@demo.mdt", DEMO_PASSWORD)
    coordinator.goto(case_url)
    coordinator.locator("#report").get_by_role("button", name="Prepare the report").click()
    expect(coordinator.locator("#report")).to_contain_text("Version 1 is ready")
    screens.save(coordinator, "prepared")

    with coordinator.expect_popup() as popup:
        coordinator.get_by_role("link", name="Open to check (PDF)").click()
    preview = popup.value
    assert preview.url.endswith(f"/cases/{REFERENCE}/report/v1.pdf")
    preview.close()

    coordinator.get_by_label("I have read this version; the patient may see it.").check()
    coordinator.get_by_role("button", name="Release to the patient").click()
    expect(coordinator.locator("#case-state")).to_have_text("Report issued")
    expect(coordinator.locator("#report-versions")).to_contain_text("Current")
    screens.save(coordinator, "released")

    # The patient, on a phone, opens it and asks a follow-up question in the thread.
    patient.reload()
    expect(patient.locator("#report")).to_contain_text("Your second-opinion report")
    expect(patient.get_by_role("link", name="Open the report (PDF)")).to_be_visible()
    screens.save(patient, "patient sees the report")
    response = patient.request.get(f"{live_server.url}/cases/{REFERENCE}/report/v1.pdf")
    assert response.ok and response.body().startswith(b"%PDF")
    assert response.headers["cache-control"] == "private, no-store"
    patient.locator("#thread textarea").fill("Should she still avoid crowds during consolidation?")
    patient.locator("#thread").get_by_role("button").click()
    expect(patient.locator("#thread")).to_contain_text("Should she still avoid crowds during consolidation?")

    coordinator.reload()
    expect(coordinator.locator("#thread")).to_contain_text("avoid crowds")
    coordinator.locator("#close summary").click()
    coordinator.get_by_label("I want to close this case. It cannot be reopened.").check()
    coordinator.locator("#close").get_by_role("button", name="Close the case").click()
    expect(coordinator.locator("#case-state")).to_have_text(re.compile("Closed"))
    case.refresh_from_db()
    assert case.state == State.CLOSED
