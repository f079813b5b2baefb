"""The summary's lab table shows value and reference range in one unit, converted as the urgency flags convert it:
1500 cells/µL neutrophils reads 1.5 10⁹/L beside "1.8–7.5 10⁹/L" (1 × 10⁹/L = 1000 cells/µL)."""

import datetime

import pytest

from cases.models import LabResult
from reports.documents.summary_condition import lab_groups
from tests.factories import complete_case

pytestmark = pytest.mark.django_db


def _row(case, code):
    [row] = [r for g in lab_groups(case) for r in g["rows"] if r["code"] == code]
    return row


def test_neutrophils_in_cells_per_microlitre_are_shown_in_the_unit_of_the_range(patient):
    case = complete_case(patient)
    LabResult.objects.create(
        case=case, test="neutrophils", value="1500", unit="cells/µL", measured_on=datetime.date.today()
    )
    row = _row(case, "neutrophils")
    assert (row["value"], row["unit"], row["range"]) == ("1.5", "10⁹/L", "1.8–7.5 10⁹/L")
    assert row["as_entered"] == "1500 cells/µL"
    assert row["flag"] == "low" and row["out_of_range"]


def test_neutrophils_in_cells_per_microlitre_are_flagged_low_like_the_urgency_banner(patient):
    case = complete_case(patient)
    LabResult.objects.create(
        case=case, test="neutrophils", value="900", unit="cells/µL", measured_on=datetime.date.today()
    )
    [group] = [g for g in lab_groups(case) if any(r["code"] == "neutrophils" for r in g["rows"])]
    assert group["name"] == "Blood counts"  # blood counts, not "(bone marrow)"
    [row] = [r for r in group["rows"] if r["code"] == "neutrophils"]
    assert (row["value"], row["unit"], row["flag"]) == ("0.9", "10⁹/L", "low") and row["out_of_range"]
    assert "Neutrophils low" in group["verdict"]


def test_earlier_values_in_another_unit_are_converted_too(patient):
    case = complete_case(patient)
    today = datetime.date.today()
    LabResult.objects.create(
        case=case, test="platelets", value="90000", unit="/µL", measured_on=today - datetime.timedelta(days=14)
    )
    LabResult.objects.create(case=case, test="platelets", value="180", unit="10^9/L", measured_on=today)
    row = _row(case, "platelets")
    assert (row["value"], row["unit"], row["as_entered"], row["flag"]) == ("180", "10⁹/L", "", "")
    assert row["earlier"][0].startswith("90 10⁹/L (")


def test_lymphocytes_and_haemoglobin_in_other_units_are_compared_with_the_range(patient):
    case = complete_case(patient)
    today = datetime.date.today()
    LabResult.objects.create(case=case, test="lymphocytes", value="600", unit="cells/µL", measured_on=today)
    LabResult.objects.create(case=case, test="haemoglobin", value="95", unit="g/L", measured_on=today)
    lymphocytes, haemoglobin = _row(case, "lymphocytes"), _row(case, "haemoglobin")
    assert (lymphocytes["value"], lymphocytes["flag"]) == ("0.6", "low")
    assert (haemoglobin["value"], haemoglobin["unit"], haemoglobin["flag"]) == ("9.5", "g/dL", "low")


def test_a_unit_that_cannot_be_converted_still_says_so(patient):
    case = complete_case(patient)
    LabResult.objects.create(case=case, test="neutrophils", value="45", unit="%", measured_on=datetime.date.today())
    row = _row(case, "neutrophils")
    assert (row["value"], row["unit"], row["as_entered"]) == ("45", "%", "")
    assert row["flag"] == "other unit: see the lab's own range" and not row["out_of_range"]
