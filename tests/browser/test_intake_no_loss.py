"""Nothing a patient types is lost, in a real browser: an invalid answer, two devices on one step, leaving a page
with unsaved text, and a tab still open when the case was submitted."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case, CaseMessage, State, TreatmentLine
from tests.browser.conftest import PHONE, log_in
from tests.factories import CaseFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def patient_draft(db):
    user = UserFactory(email="lina.chen@example.org", first_name="Lina", last_name="Chen")
    case = CaseFactory(
        owner=user,
        patient_name="Lina Chen",
        patient_birth_date=datetime.date(1968, 5, 2),
        cancer_type="gastric",
        stage_group="IV",
        intake_steps_saved=["diagnosis"],
    )
    return user, case


def step_url(base, case, step):
    return f"{base}/cases/{case.reference}/intake/{step}/"


def saved(page):
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"^Saved at \d"))


def test_an_invalid_karnofsky_keeps_everything_else_and_leads_to_the_field(
    new_context, live_server, screens, patient_draft
):
    user, case = patient_draft
    page = new_context(**DESKTOP).new_page()
    log_in(page, live_server.url, user.email)
    page.goto(step_url(live_server.url, case, "treatment"))
    page.locator("#id_lines-0-regimen").fill("Capecitabine + oxaliplatin")
    page.get_by_label("How active are you day to day? (ECOG)").select_option("2")
    page.locator("#id_karnofsky").fill("65")
    page.locator("#id_comorbidities").fill("Type 2 diabetes, on metformin")
    page.get_by_role("button", name="Save draft").click()

    summary = page.locator("#save-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Everything else on this page was saved")
    expect(page.locator("#id_karnofsky")).to_have_value("65")  # what was typed stays in the field
    expect(page.locator("#id_karnofsky")).to_have_class(re.compile("is-invalid"))
    screens.save(page, "invalid-karnofsky-summary", full_page=False)
    summary.get_by_role("link", name=re.compile("Karnofsky", re.I)).click()
    expect(page.locator("#id_karnofsky")).to_be_focused()

    case.refresh_from_db()
    assert case.ecog == 2 and case.comorbidities == "Type 2 diabetes, on metformin" and case.karnofsky is None
    assert list(TreatmentLine.objects.filter(case=case).values_list("regimen", flat=True)) == [
        "Capecitabine + oxaliplatin"
    ]
    page.locator("#id_karnofsky").fill("70")
    saved(page)  # autosave takes the corrected value
    assert Case.objects.get(pk=case.pk).karnofsky == 70


def test_two_devices_on_one_step_lose_nothing_and_the_patient_chooses(new_context, live_server, screens, patient_draft):
    user, case = patient_draft
    laptop = new_context(**DESKTOP).new_page()
    phone = new_context(**PHONE).new_page()
    for page in (laptop, phone):
        log_in(page, live_server.url, user.email)
        page.goto(step_url(live_server.url, case, "goals"))

    # Different answers on each device: both kept, each page learns the other's.
    laptop.locator("#id_goals_text").fill("To see my daughter graduate in June")
    saved(laptop)
    assert Case.objects.get(pk=case.pk).goals_text == "To see my daughter graduate in June"
    phone.locator("#id_own_questions").fill("Can I fly to Shanghai for treatment?")
    saved(phone)
    case.refresh_from_db()
    assert case.goals_text == "To see my daughter graduate in June"
    assert case.own_questions == "Can I fly to Shanghai for treatment?"

    # The same answer on both: the phone is told, sees both, and nothing is overwritten until it chooses.
    laptop.locator("#id_travel_notes").fill("My son can travel with me")
    saved(laptop)
    phone.locator("#id_travel_notes").fill("I would travel alone")
    conflict = phone.locator("#save-summary fieldset.conflict")
    expect(conflict).to_contain_text("My son can travel with me")
    expect(conflict).to_contain_text("I would travel alone")
    screens.save(phone, "phone-sees-conflict")
    assert Case.objects.get(pk=case.pk).travel_notes == "My son can travel with me"
    conflict.get_by_label(re.compile("Use what was saved on the other device")).check()
    expect(phone.locator("#id_travel_notes")).to_have_value("My son can travel with me")
    saved(phone)
    expect(phone.locator("#save-summary")).to_have_count(0)

    # Both devices' later answers still merge after the choice.
    phone.locator("#id_oncologist_said").fill("Second-line paclitaxel and ramucirumab")
    saved(phone)
    case.refresh_from_db()
    assert case.travel_notes == "My son can travel with me"
    assert case.goals_text == "To see my daughter graduate in June"
    assert case.oncologist_said == "Second-line paclitaxel and ramucirumab"


def test_a_row_removed_on_one_device_and_changed_on_the_other_is_kept_until_the_patient_chooses(
    new_context, live_server, screens, patient_draft
):
    user, case = patient_draft
    line = TreatmentLine.objects.create(case=case, regimen="FOLFOX")
    laptop = new_context(**DESKTOP).new_page()
    phone = new_context(**PHONE).new_page()
    for page in (laptop, phone):
        log_in(page, live_server.url, user.email)
        page.goto(step_url(live_server.url, case, "treatment"))

    laptop.locator("#id_lines-0-regimen").fill("FOLFOX, then capecitabine maintenance")
    saved(laptop)
    # The phone, opened before, removes the line: the laptop's words are not lost, the phone is asked.
    phone.locator("#id_lines-0-DELETE").check()
    choice = phone.locator("#save-summary fieldset.row-conflict")
    expect(choice).to_contain_text("changed on another device")
    expect(choice).to_contain_text("FOLFOX, then capecitabine maintenance")
    expect(phone.locator("#id_lines-0-regimen")).to_have_value("FOLFOX, then capecitabine maintenance")
    expect(phone.locator("#id_lines-0-DELETE")).not_to_be_checked()
    screens.save(phone, "phone-asked-about-a-removed-row")
    assert list(TreatmentLine.objects.filter(case=case).values_list("regimen", flat=True)) == [
        "FOLFOX, then capecitabine maintenance"
    ]
    # The patient chooses to remove it after all.
    choice.get_by_label("Remove it").check()
    expect(phone.locator("#save-summary")).to_have_count(0)
    expect(phone.locator("#id_lines-0-DELETE")).to_be_checked()
    assert not TreatmentLine.objects.filter(pk=line.pk).exists()


def test_leaving_with_unsaved_text_saves_it_first_or_warns(new_context, live_server, patient_draft):
    user, case = patient_draft
    page = new_context(**DESKTOP).new_page()
    log_in(page, live_server.url, user.email)
    page.goto(step_url(live_server.url, case, "treatment"))
    page.locator("#id_weight_kg").fill("52.5")
    page.locator("nav[aria-label='Intake steps']").get_by_role("link", name=re.compile("4. Goals")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Step 4 of 5: Goals and questions")
    assert str(Case.objects.get(pk=case.pk).weight_kg) == "52.5"

    # Closing or reloading the tab right after typing: the browser asks first.
    page.locator("#id_goals_text").fill("More time at home")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]


def test_offline_autosave_says_so_and_saves_when_the_connection_returns(new_context, live_server, patient_draft):
    user, case = patient_draft
    context = new_context(**DESKTOP)
    page = context.new_page()
    log_in(page, live_server.url, user.email)
    page.goto(step_url(live_server.url, case, "goals"))
    context.set_offline(True)
    page.locator("#id_goals_text").fill("Typed on the train")
    expect(page.locator("#autosave-status")).to_contain_text("no connection")
    assert Case.objects.get(pk=case.pk).goals_text == ""
    context.set_offline(False)
    saved(page)
    assert Case.objects.get(pk=case.pk).goals_text == "Typed on the train"


def test_a_tab_left_open_after_submission_gives_the_text_back(new_context, live_server, screens, patient_draft):
    user, case = patient_draft
    page = new_context(**DESKTOP).new_page()
    log_in(page, live_server.url, user.email)
    page.goto(step_url(live_server.url, case, "goals"))
    Case.objects.filter(pk=case.pk).update(state=State.SUBMITTED, submitted_at=timezone.now())  # on another device

    page.locator("#id_own_questions").fill("Is surgery still possible?")
    expect(page.locator("#autosave-status")).to_contain_text("has been submitted")
    expect(page.locator("#id_own_questions")).to_have_value("Is surgery still possible?")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", name="What you typed was not saved")).to_be_visible()
    expect(page.locator("#typed-back")).to_contain_text("Is surgery still possible?")
    screens.save(page, "stale-tab-after-submission")
    page.get_by_role("button", name="Send as a correction").click()
    expect(page.locator("main")).to_contain_text("Message sent.")
    message = CaseMessage.objects.get(case=case)
    assert "Is surgery still possible?" in message.body and "Goals and questions" in message.body
    assert Case.objects.get(pk=case.pk).own_questions == ""

    # The step pages now show the answers read-only, with a plain explanation rather than an error page.
    response = page.goto(step_url(live_server.url, case, "diagnosis"))
    assert response.status == 200
    expect(page.locator("#locked-explained")).to_contain_text("This case was submitted on")
    expect(page.locator("main")).to_contain_text("Lina Chen")
    expect(page.locator("main input[type=text], main textarea")).to_have_count(0)


def _photo_pdf(side: int = 3200) -> bytes:
    """A real PDF of about 12 MB (a noise image that does not compress), so the upload takes several chunks."""
    import io
    import os

    from PIL import Image

    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, format="PDF", quality=95)
    return out.getvalue()


def test_a_refused_file_chosen_twice_never_shows_a_tick(new_context, live_server, screens, patient_draft):
    user, case = patient_draft
    page = new_context(**DESKTOP).new_page()
    log_in(page, live_server.url, user.email)
    page.goto(step_url(live_server.url, case, "records"))
    fake = {"name": "discharge_summary.pdf", "mimeType": "application/pdf", "buffer": b"Discharge summary\n" * 200}
    for attempt in (1, 2):
        page.get_by_label("What kind of record?").select_option(label="Treatment summary")
        page.get_by_label("Date on the record (if known)").fill("2026-11-12")
        page.get_by_label("Files").set_input_files(fake)
        page.get_by_role("button", name="Upload", exact=True).click()
        item = page.locator("#upload-progress li").nth(attempt - 1)
        expect(item.get_by_role("alert")).to_contain_text("discharge_summary.pdf")
        expect(item.locator(".status")).not_to_have_text("✓")
        # The next file starts with a fresh kind and date: nothing carried over from this one.
        expect(page.get_by_label("What kind of record?")).to_have_value("")
        expect(page.get_by_label("Date on the record (if known)")).to_have_value("")
    page.wait_for_timeout(1000)
    expect(page.locator("#upload-progress li.text-success")).to_have_count(0)
    screens.save(page, "refused-twice", full_page=False)
    assert not case.documents.exists()


def test_an_interrupted_upload_resumes_by_itself_when_the_page_is_opened_again(
    new_context, live_server, screens, patient_draft, settings
):
    from cases.models import UploadSession

    settings.UPLOAD_CHUNK_BYTES = 5 * 1024 * 1024  # several requests for this 12 MB file, so one can be cut off

    user, case = patient_draft
    page = new_context(**DESKTOP).new_page()
    log_in(page, live_server.url, user.email)
    page.goto(step_url(live_server.url, case, "records"))
    content = _photo_pdf()
    assert len(content) > 10 * 1024 * 1024

    patches = {"count": 0, "reopened": False}

    def cut_after_first_chunk(route):
        # The connection drops after the first chunk, until the page is opened again.
        if route.request.method == "PATCH" and not patches["reopened"]:
            patches["count"] += 1
            if patches["count"] > 1:
                return route.abort("connectionreset")
        return route.continue_()

    page.route("**/uploads/*/", cut_after_first_chunk)
    page.get_by_label("What kind of record?").select_option(label="Imaging report")
    page.get_by_label("Files").set_input_files(
        {"name": "ct-scan.pdf", "mimeType": "application/pdf", "buffer": content}
    )
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.locator("#upload-progress .detail")).to_contain_text(re.compile(r"5\.0 of 1\d MB|of 1\d MB"))
    for _ in range(100):
        session = UploadSession.objects.filter(case=case).first()
        if session and session.offset >= 5 * 1024 * 1024:
            break
        page.wait_for_timeout(100)
    stopped_at = UploadSession.objects.get(case=case).offset
    assert 0 < stopped_at < len(content)

    offsets = []
    page.on("framenavigated", lambda frame: patches.update(reopened=True))
    page.on("request", lambda r: offsets.append(r.headers.get("upload-offset")) if r.method == "PATCH" else None)
    page.reload()  # the tab is opened again: no file chosen
    item = page.locator("#upload-progress li").filter(has_text="ct-scan.pdf")
    expect(item.locator(".status")).to_have_text("✓", timeout=30_000)
    screens.save(page, "resumed-after-reload", full_page=False)
    assert offsets and int(offsets[0]) >= stopped_at > 0  # continued where it stopped, not from the start
    document = case.documents.get()
    assert document.original_name == "ct-scan.pdf" and document.size == len(content)
    assert document.kind == "imaging_report"
