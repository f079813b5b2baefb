"""The biomarker-gap letter the patient takes to their local oncologist or laboratory."""

import io
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from cases.assessment import interpretation_for
from cases.clinical.biomarkers import GAP_REASONS
from cases.clinical.codes import CANCER_TYPES
from cases.clinical.lab_requests import requests_for
from cases.clinical.panels import marker
from cases.models import Biomarker, Case, CaseAssignment
from cases.models.case import State
from reports.documents.letter import _section, gap_letter_pdf, letter_gaps, letter_languages
from tests.factories import UserFactory, complete_case
from tests.helpers.pdfs import flat, page_texts, words_past_the_margins

CJK = re.compile(r"[\u4e00-\u9fff]")
# complete_case has EGFR positive; these are recorded as gaps of other kinds.
RECORDED = {"ALK": "not_tested", "ROS1": "pending", "HER2": "equivocal", "PDL1": "not_detected"}


def case_without_driver(owner, **fields):
    """complete_case with EGFR negative: once a driver is confirmed the other drivers are no longer gaps (ESMO 2023)."""
    case = complete_case(owner, **fields)
    case.biomarkers.filter(marker="EGFR").update(result="not_detected", value="", covers_gene=True)
    return case


def label(gap) -> str:
    return marker(gap.marker).label


def squeeze(text: str) -> str:
    """Without any whitespace: CJK lines wrap anywhere, and extraction puts a space at each wrap."""
    return re.sub(r"\s+", "", text)


XHTML = "{http://www.w3.org/1999/xhtml}"


