"""Lugano 2014 CT-based response (Cheson, J Clin Oncol 2014, Table 3), and the PET reading by time point."""

import pytest

from cases.clinical.response import assess


def node(baseline, nadir, now, site="node") -> dict:
    return {"site": site, "baseline": list(baseline), "nadir": list(nadir), "now": list(now)}


def ct(lesions, nonmeasured="stable", extranodal=False, new=False, marrow="not_done", spleen=None) -> dict:
    data = {
        "lesions": lesions,
        "nonmeasured": nonmeasured,
        "extranodal_disease": extranodal,
        "new_lesions": new,
        "bone_marrow": marrow,
    }
    if spleen:
        data["spleen_cm"] = {"baseline": spleen[0], "now": spleen[1]}
    return data


def category(*args, **kwargs) -> str:
    return assess("lugano2014_ct", ct(*args, **kwargs)).category


def test_nodes_at_1_5_cm_with_nothing_else_left_is_cr():
    lesions = [node((4, 3), (1.5, 1), (1.5, 1)), node((3, 2), (1, 1), (1, 1))]
    assert category(lesions, nonmeasured="absent") == "CR"
    lesions[0] = node((4, 3), (1.6, 1), (1.6, 1))
    assert category(lesions, nonmeasured="absent") == "PR"


@pytest.mark.parametrize(("now", "expected"), [((3, 2), "PR"), ((3.01, 2), "SD")])
def test_pr_needs_spd_halved(now, expected):
    # baseline SPD 4x3 = 12 cm²; 3x2 = 6 is exactly half
    assert category([node((4, 3), now, now)]) == expected


@pytest.mark.parametrize(
    ("nadir", "now", "expected"),
    [
        ((2, 1), (2.5, 1.2), "PD"),  # LDi > 1.5, product 3 >= 1.5 x 2, +0.5 cm for a lesion <= 2 cm
        ((2, 1), (2.49, 1.21), "SD"),  # +0.49 cm only
        ((3, 2), (3.9, 2.4), "SD"),  # lesion > 2 cm needs +1.0 cm
        ((3, 2), (4, 2.25), "PD"),
        ((1, 1), (1.5, 1.5), "SD"),  # LDi must be over 1.5 cm
    ],
)
def test_single_lesion_progression_rule(nadir, now, expected):
    assert category([node((4, 3), nadir, now)]) in ((expected,) if expected == "PD" else ("SD", "PR"))


@pytest.mark.parametrize(
    ("spleen", "expected"),
    [
        ((15, 15.9), "SD"),
        ((15, 16.1), "PD"),
        ((12, 13.9), "SD"),
        ((12, 14), "PD"),
        # Cheson 2014 Table 3: no prior splenomegaly, PD at a 2 cm increase from baseline, even below 13 cm
        ((10, 11.9), "SD"),
        ((10, 12), "PD"),
    ],
)
def test_spleen_progression(spleen, expected):
    assert category([node((4, 3), (4, 3), (4, 3))], spleen=spleen) == expected


def test_pr_needs_the_spleen_enlargement_more_than_halved():
    lesions = [node((4, 3), (2, 1), (2, 1))]
    assert category(lesions, spleen=(19, 15.9)) == "PR"
    assert category(lesions, spleen=(19, 16)) == "SD"


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [({"nonmeasured": "increased"}, "PD"), ({"new": True}, "PD"), ({"marrow": "new_or_recurrent"}, "PD")],
)
def test_other_progression_rows(kwargs, expected):
    assert category([node((4, 3), (2, 1), (2, 1))], **kwargs) == expected


def test_extranodal_disease_left_is_not_cr():
    assert category([node((4, 3), (1, 1), (1, 1))], nonmeasured="absent", extranodal=True) == "PR"


def test_malformed_lesions_are_invalid():
    assert assess("lugano2014_ct", ct([{"baseline": [4], "nadir": [1, 1], "now": [1, 1]}])).category == "INVALID"
    assert assess("lugano2014_ct", ct([node((4, 3), (1, 1), (1, 1))] * 7)).category == "INVALID"


def pet(deauville, uptake="reduced", timepoint=None, x=None) -> dict:
    data = {"deauville": deauville, "uptake_vs_baseline": uptake, "new_fdg_avid_lesions": False}
    data["bone_marrow"] = "no_fdg_avid_disease"
    if timepoint:
        data["timepoint"] = timepoint
    if x is not None:
        data["deauville_x"] = x
    return data


def test_deauville_4_reduced_reads_as_response_at_interim_and_residual_disease_at_end_of_treatment():
    interim = assess("lugano2014", pet(4, timepoint="interim"))
    end = assess("lugano2014", pet(4, timepoint="end_of_treatment"))
    assert interim.category == end.category == "PMR"
    assert "suggests responding disease" in interim.explanation
    assert "residual disease" in end.explanation


def test_deauville_x_is_not_progression():
    result = assess("lugano2014", pet(3, x=True))
    assert result.category == "CMR"
    assert "Deauville X" in result.explanation
