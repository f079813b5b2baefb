"""IMWG 2016 myeloma response (Kumar, Lancet Oncol 2016, Panel 3)."""

import pytest

from cases.clinical.response import assess

BASE = {
    "baseline_serum_m_g_dl": 4.0,
    "baseline_urine_m_mg_24h": 1000,
    "nadir_serum_m_g_dl": 4.0,
    "nadir_urine_m_mg_24h": 1000,
    "serum_m_g_dl": 4.0,
    "urine_m_mg_24h": 1000,
    "serum_ife": "positive",
    "urine_ife": "positive",
    "bm_plasma_cells_pct": None,
    "flc_ratio_normal": None,
    "bm_clonal_cells_ihc": "not_done",
    "plasmacytoma": "none",
    "new_lesions": False,
    "mrd": "not_done",
    "mrd_method": None,
    "mrd_sensitivity": None,
}
COMPLETE = {
    **BASE,
    "serum_m_g_dl": 0,
    "urine_m_mg_24h": 0,
    "serum_ife": "negative",
    "urine_ife": "negative",
    "bm_plasma_cells_pct": 2,
}


def category(**changes) -> str:
    return assess("imwg2016", {**BASE, **changes}).category


def test_fifty_percent_serum_and_ninety_percent_urine_reduction_is_pr():
    assert category(serum_m_g_dl=2.0, urine_m_mg_24h=100) == "PR"


def test_49_9_percent_serum_reduction_is_only_mr():
    assert category(serum_m_g_dl=2.004, urine_m_mg_24h=100) == "MR"


def test_urine_under_200_mg_satisfies_pr_without_a_90_percent_fall():
    data = {"baseline_urine_m_mg_24h": 300, "nadir_urine_m_mg_24h": 300}
    assert category(serum_m_g_dl=2.0, urine_m_mg_24h=199, **data) == "PR"
    assert category(serum_m_g_dl=2.0, urine_m_mg_24h=200, **data) == "SD"  # urine down only 33%


def test_ninety_percent_serum_reduction_with_urine_under_100_is_vgpr():
    assert category(serum_m_g_dl=0.4, urine_m_mg_24h=99) == "VGPR"
    assert category(serum_m_g_dl=0.4, urine_m_mg_24h=100) == "PR"
    assert category(serum_m_g_dl=0.41, urine_m_mg_24h=50) == "PR"


def test_m_protein_seen_only_by_immunofixation_is_vgpr():
    assert category(serum_m_g_dl=0, urine_m_mg_24h=0) == "VGPR"


def test_twenty_five_percent_reduction_is_minimal_response():
    assert category(serum_m_g_dl=3.0, urine_m_mg_24h=500) == "MR"
    assert category(serum_m_g_dl=3.01, urine_m_mg_24h=500) == "SD"
    assert category(serum_m_g_dl=3.0, urine_m_mg_24h=501) == "SD"


def test_serum_rise_of_25_percent_and_half_a_gram_from_nadir_is_progression():
    nadir = {"nadir_serum_m_g_dl": 2.0, "nadir_urine_m_mg_24h": 0}
    result = assess("imwg2016", {**BASE, **nadir, "serum_m_g_dl": 2.5, "urine_m_mg_24h": 0})
    assert result.category == "PD"
    assert (
        result.explanation
        == "serum M 2.5 g/dL, up 0.5 g/dL from nadir 2 g/dL: PD (IMWG 2016, Kumar et al., Lancet Oncol 2016)"
    )
    assert category(**nadir, serum_m_g_dl=2.49, urine_m_mg_24h=0) != "PD"


def test_25_percent_rise_under_half_a_gram_is_not_progression():
    assert category(nadir_serum_m_g_dl=1.0, serum_m_g_dl=1.4, nadir_urine_m_mg_24h=0, urine_m_mg_24h=0) != "PD"


def test_one_gram_rise_is_progression_when_the_nadir_was_5_or_more():
    high = {"baseline_serum_m_g_dl": 8, "nadir_serum_m_g_dl": 5, "urine_m_mg_24h": 1000}
    assert category(**high, serum_m_g_dl=6.0) == "PD"
    assert category(**high, serum_m_g_dl=5.99) != "PD"


