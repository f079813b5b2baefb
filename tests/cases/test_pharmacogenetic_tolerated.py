"""Oncologist's review 2026-12-01: DPYD testing was dropped as "already given without stopping for side effects" as
soon as a fluoropyrimidine line existed, even one in its first cycle. The severe toxicity of DPD deficiency comes in
the first one or two cycles, so the test is dropped only once a line has run six weeks (engine TOLERATED_AFTER_DAYS)."""

import datetime

import pytest

from cases.assessment import interpretation_for
from cases.models import TreatmentLine
from tests.factories import complete_case

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def bowel_case_on(patient, *, started_days_ago: int | None, ended_days_ago: int | None = None, stop_reason=""):
    case = complete_case(patient, cancer_type="colorectal", cancer_subtype="left_sided")
    case.treatment_lines.all().delete()
    case.biomarkers.all().delete()
    TreatmentLine.objects.create(
        case=case,
        regimen="CAPOX",
        start_date=None if started_days_ago is None else TODAY - datetime.timedelta(days=started_days_ago),
        end_date=None if ended_days_ago is None else TODAY - datetime.timedelta(days=ended_days_ago),
        stop_reason=stop_reason,
    )
    return case


def dpyd_asked(case) -> bool:
    return "DPYD" in {g.marker for g in interpretation_for(case).gaps}


def test_a_fluoropyrimidine_in_its_first_cycle_still_asks_for_dpyd_testing(patient):
    assert dpyd_asked(bowel_case_on(patient, started_days_ago=10))


def test_six_weeks_of_a_fluoropyrimidine_without_side_effects_closes_the_question(patient):
    assert not dpyd_asked(bowel_case_on(patient, started_days_ago=90))
    assert not dpyd_asked(bowel_case_on(patient, started_days_ago=200, ended_days_ago=100, stop_reason="completed"))


def test_a_line_stopped_after_two_weeks_for_another_reason_has_not_shown_tolerance(patient):
    assert dpyd_asked(bowel_case_on(patient, started_days_ago=100, ended_days_ago=86, stop_reason="patient_choice"))
