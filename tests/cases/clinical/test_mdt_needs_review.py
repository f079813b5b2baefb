"""Findings of an oncologist's review of the demo PDFs: what the MDT needs, asked only where it matters."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from cases.assessment import render
from cases.clinical.biomarkers.record import BiomarkerResult
from cases.clinical.completeness import assess_completeness
from cases.clinical.lab_values import LabValue
from cases.clinical.mdt_needs import mdt_need_codes
from cases.clinical.snapshot import CaseSnapshot
from tests.cases.clinical.cases_helpers import TODAY, case


def lab(code: str, value: str) -> LabValue:
    return LabValue(code, Decimal(value), "", date(2026, 11, 1))


@pytest.mark.parametrize(
    "cancer_type",
    ["head_neck", "cervical", "hcc", "renal", "urothelial", "oesophageal_squamous", "mesothelioma"],
)
def test_autoimmune_and_transplant_history_asked_where_checkpoint_inhibitors_are_standard(cancer_type):
    assert "autoimmune_transplant" in set(mdt_need_codes(CaseSnapshot(cancer_type=cancer_type)))


@pytest.mark.parametrize("marker", ["MSI", "TMB"])
def test_autoimmune_and_transplant_history_asked_when_msi_high_or_tmb_high_is_on_file(marker):
    plain = CaseSnapshot(cancer_type="prostate")
    assert "autoimmune_transplant" not in set(mdt_need_codes(plain))
    high = CaseSnapshot(cancer_type="prostate", biomarkers=(BiomarkerResult(marker=marker, result="detected"),))
    assert "autoimmune_transplant" in set(mdt_need_codes(high))
    low = CaseSnapshot(cancer_type="prostate", biomarkers=(BiomarkerResult(marker=marker, result="not_detected"),))
    assert "autoimmune_transplant" not in set(mdt_need_codes(low))


def _item(snapshot, code):
    return next(i for i in assess_completeness(snapshot, today=TODAY).items if i.code == code)


def test_liver_metastases_with_alt_on_file_ask_only_for_the_bilirubin():
    alt = LabValue("alt", Decimal("30"), "U/L", TODAY)
    item = _item(case(metastatic_sites=("liver",), labs=(alt,)), "liver_tests")
    assert render(item.coordinator_message, item.params) == "Liver metastases: bilirubin missing"
    assert "ALT" not in render(item.patient_message, item.params)
    assert render(item.patient_message, item.params).endswith("liver blood tests: bilirubin.")
    with translation.override("zh-hans"):
        assert render(item.coordinator_message, item.params) == "有肝转移：缺少胆红素"
        assert "ALT" not in render(item.patient_message, item.params)
    neither = _item(case(metastatic_sites=("liver",), labs=()), "liver_tests")
    assert render(neither.coordinator_message, neither.params) == "Liver metastases: bilirubin; ALT or AST missing"


def test_hiv_request_for_a_patient_over_65_does_not_cite_a_screening_rule_that_stops_at_65():
    item = _item(case(patient_birth_date=date(1950, 1, 1), hiv="not_tested"), "viral_tests")
    coordinator = render(item.coordinator_message, item.params)
    assert "HIV" in coordinator
    assert "USPSTF" not in coordinator
    assert "NCCN" in coordinator


def _patient_texts(snapshot) -> list[str]:
    with translation.override("zh-hans"):
        return [render(i.patient_message, i.params) for i in assess_completeness(snapshot, today=TODAY).items]


def test_myeloma_patient_is_asked_for_the_iss_stage_not_tnm_letters():
    texts = _patient_texts(case(cancer_type="myeloma", stage_group="", t="", n="", m="", metastatic_sites=()))
    assert not any("TNM" in t for t in texts)
    assert any("R-ISS" in t for t in texts)
    staged = case(cancer_type="myeloma", stage_group="II", t="", n="", m="", metastatic_sites=())
    assert not any("R-ISS：" in t or "TNM" in t for t in _patient_texts(staged))


@pytest.mark.parametrize("leukaemia", ["aml", "all", "cml", "cll", "mds"])
def test_leukaemia_patient_is_not_asked_for_a_stage(leukaemia):
    texts = _patient_texts(case(cancer_type=leukaemia, stage_group="", t="", n="", m="", metastatic_sites=()))
    assert not any("分期" in t and ("TNM" in t or "ISS" in t) for t in texts)


def test_myeloma_patient_is_asked_for_creatinine_once():
    texts = _patient_texts(case(cancer_type="myeloma", labs=(), metastatic_sites=()))
    assert sum("肌酐" in t for t in texts) == 1
    with translation.override("en"):
        item = _item(case(cancer_type="myeloma", labs=(), metastatic_sites=()), "myeloma_staging_labs")
        assert render(item.patient_message, item.params) == (
            "Please add the blood tests used to stage myeloma: Beta-2 microglobulin; Albumin; LDH "
            "(from diagnosis if possible)."
        )


def test_kidney_function_request_names_only_the_missing_weight():
    creatinine = LabValue("creatinine", Decimal("80"), "µmol/L", TODAY)
    item = _item(case(labs=(creatinine,), weight_kg=None, patient_sex="male"), "crcl_inputs")
    with translation.override("en"):
        assert render(item.coordinator_message, item.params) == "Creatinine clearance not computed: weight missing"
        assert render(item.patient_message, item.params).endswith("the team also needs: weight.")
    with translation.override("zh-hans"):
        assert render(item.patient_message, item.params) == "为了根据肌酐计算肾功能，团队还需要：体重。"
