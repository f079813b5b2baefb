"""Oncologist's review 2026-12-01: a colorectal case whose only MSI record is by IHC (loss of MLH1/PMS2) read
"Actionable now: MSI-high" on page 1 of the MDT summary and "MSI-high: MSI-high / dMMR, no immunotherapy so far" on
page 2, while the result column and the gap rows said dMMR. IHC finds dMMR, an MSI assay (PCR, NGS) finds MSI-high;
the patient's own result is named for the test that found it (CAP/AMP, Bartley AN et al., Arch Pathol Lab Med 2022;
biomarkers.mmr). Summary PDFs read back with pdftotext; the coordinator's case page read as HTML."""

import pytest
from django.urls import reverse

from cases.models import Biomarker, State
from reports.documents.summary import summary_pdf
from tests.factories import complete_case
from tests.helpers.pdfs import page_texts, squeeze

pytestmark = pytest.mark.django_db

CRC_LINE = "noimmunotherapysofar(anyline):nivolumabwithipilimumab"
CRC_LINE_ZH = "尚未接受过免疫治疗（任何线数）：纳武利尤单抗联合伊匹木单抗"


def bowel_case(patient, *records, **fields):
    case = complete_case(patient, cancer_type="colorectal", cancer_subtype="left_sided", **fields)
    case.biomarkers.all().delete()
    case.treatment_lines.all().delete()  # no immunotherapy so far: the colorectal MSI rule applies
    for assay, classes in records:
        Biomarker.objects.create(case=case, marker="MSI", result="detected", assay=assay, alterations=classes)
    return case


def pages(case, language: str) -> list[str]:
    return [squeeze(p) for p in page_texts(summary_pdf(case, language=language))]


def test_msi_by_ihc_only_reads_dmmr_on_page_one_and_page_two(patient):
    case = bowel_case(patient, ("ihc", ["dmmr_mlh1_pms2"]))
    english = pages(case, "en")
    assert "Actionablenow:dMMR" in english[0]
    assert "Actionablenow:MSI-high" not in english[0]
    rest = "".join(english[1:])
    assert f"dMMR:dMMR(mismatch-repairdeficient),{CRC_LINE}" in rest
    assert "MSI-high" not in rest.replace("MSI-high/dMMR", "")  # no heading or sentence names it MSI-high
    chinese = pages(case, "zh-hans")
    assert "目前可采取的治疗:dMMR" in chinese[0] and "目前可采取的治疗:MSI-H" not in chinese[0]
    assert f"dMMR：dMMR（错配修复缺陷），{CRC_LINE_ZH}" in "".join(chinese[1:])


def test_msi_by_pcr_only_reads_msi_high(patient):
    case = bowel_case(patient, ("msi_pcr", ["msi_h"]))
    english = pages(case, "en")
    assert "Actionablenow:MSI-high" in english[0] and "Actionablenow:dMMR" not in english[0]
    assert f"MSI-high:MSI-high,{CRC_LINE}" in "".join(english[1:])
    chinese = pages(case, "zh-hans")
    assert "目前可采取的治疗:MSI-H（微卫星高度不稳定）" in chinese[0]


def test_msi_by_both_tests_reads_both(patient):
    case = bowel_case(patient, ("ihc", ["dmmr_mlh1_pms2"]), ("msi_pcr", ["msi_h"]))
    english = pages(case, "en")
    assert "Actionablenow:MSI-high/dMMR" in english[0]
    assert f"MSI-high/dMMR:MSI-high/dMMR,{CRC_LINE}" in "".join(english[1:])
    assert "目前可采取的治疗:MSI-H/dMMR" in pages(case, "zh-hans")[0]


def test_coordinator_case_page_names_an_ihc_result_dmmr(client, coordinator, patient):
    case = bowel_case(patient, ("ihc", ["dmmr_mlh1_pms2"]), state=State.IN_TRIAGE)
    client.force_login(coordinator)
    page = client.get(reverse("intake:case_detail", args=[case.reference]), HTTP_ACCEPT_LANGUAGE="en")
    html = " ".join(page.content.decode().split())
    assert "<strong>dMMR</strong>: dMMR (mismatch-repair deficient), no immunotherapy so far" in html
    assert "<strong>MSI-high</strong>" not in html
