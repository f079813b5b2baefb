"""RECIST 1.1 (Eisenhauer, Eur J Cancer 2009): thresholds, worked examples, Tables 1 and 2."""

import pytest

from cases.clinical.response import assess, recist_series
from tests.cases.clinical.recist_helpers import LIVER_LUNG, lesion, recist


def category(data: dict) -> str:
    return assess("recist1.1", data).category


def test_thirty_percent_shrinkage_is_partial_response_with_checkable_explanation():
    result = assess("recist1.1", recist(LIVER_LUNG, [42, 28]))
    assert result.category == "PR"
    assert result.explanation == "sum 70 mm, -30.0% from baseline 100 mm, -30.0% from nadir 100 mm: PR"
    assert result.errors == []


def test_29_9_percent_shrinkage_is_stable_disease():
    result = assess("recist1.1", recist(LIVER_LUNG, [42, 28.1]))
    assert result.category == "SD"
    assert "-29.9%" in result.explanation


def test_float_inputs_are_compared_exactly_at_the_pr_threshold():
    # 0.1 + 0.2 style float noise must not tip -30.0% into SD
    assert category(recist([lesion("liver", 33.3), lesion("lung", 66.7)], [23.31, 46.69])) == "PR"


def test_explanation_never_rounds_across_a_threshold():
    result = assess("recist1.1", recist(LIVER_LUNG, [42, 28.04]))
    assert result.category == "SD"
    assert "-29.9%" in result.explanation


def test_twenty_percent_and_five_mm_over_nadir_is_progression():
    result = assess("recist1.1", recist(LIVER_LUNG, [50, 40], [60, 48]))
    assert result.category == "PD"
    assert result.explanation == "sum 108 mm, +20.0% (+18 mm) from nadir 90 mm, +8.0% from baseline 100 mm: PD"


def test_19_9_percent_over_nadir_is_not_progression():
    assert category(recist(LIVER_LUNG, [50, 40], [60, 47.91])) == "SD"


def test_twenty_percent_but_only_four_mm_is_not_progression():
    assert category(recist([lesion("liver", 20)], [24])) == "SD"


def test_twenty_five_percent_and_five_mm_is_progression():
    assert category(recist([lesion("liver", 20)], [25])) == "PD"


def test_nadir_includes_baseline():
    # baseline 100 is the smallest sum: +21% over it is PD although never below baseline
    assert [a.category for a in recist_series(recist(LIVER_LUNG, [60, 50], [70, 51]))] == ["SD", "PD"]


def test_continued_pr_is_judged_from_nadir_not_baseline_eortc_example():
    # EORTC RECIST FAQ: 165 mm at baseline, 63 at week 8, 65 at week 16 -> continued PR
    baseline = [lesion("liver", 100), lesion("lung", 65)]
    series = recist_series(recist(baseline, [40, 23], [41, 24]))
    assert [a.category for a in series] == ["PR", "PR"]


def test_growth_from_a_zero_nadir_needs_five_mm_when_the_patient_was_not_in_cr():
    # target gone but non-target disease present: overall PR, so a reappearing target is summed again
    data = recist([lesion("liver", 30)], [0], [4], nontarget=["present", "present"])
    assert [a.category for a in recist_series(data)] == ["PR", "PR"]
    data = recist([lesion("liver", 30)], [0], [5], nontarget=["present", "present"])
    result = recist_series(data)[-1]
    assert result.category == "PD"
    assert "from nadir 0 mm" in result.explanation


def test_target_reappearing_after_complete_response_is_progression_review_r18():
    # R18: liver 20 mm -> 0 (CR) -> 4 mm, no new lesions: PD (RECIST working group FAQ)
    data = recist([lesion("liver", 20)], [0], [4], nontarget=["absent", "absent"])
    series = recist_series(data)
    assert [a.category for a in series] == ["CR", "PD"]
    assert "reappeared after a complete response" in series[-1].explanation
    assert "-80.0% from baseline 20 mm" in series[-1].explanation


