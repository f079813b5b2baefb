"""Urgency flags and the suggested triage priority."""

from decimal import Decimal

import pytest

from cases.clinical.snapshot import TreatmentLineInfo
from cases.clinical.urgency import suggested_priority, urgency_flags
from tests.cases.clinical.cases_helpers import TODAY, case


def flag_codes(snapshot) -> list[str]:
    return [f.code for f in urgency_flags(snapshot, today=TODAY)]


def test_a_stable_case_has_no_flags_and_routine_priority():
    flags = urgency_flags(case(), today=TODAY)
    assert flags == []
    assert suggested_priority(flags) == "routine"


@pytest.mark.parametrize(("ecog", "flagged"), [(2, False), (3, True), (4, True)])
def test_ecog_3_or_4_is_urgent(ecog, flagged):
    assert ("poor_performance_status" in flag_codes(case(ecog=ecog))) is flagged


@pytest.mark.parametrize(("karnofsky", "flagged"), [(60, False), (50, True), (40, True)])
def test_karnofsky_50_or_less_is_urgent(karnofsky, flagged):
    assert ("poor_performance_status" in flag_codes(case(ecog=None, karnofsky=karnofsky))) is flagged


def test_brain_and_leptomeningeal_metastases_are_flagged_with_reasons():
    flags = urgency_flags(case(metastatic_sites=("brain", "leptomeninges")), today=TODAY)
    assert [(f.code, f.reason) for f in flags] == [
        ("brain_metastases", "brain metastases"),
        ("leptomeningeal_metastases", "leptomeningeal metastases"),
    ]
    assert suggested_priority(flags) == "urgent"


def test_progression_on_the_ongoing_line_names_the_regimen():
    line = TreatmentLineInfo("osimertinib", None, None, "PD", "ongoing", True)
    (flag,) = urgency_flags(case(treatment_lines=(line,)), today=TODAY)
    assert flag.reason % flag.params == "progression on current therapy (osimertinib)"


def test_progression_derived_from_measurements_is_flagged():
    assert flag_codes(case(latest_derived_response="PD")) == ["progression_on_therapy"]


def test_progression_on_a_finished_line_alone_is_not_flagged():
    line = TreatmentLineInfo("docetaxel", None, None, "PD", "progression", False)
    assert flag_codes(case(treatment_lines=(line,))) == []


def test_rapid_growth_is_flagged():
    assert flag_codes(case(growth_tempo="rapid")) == ["rapid_growth"]


@pytest.mark.parametrize(("now", "flagged"), [("95", True), ("95.01", False), ("80", True)])
def test_weight_loss_of_5_percent_in_3_months_is_flagged(now, flagged):
    snapshot = case(weight_kg=Decimal(now), weight_kg_3_months_ago=Decimal("100"))
    assert ("weight_loss" in flag_codes(snapshot)) is flagged


def test_weight_loss_alone_suggests_high_priority():
    flags = urgency_flags(case(weight_kg=Decimal("60"), weight_kg_3_months_ago=Decimal("70")), today=TODAY)
    assert [f.severity for f in flags] == ["medium"]
    assert flags[0].reason % flags[0].params == "weight loss of 14.3% in 3 months"
    assert suggested_priority(flags) == "high"


def test_untreated_stage_iv_is_urgent():
    assert flag_codes(case(treatment_lines=(), no_treatment_yet=True)) == ["untreated_stage_iv"]
    assert flag_codes(case(treatment_lines=(), no_treatment_yet=True, stage_group="", m="M1c")) == [
        "untreated_stage_iv"
    ]
    assert flag_codes(case(treatment_lines=(), no_treatment_yet=True, stage_group="IIIA")) == []


def test_untreated_aml_is_urgent():
    snapshot = case(cancer_type="aml", stage_group="", treatment_lines=(), no_treatment_yet=True)
    assert flag_codes(snapshot) == ["untreated_acute_leukaemia"]
