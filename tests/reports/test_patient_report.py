"""The patient's second-opinion report: read back from the PDF in English and Chinese, released and versioned."""

import datetime
import hashlib
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from cases.clinical.codes import SEED_QUESTIONS
from cases.clinical.panels import panel_for
from cases.lifecycle import TransitionError, case_transition
from cases.models import Biomarker, CaseEvent, CaseMessage, Notification, ResponseAssessment, State
from reports.documents.patient_report import patient_report_pdf
from reports.models import Consensus, PatientReport
from reports.report_release import (
    ERR_ALREADY_RELEASED,
    ERR_NO_CONSENSUS,
    ERR_NO_RELEASED_REPORT,
    ERR_NOT_COORDINATOR,
    ERR_NOTE_NEEDED,
    ReportError,
    report_prepare,
    report_release,
)
from tests.factories import UserFactory
from tests.helpers.pdfs import bookmarks, flat, fonts, page_texts, raw_text, squeeze, words_past_the_margins
from tests.reports.report_helpers import ANSWERS, reviewed_case

pytestmark = pytest.mark.django_db

SECTIONS = [
    "In short",
    "What the team reviewed",
    "Who reviewed your case",
    "Your questions, answered",
    "The recommended plan",
    "The realistic goal",
    "Your test results the team read",
    "Tests to ask your doctor for",
    "Care in China",
    "Supportive care",
    "Next steps",
    "A second opinion, not a treatment order",
]
DISCLAIMER = "It is not a prescription or a treatment order"
CJK = re.compile(r"[\u4e00-\u9fff]")


def zh(text: str) -> str:
    with translation.override("zh-hans"):
        return gettext(text)


@pytest.fixture
def case_and_team(patient):
    return reviewed_case(patient)


@pytest.fixture
def english(case_and_team):
    case, _team = case_and_team
    pdf = patient_report_pdf(case)
    return case, pdf, page_texts(pdf)


# What the PDF says (English) ------------------------------------------------------------------------------------------


def test_every_section_is_a_bookmark_in_reading_order(english):
    _case, pdf, _pages = english
    assert bookmarks(pdf) == SECTIONS


def test_each_question_is_followed_by_the_teams_answer(english):
    case, _pdf, pages = english
    text = flat(" ".join(pages))
    questions = [
        SEED_QUESTIONS["realistic_goal"],
        SEED_QUESTIONS["treatment_options"],
        "Is osimertinib still useful for the brain lesions?",
        "Should the lung tissue be biopsied again?",
    ]
    answers = [ANSWERS["seed:realistic_goal"], ANSWERS["seed:treatment_options"], ANSWERS["own:1"], ANSWERS["own:2"]]
    positions = []
    for question, answer in zip(questions, answers, strict=True):
        assert question in text
        assert answer in text
        positions += [text.index(question), text.index(answer)]
    assert positions == sorted(positions), "each answer comes right after its question"


def test_a_question_without_an_answer_says_so(patient):
    case, _team = reviewed_case(patient, answers={"seed:realistic_goal": "Long-term control."})
    text = flat(" ".join(page_texts(patient_report_pdf(case))))
    assert "Should the lung tissue be biopsied again?" in text
    assert text.count("The team did not answer this question separately") == 3


def test_reviewers_are_named_with_their_discipline_and_the_chair_is_marked(english):
    _case, _pdf, pages = english
    text = flat(" ".join(pages))
    section = text[text.index("Who reviewed your case") : text.index("Your questions, answered")]
    assert "Wang Jun MDT chair Medical oncology" in section
    assert "Zhang Li Radiology" in section
    assert "Liu Yang Pathology" in section
    assert "Chen Draft" not in text  # assigned, but the opinion was never submitted


def test_reference_and_page_number_on_every_page(english):
    case, _pdf, pages = english
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert case.reference in page
        assert f"Page {number} of {len(pages)}" in page