def test_target_still_gone_after_complete_response_stays_cr():
    data = recist([lesion("liver", 20)], [0], [0], nontarget=["absent", "absent"])
    assert [a.category for a in recist_series(data)] == ["CR", "CR"]


def test_node_back_to_10_mm_after_complete_response_is_progression_but_9_9_is_not():
    baseline = [lesion("mediastinum", 20, nodal=True)]
    assert recist_series(recist(baseline, [8], [9.9], nontarget=["absent", "absent"]))[-1].category == "CR"
    assert recist_series(recist(baseline, [8], [10], nontarget=["absent", "absent"]))[-1].category == "PD"


def test_target_reappearing_after_partial_response_goes_back_into_the_sum():
    # PR (60 -> 20 -> one target gone), then it reappears at 3 mm: sum 23 from nadir 20 is +3 mm, still PR
    baseline = [lesion("liver", 40), lesion("lung", 20)]
    data = recist(baseline, [20, 0], [20, 3], nontarget=["present", "present"])
    assert [a.category for a in recist_series(data)] == ["PR", "PR"]
    data = recist(baseline, [20, 0], [20, 5], nontarget=["present", "present"])
    assert [a.category for a in recist_series(data)] == ["PR", "PD"]


def test_new_lesion_row_gives_change_from_nadir_beside_baseline_lung_demo():
    baseline = [lesion("Right upper lobe", 38), lesion("Liver segment VII", 24), lesion("Subcarinal node", 18, True)]
    data = recist(
        baseline, [22, 14, 9], [19, 12, 8], [27, 20, 12], nontarget="present", new_lesions=[False, False, True]
    )
    last = recist_series(data)[-1]
    assert last.category == "PD"
    assert "-26.2% from baseline 80 mm" in last.explanation
    assert "+51.2% from nadir 39 mm" in last.explanation


def test_every_explanation_with_measured_targets_gives_the_nadir():
    data = recist(LIVER_LUNG, [50, 40], [45, 40], [60, 50], nontarget="present")
    for result in recist_series(data):
        assert "from nadir" in result.explanation and "from baseline" in result.explanation


@pytest.mark.parametrize(
    "baseline",
    [
        [lesion("left lung", 20), lesion("right lung", 20), lesion("lung", 20)],
        [lesion("Right upper lobe", 20), lesion("Left lower lobe", 20), lesion("lingula", 20)],
        [lesion("left kidney", 20), lesion("right kidney", 20), lesion("renal pelvis", 20)],
        [lesion("Liver segment VII", 20), lesion("liver segment IV", 20), lesion("hepatic dome", 20)],
    ],
)
def test_paired_organs_count_as_one_organ_for_two_per_organ_review_r28(baseline):
    result = assess("recist1.1", recist(baseline, [10, 10, 10]))
    assert result.category == "INVALID"
    assert any("at most 2 per organ" in e for e in result.errors)


def test_two_lesions_in_paired_organs_are_accepted():
    assert category(recist([lesion("left lung", 20), lesion("right lung", 20)], [14, 14])) == "PR"


def test_time_point_lesions_may_be_objects_aligned_with_the_baseline():
    baseline = [lesion("liver", 60), lesion("Mediastinum", 40, nodal=True)]
    point = [{"site": "liver", "nodal": False, "mm": 42}, {"site": "mediastinum", "nodal": True, "mm": 28}]
    result = assess("recist1.1", recist(baseline, point))
    assert result.category == "PR"
    mixed = assess("recist1.1", recist(baseline, [{"site": "liver", "nodal": False, "mm": None}, 28]))
    assert mixed.category == "NE"


def test_time_point_object_out_of_the_baseline_order_is_invalid():
    baseline = [lesion("liver", 60), lesion("lung", 40)]
    point = [{"site": "lung", "nodal": False, "mm": 20}, {"site": "liver", "nodal": False, "mm": 40}]
    result = assess("recist1.1", recist(baseline, point))
    assert result.category == "INVALID"
    assert "baseline's order" in result.errors[0]


def test_complete_response_needs_nodes_under_10_mm():
    baseline = [lesion("mediastinum", 20, nodal=True), lesion("liver", 30)]
    assert category(recist(baseline, [9.9, 0], nontarget="absent")) == "CR"
    assert category(recist(baseline, [10, 0], nontarget="absent")) == "PR"


