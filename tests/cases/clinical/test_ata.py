"""ATA 2015 response to therapy (Haugen, Thyroid 2016, Table 13)."""

import pytest

from cases.clinical.response import assess


def thyroid(imaging="negative", uptake="none", suppressed=None, stimulated=None, tgab="negative") -> dict:
    return {
        "imaging": imaging,
        "rai_thyroid_bed_uptake": uptake,
        "suppressed_tg_ng_ml": suppressed,
        "stimulated_tg_ng_ml": stimulated,
        "tgab": tgab,
    }


def category(**kwargs) -> str:
    return assess("ata2015", thyroid(**kwargs)).category


def test_suppressed_tg_just_under_0_2_is_excellent():
    assert category(suppressed=0.19) == "excellent"


def test_suppressed_tg_of_0_2_is_indeterminate():
    assert category(suppressed=0.2) == "indeterminate"
    assert category(suppressed=0.99) == "indeterminate"


def test_suppressed_tg_of_1_is_biochemical_incomplete():
    assert category(suppressed=1) == "biochemical_incomplete"


def test_stimulated_tg_thresholds_1_and_10():
    assert category(stimulated=0.99) == "excellent"
    assert category(stimulated=1) == "indeterminate"
    assert category(stimulated=9.99) == "indeterminate"
    assert category(stimulated=10) == "biochemical_incomplete"


def test_a_high_stimulated_tg_outweighs_a_low_suppressed_tg():
    assert category(suppressed=0.1, stimulated=12) == "biochemical_incomplete"


def test_structural_disease_is_structural_incomplete_at_any_tg():
    result = assess("ata2015", thyroid(imaging="structural_or_functional_disease", suppressed=0.1))
    assert result.category == "structural_incomplete"
    assert "any Tg" in result.explanation


# Table 13, row by row.
TABLE_13 = [
    (thyroid(suppressed=0.1), "excellent"),
    (thyroid(stimulated=0.5), "excellent"),
    (thyroid(suppressed=2), "biochemical_incomplete"),
    (thyroid(stimulated=15), "biochemical_incomplete"),
    (thyroid(suppressed=0.1, tgab="rising"), "biochemical_incomplete"),
    (thyroid(imaging="structural_or_functional_disease", suppressed=50), "structural_incomplete"),
    (thyroid(imaging="nonspecific", suppressed=0.1), "indeterminate"),
    (thyroid(uptake="faint", suppressed=0.1), "indeterminate"),
    (thyroid(suppressed=0.5), "indeterminate"),
    (thyroid(stimulated=5), "indeterminate"),
    (thyroid(suppressed=0.1, tgab="stable_or_declining"), "indeterminate"),
]


@pytest.mark.parametrize(("data", "expected"), TABLE_13)
def test_ata_table_13_every_row(data, expected):
    assert assess("ata2015", data).category == expected


def test_without_any_thyroglobulin_the_response_cannot_be_judged():
    result = assess("ata2015", thyroid())
    assert result.category == "INVALID"
    assert "thyroglobulin" in result.errors[0]


@pytest.mark.parametrize(
    "data", [{}, thyroid(imaging="clear", suppressed=0.1), thyroid(suppressed="0.1"), thyroid(suppressed=-1)]
)
def test_malformed_input_is_invalid(data):
    assert assess("ata2015", data).category == "INVALID"


def test_detectable_stimulated_tg_under_10_with_suppressed_under_0_2_is_indeterminate_review_a06():
    result = assess("ata2015", thyroid(suppressed=0.1, stimulated=5))
    assert result.category == "indeterminate"
    assert "stimulated Tg 5 ng/mL (indeterminate)" in result.explanation


@pytest.mark.parametrize(
    ("suppressed", "stimulated", "expected"),
    [
        (0.19, 0.99, "excellent"),
        (0.19, 1, "indeterminate"),
        (0.2, 0.5, "indeterminate"),
        (0.1, 9.99, "indeterminate"),
        (0.1, 10, "biochemical_incomplete"),
        (1, 0.5, "biochemical_incomplete"),
        (0.99, 0.5, "indeterminate"),
    ],
)
def test_both_tg_values_each_in_their_own_row_the_worst_wins(suppressed, stimulated, expected):
    assert category(suppressed=suppressed, stimulated=stimulated) == expected


def no_rai(**kwargs) -> dict:
    data = thyroid(**kwargs)
    data["surgery"] = "total_thyroidectomy_no_rai"
    del data["rai_thyroid_bed_uptake"]
    return data


# ATA 2015 thresholds after total thyroidectomy without radioiodine (after Momesso & Tuttle).
NO_RAI_TABLE = [
    (no_rai(suppressed=0.19), "excellent"),
    (no_rai(suppressed=0.2), "indeterminate"),
    (no_rai(suppressed=2.0), "indeterminate"),  # review A12
    (no_rai(suppressed=5), "indeterminate"),
    (no_rai(suppressed=5.01), "biochemical_incomplete"),
    (no_rai(stimulated=1.99), "excellent"),
    (no_rai(stimulated=2), "indeterminate"),
    (no_rai(stimulated=10), "indeterminate"),
    (no_rai(stimulated=10.01), "biochemical_incomplete"),
    (no_rai(suppressed=0.1, imaging="nonspecific"), "indeterminate"),
    (no_rai(suppressed=0.1, tgab="stable_or_declining"), "indeterminate"),
    (no_rai(suppressed=0.1, tgab="rising"), "biochemical_incomplete"),
    (no_rai(suppressed=0.1, imaging="structural_or_functional_disease"), "structural_incomplete"),
]


@pytest.mark.parametrize(("data", "expected"), NO_RAI_TABLE)
def test_ata_table_without_radioiodine_every_row(data, expected):
    assert assess("ata2015", data).category == expected


def lobectomy(**kwargs) -> dict:
    data = no_rai(**kwargs)
    data["surgery"] = "lobectomy"
    return data


LOBECTOMY_TABLE = [
    (lobectomy(suppressed=29.9), "excellent"),
    (lobectomy(suppressed=30), "indeterminate"),
    (lobectomy(suppressed=30.1), "biochemical_incomplete"),
    (lobectomy(suppressed=5, imaging="nonspecific"), "indeterminate"),
    (lobectomy(suppressed=5, tgab="stable_or_declining"), "indeterminate"),
    (lobectomy(suppressed=5, tgab="rising"), "biochemical_incomplete"),
    (lobectomy(suppressed=5, imaging="structural_or_functional_disease"), "structural_incomplete"),
]


@pytest.mark.parametrize(("data", "expected"), LOBECTOMY_TABLE)
def test_ata_table_after_lobectomy_every_row(data, expected):
    assert assess("ata2015", data).category == expected


def test_rising_tg_at_similar_tsh_is_biochemical_incomplete_in_every_table():
    for data in (thyroid(suppressed=0.1), no_rai(suppressed=0.1), lobectomy(suppressed=5)):
        data["tg_rising"] = True
        assert assess("ata2015", data).category == "biochemical_incomplete"


def test_lobectomy_needs_the_non_stimulated_tg():
    result = assess("ata2015", lobectomy(stimulated=5))
    assert result.category == "INVALID"
    assert "non-stimulated" in result.errors[0]
