"""iwCLL 2018 (Hallek, Blood 2018, Table 4): CR, CRi, PR, SD, PD."""

import pytest

from cases.clinical.response import assess

BASELINE = {
    "node_spd_cm2": 40,
    "largest_node_cm": 4,
    "spleen_cm": 19,
    "liver_cm": 3,
    "lymphocytes_1e9_l": 80,
    "platelets_1e9_l": 90,
    "hb_g_dl": 10,
    "constitutional_symptoms": True,
}
CLEAR = {
    "node_spd_cm2": 1,
    "largest_node_cm": 1.4,
    "spleen_cm": 12,
    "liver_cm": 0,
    "lymphocytes_1e9_l": 2,
    "platelets_1e9_l": 150,
    "hb_g_dl": 12.5,
    "anc_1e9_l": 2,
    "constitutional_symptoms": False,
    "marrow": "clear",
    "new_node_over_1_5_cm": False,
}


def category(**now) -> str:
    return assess("iwcll2018", {"baseline": BASELINE, "now": {**CLEAR, **now}}).category


def test_everything_clear_is_cr():
    assert category() == "CR"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"largest_node_cm": 1.5}, "PR"),
        ({"spleen_cm": 13}, "PR"),
        ({"lymphocytes_1e9_l": 4}, "PR"),
        ({"liver_cm": 1}, "PR"),
        ({"constitutional_symptoms": True}, "PR"),
        ({"platelets_1e9_l": 99}, "PR"),
        ({"hb_g_dl": 10.9}, "PR"),
        ({"anc_1e9_l": 1.4}, "PR"),
        ({"marrow": "cll_present"}, "PR"),
    ],
)
def test_cr_needs_every_group_a_and_b_value_at_its_threshold(change, expected):
    assert category(**change) == expected


def test_cri_when_a_cytopenia_is_from_the_drug():
    assert category(platelets_1e9_l=60, cytopenia_from_drug=True) == "CRi"


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ({"node_spd_cm2": 20, "lymphocytes_1e9_l": 40, "largest_node_cm": 3, "spleen_cm": 19, "liver_cm": 3}, "PR"),
        ({"node_spd_cm2": 20.1, "lymphocytes_1e9_l": 40.1, "largest_node_cm": 3, "spleen_cm": 19, "liver_cm": 3}, "SD"),
        # spleen by its enlargement beyond 13 cm: 19 -> 16 is half of 6 cm
        ({"node_spd_cm2": 20, "spleen_cm": 16, "largest_node_cm": 3, "lymphocytes_1e9_l": 60, "liver_cm": 3}, "PR"),
        ({"node_spd_cm2": 20, "spleen_cm": 16.1, "largest_node_cm": 3, "lymphocytes_1e9_l": 60, "liver_cm": 3}, "SD"),
    ],
)
def test_pr_needs_two_group_a_parameters_halved(now, expected):
    now = {**CLEAR, "marrow": "not_done", "constitutional_symptoms": True, **now}
    assert assess("iwcll2018", {"baseline": BASELINE, "now": now}).category == expected


def test_pr_needs_a_group_b_parameter_improved():
    now = {**CLEAR, "node_spd_cm2": 10, "lymphocytes_1e9_l": 20, "largest_node_cm": 3, "marrow": "not_done"}
    now |= {"platelets_1e9_l": 90, "hb_g_dl": 10}
    assert assess("iwcll2018", {"baseline": BASELINE, "now": now}).category == "SD"
    now |= {"hb_g_dl": 11}
    assert assess("iwcll2018", {"baseline": BASELINE, "now": now}).category == "PR"


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ({"node_spd_cm2": 59.9}, "SD"),
        ({"node_spd_cm2": 60}, "PD"),
        ({"lymphocytes_1e9_l": 120}, "PD"),
        ({"new_node_over_1_5_cm": True}, "PD"),
        ({"transformation": True}, "PD"),
        ({"platelets_1e9_l": 45, "cytopenia_from_cll": True}, "PD"),
        ({"platelets_1e9_l": 45.1, "cytopenia_from_cll": True}, "SD"),
        ({"hb_g_dl": 7.9, "cytopenia_from_cll": True}, "PD"),
        ({"hb_g_dl": 8, "cytopenia_from_cll": True}, "SD"),
        ({"hb_g_dl": 7.9, "cytopenia_from_cll": False}, "SD"),
    ],
)
def test_progression_rows(now, expected):
    now = {**BASELINE, "marrow": "not_done", "new_node_over_1_5_cm": False, **now}
    assert assess("iwcll2018", {"baseline": BASELINE, "now": now}).category == expected


def test_progression_from_the_best_response():
    best = {**BASELINE, "node_spd_cm2": 10}
    now = {**BASELINE, "node_spd_cm2": 15, "marrow": "not_done", "new_node_over_1_5_cm": False}
    assert assess("iwcll2018", {"baseline": BASELINE, "best": best, "now": now}).category == "PD"


@pytest.mark.parametrize("data", [{}, {"baseline": BASELINE}, {"baseline": BASELINE, "now": {**CLEAR, "marrow": "x"}}])
def test_malformed_input_is_invalid(data):
    assert assess("iwcll2018", data).category == "INVALID"


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ({"spleen_cm": 12.9}, "CR"),
        ({"spleen_cm": 13}, "PD"),  # iwCLL 2018: spleen normal below 13 cm; new splenomegaly is PD
        ({"liver_cm": 0}, "CR"),
        ({"liver_cm": 1}, "PD"),  # new hepatomegaly
    ],
)
def test_new_splenomegaly_or_hepatomegaly_after_a_normal_organ_is_pd(now, expected):
    best = {**CLEAR}
    for key in ("anc_1e9_l", "marrow", "new_node_over_1_5_cm"):
        best.pop(key)
    data = {"baseline": BASELINE, "best": best, "now": {**CLEAR, **now}}
    assert assess("iwcll2018", data).category == expected
