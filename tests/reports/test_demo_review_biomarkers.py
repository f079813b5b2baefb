"""The oncologist's review of the demo PDFs (2026-11-30): each biomarker finding read back from the rendered PDFs.

One test per review item; each reads the text a tumour board would read in the MDT summary, the gap letter or
the patient's words (reports.documents.patient_report.meanings).
"""

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from cases.models import Case
from reports.documents.letter import NoBiomarkerGaps, gap_letter_pdf
from reports.documents.patient_report import meanings
from reports.documents.summary import summary_pdf
from tests.helpers.pdfs import flat, page_texts

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    return flat(" ".join(page_texts(pdf)))


def words(text: str) -> str:
    return "".join(text.split()).replace("-", "")


def _letter(case) -> str:
    try:
        return text_of(gap_letter_pdf(case))
    except NoBiomarkerGaps:
        return ""


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    # In English whatever an earlier test's request left active (the test client keeps the last request's language).
    with django_db_blocker.unblock(), translation.override("en"):
        call_command("seed_demo", stdout=io.StringIO())
        cases = {c.reference[-3:]: c for c in Case.objects.filter(reference__startswith="MDT-DEM")}
        texts = {
            ref: {"summary": text_of(summary_pdf(c)), "letter": _letter(c), "patient": meanings(c)}
            for ref, c in cases.items()
        }
    yield cases, texts
    with django_db_blocker.unblock():
        Case.objects.filter(reference__startswith="MDT-DEM").delete()


def test_item1_c4k_msi_is_any_line_nivolumab_ipilimumab_not_first_line(demo):
    _, texts = demo
    summary = words(texts["C4K"]["summary"])
    assert words("no immunotherapy so far (any line): nivolumab with ipilimumab (CheckMate 8HW)") in summary
    assert words("first-line pembrolizumab") not in summary
    assert words("FDA Apr 2025") in summary


def test_item5_m5t_nras_is_not_actionable_now_and_names_no_approved_mek_inhibitor(demo):
    _, texts = demo
    summary = texts["M5T"]["summary"]
    assert "Actionable now: NRAS" not in summary
    assert "after immunotherapy, a MEK inhibitor" not in summary
    assert words("no MEK inhibitor is approved by the FDA or EMA") in words(summary)
    patient = [m["text"] for m in texts["M5T"]["patient"] if m["code"] == "NRAS"]
    assert patient and "clinical trials" in patient[0] and "could open a treatment option" not in patient[0]


def test_item9_z8h_alk_rules_out_names_liver_toxicity_not_osimertinib(demo):
    _, texts = demo
    summary = words(texts["Z8H"]["summary"])
    assert words("combined with or given before crizotinib they caused severe liver damage") in summary
    assert words("given before osimertinib") not in summary


def test_item10_agnostic_ret_is_fusion_only(demo):
    _, texts = demo
    for ref in ("C4K", "N2C"):
        for doc in ("summary", "letter"):
            assert "RET fusion or mutation" not in texts[ref][doc], (ref, doc)


def test_item14_b3r_tdxd_pertuzumab_first_line(demo):
    _, texts = demo
    summary = words(texts["B3R"]["summary"])
    assert words("first line trastuzumab deruxtecan with pertuzumab") in summary
    assert words("FDA Dec 2025 (trastuzumab deruxtecan + pertuzumab first line, DESTINY-Breast09)") in summary


def test_item11_sources_are_those_of_the_patients_disease(demo):
    _, texts = demo
    for doc in ("summary", "letter"):
        assert "iwCLL" not in texts["Y7P"][doc] and "ELN 2022; IMWG" not in texts["Y7P"][doc], doc
        assert "IMWG" not in texts["A6L"][doc], doc
        assert "IASLC/CAP/AMP" not in texts["C4K"][doc], doc


def test_item2_y7p_letter_asks_for_the_diagnostic_fish_and_tp53_sequencing(demo):
    _, texts = demo
    letter = words(texts["Y7P"]["letter"])
    assert words("ask first for the diagnostic FISH report") in letter
    assert words("Sequencing of TP53 (myeloma NGS panel)") in letter
    assert words("stored diagnostic marrow sample or slides, not fresh marrow") in letter
    assert "FLT3ITD" not in letter and words("sent within 24 hours") not in letter


def test_item13_n2c_letter_asks_met_fish_and_ihc_and_her2_on_the_new_biopsy(demo):
    _, texts = demo
    letter = texts["N2C"]["letter"]
    resistance = words(letter[letter.index("MET amplification is the") : letter.index("Where to send the results")])
    assert words("MET FISH (MET gene copy number and MET/CEP7 ratio)") in resistance
    assert words("MET immunohistochemistry") in resistance
    assert words("FFPE tumour block") not in resistance
    # FISH and IHC need tissue: plasma is offered once, for the sequencing on the new biopsy only.
    assert resistance.count(words("or plasma if not possible")) == 1
    assert words("this test needs tissue and cannot be done on plasma") in resistance


def test_item8_a6l_flt3_by_ngs_only_asks_for_pcr_and_qualifies_the_risk(demo):
    _, texts = demo
    summary, letter = words(texts["A6L"]["summary"]), words(texts["A6L"]["letter"])
    assert words("favourable only if FLT3-ITD is truly absent") in summary
    assert words("negative by NGS only: FLT3-ITD needs PCR") in summary
    assert words("PCR fragment analysis for FLT3-ITD") in letter


def test_minor_letter_without_coordinator_gives_the_service_contact_never_a_dash(demo, settings):
    cases, texts = demo
    b3r = cases["B3R"]
    assert b3r.coordinator is None
    assert "contact us: —" not in texts["B3R"]["letter"] and "contact us: —" not in texts["Y7P"]["letter"]
    # The demo sets no MDT_SERVICE_* contact: the doctor cannot sign in to the patient's case page, so the letter
    # gives the address the service's emails come from (review 2026-11-30).
    for letter in (texts["B3R"]["letter"], texts["Y7P"]["letter"]):
        assert "through the case page" not in letter and "please contact us:" in letter
    settings.DEFAULT_FROM_EMAIL = "MDT Intake <second-opinion@example.org>"
    assert "please contact us: second-opinion@example.org" in text_of(gap_letter_pdf(b3r))
    settings.MDT_SERVICE_EMAIL = "mdt-service@example.org"
    settings.MDT_SERVICE_PHONE = "+44 20 7946 0000"
    letter = text_of(gap_letter_pdf(b3r))
    assert "please contact us: mdt-service@example.org · +44 20 7946 0000" in letter


def test_minor_c4k_lynch_next_step_is_methylation_or_germline(demo):
    _, texts = demo
    for doc in ("summary", "letter"):
        text = words(texts["C4K"][doc])
        assert words("BRAF V600E already negative: next, MLH1 promoter methylation testing") in text, doc
        assert words("(or BRAF V600E in bowel cancer)") not in text, doc
