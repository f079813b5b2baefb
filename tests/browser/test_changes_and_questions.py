"""In the browser: the coordinator sees what the patient changed since their last look, and moves the patient's
question out of their hopes (demo case MDT-DEMB3R, whose only hope is "Could the liver metastases be removed?")."""

import re

import pytest
from django.core.management import call_command

from cases.models import Case, User
from tests.browser.conftest import log_in
from tests.factories import add_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "demo-password-2026"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
LIVER = "Could the liver metastases be removed?"


def test_changes_since_my_last_look_and_moving_a_question(new_context, live_server, screens):
    from playwright.sync_api import expect

    call_command("seed_demo", stdout=open("/dev/null", "w"))
    case = Case.objects.get(reference="MDT-DEMB3R")
    page = new_context(**DESKTOP).new_page()
    log_in(page, live_server.url, "coordinator@demo.mdt", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/cases/{case.reference}/")
    expect(page.locator("#hopes-questions")).to_contain_text(LIVER)

    # The patient adds a record after the coordinator's look: the queue counts it, the page marks it.
    add_document(case, "imaging_report", name="new-mri.pdf")
    page.goto(f"{live_server.url}/queue/")
    row = page.locator("tr", has=page.get_by_role("link", name=case.reference, exact=True))
    expect(row.locator("[data-changed='1']")).to_be_visible()
    screens.save(page, "queue with a change")
    page.get_by_role("link", name=case.reference, exact=True).click()
    expect(page.locator("#changes-since")).to_contain_text("1 record added")
    expect(page.locator("#changes-since")).to_contain_text("new-mri.pdf")
    screens.save(page, "case page, new since last look")

    page.locator("#hopes-questions").get_by_role("button", name="Move to the questions").click()
    expect(page.locator(".alert-success")).to_contain_text("Moved to the patient's questions")
    expect(page.locator("#timeline")).to_contain_text(re.compile("Moved from the hopes to the patient.s questions"))
    case.refresh_from_db()
    assert case.own_questions.splitlines()[-1] == LIVER and LIVER not in case.goals_text
    assert User.objects.get(email="coordinator@demo.mdt").time_zone == ""  # nothing chosen: the browser's zone
    screens.save(page, "question moved")
