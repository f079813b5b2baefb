"""Findings of an oncologist's review of the demo PDFs: what the MDT needs, asked only where it matters."""

from datetime import date
from decimal import Decimal

import pytest

from cases.clinical.biomarkers.record import BiomarkerResult
from cases.clinical.lab_values import LabValue
from cases.clinical.mdt_needs import mdt_need_codes
from cases.clinical.snapshot import CaseSnapshot


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
