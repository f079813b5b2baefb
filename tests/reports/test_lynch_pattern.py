"""Review 2026-12-01: BRAF V600E was read as "sporadic" whatever mismatch-repair proteins were lost, so the Lynch
germline gap vanished after a loss of MSH2/MSH6, and "BRAF V600E with loss of MLH1/PMS2 points to sporadic MSI" was
printed for MSH2/MSH6 loss and for MSI found by PCR. NICE DG27 2017 (colorectal): BRAF V600E explains a loss of MLH1
(and ends the MSI-assay strategy); a loss of MSH2, MSH6 or PMS2 alone goes straight to germline testing. NICE DG42
2020 (endometrial): MLH1 promoter methylation, not BRAF. Summary PDFs read back with pdftotext."""

import pytest

from cases.models import Biomarker
from reports.documents.summary import summary_pdf
from tests.factories import complete_case
from tests.helpers.pdfs import page_texts, squeeze

pytestmark = pytest.mark.django_db

SPORADIC_MLH1 = "BRAFV600EwithlossofMLH1/PMS2pointstosporadicMSI"
SPORADIC_MLH1_ZH = "BRAFV600E伴MLH1/PMS2缺失提示散发性MSI"
LYNCH_GAP = "germlinetestingforLynchsyndrome"
LYNCH_GAP_ZH = "应进行林奇综合征胚系检测"


def case_with(patient, cancer, msi_assay, msi_classes, braf="V600E"):
    case = complete_case(patient, cancer_type=cancer, cancer_subtype="")
    case.biomarkers.all().delete()
    Biomarker.objects.create(case=case, marker="MSI", result="detected", assay=msi_assay, alterations=msi_classes)
    if braf:
        Biomarker.objects.create(case=case, marker="BRAF", result="detected", assay="dna_ngs", alterations=[braf])
    return case


def text(case, language: str) -> str:
    return squeeze(" ".join(page_texts(summary_pdf(case, language=language))))


def test_braf_v600e_with_mlh1_loss_reads_sporadic_and_asks_no_germline_test(patient):
    case = case_with(patient, "colorectal", "ihc", ["dmmr_mlh1_pms2"])
    english = text(case, "en")
    assert SPORADIC_MLH1 in english
    assert LYNCH_GAP not in english
    chinese = text(case, "zh-hans")
    assert SPORADIC_MLH1_ZH in chinese and LYNCH_GAP_ZH not in chinese


@pytest.mark.parametrize("lost", ["dmmr_msh2_msh6", "dmmr_other"])
def test_braf_v600e_with_msh2_msh6_loss_still_asks_for_germline_testing(patient, lost):
    case = case_with(patient, "colorectal", "ihc", [lost])
    english = text(case, "en")
    assert "dMMR(mismatch-repairdeficient):germlinetestingforLynchsyndrome,asMSH2/MSH6(orPMS2alone)" in english
    assert "BRAFV600EdoesnotruleoutLynchsyndromehere" in english
    assert "sporadic" not in english
    chinese = text(case, "zh-hans")
    assert "dMMR（错配修复缺陷）：应进行林奇综合征胚系检测，因为MSH2/MSH6（或单独PMS2）染色缺失" in chinese
    assert "此处BRAFV600E不能排除林奇综合征" in chinese
    assert SPORADIC_MLH1_ZH not in chinese


def test_braf_v600e_with_msi_by_pcr_does_not_claim_a_staining_pattern(patient):
    case = case_with(patient, "colorectal", "msi_pcr", ["msi_h"])
    english = text(case, "en")
    assert "BRAFV600EwithMSI-high,nostainingpatternrecorded:sporadicMSIislikely" in english
    assert "lossofMSH2orMSH6,orofPMS2alone,germlinetestingisstillneeded" in english
    assert "lossofMLH1/PMS2" not in english
    chinese = text(case, "zh-hans")
    assert "BRAFV600E合并MSI-H（微卫星高度不稳定），未记录染色模式：散发性MSI可能性大" in chinese
    # NICE DG27 2017: abnormal MSH2, MSH6 or PMS2 staining (PMS2 alone, MLH1 normal) goes to germline testing.
    assert "MSH2或MSH6缺失，或单独PMS2缺失，仍需进行胚系检测" in chinese
    assert SPORADIC_MLH1_ZH not in chinese


def test_mlh1_and_msh2_loss_together_is_not_called_sporadic(patient):
    case = case_with(patient, "colorectal", "ihc", ["dmmr_mlh1_pms2", "dmmr_msh2_msh6"])
    english = text(case, "en")
    assert LYNCH_GAP in english and SPORADIC_MLH1 not in english


def test_braf_v600e_does_not_stand_for_methylation_in_endometrial_cancer(patient):
    case = case_with(patient, "endometrial", "ihc", ["dmmr_mlh1_pms2"])
    english = text(case, "en")
    assert "unlessMLH1promotermethylation" in english
    assert "sporadicMSI" not in english
    assert "除非MLH1启动子甲基化" in text(case, "zh-hans")
