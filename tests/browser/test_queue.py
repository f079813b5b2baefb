"""The queue in a real browser: no sideways scroll at 1280 px or on a phone, filters that apply as they change,
a saved view reopened, and several cases assigned at once."""

import re

import pytest
from django.core.management import call_command

from cases import states
from cases.models import Case, CaseAssignment, State, User
from tests.browser.conftest import PHONE, log_in
from tests.cases.test_queue import make_cases

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "demo-password-2026"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def _busy_queue():
    """The demo, plus cases with long names and full teams: the widest rows a queue shows."""
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    owner = User.objects.get(email="patient@demo.mdt")
    specialists = list(User.objects.filter(role="specialist"))
    cases = make_cases(
        owner,
        6,
        state=State.IN_TRIAGE,
        patient_name="Aleksandra Konstantinovna Vasilyeva-Petrova",
        patient_country="Kyrgyzstan",
        cancer_type="colorectal",
        stage_group="IVB",
    )
    for case in cases[:3]:
        for number, specialist in enumerate(specialists):
            CaseAssignment.objects.create(
                case=case, specialist=specialist, discipline=specialist.discipline or "pathology", is_chair=number == 0
            )
    return cases


def _no_sideways_scroll(page) -> dict:
    return page.evaluate(
        """() => {
          const table = document.querySelector('.table-responsive');
          return {
            page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            table: table ? table.scrollWidth - table.clientWidth : 0,
          };
        }"""
    )


def test_the_queue_fits_filters_live_saves_a_view_and_assigns_in_bulk(new_context, live_server, screens):
    from playwright.sync_api import expect

    cases = _busy_queue()
    page = new_context(**DESKTOP).new_page()
    log_in(page, live_server.url, "coordinator@demo.mdt", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/queue/")
    expect(page.locator("#queue-count")).to_contain_text("cases")
    assert _no_sideways_scroll(page) == {"page": 0, "table": 0}
    screens.save(page, "queue 1280")

    # A filter applies as soon as it changes: no "Apply filters" click, and the URL follows.
    before = page.locator("#queue-count").inner_text()
    page.locator("#id_cancer_type").select_option("colorectal")
    expect(page).to_have_url(re.compile(r"cancer_type=colorectal"))
    expect(page.locator("#queue-count")).not_to_have_text(before)
    colorectal = Case.objects.filter(cancer_type="colorectal", state__in=states.OPEN).count()
    expect(page.locator("#queue-count")).to_contain_text(f"{colorectal} cases")
    page.locator("#id_q").fill("Vasilyeva")
    expect(page).to_have_url(re.compile(r"q=Vasilyeva"))
    expect(page.locator("tbody tr")).to_have_count(6)
    screens.save(page, "filtered live")

    # Saved as a view, and reopened from the bare queue.
    page.locator("#view-name").fill("Colorectal to assign")
    page.get_by_role("button", name="Save this view").click()
    expect(page.locator(".alert-success")).to_contain_text("View saved: Colorectal to assign")
    page.goto(f"{live_server.url}/queue/")
    page.locator("#saved-views").get_by_role("link", name="Colorectal to assign").click()
    expect(page).to_have_url(re.compile(r"cancer_type=colorectal"))
    expect(page).to_have_url(re.compile(r"q=Vasilyeva"))
    expect(page.locator("tbody tr")).to_have_count(6)

    # Several cases assigned at once: tick two, choose a coordinator and a specialist.
    unassigned = [c.reference for c in cases[3:5]]
    page.locator("#bulk-assign summary").click()
    for reference in unassigned:
        page.locator(f"#select-{reference}").check()
    page.locator("#id_coordinator").select_option(label="Mei Chen")
    radiologist = User.objects.filter(role="specialist", discipline="radiology").first()
    page.locator("#bulk-form").get_by_label(re.compile(re.escape(str(radiologist)))).check()
    screens.save(page, "bulk assign form")
    page.locator("#bulk-submit").click()
    expect(page.locator(".alert-success")).to_contain_text("Assigned on 2 cases")
    expect(page).to_have_url(re.compile(r"cancer_type=colorectal"))  # back to the same view
    for reference in unassigned:
        case = Case.objects.get(reference=reference)
        assert case.coordinator.first_name == "Mei"
        assert case.assignments.filter(specialist=radiologist).exists()
    assert _no_sideways_scroll(page) == {"page": 0, "table": 0}
    screens.save(page, "after bulk assign")

    # In Chinese too, the widest queue fits.
    page.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": live_server.url}])
    page.goto(f"{live_server.url}/queue/")
    expect(page.locator("#queue-count")).to_be_visible()
    assert _no_sideways_scroll(page) == {"page": 0, "table": 0}
    screens.save(page, "queue 1280 zh")


def test_no_sideways_scroll_on_a_phone(new_context, live_server, screens):
    from playwright.sync_api import expect

    _busy_queue()
    page = new_context(**PHONE).new_page()
    log_in(page, live_server.url, "coordinator@demo.mdt", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/queue/")
    expect(page.locator("#queue-count")).to_be_visible()
    assert _no_sideways_scroll(page)["page"] == 0
    screens.save(page, "queue 390")
    page.get_by_role("button", name=re.compile("^Filters")).click()
    # Bootstrap's collapse is "collapsing" while it opens: a tap during the animation can miss the box on a busy
    # machine, so wait until the filters have opened.
    expect(page.locator("#queue-filters")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    page.locator("#id_priority_0").check()
    expect(page).to_have_url(re.compile(r"priority=urgent"))
    assert _no_sideways_scroll(page)["page"] == 0
    screens.save(page, "queue 390 filtered")
