"""Myeloma staging labs (R-ISS/R2-ISS, IMS/IMWG 2025) and the immunotherapy question only where it matters."""

from datetime import date
from decimal import Decimal

from cases.clinical.biomarkers.record import BiomarkerResult
from cases.clinical.lab_values import LabValue
from cases.clinical.mdt_needs import mdt_need_codes, missing_staging_labs
from cases.clinical.snapshot import CaseSnapshot, TreatmentLineInfo


def snap(**kw) -> CaseSnapshot:
    return CaseSnapshot(**kw)


def lab(code: str, value: str) -> LabValue:
    return LabValue(code, Decimal(value), "", date(2026, 11, 1))


def test_myeloma_without_b2m_albumin_ldh_is_a_gap_naming_each():
    case = snap(cancer_type="myeloma", labs=(lab("creatinine", "80"),))
    assert missing_staging_labs(case) == ["b2m", "albumin", "ldh"]
    assert "myeloma_staging_labs" in set(mdt_need_codes(case))
    full = snap(cancer_type="myeloma", labs=tuple(lab(c, "3") for c in ("b2m", "albumin", "ldh", "creatinine")))
    assert "myeloma_staging_labs" not in set(mdt_need_codes(full))
    assert "myeloma_staging_labs" not in set(mdt_need_codes(snap(cancer_type="nsclc")))


def test_autoimmune_question_not_asked_for_alk_lung_or_her2_breast_but_asked_where_io_is_an_option():
    alk = snap(cancer_type="nsclc", biomarkers=(BiomarkerResult(marker="ALK", result="detected"),))
    assert "autoimmune_transplant" not in set(mdt_need_codes(alk))
    her2 = snap(cancer_type="breast", cancer_subtype="her2_pos")
    assert "autoimmune_transplant" not in set(mdt_need_codes(her2))
    assert "autoimmune_transplant" in set(mdt_need_codes(snap(cancer_type="melanoma")))
    assert "autoimmune_transplant" in set(mdt_need_codes(snap(cancer_type="nsclc")))
    given = snap(
        cancer_type="breast",
        cancer_subtype="her2_pos",
        treatment_lines=(TreatmentLineInfo("Pembrolizumab", date(2026, 1, 1), None, "", "", True, ""),),
    )
    assert "autoimmune_transplant" in set(mdt_need_codes(given))
