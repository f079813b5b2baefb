"""The warning before an idle session ends: staying keeps the page, and an ended session keeps what was typed."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import CaseFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def short_sessions(settings):
    """One idle minute, the warning after three seconds of it."""
    settings.SESSION_IDLE_MINUTES_PATIENT = 1
    settings.SESSION_WARNING_SECONDS = 57


def test_the_warning_lets_a_patient_stay_and_never_clears_what_they_typed(
    new_context, live_server, screens, short_sessions
):
    user = UserFactory(email="li.wei@example.org")
    case = CaseFactory(owner=user, patient_birth_date=datetime.date(1961, 3, 4), cancer_type="nsclc")
    context = new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, live_server.url, user.email)
    page.goto(f"{live_server.url}/cases/{case.reference}/intake/diagnosis/")
    name = page.locator("#id_patient_name")
    name.fill("Li Wei, typed but not saved")
    dialog = page.get_by_role("dialog", name="Are you still there?")
    # Typing counted as being there: the session was extended without asking. Then nothing happens…
    expect(dialog).to_be_visible(timeout=10_000)
    screens.save(page, "warning")
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    expect(name).to_have_value("Li Wei, typed but not saved")

    # The session ends elsewhere (here: its cookie is gone); the page says so and keeps the text.
    context.clear_cookies()
    ended = page.get_by_role("dialog", name="You have been signed out")
    expect(ended).to_be_visible(timeout=10_000)
    screens.save(page, "ended")
    ended.get_by_role("button", name="Close").click()
    expect(name).to_have_value("Li Wei, typed but not saved")
    expect(page).to_have_url(f"{live_server.url}/cases/{case.reference}/intake/diagnosis/")