def table_rows(pdf: bytes, labels: list[str]) -> dict[str, str]:
    """The text of each table row, by the marker label in its first column, from word positions.

    A row runs from its label's line down to the next label's line on the page; its text is read
    column by column.
    """
    out = subprocess.run(["pdftotext", "-bbox-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    rows = {}
    for page in ET.fromstring(out.stdout).iter(f"{XHTML}page"):
        lines = sorted(
            (float(line.get("yMin")), float(line.get("xMin")), " ".join(w.text for w in line.iter(f"{XHTML}word")))
            for line in page.iter(f"{XHTML}line")
        )
        starts = [
            (y, label)
            for y, x, text in lines
            for label in labels
            if x < 120 and label.startswith(text) and len(text) > 3
        ]
        ends = [y for y, _ in starts[1:]] + [float("inf")]
        for (y, label), next_y in zip(starts, ends, strict=False):
            # Column by column (cells are left-aligned), top to bottom within each.
            band = sorted((round(x / 5), ly, text) for ly, x, text in lines if y - 1 <= ly < next_y - 1)
            rows.setdefault(label, " ".join(text for _, _, text in band))
    return rows


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


@pytest.fixture
def lung_case(patient):
    case = case_without_driver(patient, report_language="zh-hans", patient_name="李伟 Li Wei", state=State.IN_TRIAGE)
    for code, status in RECORDED.items():
        Biomarker.objects.create(case=case, marker=code, result=status)
    return case


@pytest.fixture
def letter(lung_case) -> bytes:
    return gap_letter_pdf(lung_case)


def section_texts(pdf: bytes) -> tuple[str, str]:
    """The Chinese section's text and the English section's text (split where the English letterhead starts)."""
    text = flat("\n".join(page_texts(pdf)))
    english_start = text.rindex(
        "MDT Intake second-opinion service", 0, text.index("Multidisciplinary tumour board review")
    )
    return text[:english_start], text[english_start:]


def test_every_gap_marker_is_named_with_its_method_and_specimen_in_both_languages(lung_case, letter):
    gaps = letter_gaps(lung_case)
    codes = {g.marker for g in gaps}
    assert {"ALK", "ROS1", "HER2", "RET", "NTRK"} <= codes
    assert not {"EGFR", "PDL1"} & codes  # negative on a test that covered the gene: not gaps
    chinese, english = section_texts(letter)
    rows = table_rows(letter, [label(g) for g in gaps])
    for gap in gaps:
        [first, *_] = requests_for(gap.marker, lung_case.cancer_type, gap.state)
        # In English, on the marker's own row of the table, with why it is a gap and the source:
        row = squeeze(rows[label(gap)])
        assert squeeze(first.method) in row and squeeze(first.specimen) in row, gap.marker
        assert squeeze(GAP_REASONS[gap.reason]) in row and squeeze(gap.source) in row, gap.marker
        # In the patient's language, somewhere in that section:
        for text in (label(gap), first.method, first.specimen):
            assert squeeze(in_language("zh-hans", text)) in squeeze(chinese), (gap.marker, text)


def test_equivocal_her2_asks_for_ish_and_pending_ros1_asks_for_the_report(lung_case, letter):
    rows = table_rows(letter, [label(g) for g in letter_gaps(lung_case)])
    assert "equivocal" in rows[marker("HER2").label]
    assert "In situ hybridisation" in rows[marker("HER2").label]
    assert "Immunohistochemistry" not in rows[marker("HER2").label]
    assert "result awaited" in rows["ROS1 rearrangement"]
    assert "as soon as the result is ready" in flat(rows["ROS1 rearrangement"])


def test_letter_names_patient_birth_date_diagnosis_and_where_to_upload(lung_case, letter):
    _, english = section_texts(letter)
    assert "Li Wei" in english
    assert "4 Mar 1961" in english  # the one English date format (config/formats/en)
    assert "Non-small cell lung cancer, Adenocarcinoma, Stage IVB" in english
    assert "To the treating oncologist or laboratory" in english
    assert "uploads them to their case page" in english
    assert reverse("intake:case_detail", args=[lung_case.reference]) in english.replace(" ", "")


def test_chinese_section_has_real_chinese_text_with_embedded_fonts(lung_case, letter):
    chinese, _ = section_texts(letter)
    cancer_label = in_language("zh-hans", CANCER_TYPES["nsclc"].label)
    assert CJK.search(cancer_label), "the zh-hans catalogue should translate cancer types"
    assert cancer_label in chinese
    assert in_language("zh-hans", marker("ROS1").label) in chinese
    assert len(CJK.findall(chinese)) > 20
    assert "李伟" in chinese
    fonts = embedded_fonts(letter)
    assert any("CJK" in name for name in fonts), fonts
    assert all(embedded for embedded in fonts.values()), fonts


def embedded_fonts(pdf: bytes) -> dict[str, bool]:
    """Every font the pages use, and whether its program is embedded in the file."""
    fonts = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


def test_english_section_follows_and_each_language_has_a_bookmark(letter):
    reader = PdfReader(io.BytesIO(letter))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert len(titles) == 2
    assert titles[0].startswith("简体中文")
    assert titles[1] == "English: Biomarker tests requested"
    chinese_page = reader.get_destination_page_number(reader.outline[0])
    english_item = next(item for item in reader.outline if not isinstance(item, list) and item.title == titles[1])
    assert reader.get_destination_page_number(english_item) > chinese_page


def test_each_half_has_its_own_page_numbers_and_footer_in_its_own_language(lung_case, letter):
    """The Chinese letter is numbered in Chinese from its page 1, the English one in English from its page 1:
    no English "Page 1 of 3" on a Chinese page, no "第 3 页" on an English one."""
    pages = page_texts(letter)
    english_start = next(i for i, text in enumerate(pages) if "Multidisciplinary tumour board review" in text)
    chinese, english = pages[:english_start], pages[english_start:]
    assert chinese and english
    for number, text in enumerate(chinese, start=1):
        assert lung_case.reference in text and "所需的生物标志物检测" in text, number
        assert squeeze(f"第 {number} 页，共 {len(chinese)} 页") in squeeze(text), number
        assert "Page" not in text and "Biomarker tests requested" not in text, number
    for number, text in enumerate(english, start=1):
        assert lung_case.reference in text and "Biomarker tests requested" in text, number
        assert f"Page {number} of {len(english)}" in flat(text), number
        assert not CJK.search(text.replace("李伟", "")), number  # the patient's name is the only Chinese


def test_english_report_language_gives_one_copy(patient):
    case = case_without_driver(patient, report_language="en")
    Biomarker.objects.create(case=case, marker="ALK", result="not_tested")
    pdf = gap_letter_pdf(case)
    text = flat("\n".join(page_texts(pdf)))
    assert text.count("Multidisciplinary tumour board review") == 1
    assert [item.title for item in PdfReader(io.BytesIO(pdf)).outline if not isinstance(item, list)] == [
        "English: Biomarker tests requested"
    ]


def test_without_report_language_the_owners_language_is_used(patient):
    patient.language = "zh-hans"
    patient.save()
    case = case_without_driver(patient, report_language="")
    titles = [i.title for i in PdfReader(io.BytesIO(gap_letter_pdf(case))).outline if not isinstance(i, list)]
    assert titles[0].startswith("简体中文") and titles[1].startswith("English")


def test_patient_text_cannot_inject_markup(patient):
    case = case_without_driver(patient, report_language="en", patient_name='<img src="file:///etc/passwd"><b>Li</b>')
    text = flat("\n".join(page_texts(gap_letter_pdf(case))))
    assert '<img src="file:///etc/passwd"><b>Li</b>' in text.replace(" ", "").replace("imgsrc", "img src")


# The view


def letter_url(case) -> str:
    return reverse("reports:gap_letter", args=[case.reference])


def test_owner_downloads_the_letter_inline_and_uncached(patient_client, lung_case):
    response = patient_client.get(letter_url(lung_case))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{lung_case.reference}-biomarker-letter.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")


def test_coordinator_and_assigned_specialist_may_download(client, lung_case, coordinator, specialist):
    CaseAssignment.objects.create(case=lung_case, specialist=specialist, discipline="medical_oncology")
    for user in (coordinator, specialist):
        client.force_login(user)
        assert client.get(letter_url(lung_case)).status_code == 200, user.role


def test_unassigned_specialist_gets_404(client, lung_case):
    client.force_login(UserFactory(role="specialist", discipline="pathology"))
    assert client.get(letter_url(lung_case)).status_code == 404


def test_other_patient_gets_404(client, other_patient, lung_case):
    client.force_login(other_patient)
    assert client.get(letter_url(lung_case)).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, lung_case):
    response = client.get(letter_url(lung_case))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_case_without_gaps_has_no_letter(patient_client, patient):
    case = case_without_driver(patient, cancer_type="melanoma", cancer_subtype="", report_language="en")
    for code in ("BRAF", "NRAS", "KIT", "MSI", "TMB", "NTRK", "RET"):
        Biomarker.objects.create(case=case, marker=code, result="not_detected", covers_gene=True)
    assert patient_client.get(letter_url(case)).status_code == 404


def test_the_tables_of_both_halves_stay_inside_the_margins(letter):
    assert words_past_the_margins(letter, 18) == []


def test_each_language_starts_its_letter_on_its_first_page_not_a_page_of_letterhead(db, settings, tmp_path):
    """The demo myeloma letter (Chinese, then English) has tall rows: the English table once moved whole to the
    next page and left page 1 with the letterhead and two paragraphs. Each half's first page carries the table's
    head and its first test."""
    settings.MEDIA_ROOT = str(tmp_path)
    call_command("seed_demo", stdout=io.StringIO())
    case = Case.objects.get(reference="MDT-DEMY7P")
    assert letter_languages(case) == ["zh-hans", "en"]
    pages = page_texts(gap_letter_pdf(case))
    interpretation = interpretation_for(case)
    for language in ("zh-hans", "en"):
        letterhead = squeeze(in_language(language, "Multidisciplinary tumour board review"))
        first = next(text for text in pages if letterhead in squeeze(text))
        first_test = _section(case, interpretation, language)["rows"][0]["label"]
        assert squeeze(in_language(language, "Specimen or report needed")) in squeeze(first), language
        assert squeeze(first_test) in squeeze(first), language
