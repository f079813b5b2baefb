"""Oncologist's review 2026-12-01: a mismatch-repair result typed as a report words it was misread. "MLH1 intact,
PMS2 lost" counted as MLH1 loss, so with BRAF V600E the summary called it sporadic and asked no germline test
(isolated PMS2 loss goes to germline testing whatever BRAF shows: NICE DG27 2017); "MSH2 and MSH6 retained" counted
as their loss; "MLH1 promoter unmethylated" counted as methylated and the Lynch gap vanished. Read from the summary
PDF (pdftotext), as the tumour board reads it."""

import pytest

from cases.models import Biomarker
from reports.documents.summary import summary_pdf
from tests.factories import complete_case
from tests.helpers.pdfs import page_texts, squeeze

pytestmark = pytest.mark.django_db

SPORADIC_MLH1 = "BRAFV600EwithlossofMLH1/PMS2pointstosporadicMSI"
LYNCH_GAP = "germlinetestingforLynchsyndrome"


def summary_for(patient, msi_text: str, braf: str | None = "V600E") -> str:
    case = complete_case(patient, cancer_type="colorectal", cancer_subtype="")
    case.biomarkers.all().delete()
    Biomarker.objects.create(case=case, marker="MSI", result="detected", assay="ihc", value=msi_text, alterations=[])
    if braf:
        Biomarker.objects.create(case=case, marker="BRAF", result="detected", assay="dna_ngs", alterations=[braf])
    return squeeze(" ".join(page_texts(summary_pdf(case, language="en"))))


def test_isolated_pms2_loss_written_out_asks_for_germline_testing_despite_braf(patient):
    text = summary_for(patient, "MLH1 intact, PMS2 lost")
    assert LYNCH_GAP in text and SPORADIC_MLH1 not in text


def test_msh2_msh6_retained_is_not_read_as_their_loss(patient):
    text = summary_for(patient, "Loss of MLH1 and PMS2 staining; MSH2 and MSH6 retained")
    assert SPORADIC_MLH1 in text
    assert "BRAFV600EdoesnotruleoutLynchsyndromehere" not in text and "asMSH2/MSH6" not in text


def test_an_unmethylated_mlh1_promoter_keeps_the_lynch_work_up_open(patient):
    text = summary_for(patient, "Loss of MLH1/PMS2; MLH1 promoter unmethylated", braf=None)
    # with the methylation read as present the germline gap had vanished; the methylation test is not asked again
    assert "germlinetestingforLynchsyndrome,astheMLH1promoterisnotmethylated" in text
    assert "next,MLH1promotermethylationtesting" not in text


def test_a_coded_unmethylated_promoter_goes_to_germline_testing_in_chinese_too(patient):
    case = complete_case(patient, cancer_type="colorectal", cancer_subtype="")
    case.biomarkers.all().delete()
    Biomarker.objects.create(
        case=case, marker="MSI", result="detected", assay="ihc", alterations=["dmmr_mlh1_pms2", "mlh1_unmethylated"]
    )
    chinese = squeeze(" ".join(page_texts(summary_pdf(case, language="zh-hans"))))
    assert "应进行林奇综合征胚系检测，因为MLH1启动子未甲基化" in chinese
