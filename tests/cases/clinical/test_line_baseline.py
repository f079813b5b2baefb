"""RECIST 1.1 reads each treatment line against its own baseline and nadir (Eisenhauer 2009, section 3.2)."""

from datetime import date

import pytest

from cases.clinical.lines import cut_series, series_by_line
from cases.clinical.response.irecist import irecist_series
from cases.clinical.response.recist import recist_series

BASELINE = [
    {"site": "Right upper lobe", "nodal": False, "mm": 38},
    {"site": "Liver segment VII", "nodal": False, "mm": 24},
    {"site": "Subcarinal node", "nodal": True, "mm": 18},
]
DATA = {
    "baseline": BASELINE,
    "assessments": [[22, 14, 9], [19, 12, 8], [27, 20, 12]],
    "nontarget": ["present", "present", "present"],
    "new_lesions": [False, False, True],
}
FIRST, SECOND = date(2025, 11, 1), date(2026, 8, 12)
DATES = [date(2026, 2, 1), date(2026, 5, 1), date(2026, 11, 10)]


def test_a_line_without_a_scan_in_the_4_weeks_before_it_has_no_baseline_and_no_percentages():
    results = series_by_line("recist1.1", recist_series, DATA, DATES, [FIRST, SECOND])
    assert [r.category for r in results] == ["PR", "PR", "PD"]
    last = results[-1].explanation
    assert "no baseline scan for this line" in last and "new lesion" in last
    assert "%" not in last and "nadir" not in last
    # without the line cut the same series reads against gefitinib's baseline and nadir
    assert "from nadir 39 mm" in recist_series(DATA)[-1].explanation


def test_a_scan_just_before_the_line_is_its_baseline_and_nadir():
    dates = [date(2026, 2, 1), date(2026, 8, 1), date(2026, 11, 10)]
    data = dict(DATA, new_lesions=[False, False, False])
    results = series_by_line("recist1.1", recist_series, data, dates, [FIRST, SECOND])
    # The node (8 mm) is no longer a target; 19 + 12 = 31 mm at the line's start, 47 mm now: +51.6% from this
    # line's own baseline, not -26% from the first line's 80 mm
    assert results[-1].category == "PD"
    assert "80 mm" not in results[-1].explanation and "+51.6% from baseline 31 mm" in results[-1].explanation


def test_no_new_lesion_and_no_baseline_is_not_evaluable():
    data = dict(DATA, new_lesions=[False, False, False])
    results = series_by_line("recist1.1", recist_series, data, DATES, [FIRST, SECOND])
    assert results[-1].category == "NE"


def test_irecist_without_a_baseline_gives_iupd_on_new_lesions():
    data = dict(DATA, new_lesion_count=[0, 0, 1])
    results = series_by_line("irecist", irecist_series, data, DATES, [FIRST, SECOND])
    assert results[-1].category == "iUPD"


def test_one_line_reads_as_before():
    assert cut_series(DATES, [FIRST])[0].baseline == -1
    assert len(cut_series(DATES, [FIRST])) == 1
    results = series_by_line("recist1.1", recist_series, DATA, DATES, [FIRST])
    assert [r.category for r in results] == [r.category for r in recist_series(DATA)]


@pytest.mark.django_db
def test_two_series_for_one_line_that_do_not_hold_the_same_scans_are_a_conflict(patient):
    """The melanoma demo as it was: a RECIST 1.1 series missing the first scan, an iRECIST series with it."""
    from cases.models import ResponseAssessment, TreatmentLine
    from cases.responses import line_conflicts, response_save
    from tests.factories import complete_case

    case = complete_case(patient)
    TreatmentLine.objects.filter(case=case).delete()
    TreatmentLine.objects.create(case=case, regimen="Nivolumab + ipilimumab", start_date=date(2025, 9, 1), ongoing=True)
    base = [
        {"site": "Left lower lobe", "nodal": False, "mm": 31},
        {"site": "Right axillary node", "nodal": True, "mm": 24},
    ]
    irecist = {
        "baseline": base,
        "assessments": [[36, 27], [20, 14], [12, 8]],
        "nontarget": ["present"] * 3,
        "new_lesions": [True, False, False],
        "new_lesion_count": [1, 0, 0],
        "dates": ["2025-10-26", "2025-12-20", "2026-11-15"],
    }
    response_save(case=case, by=None, criteria="irecist", data=irecist, assessed_on=date(2026, 11, 15))
    recist = {
        "baseline": base,
        "assessments": [[20, 14], [12, 8]],
        "nontarget": ["present"] * 2,
        "new_lesions": [False, False],
        "dates": ["2025-11-15", "2026-11-15"],
    }
    saved = response_save(case=case, by=None, criteria="recist1.1", data=recist, assessed_on=date(2026, 11, 15))
    [conflicts] = line_conflicts(case)
    assert conflicts and "2025-10-26" in conflicts[0]["dates"] and "2025-11-15" in conflicts[0]["dates"]
    # the same scans read under both criteria agree
    saved.data = dict(irecist, new_lesions=[True, False, False])
    saved.data.pop("new_lesion_count")
    saved.save()
    assert ResponseAssessment.objects.filter(case=case).count() == 2
    assert line_conflicts(case) == [[]]
