"""Pathologic complete response: ypT0/Tis ypN0 (AJCC 8th edition), decided by the FDA definition."""

import pytest

from cases.clinical.response import assess


def category(ypt, ypn) -> str:
    return assess("pcr", {"ypT": ypt, "ypN": ypn}).category


@pytest.mark.parametrize(
    ("ypt", "ypn", "expected"),
    [
        ("ypT0", "ypN0", "pCR"),
        ("ypTis", "ypN0", "pCR"),
        ("ypTis", "ypN0(i-)", "pCR"),
        ("ypT0", "ypN0(sn)", "pCR"),
        ("ypTis", "ypN0(i+)", "no_pCR"),
        ("ypT0", "ypN0(mol+)", "pCR"),  # FDA: H&E evaluation; RT-PCR-only findings do not count
        ("ypT0", "ypN0(sn)(i+)", "no_pCR"),  # review P11
        ("ypT0", "ypN0(i+)(sn)", "no_pCR"),
        ("ypT0", "ypN0(i-)(sn)", "pCR"),
        ("ypT0", "ypN0(mol-)(sn)", "pCR"),
        ("ypT0", "ypN0(mol+)(sn)", "pCR"),
        ("ypT0", "ypN0(f)", "pCR"),
        ("ypT0", "ypN1mi(sn)", "no_pCR"),
        ("ypT1a", "ypN0(i-)(sn)", "no_pCR"),
        ("ypTis", "ypN1mi", "no_pCR"),
        ("ypT1mi", "ypN0", "no_pCR"),
        ("ypT1a", "ypN0", "no_pCR"),
        ("ypT2", "ypN2a", "no_pCR"),
    ],
)
def test_pcr_is_ypt0_or_tis_with_ypn0(ypt, ypn, expected):
    assert category(ypt, ypn) == expected


def test_explanation_says_where_cancer_remains():
    result = assess("pcr", {"ypT": "ypT0", "ypN": "ypN1mi"})
    assert result.explanation == "ypT0 ypN1mi: residual tumour in the regional nodes: no_pCR"


@pytest.mark.parametrize(
    ("ypt", "ypn"),
    [("ypTX", "ypN0"), ("ypT0", "ypNX"), ("T0", "N0"), ("ypT5", "ypN0"), (0, "ypN0"), ("ypT0", None)],
)
def test_unassessable_or_malformed_stage_is_invalid(ypt, ypn):
    result = assess("pcr", {"ypT": ypt, "ypN": ypn})
    assert result.category == "INVALID"
    assert result.errors


def test_explanations_name_the_fda_definition():
    assert "FDA definition" in assess("pcr", {"ypT": "ypT0", "ypN": "ypN0(sn)"}).explanation
    assert "RT-PCR only" in assess("pcr", {"ypT": "ypT0", "ypN": "ypN0(mol+)"}).explanation
    assert "isolated tumour cells" in assess("pcr", {"ypT": "ypT0", "ypN": "ypN0(sn)(i+)"}).explanation


@pytest.mark.parametrize("ypn", ["ypN0(i+)(i-)", "ypN0(mol+)(mol-)", "ypN0(x)", "ypN0(sn"])
def test_contradictory_or_unknown_suffixes_are_invalid(ypn):
    assert category("ypT0", ypn) == "INVALID"