def test_says_what_was_reviewed_and_when(english):
    case, _pdf, pages = english
    text = flat(" ".join(pages))
    assert "Non-small cell lung cancer, Adenocarcinoma, Stage IVB" in text
    assert "3 records you sent: Pathology report (1); Imaging report (1); Biomarker / NGS report (1)." in text
    meeting = date_format(timezone.localtime(case.mdt_meeting_at).date(), "DATE_FORMAT")
    assert f"at its meeting on {meeting}." in text


def test_a_meeting_still_to_come_is_not_said_to_have_reviewed_the_case(patient):
    case, _team = reviewed_case(patient, mdt_meeting_at=timezone.now() + datetime.timedelta(days=3))
    text = flat(" ".join(page_texts(patient_report_pdf(case))))
    assert "at its meeting on" not in text and "MDT meeting" not in text


def test_plan_goal_and_what_remission_means_for_this_cancer(english):
    _case, _pdf, pages = english
    text = flat(" ".join(pages))
    assert "Stereotactic radiotherapy to the brain lesions" in text
    assert "Platinum chemotherapy with pemetrexed" in text
    assert "Long-term disease control" in text
    assert "stop the cancer from growing for as long as possible" in text
    assert "Non-small cell lung cancer · RECIST 1.1" in text
    assert "at least 30 per cent" in text
    assert "No evidence of disease (NED)" in text


def test_remission_follows_the_cancer_type(patient):
    case, _team = reviewed_case(patient, cancer_type="aml", cancer_subtype="")
    text = flat(" ".join(page_texts(patient_report_pdf(case))))
    assert "ELN 2022" in text
    assert "CR without measurable residual disease (MRD-negative)" in text
    assert "RECIST" not in text


def test_tests_to_ask_for_say_why_and_how(english):
    case, pdf, _pages = english
    text = flat(raw_text(pdf))
    section = text[text.index("Tests to ask your doctor for") : text.index("Care in China")]
    assert "A new biopsy of a growing lesion" in section
    # The reason printed is the one for this cancer (lung), not the marker's general one (clinical review A2).
    for_this_cancer = {m.code: m for m in panel_for(case.cancer_type, case.cancer_subtype)}
    for code in ("ALK", "MET"):
        m = for_this_cancer[code]
        assert flat(m.label) in section
        assert flat(m.why) in section
    assert "Immunohistochemistry (IHC)" in section


def test_tables_stay_inside_the_margins_and_no_page_holds_only_the_disclaimer(english):
    """The tests tables used to run about 13 mm past the right margin, and the disclaimer sat alone on a last page."""
    _case, pdf, pages = english
    assert words_past_the_margins(pdf, 18) == []
    last = flat(pages[-1]).strip()
    assert "A second opinion, not a treatment order" in last
    assert not last.startswith("A second opinion, not a treatment order"), last


def test_care_in_china_supportive_care_next_steps_and_disclaimer(english):
    case, _pdf, pages = english
    text = flat(" ".join(pages))
    assert "Is care in China suitable for you? Suitable" in text
    assert "Several centres in China run EGFR trials" in text
    assert "A dietitian for the weight loss" in text
    assert "Share this report with your oncologist" in text
    assert f"/cases/{case.reference}/" in text
    assert DISCLAIMER in text
    assert "second opinion, not a treatment order" in flat(pages[0])  # said on the first page too


def test_china_section_only_when_asked(patient):
    case, _team = reviewed_case(patient, care_in_china="no")
    Consensus.objects.filter(case=case).update(china=Consensus.ChinaSuitability.NOT_ASKED, china_notes="")
    pdf = patient_report_pdf(case)
    assert "Care in China" not in bookmarks(pdf)


def test_no_language_note_when_the_team_wrote_in_the_reports_language(english):
    _case, _pdf, pages = english
    text = flat(" ".join(pages))
    assert "Written by the team in" not in text
    assert "shown here as written" not in text


def test_patient_and_team_text_is_shown_as_text_not_markup(patient):
    case, _team = reviewed_case(
        patient,
        own_questions="Is <b>this</b> & that <script>x</script> safe?",
        answers={"own:1": "Yes <i>really</i> & truly."},
    )
    text = flat(" ".join(page_texts(patient_report_pdf(case))))
    assert "Is <b>this</b> & that <script>x</script> safe?" in text
    assert "Yes <i>really</i> & truly." in text


