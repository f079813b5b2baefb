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
