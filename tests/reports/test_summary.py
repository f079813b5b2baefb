"""The MDT summary PDF and the patient's copy, read back as a reader would: pypdf and pdftotext."""

import datetime
import io
import re
import subprocess

import pytest
from django.utils import translation
from pypdf import PdfReader

from cases.assessment import interpretation_for, message_json, render
from cases.clinical.biomarkers import GAP_REASONS
from cases.clinical.panels import marker as marker_info
from cases.clinical.response import assess
from cases.models import Biomarker, LabResult, LocalTreatment, ResponseAssessment, TreatmentLine
from intake.measurements import measurements_save
from reports.documents.summary import latest_detected, summary_pdf
from reports.labels import has_han
from tests.factories import add_document, complete_case
from tests.helpers.pdfs import squeeze

# The day every test here runs on (see the autouse fixture below), so ages, "days ago" and the
# charts' time axis come out the same on every run, whatever the real date.
TODAY = datetime.date(2026, 3, 16)
A4 = (595, 842)  # points
LETTER = (612, 792)


def days_ago(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


RECIST = {
    "baseline": [
        {"site": "Right upper lobe", "nodal": False, "mm": 38},
        {"site": "Liver segment VII", "nodal": False, "mm": 24},
        {"site": "Subcarinal node", "nodal": True, "mm": 18},
    ],
    "assessments": [[22, 14, 9], [19, 12, 8], [27, 20, 12]],
    "dates": [days_ago(300).isoformat(), days_ago(200).isoformat(), days_ago(20).isoformat()],
    "nontarget": ["present", "present", "present"],
    "new_lesions": [False, False, True],
}


def clinical_case(owner, **overrides):
    """A realistic stage IV lung adenocarcinoma on second-line therapy, like the demo case MDT-DEMN2C."""
    fields = dict(
        patient_name="Aigerim Nurlanovna",
        patient_birth_date=datetime.date(1968, 5, 14),
        patient_sex="female",
        primary_site="Right upper lobe",
        histology="Invasive adenocarcinoma, acinar predominant, TTF-1 positive",
        metastatic_sites=["bone", "liver", "brain"],
        metastatic_lesion_count=7,
        growth_tempo="moderate",
        reported_response="PD",
        weight_kg=58,
        weight_kg_3_months_ago=62,
        height_cm=162,
        goals_text="Control the cancer for as long as possible and keep working.",
        oncologist_said="The first targeted medicine stopped working; chemotherapy was suggested.",
        question_codes=["realistic_goal", "treatment_options"],
        own_questions="Is osimertinib still useful for the brain lesions?\nShould the lung tissue be biopsied again?",
        organ_function_notes="Mild asthma since childhood.",
        comorbidities="Hypertension, on amlodipine 5 mg.",
        report_language="en",
        care_in_china="yes",
    )
    fields.update(overrides)
    case = complete_case(owner, **fields)
    case.treatment_lines.all().delete()
    TreatmentLine.objects.create(
        case=case,
        regimen="Gefitinib 250 mg daily",
        intent="disease_control",
        start_date=days_ago(400),
        end_date=days_ago(120),
        best_response="PR",
        stop_reason="progression",
    )
    TreatmentLine.objects.create(
        case=case,
        regimen="Osimertinib 80 mg daily",
        intent="disease_control",
        start_date=days_ago(110),
        ongoing=True,
        best_response="PD",
        stop_reason="ongoing",
    )
    LocalTreatment.objects.create(case=case, kind="sbrt", site="T10 vertebra", date=days_ago(90))
    for marker, status, value, method in [
        ("ALK", "not_detected", "", "ihc"),
        ("PDL1", "detected", "TPS 30%", "ihc"),
        ("ROS1", "not_tested", "", ""),
        ("RET", "pending", "", "ngs_unspecified"),
    ]:
        Biomarker.objects.create(case=case, marker=marker, result=status, value=value, assay=method, covers_gene=True)
    result = assess("recist1.1", {k: v for k, v in RECIST.items() if k != "dates"})
    ResponseAssessment.objects.create(
        case=case,
        data=RECIST,
        derived_category=result.category,
        derived_explanation=message_json(result.template, result.params),
        reported_category="PD",
    )
    for test, value, unit, when in [
        ("haemoglobin", "12.4", "g/dL", 60),
        ("haemoglobin", "11.2", "g/dL", 12),
        ("neutrophils", "3.1", "10^9/L", 12),
        ("platelets", "212", "10^9/L", 12),
        ("creatinine", "78", "µmol/L", 12),
        ("alt", "88", "U/L", 12),
        ("cea", "14.2", "ng/mL", 12),
    ]:
        LabResult.objects.create(case=case, test=test, value=value, unit=unit, measured_on=days_ago(when))
    add_document(case, "biomarker_report", days_ago(380))
    case.documents.update(metadata={"pages": 3})
    return case


def shown(day: datetime.date) -> str:
    """A date as the English PDF prints it: "14 Feb 2025" (config/formats/en)."""
    return f"{day.day} {day:%b %Y}"


def pdf_text(pdf: bytes, *, layout: bool = True) -> list[str]:
    """pdftotext's text of each page."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + ["-", "-"]
    out = subprocess.run(args, input=pdf, capture_output=True, check=True).stdout.decode()
    return out.split("\f")[:-1]


def flat(text: str) -> str:
    """Text with every run of whitespace as one space, so wrapped lines read as one."""
    return " ".join(text.split())


def row(text: str, first_cell: str) -> str:
    """A table row in pdftotext's layout: from the line its first cell starts, up to a blank line or the next row."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"\s*{re.escape(first_cell)}\s{{2,}}", line))
    block = [lines[start]]
    for line in lines[start + 1 :]:
        if not line.strip() or re.match(r"\s{0,4}[A-Z][A-Z0-9_]*\s{2,}\S", line):
            break
        block.append(line)
    return "\n".join(block)


def has_words(block: str, phrase: str) -> bool:
    """Every word of `phrase` is in `block`, however the table cell wrapped it."""
    return all(word in block.split() for word in phrase.split())


def outline_titles(reader: PdfReader) -> list[str]:
    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield item.title

    return list(walk(reader.outline))


@pytest.fixture(autouse=True)
def frozen_today(time_machine):
    time_machine.move_to(datetime.datetime.combine(TODAY, datetime.time(9, 0), tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def case(patient):
    return clinical_case(patient)


@pytest.fixture
def mdt_pdf(case):
    return summary_pdf(case)


def test_first_page_has_the_facts_at_a_glance(case, mdt_pdf):
    page1 = flat(pdf_text(mdt_pdf, layout=False)[0])
    for fact in [
        "At a glance",
        case.reference,
        "Prepared 16 Mar 2026",
        "Aigerim Nurlanovna",
        "57 years old",  # born 1968-05-14
        "Female",
        "Kazakhstan",
        "Non-small cell lung cancer",
        "Adenocarcinoma",
        "Stage IVB",
        "T2a N2 M1c",
        "diagnosed 9 Feb 2025 (13.1 months ago)",  # complete_case: 400 days before TODAY
        "Bone, Liver, Brain",
        "7 lesions",
        "not oligometastatic",
        "EORTC lung consensus 2019",  # NSCLC: the lung-specific definition (Dingemans 2019)
        "ECOG 1",
        "EGFR",
        "exon 19 deletion",
        "PD-L1",
        "TPS 30%",
        "Osimertinib 80 mg daily",
        "Progressive disease (PD)",
        "Derived from measurements (RECIST 1.1)",
        "brain metastases",
        "Out of date or missing before a recommendation",
        "THE PATIENT'S QUESTIONS",
        "Is osimertinib still useful for the brain lesions?",
        "Should the lung tissue be biopsied again?",
        "WHAT THE PATIENT HOPES FOR",
        "Control the cancer for as long as possible and keep working.",
    ]:
        assert fact in page1, fact
    assert "Diagnosis and spread" not in page1  # page 1 is the glance alone


def test_first_page_keeps_the_first_question_however_long_the_lists_above_it(case):
    """A case with every urgency flag and a long out-of-date list still has the patient's question on page 1:
    the summary is laid out again, compact, when the glance would run onto page 2."""
    case.own_questions = "\n".join(
        ["Is osimertinib still useful for the brain lesions? " + "I would like to understand this well. " * 4] * 5
    )
    case.goals_text = "Control the cancer for as long as possible and keep working. " * 4
    case.save()
    LabResult.objects.create(case=case, test="calcium", value="3.4", unit="mmol/L", measured_on=days_ago(2))
    LabResult.objects.create(case=case, test="sodium", value="122", unit="mmol/L", measured_on=days_ago(2))
    pages = [flat(t) for t in pdf_text(summary_pdf(case), layout=False)]
    assert "Is osimertinib still useful for the brain lesions?" in pages[0]
    assert "Diagnosis and spread" not in pages[0] and "Diagnosis and spread" in pages[1]


def test_questions_have_the_same_numbers_on_page_1_and_in_goals(mdt_pdf):
    """The MDT answers "question 2" by number: page 1 and the Goals section number the patient's questions alike."""
    pages = pdf_text(mdt_pdf)
    goals = next(page for page in pages[1:] if "Questions for the MDT" in page)
    goals = goals[goals.index("Questions for the MDT") :]
    for number, start in (
        (1, "Is osimertinib still useful"),
        (2, "Should the lung tissue"),
        (3, "Is partial remission or stable"),
    ):
        for text in (pages[0], goals):
            assert re.search(rf"^\s*{number}\.\s+{start}", text, re.M), (number, start, text)


def test_every_section_is_a_bookmark(mdt_pdf):
    titles = outline_titles(PdfReader(io.BytesIO(mdt_pdf)))
    for section in [
        "At a glance",
        "Diagnosis and spread",
        "Biomarkers",
        "Treatment history",
        "Treatment timeline",
        "Lines of therapy",
        "Response assessments",
        "Condition now",
        "Laboratory results",
        "Goals and questions",
        "Documents",
    ]:
        assert section in titles, (section, titles)


def test_biomarker_table_lists_each_result_with_specimen_date_and_assay(case, mdt_pdf):
    Biomarker.objects.filter(case=case, marker="PDL1").update(
        pdl1_score=30, pdl1_system="TPS", pdl1_clone="22C3", specimen="tissue_primary", collected_on=days_ago(395)
    )
    text = "\n".join(pdf_text(summary_pdf(case)))
    table = text[text.index("Result and alteration") : text.index("Gaps and why")]
    assert has_words(row(table, "EGFR"), "Detected (positive)") and "exon 19 deletion" in row(table, "EGFR")
    assert has_words(row(table, "ALK"), "Not detected (negative)")
    pdl1 = row(table, "PD-L1")
    assert has_words(pdl1, "TPS 30%") and "22C3" in pdl1 and "Tissue from the" in pdl1
    assert has_words(pdl1, shown(days_ago(395)))  # "14 Feb 2025": the reader's format, as on the pages
    for heading in ("Specimen", "Date", "Assay", "Clone", "VAF", "Germline"):
        assert heading in table


def test_gaps_and_statements_are_the_interpretations_with_their_sources(case, mdt_pdf):
    interpretation = interpretation_for(case)

    def words(text: str) -> str:  # pdftotext joins a word hyphenated at a line's end, so hyphens are left out
        return squeeze(text).replace("-", "")

    text = words("\n".join(pdf_text(mdt_pdf, layout=False)))  # reading order: each cell's text in one run
    gaps = text[text.index("Gapsandwhy") :]
    for gap in interpretation.gaps:
        assert words(GAP_REASONS[gap.reason]) in gaps, gap.marker
        assert words(render(gap.template, gap.params)) in gaps, gap.marker
        assert words(gap.source) in gaps, gap.marker
    for statement in interpretation.statements:
        assert words(render(statement.template, statement.params)) in text, statement.marker
        assert words(statement.source) in text, statement.marker


def test_every_page_footer_has_page_number_and_reference(case, mdt_pdf):
    pages = pdf_text(mdt_pdf)
    assert len(pages) >= 4
    for number, page in enumerate(pages, start=1):
        footer = page.strip().splitlines()[-1]
        assert case.reference in footer
        assert f"Page {number} of {len(pages)}" in footer


@pytest.mark.parametrize(("page_size", "points"), [("A4", A4), ("Letter", LETTER)])
def test_prints_on_a4_and_letter(case, page_size, points):
    reader = PdfReader(io.BytesIO(summary_pdf(case, page_size=page_size)))
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == points


def test_unknown_page_size_is_refused(case):
    with pytest.raises(ValueError):
        summary_pdf(case, page_size="A3")


def test_charts_are_drawn_from_the_data(mdt_pdf):
    text = "\n".join(pdf_text(mdt_pdf, layout=False))
    # timeline: one bar per line, labelled, and a legend that names each pattern
    assert "L1" in text and "L2" in text
    assert "Partial response (PR)" in text and "still ongoing" in text
    # measurements: the sums at baseline and each assessment, with the category at each point
    for label in (
        "80 mm",
        "45 mm",
        "39 mm",
        "59 mm",
        "baseline -43.7%",
        "Sum of target lesions (mm)",
    ):
        assert label in text, label
    assert "new lesion(s)" in text


def test_labs_show_units_ranges_and_out_of_range_flags(mdt_pdf):
    text = "\n".join(pdf_text(mdt_pdf))
    alt = row(text, "ALT (liver enzyme)")
    assert "88" in alt and "U/L" in alt and "7–56 U/L" in alt and "HIGH" in alt
    hb = row(text, "Haemoglobin")
    assert "11.2" in hb and "LOW" in hb and "12.4" in hb  # the earlier value shows the trend
    weight = flat(text)
    assert "Kidney · within the reference range" in weight and "Liver · out of range: ALT (liver enzyme) high" in weight
    assert "62 kg 3 months ago → 58 kg now (-6.5%)" in weight and "WEIGHT LOSS OF 5% OR MORE IN 3 MONTHS" in weight


def test_documents_are_indexed_with_pages_and_checksum(case, mdt_pdf):
    text = "\n".join(pdf_text(mdt_pdf))
    documents = case.documents.all()
    assert len(documents) == 3
    for document in documents:
        assert document.sha256[:32] in text and document.sha256[32:] in text
    index = text[text.index("Pages or") :]  # the index comes after its header (its rows may run onto a next page)
    ngs = row(index, "2")
    assert has_words(ngs, f"Biomarker / NGS report biomarker_report.pdf {shown(days_ago(380))} 3 p.")


def test_chinese_copy_writes_the_reported_response_with_chinese_punctuation(patient):
    """After Chinese words, a colon and a full stop are the full-width "：" and "。", not ":" and "."."""
    case = clinical_case(patient, report_language="zh-hans")
    case.response_assessments.all().delete()  # no measurements: the response section gives the reported response
    text = squeeze("\n".join(pdf_text(summary_pdf(case, audience="patient"), layout=False)))
    assert "医生告诉您的最近一次疗效：疾病进展（PD）" in text
    assert "最近一次疗效（据报告）：疾病进展（PD）。" in text
    assert "疗效:" not in text and "疗效（据报告）:" not in text


def test_chinese_documents_table_keeps_the_longest_date_clear_of_the_pages_column(patient):
    """A date is never wrapped, so its column must hold "2025年11月16日" whole: before, it ran into "1 页"."""
    case = clinical_case(patient, report_language="zh-hans")
    scan = add_document(case, "imaging_report", datetime.date(2025, 11, 16), name="scan.pdf")
    scan.metadata = {"pages": 1}
    scan.save()
    text = "\n".join(pdf_text(summary_pdf(case, audience="patient")))
    line = next(line for line in text.splitlines() if "scan.pdf" in line)
    assert re.search(r"2025年11月16日\s{2,}1\s?页", line), line


def test_patient_text_is_escaped_not_interpreted(patient):
    markup = '<b>bold?</b> <img src="http://127.0.0.1:9/x.png"> & more'
    case = clinical_case(patient, own_questions=markup)
    TreatmentLine.objects.filter(case=case, ongoing=True).update(regimen='</text><text y="0">x</text> & "y"')
    text = flat("\n".join(pdf_text(summary_pdf(case), layout=False)))
    assert markup in text  # in the goals section, verbatim
    assert 'L2 </text><text y="0">x</text> & "y"' in text  # in the timeline SVG too


def test_chinese_patient_text_is_rendered_and_extractable(patient):
    case = clinical_case(
        patient,
        goals_text="希望尽可能长时间控制病情，继续工作。",
        own_questions="奥希替尼对脑转移还有用吗？",
        report_language="zh-hans",
    )
    pdf = summary_pdf(case)
    text = "\n".join(pdf_text(pdf, layout=False))
    assert "希望尽可能长时间控制病情，继续工作。" in text
    assert "奥希替尼对脑转移还有用吗？" in text
    assert "Original words, not translated." in text
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "CJK" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded


def test_chinese_written_by_the_patient_is_tagged_chinese_in_the_english_summary(patient):
    """Each block of patient text in Chinese carries lang="zh-Hans" inside the English document, so it gets
    Chinese glyphs and line breaking and is never hyphenated by the English rules."""
    from django.template.loader import render_to_string
    from django.utils import timezone

    from cases.assessment import case_with_clinical
    from reports.documents.summary import GLANCE_FITS, TEMPLATE, summary_context

    case = clinical_case(
        patient,
        patient_name="陈秀英 (Chen Xiuying)",
        histology="浸润性腺癌，腺泡为主",
        own_questions="脑转移还能控制吗？",
        goals_text="希望尽可能长时间控制病情。",
    )
    TreatmentLine.objects.filter(case=case, ongoing=True).update(regimen="奥希替尼 80 mg 每日")
    case.refresh_from_db()
    case = case_with_clinical(case)  # as summary_pdf reads it
    with translation.override("en"):
        context = summary_context(case, audience="mdt", today=TODAY)
        html = render_to_string(TEMPLATE, {**context, "fit": GLANCE_FITS[0], "now": timezone.now()})
    assert '<html lang="en">' in html
    for text in [
        "陈秀英 (Chen Xiuying)",
        "浸润性腺癌，腺泡为主",
        "脑转移还能控制吗？",
        "希望尽可能长时间控制病情。",
        "奥希替尼 80 mg 每日",
    ]:
        # The tag each block of that text opens with (a sentence of ours quoting it, like an urgency flag, is ours).
        tags = re.findall(rf"<[^<>]*>(?=\s*{re.escape(text[:4])})", html)
        tags = [tag for tag in tags if not tag.startswith("<text")]  # the timeline's SVG labels: no lang there
        assert tags and all('lang="zh-Hans"' in tag for tag in tags), (text, tags)


def test_patient_copy_in_chinese_keeps_structure_and_their_own_words(patient):
    case = clinical_case(
        patient,
        goals_text="希望尽可能长时间控制病情，继续工作。",
        own_questions="奥希替尼对脑转移还有用吗？\n需要再做一次肺活检吗？",
        report_language="zh-hans",
    )
    pdf = summary_pdf(case, audience="patient")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(outline_titles(reader)) >= 7  # one bookmark per section, whatever the language
    text = "\n".join(pdf_text(pdf, layout=False))
    for own_words in ("希望尽可能长时间控制病情，继续工作。", "奥希替尼对脑转移还有用吗？", "需要再做一次肺活检吗？"):
        assert own_words in text
    assert "Osimertinib 80 mg daily" in text and case.reference in text


def _italic_text(pdf: bytes, page: int) -> str:
    """The text page `page` draws in an italic or oblique face."""
    italic: list[str] = []

    def visit(text, cm, tm, font, size):
        name = str((font or {}).get("/BaseFont", ""))
        if "Oblique" in name or "Italic" in name:
            italic.append(text)

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return "".join(italic)


def test_chinese_copy_sets_the_latin_words_the_patient_typed_in_italics_and_says_so(patient):
    case = clinical_case(patient, report_language="zh-hans", patient_country="Malaysia")
    pdf = summary_pdf(case, audience="patient")
    assert "斜体文字按您填写的原文显示，未经翻译。" in pdf_text(pdf, layout=False)[0]
    italic = _italic_text(pdf, 0)
    # the short values and the blocks alike: the country, the site, the histology, their hopes and own question
    for typed in ("Malaysia", "Right upper lobe", "Invasive adenocarcinoma", "Control the cancer", "osimertinib still"):
        assert typed in italic, italic
    assert not has_han(italic)  # our own (translated) words stay upright

    english = summary_pdf(case, audience="patient", language="en")
    assert "typed them, not translated" not in pdf_text(english, layout=False)[0]
    assert "Malaysia" not in _italic_text(english, 0)


@pytest.mark.parametrize(
    ("language", "value", "html"),
    [
        ("zh-hans", "Left lower lobe", '<span class="typed">Left lower lobe</span>'),
        ("zh-hans", "<b>EGFR</b>", '<span class="typed">&lt;b&gt;EGFR&lt;/b&gt;</span>'),
        ("zh-hans", "左肺下叶", "左肺下叶"),
        ("zh-hans", "5 %", "5 %"),
        ("en", "Left lower lobe", "Left lower lobe"),
        ("en", "左肺下叶 <i>", "左肺下叶 &lt;i&gt;"),
    ],
)
def test_typed_words_are_marked_only_where_their_script_is_not_the_documents(language, value, html):
    from reports.templatetags.pdf import typed

    with translation.override(language):
        assert str(typed(value)) == html


def test_patient_copy_uses_patient_wording_without_internal_data(case):
    pdf = summary_pdf(case, audience="patient", language="en")
    text = "\n".join(pdf_text(pdf))
    titles = outline_titles(PdfReader(io.BytesIO(pdf)))
    assert "What you told us" in titles and "Your biomarker tests" in titles
    assert "Urgency flags" not in text and "progression on current therapy" not in text  # no triage data
    assert "oligometastatic" not in text.split("Your diagnosis")[0]  # no clinical verdicts on their page 1
    assert "GAP" not in text
    # gaps in the intake review's own words: after progression on osimertinib, MET is a new test, not a missing one
    words, met = " ".join(text.split()), marker_info("MET").label
    assert f"{met}: the cancer grew on a" in words
    assert f"We do not have a result for {met} yet." not in words


def test_a_nearly_empty_draft_still_has_every_section(draft):
    pdf = summary_pdf(draft)
    titles = outline_titles(PdfReader(io.BytesIO(pdf)))
    assert {"At a glance", "Biomarkers", "Treatment history", "Condition now", "Documents"} <= set(titles)
    assert "No records uploaded." in flat("\n".join(pdf_text(pdf)))


def test_response_under_other_criteria_is_shown_beside_what_the_patient_was_told(patient):
    case = complete_case(patient, cancer_type="aml", cancer_subtype="", stage_group="unknown", reported_response="CR")
    data = {
        "bm_blasts_pct": 3,
        "circulating_blasts": False,
        "extramedullary_disease": False,
        "anc_1e9_per_l": 1.2,
        "platelets_1e9_per_l": 120,
        "mrd": "positive",
        "prior_cr": False,  # required since ELN relapse is read (issue 12)
    }
    ResponseAssessment.objects.create(
        case=case,
        criteria="eln2022",
        data=data,
        derived_category=assess("eln2022", data).category,
        reported_category="CR",
    )
    text = flat("\n".join(pdf_text(summary_pdf(case), layout=False)))
    # ELN 2022 names its categories remissions (Döhner 2022, Table 7); the patient was told "complete response".
    assert "Derived from measurements (ELN 2022): Complete remission (CR)" in text  # at a glance
    assert "Derived under ELN 2022: Complete remission (CR) · marrow blasts 3%" in text
    assert "Reported to the patient: Complete remission (CR)" in text  # AML: ELN 2022 words


def test_measurements_saved_in_english_are_explained_in_the_chinese_summary(patient):
    case = complete_case(patient)
    small_target = {
        "baseline": [{"site": "liver", "nodal": False, "mm": 6}],
        "assessments": [[5]],
        "dates": [""],
        "nontarget": "present",
        "new_lesions": False,
    }
    with translation.override("en"):
        measurements_save(case=case, data=small_target, reported_category="SD")
    text = "".join("\n".join(pdf_text(summary_pdf(case, language="zh-hans"), layout=False)).split())
    assert "baseline[0]为6mm：非淋巴结靶病灶的最长径必须至少10mm" in text
    assert "mustbeatleast" not in text


def test_an_explanation_saved_before_translations_still_shows_in_the_summary(patient):
    case = complete_case(patient, cancer_type="aml", cancer_subtype="", stage_group="unknown")
    ResponseAssessment.objects.create(
        case=case,
        criteria="eln2022",
        data={"mrd": "positive"},
        derived_category="INVALID",
        derived_explanation={"text": "invalid input: bm_blasts_pct is missing"},
    )
    text = flat("\n".join(pdf_text(summary_pdf(case), layout=False)))
    assert "ELN 2022: the entries could not be assessed: invalid input: bm_blasts_pct is missing" in text


IRECIST_SERIES = {
    "baseline": [{"site": "liver", "nodal": False, "mm": 50}, {"site": "lung", "nodal": False, "mm": 40}],
    "assessments": [[50, 40], [60, 48], [65, 48]],
    "dates": ["2026-01-05", "2026-02-20", "2026-04-02"],
    "nontarget": "present",
    "new_lesions": False,
}


@pytest.mark.parametrize(
    ("language", "unconfirmed", "confirmed"),
    [
        ("en", "Unconfirmed progressive disease, to be confirmed (iUPD)", "Confirmed progressive disease (iCPD)"),
        ("zh-hans", "未确认的疾病进展，待确认（iUPD）", "已确认的疾病进展（iCPD）"),
    ],
)
def test_irecist_categories_are_in_words_in_the_summary(patient, language, unconfirmed, confirmed):
    case = complete_case(patient, cancer_type="melanoma", cancer_subtype="")
    data = {k: v for k, v in IRECIST_SERIES.items() if k != "dates"}
    result = assess("irecist", data)
    ResponseAssessment.objects.create(
        case=case,
        criteria="irecist",
        data=IRECIST_SERIES,
        derived_category=result.category,
        derived_explanation=message_json(result.template, result.params),
    )
    text = "".join("\n".join(pdf_text(summary_pdf(case, language=language), layout=False)).split())
    assert "".join(confirmed.split()) in text
    assert "".join(unconfirmed.split()) in text  # the time-point table names the iUPD before it


@pytest.mark.parametrize(
    ("language", "words", "change"),
    [
        ("en", ["Progression,tobeconfirmed(iUPD)", "Progressionconfirmed(iCPD)"], "baseline+20.0%"),
        ("zh-hans", ["进展，待确认（iUPD）", "进展已确认（iCPD）"], "较基线+20.0%"),
    ],
)
def test_measurement_chart_names_each_category_in_words(patient, language, words, change):
    """Under each point of the chart: the category in the reader's words, not a bare code like "iUPD +20%"."""
    case = complete_case(patient, cancer_type="melanoma", cancer_subtype="")
    data = {k: v for k, v in IRECIST_SERIES.items() if k != "dates"}
    result = assess("irecist", data)
    ResponseAssessment.objects.create(
        case=case,
        criteria="irecist",
        data=IRECIST_SERIES,
        derived_category=result.category,
        derived_explanation=message_json(result.template, result.params),
    )
    text = "".join("\n".join(pdf_text(summary_pdf(case, language=language), layout=False)).split())
    for expected in words:
        assert expected in text
    assert change in text
    assert "iUPD+20" not in text and "iCPD+" not in text


@pytest.mark.parametrize(
    ("short", "found", "shown"),
    [
        ("HER2", "HER2 IHC 3+", "IHC 3+"),  # review 2026-11-30 (B3R): page 1 read "HER2 HER2 IHC 3+"
        ("MSI-high", "MSI-high", ""),  # (C4K) "MSI-high MSI-high"
        ("ALK", "ALK fusion, partner EML4", "fusion, partner EML4"),  # (Z8H) "ALK ALK fusion"
        ("EGFR", "exon 19 deletion, T790M (resistance)", "exon 19 deletion, T790M (resistance)"),
        ("MET", "METex14 skipping", "METex14 skipping"),  # a name inside a word is kept
        ("ALK", "ALK融合，融合伴侣 EML4", "融合，融合伴侣 EML4"),  # review 2026-11-30 (Z8H, Chinese): "ALK ALK融合"
        ("ALK", "ALK：融合", "融合"),  # a full-width colon, as Chinese writes it
        ("ALK", "ALKBH1 variant", "ALKBH1 variant"),  # another gene whose name starts with the marker's
        ("ALK", "ALK-positive by IHC", "ALK-positive by IHC"),  # a hyphenated name stays whole
    ],
)
def test_page_one_names_a_detected_marker_once(short, found, shown):
    result = {"code": short, "short": short, "found": found, "value": "", "detected": True}
    assert latest_detected([result])[0]["glance"] == shown