# Chinese -----------------------------------------------------------------------------------------------------------

ZH_QUESTIONS = "脑转移灶还能继续用奥希替尼吗？\n需要再做一次肺部活检吗？"
ZH_ANSWERS = {
    "seed:realistic_goal": "长期控制是现实的目标。",
    "own:1": "奥希替尼能进入脑部，但新病灶说明单用已不够。",
    "own:2": "需要。再次活检或液体活检可以查明耐药原因。",
}


@pytest.fixture
def chinese(patient):
    case, _team = reviewed_case(
        patient, report_language="zh-hans", own_questions=ZH_QUESTIONS, written_in="zh-hans", answers=ZH_ANSWERS
    )
    pdf = patient_report_pdf(case)
    return case, pdf, page_texts(pdf)


def test_chinese_report_is_in_chinese_with_sections_as_bookmarks(chinese):
    _case, pdf, pages = chinese
    assert bookmarks(pdf) == [zh(s) for s in SECTIONS]
    text = squeeze(" ".join(pages))
    assert squeeze(zh(SEED_QUESTIONS["realistic_goal"])) in text  # a chosen question, translated
    assert zh(SEED_QUESTIONS["realistic_goal"]) != SEED_QUESTIONS["realistic_goal"]
    assert squeeze("非小细胞肺癌") in text
    for number, page in enumerate(pages, start=1):
        assert _case.reference in page
        assert squeeze(zh("Page %(page)s of %(pages)s") % {"page": number, "pages": len(pages)}) in squeeze(page)


def test_chinese_questions_and_answers_are_extractable_in_order(chinese):
    _case, _pdf, pages = chinese
    text = squeeze(" ".join(pages))
    own = ZH_QUESTIONS.splitlines()
    pairs = [(own[0], ZH_ANSWERS["own:1"]), (own[1], ZH_ANSWERS["own:2"])]
    for question, answer in pairs:
        assert squeeze(question) in text and squeeze(answer) in text
        assert text.index(squeeze(question)) < text.index(squeeze(answer))
    assert len(CJK.findall(text)) > 200


def test_chinese_report_embeds_its_fonts(chinese):
    _case, pdf, _pages = chinese
    found = fonts(pdf)
    assert found and all(embedded for _name, embedded in found)
    assert any("CJK" in name for name, _embedded in found)


def test_chinese_team_text_has_no_language_note(chinese):
    _case, _pdf, pages = chinese
    text = squeeze(" ".join(pages))
    with translation.override("zh-hans"):
        note = gettext("Written by the team in %(language)s") % {"language": gettext("English")}
    assert squeeze(note) not in text


def test_untranslated_english_team_text_in_a_chinese_report_is_marked_not_ready(patient):
    case, _team = reviewed_case(patient, report_language="zh-hans", written_in="en")
    pages = page_texts(patient_report_pdf(case))
    text = squeeze(" ".join(pages))
    with translation.override("zh-hans"):
        block = gettext("Not yet translated: written by the team in %(language)s") % {"language": gettext("English")}
    assert text.count(squeeze(block)) >= 5  # at each of the team's texts
    assert squeeze(ANSWERS["own:1"]) in text  # shown as written, for the coordinator to see what is missing


def test_report_language_falls_back_to_the_owners_language(patient):
    patient.language = "zh-hans"
    patient.save()
    case, _team = reviewed_case(patient, report_language="")
    assert bookmarks(patient_report_pdf(case))[0] == zh("In short")


# Prepare and release ------------------------------------------------------------------------------------------------


@pytest.fixture
def case(case_and_team):
    return case_and_team[0]


def test_a_report_needs_the_agreed_consensus(case, coordinator):
    Consensus.objects.filter(case=case).update(status=Consensus.Status.DRAFT)
    with pytest.raises(ReportError) as error:
        report_prepare(case=case, by=coordinator)
    assert error.value.message == ERR_NO_CONSENSUS
    Consensus.objects.filter(case=case).delete()
    with pytest.raises(ReportError):
        report_prepare(case=case, by=coordinator)
    assert not PatientReport.objects.exists()


