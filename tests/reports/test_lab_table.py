"""The summary's lab table converts units as the urgency flags do: 900 cells/µL neutrophils is LOW (0.9 × 10⁹/L)."""

import datetime

import pytest

from cases.models import LabResult
from reports.documents.summary_condition import lab_groups
from tests.factories import complete_case

pytestmark = pytest.mark.django_db


def test_neutrophils_in_cells_per_microlitre_are_flagged_low_like_the_urgency_banner(patient):
    case = complete_case(patient)
    LabResult.objects.create(
        case=case, test="neutrophils", value="900", unit="cells/µL", measured_on=datetime.date.today()
    )
    [group] = [g for g in lab_groups(case) if any(r["code"] == "neutrophils" for r in g["rows"])]
    assert group["name"] == "Blood counts"  # blood counts, not "(bone marrow)"
    [row] = [r for r in group["rows"] if r["code"] == "neutrophils"]
    assert row["flag"] == "low (0.9 10⁹/L)" and row["out_of_range"]
    assert "Neutrophils low" in group["verdict"]


def test_a_unit_that_cannot_be_converted_still_says_so(patient):
    case = complete_case(patient)
    LabResult.objects.create(case=case, test="neutrophils", value="45", unit="%", measured_on=datetime.date.today())
    [row] = [r for g in lab_groups(case) for r in g["rows"] if r["code"] == "neutrophils"]
    assert row["flag"] == "other unit: see the lab's own range" and not row["out_of_range"]
