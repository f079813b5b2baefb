"""RECIST 1.1 reads each treatment line against its own baseline and nadir (Eisenhauer 2009, section 3.2)."""

from datetime import date

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
