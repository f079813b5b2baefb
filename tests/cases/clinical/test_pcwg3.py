"""PCWG3 (Scher, J Clin Oncol 2016, Table 3): PSA progression and response, the bone-scan 2+2 rule."""

import datetime

import pytest

from cases.clinical.response import assess

START = datetime.date(2025, 1, 1)


def day(n: int) -> str:
    return (START + datetime.timedelta(days=n)).isoformat()


def psa(*points: tuple[int, float]) -> list[dict]:
    return [{"date": day(d), "ng_ml": v} for d, v in points]


def pcwg3(points, scans=(), soft=None) -> dict:
    data = {
        "psa": psa(*points),
        "treatment_start": day(0),
        "bone_scans": [{"date": day(d), "new_lesions": n} for d, n in scans],
    }
    if soft:
        data["soft_tissue_recist"] = soft
    return data


def category(*args, **kwargs) -> str:
    return assess("pcwg3", pcwg3(*args, **kwargs)).category


@pytest.mark.parametrize(
    ("rise", "expected"),
    [
        (5.99, "no_progression"),  # nadir 4: +49.8%, +1.99 ng/mL: under 2 ng/mL
        (6, "PSA_progression"),  # +50% and +2 ng/mL
    ],
)
def test_psa_progression_needs_2_ng_ml_above_nadir(rise, expected):
    points = [(0, 8), (56, 4), (112, rise), (140, rise)]
    assert category(points) == expected


@pytest.mark.parametrize(("rise", "expected"), [(12.4, "no_progression"), (12.5, "PSA_progression")])
def test_psa_progression_needs_25_percent_above_nadir(rise, expected):
    points = [(0, 20), (56, 10), (112, rise), (140, rise)]
    assert category(points) == expected


@pytest.mark.parametrize(("gap", "expected"), [(20, "PD_unconfirmed"), (21, "PSA_progression")])
def test_psa_rise_is_confirmed_by_a_value_3_weeks_later(gap, expected):
    points = [(0, 8), (56, 4), (112, 7), (112 + gap, 7.5)]
    assert category(points) == expected


def test_a_confirming_value_that_fell_back_does_not_confirm():
    assert category([(0, 8), (56, 4), (112, 7), (140, 5)]) == "no_progression"


def test_rises_in_the_first_12_weeks_are_ignored():
    assert category([(0, 8), (28, 4), (83, 9), (105, 5.5)]) == "no_progression"
    assert category([(0, 8), (28, 4), (84, 9), (105, 9)]) == "PSA_progression"


def test_without_a_fall_progression_is_measured_from_baseline():
    assert category([(0, 10), (90, 12.4), (120, 12.4)]) == "no_progression"
    assert category([(0, 10), (90, 12.5), (120, 12.5)]) == "PSA_progression"


@pytest.mark.parametrize(("low", "expected"), [(5, "PSA_response"), (5.01, "no_progression")])
def test_psa50_response_is_a_confirmed_halving(low, expected):
    assert category([(0, 10), (56, low), (84, low)]) == expected


def test_bone_2_plus_2_confirmed_dates_from_the_first_scan():
    result = assess("pcwg3", pcwg3([(0, 10), (56, 8)], scans=[(56, 2), (98, 4)]))
    assert result.category == "radiographic_PD"
    assert f"bone scan progression from {day(56)}" in result.explanation


def test_bone_2_new_lesions_on_the_first_scan_wait_for_confirmation():
    assert category([(0, 10), (56, 8)], scans=[(56, 2)]) == "PD_unconfirmed"


@pytest.mark.parametrize(
    ("second", "gap", "expected"), [(3, 42, "no_progression"), (4, 41, "PD_unconfirmed"), (4, 42, "radiographic_PD")]
)
def test_bone_confirmation_needs_2_more_lesions_6_weeks_later(second, gap, expected):
    assert category([(0, 10), (56, 8)], scans=[(56, 2), (56 + gap, second)]) == expected


def test_flare_then_later_progression_compared_with_the_first_scan_needs_a_confirming_scan():
    # 2 new lesions at week 8, none more 6 weeks later: flare; the first scan is then the reference.
    waiting = assess("pcwg3", pcwg3([(0, 10), (56, 8)], scans=[(56, 2), (98, 2), (180, 4)]))
    assert waiting.category == "PD_unconfirmed"
    assert f"2 new bone lesions on {day(180)} compared with the first post-treatment scan" in waiting.explanation
    confirmed = assess("pcwg3", pcwg3([(0, 10), (56, 8)], scans=[(56, 2), (98, 2), (180, 4), (222, 4)]))
    assert confirmed.category == "radiographic_PD"
    assert f"bone scan progression from {day(180)}" in confirmed.explanation


@pytest.mark.parametrize(
    ("scans", "expected"),
    [
        ([(56, 0), (98, 1), (180, 1)], "no_progression"),  # 1 new lesion: not progression
        ([(56, 0), (98, 2)], "PD_unconfirmed"),  # 2 new lesions after the first scan: wait for the next
        ([(56, 0), (98, 2), (139, 2)], "PD_unconfirmed"),  # 41 days later does not confirm
        ([(56, 0), (98, 2), (140, 2)], "radiographic_PD"),  # 6 weeks later, still there
        ([(56, 0), (98, 2), (140, 3)], "radiographic_PD"),  # more lesions also confirm
        ([(56, 0), (98, 2), (140, 1)], "no_progression"),  # not persisting: no progression
        ([(56, 1), (98, 2), (140, 2)], "no_progression"),  # 1 new compared with the first post-treatment scan
        ([(56, 1), (98, 3), (140, 3)], "radiographic_PD"),  # 2 new compared with it, persisting
    ],
)
def test_after_the_first_scan_2_new_lesions_persisting_6_weeks_later(scans, expected):
    assert category([(0, 10), (56, 8)], scans=scans) == expected


def test_later_bone_progression_dates_from_the_scan_that_first_showed_the_lesions():
    result = assess("pcwg3", pcwg3([(0, 10), (56, 8)], scans=[(56, 0), (98, 2), (140, 2)]))
    assert result.params["progression_date"] == day(98)


def test_soft_tissue_recist_progression_is_radiographic_pd():
    assert category([(0, 10), (56, 8)], soft="PD") == "radiographic_PD"
    assert category([(0, 10), (56, 8)], soft="SD") == "no_progression"


def test_explanation_gives_change_from_baseline_and_nadir():
    result = assess("pcwg3", pcwg3([(0, 40), (84, 4), (150, 7)]))
    assert "-82.5% from baseline 40" in result.explanation
    assert "+75.0% from nadir 4" in result.explanation


@pytest.mark.parametrize(
    "data",
    [
        {"psa": []},
        {"psa": [{"date": "2025-13-01", "ng_ml": 3}]},
        {"psa": [{"date": "2025-02-01", "ng_ml": 3}, {"date": "2025-01-01", "ng_ml": 3}]},
        {"psa": [{"date": "2025-01-01", "ng_ml": 3}], "bone_scans": [{"date": "2025-02-01", "new_lesions": 1.5}]},
        {"psa": [{"date": "2025-01-01", "ng_ml": 3}], "treatment_start": "2024-12-01"},
    ],
)
def test_malformed_input_is_invalid(data):
    assert assess("pcwg3", data).category == "INVALID"