def test_only_a_coordinator_prepares_and_releases(case, coordinator, case_and_team):
    chair = case_and_team[1]["medical_oncology"]
    with pytest.raises(ReportError) as error:
        report_prepare(case=case, by=chair)
    assert error.value.message == ERR_NOT_COORDINATOR
    report = report_prepare(case=case, by=coordinator)
    with pytest.raises(ReportError):
        report_release(report=report, by=case.owner)
    report.refresh_from_db()
    assert report.released_at is None


def test_prepare_stores_an_unreleased_version_with_its_checksum(case, coordinator):
    report = report_prepare(case=case, by=coordinator)
    assert (report.version, report.language, report.released_at) == (1, "en", None)
    with report.file.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == report.sha256
    assert case.reference not in report.file.name and "Li Wei" not in report.file.name


def test_preparing_again_before_release_replaces_the_unreleased_version(
    case, coordinator, django_capture_on_commit_callbacks
):
    first = report_prepare(case=case, by=coordinator)
    storage, old_name = first.file.storage, first.file.name
    Consensus.objects.filter(case=case).update(
        plan="A different plan after the chair's edit.", updated_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        second = report_prepare(case=case, by=coordinator)
    assert second.version == 1
    assert list(case.patient_reports.values_list("pk", flat=True)) == [second.pk]
    assert not storage.exists(old_name)


def test_release_issues_the_case_and_emails_the_patient(case, coordinator):
    report = report_release(report=report_prepare(case=case, by=coordinator), by=coordinator)
    case.refresh_from_db()
    assert case.state == State.REPORT_ISSUED
    assert report.released_at and report.released_by == coordinator
    event = CaseEvent.objects.get(case=case, kind="transition", to_state=State.REPORT_ISSUED)
    assert event.from_state == State.IN_REVIEW and event.actor == coordinator
    note = Notification.objects.get(case=case, kind="report_released")
    assert note.recipient == case.owner and note.context == {"version": 1}


def test_the_generic_transition_cannot_issue_a_case_without_a_released_report(case, coordinator, client):
    with pytest.raises(TransitionError) as error:
        case_transition(case=case, to=State.REPORT_ISSUED, by=coordinator)
    assert error.value.problems == [ERR_NO_RELEASED_REPORT]
    report_prepare(case=case, by=coordinator)  # prepared is not enough
    client.force_login(coordinator)
    client.post(
        reverse("cases:transition", args=[case.reference]), {"to": State.REPORT_ISSUED, "version": case.version}
    )
    case.refresh_from_db()
    assert case.state == State.IN_REVIEW


def test_a_released_report_never_changes_and_a_correction_is_a_new_version(case, coordinator):
    v1 = report_release(report=report_prepare(case=case, by=coordinator), by=coordinator)
    with v1.file.open("rb") as handle:
        v1_bytes = handle.read()
    with pytest.raises(ReportError) as error:
        report_release(report=v1, by=coordinator)
    assert error.value.message == ERR_ALREADY_RELEASED
    with pytest.raises(ReportError) as error:
        report_prepare(case=case, by=coordinator)  # after release, only a correction with a note
    assert error.value.message == ERR_NOTE_NEEDED

    Consensus.objects.filter(case=case).update(plan="Corrected plan: radiotherapy first, then the trial.")
    v2 = report_release(
        report=report_prepare(case=case, by=coordinator, correction_note="The plan's order was wrong."), by=coordinator
    )

    v1.refresh_from_db()
    with v1.file.open("rb") as handle:
        assert handle.read() == v1_bytes
    assert hashlib.sha256(v1_bytes).hexdigest() == v1.sha256
    assert v2.version == 2 and v2.file.name != v1.file.name
    with v2.file.open("rb") as handle:
        text = flat(" ".join(page_texts(handle.read())))
    assert "This is version 2 of your report. It replaces version 1." in text
    assert "The plan's order was wrong." in text
    assert "Corrected plan: radiotherapy first" in text
    case.refresh_from_db()
    assert case.state == State.REPORT_ISSUED  # a correction does not move the case again
    assert Notification.objects.filter(case=case, kind="report_released").count() == 2


# The panel and the file ---------------------------------------------------------------------------------------------


def panel(client, case):
    return client.get(reverse("reports:report_panel", args=[case.reference]))


def file_url(case, version):
    return reverse("reports:report_file", args=[case.reference, version])


def test_patient_sees_nothing_until_release(case, coordinator, patient_client):
    response = panel(patient_client, case)
    assert response.status_code == 200 and response.content == b""
    report_prepare(case=case, by=coordinator)
    assert panel(patient_client, case).content == b""
    assert patient_client.get(file_url(case, 1)).status_code == 404


def test_patient_opens_the_released_report_privately(case, coordinator, patient_client):
    report_release(report=report_prepare(case=case, by=coordinator), by=coordinator)
    html = panel(patient_client, case).content.decode()
    assert 'id="report"' in html and "Your second-opinion report" in html
    assert file_url(case, 1) in html and "?download=1" in html

    response = patient_client.get(file_url(case, 1))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == f'inline; filename="{case.reference}-second-opinion-v1.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    download = patient_client.get(file_url(case, 1) + "?download=1")
    assert download["Content-Disposition"].startswith("attachment;")


def test_after_a_correction_the_patient_sees_which_version_is_current(case, coordinator, patient_client):
    report_release(report=report_prepare(case=case, by=coordinator), by=coordinator)
    report_prepare(case=case, by=coordinator, correction_note="The plan's order was wrong.")
    html = panel(patient_client, case).content.decode()
    assert "Superseded" not in html  # v2 not released yet: v1 is still the only one
    assert patient_client.get(file_url(case, 2)).status_code == 404

    report_release(report=case.patient_reports.get(version=2), by=coordinator)
    html = panel(patient_client, case).content.decode()
    current = html[html.index('id="report-current"') : html.index('id="report-earlier"')]
    assert "Version 2" in current and "Current version" in current
    assert "The plan&#x27;s order was wrong." in html
    earlier = html[html.index('id="report-earlier"') :]
    assert "Superseded" in earlier and file_url(case, 1) in earlier
    assert patient_client.get(file_url(case, 1)).status_code == 200


def test_other_people_get_404(case, coordinator, client):
    report_release(report=report_prepare(case=case, by=coordinator), by=coordinator)
    for user in (UserFactory(), UserFactory(role="specialist", discipline="surgery")):
        client.force_login(user)
        assert panel(client, case).status_code == 404
        assert client.get(file_url(case, 1)).status_code == 404


def test_assigned_specialist_sees_released_versions_only(case, coordinator, client, case_and_team):
    client.force_login(case_and_team[1]["radiology"])
    report_prepare(case=case, by=coordinator)
    assert panel(client, case).content == b""
    assert client.get(file_url(case, 1)).status_code == 404
    report_release(report=case.patient_reports.get(version=1), by=coordinator)
    assert "Second-opinion report" in panel(client, case).content.decode()
    assert client.get(file_url(case, 1)).status_code == 200


def test_coordinator_prepares_previews_and_releases_from_the_panel(case, coordinator, client):
    client.force_login(coordinator)
    html = panel(client, case).content.decode()
    assert "Prepare the report" in html

    html = client.post(reverse("reports:report_prepare", args=[case.reference]), HTTP_HX_REQUEST="true")
    html = html.content.decode()
    assert "Version 1 is ready" in html and "Not released" in html
    preview = client.get(file_url(case, 1))
    assert preview.status_code == 200 and preview["Content-Disposition"].startswith("inline;")

    # Releasing needs the box ticked.
    client.post(reverse("reports:report_release", args=[case.reference]), {"version": 1})
    assert case.patient_reports.get().released_at is None
    sha = case.patient_reports.get().sha256
    response = client.post(
        reverse("reports:report_release", args=[case.reference]), {"version": 1, "sha256": sha, "confirm": "on"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.REPORT_ISSUED
    html = panel(client, case).content.decode()
    assert "Current" in html and "Prepare a correction" in html


def test_a_version_prepared_again_after_it_was_read_is_not_released_unread(case, coordinator, client):
    first = report_prepare(case=case, by=coordinator)
    read_sha = first.sha256
    # Another coordinator prepares again (same number, new file) while the first is reading.
    Consensus.objects.filter(case=case).update(plan="A different plan, written after the first preview.")
    again = report_prepare(case=case, by=coordinator)
    assert again.version == 1 and again.sha256 != read_sha
    client.force_login(coordinator)
    response = client.post(
        reverse("reports:report_release", args=[case.reference]),
        {"version": 1, "sha256": read_sha, "confirm": "on"},
        follow=True,
    )
    assert "prepared again since you opened it" in response.content.decode()
    assert not case.patient_reports.filter(released_at__isnull=False).exists()
    case.refresh_from_db()
    assert case.state == State.IN_REVIEW


def test_coordinator_needs_a_note_for_a_correction(case, coordinator, client):
    report_release(report=report_prepare(case=case, by=coordinator), by=coordinator)
    client.force_login(coordinator)
    url = reverse("reports:report_prepare", args=[case.reference])
    html = client.post(url, {"correction_note": ""}, HTTP_HX_REQUEST="true").content.decode()
    assert str(ERR_NOTE_NEEDED) in html
    assert case.patient_reports.count() == 1
    client.post(url, {"correction_note": "Wrong dose."}, HTTP_HX_REQUEST="true")
    assert case.patient_reports.get(version=2).correction_note == "Wrong dose."


def test_patient_and_specialist_cannot_prepare_or_release(case, coordinator, patient_client):
    assert patient_client.post(reverse("reports:report_prepare", args=[case.reference])).status_code == 404
    report_prepare(case=case, by=coordinator)
    url = reverse("reports:report_release", args=[case.reference])
    assert patient_client.post(url, {"version": 1, "sha256": "x", "confirm": "on"}).status_code == 404
    assert case.patient_reports.get().released_at is None


def test_after_release_the_patient_asks_a_question_and_the_coordinator_closes_the_case(
    case, coordinator, patient_client, client
):
    report_release(report=report_prepare(case=case, by=coordinator), by=coordinator)
    page = patient_client.get(reverse("intake:case_detail", args=[case.reference])).content.decode()
    assert reverse("reports:report_panel", args=[case.reference]) in page
    assert reverse("cases:message_post", args=[case.reference]) in page

    patient_client.post(reverse("cases:message_post", args=[case.reference]), {"body": "What does VGPR mean?"})
    assert CaseMessage.objects.filter(case=case, author=case.owner, body="What does VGPR mean?").exists()

    client.force_login(coordinator)
    page = client.get(reverse("intake:case_detail", args=[case.reference])).content.decode()
    assert 'data-move="closed"' in page
    case.refresh_from_db()
    client.post(
        reverse("cases:transition", args=[case.reference]),
        {"to": State.CLOSED, "version": case.version, "confirm": "on"},
    )
    case.refresh_from_db()
    assert case.state == State.CLOSED
    # The report stays readable once the case is closed.
    assert patient_client.get(file_url(case, 1)).status_code == 200


def test_results_the_team_read_are_listed_in_plain_words_with_sample_and_date(patient):
    case, _team = reviewed_case(patient)
    Biomarker.objects.filter(case=case, marker="EGFR").update(
        alterations=["ex19del"], specimen="tissue_primary", collected_on=datetime.date(2025, 2, 1)
    )
    Biomarker.objects.create(
        case=case,
        marker="EGFR",
        result="detected",
        alterations=["ex19del", "T790M"],
        specimen="plasma",
        collected_on=datetime.date(2026, 5, 4),
    )
    pdf = patient_report_pdf(case)
    text = flat(" ".join(page_texts(pdf)))
    results = text[text.index("Your test results the team read") : text.index("Tests to ask your doctor for")]
    assert results.count("EGFR Detected (positive): exon 19 deletion") == 2  # both results kept
    assert "T790M (resistance)" in results and "Blood plasma (circulating tumour DNA)" in results
    assert "Tissue from the primary tumour" in results
    assert "ALK" in results and "Not tested" in results
    layout = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    layout_text = layout.decode()
    # Oldest first, dated as every other date of the report (config/formats: "j M Y"), not in the ISO form.
    assert layout_text.index("1 Feb 2025") < layout_text.index("4 May 2026")
    assert "2025-02-01" not in layout_text


def test_chinese_report_names_the_results_in_chinese(patient):
    case, _team = reviewed_case(patient, report_language="zh-hans")
    text = flat(" ".join(page_texts(patient_report_pdf(case))))
    assert zh("Your test results the team read") in text and zh("Sample and date") in text
    assert zh("Detected (positive)") in text and zh("Not tested") in text


def _meanings(text: str) -> str:
    return text[text.index(squeeze("What your results mean")) : text.index(squeeze("Tests to ask your doctor for"))]


def test_results_are_explained_in_plain_words_no_more_certain_than_the_team(patient):
    """Each statement about the results is said in the patient's words, with the team's wording for their doctor."""
    case, _team = reviewed_case(patient)
    Biomarker.objects.create(case=case, marker="PDL1", result="detected", pdl1_score=60, pdl1_system="TPS")
    pdf = patient_report_pdf(case)
    text = squeeze(flat(" ".join(page_texts(pdf))))
    meanings = _meanings(text)
    assert squeeze("EGFR: this result could open a treatment option for your type of cancer.") in meanings
    assert squeeze("Ask your doctor whether it fits your situation now.") in meanings
    # PD-L1 in an EGFR-driven cancer rules immunotherapy out: the patient reads that, not an opening.
    assert squeeze("PD-L1: this result means some medicines are not expected to help") in meanings
    assert squeeze("PD-L1: this result could open") not in meanings
    # The team's own statement follows for the doctor, with its source.
    assert squeeze("For your doctor:") in meanings and squeeze("NCCN NSCLC 2025") in meanings
    assert "osimertinib" in meanings
    # Never more certain than the team: the patient's sentences say "could", "may", "ask your doctor".
    patient_lines = [chunk for chunk in meanings.split(squeeze("For your doctor:")) if chunk]
    assert all("will cure" not in chunk and "guaranteed" not in chunk for chunk in patient_lines)


def test_chinese_report_explains_the_results_in_chinese(patient):
    case, _team = reviewed_case(patient, report_language="zh-hans")
    text = squeeze(flat(" ".join(page_texts(patient_report_pdf(case)))))
    assert squeeze(zh("What your results mean")) in text
    frame = zh(
        "%(marker)s: this result could open a treatment option for your type of cancer. Ask your doctor whether it "
        "fits your situation now."
    )
    assert squeeze(frame % {"marker": "EGFR"}) in text
    assert squeeze(zh("For your doctor:")) in text


def test_the_report_says_where_this_patient_is_now(patient):
    """The patient's own status, not only what the categories mean: the latest assessment and, when progressing,
    what that means (issue 15)."""
    case, _team = reviewed_case(patient)
    text = flat(" ".join(page_texts(patient_report_pdf(case))))
    assert "Where you are now" not in text  # no assessment and nothing reported yet: nothing is made up
    case.reported_response = "PR"
    case.save()
    text = flat(" ".join(page_texts(patient_report_pdf(case))))
    assert "Where you are now: Your doctors told you: Partial response (PR)." in text
    ResponseAssessment.objects.create(
        case=case,
        criteria="recist1.1",
        assessed_on=datetime.date(2026, 10, 1),
        data={},
        derived_category="PD",
        reported_category="PD",
    )
    text = flat(" ".join(page_texts(patient_report_pdf(case))))
    assert "At your latest assessment (1 Oct 2026, RECIST 1.1)" in text
    assert "Progressive disease (PD)" in text and "the cancer has grown or spread" in text
    case.report_language = "zh-hans"
    case.save()
    text = flat(" ".join(page_texts(patient_report_pdf(case, language="zh-hans"))))
    assert zh("Where you are now") in text and "这表示癌症有所增大或扩散" in squeeze(text)
