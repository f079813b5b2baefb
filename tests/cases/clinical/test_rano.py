"""RANO 2.0 for glioma (Wen, J Clin Oncol 2023)."""

import datetime

import pytest

from cases.clinical.response import assess, rano_series

RT_END = datetime.date(2025, 1, 1)


def scan(days, spd, new=False, steroids="stable_or_reduced", clinical="stable_or_improved") -> dict:
    when = (RT_END + datetime.timedelta(days=days)).isoformat()
    return {"date": when, "spd_mm2": spd, "new_lesions": new, "steroids": steroids, "clinical": clinical}


def rano(*scans, tumour="enhancing", baseline=400, rt_end=True, immunotherapy=False) -> dict:
    data = {"tumour": tumour, "baseline_spd_mm2": baseline, "scans": list(scans), "on_immunotherapy": immunotherapy}
    if rt_end:
        data["radiotherapy_end"] = RT_END.isoformat()
    return data


def categories(data) -> list[str]:
    return [a.category for a in rano_series(data)]


@pytest.mark.parametrize(("spd", "expected"), [(200, "PR"), (201, "SD")])
def test_pr_is_half_the_spd(spd, expected):
    assert categories(rano(scan(120, spd)))[-1] == expected


@pytest.mark.parametrize(("spd", "expected"), [(499, "SD"), (500, "PD")])
def test_pd_is_25_percent_over_nadir_after_12_weeks(spd, expected):
    assert categories(rano(scan(120, spd)))[-1] == expected


def test_nothing_left_without_steroids_is_cr_and_with_steroids_pr():
    assert categories(rano(scan(120, 0, steroids="none_or_physiological")))[-1] == "CR"
    assert categories(rano(scan(120, 0, steroids="stable_or_reduced")))[-1] == "PR"
    assert categories(rano(scan(120, 0, steroids="increased")))[-1] == "SD"


def test_minor_response_only_for_non_enhancing_tumours():
    assert categories(rano(scan(120, 300), tumour="non_enhancing"))[-1] == "MR"
    assert categories(rano(scan(120, 301), tumour="non_enhancing"))[-1] == "SD"
    assert categories(rano(scan(120, 300), tumour="enhancing"))[-1] == "SD"


@pytest.mark.parametrize(("days", "expected"), [(84, "preliminary_PD"), (85, "PD")])
def test_progression_within_12_weeks_of_radiotherapy_is_preliminary(days, expected):
    assert categories(rano(scan(days, 500)))[-1] == expected


def test_preliminary_pd_confirmed_by_a_further_25_percent_rise():
    assert categories(rano(scan(60, 500), scan(100, 624)))[-1] == "SD"
    confirmed = rano_series(rano(scan(60, 500), scan(100, 625)))
    assert confirmed[-1].category == "PD"
    assert "PD from 2025-03-02" in confirmed[-1].explanation


def test_unconfirmed_preliminary_pd_is_pseudoprogression():
    series = rano_series(rano(scan(60, 500), scan(100, 350)))
    assert [a.category for a in series] == ["preliminary_PD", "SD"]
    assert "pseudoprogression" in series[-1].explanation


def test_new_lesion_or_clinical_decline_is_pd():
    assert categories(rano(scan(120, 300, new=True)))[-1] == "PD"
    assert categories(rano(scan(120, 300, clinical="worse")))[-1] == "PD"


def test_immunotherapy_needs_confirmation_at_any_time():
    assert categories(rano(scan(300, 500), immunotherapy=True))[-1] == "preliminary_PD"


def test_cr_and_pr_say_whether_they_were_confirmed_4_weeks_later():
    series = rano_series(rano(scan(120, 150), scan(148, 150)))
    assert "confirmed on a scan" in series[0].explanation
    series = rano_series(rano(scan(120, 150), scan(147, 150)))
    assert "to be confirmed" in series[0].explanation


def test_pd_is_measured_from_the_nadir():
    assert categories(rano(scan(120, 100), scan(200, 125)))[-1] == "PD"


@pytest.mark.parametrize("data", [{}, rano(), rano(scan(10, "big")), {**rano(scan(10, 100)), "tumour": "cystic"}])
def test_malformed_input_is_invalid(data):
    assert assess("rano2", data).category == "INVALID"


@pytest.mark.parametrize(("spd", "expected"), [(0, "CR"), (100, "PD")])
def test_measurable_disease_back_after_a_nadir_of_zero_is_pd(spd, expected):
    # RANO 2.0 (Wen 2023): PD is measured from the smallest SPD; from 0 any measurable lesion is progression
    data = rano(scan(120, 0, steroids="none_or_physiological"), scan(200, spd, steroids="none_or_physiological"))
    assert categories(data)[-1] == expected
