"""mRECIST for HCC (Lencioni & Llovet, Semin Liver Dis 2010): viable (enhancing) tumour."""

import pytest

from cases.clinical.response import assess, mrecist_series
from tests.cases.clinical.recist_helpers import LIVER_LUNG, lesion, recist


def category(data: dict) -> str:
    return assess("mrecist", data).category


@pytest.mark.parametrize(("point", "expected"), [([42, 28], "PR"), ([42, 28.1], "SD")])
def test_pr_is_30_percent_less_viable_tumour(point, expected):
    assert category(recist(LIVER_LUNG, point)) == expected


def test_pd_is_20_percent_over_nadir_without_the_5_mm_rule():
    liver = [lesion("liver segment VI", 20)]
    assert [a.category for a in mrecist_series(recist(liver, [10], [11.9]))] == ["PR", "PR"]
    assert [a.category for a in mrecist_series(recist(liver, [10], [12]))] == ["PR", "PD"]  # +2 mm only: PD in mRECIST
    assert assess("recist1.1", recist(liver, [10], [12])).category == "PR"  # RECIST 1.1 needs +5 mm


def test_no_enhancement_left_is_cr():
    assert category(recist(LIVER_LUNG, [0, 0], nontarget="absent")) == "CR"
    assert category(recist(LIVER_LUNG, [0, 0], nontarget="present")) == "PR"


def test_enhancement_returning_after_cr_is_pd():
    liver = [lesion("liver", 30)]
    assert [a.category for a in mrecist_series(recist(liver, [0], [3], nontarget=["absent", "absent"]))] == ["CR", "PD"]


# RECIST 1.1 Table 1 combination, as mRECIST keeps it.
TABLE = [
    ([0, 0], "absent", False, "CR"),
    ([0, 0], "present", False, "PR"),
    ([30, 20], "present", False, "PR"),
    ([50, 40], "present", False, "SD"),
    ([80, 60], "present", False, "PD"),
    ([50, 40], "unequivocal_progression", False, "PD"),
    ([50, 40], "present", True, "PD"),
    ([None, 40], "present", False, "NE"),
]


@pytest.mark.parametrize(("point", "nontarget", "new", "expected"), TABLE)
def test_mrecist_every_row(point, nontarget, new, expected):
    assert category(recist(LIVER_LUNG, point, nontarget=nontarget, new_lesions=new)) == expected


def test_explanation_names_viable_tumour_and_nadir():
    result = assess("mrecist", recist(LIVER_LUNG, [50, 40], [60, 50]))
    assert "viable tumour sum 110 mm" in result.explanation
    assert "from nadir 90 mm" in result.explanation


def test_progression_ends_the_assessment_as_in_recist_1_1():
    """mRECIST keeps RECIST's framework (Lencioni & Llovet 2010): after PD the assessment is over (Eisenhauer 2009,
    section 4.4), so a smaller viable sum on a later scan (treated beyond progression) is not read as a response."""
    liver = [lesion("liver segment VII", 60)]
    data = recist(liver, [40], [50], [30], [36])  # PR, +25% from nadir 40 (PD), then 30 and 36 mm
    series = mrecist_series(data)
    assert [a.category for a in series] == ["PR", "PD", "after_PD", "after_PD"]
    assert series[2].explanation.startswith("after progression at assessment 2, mRECIST")
    assert assess("mrecist", data).category == "PD"  # the overall reading is the progression, not the last scan


def test_a_scan_after_progression_is_labelled_not_classified_under_mrecist():
    from cases.clinical.response.categories import category_label, category_short_label

    series = mrecist_series(recist([lesion("liver", 60)], [40], [50], [30]))
    assert category_label("mrecist", series[2].category) == (
        "Not classified under mRECIST after progression (treated beyond progression)"
    )
    assert category_short_label("mrecist", series[2].category) == "Not classified after progression"
