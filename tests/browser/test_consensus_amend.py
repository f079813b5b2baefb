"""In the browser: the chair amends an agreed consensus with a reason, and the team reads its history."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import Case
from reports.models import Consensus
from reports.opinions import patient_questions
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "demo-password-2026"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def test_the_chair_amends_the_agreed_consensus(new_context, live_server, screens):
    from playwright.sync_api import expect

    call_command("seed_demo", stdout=open("/dev/null", "w"))
    case = Case.objects.get(reference="MDT-DEMA6L")  # AML, in MDT review; the oncologist chairs
    chair = case.assignments.get(is_chair=True).specialist
    Consensus.objects.create(
        case=case,
        chair=chair,
        status=Consensus.Status.FINAL,
        goal="complete_remission",
        plan="Consolidation with high-dose cytarabine.",
        patient_summary="The leukaemia is in remission; more treatment makes it less likely to come back.",
        china="suitable",
        answers={q.key: "Answered at the meeting." for q in patient_questions(case)},
        agreed_at=timezone.now(),
    )
    page = new_context(**DESKTOP).new_page()
    log_in(page, live_server.url, chair.email, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/cases/{case.reference}/consensus/")
    page.locator("#amend-consensus").click()
    page.locator("#amend-reason").fill("NPM1 MRD is still positive after cycle 2: transplant is now recommended.")
    page.locator("#id_plan").fill("Allogeneic stem cell transplant in first remission.")
    screens.save(page, "amend form")
    page.locator("#amend-submit").click()
    expect(page.locator(".alert-success")).to_contain_text("The consensus is amended")
    page.locator("#mdt-consensus summary", has_text="The MDT's recommendation").click()
    history = page.locator("#consensus-history")
    history.locator("summary").click()
    expect(history).to_contain_text("NPM1 MRD is still positive")
    expect(history.locator("del")).to_contain_text("Consolidation with high-dose cytarabine.")
    expect(history.locator("ins")).to_contain_text("Allogeneic stem cell transplant in first remission.")
    screens.save(page, "case page with the amended consensus")
    assert Consensus.objects.get(case=case).version == 2
