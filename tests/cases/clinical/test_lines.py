"""Per treatment line: best response, progression date and progression-free time from dated assessments."""

from datetime import date

from cases.clinical.lines import Point, line_outcome

TODAY = date(2026, 1, 1)
START = date(2025, 1, 1)


def test_best_response_is_the_best_category_in_the_criteria_order():
    points = [Point(date(2025, 3, 1), "recist1.1", "SD"), Point(date(2025, 5, 1), "recist1.1", "PR")]
    outcome = line_outcome(START, None, points, TODAY)
    assert outcome.best.category == "PR"
    assert outcome.progression is None and outcome.censored
    assert outcome.pfs_days == (date(2025, 5, 1) - START).days  # censored at the last assessment


def test_first_progression_gives_the_date_and_progression_free_days():
    points = [Point(date(2025, 3, 1), "recist1.1", "PR"), Point(date(2025, 7, 1), "recist1.1", "PD")]
    outcome = line_outcome(START, None, points, TODAY)
    assert outcome.progression == date(2025, 7, 1)
    assert outcome.pfs_days == 181 and not outcome.censored


def test_confirmed_progression_counts_from_the_unconfirmed_date():
    points = [Point(date(2025, 3, 1), "irecist", "iUPD"), Point(date(2025, 4, 1), "irecist", "iCPD", date(2025, 3, 1))]
    assert line_outcome(START, None, points, TODAY).progression == date(2025, 3, 1)


def test_unconfirmed_iupd_is_not_progression():
    points = [Point(date(2025, 3, 1), "irecist", "iUPD"), Point(date(2025, 4, 1), "irecist", "iPR")]
    outcome = line_outcome(START, None, points, TODAY)
    assert outcome.progression is None and outcome.best.category == "iPR"


def test_assessments_after_the_next_line_started_belong_to_it():
    points = [Point(date(2025, 3, 1), "recist1.1", "PR"), Point(date(2025, 9, 1), "recist1.1", "PD")]
    first = line_outcome(START, date(2025, 6, 1), points, TODAY, next_start=date(2025, 9, 1))
    assert first.progression is None and first.best.category == "PR"
    second = line_outcome(date(2025, 9, 1), None, points, TODAY)
    assert second.progression == date(2025, 9, 1) and second.pfs_days == 0


def test_a_line_stopped_for_progression_progressed_on_its_end_date_without_a_pd_assessment():
    points = [Point(date(2025, 3, 1), "recist1.1", "PR")]
    outcome = line_outcome(START, date(2025, 8, 1), points, TODAY, stopped_for_progression=True)
    assert outcome.progression == date(2025, 8, 1) and not outcome.censored


def test_relapse_and_marker_progression_are_progression():
    for criteria, category in (
        ("eln2022", "relapse"),
        ("pcwg3", "PSA_progression"),
        ("gcig_ca125", "CA125_progression"),
    ):
        assert line_outcome(START, None, [Point(date(2025, 5, 1), criteria, category)], TODAY).progression


def test_a_line_without_a_start_date_has_no_outcome():
    assert line_outcome(None, None, [], TODAY).pfs_days is None


def test_a_line_read_under_irecist_takes_progression_from_it_not_from_recist_on_the_same_scan():
    scan = date(2025, 3, 1)
    points = [
        Point(scan, "recist1.1", "PD"),
        Point(scan, "irecist", "iUPD"),
        Point(date(2025, 5, 1), "recist1.1", "PR"),
        Point(date(2025, 5, 1), "irecist", "iPR"),
    ]
    outcome = line_outcome(START, None, points, TODAY)
    assert outcome.progression is None and outcome.censored and outcome.pfs_criteria == "irecist"
    assert outcome.best.criteria == "irecist" and outcome.best.category == "iPR"


def test_a_scan_not_classified_after_progression_is_not_the_best_response():
    """RECIST 1.1 records the best response up to progression (Eisenhauer 2009, section 4.4); a scan after it is
    not classified (after_PD), so a line whose first scan progressed has no best response, as with PD alone."""
    for criteria in ("recist1.1", "mrecist"):
        points = [Point(date(2025, 3, 1), criteria, "PD"), Point(date(2025, 5, 1), criteria, "after_PD")]
        outcome = line_outcome(START, None, points, TODAY)
        assert outcome.best is None
        assert outcome.progression == date(2025, 3, 1)


def test_irecist_best_response_of_iupd_then_not_evaluable_is_iupd():
    """Seymour 2017, Table 3, example 8: iUPD, NE, NE, NE, NE gives a best overall response of iUPD."""
    points = [Point(date(2025, 3, 1), "irecist", "iUPD")] + [
        Point(date(2025, m, 1), "irecist", "iNE") for m in (4, 5, 6, 7)
    ]
    outcome = line_outcome(START, None, points, TODAY)
    assert outcome.best.category == "iUPD"
    assert outcome.progression is None  # unconfirmed: not progression
