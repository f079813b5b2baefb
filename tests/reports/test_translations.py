"""The report in the patient's language: the MDT writes in English, translators translate and check, and only a
report whose every team text has a checked translation is released. PDFs are read back with pdftotext."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cases.models import AccessRecord, CaseEvent, ReadKind, State
from reports import translations
from reports.models import Consensus, PatientReport, TextTranslation
from reports.report_release import (
    ERR_TRANSLATIONS_CHANGED,
    ReportError,
    report_prepare,
    report_release,
)
from reports.translations import OUTDATED, TranslationError, digest
from tests.factories import UserFactory
from tests.helpers.pdfs import page_texts, squeeze
from tests.reports.report_helpers import reviewed_case

pytestmark = pytest.mark.django_db

# Each English text of tests.reports.report_helpers.reviewed_case, as a medical translator would render it.
ZH = {
    "patient_summary": "癌症在脑部有所进展。计划是针对脑部病灶进行治疗，并尝试一种新药。",
    "answer:seed:realistic_goal": "长期控制病情是现实的；由于脑部和肝脏都有转移，完全缓解的可能性不大。",
    "answer:seed:treatment_options": "有：一种第四代EGFR抑制剂的临床试验，以及针对脑部的放射治疗。",
    "answer:own:1": "奥希替尼能很好地进入脑部，但新出现的病灶提示单靠它已经不够。",
    "answer:own:2": "需要。重新活检或液体活检可以显示癌症为何不再有反应。",
    "plan": "对脑部病灶进行立体定向放射治疗，随后参加一种新型EGFR抑制剂的临床试验。",
    "alternatives": "如果没有临床试验名额，可采用培美曲塞联合铂类化疗。",
    "goal_explanation": "在您继续工作的同时，争取多年控制病情。",
    "tests_first": "对正在增大的病灶重新活检，或进行液体活检，以了解奥希替尼为何失效。",
    "china_notes": "中国有多家中心开展EGFR相关临床试验；ECOG评分为1时可以出行。",
    "supportive_care": "请营养师帮助应对体重下降，并进行康复理疗。",
}


def zh(text: str) -> str:
    with translation.override("zh-hans"):
        return gettext(text)


@pytest.fixture
def chinese_case(patient):
    case, _team = reviewed_case(patient, report_language="zh-hans", written_in="en")
    return case


def english_texts(case) -> list[str]:
    consensus = Consensus.objects.get(case=case)
    return [t.text for t in translations.mdt_texts(case, consensus)]


def translate_all(case, translator, checker, texts=ZH):
    consensus = Consensus.objects.get(case=case)
    for row in TextTranslation.objects.filter(case=case):
        source = translations.current_text(consensus, row.key)
        saved = translations.translation_save(
            translation=row, by=translator, text=texts[row.key], source_seen=digest(source)
        )
        translations.translation_check(translation=saved, by=checker, text_seen=digest(saved.text))


def test_preparing_a_chinese_report_asks_for_a_translation_of_every_team_text(chinese_case, coordinator):
    report = report_prepare(case=chinese_case, by=coordinator)
    assert report.language == "zh-hans" and not report.bilingual
    keys = list(TextTranslation.objects.filter(case=chinese_case, language="zh-hans").values_list("key", flat=True))
    assert keys == list(ZH)  # the summary, each answer, plan, alternatives, goal, tests, China, supportive care
    assert set(TextTranslation.objects.values_list("status", flat=True)) == {TextTranslation.Status.TO_TRANSLATE}


def test_release_is_refused_while_a_text_lacks_a_checked_translation_and_lists_them(chinese_case, coordinator):
    report = report_prepare(case=chinese_case, by=coordinator)
    with pytest.raises(ReportError) as error:
        report_release(report=report, by=coordinator)
    message = str(error.value.message)
    assert "Summary for the patient" in message and "Recommended plan" in message
    assert "Answer: Should the lung tissue be biopsied again?" in message
    report.refresh_from_db()
    assert report.released_at is None
    assert chinese_case.state == State.IN_REVIEW


def test_translated_then_checked_chinese_report_has_no_english_team_text(
    chinese_case, coordinator, translator, checker
):
    report_prepare(case=chinese_case, by=coordinator)
    translate_all(chinese_case, translator, checker)
    stale = PatientReport.objects.get(case=chinese_case)
    with pytest.raises(ReportError) as error:
        report_release(report=stale, by=coordinator)  # rendered before the translations were checked
    assert error.value.message == ERR_TRANSLATIONS_CHANGED

    from cases.models import Biomarker

    Biomarker.objects.create(
        case=chinese_case, marker="EGFR", result="detected", specimen="tissue_primary", collected_on="2025-06-13"
    )
    Biomarker.objects.create(
        case=chinese_case,
        marker="PDL1",
        result="detected",
        pdl1_score="5",
        pdl1_system="TPS",
        tested_on="2025-03-01",
        tested_on_precision="month",
    )
    report = report_prepare(case=chinese_case, by=coordinator)
    report_release(report=report, by=coordinator)
    chinese_case.refresh_from_db()
    assert chinese_case.state == State.REPORT_ISSUED

    with report.file.open("rb") as handle:
        text = squeeze(" ".join(page_texts(handle.read())))
    for english in english_texts(chinese_case):
        assert squeeze(english) not in text
    for word in ("Stereotactic", "pemetrexed", "dietitian", "biopsy", "Written by the team"):
        assert word not in text
    for chinese in ZH.values():
        assert squeeze(chinese) in text
    assert squeeze(zh("This report is in %(language)s.") % {"language": "简体中文"}) in text
    assert "简体中文" in text  # and in the footer of every page
    # The test results' dates read as every other date of a Chinese report does, not in the ISO form.
    assert "2025年6月13日" in text and "2025-06-13" not in text
    assert "2025年3月" in text and "2025-03" not in text


def test_nobody_checks_their_own_translation(chinese_case, coordinator, translator):
    report_prepare(case=chinese_case, by=coordinator)
    row = TextTranslation.objects.get(case=chinese_case, key="plan")
    consensus = Consensus.objects.get(case=chinese_case)
    saved = translations.translation_save(
        translation=row, by=translator, text=ZH["plan"], source_seen=digest(consensus.plan)
    )
    with pytest.raises(TranslationError) as error:
        translations.translation_check(translation=saved, by=translator, text_seen=digest(saved.text))
    assert error.value.message == translations.ERR_OWN
    saved.refresh_from_db()
    assert saved.status == TextTranslation.Status.TRANSLATED


def test_a_translator_of_another_language_cannot_translate(chinese_case, coordinator):
    report_prepare(case=chinese_case, by=coordinator)
    russian_only = UserFactory(role="translator", translates=["ru"])
    row = TextTranslation.objects.get(case=chinese_case, key="plan")
    with pytest.raises(TranslationError):
        translations.translation_save(translation=row, by=russian_only, text="План", source_seen=digest("x"))


def test_a_text_changed_after_translation_is_out_of_date_and_blocks_release(
    chinese_case, coordinator, translator, checker
):
    report_prepare(case=chinese_case, by=coordinator)
    translate_all(chinese_case, translator, checker)
    Consensus.objects.filter(case=chinese_case).update(plan="Whole-brain radiotherapy, then a trial.")
    report = report_prepare(case=chinese_case, by=coordinator)
    row = TextTranslation.objects.get(case=chinese_case, key="plan")
    consensus = Consensus.objects.get(case=chinese_case)
    assert translations.state_of(row, consensus) == OUTDATED
    with pytest.raises(ReportError) as error:
        report_release(report=report, by=coordinator)
    assert "Recommended plan" in str(error.value.message)
    assert "Summary for the patient" not in str(error.value.message)  # still checked and current


def test_translator_saving_over_a_text_the_team_changed_meanwhile_is_refused(chinese_case, coordinator, translator):
    report_prepare(case=chinese_case, by=coordinator)
    row = TextTranslation.objects.get(case=chinese_case, key="plan")
    seen = digest(Consensus.objects.get(case=chinese_case).plan)
    Consensus.objects.filter(case=chinese_case).update(plan="Something else entirely.")
    with pytest.raises(TranslationError) as error:
        translations.translation_save(translation=row, by=translator, text=ZH["plan"], source_seen=seen)
    assert error.value.message == translations.ERR_SOURCE_CHANGED


def test_an_english_report_needs_no_translation(chinese_case, coordinator):
    report = report_prepare(case=chinese_case, by=coordinator, language="en")
    assert not TextTranslation.objects.exists()
    report_release(report=report, by=coordinator)


def test_a_correction_keeps_the_language_of_the_last_version(chinese_case, coordinator, translator, checker):
    report_prepare(case=chinese_case, by=coordinator, language="zh-hans", bilingual=True)
    translate_all(chinese_case, translator, checker)
    first = report_prepare(case=chinese_case, by=coordinator)  # again, with the translations
    assert first.bilingual and first.language == "zh-hans"
    report_release(report=first, by=coordinator)
    correction = report_prepare(case=chinese_case, by=coordinator, correction_note="更正了会议日期")
    assert correction.version == 2 and correction.language == "zh-hans" and correction.bilingual
    report_release(report=correction, by=coordinator)  # the checked translations still hold


def test_bilingual_report_is_chinese_then_english_with_each_half_numbered_in_its_language(
    chinese_case, coordinator, translator, checker
):
    report_prepare(case=chinese_case, by=coordinator, language="zh-hans", bilingual=True)
    translate_all(chinese_case, translator, checker)
    report = report_prepare(case=chinese_case, by=coordinator)
    with report.file.open("rb") as handle:
        pages = page_texts(handle.read())
    english_start = next(i for i, page in enumerate(pages) if "Your second-opinion report" in page)
    chinese, english = pages[:english_start], pages[english_start:]
    assert chinese and english
    assert squeeze(ZH["plan"]) in squeeze(" ".join(chinese))
    assert squeeze("Stereotactic radiotherapy to the brain lesions") in squeeze(" ".join(english))
    assert all("第" in page and "页" in page for page in chinese)
    assert all("Page" in page for page in english) and not any("第" in p and "页" in p for p in english)


def test_the_translator_works_from_a_queue_and_a_side_by_side_editor(
    chinese_case, coordinator, translator, checker, client
):
    report_prepare(case=chinese_case, by=coordinator)
    client.force_login(translator)
    queue = client.get(reverse("reports:translation_queue"))
    assert queue.status_code == 200
    assert b"Recommended plan" in queue.content and chinese_case.reference.encode() in queue.content
    intro = queue.content.decode().split("into the languages you translate", 1)[1].split(")", 1)[0]
    assert intro == " (简体中文"  # the translator's one language, named as its readers write it; not the site's list

    row = TextTranslation.objects.get(case=chinese_case, key="plan")
    url = reverse("reports:translation_edit", args=[row.pk])
    page = client.get(url)
    assert "Stereotactic radiotherapy to the brain lesions" in page.content.decode()
    assert AccessRecord.objects.filter(case_id=chinese_case.pk, what=ReadKind.TRANSLATION, reader_id=translator.pk)
    source = digest(Consensus.objects.get(case=chinese_case).plan)
    response = client.post(url, {"text": ZH["plan"], "source": source})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == TextTranslation.Status.TRANSLATED and row.translated_by == translator
    # The translator's own work waits for someone else; there is no "mark checked" for them.
    assert b"translation-check-form" not in client.get(url).content
    assert (
        client.post(reverse("reports:translation_check", args=[row.pk]), {"text": digest(ZH["plan"])}).status_code
        == 200
    )
    row.refresh_from_db()
    assert row.status == TextTranslation.Status.TRANSLATED

    client.force_login(checker)
    assert b"translation-check-form" in client.get(url).content
    client.post(reverse("reports:translation_check", args=[row.pk]), {"text": digest(ZH["plan"])})
    row.refresh_from_db()
    assert row.status == TextTranslation.Status.CHECKED and row.checked_by == checker
    assert CaseEvent.objects.filter(case=chinese_case, kind="translation_checked").exists()


def test_a_translator_sees_no_case_page_and_no_other_language(chinese_case, coordinator, translator, client):
    report_prepare(case=chinese_case, by=coordinator)
    client.force_login(translator)
    assert client.get(reverse("intake:case_detail", args=[chinese_case.reference])).status_code == 404
    assert client.get(reverse("cases:queue")).status_code in (403, 404)
    other = UserFactory(role="translator", translates=["ru"])
    client.force_login(other)
    row = TextTranslation.objects.get(case=chinese_case, key="plan")
    assert client.get(reverse("reports:translation_edit", args=[row.pk])).status_code == 404
    assert b"Recommended plan" not in client.get(reverse("reports:translation_queue")).content


def test_patients_and_specialists_have_no_translation_pages(chinese_case, coordinator, patient, client):
    report_prepare(case=chinese_case, by=coordinator)
    row = TextTranslation.objects.get(case=chinese_case, key="plan")
    for user in (patient, chinese_case.assignments.first().specialist):
        client.force_login(user)
        assert client.get(reverse("reports:translation_queue")).status_code == 404
        assert client.get(reverse("reports:translation_edit", args=[row.pk])).status_code == 404


def test_the_coordinator_sees_which_texts_are_not_yet_translated(chinese_case, coordinator, client):
    client.force_login(coordinator)
    client.post(reverse("reports:report_prepare", args=[chinese_case.reference]), {"language": "zh-hans"})
    panel = client.get(reverse("reports:report_panel", args=[chinese_case.reference])).content.decode()
    assert "report-release-blocked" in panel and "Recommended plan" in panel
    assert "简体中文" in panel and "zh-hans</" not in panel  # the language by name, not its code
    refused = client.post(
        reverse("reports:report_release", args=[chinese_case.reference]),
        {"version": 1, "sha256": PatientReport.objects.get().sha256, "confirm": "on"},
        follow=True,
    )
    assert "no checked translation yet" in refused.content.decode()
    assert PatientReport.objects.get().released_at is None


def machine(text, *, source, target):
    """A stand-in for an installation's translation service (none is shipped)."""
    return f"[{source}->{target}] {text}"


def test_no_machine_draft_unless_a_service_is_configured(chinese_case, coordinator):
    report_prepare(case=chinese_case, by=coordinator)
    assert set(TextTranslation.objects.values_list("text", flat=True)) == {""}


@override_settings(MDT_TRANSLATION_SERVICE="tests.reports.test_translations.machine")
def test_a_configured_service_drafts_but_a_person_still_translates_and_checks(chinese_case, coordinator, translator):
    report = report_prepare(case=chinese_case, by=coordinator)
    # What the worker runs (reports.tasks.machine_drafts, enqueued on commit).
    assert translations.machine_drafts(list(TextTranslation.objects.values_list("pk", flat=True))) == len(ZH)
    row = TextTranslation.objects.get(case=chinese_case, key="plan")
    assert row.machine_draft and row.text.startswith("[en->zh-hans] Stereotactic")
    assert row.status == TextTranslation.Status.TO_TRANSLATE
    with pytest.raises(ReportError):
        report_release(report=report, by=coordinator)
