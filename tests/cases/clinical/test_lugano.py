"""Lugano 2014 PET-CT response (Cheson, J Clin Oncol 2014, Table 3)."""

import pytest

from cases.clinical.response import assess


def pet(deauville, uptake="reduced", marrow="no_fdg_avid_disease", new=False, residual=True) -> dict:
    return {
        "deauville": deauville,
        "uptake_vs_baseline": uptake,
        "residual_mass": residual,
        "new_fdg_avid_lesions": new,
        "bone_marrow": marrow,
    }


def category(data: dict) -> str:
    return assess("lugano2014", data).category


def test_deauville_3_is_complete_metabolic_response_even_with_a_residual_mass():
    result = assess("lugano2014", pet(3, uptake=None, residual=True))
    assert result.category == "CMR"
    assert result.explanation.startswith("Deauville 3")


def test_deauville_4_with_reduced_uptake_is_partial_metabolic_response():
    assert category(pet(4, "reduced")) == "PMR"


# Table 3, PET-CT based response, row by row.
TABLE_3 = [
    (pet(1), "CMR"),
    (pet(2, residual=False), "CMR"),
    (pet(3, "no_significant_change"), "CMR"),
    (pet(4, "reduced"), "PMR"),
    (pet(5, "reduced"), "PMR"),
    (pet(4, "reduced", marrow="residual_uptake_reduced"), "PMR"),
    (pet(4, "no_significant_change", marrow="no_change"), "NMR"),
    (pet(5, "no_significant_change"), "NMR"),
    (pet(4, "increased"), "PMD"),
    (pet(5, "increased"), "PMD"),
    (pet(2, new=True), "PMD"),
    (pet(4, "reduced", marrow="new_or_recurrent_fdg_avid_foci"), "PMD"),
]


@pytest.mark.parametrize(("data", "expected"), TABLE_3)
def test_lugano_table_3_every_row(data, expected):
    assert category(data) == expected


def test_marrow_still_showing_reduced_uptake_keeps_a_nodal_cmr_at_pmr():
    assert category(pet(2, marrow="residual_uptake_reduced")) == "PMR"


def test_unchanged_marrow_keeps_a_nodal_cmr_at_nmr():
    assert category(pet(3, marrow="no_change")) == "NMR"


def test_uptake_change_is_needed_only_for_deauville_4_and_5():
    data = pet(2)
    del data["uptake_vs_baseline"]
    assert category(data) == "CMR"
    data = pet(4)
    del data["uptake_vs_baseline"]
    assert category(data) == "INVALID"


@pytest.mark.parametrize("score", [0, 6, 3.5, "3", True, None])
def test_deauville_outside_1_to_5_is_invalid(score):
    result = assess("lugano2014", pet(score))
    assert result.category == "INVALID"
    assert result.errors


def test_unknown_marrow_state_is_invalid_and_lists_the_choices():
    result = assess("lugano2014", pet(2, marrow="clear"))
    assert result.category == "INVALID"
    assert "no_fdg_avid_disease" in result.errors[0]
