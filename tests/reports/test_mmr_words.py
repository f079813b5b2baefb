"""Oncologist's review 2026-11-30 (C4K): a mismatch-repair result by IHC was labelled "MSI-high". An IHC result reads
dMMR / pMMR; "MSI-high" is only the result of an MSI assay (PCR or NGS). Summary PDFs read back with pdftotext."""

import pytest

from cases.models import Biomarker
from reports.documents.summary import summary_pdf
from tests.factories import complete_case
from tests.helpers.pdfs import page_texts, squeeze

pytestmark = pytest.mark.django_db


def table_of(case, language: str) -> str:
    text = squeeze(" ".join(page_texts(summary_pdf(case, language=language))))
    start = text.index("Resultandalteration" if language == "en" else "结果")
    return text[start:]


def colorectal(patient, *records):
    case = complete_case(patient, cancer_type="colorectal", cancer_subtype="left_sided")
    case.biomarkers.all().delete()
    for assay, result, alterations in records:
        Biomarker.objects.create(case=case, marker="MSI", result=result, assay=assay, alterations=alterations)
    return case


def test_mmr_loss_by_ihc_reads_dmmr_not_msi_high(patient):
    case = colorectal(patient, ("ihc", "detected", ["dmmr_mlh1_pms2"]))
    english = table_of(case, "en")
    assert "dMMR(mismatch-repairdeficient)" in english
    assert "MSI-high" not in english[: english.index("dMMR")]
    assert "dMMR（错配修复缺陷）" in table_of(case, "zh-hans")


def test_retained_mmr_proteins_by_ihc_read_pmmr(patient):
    case = colorectal(patient, ("ihc", "not_detected", []))
    assert "pMMR(mismatch-repairproficient)" in table_of(case, "en")
    assert "pMMR（错配修复功能完整）" in table_of(case, "zh-hans")


def test_msi_by_pcr_still_reads_msi_high(patient):
    case = colorectal(patient, ("msi_pcr", "detected", ["msi_h"]))
    english = table_of(case, "en")
    assert "MSI-high" in english and "dMMR(" not in english


# The interpretation's own sentences about the patient's result name what the test found: dMMR for IHC, MSI-high for
# PCR or NGS (cases.clinical.biomarkers.mmr; CAP/AMP, Bartley 2022). Review 2026-12-01.


def with_braf(case):
    Biomarker.objects.create(case=case, marker="BRAF", result="detected", assay="dna_ngs", alterations=["V600E"])
    return case


def summary_text(case, language: str) -> str:
    return squeeze(" ".join(page_texts(summary_pdf(case, language=language))))


def test_braf_v600e_with_mmr_loss_by_ihc_reads_dmmr_in_the_statement(patient):
    case = with_braf(colorectal(patient, ("ihc", "detected", ["dmmr_mlh1_pms2"])))
    english = summary_text(case, "en")
    assert "BRAFV600EwithdMMR(mismatch-repairdeficient):immunotherapyfirst" in english
    assert "BRAFV600EwithMSI-high" not in english
    assert "BRAFV600E合并dMMR（错配修复缺陷）：先用免疫治疗" in summary_text(case, "zh-hans")


def test_braf_v600e_with_msi_by_pcr_reads_msi_high_in_the_statement(patient):
    case = with_braf(colorectal(patient, ("msi_pcr", "detected", ["msi_h"])))
    english = summary_text(case, "en")
    assert "BRAFV600EwithMSI-high:immunotherapyfirst" in english
    assert "BRAFV600E合并MSI-H（微卫星高度不稳定）：先用免疫治疗" in summary_text(case, "zh-hans")


def test_lynch_gap_after_mmr_loss_by_ihc_names_dmmr(patient):
    case = colorectal(patient, ("ihc", "detected", ["dmmr_msh2_msh6"]))
    english = summary_text(case, "en")
    assert "dMMR(mismatch-repairdeficient):germlinetestingforLynchsyndrome" in english
    assert "MSI-high/dMMR:germline" not in english and "MSI-high:germline" not in english
    assert "dMMR（错配修复缺陷）：应进行林奇综合征胚系检测" in summary_text(case, "zh-hans")


def test_lynch_gap_after_both_tests_names_both(patient):
    case = colorectal(patient, ("ihc", "detected", ["dmmr_msh2_msh6"]), ("msi_pcr", "detected", ["msi_h"]))
    assert "MSI-high/dMMR:germlinetestingforLynchsyndrome" in summary_text(case, "en")
    assert "MSI-H/dMMR：应进行林奇综合征胚系检测" in summary_text(case, "zh-hans")
