"""A coordinator enters an iRECIST assessment with its form, in a real browser: a missing date is named on its
field, nothing is lost, and the saved category is shown in words."""

import re

import pytest
from django.core.management import call_command

from cases.models import ResponseAssessment
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "demo-password-2026"
REFERENCE = "MDT-DEMM5T"  # the melanoma demo, on immunotherapy


def test_coordinator_enters_irecist_with_the_form(page, live_server, screens):
    from playwright.sync_api import expect

    call_command("seed_demo", stdout=open("/dev/null", "w"))
    before = ResponseAssessment.objects.filter(case__reference=REFERENCE).count()
    log_in(page, live_server.url, "coordinator@demo.mdt", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/cases/{REFERENCE}/responses/")
    page.get_by_role("link", name="iRECIST form").click()
    expect(page.locator("#entry-form")).to_have_attribute("data-criteria", "irecist")

    table = page.locator("#irecist-lesions")
    table.get_by_label("Lesion 1: where").fill("Liver segment VI")
    table.get_by_label("baseline mm").first.fill("50")
    table.get_by_label("Lesion 2: where").fill("Left lung")
    table.get_by_label("baseline mm").nth(1).fill("40")
    for scan, (liver, lung, when) in enumerate(
        [("50", "40", "2026-07-01"), ("60", "48", "2026-08-15"), ("65", "48", "")], start=1
    ):
        table.get_by_label(f"Lesion 1, scan {scan} (mm)").fill(liver)
        table.get_by_label(f"Lesion 2, scan {scan} (mm)").fill(lung)
        if when:
            table.get_by_label(f"Scan {scan} date").fill(when)
    screens.save(page, "irecist form filled, scan 3 without a date")
    page.get_by_role("button", name="Save and work out the response").click()

    errors = page.locator("#entry-errors")
    expect(errors).to_contain_text("Nothing was saved")
    expect(errors.get_by_role("link", name="Scan 3 date")).to_be_visible()
    expect(page.locator("#id_e-date_2-error")).to_have_text("Give the date of this scan: it has measurements.")
    expect(table.get_by_label("Lesion 1, scan 3 (mm)")).to_have_value("65")  # what was typed is kept
    assert ResponseAssessment.objects.filter(case__reference=REFERENCE).count() == before
    screens.save(page, "the missing date is named")

    errors.get_by_role("link", name="Scan 3 date").click()
    expect(table.get_by_label("Scan 3 date")).to_be_focused()
    table.get_by_label("Scan 3 date").fill("2026-10-01")
    page.get_by_role("button", name="Save and work out the response").click()
    expect(page.locator(".alert-success")).to_contain_text("Saved: Confirmed progressive disease (iCPD)")
    expect(page.locator("#entry-form")).to_have_attribute("data-criteria", "irecist")  # back to the same form
    expect(page.locator("#assessments")).to_contain_text("Confirmed progressive disease (iCPD)")
    expect(page.locator("#assessments")).to_contain_text(re.compile(r"Unconfirmed progressive disease"))
    screens.save(page, "saved and shown in words")
    row = ResponseAssessment.objects.filter(case__reference=REFERENCE, criteria="irecist").latest("pk")
    assert row.derived_category == "iCPD" and row.data["dates"][-1] == "2026-10-01"
