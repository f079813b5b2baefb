"""GCIG CA-125 (Rustin, Int J Gynecol Cancer 2011): response and progression."""

import datetime

import pytest

from cases.clinical.response import assess

START = datetime.date(2025, 1, 1)


def day(n: int) -> str:
    return (START + datetime.timedelta(days=n)).isoformat()


def ca125(*points: tuple[int, float], uln=None, start=None) -> dict:
    data: dict = {"ca125": [{"date": day(d), "u_ml": v} for d, v in points]}
    if uln is not None:
        data["uln_u_ml"] = uln
    if start is not None:
        data["treatment_start"] = day(start)
    return data


def category(*points, **kwargs) -> str:
    return assess("gcig_ca125", ca125(*points, **kwargs)).category


@pytest.mark.parametrize(("low", "expected"), [(200, "CA125_response"), (200.1, "no_response")])
def test_response_is_a_50_percent_fall(low, expected):
    assert category((0, 400), (30, low), (60, low)) == expected


@pytest.mark.parametrize(("gap", "expected"), [(27, "response_unconfirmed"), (28, "CA125_response")])
def test_response_must_hold_28_days(gap, expected):
    assert category((0, 400), (30, 150), (30 + gap, 150)) == expected


def test_response_not_held_is_no_response():
    assert category((0, 400), (30, 150), (60, 250)) == "no_response"


@pytest.mark.parametrize(("baseline", "expected"), [(69.9, "not_evaluable_for_response"), (70, "CA125_response")])
def test_pretreatment_value_must_be_twice_the_uln(baseline, expected):
    assert category((0, baseline), (30, 20), (60, 20)) == expected


# Progression definitions A, B and C.
@pytest.mark.parametrize(
    ("points", "expected"),
    [
        # A: raised, normalised, then >= 2x ULN (70) twice a week apart
        (((0, 400), (30, 30), (90, 69.9), (97, 69.9)), "CA125_response"),
        (((0, 400), (30, 30), (90, 70), (97, 70)), "CA125_progression"),
        (((0, 400), (30, 30), (90, 70), (96, 70)), "progression_unconfirmed"),
        # B: raised, never normalised: >= 2x nadir (nadir 50)
        (((0, 400), (30, 50), (90, 99.9), (97, 99.9)), "CA125_response"),
        (((0, 400), (30, 50), (90, 100), (97, 100)), "CA125_progression"),
        # C: normal before treatment: >= 2x ULN
        (((0, 20), (30, 15), (90, 69.9), (97, 69.9)), "not_evaluable_for_response"),
        (((0, 20), (30, 15), (90, 70), (97, 71)), "CA125_progression"),
    ],
)
def test_gcig_progression_definitions(points, expected):
    assert category(*points) == expected


@pytest.mark.parametrize(("gap", "expected"), [(6, "progression_unconfirmed"), (7, "CA125_progression")])
def test_progression_needs_two_samples_a_week_apart(gap, expected):
    assert category((0, 20), (30, 15), (90, 70), (90 + gap, 70)) == expected


def test_a_dip_between_two_raised_samples_a_week_apart_is_still_progression():
    # GCIG: >= 2x ULN "on two occasions at least 1 week apart"; the sample between them does not undo it.
    result = assess("gcig_ca125", ca125((0, 20), (30, 15), (90, 80), (97, 60), (104, 80)))
    assert result.category == "CA125_progression"
    assert f"on {day(90)} and again on {day(104)}: progression from {day(90)}" in result.explanation


def test_a_raised_sample_not_raised_again_a_week_later_is_not_progression():
    assert category((0, 20), (30, 15), (90, 80), (97, 60), (130, 30)) == "not_evaluable_for_response"


@pytest.mark.parametrize(("start", "expected"), [(14, "CA125_response"), (15, "not_evaluable_for_response")])
def test_the_pretreatment_sample_must_be_within_2_weeks_before_treatment(start, expected):
    assert category((0, 400), (30, 150), (60, 150), start=start) == expected


def test_a_pretreatment_sample_after_treatment_started_is_not_evaluable_for_response():
    result = assess("gcig_ca125", ca125((7, 400), (30, 150), (60, 150), start=0))
    assert result.category == "not_evaluable_for_response"
    assert "not within the 2 weeks before treatment started" in result.explanation


def test_a_sample_outside_the_window_still_shows_progression():
    assert category((0, 400), (30, 30), (90, 70), (97, 70), start=30) == "CA125_progression"


def test_progression_dates_from_the_first_raised_value_and_names_the_rule():
    result = assess("gcig_ca125", ca125((0, 400), (30, 30), (90, 75), (100, 80)))
    assert "GCIG A" in result.explanation
    assert "progression from 2025-04-01" in result.explanation


def test_a_lab_with_another_uln():
    assert category((0, 400), (30, 20), (90, 50), (100, 50), uln=25) == "CA125_progression"


@pytest.mark.parametrize("data", [{}, {"ca125": [{"date": "2025-01-01", "u_ml": 30}]}, {"ca125": "high"}])
def test_malformed_input_is_invalid(data):
    assert assess("gcig_ca125", data).category == "INVALID"