def test_urine_rise_needs_200_mg_absolute():
    assert category(nadir_urine_m_mg_24h=400, urine_m_mg_24h=600, serum_m_g_dl=1.0) == "PD"
    assert category(nadir_urine_m_mg_24h=400, urine_m_mg_24h=599, serum_m_g_dl=1.0) != "PD"


def test_new_bone_lesion_is_progression():
    assert category(new_lesions=True, serum_m_g_dl=0.1) == "PD"


def test_negative_immunofixation_and_under_5_percent_plasma_cells_is_cr():
    assert assess("imwg2016", COMPLETE).category == "CR"
    assert assess("imwg2016", {**COMPLETE, "bm_plasma_cells_pct": 5}).category == "VGPR"
    sizes = {"baseline_plasmacytoma_spd_mm2": 400, "nadir_plasmacytoma_spd_mm2": 100, "plasmacytoma_spd_mm2": 100}
    assert assess("imwg2016", {**COMPLETE, "plasmacytoma": "present", **sizes}).category == "VGPR"


def test_stringent_cr_needs_normal_flc_ratio_and_no_clonal_cells():
    scr = {**COMPLETE, "flc_ratio_normal": True, "bm_clonal_cells_ihc": "absent"}
    assert assess("imwg2016", scr).category == "sCR"
    assert assess("imwg2016", {**scr, "flc_ratio_normal": False}).category == "CR"
    assert assess("imwg2016", {**scr, "bm_clonal_cells_ihc": "not_done"}).category == "CR"


@pytest.mark.parametrize(
    ("method", "sensitivity", "expected"),
    [("NGS", 1e-5, "MRD_negative"), ("NGF", 1e-6, "MRD_negative"), ("NGS", 1e-4, "CR"), (None, 1e-6, "CR")],
)
def test_mrd_negative_needs_ngf_or_ngs_at_1e_5_or_better(method, sensitivity, expected):
    data = {**COMPLETE, "mrd": "negative", "mrd_method": method, "mrd_sensitivity": sensitivity}
    assert assess("imwg2016", data).category == expected


def test_mrd_negative_without_cr_is_not_reported_as_mrd_negative():
    data = {
        **BASE,
        "serum_m_g_dl": 0.3,
        "urine_m_mg_24h": 50,
        "mrd": "negative",
        "mrd_method": "NGS",
        "mrd_sensitivity": 1e-6,
    }
    assert assess("imwg2016", data).category == "VGPR"


# Panel 3 rows, deepest first.
PANEL_3 = [
    ({**COMPLETE, "mrd": "negative", "mrd_method": "NGF", "mrd_sensitivity": 1e-5}, "MRD_negative"),
    ({**COMPLETE, "flc_ratio_normal": True, "bm_clonal_cells_ihc": "absent"}, "sCR"),
    (COMPLETE, "CR"),
    ({**BASE, "serum_m_g_dl": 0.2, "urine_m_mg_24h": 50}, "VGPR"),
    ({**BASE, "serum_m_g_dl": 1.6, "urine_m_mg_24h": 80}, "PR"),
    ({**BASE, "serum_m_g_dl": 2.8, "urine_m_mg_24h": 450}, "MR"),
    ({**BASE, "serum_m_g_dl": 3.5, "urine_m_mg_24h": 900}, "SD"),
    ({**BASE, "serum_m_g_dl": 5.0}, "PD"),
]


@pytest.mark.parametrize(("data", "expected"), PANEL_3)
def test_imwg_panel_3_every_row(data, expected):
    assert assess("imwg2016", data).category == expected


@pytest.mark.parametrize(
    "changes",
    [
        {
            "baseline_serum_m_g_dl": 0.5,
            "baseline_urine_m_mg_24h": 100,
            "nadir_serum_m_g_dl": 0.5,
            "nadir_urine_m_mg_24h": 100,
        },
        {"serum_ife": "negative"},
        {"nadir_serum_m_g_dl": 5},
        {"serum_m_g_dl": "1.2"},
        {"mrd": "yes"},
        {"bm_plasma_cells_pct": 120},
    ],
)
def test_input_imwg_cannot_judge_is_invalid_with_reasons(changes):
    result = assess("imwg2016", {**BASE, **changes})
    assert result.category == "INVALID"
    assert result.errors


