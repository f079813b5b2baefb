"""Oncologist's review 2026-11-30 (C4K): the letter asked for "pharmacogenetic genotyping (DPYD or UGT1A1) before the
first dose" for a patient who had already had FOLFOX. After a fluoropyrimidine the request is DPYD testing before
any further dose, if not already done (EMA 2020; CPIC DPYD 2017 update). Letter PDFs read back with pdftotext."""

import datetime

import pytest

from cases.assessment import interpretation_for
from cases.models import TreatmentLine
from reports.documents.letter import gap_letter_pdf
from tests.factories import complete_case
from tests.helpers.pdfs import page_texts, squeeze

pytestmark = pytest.mark.django_db

# Review 2026-12-01: each row names only its own gene and drug, never "DPYD or UGT1A1".
DPYD_FIRST_END = "beforethefirstfluoropyrimidinedose"
DPYD_FIRST_ZH = "首次使用氟尿嘧啶类药物前进行DPYD基因分型"
UGT1A1_FIRST = "UGT1A1genotypingbeforethefirstirinotecandose"
UGT1A1_FIRST_ZH = "首次使用伊立替康前进行UGT1A1基因分型"
OLD_SHARED = "DPYDorUGT1A1"
FURTHER_DOSE = "DPYDgenotyping(orDPDactivitybybloodura"  # the cell wraps after "uracil" in narrow columns
FURTHER_DOSE_ZH = "再次使用任何氟尿嘧啶类药物前进行DPYD基因分型"
# Why the test matters, after a fluoropyrimidine was given (EMA 2020; CPIC 2017): the dose if it is given again.
DPYD_WHY = "DPDdeficiencytestingaftersideeffectsonafluoropyrimidine:iffluorouracilorcapecitabineistobegivenagain"
DPYD_WHY_ZH = "氟尿嘧啶类药物出现不良反应后的DPD缺乏检测：如需再次使用氟尿嘧啶或卡培他滨"
DPYD_BEFORE = "DPDdeficiencytestingbeforefluorouracilorcapecitabine"


def bowel_case(patient, regimen: str | None):
    case = complete_case(patient, cancer_type="colorectal", cancer_subtype="left_sided", report_language="zh-hans")
    case.treatment_lines.all().delete()
    case.biomarkers.all().delete()
    if regimen:
        today = datetime.date.today()
        TreatmentLine.objects.create(
            case=case,
            regimen=regimen,
            start_date=today - datetime.timedelta(days=200),
            end_date=today - datetime.timedelta(days=100),
            stop_reason="toxicity",  # a toxicity keeps DPYD a gap (engine: R_TOLERATED otherwise)
        )
    return case


def letter_text(case) -> str:
    return squeeze("".join(page_texts(gap_letter_pdf(case))))


def test_after_folfox_dpyd_is_asked_before_any_further_dose(patient):
    case = bowel_case(patient, "FOLFOX")
    assert "DPYD" in {g.marker for g in interpretation_for(case).gaps}
    text = letter_text(case)
    assert FURTHER_DOSE in text and FURTHER_DOSE_ZH in text
    assert DPYD_WHY in text and DPYD_WHY_ZH in text and DPYD_BEFORE not in text
    # Only the UGT1A1 row (irinotecan not given yet) still asks before the first dose, and names only UGT1A1.
    assert UGT1A1_FIRST in text and UGT1A1_FIRST_ZH in text
    assert DPYD_FIRST_END not in text and DPYD_FIRST_ZH not in text and OLD_SHARED not in text


def test_no_fluoropyrimidine_yet_keeps_before_the_first_dose(patient):
    case = bowel_case(patient, None)
    assert "DPYD" in {g.marker for g in interpretation_for(case).gaps}
    text = letter_text(case)
    # The DPYD row and the UGT1A1 row, each naming its own gene and drug.
    assert DPYD_FIRST_END in text and DPYD_FIRST_ZH in text and "anyfurtherfluoropyrimidine" not in text
    assert UGT1A1_FIRST in text and UGT1A1_FIRST_ZH in text and OLD_SHARED not in text
    assert DPYD_BEFORE in text and DPYD_WHY not in text


# Review 2026-12-01: after irinotecan (FOLFIRI stopped for toxicity) the UGT1A1 row still asked "before the first dose"
# and said "before irinotecan". It now asks before any further irinotecan and says why: a poor-metaboliser genotype
# calls for a lower dose if it is given again (DPWG 2022; FDA irinotecan label).
UGT1A1_FURTHER = "UGT1A1genotypingbeforeanyfurtheririnotecan,ifnotalreadydone"
UGT1A1_FURTHER_ZH = "再次使用伊立替康前进行UGT1A1基因分型，如尚未检测"
UGT1A1_WHY = "UGT1A1genotypeaftersideeffectsonirinotecan:ifitistobegivenagain"
UGT1A1_WHY_ZH = "伊立替康出现不良反应后的UGT1A1基因型：如需再次使用"


def test_after_folfiri_ugt1a1_is_asked_before_any_further_irinotecan(patient):
    case = bowel_case(patient, "FOLFIRI")
    assert "UGT1A1" in {g.marker for g in interpretation_for(case).gaps}
    text = letter_text(case)
    assert UGT1A1_FURTHER in text and UGT1A1_FURTHER_ZH in text
    assert UGT1A1_WHY in text and UGT1A1_WHY_ZH in text
    assert UGT1A1_FIRST not in text and "UGT1A1genotypebeforeirinotecan" not in text


def test_without_irinotecan_ugt1a1_is_still_asked_before_the_first_dose(patient):
    text = letter_text(bowel_case(patient, "FOLFOX"))
    assert UGT1A1_FURTHER not in text and UGT1A1_WHY not in text
    assert "UGT1A1genotypebeforeirinotecan" in text
