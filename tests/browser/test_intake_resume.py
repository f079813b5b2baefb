"""In a real browser, on a phone: new rows take the focus, dates as patients know them, and coming back."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from cases.clinical.panels import panel_for
from cases.models import Biomarker
from tests.browser.conftest import PHONE, log_in
from tests.factories import CaseFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def patient_draft(db):
    user = UserFactory(email="lina.chen@example.org", first_name="Lina", last_name="Chen")
    case = CaseFactory(
        owner=user,
        patient_name="Lina Chen",
        patient_birth_date=datetime.date(1968, 5, 2),
        cancer_type="gastric_oesophageal",
        stage_group="IV",
        intake_steps_saved=["diagnosis"],
    )
    return user, case


def step_url(base, case, step):
    return f"{base}/cases/{case.reference}/intake/{step}/"


def focused_name(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.name || ''")


def assert_clear_of_save_bar(page, field, what):
    """The sticky save bar must not hide the field that has the focus (the scroll may still be moving)."""
    bar = page.locator(".step-bar").first
    for _attempt in range(20):
        box, bar_box = field.bounding_box(), bar.bounding_box()
        if box["y"] + box["height"] <= bar_box["y"]:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"the save bar covers the field after {what}: {box} under {bar_box}")


def test_an_added_row_takes_the_focus_on_its_first_field(new_context, live_server, screens, patient_draft):
    user, case = patient_draft
    Biomarker.objects.create(case=case, marker="HER2", result="not_detected", tested_on=datetime.date(2023, 5, 1))
    page = new_context(**PHONE).new_page()
    log_in(page, live_server.url, user.email)
    page.goto(step_url(live_server.url, case, "treatment"))
    for button, first_field in (
        ("Add another line of treatment", "lines-1-regimen"),
        ("Add another local treatment", "local-1-kind"),
        ("Add another result", "labs-1-test"),
    ):
        page.get_by_role("button", name=button, exact=True).click()
        assert focused_name(page) == first_field, button
        assert_clear_of_save_bar(page, page.locator(f"[name={first_field}]"), button)
        page.keyboard.type("x" if first_field.endswith("regimen") else "")
    screens.save(page, "treatment-rows-added", full_page=False)
    # A re-test of a marker is added by the server: after the round trip the new result has the focus.
    page.goto(step_url(live_server.url, case, "biomarkers"))
    page.get_by_role("button", name=re.compile("^Add another result for HER2")).click()
    expect(page).to_have_url(re.compile(r"\?add=HER2#marker-her2$"))
    her2 = page.locator("#marker-her2 .biomarker-result")
    expect(her2).to_have_count(2)
    expect(her2.last.locator("select").first).to_be_focused()
    screens.save(page, "biomarker-retest-focused", full_page=False)


def test_a_month_only_diagnosis_date_is_kept_and_shown_as_entered(new_context, live_server, screens, patient_draft):
    user, case = patient_draft
    page = new_context(**PHONE).new_page()
    log_in(page, live_server.url, user.email)
    page.goto(step_url(live_server.url, case, "diagnosis"))
    page.get_by_label("Date of diagnosis").fill("2024-03")
    page.get_by_label("Date of the latest brain MRI").fill("15/03/2024")
    page.get_by_role("button", name="Save draft").click()
    # The day-first date is refused with its reason and stays in its box; the month is saved.
    expect(page.get_by_label("Date of the latest brain MRI")).to_have_value("15/03/2024")
    expect(page.locator("#main, main").first).to_contain_text("Write the year first")
    screens.save(page, "diagnosis-date-errors")
    page.goto(step_url(live_server.url, case, "diagnosis"))
    expect(page.get_by_label("Date of diagnosis")).to_have_value("2024-03")
    page.goto(f"{live_server.url}/cases/{case.reference}/review/")
    expect(page.locator("#summary-diagnosis")).to_contain_text("Mar 2024")  # YEAR_MONTH_FORMAT, config/formats/en


def test_continue_and_my_cases_take_the_patient_to_the_first_unfinished_step(
    new_context, live_server, screens, patient_draft
):
    user, case = patient_draft
    case.diagnosis_date = datetime.date(2024, 3, 1)
    case.diagnosis_date_precision = "month"
    case.intake_steps_saved = ["diagnosis", "biomarkers"]
    case.save()
    codes = [m.code for m in panel_for("gastric_oesophageal")]
    for code in codes[:2]:  # two of the panel's markers answered: step 2 is not finished
        Biomarker.objects.create(case=case, marker=code, result="not_tested")
    page = new_context(**PHONE).new_page()
    log_in(page, live_server.url, user.email)
    page.goto(f"{live_server.url}/cases/")
    row = page.get_by_role("row").filter(has_text=case.reference)
    expect(row).to_contain_text("1 of 5 steps done")
    screens.save(page, "my-cases-progress")
    row.get_by_role("link", name="Continue at step 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Step 2 of 5: Pathology and biomarkers")
    stepper = page.get_by_role("navigation", name="Intake steps")
    expect(stepper.get_by_role("link", name=re.compile(r"^2\. Pathology"))).to_contain_text("saved, something missing")


def test_the_save_buttons_stay_put_when_the_autosave_status_changes(new_context, live_server, patient_draft):
    """The bar sits at the bottom of the screen: a status growing to two lines must not move the buttons."""
    user, case = patient_draft
    page = new_context(**PHONE).new_page()
    log_in(page, live_server.url, user.email)
    page.goto(step_url(live_server.url, case, "treatment"))
    button = page.get_by_role("button", name="Save and continue")
    before = button.bounding_box()
    page.locator("#autosave-status").evaluate(
        "(s) => { s.textContent = s.dataset.textProblems.replace('{time}', '14:02'); }"
    )
    assert button.bounding_box() == before


def test_save_and_continue_pressed_during_an_autosave_keeps_each_answer_once(
    new_context, live_server, screens, patient_draft
):
    user, case = patient_draft
    page = new_context(**PHONE).new_page()
    log_in(page, live_server.url, user.email)
    held = []

    def hold_the_first_autosave(route):
        if route.request.method == "POST" and route.request.headers.get("x-autosave") and not held:
            held.append(route)  # answered below, after the patient has pressed the button
        else:
            route.continue_()

    page.route("**/intake/biomarkers/", hold_the_first_autosave)
    page.goto(step_url(live_server.url, case, "biomarkers"))
    her2 = page.locator("#marker-her2")
    her2.get_by_label("Result", exact=True).select_option(label="Not detected (negative)")
    for _wait in range(50):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the autosave was not sent"
    page.get_by_role("button", name="Save and continue").click()
    held[0].continue_()
    expect(page.get_by_role("heading", level=1)).to_have_text("Step 3 of 5: Treatment and condition now")
    assert list(Biomarker.objects.filter(case=case).values_list("marker", "result")) == [("HER2", "not_detected")]