def test_missing_key_is_named():
    data = dict(BASE)
    del data["urine_ife"]
    assert assess("imwg2016", data).errors == ["urine_ife is missing"]


LIGHT_CHAIN_ONLY = {
    **BASE,
    "baseline_serum_m_g_dl": 0,
    "nadir_serum_m_g_dl": 0,
    "serum_m_g_dl": 0,
    "baseline_urine_m_mg_24h": 0,
    "nadir_urine_m_mg_24h": 0,
    "urine_m_mg_24h": 0,
    "baseline_involved_flc_mg_l": 820,
    "baseline_dflc_mg_l": 800,
    "nadir_dflc_mg_l": 800,
    "dflc_mg_l": 800,
}


@pytest.mark.parametrize(
    ("dflc", "nadir", "expected"),
    [
        (80, 800, "VGPR"),  # -90%
        (80.1, 800, "PR"),
        (400, 800, "PR"),  # -50%
        (400.1, 800, "SD"),
        (200, 100, "PR"),  # +100%, but only +100 mg/L: PD needs more than 10 mg/dL (and -75% from baseline)
        (200.1, 100, "PD"),
        (500, 450, "SD"),  # +11%: under 25%
        (562.5, 450, "PD"),  # +25% and +112.5 mg/L
    ],
)
def test_light_chain_only_disease_uses_dflc_review_m17(dflc, nadir, expected):
    result = assess("imwg2016", {**LIGHT_CHAIN_ONLY, "dflc_mg_l": dflc, "nadir_dflc_mg_l": nadir})
    assert result.category == expected


def test_light_chain_only_cr_needs_a_normal_flc_ratio():
    complete = {
        **LIGHT_CHAIN_ONLY,
        "dflc_mg_l": 5,
        "nadir_dflc_mg_l": 5,
        "serum_ife": "negative",
        "urine_ife": "negative",
    }
    complete["bm_plasma_cells_pct"] = 2
    assert assess("imwg2016", {**complete, "flc_ratio_normal": False}).category == "VGPR"
    assert assess("imwg2016", {**complete, "flc_ratio_normal": True}).category == "CR"


def test_light_chain_under_100_mg_l_is_not_measurable():
    result = assess("imwg2016", {**LIGHT_CHAIN_ONLY, "baseline_involved_flc_mg_l": 99})
    assert result.category == "INVALID"
    assert "no measurable disease" in result.errors[0]


def test_light_chain_only_needs_the_dflc_values():
    data = {**LIGHT_CHAIN_ONLY, "dflc_mg_l": None}
    assert assess("imwg2016", data).category == "INVALID"


MARROW_ONLY = {
    **LIGHT_CHAIN_ONLY,
    "baseline_involved_flc_mg_l": None,
    "baseline_bm_plasma_cells_pct": 60,
    "nadir_bm_plasma_cells_pct": 20,
    "bm_plasma_cells_pct": 30,
}


@pytest.mark.parametrize(
    ("now", "nadir", "expected"),
    [(30, 30, "PR"), (30.1, 30.1, "SD"), (29.9, 20, "PR"), (30, 20, "PD"), (24.9, 15, "PR")],
)
def test_marrow_only_disease_pr_at_half_and_pd_at_ten_points_and_25_percent(now, nadir, expected):
    data = {**MARROW_ONLY, "bm_plasma_cells_pct": now, "nadir_bm_plasma_cells_pct": nadir}
    assert assess("imwg2016", data).category == expected


def test_marrow_rise_with_measurable_m_protein_is_flagged_not_pd_review_m18():
    # IMWG 2016 Panel 3 counts a marrow rise as PD only without measurable M-protein or light chains
    data = {
        **BASE,
        "baseline_serum_m_g_dl": 3.0,
        "nadir_serum_m_g_dl": 0.3,
        "serum_m_g_dl": 0.3,
        "baseline_urine_m_mg_24h": 0,
        "nadir_urine_m_mg_24h": 0,
        "urine_m_mg_24h": 0,
        "bm_plasma_cells_pct": 40,
        "nadir_bm_plasma_cells_pct": 5,
    }
    result = assess("imwg2016", data)
    assert result.category == "VGPR"
    assert "marrow plasma cells rose 35 points" in result.explanation


