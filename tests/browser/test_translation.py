"""A Chinese-reading patient's report, end to end in the browser: the chair writes in English, a translator
translates each text into Chinese, a second translator checks it, the coordinator releases it, and the patient's
PDF, read back with pdftotext, holds no English text of the team."""

import re

import pytest
from django.core.management import call_command

from cases.models import Case, State, User
from reports.models import PatientReport, TextTranslation
from reports.opinions import opinion_save
from tests.browser.conftest import PHONE, log_in
from tests.helpers.pdfs import page_texts, squeeze

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "demo-password-2026"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
REFERENCE = "MDT-DEMZ8H"  # ALK+ NSCLC in review; the patient reads Chinese; the report is promised in Chinese

# What the chair writes, and what a medical translator makes of it.
ENGLISH_TO_CHINESE = {
    "Alectinib is still working: keep taking it and have a CT scan every three months.": (
        "阿来替尼仍然有效：请继续服用，并每三个月做一次CT检查。"
    ),
    "Continue alectinib 600 mg twice daily; CT of the chest and abdomen and brain MRI every 3 months.": (
        "继续服用阿来替尼600毫克，每日两次；每3个月做一次胸部和腹部CT以及脑部磁共振检查。"
    ),
    "Many people with ALK-positive lung cancer live with it under control for several years.": (
        "许多ALK阳性肺癌患者可以在病情得到控制的情况下生活多年。"
    ),
    "If the cancer grows, lorlatinib is the next option, after a new biopsy.": (
        "如果肿瘤进展，在重新活检之后，劳拉替尼是下一个选择。"
    ),
    "Alectinib and the scans are available at several cancer centres in China.": (
        "中国多家肿瘤中心可以提供阿来替尼和这些影像检查。"
    ),
}
SUMMARY, PLAN, ANSWER_GOAL, ANSWER_OPTIONS, CHINA = ENGLISH_TO_CHINESE


