"""The demo cases' MDT summaries, read back with pypdf as their oncologists would read them."""

import io
import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from cases.assessment import case_with_clinical
from cases.labels import cancer_type_label
from cases.models import Case
from intake.management.commands.seed_demo import days_ago
from reports.documents.summary import glance_questions, summary_pdf
from tests.helpers.pdfs import words_past_the_margins

pytestmark = pytest.mark.django_db

# Each demo case's page 1 (text), the patient's first question and the cancer type's label, filled by the fixture.
PAGE_ONE: dict[str, tuple[str, str, str]] = {}
PDFS: dict[str, bytes] = {}


@pytest.fixture(scope="module")
def summaries(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        from django.test import override_settings
        from django.utils import translation

        storage = tmp_path_factory.mktemp("media")
        # English whatever an earlier test left active: a module fixture runs before the per-test language reset
        with override_settings(MEDIA_ROOT=str(storage)), translation.override("en"):
            call_command("seed_demo", stdout=io.StringIO())
            texts = {}
            for case in Case.objects.filter(reference__startswith="MDT-DEM").order_by("reference"):
                case = case_with_clinical(case)
                pdf = summary_pdf(case)
                reader = PdfReader(io.BytesIO(pdf))
                pages = [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]
                texts[case.reference] = " ".join(pages)
                PDFS[case.reference] = pdf
                first_question = next((q["text"] for q in glance_questions(case)), "")  # the draft has none yet
                PAGE_ONE[case.reference] = (
                    pages[0],
                    re.sub(r"\s+", " ", first_question),
                    cancer_type_label(case.cancer_type),
                )
        yield texts
        Case.objects.filter(reference__startswith="MDT-DEM").delete()


def test_lung_osimertinib_line_has_no_baseline_of_its_own(summaries):
    """Gefitinib's baseline (80 mm) and nadir (39 mm) do not carry over to osimertinib: no scan in the 4 weeks
    before it started, so progression rests on the new lesion only and no percentage is given."""
    text = summaries["MDT-DEMN2C"]
    assert "from nadir 39 mm" not in text and "-26.2%" not in text  # gefitinib's rows keep their own baseline
    assert "no baseline scan for this line" in text and "progression on new lesion(s) only" in text
    assert "No baseline for the next line" in text
    assert "of nadir 39 (progression)" not in text  # no progression line drawn across the change of line
    assert "Change from nadir" in text
    assert "Per line, from the dated response assessments" in text
    assert "CEA (ng/mL)" in text and "ECOG performance status" in text


def test_melanoma_on_immunotherapy_shows_irecist_pseudoprogression(summaries):
    text = summaries["MDT-DEMM5T"]
    assert "Derived under iRECIST" in text
    assert "iUPD" in text and "not confirmed and the bar resets" in text
    assert "Immune partial response (iPR)" in text  # the category in words, not only its code


def test_melanoma_recist_and_irecist_are_one_series_and_pfs_is_read_under_irecist(summaries):
    text = summaries["MDT-DEMM5T"]
    assert "Conflict:" not in text  # both readings come from the same scans
    assert "Immune partial response (iPR) (iRECIST)" in text and "(iRECIST) Progression-free time" in text
    assert "Derived from measurements (iRECIST)" in text


def test_aml_shows_eln_and_names_the_cri_reading_only_where_it_decides(summaries):
    text = summaries["MDT-DEMA6L"]
    assert "Derived under ELN 2022" in text
    assert "Complete remission (CR) (ELN 2022)" in text  # the line's best response, in words
    # A full CR does not depend on how CRi is read against MLFS (review 2026-11-30): the reading is not printed.
    assert "CRi read as" not in text


def test_aml_mrd_on_file_means_transplant_and_missing_consolidation_is_flagged(summaries):
    text = summaries["MDT-DEMA6L"]
    assert (
        "MRD on file: positive, Quantitative PCR (measurable residual disease), NPM1 transcripts 0.8% of ABL1" in text
    )
    assert "allogeneic stem cell transplant in first remission should be considered" in text
    assert "No consolidation recorded" in text
    assert "gaps: Karyotype" in text and "MRD, " not in text.split("gaps:")[1][:80]  # MRD on file is no gap


def test_myeloma_on_daratumumab_is_warned_about_ife(summaries):
    text = summaries["MDT-DEMY7P"]
    assert "Derived under IMWG 2016" in text
    assert "VGPR" in text and "DIRA" in text
    # the line's best response as the patient was told it, in IMWG's words (not a bare "VGPR")
    assert "Very good partial response (VGPR)" in text


def test_every_demo_summary_has_the_diagnosis_and_the_patients_first_question_on_page_1(summaries):
    """What a specialist reads first: the glance is page 1 alone, with the cancer and the patient's question."""
    assert len(PAGE_ONE) >= 7 and sum(bool(q) for _, q, _ in PAGE_ONE.values()) >= 6
    for reference, (page1, question, cancer) in PAGE_ONE.items():
        assert "At a glance" in page1 and "CANCER" in page1 and cancer in page1, reference
        assert "THE PATIENT'S QUESTIONS" in page1, reference
        assert question[:60] in page1, (reference, question)
        assert "Diagnosis and spread" not in page1, reference


def test_no_demo_summary_prints_past_the_page_margins(summaries):
    """Every table and chart stays inside the 18 mm side margins (pdf.css), on every page of every demo case."""
    assert len(PDFS) >= 7
    for reference, pdf in PDFS.items():
        assert words_past_the_margins(pdf, 18) == [], reference


def test_blood_cancers_read_not_applicable_and_the_glance_reads_the_response_section(summaries):
    aml, myeloma = summaries["MDT-DEMA6L"], summaries["MDT-DEMY7P"]
    assert "STAGE Not applicable" in aml and "STAGE Not known" not in aml
    assert "METASTATIC SPREAD Not applicable" in myeloma
    assert "R-ISS stage II" in myeloma and "ISS/R-ISS" not in myeloma  # the stage names its system
    # the at-a-glance box reads the latest assessment's reported category, as the response section does
    assert "Latest response, as reported: Very good partial response (VGPR)" in myeloma


def test_melanoma_recist_headline_is_the_progression_not_not_evaluable(summaries):
    """Oncologist's review (2026-11-30): the RECIST 1.1 headline read "Not evaluable (NE)" because progression ends
    the RECIST 1.1 assessment (Eisenhauer 2009, 4.4); its overall reading is that progression, with its date."""
    text = summaries["MDT-DEMM5T"]
    assert "Derived under RECIST 1.1: Not evaluable" not in text
    first_scan = days_ago(400)  # the demo's scans are dated back from today: the new lesion is on the first
    headline = (
        "Derived under RECIST 1.1: Progressive disease (PD) (best overall response: progression (PD) on "
        f"{first_scan.day} {first_scan:%b %Y}"
    )
    assert headline in text
    assert "Not classified after progression" in text  # the later scans on the chart, not "Not evaluable"
    assert "Not evaluable" not in text
