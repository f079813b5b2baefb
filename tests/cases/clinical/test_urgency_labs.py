"""Lab values that make a case urgent: each threshold, just beside it, and in conventional units."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from cases.clinical.lab_values import LabValue, corrected_calcium, in_own_unit
from cases.clinical.organ_function import cockcroft_gault, creatinine_clearance
from cases.clinical.urgency import suggested_priority, urgency_flags
from tests.cases.clinical.cases_helpers import TODAY, case

RECENT = TODAY - timedelta(days=3)


def lab(test, value, unit="", when=RECENT) -> LabValue:
    return LabValue(test, Decimal(str(value)), unit, when)


def flags_for(*labs, **changes):
    return {f.code: f for f in urgency_flags(case(labs=labs, **changes), today=TODAY)}


@pytest.mark.parametrize(
    ("value", "unit", "severity"),
    [
        ("2.90", "mmol/L", None),
        ("2.91", "mmol/L", "medium"),
        ("3.10", "mmol/L", "medium"),
        ("3.11", "mmol/L", "high"),
        ("12.5", "mg/dL", "medium"),  # graded in mg/dL: 12.5 is not above 12.5 (although 3.12 mmol/L)
        ("12.6", "mg/dL", "high"),
        ("12.4", "mg/dL", "medium"),
        ("11.6", "mg/dL", "medium"),
        ("11.5", "mg/dL", None),
        ("13.6", "mg/dl", "high"),
    ],
)
def test_hypercalcaemia_grades_in_si_and_conventional_units(value, unit, severity):
    flag = flags_for(lab("calcium", value, unit)).get("hypercalcaemia")
    assert (flag.severity if flag else None) == severity
    if flag:
        assert flag.params["unit"] == unit.replace("mg/dl", "mg/dL")


def test_total_calcium_is_corrected_for_a_low_albumin_the_same_day():
    # 2.80 + 0.02 × (40 − 20) = 3.20 mmol/L: grade 3, although the measured value is in range of grade 1.
    labs = (lab("calcium_total", "2.80"), lab("albumin", "20", "g/L"))
    assert corrected_calcium(labs)[1] == Decimal("3.20")
    flag = flags_for(*labs)["hypercalcaemia"]
    assert (flag.severity, flag.params["value"]) == ("high", "3.2")
    assert "CTCAE v5.0 grade 3-4" in flag.reason % flag.params


def test_total_calcium_without_albumin_is_read_as_it_is():
    assert corrected_calcium((lab("calcium_total", "2.95"),))[1] == Decimal("2.95")


@pytest.mark.parametrize(
    ("value", "severity"), [("130", None), ("129", "medium"), ("125", "medium"), ("124.9", "high"), ("118", "high")]
)
def test_hyponatraemia_below_130_and_profound_below_125(value, severity):
    flag = flags_for(lab("sodium", value, "mEq/L")).get("hyponatraemia")
    assert (flag.severity if flag else None) == severity


@pytest.mark.parametrize(
    ("value", "unit", "severity"),
    [
        ("1.0", "10^9/L", None),
        ("0.99", "10^9/L", "medium"),
        ("0.5", "10^9/L", "medium"),
        ("0.49", "10^9/L", "high"),
        ("400", "cells/µL", "high"),
        ("900", "/mm3", "medium"),
        ("1.2", "x10^9/L", None),
    ],
)
def test_neutropenia_grades_3_and_4(value, unit, severity):
    flag = flags_for(lab("neutrophils", value, unit)).get("neutropenia")
    assert (flag.severity if flag else None) == severity


@pytest.mark.parametrize(
    ("value", "unit", "shown", "grade"),
    [("400", "cells/µL", "0.4", "4"), ("900", "cells/µL", "0.9", "3"), ("750", "/mm3", "0.75", "3")],
)
def test_neutropenia_in_cells_per_microlitre_is_graded_and_stated_in_ten_to_the_nine_per_litre(
    value, unit, shown, grade
):
    # CTCAE v5.0 neutrophil count decreased: grade 3 < 1.0, grade 4 < 0.5 × 10⁹/L; 1 × 10⁹/L = 1000 cells/µL.
    flag = flags_for(lab("neutrophils", value, unit))["neutropenia"]
    assert (flag.params["value"], flag.params["grade"]) == (shown, grade)


def test_1500_neutrophils_per_microlitre_is_not_neutropenia_of_grade_3():
    assert "neutropenia" not in flags_for(lab("neutrophils", "1500", "cells/µL"))


@pytest.mark.parametrize(("value", "severity"), [("50", None), ("49", "medium"), ("25", "medium"), ("24", "high")])
def test_thrombocytopenia_grades_3_and_4(value, severity):
    flag = flags_for(lab("platelets", value, "10^9/L")).get("thrombocytopenia")
    assert (flag.severity if flag else None) == severity


@pytest.mark.parametrize(("value", "flagged"), [("100", False), ("100.1", True), ("150000", True)])
def test_white_count_above_100_in_acute_leukaemia_is_hyperleukocytosis(value, flagged):
    unit = "/µL" if value == "150000" else "10^9/L"
    found = flags_for(lab("wbc", value, unit), cancer_type="aml", stage_group="")
    assert ("hyperleukocytosis" in found) is flagged


def test_a_high_white_count_outside_acute_leukaemia_is_not_leukostasis():
    assert "hyperleukocytosis" not in flags_for(lab("wbc", "120", "10^9/L"))


def test_acute_lymphoblastic_leukaemia_written_in_the_histology_counts_as_acute_leukaemia():
    found = flags_for(lab("wbc", "180"), cancer_type="other", histology="B-cell acute lymphoblastic leukaemia")
    assert "hyperleukocytosis" in found


@pytest.mark.parametrize(
    ("before", "after", "severity"),
    [("80", "120", None), ("80", "121", "medium"), ("80", "240", "medium"), ("80", "241", "high")],
)
def test_rising_creatinine_by_ctcae_multiples_of_baseline(before, after, severity):
    labs = (lab("creatinine", before, when=TODAY - timedelta(days=40)), lab("creatinine", after))
    flag = flags_for(*labs).get("creatinine_rising")
    assert (flag.severity if flag else None) == severity


def test_rising_creatinine_in_mg_dl_is_converted():
    labs = (lab("creatinine", "0.9", "mg/dL", TODAY - timedelta(days=20)), lab("creatinine", "1.5", "mg/dL"))
    flag = flags_for(*labs)["creatinine_rising"]
    assert flag.reason % flag.params == (
        "creatinine rising: 79.56 to 132.6 µmol/L (1.7× the earlier value; above 1.5×, CTCAE v5.0 grade 2)"
    )


@pytest.mark.parametrize(
    ("before", "after", "code"),
    [
        ("10", "15.9", None),  # 1.59× but within the normal range
        ("12", "21", None),  # at the upper limit of normal
        ("12", "22", "bilirubin_rising"),
        ("20", "30", None),  # exactly 1.5×
        ("20", "30.1", "bilirubin_rising"),
        ("60", "63.1", "bilirubin_high"),  # above 3 × 21 µmol/L whatever the trend
    ],
)
def test_bilirubin_rising_above_normal_or_above_three_times_normal(before, after, code):
    labs = (lab("bilirubin", before, when=TODAY - timedelta(days=30)), lab("bilirubin", after))
    found = {c for c in flags_for(*labs) if c.startswith("bilirubin")}
    assert found == ({code} if code else set())


def test_an_old_lab_value_does_not_flag_now():
    assert flags_for(lab("calcium", "3.5", when=TODAY - timedelta(days=31))) == {}
    assert "hypercalcaemia" in flags_for(lab("calcium", "3.5", when=TODAY - timedelta(days=30)))


def test_a_value_in_a_unit_we_cannot_convert_is_left_out_rather_than_guessed():
    assert in_own_unit(lab("calcium", "3.5", "furlongs")) is None
    assert flags_for(lab("calcium", "3.5", "furlongs")) == {}


def test_a_dangerous_lab_value_makes_the_case_urgent_with_its_reason():
    flags = urgency_flags(case(labs=(lab("neutrophils", "0.3"),)), today=TODAY)
    assert suggested_priority(flags) == "urgent"
    assert flags[0].reason % flags[0].params == (
        f"neutropenia: neutrophils 0.3 × 10⁹/L on {RECENT.isoformat()} (below 0.5, CTCAE v5.0 grade 4)"
    )


# Cockcroft-Gault 1976 ------------------------------------------------------------------------------------------------


def test_cockcroft_gault_for_a_man_and_a_woman():
    # (140 − 65) × 70 / (72 × 1.4 mg/dL) = 52.08 mL/min; 1.4 mg/dL = 123.76 µmol/L.
    assert cockcroft_gault(creatinine_umol_l=Decimal("123.76"), age=65, weight_kg=Decimal(70), sex="male") == 52
    # (140 − 45) × 60 / (72 × 0.9) × 0.85 = 74.8 mL/min.
    assert cockcroft_gault(creatinine_umol_l=Decimal("79.56"), age=45, weight_kg=Decimal(60), sex="female") == 75


def test_cockcroft_gault_needs_the_sex_and_is_not_guessed():
    assert cockcroft_gault(creatinine_umol_l=Decimal(80), age=50, weight_kg=Decimal(70), sex="") is None
    assert cockcroft_gault(creatinine_umol_l=Decimal(80), age=50, weight_kg=Decimal(70), sex="other") is None


def test_creatinine_clearance_uses_the_age_on_the_day_of_the_creatinine():
    labs = (lab("creatinine", "78", "µmol/L", date(2026, 4, 19)),)
    result = creatinine_clearance(labs, birth_date=date(1968, 5, 14), weight_kg=Decimal(58), sex="female", today=TODAY)
    # 57 years old on 2026-04-19: (140 − 57) × 58 / (72 × 78/88.4) × 0.85 = 64.4
    assert (result.age, result.ml_min) == (57, 64)
