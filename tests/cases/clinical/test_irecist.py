"""iRECIST (Seymour, Lancet Oncol 2017, Table 2): iUPD, its confirmation (iCPD) and the reset."""

import pytest

from cases.clinical.response import assess, irecist_series, recist_series
from tests.cases.clinical.recist_helpers import LIVER_LUNG, lesion, recist


def categories(data: dict) -> list[str]:
    return [a.category for a in irecist_series(data)]


def test_first_recist_progression_is_unconfirmed_iupd():
    data = recist(LIVER_LUNG, [60, 40], [72, 48], nontarget="present")
    assert categories(data) == ["iSD", "iUPD"]
    assert "confirm 4-8 weeks later" in irecist_series(data)[-1].explanation


@pytest.mark.parametrize(("further", "expected"), [(4.9, "iUPD"), (5, "iCPD")])
def test_target_iupd_confirmed_by_a_further_5_mm(further, expected):
    data = recist(LIVER_LUNG, [50, 40], [60, 48], [60 + further, 48], nontarget="present")
    assert categories(data) == ["iSD", "iUPD", expected]


def test_iupd_that_shrinks_back_resets_the_bar_pseudoprogression():
    # melanoma demo pattern: new lesion at the first scan, then shrinkage
    baseline = [lesion("Left lower lobe", 31), lesion("Right axillary node", 24, nodal=True)]
    data = recist(baseline, [36, 27], [20, 14], [14, 9], nontarget="present", new_lesions=[True, False, False])
    series = irecist_series(data)
    assert [a.category for a in series] == ["iUPD", "iPR", "iPR"]
    assert "bar resets" in series[1].explanation
    assert recist_series(data)[0].category == "PD"  # RECIST 1.1 alone would have stopped treatment here


def test_after_a_reset_a_new_progression_is_a_new_iupd_not_icpd():
    data = recist(LIVER_LUNG, [72, 48], [50, 40], [72, 48], nontarget="present")
    assert categories(data) == ["iUPD", "iSD", "iUPD"]


def test_new_lesions_iupd_confirmed_by_more_new_lesions():
    data = recist(LIVER_LUNG, [50, 40], [50, 40], nontarget="present", new_lesions=[True, True])
    assert categories(data) == ["iUPD", "iUPD"]
    data["new_lesion_count"] = [1, 2]
    assert categories(data) == ["iUPD", "iCPD"]


@pytest.mark.parametrize(("second", "expected"), [(14.9, "iUPD"), (15, "iCPD")])
def test_new_lesions_iupd_confirmed_by_their_sum_up_5_mm(second, expected):
    data = recist(LIVER_LUNG, [50, 40], [50, 40], nontarget="present", new_lesions=[True, True])
    data["new_lesion_sum_mm"] = [10, second]
    assert categories(data)[-1] == expected


def test_nontarget_iupd_confirmed_by_any_further_increase():
    data = recist(LIVER_LUNG, [50, 40], [50, 40], nontarget=["unequivocal_progression", "unequivocal_progression"])
    assert categories(data) == ["iUPD", "iUPD"]
    data["nontarget_increase"] = [False, True]
    assert categories(data) == ["iUPD", "iCPD"]


def test_progression_in_another_category_confirms():
    # iUPD by target growth, then a new lesion appears: iCPD
    data = recist(LIVER_LUNG, [50, 40], [60, 48], [60, 48], nontarget="present", new_lesions=[False, False, True])
    assert categories(data) == ["iSD", "iUPD", "iCPD"]


def test_icpd_stays_confirmed():
    data = recist(LIVER_LUNG, [72, 48], [80, 48], [30, 20], nontarget="present")
    assert categories(data) == ["iUPD", "iCPD", "iCPD"]


# iRECIST Table 2, rows without a previous iUPD.
TABLE_2 = [
    ([0, 0], "absent", False, "iCR"),
    ([0, 0], "present", False, "iPR"),
    ([30, 20], "present", False, "iPR"),
    ([50, 40], "present", False, "iSD"),
    ([50, 40], "unequivocal_progression", False, "iUPD"),
    ([80, 60], "present", False, "iUPD"),
    ([50, 40], "present", True, "iUPD"),
    ([None, 40], "present", False, "iNE"),
]


@pytest.mark.parametrize(("point", "nontarget", "new", "expected"), TABLE_2)
def test_irecist_table_2_without_previous_iupd(point, nontarget, new, expected):
    assert assess("irecist", recist(LIVER_LUNG, point, nontarget=nontarget, new_lesions=new)).category == expected


def test_non_target_only_disease():
    assert assess("irecist", recist([], nontarget="present")).category == "iNonCR/NonUPD"


@pytest.mark.parametrize(
    "extra", [{"new_lesion_count": [1]}, {"new_lesion_sum_mm": "10"}, {"nontarget_increase": [1, 2]}]
)
def test_malformed_extra_inputs_are_invalid(extra):
    data = recist(LIVER_LUNG, [50, 40], [50, 40], nontarget="present") | extra
    assert assess("irecist", data).category == "INVALID"


@pytest.mark.parametrize(("third", "expected"), [(14.9, "iUPD"), (15, "iCPD")])
def test_new_lesion_increases_add_up_from_the_iupd_time_point(third, expected):
    # Seymour 2017 / EORTC iRECIST FAQ: sequential increases are additive (4 mm, then 1 mm more, confirms)
    data = recist(LIVER_LUNG, [50, 40], [50, 40], [50, 40], nontarget="present", new_lesions=[True, True, True])
    data["new_lesion_sum_mm"] = [10, 14, third]
    assert categories(data) == ["iUPD", "iUPD", expected]


def test_a_further_new_lesion_counts_from_the_iupd_time_point():
    data = recist(LIVER_LUNG, [50, 40], [50, 40], [50, 40], nontarget="present", new_lesions=[True, True, True])
    data["new_lesion_count"] = [1, 1, 2]
    assert categories(data) == ["iUPD", "iUPD", "iCPD"]
    data["new_lesion_count"] = [2, 2, 2]
    assert categories(data) == ["iUPD", "iUPD", "iUPD"]


def test_a_still_unconfirmed_iupd_gives_its_change_from_the_nadir_not_from_itself():
    """The explanation of an iUPD still awaiting confirmation named the scan's own sum as the nadir ('+0.0% from
    nadir 120 mm'); the nadir is the smallest sum before it (RECIST 1.1, Eisenhauer 2009, as iRECIST keeps it)."""
    data = recist(LIVER_LUNG, [50, 40], [60, 48], [60, 48], nontarget="present")  # 90, 108 (+20%: iUPD), 108
    series = irecist_series(data)
    assert [a.category for a in series] == ["iSD", "iUPD", "iUPD"]
    assert "+20.0% from nadir 90 mm" in series[2].explanation
    assert "from nadir 108 mm" not in series[2].explanation