def test_chinese_report_is_written_in_english_translated_checked_and_released(new_context, live_server, screens):
    from playwright.sync_api import expect

    call_command("seed_demo", stdout=open("/dev/null", "w"))
    case = Case.objects.get(reference=REFERENCE)
    for email in ("radiologist@demo.mdt", "pathologist@demo.mdt", "oncologist@demo.mdt"):
        opinion_save(case=case, by=User.objects.get(email=email), data={"assessment": "Agree: continue."}, submit=True)
    case_url = f"{live_server.url}/cases/{REFERENCE}/"

    # The chair writes the consensus in English and agrees it (after being asked).
    chair = new_context(**DESKTOP).new_page()
    log_in(chair, live_server.url, "oncologist@demo.mdt", DEMO_PASSWORD)
    chair.goto(case_url + "consensus/")
    chair.get_by_label("Long-term disease control").check()
    chair.get_by_label("Recommended plan").fill(PLAN)
    chair.get_by_label("Plain summary for the patient").fill(SUMMARY)
    answers = chair.locator("textarea[name^=answer_]")
    answers.nth(0).fill(ANSWER_GOAL)
    answers.nth(1).fill(ANSWER_OPTIONS)
    chair.get_by_label("Suitable", exact=True).check()
    chair.get_by_label("What care in China would involve").fill(CHINA)
    chair.get_by_role("button", name="Agree and finalise").click()
    chair.get_by_role("button", name="Yes, agree the consensus").click()
    expect(chair.get_by_role("status").first).to_contain_text("The consensus is agreed")

    # The coordinator prepares version 1: in Chinese by default; release is held for the translations.
    coordinator = new_context(**DESKTOP).new_page()
    log_in(coordinator, live_server.url, "coordinator@demo.mdt", DEMO_PASSWORD)
    coordinator.goto(case_url)
    panel = coordinator.locator("#report")
    expect(panel.get_by_label("Language of the report")).to_have_value("zh-hans")
    panel.get_by_role("button", name="Prepare the report").click()
    expect(panel).to_contain_text("Version 1 is ready")
    expect(panel.locator("#report-draft-language")).to_have_text("简体中文")
    blocked = panel.locator("#report-release-blocked")
    expect(blocked).to_contain_text("no checked translation yet")
    for label in ("Summary for the patient", "Recommended plan", "Care in China"):
        expect(blocked).to_contain_text(label)
    expect(panel.get_by_role("button", name="Release to the patient")).to_be_disabled()
    screens.save(coordinator, "release held for translations")
    assert PatientReport.objects.get(case=case).released_at is None

    # The translator translates every text, side by side with the English.
    translator = new_context(**DESKTOP).new_page()
    log_in(translator, live_server.url, "translator@demo.mdt", DEMO_PASSWORD)
    expect(translator).to_have_url(f"{live_server.url}/translations/")
    expect(translator.locator("#to-translate tbody tr")).to_have_count(5)
    expect(translator.locator("main p").first).to_contain_text("(简体中文)")  # her language, not the site's menu
    screens.save(translator, "translation queue")
    translator.locator("#to-translate a").first.click()
    for _text in range(5):
        source = translator.locator("#translation-source").inner_text().strip()
        translator.locator("#translation-form textarea").fill(ENGLISH_TO_CHINESE[source])
        if _text == 0:
            screens.save(translator, "side-by-side editor")
        translator.get_by_role("button", name="Save the translation").click()
        expect(translator.locator("#translation-state")).to_have_text("Translated, to check")
        expect(translator.locator("#translation-needs-second")).to_be_visible()
        if _text < 4:
            translator.locator("#translation-next").click()
    translator.goto(f"{live_server.url}/translations/")
    expect(translator.locator("#to-translate tbody tr")).to_have_count(0)
    expect(translator.locator("#waiting tbody tr")).to_have_count(5)

    # The coordinator, who also translates into Chinese, checks each one.
    coordinator.goto(f"{live_server.url}/translations/")
    expect(coordinator.locator("#to-check tbody tr")).to_have_count(5)
    for _text in range(5):
        coordinator.locator("#to-check a").first.click()
        source = coordinator.locator("#translation-source").inner_text().strip()
        expect(coordinator.locator("#translation-form textarea")).to_have_value(ENGLISH_TO_CHINESE[source])
        coordinator.get_by_role("button", name="The translation is right: mark it checked").click()
        expect(coordinator.get_by_role("status").first).to_contain_text("Translation checked")
    assert set(TextTranslation.objects.filter(case=case).values_list("status", flat=True)) == {"checked"}

    # Version 1 was prepared before the translations: prepared again, it carries them and can be released.
    coordinator.goto(case_url)
    panel = coordinator.locator("#report")
    expect(panel.locator("#report-release-blocked")).to_contain_text("Prepare it again")
    panel.get_by_role("button", name="Prepare again from the consensus").click()
    expect(panel).to_contain_text("Version 1 is ready")
    expect(panel.locator("#report-release-blocked")).to_have_count(0)
    coordinator.get_by_label("I have read this version; the patient may see it.").check()
    coordinator.get_by_role("button", name="Release to the patient").click()
    expect(coordinator.locator("#case-state")).to_have_text("Report issued")
    screens.save(coordinator, "released")

    # The patient, on a phone whose browser asks for English, downloads the report: the site speaks the Chinese
    # of her account, and the report is Chinese, with none of the team's English and no ISO dates.
    patient = new_context(**PHONE, locale="en-US").new_page()
    log_in(patient, live_server.url, "patient-zh@demo.mdt", DEMO_PASSWORD)
    patient.goto(case_url)
    expect(patient.locator("#report")).to_be_visible()
    expect(patient.locator("#report")).to_contain_text("您的第二诊疗意见报告")
    screens.save(patient, "patient sees the report")
    response = patient.request.get(f"{live_server.url}/cases/{REFERENCE}/report/v1.pdf")
    assert response.ok
    text = squeeze(" ".join(page_texts(response.body())))
    for english, chinese in ENGLISH_TO_CHINESE.items():
        assert squeeze(english) not in text
        assert squeeze(chinese) in text
    for word in ("Alectinib", "lorlatinib", "Written by the team", "Not yet translated"):
        assert word not in text
    assert "本报告" in text and "简体中文" in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # the test results' dates too: 2025年6月13日
    case.refresh_from_db()
    assert case.state == State.REPORT_ISSUED