def test_complete_response_needs_every_non_nodal_target_gone():
    assert category(recist(LIVER_LUNG, [0, 1], nontarget="absent")) == "PR"


def test_unmeasured_target_makes_the_time_point_not_evaluable():
    result = assess("recist1.1", recist(LIVER_LUNG, [None, 20]))
    assert result.category == "NE"
    assert result.explanation == "1 of 2 target lesion(s) not measured: NE"


def test_progression_is_declared_even_with_an_unmeasured_target():
    result = assess("recist1.1", recist(LIVER_LUNG, [None, 130]))
    assert result.category == "PD"
    assert "not measured" in result.explanation


def test_not_evaluable_time_point_does_not_set_the_nadir():
    series = recist_series(recist(LIVER_LUNG, [None, 10], [50, 40]))
    assert [a.category for a in series] == ["NE", "SD"]


def test_series_gives_a_category_per_time_point():
    data = recist(LIVER_LUNG, [50, 40], [35, 30], [0, 0], nontarget=["present", "present", "absent"])
    assert [a.category for a in recist_series(data)] == ["SD", "PR", "CR"]


def test_scalar_nontarget_applies_to_the_last_time_point_only():
    data = recist(LIVER_LUNG, [0, 0], [0, 0], nontarget="absent")
    assert [a.category for a in recist_series(data)] == ["PR", "CR"]


@pytest.mark.parametrize(
    ("baseline", "reason"),
    [
        ([lesion(f"organ{i}", 20) for i in range(6)], "at most 5"),
        ([lesion("liver", 20), lesion("liver", 30), lesion("Liver", 25)], "at most 2 per organ"),
        ([lesion("neck", 20, True), lesion("axilla", 20, True), lesion("groin", 20, True)], "at most 2 per organ"),
        ([lesion("liver", 9.9)], "at least 10 mm"),
        ([lesion("mediastinum", 14.9, nodal=True)], "at least 15 mm"),
    ],
)
def test_target_selection_that_breaks_recist_is_invalid(baseline, reason):
    result = assess("recist1.1", recist(baseline, [10] * len(baseline)))
    assert result.category == "INVALID"
    assert any(reason in e for e in result.errors)


def test_smallest_measurable_lesions_are_accepted():
    baseline = [lesion("liver", 10), lesion("mediastinum", 15, nodal=True)]
    assert category(recist(baseline, [10, 15])) == "SD"


def test_misaligned_assessment_is_invalid():
    result = assess("recist1.1", recist(LIVER_LUNG, [10]))
    assert result.category == "INVALID"
    assert "has 1 measurements but baseline has 2" in result.errors[0]


@pytest.mark.parametrize(
    "data",
    [
        {},
        [],
        "recist",
        recist(LIVER_LUNG, ["12", 10]),
        recist(LIVER_LUNG, [True, 10]),
        recist(LIVER_LUNG, [-1, 10]),
        recist([{"site": "liver", "mm": 20}], [10]),
        recist(LIVER_LUNG, [10, 10], nontarget="gone"),
        recist(LIVER_LUNG, [10, 10], new_lesions="no"),
        recist(LIVER_LUNG),
        recist(LIVER_LUNG, [10, 10], nontarget=["present", "absent"]),
        {**recist(LIVER_LUNG, [10, 10]), "assessments": "x"},
        recist([lesion("liver", float("nan"))], [10]),
    ],
)
def test_malformed_input_is_invalid_with_reasons_never_an_exception(data):
    result = assess("recist1.1", data)
    assert result.category == "INVALID"
    assert result.errors


def test_missing_keys_are_named():
    assert assess("recist1.1", {}).errors == ["baseline is missing", "nontarget is missing", "new_lesions is missing"]


