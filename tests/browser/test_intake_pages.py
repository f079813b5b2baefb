"""Single intake pages in a real browser: refused uploads, keyboard-only use, switching language."""

import datetime
import re

import pytest
from django.utils import translation
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import CaseFactory, UserFactory, add_document
from tests.helpers.files import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAKE_EXE = b"MZ" + b"\x00" * 510


@pytest.fixture
def patient_draft(db):
    user = UserFactory(email="li.wei@example.org", first_name="Li", last_name="Wei")
    case = CaseFactory(
        owner=user,
        patient_name="Li Wei",
        patient_birth_date=datetime.date(1961, 3, 4),
        cancer_type="nsclc",
        cancer_subtype="adenocarcinoma",
        stage_group="IVB",
        metastatic_sites=["bone"],
        intake_steps_saved=["diagnosis"],
    )
    return user, case


def step_url(base, case, step):
    return f"{base}/cases/{case.reference}/intake/{step}/"


@pytest.mark.parametrize("javascript", [True, False], ids=["tus", "no-javascript"])
def test_upload_refusal_names_the_file_and_keeps_the_draft(
    new_context, live_server, screens, patient_draft, javascript
):
    user, case = patient_draft
    add_document(case, "lab_results", datetime.date.today() - datetime.timedelta(days=3), name="blood-count.pdf")
    page = new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript).new_page()
    log_in(page, live_server.url, user.email)
    page.goto(step_url(live_server.url, case, "records"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Step 5 of 5: Records and consent")

    page.get_by_label("What kind of record?").select_option(label="Pathology report")
    page.get_by_label("Files").set_input_files(
        [
            {"name": "report-viewer.exe", "mimeType": "application/octet-stream", "buffer": FAKE_EXE},
            {"name": "biopsy.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes(1, "Biopsy")},
        ]
    )
    page.get_by_role("button", name="Upload", exact=True).click()

    refusal = (
        "report-viewer.exe is named like a program, script or web page, which we never accept as a medical "
        "record. Accepted: PDF, JPEG, PNG, DICOM, or a ZIP of DICOM files."
    )
    if javascript:
        # Each file has its own line: the program is refused beside its name, the PDF finishes.
        exe = page.locator("#upload-progress li").filter(has_text="report-viewer.exe")
        expect(exe.get_by_role("alert")).to_have_text(refusal)
        expect(exe).to_have_class(re.compile(r"\btext-danger\b"))
        pdf = page.locator("#upload-progress li").filter(has_text="biopsy.pdf")
        expect(pdf.locator(".status")).to_have_text("✓")
    else:
        expect(page.get_by_role("alert")).to_have_text(refusal)
        expect(page.get_by_role("status")).to_have_text("1 file(s) added to your case.")
    documents = page.locator("#documents tbody tr")
    expect(documents.filter(has=page.get_by_role("link", name="biopsy.pdf", exact=True))).to_contain_text(
        "Pathology report"
    )
    expect(documents.filter(has=page.get_by_role("link", name="blood-count.pdf", exact=True))).to_have_count(1)
    expect(documents).to_have_count(2)
    expect(page.locator("#documents")).not_to_contain_text("report-viewer.exe")
    screens.save(page, "after-refusal")

    # The draft is untouched: the earlier answers are still on step 1.
    page.get_by_role("link", name="1. Diagnosis and spread").click()
    expect(page.get_by_label("Patient's full name")).to_have_value("Li Wei")
    expect(page.get_by_label("Patient's date of birth")).to_have_value("1961-03-04")
    expect(page.get_by_label("Subtype")).to_have_value("adenocarcinoma")
    expect(page.locator("#id_stage_group")).to_have_value("IVB")
    expect(page.get_by_label("Bone", exact=True)).to_be_checked()
    case.refresh_from_db()
    assert case.state == "draft"
    assert sorted(case.documents.values_list("original_name", flat=True)) == ["biopsy.pdf", "blood-count.pdf"]


FOCUS_CHECK = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {ok: false, why: "nothing focused"};
  const r = el.getBoundingClientRect();
  const desc = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " " + (el.innerText || el.name || "").trim().slice(0, 40);
  if (r.width === 0 || r.height === 0) return {ok: false, why: "zero-sized", desc};
  if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) return {ok: false, why: "off screen", desc};
  // Not hidden under something else (e.g. the sticky Save bar).
  const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  const covered = top && !(el === top || el.contains(top) || top.contains(el) || (el.labels && Array.from(el.labels).some(l => l.contains(top))));
  if (covered) return {ok: false, why: "covered by " + top.tagName.toLowerCase() + "." + top.className, desc};
  return {ok: true, desc};
}"""


def tab_to(page, target, *, limit=60):
    """Press Tab until `target` has focus, checking every stop is visible and not covered."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        try:  # Bootstrap scrolls smoothly: give the scroll to the focused element time to end.
            # A function, not an expression: Playwright evals an expression in the page, which our CSP refuses.
            page.wait_for_function(f"() => ({FOCUS_CHECK})().ok", timeout=2_000)
        except PlaywrightTimeout:
            raise AssertionError(f"focused element not visible: {page.evaluate(FOCUS_CHECK)}") from None
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{target} not reached with {limit} presses of Tab")


def test_intake_can_be_completed_with_the_keyboard_alone(new_context, live_server, screens):
    user = UserFactory(email="keyboard@example.org")
    page = new_context(viewport={"width": 1280, "height": 800}, locale="en-US").new_page()
    log_in(page, live_server.url, user.email)
    page.get_by_role("button", name="Start a new case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Step 1 of 5: Diagnosis and spread")
    url = page.url

    # The first tab stop is the skip link; it shows itself and jumps to the content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    screens.save(page, "skip-link-focused", full_page=False)
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    name = page.get_by_label("Patient's full name")
    tab_to(page, name)
    page.keyboard.type("Aigerim Bekova")
    tab_to(page, page.get_by_label("Patient's date of birth"))
    page.keyboard.type("07141970")  # mm dd yyyy, the en-US date field's order
    sex = page.get_by_label("Sex")
    tab_to(page, sex)
    page.keyboard.press("ArrowDown")  # Female
    expect(sex).to_have_value("female")
    cancer = page.get_by_label("Cancer type")
    tab_to(page, cancer)
    page.keyboard.press("ArrowDown")  # the first cancer type: non-small cell lung cancer
    expect(cancer).to_have_value("nsclc")
    subtype = page.get_by_label("Subtype")
    expect(subtype.locator("option")).to_have_count(5)  # htmx brought the lung subtypes
    tab_to(page, subtype)
    page.keyboard.press("ArrowDown")
    expect(subtype).to_have_value("adenocarcinoma")
    liver = page.get_by_label("Liver", exact=True)
    tab_to(page, liver)
    page.keyboard.press("Space")
    expect(liver).to_be_checked()
    bone = page.get_by_label("Bone", exact=True)
    tab_to(page, bone)
    page.keyboard.press("Space")
    expect(bone).to_be_checked()
    save = page.get_by_role("button", name="Save draft")
    tab_to(page, save)
    screens.save(page, "save-draft-focused", full_page=False)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Saved.")

    page.goto(url)
    expect(page.get_by_label("Patient's full name")).to_have_value("Aigerim Bekova")
    expect(page.get_by_label("Patient's date of birth")).to_have_value("1970-07-14")
    expect(page.get_by_label("Sex")).to_have_value("female")
    expect(page.get_by_label("Cancer type")).to_have_value("nsclc")
    expect(page.get_by_label("Subtype")).to_have_value("adenocarcinoma")
    expect(page.get_by_label("Bone", exact=True)).to_be_checked()
    expect(page.get_by_label("Liver", exact=True)).to_be_checked()
    expect(page.get_by_label("Lung", exact=True)).not_to_be_checked()


def test_patient_switches_the_intake_to_chinese(new_context, live_server, screens, patient_draft):
    user, case = patient_draft
    page = new_context(viewport={"width": 1280, "height": 900}, locale="en-US").new_page()
    log_in(page, live_server.url, user.email)
    page.goto(step_url(live_server.url, case, "diagnosis"))
    expect(page.locator("html")).to_have_attribute("lang", "en")

    language = page.locator("#language")
    expect(page.get_by_label("Language")).to_have_value("en")
    language.select_option("zh-hans")  # the select submits itself

    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page).to_have_url(step_url(live_server.url, case, "diagnosis"))
    expect(language).to_have_value("zh-hans")
    expect(language.locator("option:checked")).to_have_text("简体中文")
    # Still the same working page, with the draft's answers.
    expect(page.locator("#id_patient_name")).to_have_value("Li Wei")
    screens.save(page, "diagnosis-in-chinese")

    # Where the Chinese catalogue already has the words, the page shows them.
    with translation.override("zh-hans"):
        log_out = translation.gettext("Log out")
        save = translation.gettext("Save draft")
    for english, chinese in (("Log out", log_out), ("Save draft", save)):
        if chinese != english:
            expect(page.get_by_role("button", name=chinese, exact=True)).to_be_visible()

    # The choice sticks on the next page.
    page.goto(f"{live_server.url}/cases/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(language).to_have_value("zh-hans")
