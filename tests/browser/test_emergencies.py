"""Emergencies in step 3, in a real browser: a "yes" warns the patient at once, in their language, and puts the
case at the top of the coordinator's queue with the reason."""

import datetime
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from cases.models import State
from tests.browser.conftest import PHONE, log_in
from tests.factories import UserFactory, complete_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEEK_CARE_EN = "Go to the nearest emergency department or call your local emergency number now."
SEEK_CARE_ZH = "请立即前往最近的急诊科，或拨打当地的急救电话。"


def step_url(base, case, step):
    return f"{base}/cases/{case.reference}/intake/{step}/"


@pytest.fixture
def patient_case(db):
    user = UserFactory(email="li.wei@example.org", first_name="Li", last_name="Wei")
    # Waiting for the patient's answers: the patient can edit, and the case is already in the queue.
    case = complete_case(user, state=State.AWAITING_INFORMATION, submitted_at=datetime.datetime.now(datetime.UTC))
    return user, case


def test_a_yes_shows_the_emergency_advice_at_once_and_the_case_tops_the_queue(
    new_context, live_server, screens, patient_case
):
    user, case = patient_case
    page = new_context(**PHONE, locale="en-GB").new_page()
    log_in(page, live_server.url, user.email)
    page.goto(step_url(live_server.url, case, "treatment"))
    alert = page.locator("#emergency-alert")
    expect(alert).to_be_hidden()

    question = page.get_by_role("group", name=re.compile("New weakness or numbness in the legs"))
    question.get_by_label("Yes", exact=True).check()
    expect(alert).to_be_visible()  # before any save: no request was made
    expect(alert).to_contain_text(SEEK_CARE_EN)
    expect(alert).to_have_attribute("role", "alert")
    assert page.url == step_url(live_server.url, case, "treatment")
    screens.save(page, "yes-shows-the-alert-at-once")

    question.get_by_label("No", exact=True).check()
    expect(alert).to_be_hidden()

    # Keyboard only: the fever question answered yes with the space bar.
    fever = page.get_by_role("group", name=re.compile("A temperature of 38 °C or higher"))
    fever.get_by_label("Yes", exact=True).focus()
    page.keyboard.press("Space")
    expect(alert).to_be_visible()
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#emergency-alert")).to_be_visible()  # rendered by the server after the save
    expect(
        page.get_by_role("group", name=re.compile("A temperature of 38")).get_by_label("Yes", exact=True)
    ).to_be_checked()

    coordinator = UserFactory(email="mei.chen@example.org", role="coordinator")
    TOTP.activate(coordinator, "DEMODEMODEMODEMODEMODEMODEMODEMO")
    other = complete_case(UserFactory(), state=State.SUBMITTED, priority="urgent", patient_name="Already Urgent")
    desk = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(desk, live_server.url, coordinator.email)
    desk.goto(f"{live_server.url}/queue/")
    first_row = desk.locator("tbody tr").first
    expect(first_row).to_contain_text(case.reference)
    expect(first_row).to_contain_text("Emergency reported: possible febrile neutropenia (fever on chemotherapy)")
    expect(desk.locator("tbody tr").nth(1)).to_contain_text(other.reference)
    screens.save(desk, "queue-emergency-first")


def test_the_emergency_advice_is_shown_in_chinese(new_context, live_server, screens, patient_case):
    user, case = patient_case
    page = new_context(viewport={"width": 1280, "height": 900}, locale="en-US").new_page()
    log_in(page, live_server.url, user.email)
    page.goto(step_url(live_server.url, case, "treatment"))
    page.locator("#language").select_option("zh-hans")  # the patient's choice of language; the select submits itself
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page).to_have_url(step_url(live_server.url, case, "treatment"))
    question = page.get_by_role("group", name=re.compile("面部、颈部或手臂肿胀"))
    question.get_by_label("是", exact=True).check()
    alert = page.locator("#emergency-alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(SEEK_CARE_ZH)
    expect(alert).to_contain_text("请立即就医急诊。")
    screens.save(page, "alert-in-chinese")


def test_without_javascript_the_advice_appears_after_saving(new_context, live_server, patient_case):
    user, case = patient_case
    page = new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False).new_page()
    log_in(page, live_server.url, user.email)
    page.goto(step_url(live_server.url, case, "treatment"))
    page.get_by_role("group", name=re.compile("Vomiting, with no bowel movement")).get_by_label(
        "Yes", exact=True
    ).check()
    expect(page.locator("#emergency-alert")).to_be_hidden()
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_url(step_url(live_server.url, case, "goals"))
    expect(page.locator("#emergency-alert")).to_be_visible()
    expect(page.locator("#emergency-alert")).to_contain_text(SEEK_CARE_EN)