def test_every_reason_keeps_its_template_and_values_for_translation():
    result = assess("recist1.1", recist([lesion("liver", 6), lesion("lung", 40)], [5, 30]))
    assert result.errors == ["baseline[0] is 6 mm: a non-nodal target must be at least 10 mm in longest diameter"]
    assert [(e.template % e.params) for e in result.errors] == result.errors
    assert result.errors[0].params["i"] == 0
    assert result.params == {"reasons": result.errors}
    assert result.explanation == "invalid input: " + result.errors[0]


# RECIST 1.1 Table 1: time point response with target (+/- non-target) disease.
TARGET_STATE = {"CR": [0, 0], "PR": [30, 20], "SD": [50, 40], "PD": [80, 60], "NE": [None, 20]}
TABLE_1 = [
    ("CR", "absent", False, "CR"),
    ("CR", "present", False, "PR"),
    ("CR", "not_evaluated", False, "PR"),
    ("PR", "present", False, "PR"),
    ("PR", "not_evaluated", False, "PR"),
    ("PR", "absent", False, "PR"),
    ("SD", "present", False, "SD"),
    ("SD", "not_evaluated", False, "SD"),
    ("NE", "present", False, "NE"),
    ("NE", "absent", False, "NE"),
    ("PD", "present", False, "PD"),
    ("PD", "absent", True, "PD"),
    ("CR", "unequivocal_progression", False, "PD"),
    ("SD", "unequivocal_progression", False, "PD"),
    ("NE", "unequivocal_progression", False, "PD"),
    ("CR", "absent", True, "PD"),
    ("PR", "present", True, "PD"),
    ("NE", "not_evaluated", True, "PD"),
]


@pytest.mark.parametrize(("target", "nontarget", "new", "expected"), TABLE_1)
def test_recist_table_1_every_row(target, nontarget, new, expected):
    data = recist(LIVER_LUNG, TARGET_STATE[target], nontarget=nontarget, new_lesions=new)
    assert category(data) == expected


# RECIST 1.1 Table 2: time point response with non-target disease only.
TABLE_2 = [
    ("absent", False, "CR"),
    ("present", False, "NonCR/NonPD"),
    ("not_evaluated", False, "NE"),
    ("unequivocal_progression", False, "PD"),
    ("absent", True, "PD"),
    ("present", True, "PD"),
]


@pytest.mark.parametrize(("nontarget", "new", "expected"), TABLE_2)
def test_recist_table_2_every_row_without_targets(nontarget, new, expected):
    assert category(recist([], nontarget=nontarget, new_lesions=new)) == expected


def test_non_target_only_disease_accepts_empty_time_points():
    data = recist([], [], [], nontarget=["present", "absent"])
    assert [a.category for a in recist_series(data)] == ["NonCR/NonPD", "CR"]


def test_a_shrinkage_after_progression_is_not_read_as_a_new_response():
    """Eisenhauer 2009, 4.4: progression ends the RECIST 1.1 assessment; the melanoma demo on immunotherapy had
    shown 'PR' after its progression (review 2026-11-30, M5T). iRECIST is the criteria that goes on."""
    data = recist(LIVER_LUNG, [60, 40], [84, 40], [50, 30])  # SD, then +24% from nadir (PD), then -20%
    series = recist_series(data)
    assert [a.category for a in series] == ["SD", "PD", "after_PD"]
    assert series[2].explanation.startswith("after progression at assessment 2")
    assert assess("recist1.1", data).category == "PD"  # the line's outcome stays progression


def test_a_scan_after_progression_is_labelled_not_classified_rather_than_not_evaluable():
    """Oncologist's review of the melanoma demo (2026-11-30): the scans after RECIST 1.1 progression were labelled
    "Not evaluable"; they are complete scans that RECIST 1.1 no longer classifies (Eisenhauer 2009, 4.4)."""
    from cases.clinical.response.categories import category_label, category_short_label

    series = recist_series(recist(LIVER_LUNG, [60, 40], [84, 40], [50, 30]))
    label = category_label("recist1.1", series[2].category)
    assert "Not evaluable" not in label and "NE" not in series[2].explanation
    assert label == "Not classified under RECIST 1.1 after progression (treated beyond progression; see iRECIST)"
    assert category_short_label("recist1.1", series[2].category) == "Not classified after progression"
