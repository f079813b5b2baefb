"""The remission text of the patient report follows the case, read back from the PDF."""

import pytest

from cases.models import TreatmentLine
from reports.documents.patient_report import patient_report_pdf
from reports.models import Consensus
from tests.helpers.pdfs import flat, page_texts
from tests.reports.report_helpers import reviewed_case

pytestmark = pytest.mark.django_db

PSEUDO = "Immunotherapy can make tumours look larger for a while before they shrink"
TARGETED = "When a cancer grows while on a targeted medicine, it usually means the cancer has found a way around"


def report_text(case) -> str:
    return flat(" ".join(page_texts(patient_report_pdf(case))))


def test_progressing_on_a_targeted_drug_gets_no_pseudo_progression_promise(patient):
    case, _team = reviewed_case(patient, reported_response="PD")
    TreatmentLine.objects.filter(case=case).update(best_response="PD")  # osimertinib, ongoing
    text = report_text(case)
    assert PSEUDO not in text and "look larger" not in text
    assert TARGETED in text
    assert "A new biopsy or a blood test for tumour DNA can show how" in text


def test_immunotherapy_explains_pseudo_progression(patient):
    case, _team = reviewed_case(patient, cancer_type="melanoma", cancer_subtype="", histology="Melanoma")
    TreatmentLine.objects.filter(case=case).update(regimen="Nivolumab + ipilimumab, then nivolumab")
    text = report_text(case)
    assert PSEUDO in text and "(iRECIST)" in text
    assert TARGETED not in text


def test_acute_leukaemia_levels_and_a_goal_not_on_scans(patient):
    case, _team = reviewed_case(patient, cancer_type="aml", cancer_subtype="", histology="AML with NPM1 mutation")
    TreatmentLine.objects.filter(case=case).update(regimen="7+3 induction (cytarabine + daunorubicin)")
    Consensus.objects.filter(case=case).update(goal="complete_remission")
    text = report_text(case)
    assert "CR with incomplete recovery of counts (CRi)" in text
    assert "Morphologic leukaemia-free state (MLFS)" in text
    assert "no leukaemia or myeloma can be found in the blood and bone marrow tests" in text
    assert "no cancer can be found on scans" not in text and "RECIST" not in text


def test_thyroid_lists_the_indeterminate_response(patient):
    case, _team = reviewed_case(patient, cancer_type="thyroid", cancer_subtype="papillary", histology="Papillary")
    assert "Indeterminate response" in report_text(case)


def test_cll_written_in_the_histology_reads_iwcll(patient):
    case, _team = reviewed_case(
        patient, cancer_type="lymphoma", cancer_subtype="other", histology="Chronic lymphocytic leukaemia"
    )
    text = report_text(case)
    assert "iwCLL 2018" in text and "Undetectable MRD" in text
    assert "Lugano" not in text and "RECIST" not in text
    assert "Stage IVB (as entered)" in text  # CLL is staged by Rai or Binet: the stage as entered, no system named


def test_a_brain_tumour_reads_rano(patient):
    case, _team = reviewed_case(patient, cancer_type="other", cancer_subtype="", histology="Glioblastoma, IDH-wildtype")
    text = report_text(case)
    assert "RANO 2.0" in text and "pseudo-progression" in text and "RECIST" not in text


def test_another_cancer_is_not_given_recist(patient):
    case, _team = reviewed_case(patient, cancer_type="other", cancer_subtype="", histology="Leiomyosarcoma")
    text = report_text(case)
    assert "Your doctors will tell you which criteria apply to your cancer" in text
    assert "RECIST" not in text and "Doctors judge this with the" not in text


def test_the_targeted_progression_note_is_in_chinese_in_a_chinese_report(patient):
    case, _team = reviewed_case(patient, reported_response="PD", report_language="zh-hans")
    TreatmentLine.objects.filter(case=case).update(best_response="PD")
    text = flat(" ".join(page_texts(patient_report_pdf(case, language="zh-hans"))))
    assert "再次活检或检测血液中的肿瘤DNA可以显示耐药机制" in text.replace(" ", "")
    assert "假性进展" not in text


def test_aml_relapsing_on_gilteritinib_reads_of_a_marrow_test_not_tumour_dna(patient):
    """Oncologist's review (2026-11-30): the solid-tumour note (new biopsy, tumour DNA) was given to AML."""
    case, _team = reviewed_case(patient, cancer_type="aml", cancer_subtype="", histology="AML with FLT3-ITD")
    TreatmentLine.objects.filter(case=case).update(regimen="Gilteritinib 120 mg daily", best_response="relapse")
    case.refresh_from_db()
    text = report_text(case)
    assert TARGETED not in text and "A new biopsy or a blood test for tumour DNA" not in text
    assert "A repeat bone marrow test, with its genes checked again" in text
