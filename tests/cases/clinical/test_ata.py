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