@pytest.mark.parametrize(("spd", "expected"), [(200, "PR"), (201, "SD")])
def test_pr_needs_a_plasmacytoma_present_at_baseline_halved_review_m22(spd, expected):
    data = {**BASE, "serum_m_g_dl": 1.6, "urine_m_mg_24h": 80, "plasmacytoma": "present"}
    data |= {"baseline_plasmacytoma_spd_mm2": 400, "nadir_plasmacytoma_spd_mm2": spd, "plasmacytoma_spd_mm2": spd}
    result = assess("imwg2016", data)
    assert result.category == expected
    if expected == "SD":
        assert "shrank less than 50%" in result.explanation


def test_plasmacytoma_growing_half_again_from_nadir_is_progression():
    data = {**BASE, "serum_m_g_dl": 1.6, "urine_m_mg_24h": 80, "plasmacytoma": "present"}
    data |= {"baseline_plasmacytoma_spd_mm2": 400, "nadir_plasmacytoma_spd_mm2": 100}
    assert assess("imwg2016", {**data, "plasmacytoma_spd_mm2": 149}).category == "PR"
    assert assess("imwg2016", {**data, "plasmacytoma_spd_mm2": 150}).category == "PD"


def test_persisting_plasmacytoma_without_sizes_is_invalid():
    result = assess("imwg2016", {**BASE, "serum_m_g_dl": 1.6, "plasmacytoma": "present"})
    assert result.category == "INVALID"
    assert "plasmacytoma" in result.errors[0]


def test_unmeasurable_serum_m_still_seen_blocks_vgpr_with_measurable_urine_review_m19():
    data = {**BASE, "baseline_serum_m_g_dl": 0.8, "nadir_serum_m_g_dl": 0.8, "serum_m_g_dl": 0.8}
    data |= {"urine_m_mg_24h": 100, "nadir_urine_m_mg_24h": 100}
    assert assess("imwg2016", data).category == "PR"
    data |= {"serum_m_g_dl": 0.08, "nadir_serum_m_g_dl": 0.08, "urine_m_mg_24h": 99}
    assert assess("imwg2016", data).category == "VGPR"


def test_small_ife_band_on_daratumumab_is_explained():
    data = {**BASE, "serum_m_g_dl": 0.1, "urine_m_mg_24h": 0, "on_daratumumab": True, "urine_ife": "negative"}
    result = assess("imwg2016", data)
    assert result.category == "VGPR"
    assert "DIRA" in result.explanation


# Kumar 2016, Panel 3, PD: "bone marrow plasma-cell percentage irrespective of baseline status (absolute increase
# must be >= 10%)", with the 25% rise from the lowest value that every PD criterion needs.
NOTHING_MEASURABLE = {
    **MARROW_ONLY,
    "baseline_serum_m_g_dl": 0.4,
    "nadir_serum_m_g_dl": 0.4,
    "serum_m_g_dl": 0.4,
    "baseline_bm_plasma_cells_pct": 20,  # under 30%: not measurable for response
    "nadir_bm_plasma_cells_pct": 20,
}


@pytest.mark.parametrize(("now", "expected"), [(30, "PD"), (29.9, "INVALID")])
def test_marrow_rise_is_progression_whatever_the_baseline_marrow(now, expected):
    result = assess("imwg2016", {**NOTHING_MEASURABLE, "bm_plasma_cells_pct": now})
    assert result.category == expected
    if expected == "PD":
        assert "IMWG 2016, Kumar et al., Lancet Oncol 2016" in result.explanation
        assert "whatever the baseline marrow" in result.explanation


@pytest.mark.parametrize(("now", "expected"), [(55, "PD"), (54.9, "SD")])
def test_marrow_rise_of_10_points_also_needs_25_percent_from_the_nadir(now, expected):
    data = {**MARROW_ONLY, "baseline_bm_plasma_cells_pct": 60, "nadir_bm_plasma_cells_pct": 44}
    assert assess("imwg2016", {**data, "bm_plasma_cells_pct": now}).category == expected
